//! Presentational pieces shared by every screen. They take data, signals and callbacks and never
//! call `api::`.

pub mod chart;
pub mod config_form;
pub mod confirm_dialog;
pub mod empty_state;
pub mod layout;
pub mod link;
pub mod load_error;
pub mod logo;
pub mod modal;
pub mod notifications;
pub mod page_header;
pub mod pagination;
pub mod spinner;
pub mod status_badge;

pub use confirm_dialog::ConfirmDialog;
pub use empty_state::EmptyState;
pub use link::A;
pub use load_error::LoadError;
pub use logo::Logo;
pub use modal::Modal;
pub use notifications::{provide_notify, use_notify, Notifications, Notify};
pub use page_header::PageHeader;
pub use pagination::Pagination;
pub use spinner::{Loading, Spinner};
pub use status_badge::StatusBadge;
