//! Routed screens. Each owns its data (LocalResources, Actions) and composes `components`.

pub mod connections;
pub mod connectors;
pub mod marketplace;
pub mod not_found;
pub mod reports;
pub mod sign_in;
