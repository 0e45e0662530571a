//! Post content rules: what a member may write and how it becomes safe HTML.
//!
//! Local posts are written in Markdown and rendered here; remote HTML goes through the same
//! allow-list, so nothing a peer sends can run script in a reader's browser.

use std::collections::HashSet;

/// Longest post body accepted, in characters (local or federated).
pub const MAX_CONTENT_CHARS: usize = 50_000;
/// Longest post title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    #[error("the content is empty")]
    Empty,
    #[error("the content is longer than {MAX_CONTENT_CHARS} characters")]
    TooLong,
    #[error("the title is longer than {MAX_TITLE_CHARS} characters")]
    TitleTooLong,
    #[error("the title is empty")]
    TitleEmpty,
}

/// A post as its author wrote it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostText {
    pub title: Option<String>,
    /// Markdown source.
    pub source: String,
    /// Rendered and sanitized HTML.
    pub html: String,
}

impl PostText {
    pub fn from_markdown(title: Option<&str>, source: &str) -> Result<PostText, ContentError> {
        let title = match title.map(str::trim) {
            None => None,
            Some("") => return Err(ContentError::TitleEmpty),
            Some(t) if t.chars().count() > MAX_TITLE_CHARS => {
                return Err(ContentError::TitleTooLong)
            }
            Some(t) => Some(clean_line(t, MAX_TITLE_CHARS)).filter(|t| !t.is_empty()),
        };
        let source = source.trim();
        if source.is_empty() {
            return Err(ContentError::Empty);
        }
        if source.chars().count() > MAX_CONTENT_CHARS {
            return Err(ContentError::TooLong);
        }
        Ok(PostText {
            title,
            source: source.to_string(),
            html: markdown_to_safe_html(source),
        })
    }
}

pub fn markdown_to_safe_html(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::empty());
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    sanitize_html(&html)
}

/// The tags kept in any HTML we store or show (the fuzz targets check outputs against it too).
pub const ALLOWED_TAGS: &[&str] = &[
    "a",
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "del",
    "blockquote",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "span",
];

/// The allow-list applied to every piece of HTML we store or show, local or remote.
pub fn sanitize_html(html: &str) -> String {
    let tags: HashSet<&str> = ALLOWED_TAGS.iter().copied().collect();
    ammonia::Builder::default()
        .tags(tags)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(html)
        .to_string()
}

/// Text made safe to put inside HTML we write ourselves (a title in a summary paragraph).
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One line of text written elsewhere (a display name, a title), made safe to show as text:
/// control characters, bidirectional overrides, embeddings and isolates (U+202E turns
/// `moc.elpmaxe` into `example.com` on screen), and invisible characters that make a name
/// look empty or like another are removed; white space runs become one space; the result
/// is cut to `max_chars`. Joiners (U+200C, U+200D) stay: emoji and Persian need them.
pub fn clean_line(text: &str, max_chars: usize) -> String {
    let kept: String = text.chars().filter(|c| !is_hidden(*c)).collect();
    kept.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max_chars)
        .collect()
}

/// Characters that change how text around them reads, or show nothing at all.
fn is_hidden(c: char) -> bool {
    (c.is_control() && !c.is_whitespace())
        || matches!(c,
            '\u{00AD}'                   // soft hyphen
            | '\u{061C}'                 // Arabic letter mark
            | '\u{115F}' | '\u{1160}'    // Hangul fillers (blank names)
            | '\u{180E}'                 // Mongolian vowel separator
            | '\u{200B}'                 // zero width space
            | '\u{200E}' | '\u{200F}'    // left-to-right and right-to-left marks
            | '\u{202A}'..='\u{202E}'    // embeddings and overrides
            | '\u{2060}'..='\u{2064}'    // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}'    // isolates
            | '\u{3164}' | '\u{FFA0}'    // Hangul fillers
            | '\u{FEFF}'                 // byte order mark
            | '\u{FFF9}'..='\u{FFFB}') // interlinear annotations
}

/// Plain text of sanitized HTML, for previews and fallbacks.
pub fn html_to_text(html: &str) -> String {
    ammonia::Builder::empty().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_and_script_removed() {
        let text = PostText::from_markdown(
            Some("Ordre du jour"),
            "**Bonjour** <script>alert(1)</script> [lien](javascript:alert(1))",
        )
        .unwrap();
        assert!(
            text.html.contains("<strong>Bonjour</strong>"),
            "{}",
            text.html
        );
        assert!(!text.html.contains("script"), "{}", text.html);
        assert!(!text.html.contains("javascript"), "{}", text.html);
    }

    #[test]
    fn remote_html_keeps_links_but_loses_handlers() {
        let clean = sanitize_html(
            r#"<p onclick="x()">Hi <a href="https://a.example/x">a</a><img src=x onerror=y></p>"#,
        );
        assert_eq!(
            clean,
            r#"<p>Hi <a href="https://a.example/x" rel="nofollow noopener noreferrer">a</a></p>"#
        );
    }

    #[test]
    fn empty_and_oversized_content_is_refused() {
        assert_eq!(
            PostText::from_markdown(None, "  "),
            Err(ContentError::Empty)
        );
        assert_eq!(
            PostText::from_markdown(None, &"x".repeat(MAX_CONTENT_CHARS + 1)),
            Err(ContentError::TooLong)
        );
        assert_eq!(
            PostText::from_markdown(Some(" "), "x"),
            Err(ContentError::TitleEmpty)
        );
        assert_eq!(
            PostText::from_markdown(Some(&"t".repeat(MAX_TITLE_CHARS + 1)), "x"),
            Err(ContentError::TitleTooLong)
        );
    }

    /// Each hostile fragment, and what must not survive sanitising.
    const HOSTILE: &[(&str, &[&str])] = &[
        ("<script>alert(1)</script>", &["<script", "alert"]),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", &["script", "evil"]),
        ("<p onmouseover=\"alert(1)\">x</p>", &["onmouseover", "alert"]),
        ("<img src=x onerror=alert(1)>", &["<img", "onerror"]),
        ("<body onload=alert(1)>", &["<body", "onload"]),
        ("<a href=\"javascript:alert(1)\">x</a>", &["javascript", "alert"]),
        ("<a href=\"JaVaScRiPt:alert(1)\">x</a>", &["avascript", "alert"]),
        ("<a href=\"java&#x09;script:alert(1)\">x</a>", &["script", "alert"]),
        ("<a href=\"  javascript:alert(1)\">x</a>", &["javascript", "alert"]),
        ("<a href=\"vbscript:msgbox(1)\">x</a>", &["vbscript"]),
        ("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>", &["data:"]),
        ("<svg onload=alert(1)><circle r=40></circle></svg>", &["<svg", "onload", "circle"]),
        ("<svg><script>alert(1)</script></svg>", &["<svg", "script", "alert"]),
        ("<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>", &["xlink", "javascript"]),
        ("<svg><animate attributeName=href to=javascript:alert(1) /></svg>", &["animate", "javascript"]),
        ("<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>", &["<math", "maction", "javascript"]),
        // Mutation XSS through foreign content (the DOMPurify bypasses of 2020).
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", &["<img", "onerror", "<style", "<math"]),
        ("<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>", &["<img", "onerror", "<form"]),
        ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", &["<img src", "<noscript"]),
        ("<iframe src=\"https://evil.example\"></iframe>", &["iframe"]),
        ("<object data=\"x.swf\"></object><embed src=x.swf>", &["<object", "<embed"]),
        ("<style>body{background:url(javascript:alert(1))}</style>", &["<style", "javascript"]),
        ("<p style=\"background:url(javascript:alert(1))\">x</p>", &["style", "javascript"]),
        ("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">", &["<meta", "refresh"]),
        ("<base href=\"https://evil.example/\">", &["<base"]),
        ("<form action=\"https://evil.example\"><input name=password></form>", &["<form", "<input"]),
        ("<a href=\"https://ok.example\" target=\"_blank\" ping=\"https://evil.example\">x</a>", &["ping", "target"]),
        ("<!--<script>alert(1)</script>-->", &["script"]),
        ("<p>x</p><![CDATA[<script>alert(1)</script>]]>", &["<script"]),
    ];

    #[test]
    fn hostile_html_is_stripped() {
        for (input, forbidden) in HOSTILE {
            let clean = sanitize_html(input);
            for bad in *forbidden {
                assert!(
                    !clean
                        .to_ascii_lowercase()
                        .contains(&bad.to_ascii_lowercase()),
                    "{input:?} became {clean:?}, which still holds {bad:?}"
                );
            }
            // Cleaning is stable: what we store comes out the same when cleaned again.
            assert_eq!(sanitize_html(&clean), clean, "{input:?}");
        }
    }

    #[test]
    fn markdown_cannot_smuggle_html_or_script_links() {
        for source in [
            "[x](javascript:alert(1))",
            "![x](javascript:alert(1))",
            "<javascript:alert(1)>",
            "[x]: javascript:alert(1)\n\n[y][x]",
            "<svg onload=alert(1)>",
            "<details open ontoggle=alert(1)>",
        ] {
            let html = markdown_to_safe_html(source);
            // The words may stay as text; never as a link or an image source.
            assert!(!html.contains("=\"javascript:"), "{source:?} -> {html:?}");
            assert!(!html.contains("onload"), "{source:?} -> {html:?}");
            assert!(!html.contains("ontoggle"), "{source:?} -> {html:?}");
            assert!(!html.contains("<svg"), "{source:?} -> {html:?}");
        }
    }

    #[test]
    fn names_lose_bidi_overrides_and_invisible_characters() {
        // "alice" followed by a right-to-left override: would show "exe.cod" reversed.
        assert_eq!(clean_line("alice\u{202E}doc.exe", 100), "alicedoc.exe");
        assert_eq!(
            clean_line("\u{2067}Admin\u{2069} \u{200F}officiel", 100),
            "Admin officiel"
        );
        // Names that look empty, or hide a letter.
        assert_eq!(clean_line("\u{3164}\u{115F}", 100), "");
        assert_eq!(clean_line("al\u{200B}ice\u{FEFF}", 100), "alice");
        // New lines and tabs cannot fake a second line in a list.
        assert_eq!(
            clean_line("Bob\n\nModérateur:\tAlice", 100),
            "Bob Modérateur: Alice"
        );
        // Emoji sequences and other scripts stay whole.
        assert_eq!(
            clean_line("Famille 👨\u{200D}👩\u{200D}👧", 100),
            "Famille 👨\u{200D}👩\u{200D}👧"
        );
        assert_eq!(clean_line("مرحبا Ünïcödé", 100), "مرحبا Ünïcödé");
        assert_eq!(clean_line(&"é".repeat(300), 100).chars().count(), 100);
    }

    #[test]
    fn local_titles_are_cleaned_too() {
        let text = PostText::from_markdown(Some("Vote\u{202E} final"), "x").unwrap();
        assert_eq!(text.title.as_deref(), Some("Vote final"));
        assert_eq!(
            PostText::from_markdown(Some("\u{202E}\u{200B}"), "x")
                .unwrap()
                .title,
            None
        );
    }

    #[test]
    fn text_of_html() {
        assert_eq!(html_to_text("<p>a <b>b</b></p>"), "a b");
    }
}
