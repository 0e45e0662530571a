-- Email digests: the language a member reads their emails in, since when a group's news goes
-- to them by email, and each digest sent or being sent, which claims its notifications so two
-- processes sharing the database never send the same one.

ALTER TABLE accounts ADD COLUMN language TEXT;      -- fr | en; NULL: French

-- Set when the channel becomes an email digest: news from before is not mailed.
ALTER TABLE involvement ADD COLUMN email_since BIGINT;

CREATE TABLE email_digests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    period TEXT NOT NULL,               -- daily | weekly
    state TEXT NOT NULL,                -- sending | sent | failed
    claimed_at BIGINT NOT NULL,
    sent_at BIGINT,
    items BIGINT NOT NULL DEFAULT 0     -- notifications in it, once sent
);
CREATE INDEX email_digests_by_actor ON email_digests (actor_id, period);

-- The digest a notification was claimed by (until sent, or released after a failure).
ALTER TABLE notifications ADD COLUMN digest_id BIGINT REFERENCES email_digests (id) ON DELETE SET NULL;
CREATE INDEX notifications_unemailed ON notifications (recipient_id) WHERE emailed_at IS NULL;
