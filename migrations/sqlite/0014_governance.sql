-- Governance made visible: a group's bodies (board, bureau, general assembly...), who sits on
-- them and until when, how they relate (the diagram), their meetings with an agenda, and the
-- agenda items members propose, from this node or another one (FEP-400e).

-- Photos uploaded for the trombinoscope. Kept in the database (not on disk) so a backup, a
-- move to PostgreSQL and several nodes on one PostgreSQL carry them with everything else.
CREATE TABLE photos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,          -- in the URL /media/photos/{uuid}
    content_type TEXT NOT NULL,         -- image/png | image/jpeg | image/webp, from the bytes
    data BLOB NOT NULL,
    uploaded_by BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE bodies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    name TEXT NOT NULL,                 -- "Conseil d'administration"
    kind TEXT NOT NULL,                 -- board | bureau | works_council | general_assembly | local_committee | other
    role TEXT NOT NULL,                 -- sanitized HTML: what it is for
    role_source TEXT NOT NULL,          -- Markdown
    decides_how TEXT NOT NULL,          -- sanitized HTML: how it decides
    decides_how_source TEXT NOT NULL,   -- Markdown
    position BIGINT NOT NULL,          -- order on the group's governance page
    created_at BIGINT NOT NULL,
    updated_at BIGINT
);
CREATE INDEX bodies_group ON bodies (group_id, position);

-- How bodies relate, drawn as arrows on the diagram: the general assembly elects the board,
-- the board appoints the bureau, a local committee reports to the board...
CREATE TABLE body_relations (
    from_body_id BIGINT NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    to_body_id BIGINT NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                 -- elects | appoints | reports_to | advises
    PRIMARY KEY (from_body_id, to_body_id, kind)
);

-- Who sits on a body: a member of this node (actor_id) or someone named only (an outside
-- director), with their office and mandate dates (YYYY-MM-DD).
CREATE TABLE body_members (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    body_id BIGINT NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    office TEXT,                        -- "Présidente", "Trésorier"... free text
    mandate_start TEXT,
    mandate_end TEXT,
    photo_id BIGINT REFERENCES photos (id) ON DELETE SET NULL,
    position BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX body_members_body ON body_members (body_id, position);

-- A meeting of a body, with its agenda. Meetings of this node's bodies are `local`; a copy of
-- a followed group's meeting (from its Create/Update) has no body here, only the body's name,
-- so members of this node can read the agenda and propose items to it.
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    local BOOLEAN NOT NULL,
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    body_id BIGINT REFERENCES bodies (id) ON DELETE CASCADE,
    body_name TEXT NOT NULL,
    title TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    place TEXT,
    event_id BIGINT REFERENCES events (id) ON DELETE SET NULL,   -- the event people register for
    items_open BOOLEAN NOT NULL,        -- members may still propose agenda items
    minutes TEXT,                       -- sanitized HTML, once the meeting is held
    minutes_source TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT
);
CREATE INDEX meetings_group ON meetings (group_id, starts_at);
CREATE INDEX meetings_body ON meetings (body_id, starts_at);

-- A point on a meeting's agenda, proposed by a member (here or on another node) or put by the
-- body itself. The body accepts or declines each with a reason; a point may lead to or come
-- from a proposal, whose decision is then the point's outcome.
CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    local BOOLEAN NOT NULL,             -- written on this node
    title TEXT NOT NULL,
    content TEXT NOT NULL,              -- sanitized HTML
    content_source TEXT,                -- Markdown, for local ones
    state TEXT NOT NULL,                -- proposed | accepted | declined
    reason TEXT,                        -- why it was declined (or a note on acceptance)
    decided_at BIGINT,
    position BIGINT NOT NULL,          -- order on the agenda
    proposal_id BIGINT REFERENCES proposals (id) ON DELETE SET NULL,
    outcome TEXT,                       -- what the meeting concluded, plain text
    created_at BIGINT NOT NULL,
    updated_at BIGINT
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);
CREATE INDEX agenda_items_author ON agenda_items (author_id);
CREATE INDEX agenda_items_proposal ON agenda_items (proposal_id);
