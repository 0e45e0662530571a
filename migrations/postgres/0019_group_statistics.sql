-- The network dashboard: the statistics document each followed group's own node published,
-- as last read here. A failed read keeps the last good document (and its date) and records
-- the failure, so the dashboard shows old figures as old and an unreachable group as such.
CREATE TABLE group_statistics (
    actor_id BIGINT PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    url TEXT,                           -- the document's id, as the group actor advertised it
    document TEXT,                      -- the validated document (JSON); NULL: never read
    fetched_at BIGINT,                  -- when `document` was read
    attempted_at BIGINT NOT NULL,       -- the last try, good or not
    error TEXT                          -- why the last try failed; NULL when it succeeded
);
