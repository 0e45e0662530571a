-- Competence sharing: offers and needs posted in groups, their skills, members' opt-in
-- competence profiles, and full-text search over offers and needs (FTS5).

CREATE TABLE competences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    group_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,   -- may be a remote group
    author_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    local BOOLEAN NOT NULL,             -- FALSE: a copy of another node's offer or need
    kind TEXT NOT NULL,                 -- offer | need
    title TEXT NOT NULL,
    description TEXT NOT NULL,          -- sanitized HTML
    description_source TEXT,            -- Markdown, for local ones
    form TEXT NOT NULL,                 -- mentoring | training | a_hand | coworking | question
    mode TEXT NOT NULL,                 -- online | in_person | either
    place TEXT,
    availability TEXT,
    terms TEXT NOT NULL,                -- free | exchange | paid
    state TEXT NOT NULL,                -- open | closed | resolved
    helpful_post_id BIGINT REFERENCES posts (id) ON DELETE SET NULL,
    search_text TEXT NOT NULL,          -- folded title, text and skill labels: what search reads
    created_at BIGINT NOT NULL,
    updated_at BIGINT,
    expires_at BIGINT
);
CREATE INDEX competences_group ON competences (group_id, created_at);
CREATE INDEX competences_author ON competences (author_id);
CREATE INDEX competences_open ON competences (kind, state);

CREATE TABLE competence_skills (
    competence_id BIGINT NOT NULL REFERENCES competences (id) ON DELETE CASCADE,
    skill TEXT NOT NULL,                -- a starter slug (bookkeeping) or a normalized tag
    PRIMARY KEY (competence_id, skill)
);
CREATE INDEX competence_skills_skill ON competence_skills (skill);

-- A member's competence profile: present only once they opt in.
CREATE TABLE competence_profiles (
    actor_id BIGINT PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    visibility TEXT NOT NULL,           -- public | network | group
    place TEXT,
    availability TEXT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE profile_skills (
    actor_id BIGINT NOT NULL REFERENCES competence_profiles (actor_id) ON DELETE CASCADE,
    skill TEXT NOT NULL,
    PRIMARY KEY (actor_id, skill)
);
CREATE INDEX profile_skills_skill ON profile_skills (skill);

-- The search index reads competences.search_text (an external-content table, so the text is
-- stored once); the triggers keep it in step. Accents are already folded by the node, and
-- remove_diacritics catches what was not.
CREATE VIRTUAL TABLE competences_fts USING fts5 (
    search_text,
    content = 'competences',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER competences_fts_insert AFTER INSERT ON competences BEGIN
    INSERT INTO competences_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER competences_fts_delete AFTER DELETE ON competences BEGIN
    INSERT INTO competences_fts (competences_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
END;

CREATE TRIGGER competences_fts_update AFTER UPDATE OF search_text ON competences BEGIN
    INSERT INTO competences_fts (competences_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    INSERT INTO competences_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
