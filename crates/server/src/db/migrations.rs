//! Schema migrations, applied in order and recorded in SQLite's `user_version`.

/// Each entry moves the schema from version `i` to `i + 1`. Append only; never edit a shipped one.
pub const MIGRATIONS: &[&str] = &[
    // 1: organizations, clients, tokens, sub-accounts, the catalog, added connectors, connections.
    r#"
    CREATE TABLE organizations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        user_id TEXT NOT NULL,
        user_email TEXT NOT NULL,
        created_time INTEGER NOT NULL
    );
    CREATE TABLE clients (
        client_id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL REFERENCES organizations(id),
        secret_hash TEXT NOT NULL,
        created_time INTEGER NOT NULL
    );
    CREATE TABLE tokens (
        token_hash TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(client_id),
        expires_at INTEGER NOT NULL
    );
    CREATE INDEX tokens_expiry ON tokens(expires_at);
    CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL REFERENCES organizations(id),
        name TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        env_id TEXT NOT NULL,
        env_name TEXT NOT NULL,
        env_host TEXT NOT NULL,
        created_time INTEGER NOT NULL,
        updated_time INTEGER NOT NULL
    );
    CREATE INDEX accounts_org ON accounts(org_id, name);
    CREATE TABLE connectors (
        id TEXT PRIMARY KEY,
        platform_id TEXT NOT NULL,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        data_type TEXT NOT NULL,
        data_type_category TEXT NOT NULL,
        platform_type TEXT NOT NULL,
        supported_type TEXT NOT NULL,
        doc_url TEXT NOT NULL,
        overview_url TEXT NOT NULL,
        logo_color TEXT NOT NULL,
        logo_text TEXT NOT NULL,
        status INTEGER NOT NULL DEFAULT 1,
        transfer INTEGER NOT NULL DEFAULT 0,
        secret_fields TEXT NOT NULL,
        connection_fields TEXT NOT NULL
    );
    CREATE INDEX connectors_name ON connectors(name COLLATE NOCASE);
    CREATE TABLE compatibility (
        src_id TEXT NOT NULL REFERENCES connectors(id),
        dest_id TEXT NOT NULL REFERENCES connectors(id),
        PRIMARY KEY (src_id, dest_id)
    ) WITHOUT ROWID;
    CREATE INDEX compatibility_dest ON compatibility(dest_id, src_id);
    CREATE TABLE account_connectors (
        account_id TEXT NOT NULL REFERENCES accounts(id),
        connector_id TEXT NOT NULL REFERENCES connectors(id),
        added_time INTEGER NOT NULL,
        configuration_id TEXT,
        secret_name TEXT,
        config_name TEXT,
        public_values TEXT,
        sealed_values BLOB,
        configured_time INTEGER,
        PRIMARY KEY (account_id, connector_id)
    ) WITHOUT ROWID;
    CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        name TEXT NOT NULL,
        src_connector_id TEXT NOT NULL REFERENCES connectors(id),
        dest_connector_id TEXT NOT NULL REFERENCES connectors(id),
        src_public TEXT NOT NULL DEFAULT '{}',
        src_sealed BLOB,
        dest_public TEXT NOT NULL DEFAULT '{}',
        dest_sealed BLOB,
        status TEXT NOT NULL,
        created_time INTEGER NOT NULL,
        updated_time INTEGER NOT NULL,
        deleted_time INTEGER,
        monthly_volume INTEGER NOT NULL DEFAULT 0,
        total_volume INTEGER NOT NULL DEFAULT 0,
        used_volume INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX connections_account ON connections(account_id, deleted_time, created_time);
    CREATE INDEX connections_src ON connections(account_id, src_connector_id);
    CREATE INDEX connections_dest ON connections(account_id, dest_connector_id);
    CREATE INDEX connections_deleted ON connections(deleted_time);
    CREATE UNIQUE INDEX connections_live_name ON connections(account_id, name COLLATE NOCASE)
        WHERE deleted_time IS NULL;
    CREATE TABLE activity (
        id TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        time INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX activity_connection ON activity(connection_id, time, seq);
    "#,
];
