-- Proposals that end in decisions: processes, proposals, supports, amendments, comments,
-- colleges, votes with their frozen electorate, ballots, and results.

CREATE TABLE processes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,          -- sanitized HTML
    description_source TEXT,            -- Markdown, for local processes
    participation TEXT NOT NULL,        -- information | consultation | concertation | co_decision
    decision_rule TEXT NOT NULL,        -- how the decision is made, in plain words (sanitized HTML)
    support_threshold BIGINT,          -- supports a proposal needs to reach the vote
    results_hidden BOOLEAN NOT NULL,    -- results shown only after the close
    public_choices BOOLEAN NOT NULL,    -- the roll shows each voter's choice, not only who voted
    proposals_from BIGINT,
    deliberation_from BIGINT,
    vote_from BIGINT,
    result_at BIGINT,
    created_by BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    local BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX processes_group ON processes (group_id, created_at);

CREATE TABLE proposals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    content TEXT NOT NULL,              -- sanitized HTML
    source TEXT,                        -- Markdown, for local proposals
    state TEXT NOT NULL,                -- draft | published | deliberation | vote | accepted | rejected | withdrawn | implemented
    follow_up TEXT,                     -- notes on how an accepted proposal was carried out (sanitized HTML)
    local BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT
);
CREATE INDEX proposals_process ON proposals (process_id, created_at);

CREATE TABLE proposal_supports (
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, actor_id)
);

CREATE TABLE amendments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    content TEXT NOT NULL,              -- the proposed text (sanitized HTML)
    source TEXT,
    reason TEXT,
    state TEXT NOT NULL,                -- pending | accepted | declined
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX amendments_proposal ON amendments (proposal_id, created_at);

-- Comments on a proposal are posts (federated as replies to the proposal).
ALTER TABLE posts ADD COLUMN proposal_id BIGINT REFERENCES proposals (id) ON DELETE CASCADE;
CREATE INDEX posts_proposal ON posts (proposal_id, published_at);

CREATE TABLE colleges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    weight BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (group_id, name)
);

-- A member sits in at most one college of a group.
CREATE TABLE college_members (
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    college_id BIGINT NOT NULL REFERENCES colleges (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, actor_id)
);

CREATE TABLE votes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,         -- the Question
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    spec TEXT NOT NULL,                 -- domain::vote::spec::VoteSpec as JSON
    opens_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    closed_at BIGINT,
    outcome TEXT,                       -- domain::vote::spec::Outcome as JSON, once closed
    verdict TEXT,                       -- adopted | rejected | winner | tie | no_quorum | no_result
    electorate_size BIGINT NOT NULL,
    ballots_count BIGINT NOT NULL DEFAULT 0,
    local BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX votes_proposal ON votes (proposal_id);
CREATE INDEX votes_closing ON votes (closes_at) WHERE closed_at IS NULL;

-- Who may vote, frozen when the vote opens.
CREATE TABLE vote_electorate (
    vote_id BIGINT NOT NULL REFERENCES votes (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    college TEXT,
    PRIMARY KEY (vote_id, actor_id)
);

-- One row per voter: a later ballot replaces the earlier one.
CREATE TABLE ballots (
    vote_id BIGINT NOT NULL REFERENCES votes (id) ON DELETE CASCADE,
    voter_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    ap_id TEXT NOT NULL,                -- the ballot's own id (on the voter's server for remote ballots)
    choice TEXT NOT NULL,               -- domain::vote::spec::Choice as JSON
    cast_at BIGINT NOT NULL,
    replaced BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (vote_id, voter_id)
);
