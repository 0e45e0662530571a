-- Full-text search over posts, proposals and events (competences have their own index since
-- 0010; decisions are searched through their proposal's text).
--
-- Each table gets a generated `tsvector` ('simple': no stemming, no stop words) with a GIN
-- index, computed from the stored columns, so no folded copy is written by the node and the
-- rows already there are indexed when the column is added. PostgreSQL's `simple` keeps
-- accents and removing them would need the `unaccent` extension (which a hosted PostgreSQL
-- may refuse), so `search_fold` does it with plain built-ins: tags out, accented letters of
-- French (both cases) to their base letter, ligatures spelled out, as domain::competence::fold
-- does for the query words. Like every function a generated column calls, it is IMMUTABLE.

CREATE FUNCTION search_fold(TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT replace(replace(replace(replace(translate(
        regexp_replace(coalesce($1, ''), '<[^>]*>', ' ', 'g'),
        'àâäáãåçéèêëîïíìôöóòõùûüúÿýñÀÂÄÁÃÅÇÉÈÊËÎÏÍÌÔÖÓÒÕÙÛÜÚŸÝÑ',
        'aaaaaaceeeeiiiiooooouuuuyynaaaaaaceeeeiiiiooooouuuuyyn'),
        'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae')
$$;

ALTER TABLE posts ADD COLUMN search_vector TSVECTOR GENERATED ALWAYS AS
    (to_tsvector('simple', search_fold(coalesce(title, '') || ' ' || content))) STORED;
CREATE INDEX posts_search ON posts USING GIN (search_vector);

ALTER TABLE proposals ADD COLUMN search_vector TSVECTOR GENERATED ALWAYS AS
    (to_tsvector('simple', search_fold(title || ' ' || content))) STORED;
CREATE INDEX proposals_search ON proposals USING GIN (search_vector);

ALTER TABLE events ADD COLUMN search_vector TSVECTOR GENERATED ALWAYS AS
    (to_tsvector('simple', search_fold(title || ' ' || description || ' '
        || coalesce(place_name, '') || ' ' || coalesce(place_address, '')))) STORED;
CREATE INDEX events_search ON events USING GIN (search_vector);
