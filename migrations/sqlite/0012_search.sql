-- Full-text search over posts, proposals and events (competences have their own index since
-- 0010; decisions are searched through their proposal's text).
--
-- These tables are indexed on their stored columns, with no folded copy: FTS5's `unicode61`
-- tokenizer with `remove_diacritics 2` lower-cases and strips accents itself, and the node
-- folds the query words the same way (domain::competence::query_terms), so « equipe » finds
-- « équipe ». A separate `search_text` column was needed for competences only because their
-- skill labels are not stored in the row. The stored text is sanitized HTML, so tag and
-- attribute words are indexed too; the service checks every hit against the plain text and
-- drops those that matched only markup. External-content tables keep the text stored once;
-- the triggers keep each index in step with its table.

CREATE VIRTUAL TABLE posts_fts USING fts5 (
    title,
    content,
    content = 'posts',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_fts (rowid, title, content) VALUES (new.id, new.title, new.content);
END;

CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, title, content)
        VALUES ('delete', old.id, old.title, old.content);
END;

CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, content ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, title, content)
        VALUES ('delete', old.id, old.title, old.content);
    INSERT INTO posts_fts (rowid, title, content) VALUES (new.id, new.title, new.content);
END;

CREATE VIRTUAL TABLE proposals_fts USING fts5 (
    title,
    content,
    content = 'proposals',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER proposals_fts_insert AFTER INSERT ON proposals BEGIN
    INSERT INTO proposals_fts (rowid, title, content) VALUES (new.id, new.title, new.content);
END;

CREATE TRIGGER proposals_fts_delete AFTER DELETE ON proposals BEGIN
    INSERT INTO proposals_fts (proposals_fts, rowid, title, content)
        VALUES ('delete', old.id, old.title, old.content);
END;

CREATE TRIGGER proposals_fts_update AFTER UPDATE OF title, content ON proposals BEGIN
    INSERT INTO proposals_fts (proposals_fts, rowid, title, content)
        VALUES ('delete', old.id, old.title, old.content);
    INSERT INTO proposals_fts (rowid, title, content) VALUES (new.id, new.title, new.content);
END;

CREATE VIRTUAL TABLE events_fts USING fts5 (
    title,
    description,
    place_name,
    place_address,
    content = 'events',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, title, description, place_name, place_address)
        VALUES (new.id, new.title, new.description, new.place_name, new.place_address);
END;

CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description, place_name, place_address)
        VALUES ('delete', old.id, old.title, old.description, old.place_name, old.place_address);
END;

CREATE TRIGGER events_fts_update AFTER UPDATE OF title, description, place_name, place_address
    ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description, place_name, place_address)
        VALUES ('delete', old.id, old.title, old.description, old.place_name, old.place_address);
    INSERT INTO events_fts (rowid, title, description, place_name, place_address)
        VALUES (new.id, new.title, new.description, new.place_name, new.place_address);
END;

-- Rows written before this migration: 'rebuild' reads them all from the content tables.
INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');
INSERT INTO proposals_fts (proposals_fts) VALUES ('rebuild');
INSERT INTO events_fts (events_fts) VALUES ('rebuild');
