//! One module per resource, each owning its `router()` and handlers.

pub mod accounts;
pub mod authorize;
pub mod connections;
pub mod connectors;
pub mod custom_connectors;
pub mod demo_oauth;
pub mod oauth;
pub mod reports;
pub mod scope;
pub mod transfers;
