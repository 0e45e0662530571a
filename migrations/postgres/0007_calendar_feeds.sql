-- A member's private calendar feed: calendar applications subscribe to /calendar/TOKEN.ics
-- without logging in. One address per account; resetting it writes a new token, so the old
-- address stops working at once.
--
-- The token is kept as it is, not hashed (unlike sessions and API tokens), because the
-- member's "My events" page shows the address again on every visit. It only opens the list
-- of that member's events, never the online links.

CREATE TABLE calendar_feeds (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
