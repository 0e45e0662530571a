-- Involvement levels: per group, what a member wants to hear of (stay informed, take part,
-- co-decide, lead) and how (in the app, an email digest daily or weekly, nothing). No row
-- means the default: take part, in the app.
CREATE TABLE involvement (
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    level TEXT NOT NULL,                -- stay_informed | take_part | co_decide | lead
    channel TEXT NOT NULL,              -- in_app | email_daily | email_weekly | none
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (actor_id, group_id)
);

-- The group a notification's news comes from (digests are grouped by it), and when it went
-- out in an email digest.
ALTER TABLE notifications ADD COLUMN group_id BIGINT REFERENCES actors (id) ON DELETE CASCADE;
ALTER TABLE notifications ADD COLUMN emailed_at BIGINT;
