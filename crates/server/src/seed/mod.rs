//! First-start data: the catalog, the demo organizations and their credentials, and connections
//! in every status so each screen has something real to show. All in one transaction.

pub mod auth;
pub mod catalog;
pub mod history;
mod synthetic;

use self::catalog::CatalogEntry;
use crate::crypto::{hash_secret, new_id, random_string, stable_id, verify_secret, Cipher};
use crate::db::activity::log as log_activity;
use crate::db::connectors::secret_name;
use crate::store::seal;
use madconnect_model::{ActivityAction, ConfigField, ConfigValues, SupportedType};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::BTreeSet;

/// A client id and its secret.
#[derive(Clone, PartialEq)]
pub struct Credentials {
    pub client_id: String,
    pub client_secret: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("client_id", &self.client_id).field("client_secret", &"<redacted>").finish()
    }
}

impl Credentials {
    pub fn generate() -> Self {
        Credentials { client_id: random_string(16), client_secret: random_string(32) }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SeedOptions {
    pub demo: Option<Credentials>,
    pub other: Option<Credentials>,
    pub synthetic_connectors: usize,
    pub synthetic_connections: usize,
}

/// What seeding did; `generated` credentials are printed once at start-up.
#[derive(Debug, Clone, Default)]
pub struct SeedOutcome {
    pub seeded: bool,
    pub demo_client_id: String,
    pub other_client_id: String,
    pub generated_demo: Option<Credentials>,
    pub generated_other: Option<Credentials>,
    /// The demo connections a fresh seed made (they get batch history, see `history`).
    pub seeded_connections: Vec<String>,
}

/// (name, source slug, destination slug, status, created days ago, deleted days ago)
type SeededConnection = (&'static str, &'static str, &'static str, &'static str, i64, Option<i64>);

pub const DEMO_ORG: &str = "Demo Org";
pub const OTHER_ORG: &str = "Other Org";

/// Seeds an empty database. On a seeded one it only makes sure credentials given through the
/// environment work (so a kept data folder never locks a developer out).
pub fn run(conn: &mut Connection, cipher: &Cipher, opts: &SeedOptions) -> rusqlite::Result<SeedOutcome> {
    let tx = conn.transaction()?;
    let existing: Option<String> = tx.query_row("SELECT id FROM organizations LIMIT 1", [], |r| r.get(0)).optional()?;
    let mut out = SeedOutcome::default();
    if existing.is_some() {
        for (org, creds) in [(DEMO_ORG, &opts.demo), (OTHER_ORG, &opts.other)] {
            let org_id: Option<String> = tx.query_row("SELECT id FROM organizations WHERE name = ?1", [org], |r| r.get(0)).optional()?;
            if let (Some(org_id), Some(c)) = (org_id, creds) {
                make_authoritative(&tx, &org_id, c)?;
            }
            let id: String = tx
                .query_row(
                    "SELECT cl.client_id FROM clients cl JOIN organizations o ON o.id = cl.org_id WHERE o.name = ?1
                     ORDER BY cl.created_time DESC LIMIT 1",
                    [org],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or_default();
            if org == DEMO_ORG {
                out.demo_client_id = id
            } else {
                out.other_client_id = id
            }
        }
        tx.commit()?;
        return Ok(out);
    }
    out.seeded = true;
    let now = crate::db::now();

    // Catalog.
    let entries = catalog::entries();
    for e in &entries {
        insert_connector(&tx, e)?;
    }
    insert_compatibility(&tx, &entries)?;
    if opts.synthetic_connectors > 0 {
        synthetic::connectors(&tx, opts.synthetic_connectors, &entries)?;
    }

    // Organizations, clients, sub-accounts.
    let demo = opts.demo.clone().unwrap_or_else(|| {
        let c = Credentials::generate();
        out.generated_demo = Some(c.clone());
        c
    });
    let other = opts.other.clone().unwrap_or_else(|| {
        let c = Credentials::generate();
        out.generated_other = Some(c.clone());
        c
    });
    out.demo_client_id = demo.client_id.clone();
    out.other_client_id = other.client_id.clone();
    let demo_org = insert_org(&tx, DEMO_ORG, "marketing-ops@demo-org.example", now)?;
    let other_org = insert_org(&tx, OTHER_ORG, "admin@other-org.example", now)?;
    upsert_client(&tx, &demo_org, &demo)?;
    upsert_client(&tx, &other_org, &other)?;
    let brand_a = insert_account(&tx, &demo_org, "Brand A", now - 86_400 * 120)?;
    let brand_b = insert_account(&tx, &demo_org, "Brand B", now - 86_400 * 60)?;
    let other_main = insert_account(&tx, &other_org, "Other Brand", now - 86_400 * 30)?;

    // Connections in every status. (name, source slug, destination slug, status, days ago, deleted days ago)
    let plan: [(&str, &[SeededConnection]); 3] = [
        (
            &brand_a,
            &[
                ("Salesforce leads to Meta", "salesforce-crm", "meta-custom-audiences", "active", 90, None),
                ("S3 nightly audiences to The Trade Desk", "amazon-s3", "the-trade-desk", "In-progress", 2, None),
                ("Snowflake loyalty to Google Customer Match", "snowflake", "google-ads-customer-match", "disabled", 75, None),
                ("Shopify repeat buyers to TikTok", "shopify", "tiktok-custom-audiences", "broken", 40, None),
                ("Segment purchases to LinkedIn CAPI", "segment", "linkedin-conversions-api", "offline", 20, None),
                ("HubSpot MQLs to Pinterest", "hubspot", "pinterest-audiences", "deleted", 50, Some(3)),
                ("S3 audiences to Snapchat", "amazon-s3", "snapchat-audience-match", "active", 30, None),
            ],
        ),
        (
            &brand_b,
            &[
                ("BigQuery CRM to DV360", "google-bigquery", "dv360-audiences", "active", 100, None),
                ("Magento orders to Meta CAPI", "magento", "meta-conversions-api", "In-progress", 1, None),
                ("LiveRamp RampIDs to Magnite", "liveramp-rampid", "magnite", "disabled", 45, None),
                ("Experian movers to Amazon DSP", "experian-audiences", "amazon-dsp", "deleted", 60, Some(10)),
            ],
        ),
        (
            &other_main,
            &[
                ("Zoho contacts to Criteo", "zoho-crm", "criteo", "active", 15, None),
                ("GCS files to PubMatic", "google-cloud-storage", "pubmatic", "In-progress", 3, None),
            ],
        ),
    ];
    let by_slug = |slug: &str| entries.iter().find(|e| e.slug == slug).unwrap_or_else(|| panic!("seed uses unknown slug {slug}"));
    let mut rng_volume = 1_u64;
    for (account_id, conns) in plan {
        let account_slug = account_slug(&tx, account_id)?;
        let mut configured = BTreeSet::new();
        for (name, src, dest, status, age_days, deleted_days) in conns.iter() {
            for slug in [src, dest] {
                if configured.insert(slug.to_string()) {
                    add_and_configure(&tx, cipher, account_id, by_slug(slug), &account_slug, now - age_days * 86_400 - 3_600)?;
                }
            }
            let (s, d) = (by_slug(src), by_slug(dest));
            assert!(
                catalog::categories_compatible(&s.category, &d.category) && s.supported == SupportedType::Source,
                "seeded connection {name} is not compatible"
            );
            rng_volume = rng_volume.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let created = now - age_days * 86_400;
            let deleted_time = deleted_days.map(|d| now - d * 86_400);
            let id =
                insert_seeded_connection(&tx, account_id, name, s, d, status, created, deleted_time, &account_slug, rng_volume, cipher)?;
            out.seeded_connections.push(id);
        }
    }
    // An extra configured-but-unused connector per demo brand, so "remove" has something to act on.
    let slug_a = account_slug(&tx, &brand_a)?;
    add_and_configure(&tx, cipher, &brand_a, by_slug("google-cloud-storage-export"), &slug_a, now - 86_400 * 5)?;
    tx.execute(
        "INSERT OR IGNORE INTO account_connectors (account_id, connector_id, added_time) VALUES (?1, ?2, ?3)",
        params![brand_a, stable_id("braze"), now - 86_400],
    )?;

    if opts.synthetic_connections > 0 {
        synthetic::connections(&tx, &brand_a, opts.synthetic_connections, now)?;
    }
    tx.commit()?;
    Ok(out)
}

/// Configured credentials are the organization's only ones: any other client id of it is
/// removed, and a changed secret replaces the stored hash; either way every token issued under
/// the old credentials stops working. Unchanged credentials keep their tokens.
fn make_authoritative(tx: &Transaction<'_>, org_id: &str, c: &Credentials) -> rusqlite::Result<()> {
    let stale: Vec<String> = {
        let mut stmt = tx.prepare("SELECT client_id FROM clients WHERE org_id = ?1 AND client_id <> ?2")?;
        let ids = stmt.query_map(params![org_id, c.client_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        ids
    };
    for id in &stale {
        tx.execute("DELETE FROM tokens WHERE client_id = ?1", [id])?;
        tx.execute("DELETE FROM clients WHERE client_id = ?1", [id])?;
    }
    let current: Option<(String, String)> = tx
        .query_row("SELECT org_id, secret_hash FROM clients WHERE client_id = ?1", [&c.client_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let unchanged = current.is_some_and(|(org, hash)| org == org_id && verify_secret(&c.client_secret, &hash));
    if !unchanged {
        tx.execute("DELETE FROM tokens WHERE client_id = ?1", [&c.client_id])?;
        upsert_client(tx, org_id, c)?;
    }
    Ok(())
}

/// Gives `client_id` a fresh secret and revokes every token issued under the old one. `None`
/// when there is no such client.
pub fn rotate_secret(conn: &mut Connection, client_id: &str) -> rusqlite::Result<Option<String>> {
    let tx = conn.transaction()?;
    let secret = random_string(32);
    let n = tx.execute("UPDATE clients SET secret_hash = ?1 WHERE client_id = ?2", params![hash_secret(&secret), client_id])?;
    if n == 0 {
        return Ok(None);
    }
    tx.execute("DELETE FROM tokens WHERE client_id = ?1", [client_id])?;
    tx.commit()?;
    Ok(Some(secret))
}

fn upsert_client(tx: &Transaction<'_>, org_id: &str, c: &Credentials) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO clients (client_id, org_id, secret_hash, created_time) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(client_id) DO UPDATE SET secret_hash = excluded.secret_hash, org_id = excluded.org_id",
        params![c.client_id, org_id, hash_secret(&c.client_secret), crate::db::now()],
    )?;
    Ok(())
}

fn insert_org(tx: &Transaction<'_>, name: &str, email: &str, now: i64) -> rusqlite::Result<String> {
    let id = new_id();
    tx.execute(
        "INSERT INTO organizations (id, name, user_id, user_email, created_time) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, name, new_id(), email, now - 86_400 * 365],
    )?;
    Ok(id)
}

fn insert_account(tx: &Transaction<'_>, org_id: &str, name: &str, created: i64) -> rusqlite::Result<String> {
    let id = new_id();
    let env_id = stable_id(&format!("env:{org_id}"));
    tx.execute(
        "INSERT INTO accounts (id, org_id, name, enabled, env_id, env_name, env_host, created_time, updated_time)
         VALUES (?1, ?2, ?3, 1, ?4, 'Production', 'madconnect.local', ?5, ?5)",
        params![id, org_id, name, env_id, created],
    )?;
    Ok(id)
}

fn account_slug(tx: &Transaction<'_>, account_id: &str) -> rusqlite::Result<String> {
    let name: String = tx.query_row("SELECT name FROM accounts WHERE id = ?1", [account_id], |r| r.get(0))?;
    Ok(name.to_lowercase().split_whitespace().collect::<Vec<_>>().join("-"))
}

/// The letters of a platform's generated logo (the console shows the same ones for a name).
fn logo_text(platform: &str) -> String {
    Some(madconnect_model::logo_initials(platform)).filter(|t| !t.is_empty()).unwrap_or_else(|| "?".into())
}

fn insert_connector(tx: &Transaction<'_>, e: &CatalogEntry) -> rusqlite::Result<()> {
    let secret = serde_json::to_string(&catalog::secret_fields(e.secret, &e.name)).expect("fields serialize");
    let conn = serde_json::to_string(&catalog::connection_fields(e.conn)).expect("fields serialize");
    tx.prepare_cached(
        "INSERT INTO connectors (id, platform_id, slug, name, description, data_type, data_type_category, platform_type,
            supported_type, doc_url, overview_url, logo_color, logo_text, status, transfer, secret_fields, connection_fields)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, ?14, ?15, ?16)",
    )?
    .execute(params![
        stable_id(&e.slug),
        stable_id(&format!("platform:{}", e.platform)),
        e.slug,
        e.name,
        e.description,
        e.data_type,
        e.category.as_str(),
        e.platform_type.as_str(),
        e.supported.as_str(),
        e.doc_url,
        e.overview_url,
        e.color,
        logo_text(&e.platform),
        e.transfer,
        secret,
        conn,
    ])?;
    Ok(())
}

/// Writes how each catalog connector authenticates, also into a database seeded before the
/// catalog said so (on every start, after seeding: the catalog's code is its source).
pub fn apply_connector_auth(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    apply_auth(&tx, &catalog::entries())?;
    tx.commit()
}

fn apply_auth(tx: &Transaction<'_>, entries: &[CatalogEntry]) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached("UPDATE connectors SET auth_type = ?1, oauth_scopes = ?2, release_status = ?3 WHERE slug = ?4")?;
    for e in entries {
        let a = auth::connector_auth(e);
        let scopes = serde_json::to_string(&a.oauth_scopes).expect("scopes serialize");
        stmt.execute(params![a.auth_type.as_str(), scopes, a.release_status.as_str(), e.slug])?;
    }
    Ok(())
}

fn insert_compatibility(tx: &Transaction<'_>, entries: &[CatalogEntry]) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached("INSERT OR IGNORE INTO compatibility (src_id, dest_id) VALUES (?1, ?2)")?;
    for s in entries.iter().filter(|e| e.supported == SupportedType::Source) {
        for d in entries.iter().filter(|e| e.supported == SupportedType::Destination) {
            if s.platform != d.platform && catalog::categories_compatible(&s.category, &d.category) {
                stmt.execute(params![stable_id(&s.slug), stable_id(&d.slug)])?;
            }
        }
    }
    Ok(())
}

fn sample_values(fields: &[ConfigField], account_slug: &str) -> ConfigValues {
    let values: ConfigValues = fields.iter().filter_map(|f| catalog::sample_value(f, account_slug).map(|v| (f.id.clone(), v))).collect();
    madconnect_model::validate::validate_config(fields, &values, &BTreeSet::new()).expect("catalog sample values are valid")
}

fn add_and_configure(
    tx: &Transaction<'_>,
    cipher: &Cipher,
    account_id: &str,
    e: &CatalogEntry,
    account_slug: &str,
    time: i64,
) -> rusqlite::Result<()> {
    let fields = catalog::secret_fields(e.secret, &e.name);
    let stored = seal(&fields, sample_values(&fields, account_slug), &ConfigValues::new(), cipher);
    tx.execute(
        "INSERT INTO account_connectors (account_id, connector_id, added_time, configuration_id, secret_name, config_name,
            public_values, sealed_values, configured_time)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?3)",
        params![
            account_id,
            stable_id(&e.slug),
            time,
            new_id(),
            secret_name(account_id, &stable_id(&e.slug)),
            format!("{} credentials", e.name),
            serde_json::to_string(&stored.public).unwrap_or_default(),
            stored.sealed,
        ],
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn insert_seeded_connection(
    tx: &Transaction<'_>,
    account_id: &str,
    name: &str,
    s: &CatalogEntry,
    d: &CatalogEntry,
    status: &str,
    created: i64,
    deleted_time: Option<i64>,
    account_slug: &str,
    seed: u64,
    cipher: &Cipher,
) -> rusqlite::Result<String> {
    let id = new_id();
    let sf = catalog::connection_fields(s.conn);
    let df = catalog::connection_fields(d.conn);
    let src = seal(&sf, sample_values(&sf, account_slug), &ConfigValues::new(), cipher);
    let dest = seal(&df, sample_values(&df, account_slug), &ConfigValues::new(), cipher);
    let ran = status != "In-progress";
    let monthly = if ran { 50_000 + seed % 2_000_000 } else { 0 };
    let total = monthly * (1 + (seed >> 20) % 6);
    let used = total / 3;
    tx.execute(
        "INSERT INTO connections (id, account_id, name, src_connector_id, dest_connector_id, src_public, src_sealed,
            dest_public, dest_sealed, status, created_time, updated_time, deleted_time, monthly_volume, total_volume, used_volume)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            id,
            account_id,
            name,
            stable_id(&s.slug),
            stable_id(&d.slug),
            serde_json::to_string(&src.public).unwrap_or_default(),
            src.sealed,
            serde_json::to_string(&dest.public).unwrap_or_default(),
            dest.sealed,
            if deleted_time.is_some() { "deleted" } else { status },
            created,
            deleted_time.unwrap_or(created + 3_600),
            deleted_time,
            monthly as i64,
            total as i64,
            used as i64,
        ],
    )?;
    let actor = "Demo seed";
    let log = |t: i64, action: ActivityAction, detail: &str| log_activity(tx, &id, account_id, t, actor, &action, detail);
    log(created, ActivityAction::Create, &format!("Created {name}: {} to {}", s.name, d.name))?;
    if ran {
        log(created + 1_800, ActivityAction::Activate, "Activated")?;
    }
    match status {
        "disabled" => log(created + 86_400 * 10, ActivityAction::Disable, "Disabled")?,
        "broken" => log(created + 86_400 * 12, ActivityAction::Edit, "Updated destination settings")?,
        _ => {}
    }
    if let Some(t) = deleted_time {
        log(t, ActivityAction::Delete, "Deleted (restorable for 30 days)")?;
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeding_twice_keeps_the_first_seed() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(&dir.path().join("s.db")).unwrap();
        let cipher = Cipher::open_or_create(&dir.path().join("k")).unwrap();
        let opts = SeedOptions::default();
        let first = db.blocking(|c| run(c, &cipher, &opts)).unwrap();
        assert!(first.seeded);
        assert!(first.generated_demo.is_some());
        let second = db.blocking(|c| run(c, &cipher, &opts)).unwrap();
        assert!(!second.seeded);
        assert_eq!(second.demo_client_id, first.demo_client_id);
        let n: i64 = db.blocking(|c| c.query_row("SELECT COUNT(*) FROM organizations", [], |r| r.get(0))).unwrap();
        assert_eq!(n, 2);
    }
}
