-- Competences across nodes: each offer or need opens a discussion thread (its first post has
-- the competence's id, as a proposal's does), so answers are ordinary replies; members'
-- profiles from other nodes are kept with the groups that relayed them; and members hear of
-- what concerns them (a need matching their offer) through notifications.

-- No foreign key: competences already point at posts (the answer that helped), and a cycle
-- of keys could not be copied table after table by `maillon admin migrate-database`. Offers
-- and needs are never deleted (they close), and both rows go with their author's actor.
ALTER TABLE posts ADD COLUMN competence_id BIGINT;
CREATE INDEX posts_competence ON posts (competence_id);

-- A profile of a member of another node, relayed by a group this node follows: the group
-- directory of that group lists them. Local members' groups come from their memberships.
CREATE TABLE competence_profile_groups (
    actor_id BIGINT NOT NULL REFERENCES competence_profiles (actor_id) ON DELETE CASCADE,
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    PRIMARY KEY (actor_id, group_id)
);

-- What a member of this node is told about, newest first on their notifications page.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                 -- need_matches_offer | ...
    subject_ap_id TEXT NOT NULL,        -- what it is about (a need, an event...)
    -- What it answers or concerns on the recipient's side (their offer), so the same news
    -- about the same thing is told once.
    about_ap_id TEXT NOT NULL,
    title TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    UNIQUE (recipient_id, kind, subject_ap_id, about_ap_id)
);
CREATE INDEX notifications_recipient ON notifications (recipient_id, created_at);
