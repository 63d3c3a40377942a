//! The SQLite store: one WAL-mode writer behind a mutex, a small pool of read-only connections
//! beside it (WAL lets them read while a write is under way), and one module of SQL per resource.

pub mod accounts;
pub mod activity;
pub mod batches;
pub mod connections;
pub mod connectors;
pub mod custom_connectors;
pub mod migrations;
pub mod oauth;
pub mod reports;
pub mod search;
pub mod tokens;

use crate::error::Result;
use rusqlite::{Connection, OpenFlags, Row};
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    readers: Arc<ReadPool>,
}

/// Read-only connections handed out one per blocking task. Hand-written because the pool crates
/// are built on rusqlite 0.40 (r2d2_sqlite 0.35, deadpool-sqlite 0.14) and this server on 0.41,
/// and a fixed set needs no more than this: the semaphore makes a caller wait (asynchronously)
/// only when every reader is busy.
struct ReadPool {
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
}

/// How many reads run at once; each is a blocking thread holding one connection.
fn reader_count() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(2, 8) * 2
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

impl Db {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> rusqlite::Result<Db> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        configure(&conn)?;
        migrate(&mut conn)?;
        let n = reader_count();
        let mut idle = Vec::with_capacity(n);
        for _ in 0..n {
            let r = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
            configure(&r)?;
            idle.push(r);
        }
        let readers = ReadPool { idle: Mutex::new(idle), permits: Arc::new(Semaphore::new(n)) };
        Ok(Db { conn: Arc::new(Mutex::new(conn)), readers: Arc::new(readers) })
    }

    /// Runs `f` with a read-only connection of the pool on a blocking thread. It sees every
    /// write committed before it started and never waits for the writer.
    pub async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let pool = self.readers.clone();
        let permit = pool.permits.clone().acquire_owned().await.map_err(crate::error::AppError::internal)?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let conn = pool.idle.lock().unwrap_or_else(|p| p.into_inner()).pop().expect("a permit means an idle reader");
            // Handed back even if `f` panics, so the pool never shrinks.
            struct Back<'a>(&'a ReadPool, Option<Connection>);
            impl Drop for Back<'_> {
                fn drop(&mut self) {
                    if let Some(c) = self.1.take() {
                        self.0.idle.lock().unwrap_or_else(|p| p.into_inner()).push(c);
                    }
                }
            }
            let back = Back(&pool, Some(conn));
            let conn = back.1.as_ref().expect("held until dropped");
            // One snapshot for the whole request, so a list's `total` and its items agree (BEGIN
            // and ROLLBACK as cached statements, not parsed again on every request).
            conn.prepare_cached("BEGIN DEFERRED")?.execute([])?;
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(conn)));
            conn.prepare_cached("ROLLBACK")?.execute([])?;
            out.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
        .await?
    }

    /// Runs `f` with the writer connection on a blocking thread.
    pub async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await?
    }

    /// Runs `f` inside one transaction: everything it wrote is kept only if it returns `Ok`,
    /// so a rejected request changes nothing.
    pub async fn tx<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> Result<T> + Send + 'static,
    {
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })
        .await
    }

    /// Synchronous access for start-up work (seeding).
    pub fn blocking<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

/// A WHERE clause assembled from optional filters, with numbered parameters.
#[derive(Default, Clone)]
pub struct Filter {
    pub clauses: Vec<String>,
    pub args: Vec<rusqlite::types::Value>,
}

impl Filter {
    /// Binds a value and returns its placeholder.
    pub fn arg(&mut self, v: impl Into<rusqlite::types::Value>) -> String {
        self.args.push(v.into());
        format!("?{}", self.args.len())
    }

    /// Binds a value to compare a column with and returns it as `+?N`. The unary plus changes
    /// nothing in the comparison or the index SQLite picks, but without it a statement with
    /// ORDER BY is prepared again every time a new value is bound (SQLite checks whether the
    /// bound value makes an ORDER BY term constant), which cost more than the page itself.
    pub fn value(&mut self, v: impl Into<rusqlite::types::Value>) -> String {
        format!("+{}", self.arg(v))
    }

    pub fn push(&mut self, clause: String) {
        self.clauses.push(clause);
    }

    pub fn where_sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    pub fn params(&self) -> rusqlite::ParamsFromIter<std::slice::Iter<'_, rusqlite::types::Value>> {
        rusqlite::params_from_iter(self.args.iter())
    }

    /// `<with> SELECT COUNT(*) FROM <from>` with this WHERE clause.
    pub fn count(&self, c: &Connection, with: &str, from: &str) -> Result<u64> {
        let sql = format!("{with}SELECT COUNT(*) FROM {from}{}", self.where_sql());
        let n: i64 = c.prepare_cached(&sql)?.query_row(self.params(), |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Every row of `sql` (a query using this filter's parameters), mapped by `map`.
    pub fn rows<T>(&self, c: &Connection, sql: &str, map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>) -> Result<Vec<T>> {
        let mut stmt = c.prepare_cached(sql)?;
        let rows = stmt.query_map(self.params(), map)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// Applies every migration above the file's `user_version`, each in its own transaction.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: usize = conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize;
    for (i, sql) in migrations::MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Whether a SQLite error is a UNIQUE constraint violation.
pub fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_record_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        Db::open(&path).unwrap();
        let db = Db::open(&path).unwrap();
        let v: i64 = db.blocking(|c| c.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap());
        assert_eq!(v as usize, migrations::MIGRATIONS.len());
        let mode: String = db.blocking(|c| c.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap());
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_database_from_before_the_counts_and_search_gets_both_filled_in() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut c = Connection::open(&path).unwrap();
            c.execute_batch(migrations::MIGRATIONS[0]).unwrap();
            c.pragma_update(None, "user_version", 1).unwrap();
            let cipher = crate::crypto::Cipher::open_or_create(&dir.path().join("k")).unwrap();
            let opts = crate::seed::SeedOptions { synthetic_connections: 40, ..Default::default() };
            crate::seed::run(&mut c, &cipher, &opts).unwrap();
        }
        let db = Db::open(&path).unwrap();
        db.blocking(|c| {
            let one = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
            let live = one("SELECT COUNT(*) FROM connections WHERE deleted_time IS NULL");
            assert!(live > 40);
            assert_eq!(one("SELECT SUM(connections) FROM live_connection_counts"), live);
            assert_eq!(
                one("SELECT SUM(volume) FROM live_connection_counts"),
                one("SELECT SUM(used_volume) FROM connections WHERE deleted_time IS NULL")
            );
            assert_eq!(one("SELECT SUM(as_source) FROM connector_usage"), live);
            assert_eq!(one("SELECT SUM(as_destination) FROM connector_usage"), live);
            assert_eq!(one("SELECT COUNT(*) FROM connection_search WHERE connection_search MATCH '\"benchmark\"'"), 40);
            assert_eq!(one("SELECT COUNT(*) FROM connector_search"), one("SELECT COUNT(*) FROM connectors"));
        });
    }
}
