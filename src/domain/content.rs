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
            Some(t) => Some(t.to_string()),
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

/// The allow-list applied to every piece of HTML we store or show, local or remote.
pub fn sanitize_html(html: &str) -> String {
    let tags: HashSet<&str> = [
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
    ]
    .into_iter()
    .collect();
    ammonia::Builder::default()
        .tags(tags)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(html)
        .to_string()
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

    #[test]
    fn text_of_html() {
        assert_eq!(html_to_text("<p>a <b>b</b></p>"), "a b");
    }
}
