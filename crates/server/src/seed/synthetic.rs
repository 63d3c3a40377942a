//! Synthetic catalog connectors and connections in bulk, for the benchmarks.

use super::catalog::{self, CatalogEntry, Conn, Secret};
use super::{insert_connector, sample_values};
use crate::crypto::{new_id, stable_id};
use madconnect_model::{ConfigField, ConfigValues, DataTypeCategory, PlatformType, SupportedType};
use rusqlite::{params, Transaction};

const SYNTH_WORDS: &[&str] = &[
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Acme",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Wonka",
    "Aperture",
    "Oscorp",
    "Massive",
    "Pied Piper",
    "Prestige",
];

pub(super) fn connectors(tx: &Transaction<'_>, n: usize, real: &[CatalogEntry]) -> rusqlite::Result<()> {
    let platforms = PlatformType::ALL;
    let cats = DataTypeCategory::ALL;
    let data_types = [
        "audiences",
        "Custom Audiences",
        "identity management",
        "reporting",
        "data store",
        "Campaign",
        "events",
        "Conversions",
        "analytics",
        "ID match",
        "geo events",
        "Insights",
    ];
    let mut compat = tx.prepare_cached("INSERT OR IGNORE INTO compatibility (src_id, dest_id) VALUES (?1, ?2)")?;
    for i in 0..n {
        let platform_type = platforms[i % platforms.len()].clone();
        let category = cats[(i / platforms.len()) % cats.len()].clone();
        let supported = if i % 2 == 0 { SupportedType::Source } else { SupportedType::Destination };
        let word = SYNTH_WORDS[i % SYNTH_WORDS.len()];
        let kind = match &category {
            DataTypeCategory::Reporting => "Insights",
            DataTypeCategory::Events => "Events",
            DataTypeCategory::DataStore => "Storage",
            DataTypeCategory::IdentityManagement => "Identity",
            DataTypeCategory::CampaignManagement => "Campaigns",
            _ => "Audiences",
        };
        let name = format!("{word} {kind} {:04}", i + 1);
        let slug = format!("synthetic-{:05}", i + 1);
        let (secret, conn) = match (&supported, &category) {
            (SupportedType::Source, DataTypeCategory::Reporting) => (Secret::ApiKey, Conn::ReportingSource),
            (SupportedType::Source, DataTypeCategory::Events) => (Secret::ApiKey, Conn::EventsSource),
            (SupportedType::Source, DataTypeCategory::DataStore) => (Secret::Aws, Conn::StorageSource),
            (SupportedType::Source, _) => (Secret::ApiKey, Conn::CdpSource),
            (_, DataTypeCategory::Events) => (Secret::Seat, Conn::EventsDest),
            (_, DataTypeCategory::DataStore) => (Secret::Gcp, Conn::StorageDest),
            (_, DataTypeCategory::CampaignManagement) => (Secret::ApiKey, Conn::CampaignDest),
            (_, DataTypeCategory::IdentityManagement) => (Secret::Sftp, Conn::IdentityDest),
            _ => (Secret::Seat, Conn::SegmentDest),
        };
        let entry = CatalogEntry {
            slug,
            name: name.clone(),
            platform: format!("{word} {kind}"),
            color: ["#0F766E", "#7C3AED", "#B45309", "#1D4ED8", "#BE123C", "#15803D"][i % 6].into(),
            platform_type,
            category: category.clone(),
            data_type: data_types[i % data_types.len()].into(),
            supported: supported.clone(),
            secret,
            conn,
            transfer: i % 3 == 0,
            description: format!("Synthetic {kind} connector for load testing ({}).", category.as_str()),
            doc_url: "https://docs.example.com/connectors".into(),
            overview_url: "https://www.example.com/connectors".into(),
        };
        insert_connector(tx, &entry)?;
        // A few real counterparts each, so the benchmark catalog stays connectable.
        let counterparts = real.iter().filter(|r| {
            r.supported != supported
                && if supported == SupportedType::Source {
                    catalog::categories_compatible(&category, &r.category)
                } else {
                    catalog::categories_compatible(&r.category, &category)
                }
        });
        for r in counterparts.skip(i % 3).take(3) {
            let (s, d) = if supported == SupportedType::Source { (&entry.slug, &r.slug) } else { (&r.slug, &entry.slug) };
            compat.execute(params![stable_id(s), stable_id(d)])?;
        }
    }
    Ok(())
}

pub(super) fn connections(tx: &Transaction<'_>, account_id: &str, n: usize, now: i64) -> rusqlite::Result<()> {
    // Pairs of compatible connectors already added and configured in the sub-account.
    let pairs: Vec<(String, String, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT cp.src_id, cp.dest_id, s.connection_fields AS src_fields, d.connection_fields AS dest_fields FROM compatibility cp
             JOIN account_connectors a ON a.connector_id = cp.src_id AND a.account_id = ?1 AND a.configuration_id IS NOT NULL
             JOIN account_connectors b ON b.connector_id = cp.dest_id AND b.account_id = ?1 AND b.configuration_id IS NOT NULL
             JOIN connectors s ON s.id = cp.src_id JOIN connectors d ON d.id = cp.dest_id ORDER BY cp.src_id, cp.dest_id",
        )?;
        let rows =
            stmt.query_map([account_id], |r| Ok((r.get("src_id")?, r.get("dest_id")?, r.get("src_fields")?, r.get("dest_fields")?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if pairs.is_empty() {
        return Ok(());
    }
    let configs: Vec<(String, String)> = pairs
        .iter()
        .map(|(_, _, sf, df)| {
            let sf: Vec<ConfigField> = serde_json::from_str(sf).unwrap_or_default();
            let df: Vec<ConfigField> = serde_json::from_str(df).unwrap_or_default();
            let public = |f: &[ConfigField]| {
                let v = sample_values(f, "bench");
                let v: ConfigValues = v.into_iter().filter(|(k, _)| f.iter().any(|x| &x.id == k && !crate::store::is_secret(x))).collect();
                serde_json::to_string(&v).unwrap_or_default()
            };
            (public(&sf), public(&df))
        })
        .collect();
    let statuses = ["active", "active", "active", "disabled", "In-progress", "broken", "offline"];
    let mut stmt = tx.prepare_cached(
        "INSERT INTO connections (id, account_id, name, src_connector_id, dest_connector_id, src_public, dest_public,
            status, created_time, updated_time, monthly_volume, total_volume, used_volume)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12)",
    )?;
    let mut act = tx.prepare_cached(
        "INSERT INTO activity (id, connection_id, account_id, time, seq, actor, action, detail)
         VALUES (?1, ?2, ?3, ?4, 1, 'Benchmark seed', 'create', ?5)",
    )?;
    for i in 0..n {
        let (src, dest, _, _) = &pairs[i % pairs.len()];
        let (sp, dp) = &configs[i % pairs.len()];
        let status = statuses[i % statuses.len()];
        let created = now - (i as i64 % 365) * 86_400 - i as i64;
        let vol = if status == "In-progress" { 0 } else { 10_000 + (i as i64 * 7_919) % 900_000 };
        let id = new_id();
        let name = format!("Benchmark connection {:05}", i + 1);
        stmt.execute(params![id, account_id, name, src, dest, sp, dp, status, created, vol, vol * 4, vol * 2])?;
        act.execute(params![new_id(), id, account_id, created, format!("Created {name}")])?;
    }
    Ok(())
}
