//! Search, the pure part: what can be searched for, the plain text of stored HTML, whether a
//! candidate the database found really contains a query word (and where), its excerpt, and
//! its score. `storage::search` finds candidates with each database's full-text index;
//! `service::search` runs the rules here on them, so both databases answer the same.

use super::competence::fold;

/// The kinds of things a search returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Proposal,
    Decision,
    Event,
    Competence,
    Post,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Proposal,
        Kind::Decision,
        Kind::Event,
        Kind::Competence,
        Kind::Post,
    ];

    pub fn parse(raw: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Proposal => "proposal",
            Kind::Decision => "decision",
            Kind::Event => "event",
            Kind::Competence => "competence",
            Kind::Post => "post",
        }
    }

    /// The local page that shows an item of this kind (a decision is its vote's page).
    pub fn page(self, id: i64) -> String {
        match self {
            Kind::Proposal => format!("/proposal/{id}"),
            Kind::Decision => format!("/vote/{id}"),
            Kind::Event => format!("/event/{id}"),
            // The competence pages are being built on their own branch; this is the path
            // they take beside /event/{id} and /proposal/{id}.
            Kind::Competence => format!("/competence/{id}"),
            Kind::Post => format!("/p/{id}"),
        }
    }
}

/// Characters of an excerpt, around the first hit.
pub const EXCERPT_CHARS: usize = 160;

/// The text a reader sees of sanitized HTML: tags out (a block boundary becomes a space), the
/// usual entities decoded, runs of white space made one space.
pub fn plain_text(html: &str) -> String {
    let mut raw = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                raw.push(' ');
            }
            c if !in_tag => raw.push(c),
            _ => {}
        }
    }
    let decoded = raw
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Byte offset of the first word of `text` that starts with one of `terms` (folded words).
pub fn first_hit(text: &str, terms: &[String]) -> Option<usize> {
    words(text).find_map(|(at, word)| {
        let folded = fold(word);
        terms
            .iter()
            .any(|t| folded.starts_with(t.as_str()))
            .then_some(at)
    })
}

/// The terms found in `text`, as a bitmask over `terms` (at most 24 of them).
fn found(text: &str, terms: &[String]) -> u32 {
    let mut mask = 0;
    for (_, word) in words(text) {
        let folded = fold(word);
        for (i, t) in terms.iter().enumerate() {
            if folded.starts_with(t.as_str()) {
                mask |= 1 << i;
            }
        }
    }
    mask
}

/// Words of `text` (runs of letters and digits) with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = None;
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
}

/// What a candidate offers to the rules: its title, its body as plain text, and other words
/// it is found by (an event's place, a competence's skill labels) which the excerpt may show.
pub struct Candidate<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub extra: &'a str,
}

/// How well a candidate answers: `None` when no query word is really in it (the index also
/// reads HTML markup, or the database's tokens differ a little); otherwise in (0, 1.5]: the
/// share of the query words found anywhere, plus half the share found in the title.
pub fn score(c: &Candidate, terms: &[String]) -> Option<f64> {
    if terms.is_empty() {
        return None;
    }
    let in_title = found(c.title, terms);
    let anywhere = in_title | found(c.body, terms) | found(c.extra, terms);
    if anywhere == 0 {
        return None;
    }
    let n = terms.len() as f64;
    let share = |mask: u32| f64::from(mask.count_ones()) / n;
    let raw = share(anywhere) + 0.5 * share(in_title);
    Some((raw * 1000.0).round() / 1000.0)
}

/// A short window of the body around the first hit (the start of the body when the hit is
/// in the title, or of the extra words when only they hold it), with `…` where it is cut.
pub fn excerpt(c: &Candidate, terms: &[String]) -> String {
    let source = match (first_hit(c.body, terms), first_hit(c.extra, terms)) {
        (Some(at), _) => (c.body, at),
        (None, Some(at)) if !c.extra.is_empty() => (c.extra, at),
        _ => (c.body, 0),
    };
    window(source.0, source.1, EXCERPT_CHARS)
}

/// About `size` characters of `text` around byte offset `at`, starting a third of the way
/// before it, cut at word boundaries where possible.
fn window(text: &str, at: usize, size: usize) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.len() <= size {
        return text.to_string();
    }
    let hit = chars.iter().position(|(i, _)| *i >= at).unwrap_or(0);
    let mut start = hit.saturating_sub(size / 3);
    let end = (start + size).min(chars.len());
    start = end.saturating_sub(size).min(start);
    // Move the start to the beginning of a word, the end back to the end of one.
    if start > 0 {
        while start < hit && chars[start - 1].1.is_alphanumeric() {
            start += 1;
        }
    }
    let mut stop = end;
    if end < chars.len() {
        while stop > hit + 1 && chars[stop].1.is_alphanumeric() {
            stop -= 1;
        }
    }
    let from = chars[start].0;
    let to = chars.get(stop).map_or(text.len(), |(i, _)| *i);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(text[from..to].trim());
    if stop < chars.len() {
        out.push('…');
    }
    out
}

/// A title for an item without one (a reply): its first words.
pub fn title_from_body(body: &str) -> String {
    const WORDS: usize = 12;
    let words: Vec<&str> = body.split_whitespace().collect();
    if words.len() <= WORDS {
        return words.join(" ");
    }
    format!("{}…", words[..WORDS].join(" "))
}

/// The node that owns an item: host and port of its ActivityPub id.
pub fn origin_of(ap_id: &str) -> String {
    match url::Url::parse(ap_id) {
        Ok(u) => match (u.host_str(), u.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => String::new(),
        },
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::competence::query_terms;

    fn cand<'a>(title: &'a str, body: &'a str) -> Candidate<'a> {
        Candidate {
            title,
            body,
            extra: "",
        }
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        let html = "<p>L&#39;équipe &amp; <a href=\"https://x.example/nofollow\" rel=\"nofollow\">\
                    ses amis</a></p><p>Deux&nbsp;lignes</p>";
        assert_eq!(plain_text(html), "L'équipe & ses amis Deux lignes");
    }

    #[test]
    fn accents_are_folded_on_both_sides() {
        let terms = query_terms("equipe");
        assert_eq!(first_hit("Notre Équipe", &terms), Some(6));
        let terms = query_terms("Équipes");
        assert_eq!(first_hit("l'equipe", &terms), Some(2));
        assert_eq!(first_hit("une quipe", &terms), None);
    }

    #[test]
    fn markup_only_matches_are_dropped() {
        // The index saw "nofollow" in an attribute; the reader's text does not have it.
        let body = plain_text("<p><a href=\"https://a.example\" rel=\"nofollow\">lien</a></p>");
        assert_eq!(score(&cand("Titre", &body), &query_terms("nofollow")), None);
    }

    #[test]
    fn all_words_and_the_title_rank_higher() {
        let terms = query_terms("budget participatif");
        let both_in_title = score(&cand("Budget participatif 2027", ""), &terms).unwrap();
        let both_in_body = score(&cand("Réunion", "le budget participatif"), &terms).unwrap();
        let one = score(&cand("Réunion", "le budget"), &terms).unwrap();
        assert!(
            both_in_title > both_in_body,
            "{both_in_title} {both_in_body}"
        );
        assert!(both_in_body > one, "{both_in_body} {one}");
        assert_eq!(both_in_title, 1.5);
        assert_eq!(one, 0.5);
    }

    #[test]
    fn extra_words_count_and_show_in_the_excerpt() {
        let c = Candidate {
            title: "Atelier",
            body: "Venez nombreux.",
            extra: "La Coop, 1 rue de Brest, Rennes",
        };
        let terms = query_terms("rennes");
        assert!(score(&c, &terms).is_some());
        assert_eq!(excerpt(&c, &terms), "La Coop, 1 rue de Brest, Rennes");
    }

    #[test]
    fn excerpt_is_a_window_around_the_first_hit() {
        let before = "mot ".repeat(100);
        let after = " fin".repeat(100);
        let body = format!("{before}la coopérative décide{after}");
        let out = excerpt(&cand("", &body), &query_terms("cooperative"));
        assert!(out.starts_with('…') && out.ends_with('…'), "{out}");
        assert!(out.contains("la coopérative décide"), "{out}");
        assert!(out.chars().count() <= EXCERPT_CHARS + 2, "{}", out.len());
        // Cut between words, never inside one.
        assert!(out.trim_matches('…').split(' ').all(|w| !w.is_empty()));
        // A hit near either end: the window stays inside the text.
        let end = format!("{before}coopérative");
        let out = excerpt(&cand("", &end), &query_terms("cooperative"));
        assert!(
            out.starts_with('…') && out.ends_with("coopérative"),
            "{out}"
        );
        let start = format!("Coopérative {after}");
        let out = excerpt(&cand("", &start), &query_terms("cooperative"));
        assert!(
            out.starts_with("Coopérative") && out.ends_with('…'),
            "{out}"
        );
        // A short body is shown whole.
        assert_eq!(
            excerpt(&cand("", "Une coopérative"), &query_terms("cooperative")),
            "Une coopérative"
        );
    }

    #[test]
    fn kinds_and_pages() {
        assert_eq!(Kind::parse("decision"), Some(Kind::Decision));
        assert_eq!(Kind::parse("Decision"), None);
        assert_eq!(Kind::Decision.page(4), "/vote/4");
        assert_eq!(Kind::Post.page(9), "/p/9");
    }

    #[test]
    fn origins_keep_the_port() {
        assert_eq!(origin_of("http://localhost:8001/posts/x"), "localhost:8001");
        assert_eq!(origin_of("https://coop.example/e/1"), "coop.example");
        assert_eq!(origin_of("not a url"), "");
    }

    #[test]
    fn titles_for_replies() {
        assert_eq!(title_from_body("un deux"), "un deux");
        let long = "a b c d e f g h i j k l m n";
        assert_eq!(title_from_body(long), "a b c d e f g h i j k l…");
    }
}
