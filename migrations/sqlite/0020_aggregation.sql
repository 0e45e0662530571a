-- The aggregator (issue 7): a node whose instance actor follows many groups to index them.
-- Its admin page shows, per followed group, when the group last sent something: the newest
-- inbound activity of that actor, read from the deduplication rows, which this index serves.
CREATE INDEX received_activities_by_actor ON received_activities (actor_ap_id, received_at);
