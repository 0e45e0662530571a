//! What the fuzz targets assert about HTML that left the sanitizer: shared by `sanitize_html`
//! and `federation_objects`. The output is html5ever's serialization, so tags open with `<`
//! and a name, attribute values are always double-quoted and text never holds a raw `<`:
//! a small scanner reads it exactly.

use maillon::domain::content::ALLOWED_TAGS;

/// Attributes the allow-list may leave: ammonia's defaults for our tags, plus our `rel`.
/// (`cite` on `blockquote` and `del` is not a link: browsers never follow it, so its scheme
/// is not checked.)
const ALLOWED_ATTRIBUTES: &[&str] = &[
    "href", "hreflang", "rel", "title", "lang", "start", "cite", "datetime", "align", "size",
    "width",
];

/// Panics, naming `input`, when `html` holds a tag or attribute outside the allow-list or a
/// link whose scheme is not http, https or mailto.
pub fn assert_safe_html(input: &str, html: &str) {
    if let Err(what) = check(html) {
        panic!("{what}\ninput: {input:?}\noutput: {html:?}");
    }
}

fn check(html: &str) -> Result<(), String> {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let rest_closing = rest.strip_prefix('/').unwrap_or(rest);
        let name_len = rest_closing
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest_closing.len());
        let name = rest_closing[..name_len].to_ascii_lowercase();
        if !ALLOWED_TAGS.contains(&name.as_str()) {
            return Err(format!("tag <{name}> kept"));
        }
        let mut attributes = &rest_closing[name_len..];
        loop {
            attributes =
                attributes.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if attributes.is_empty() || attributes.starts_with('>') {
                break;
            }
            let name_end = attributes
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>')
                .unwrap_or(attributes.len());
            let name = attributes[..name_end].to_ascii_lowercase();
            if !ALLOWED_ATTRIBUTES.contains(&name.as_str()) {
                return Err(format!("attribute {name} kept"));
            }
            attributes = &attributes[name_end..];
            if let Some(quoted) = attributes.strip_prefix("=\"") {
                let end = quoted.find('"').ok_or("unterminated attribute")?;
                if name == "href" {
                    check_link(&quoted[..end])?;
                }
                attributes = &quoted[end + 1..];
            }
        }
        rest = attributes;
    }
    Ok(())
}

fn check_link(href: &str) -> Result<(), String> {
    // As URL parsers and browsers read it: outer spaces and controls, inner tabs and
    // newlines, do not count; `&amp;` is the only entity the serializer writes.
    let href: String = href
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = href.find([':', '/', '?', '#']);
    if let Some(end) = scheme_end.filter(|end| href[*end..].starts_with(':')) {
        let scheme = &href[..end];
        // Text before `:` that is not a scheme's syntax makes a relative link (`a;b:c`).
        let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme && !matches!(scheme, "http" | "https" | "mailto") {
            return Err(format!("link scheme {scheme}: kept"));
        }
    }
    Ok(())
}
