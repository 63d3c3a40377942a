//! Loading the whole catalog: the first page at once (so cards show as soon as it arrives), then
//! every other page in parallel once the first reveals `total`. Kept for the session per API base
//! and sub-account, so going to a connector and back does not reload thousands of items.

use super::catalog::CatalogIndex;
use crate::api::connectors::CatalogQuery;
use crate::api::{self, ApiError, Client, ListQuery};
use futures_channel::oneshot;
use madconnect_model::CatalogConnector;
use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

/// The server's page size limit.
const BATCH: u32 = 100;
/// How long a loaded catalog is reused without asking the server again (ms).
const FRESH_MS: f64 = 5.0 * 60_000.0;

fn query(offset: u64) -> CatalogQuery {
    CatalogQuery { list: ListQuery { q: None, size: Some(BATCH), offset: Some(offset) }, ..Default::default() }
}

/// Loads every catalog page. `on_first` gets the first page and the total as soon as they
/// arrive. Without a `total` (a server that sends none) pages are read one after another until
/// a short one.
pub async fn load_all(
    client: &Client,
    on_first: impl FnOnce(Vec<CatalogConnector>, Option<u64>),
) -> Result<Vec<CatalogConnector>, ApiError> {
    let first = api::connectors::catalog(client, &query(0)).await?;
    let first_len = first.items.len() as u64;
    let total = first.total;
    let mut items = first.items;
    on_first(items.clone(), total);
    match total {
        Some(total) => {
            let receivers: Vec<_> = (1..total.div_ceil(BATCH as u64))
                .map(|page| {
                    let (tx, rx) = oneshot::channel();
                    let client = client.clone();
                    leptos::task::spawn_local(async move {
                        let _ = tx.send(api::connectors::catalog(&client, &query(page * BATCH as u64)).await);
                    });
                    rx
                })
                .collect();
            for rx in receivers {
                match rx.await {
                    Ok(Ok(page)) => items.extend(page.items),
                    Ok(Err(e)) => return Err(e),
                    Err(_) => return Err(ApiError::invalid("Loading the catalog was interrupted. Reload to try again.")),
                }
            }
        }
        None => {
            let mut offset = first_len;
            let mut last = first_len;
            while last == BATCH as u64 {
                let page = api::connectors::catalog(client, &query(offset)).await?;
                last = page.items.len() as u64;
                offset += last;
                items.extend(page.items);
            }
        }
    }
    Ok(items)
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

thread_local! {
    static CACHE: RefCell<Option<Entry>> = const { RefCell::new(None) };
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// The cache key: API base and sub-account.
pub fn key(client: &Client) -> String {
    format!("{}|{}", client.base, client.account_id.as_deref().unwrap_or(""))
}

/// The cached catalog for `key`, while fresh.
pub fn cached(key: &str) -> Option<Cached> {
    CACHE.with(|c| c.borrow().as_ref().filter(|e| e.key == key && now() - e.at < FRESH_MS).map(|e| e.value.clone()))
}

pub fn store(key: String, index: Arc<CatalogIndex>) {
    CACHE.with(|c| *c.borrow_mut() = Some(Entry { key, at: now(), value: Cached { index, ..Default::default() } }));
}

/// Records connectors added to (or removed from) the current sub-account.
pub fn mark(ids: &[String], added: bool) {
    CACHE.with(|c| {
        if let Some(e) = c.borrow_mut().as_mut() {
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
