import GRDB

extension Store {
    /// Schema migrations, run on every start; append new ones, never edit a shipped one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // One row per configured feed URL (the key stays the configured URL even after a 301).
            try db.execute(sql: """
                CREATE TABLE feed (
                    url TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    moved_to TEXT,
                    etag TEXT,
                    last_modified TEXT,
                    last_attempt_at REAL,
                    last_success_at REAL,
                    last_status INTEGER,
                    last_error TEXT,
                    failing_since REAL,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    next_poll_at REAL,
                    is_gone INTEGER NOT NULL DEFAULT 0,
                    items_seen INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE item (
                    key TEXT PRIMARY KEY,
                    feed_url TEXT NOT NULL,
                    link_key TEXT,
                    guid TEXT,
                    title TEXT,
                    link TEXT,
                    summary TEXT,
                    published_at REAL,
                    first_seen_at REAL NOT NULL,
                    fields_pruned INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX item_link_key ON item(link_key);
                CREATE INDEX item_first_seen ON item(first_seen_at);
                CREATE TABLE match (
                    item_key TEXT NOT NULL REFERENCES item(key) ON DELETE CASCADE,
                    topic TEXT NOT NULL,
                    score REAL NOT NULL,
                    terms TEXT NOT NULL,
                    feed_name TEXT NOT NULL,
                    is_alerted INTEGER NOT NULL,
                    matched_at REAL NOT NULL,
                    PRIMARY KEY (item_key, topic)
                );
                CREATE INDEX match_matched_at ON match(matched_at);
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    item_key TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    delivered_at REAL,
                    UNIQUE (item_key, topic, channel)
                );
                CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
                """)
        }
        migrator.registerMigration("v2-digests") { db in
            // One row per local day: the rendered digest, kept for re-sending and for `digest --date`.
            try db.execute(sql: """
                CREATE TABLE digest (
                    day TEXT PRIMARY KEY,
                    text TEXT NOT NULL,
                    html TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    sent_at REAL
                );
                """)
        }
        migrator.registerMigration("v3-outbox-volume") { db in
            // Volume control (see Store+Outbox.swift): a row is planned once (immediate, held for a
            // batch window or quiet hours, or over the topic's hourly cap), grouped rows go out as one
            // message per channel whose identity (`batch_key`) is fixed before the first attempt.
            // Rows queued before this migration were already due as single alerts: they count as planned.
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN is_planned INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE outbox ADD COLUMN is_grouped INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE outbox ADD COLUMN batch_key TEXT;
                UPDATE outbox SET is_planned = 1;
                CREATE INDEX outbox_unplanned ON outbox(is_planned) WHERE is_planned = 0;
                CREATE INDEX outbox_batch ON outbox(batch_key) WHERE batch_key IS NOT NULL;
                CREATE INDEX outbox_topic_created ON outbox(topic, created_at);
                """)
        }
        migrator.registerMigration("v4-feed-schedule") { db in
            // What the last feed document said about when to poll it (RSS ttl, skipHours, skipDays), so a
            // 304 (which carries no document) and a restart still honour it. Lists are comma-separated.
            try db.execute(sql: """
                ALTER TABLE feed ADD COLUMN ttl_minutes INTEGER;
                ALTER TABLE feed ADD COLUMN skip_hours TEXT;
                ALTER TABLE feed ADD COLUMN skip_days TEXT;
                """)
        }
        migrator.registerMigration("v5-unpruned-index") { db in
            // Pruning looks for items whose text it has not dropped yet; an item that matched nothing
            // has none from the start (fields_pruned = 1, Store+Entries.swift), most items. Indexed
            // only where there is text, a first pass over 1,000 feeds writes 3,594 index entries
            // instead of 30,000. Run once on an existing database, it reads the item table once.
            try db.execute(
                sql: """
                    DROP INDEX item_first_seen;
                    CREATE INDEX item_unpruned ON item(first_seen_at) WHERE fields_pruned = 0;
                    """)
        }
        return migrator
    }
}
