//! Loading the whole catalog: the first page at once (so cards show as soon as it arrives), then
//! every other page in parallel once the first reveals `total`. The session keeps the result in
//! a [`CatalogStore`] per API base and sub-account, so going to a connector and back does not
//! reload thousands of items.

use super::catalog::CatalogIndex;
use crate::api::connectors::CatalogQuery;
use crate::api::{self, ApiError, Client};
use leptos::prelude::*;
use madconnect_model::CatalogConnector;
use std::collections::HashSet;
use std::sync::Arc;

/// The server's page size limit.
const BATCH: u32 = 100;
/// How long a loaded catalog is reused without asking the server again (ms).
const FRESH_MS: f64 = 5.0 * 60_000.0;

/// Loads every catalog page. `on_first` gets the first page and the total as soon as they
/// arrive.
pub async fn load_all(client: &Client, on_first: impl FnOnce(&[CatalogConnector], Option<u64>)) -> Result<Vec<CatalogConnector>, ApiError> {
    let fetch = |list| async move { api::connectors::catalog(client, &CatalogQuery { list, ..Default::default() }).await };
    api::all_pages_showing_first(BATCH, fetch, on_first).await
}

/// A loaded catalog and what this session changed since (adds and removals), so the cards stay
/// right without reloading.
#[derive(Clone, Default)]
pub struct Cached {
    pub index: Arc<CatalogIndex>,
    pub added: HashSet<String>,
    pub removed: HashSet<String>,
}

struct Entry {
    key: String,
    at: f64,
    value: Cached,
}

/// This session's copy of the catalog, shared by the marketplace, a connector's page and My
/// connectors (which tell it what they add and remove). Provided by the shell.
#[derive(Clone, Copy)]
pub struct CatalogStore(StoredValue<Option<Entry>, LocalStorage>);

pub fn provide_catalog_store() -> CatalogStore {
    let store = CatalogStore(StoredValue::new_local(None));
    provide_context(store);
    store
}

/// The shell's store; a screen mounted on its own (a component test) gets one of its own.
pub fn use_catalog_store() -> CatalogStore {
    use_context().unwrap_or_else(provide_catalog_store)
}

/// The cache key: API base and sub-account.
pub fn key(client: &Client) -> String {
    format!("{}|{}", client.base, client.account_id.as_deref().unwrap_or(""))
}

impl CatalogStore {
    /// The cached catalog for `key`, while fresh.
    pub fn cached(&self, key: &str) -> Option<Cached> {
        self.0.with_value(|e| e.as_ref().filter(|e| e.key == key && js_sys::Date::now() - e.at < FRESH_MS).map(|e| e.value.clone()))
    }

    pub fn store(&self, key: String, index: Arc<CatalogIndex>) {
        self.0.set_value(Some(Entry { key, at: js_sys::Date::now(), value: Cached { index, ..Default::default() } }));
    }

    /// Records connectors added to (or removed from) the current sub-account.
    pub fn mark(&self, ids: &[String], added: bool) {
        self.0.update_value(|e| {
            if let Some(e) = e.as_mut() {
                for id in ids {
                    if added {
                        e.value.removed.remove(id);
                        e.value.added.insert(id.clone());
                    } else {
                        e.value.added.remove(id);
                        e.value.removed.insert(id.clone());
                    }
                }
            }
        });
    }
}
