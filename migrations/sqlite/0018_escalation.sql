-- Escalation ("faire remonter au réseau"): an antenna group writes one of its proposals again,
-- in its own name, into a process of a network group it belongs to. One row per such network
-- proposal known here: on the antenna's node it ties the antenna's proposal to where it went
-- (escalated_to); on the network's node and on copies elsewhere it says where it came from
-- (maillon:escalatedFrom on the wire).
CREATE TABLE escalations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id BIGINT NOT NULL UNIQUE REFERENCES proposals (id) ON DELETE CASCADE,
    antenna_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    network_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    source_ap_id TEXT NOT NULL,         -- the antenna's proposal
    source_title TEXT NOT NULL,
    source_id BIGINT REFERENCES proposals (id) ON DELETE SET NULL, -- set where it is kept
    note TEXT,                          -- the antenna's word of context, plain text
    created_by BIGINT REFERENCES actors (id) ON DELETE SET NULL,    -- the moderator, on its node
    created_at BIGINT NOT NULL
);

-- A proposal goes up to a given network once.
CREATE UNIQUE INDEX escalations_once_per_network ON escalations (source_ap_id, network_id);
CREATE INDEX escalations_by_source ON escalations (source_id);
