-- The members' web interface: browser sessions, registration by approval or invite,
-- node settings an admin changes from the web, group rules.

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Accounts created in approval mode wait for an admin.
ALTER TABLE accounts ADD COLUMN approved BOOLEAN NOT NULL DEFAULT TRUE;
-- What the applicant wrote to the admins.
ALTER TABLE accounts ADD COLUMN application TEXT;

CREATE TABLE invites (
    code_hash TEXT PRIMARY KEY,
    created_by BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_by BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    used_at BIGINT
);

CREATE TABLE node_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

ALTER TABLE actors ADD COLUMN rules TEXT;
