-- Networks of groups: a group marked as a network has groups (antennas, usually on other nodes)
-- among its members. Each member group's node attests who its members are, so the network can
-- count each person once in its votes (its electorate is the members of its member groups).

-- A local group set up as a network, or a remote group that says it is one (`maillon:network`).
ALTER TABLE actors ADD COLUMN network BOOLEAN NOT NULL DEFAULT FALSE;

-- The members of a remote member group, as its own node attested them (`Add`/`Remove` of a person
-- to the group's followers, sent to the networks the group belongs to).
CREATE TABLE attested_members (
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    attested_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, person_id)
);
CREATE INDEX attested_members_by_person ON attested_members (person_id);
