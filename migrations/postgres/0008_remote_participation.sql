-- Taking part in a group's decisions from another node: supports travel as Likes, amendments
-- as notes sent to the group, and the group's node publishes each proposal's supports count.

-- The supports count the group's node last published, for a proposal decided on another node
-- (its supports are counted there; the rows below then only hold this node's members' own).
ALTER TABLE proposals ADD COLUMN supports_count BIGINT;

-- The Like that gave a support: received from another server, or sent from here (so that
-- withdrawing it sends an Undo of that very Like).
ALTER TABLE proposal_supports ADD COLUMN activity_id TEXT;
CREATE INDEX proposal_supports_activity ON proposal_supports (activity_id);

-- An amendment's own id: minted here for our members' amendments, the author's server's id for
-- an amendment received from another node (a repeated delivery finds it and adds nothing).
ALTER TABLE amendments ADD COLUMN ap_id TEXT;
CREATE UNIQUE INDEX amendments_ap_id ON amendments (ap_id);
