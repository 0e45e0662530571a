-- The node: actors, accounts, follows (membership), posts, published activities,
-- the persistent delivery queue and inbound deduplication.
-- Times are Unix milliseconds (BIGINT) on both databases: portable and comparable.

CREATE TABLE actors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,                 -- person | group | application | service | organization
    local BOOLEAN NOT NULL,
    username TEXT NOT NULL,             -- preferredUsername
    domain TEXT NOT NULL,               -- host[:port] of ap_id
    display_name TEXT,
    summary TEXT,
    inbox TEXT NOT NULL,
    shared_inbox TEXT,
    outbox TEXT,
    followers TEXT,
    html_url TEXT,
    public_key_pem TEXT NOT NULL,
    private_key_pem TEXT,
    membership TEXT,                    -- groups: open | approval | invite
    manually_approves BOOLEAN NOT NULL DEFAULT FALSE,
    fetched_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE UNIQUE INDEX actors_local_username ON actors (username) WHERE local;
CREATE INDEX actors_handle ON actors (username, domain);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id BIGINT NOT NULL UNIQUE REFERENCES actors (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    email TEXT,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);

CREATE TABLE follows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    follower_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    followed_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    state TEXT NOT NULL,                -- pending | accepted | rejected
    activity_ap_id TEXT NOT NULL,       -- id of the Follow activity
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (follower_id, followed_id)
);
CREATE INDEX follows_followed ON follows (followed_id, state);

CREATE TABLE group_moderators (
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, actor_id)
);

CREATE TABLE group_invitations (
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    invitee_ap_id TEXT NOT NULL,
    invited_by BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, invitee_ap_id)
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    author_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    group_id BIGINT REFERENCES actors (id) ON DELETE CASCADE,
    in_reply_to_id BIGINT REFERENCES posts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                 -- note | page
    title TEXT,
    content TEXT NOT NULL,              -- sanitized HTML
    source TEXT,                        -- Markdown, for local posts
    local BOOLEAN NOT NULL,
    published_at BIGINT NOT NULL,
    updated_at BIGINT,
    deleted_at BIGINT
);
CREATE INDEX posts_group ON posts (group_id, published_at);
CREATE INDEX posts_reply ON posts (in_reply_to_id);

-- Activities this node published, kept for outboxes and to answer fetches of their ids.
CREATE TABLE activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    public BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX activities_actor ON activities (actor_id, id);

-- The persistent delivery queue: one row per (activity, remote inbox).
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    inbox TEXT NOT NULL,
    domain TEXT NOT NULL,
    state TEXT NOT NULL,                -- pending | delivered | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (activity_id, inbox)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);

-- How each remote server answers our deliveries.
CREATE TABLE remote_servers (
    domain TEXT PRIMARY KEY,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    unreachable_since BIGINT,
    last_success_at BIGINT,
    last_failure_at BIGINT
);

CREATE TABLE blocked_domains (
    domain TEXT PRIMARY KEY,
    reason TEXT,
    created_at BIGINT NOT NULL
);

-- Inbound deduplication: written in the same transaction as the activity's effect.
CREATE TABLE received_activities (
    ap_id TEXT PRIMARY KEY,
    actor_ap_id TEXT NOT NULL,
    received_at BIGINT NOT NULL
);
