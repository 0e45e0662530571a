-- Events of groups, their organizers, invitations and registrations (with the waitlist).

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,          -- sanitized HTML
    description_source TEXT,            -- Markdown, for local events
    category TEXT NOT NULL,             -- assembly | drop_in | training | meetup | coworking | other
    starts_at BIGINT NOT NULL,          -- Unix milliseconds (UTC)
    ends_at BIGINT NOT NULL,
    timezone TEXT NOT NULL,             -- IANA name the organizers think in, e.g. Europe/Paris
    place_name TEXT,
    place_address TEXT,
    online_url TEXT,                    -- shown to accepted participants only
    capacity BIGINT,                    -- seats; NULL: no limit
    join_mode TEXT NOT NULL,            -- open | approval | invitation
    members_only BOOLEAN NOT NULL,      -- only the group's members may register (an assembly)
    registration_deadline BIGINT,
    status TEXT NOT NULL,               -- confirmed | tentative | cancelled | postponed
    recurrence TEXT,                    -- domain::event::Recurrence as JSON
    contact TEXT,
    created_by BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    local BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT
);
CREATE INDEX events_group ON events (group_id, starts_at);
CREATE INDEX events_starts ON events (starts_at);

CREATE TABLE event_organizers (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, actor_id)
);

CREATE TABLE event_invitations (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    invitee_ap_id TEXT NOT NULL,
    invited_by BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, invitee_ap_id)
);

-- One row per person and event: registering again changes nothing.
CREATE TABLE event_registrations (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    state TEXT NOT NULL,                -- accepted | pending | waitlisted | rejected
    join_ap_id TEXT,                    -- the Join activity of a remote participant
    note TEXT,                          -- what the participant wrote when registering
    created_at BIGINT NOT NULL,         -- the waitlist's order
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, actor_id)
);
CREATE INDEX event_registrations_state ON event_registrations (event_id, state, created_at);
CREATE INDEX event_registrations_actor ON event_registrations (actor_id);
