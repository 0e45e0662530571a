-- Welcoming newcomers: a group's plain-language "who we are" page, written by its moderators,
-- and its onboarding path (ordered steps) with each member's progress along it. These live on
-- the group's own node only; nothing here federates.

-- One page per group, each part kept as sanitized HTML with its Markdown source.
CREATE TABLE group_about (
    group_id BIGINT PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    who_we_are TEXT NOT NULL,
    who_we_are_source TEXT NOT NULL,
    what_we_do TEXT NOT NULL,
    what_we_do_source TEXT NOT NULL,
    how_to_take_part TEXT NOT NULL,
    how_to_take_part_source TEXT NOT NULL,
    statutes_summary TEXT NOT NULL,     -- "nos statuts en clair"
    statutes_summary_source TEXT NOT NULL,
    updated_by BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE onboarding_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,           -- order along the path, from 0
    title TEXT NOT NULL,
    description TEXT NOT NULL,          -- sanitized HTML
    description_source TEXT NOT NULL,   -- Markdown
    kind TEXT NOT NULL,                 -- read | meet | attend | other
    link_kind TEXT,                     -- about | event | url; NULL: no link
    event_id BIGINT REFERENCES events (id) ON DELETE SET NULL,
    link_url TEXT,                      -- http or https only
    created_at BIGINT NOT NULL,
    updated_at BIGINT
);
CREATE INDEX onboarding_steps_group ON onboarding_steps (group_id, position);

-- A step a member has done: marked by themselves, or by opening the about page. Steps done by
-- an event registration are not stored: they are read from the registration when shown.
CREATE TABLE onboarding_progress (
    step_id BIGINT NOT NULL REFERENCES onboarding_steps (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    how TEXT NOT NULL,                  -- marked | about_read
    done_at BIGINT NOT NULL,
    PRIMARY KEY (step_id, actor_id)
);
CREATE INDEX onboarding_progress_actor ON onboarding_progress (actor_id);
