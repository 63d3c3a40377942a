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
    // 2: lists whose cost does not grow with the data. Connections get a stable integer key (the
    // search index refers to rows by it, and an implicit rowid may change on VACUUM), one index
    // per list order, live counts and volumes kept by triggers, and trigram search indexes.
    r#"
    CREATE TABLE connections_v2 (
        num INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
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
    INSERT INTO connections_v2 (id, account_id, name, src_connector_id, dest_connector_id, src_public, src_sealed,
        dest_public, dest_sealed, status, created_time, updated_time, deleted_time, monthly_volume, total_volume, used_volume)
    SELECT id, account_id, name, src_connector_id, dest_connector_id, src_public, src_sealed,
        dest_public, dest_sealed, status, created_time, updated_time, deleted_time, monthly_volume, total_volume, used_volume
    FROM connections ORDER BY created_time, id;
    DROP TABLE connections;
    ALTER TABLE connections_v2 RENAME TO connections;

    -- One index per list: live (any status), live with one status, recently deleted. Each holds
    -- every column its query reads (deleted_time too, or SQLite reads the row to check it) and
    -- the sort key, so a page, even a deep one, is found without touching the rows.
    CREATE INDEX connections_live_page ON connections(account_id, deleted_time, created_time DESC, id) WHERE deleted_time IS NULL;
    CREATE INDEX connections_status_page ON connections(account_id, status, deleted_time, created_time DESC, id)
        WHERE deleted_time IS NULL;
    CREATE INDEX connections_deleted_page ON connections(account_id, deleted_time DESC, id) WHERE deleted_time IS NOT NULL;
    -- By connector, with what a searched list filters and sorts on: a search matching a connector
    -- used by thousands of connections orders and counts them from these alone.
    CREATE INDEX connections_src ON connections(account_id, src_connector_id, deleted_time, status, created_time, id);
    CREATE INDEX connections_dest ON connections(account_id, dest_connector_id, deleted_time, status, created_time, id);
    CREATE INDEX connections_purge ON connections(deleted_time) WHERE deleted_time IS NOT NULL;
    CREATE UNIQUE INDEX connections_live_name ON connections(account_id, name COLLATE NOCASE) WHERE deleted_time IS NULL;
    CREATE INDEX connectors_order ON connectors(name COLLATE NOCASE, id);
    CREATE INDEX account_connectors_connector ON account_connectors(connector_id);

    -- Live (not deleted) connections per sub-account and status, with their used volume: the
    -- account summary and the unsearched list totals read these few rows instead of counting.
    CREATE TABLE live_connection_counts (
        account_id TEXT NOT NULL,
        status TEXT NOT NULL,
        connections INTEGER NOT NULL DEFAULT 0,
        volume INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, status)
    ) WITHOUT ROWID;
    -- Live connections using each connector, as source and as destination, per sub-account.
    CREATE TABLE connector_usage (
        account_id TEXT NOT NULL,
        connector_id TEXT NOT NULL,
        as_source INTEGER NOT NULL DEFAULT 0,
        as_destination INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, connector_id)
    ) WITHOUT ROWID;

    -- `q` is a substring match: trigram indexes find the candidates, the exact check runs on them.
    CREATE VIRTUAL TABLE connection_search USING fts5(
        name, content='', contentless_delete=1, tokenize='trigram case_sensitive 0'
    );
    CREATE VIRTUAL TABLE connector_search USING fts5(
        name, description, platform_type, data_type, connector_id UNINDEXED, tokenize='trigram case_sensitive 0'
    );

    CREATE TRIGGER connections_counted_insert AFTER INSERT ON connections WHEN NEW.deleted_time IS NULL BEGIN
        INSERT OR IGNORE INTO live_connection_counts (account_id, status) VALUES (NEW.account_id, NEW.status);
        UPDATE live_connection_counts SET connections = connections + 1, volume = volume + NEW.used_volume
            WHERE account_id = NEW.account_id AND status = NEW.status;
        INSERT OR IGNORE INTO connector_usage (account_id, connector_id) VALUES (NEW.account_id, NEW.src_connector_id);
        UPDATE connector_usage SET as_source = as_source + 1 WHERE account_id = NEW.account_id AND connector_id = NEW.src_connector_id;
        INSERT OR IGNORE INTO connector_usage (account_id, connector_id) VALUES (NEW.account_id, NEW.dest_connector_id);
        UPDATE connector_usage SET as_destination = as_destination + 1
            WHERE account_id = NEW.account_id AND connector_id = NEW.dest_connector_id;
    END;
    CREATE TRIGGER connections_counted_delete AFTER DELETE ON connections WHEN OLD.deleted_time IS NULL BEGIN
        UPDATE live_connection_counts SET connections = connections - 1, volume = volume - OLD.used_volume
            WHERE account_id = OLD.account_id AND status = OLD.status;
        UPDATE connector_usage SET as_source = as_source - 1 WHERE account_id = OLD.account_id AND connector_id = OLD.src_connector_id;
        UPDATE connector_usage SET as_destination = as_destination - 1
            WHERE account_id = OLD.account_id AND connector_id = OLD.dest_connector_id;
    END;
    CREATE TRIGGER connections_counted_update_old
        AFTER UPDATE OF account_id, status, deleted_time, used_volume, src_connector_id, dest_connector_id ON connections
        WHEN OLD.deleted_time IS NULL BEGIN
        UPDATE live_connection_counts SET connections = connections - 1, volume = volume - OLD.used_volume
            WHERE account_id = OLD.account_id AND status = OLD.status;
        UPDATE connector_usage SET as_source = as_source - 1 WHERE account_id = OLD.account_id AND connector_id = OLD.src_connector_id;
        UPDATE connector_usage SET as_destination = as_destination - 1
            WHERE account_id = OLD.account_id AND connector_id = OLD.dest_connector_id;
    END;
    CREATE TRIGGER connections_counted_update_new
        AFTER UPDATE OF account_id, status, deleted_time, used_volume, src_connector_id, dest_connector_id ON connections
        WHEN NEW.deleted_time IS NULL BEGIN
        INSERT OR IGNORE INTO live_connection_counts (account_id, status) VALUES (NEW.account_id, NEW.status);
        UPDATE live_connection_counts SET connections = connections + 1, volume = volume + NEW.used_volume
            WHERE account_id = NEW.account_id AND status = NEW.status;
        INSERT OR IGNORE INTO connector_usage (account_id, connector_id) VALUES (NEW.account_id, NEW.src_connector_id);
        UPDATE connector_usage SET as_source = as_source + 1 WHERE account_id = NEW.account_id AND connector_id = NEW.src_connector_id;
        INSERT OR IGNORE INTO connector_usage (account_id, connector_id) VALUES (NEW.account_id, NEW.dest_connector_id);
        UPDATE connector_usage SET as_destination = as_destination + 1
            WHERE account_id = NEW.account_id AND connector_id = NEW.dest_connector_id;
    END;
    CREATE TRIGGER connections_search_insert AFTER INSERT ON connections BEGIN
        INSERT INTO connection_search (rowid, name) VALUES (NEW.num, NEW.name);
    END;
    CREATE TRIGGER connections_search_delete AFTER DELETE ON connections BEGIN
        DELETE FROM connection_search WHERE rowid = OLD.num;
    END;
    CREATE TRIGGER connections_search_update AFTER UPDATE OF name ON connections BEGIN
        DELETE FROM connection_search WHERE rowid = OLD.num;
        INSERT INTO connection_search (rowid, name) VALUES (NEW.num, NEW.name);
    END;
    -- The catalog is written at seeding only; a delete or edit rewrites its search entry.
    CREATE TRIGGER connectors_search_insert AFTER INSERT ON connectors BEGIN
        INSERT INTO connector_search (name, description, platform_type, data_type, connector_id)
            VALUES (NEW.name, NEW.description, NEW.platform_type, NEW.data_type, NEW.id);
    END;
    CREATE TRIGGER connectors_search_delete AFTER DELETE ON connectors BEGIN
        DELETE FROM connector_search WHERE connector_id = OLD.id;
    END;
    CREATE TRIGGER connectors_search_update AFTER UPDATE OF name, description, platform_type, data_type, id ON connectors BEGIN
        DELETE FROM connector_search WHERE connector_id = OLD.id;
        INSERT INTO connector_search (name, description, platform_type, data_type, connector_id)
            VALUES (NEW.name, NEW.description, NEW.platform_type, NEW.data_type, NEW.id);
    END;

    -- What a database from before this migration already holds.
    INSERT INTO live_connection_counts (account_id, status, connections, volume)
        SELECT account_id, status, COUNT(*), SUM(used_volume) FROM connections WHERE deleted_time IS NULL GROUP BY account_id, status;
    INSERT INTO connector_usage (account_id, connector_id, as_source, as_destination)
        SELECT account_id, connector_id, SUM(src), SUM(dest) FROM (
            SELECT account_id, src_connector_id AS connector_id, 1 AS src, 0 AS dest FROM connections WHERE deleted_time IS NULL
            UNION ALL
            SELECT account_id, dest_connector_id, 0, 1 FROM connections WHERE deleted_time IS NULL
        ) GROUP BY account_id, connector_id;
    INSERT INTO connection_search (rowid, name) SELECT num, name FROM connections;
    INSERT INTO connector_search (name, description, platform_type, data_type, connector_id)
        SELECT name, description, platform_type, data_type, id FROM connectors;
    "#,
    // 3: data transfers. One row per batch; connection volumes, account volumes and every report
    // are sums over the successful ones. `volume_month` says which UTC month a connection's
    // `monthly_volume` counts, so a new month starts it from zero.
    r#"
    CREATE TABLE batches (
        num INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        connection_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        trigger TEXT NOT NULL,
        stage TEXT NOT NULL,
        started_time INTEGER NOT NULL,
        finished_time INTEGER,
        records INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0,
        failure_reason TEXT,
        runtime_config TEXT NOT NULL DEFAULT '{}'
    );
    -- A connection's history (newest first) and its sums per range, from the index alone.
    CREATE INDEX batches_connection ON batches(connection_id, started_time, stage, records, bytes);
    -- A sub-account's sums per range (the admin report), from the index alone.
    CREATE INDEX batches_account ON batches(account_id, started_time, stage, records, bytes);
    -- At most one unfinished batch per connection; the engine walks these.
    CREATE UNIQUE INDEX batches_unfinished ON batches(connection_id) WHERE stage NOT IN ('success', 'failure');
    -- The connection report's pages, by name, without reading the rows they skip.
    CREATE INDEX connections_name_page ON connections(account_id, deleted_time, name COLLATE NOCASE) WHERE deleted_time IS NULL;
    ALTER TABLE connections ADD COLUMN volume_month INTEGER NOT NULL DEFAULT 0;
    UPDATE connections SET volume_month = CAST(strftime('%Y', 'now') AS INTEGER) * 12 + CAST(strftime('%m', 'now') AS INTEGER) - 1;
    "#,
    // 4: connector authorization. The catalog says how each connector authenticates; OAuth
    // attempts (state and PKCE verifier, the verifier sealed), the grants they end in (tokens
    // sealed), custom OAuth connectors, and the built-in demo authorization server's codes and
    // tokens (hashes only).
    r#"
    ALTER TABLE connectors ADD COLUMN auth_type TEXT NOT NULL DEFAULT 'none';
    ALTER TABLE connectors ADD COLUMN oauth_scopes TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE connectors ADD COLUMN release_status TEXT NOT NULL DEFAULT 'live';
    -- A connected custom connector is a connector of its sub-account only (NULL: the catalog).
    ALTER TABLE connectors ADD COLUMN owner_account TEXT;
    CREATE INDEX connectors_auth_type ON connectors(auth_type);
    CREATE TABLE oauth_attempts (
        state_hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        target_kind TEXT NOT NULL,
        target_id TEXT NOT NULL,
        sealed_verifier BLOB NOT NULL,
        return_to TEXT,
        outcome TEXT NOT NULL DEFAULT 'pending',
        reason TEXT,
        replayed INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        completed_at INTEGER
    );
    CREATE INDEX oauth_attempts_target ON oauth_attempts(target_kind, target_id);
    CREATE TABLE oauth_grants (
        account_id TEXT NOT NULL REFERENCES accounts(id),
        connector_id TEXT NOT NULL,
        sealed_tokens BLOB NOT NULL,
        scopes TEXT NOT NULL,
        granted_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, connector_id)
    ) WITHOUT ROWID;
    CREATE TABLE custom_connectors (
        id TEXT PRIMARY KEY,
        num INTEGER NOT NULL,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        url TEXT NOT NULL,
        client_id TEXT,
        sealed_client_secret BLOB,
        metadata TEXT NOT NULL DEFAULT '{}',
        match_preset INTEGER NOT NULL,
        state TEXT NOT NULL,
        provider TEXT,
        auth_url TEXT,
        disconnect_reason TEXT,
        sealed_tokens BLOB,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        created_by TEXT NOT NULL
    );
    CREATE INDEX custom_connectors_account ON custom_connectors(account_id, num);
    CREATE INDEX custom_connectors_client ON custom_connectors(client_id);
    CREATE TABLE demo_oauth_codes (
        code_hash TEXT PRIMARY KEY,
        client_id TEXT NOT NULL,
        redirect_uri TEXT NOT NULL,
        scope TEXT NOT NULL,
        code_challenge TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        used INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE demo_oauth_tokens (
        token_hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        grant_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        expires_at INTEGER NOT NULL
    );
    CREATE INDEX demo_oauth_tokens_grant ON demo_oauth_tokens(grant_id);
    CREATE TABLE demo_oauth_grants (
        grant_id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX demo_oauth_grants_client ON demo_oauth_grants(client_id);
    "#,
];
