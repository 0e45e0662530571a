-- Admin moderation: silenced domains, suspended actors (local or remote), removed posts,
-- and reports (made by members here, or received from other servers as Flag activities).

-- A silenced domain's actors wait for a moderator to join a group, and their posts are held
-- (kept, shown nowhere, never relayed) while the silence lasts.
CREATE TABLE silenced_domains (
    domain TEXT PRIMARY KEY,
    reason TEXT,
    created_at BIGINT NOT NULL
);

-- Suspended actors by ActivityPub id: a local account, or a remote actor (known here or not).
CREATE TABLE suspended_actors (
    ap_id TEXT PRIMARY KEY,
    reason TEXT,
    created_at BIGINT NOT NULL
);

-- Who removed a post and why (deleted_at marks it gone, whoever removed it).
ALTER TABLE posts ADD COLUMN removed_by BIGINT REFERENCES actors (id) ON DELETE SET NULL;
ALTER TABLE posts ADD COLUMN removal_reason TEXT;

CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    flag_ap_id TEXT UNIQUE,             -- the Flag activity received (NULL for reports made here)
    reporter_id BIGINT REFERENCES actors (id) ON DELETE SET NULL,  -- a member, or a server's actor
    origin_domain TEXT,                 -- host[:port] of a received Flag; NULL for reports made here
    target_actor_ap_id TEXT,            -- the reported account
    post_id BIGINT REFERENCES posts (id) ON DELETE SET NULL,
    object_ap_ids TEXT NOT NULL,        -- JSON array of every id the report names
    comment TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    forwarded_at BIGINT,                -- sent on to the post's server as a Flag
    resolved_at BIGINT,
    resolved_by BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    resolution_note TEXT
);
CREATE INDEX reports_open ON reports (resolved_at, created_at);
