-- The copy of another server's event keeps that server's figures (seats taken, waitlist),
-- since only some of its participants register through this node. NULL for our own events,
-- whose figures are counted from event_registrations.
ALTER TABLE events ADD COLUMN participant_count BIGINT;
ALTER TABLE events ADD COLUMN waitlist_count BIGINT;
CREATE INDEX event_registrations_join ON event_registrations (join_ap_id);
