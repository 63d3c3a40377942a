//! Embedding the console in a partner portal: the postMessage protocol with the host page,
//! scoped sessions (locked sub-account, chosen sections, no destructive actions), host theming.
//!
//! Feature screens tell the host what happened with one call, a no-op when not embedded:
//!
//! ```ignore
//! use crate::embed::{self, EmbedEvent};
//! embed::emit(EmbedEvent::ConnectionCreated { id: c.id.clone(), name: c.name.clone() });
//! ```
//!
//! The protocol is documented in `docs/embedding.md`.

pub mod protocol;
pub mod runtime;
pub mod theme;
mod view;

pub use protocol::EmbedEvent;
pub use runtime::{emit, is_embedded, EmbedStatus};
pub use view::{EmbedRuntime, LockedAccount, SectionUnavailable};
