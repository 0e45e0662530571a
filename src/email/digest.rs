//! The words of a digest email: a greeting, the news grouped by group with a link to each
//! item and to the group, and how to change what one receives; as plain text and as HTML, in
//! the member's language. Pure: the caller gathers the items and their absolute links.

use crate::{domain::digest::Period, web::i18n::Lang};

use super::Mail;

/// One piece of news in a digest.
#[derive(Debug, Clone)]
pub struct Line {
    /// The notification kind (`decision`, `proposal_published`...).
    pub kind: String,
    pub title: String,
    /// Absolute URL of what it is about.
    pub url: String,
}

/// The news of one group.
#[derive(Debug, Clone)]
pub struct Section {
    pub group_name: String,
    pub group_url: String,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone)]
pub struct Digest {
    pub lang: Lang,
    pub period: Period,
    /// The node's domain, as people know it.
    pub server: String,
    pub recipient_name: String,
    /// Absolute URL of the member's settings page.
    pub settings_url: String,
    pub sections: Vec<Section>,
}

/// The label of a notification kind (`decision` -> `email-kind-decision`).
fn kind_label(lang: Lang, kind: &str) -> String {
    let key = format!("email-kind-{}", kind.replace('_', "-"));
    if lang.has(&key) {
        lang.text(&key)
    } else {
        lang.text("email-kind-other")
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Titles come from members (and other nodes): one line, no control characters.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn render(digest: &Digest) -> Mail {
    let lang = digest.lang;
    let count: usize = digest.sections.iter().map(|s| s.lines.len()).sum();
    let subject = lang.text_with(
        &format!("email-digest-subject-{}", digest.period.as_str()),
        &[("server", digest.server.clone())],
    );
    let greeting = lang.text_with(
        "email-digest-greeting",
        &[("name", one_line(&digest.recipient_name))],
    );
    let intro = lang.count("email-digest-intro", count as i64);
    let footer = lang.text("email-digest-footer");
    let settings = lang.text("email-digest-settings");
    let group_page = lang.text("email-digest-group-page");

    let mut text = format!("{greeting}\n{intro}\n");
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body>\n<p>{}<br>{}</p>\n",
        lang.code(),
        escape(&subject),
        escape(&greeting),
        escape(&intro)
    );
    for section in &digest.sections {
        let name = one_line(&section.group_name);
        text.push_str(&format!(
            "\n== {name} ==\n{group_page}: {}\n",
            section.group_url
        ));
        html.push_str(&format!(
            "<h2><a href=\"{}\">{}</a></h2>\n<ul>\n",
            escape(&section.group_url),
            escape(&name)
        ));
        for line in &section.lines {
            let label = kind_label(lang, &line.kind);
            let title = one_line(&line.title);
            text.push_str(&format!("- {label}: {title}\n  {}\n", line.url));
            html.push_str(&format!(
                "<li>{}: <a href=\"{}\">{}</a></li>\n",
                escape(&label),
                escape(&line.url),
                escape(&title)
            ));
        }
        html.push_str("</ul>\n");
    }
    text.push_str(&format!(
        "\n-- \n{footer}\n{settings}: {}\n",
        digest.settings_url
    ));
    html.push_str(&format!(
        "<hr>\n<p>{}<br><a href=\"{}\">{}</a></p>\n</body></html>\n",
        escape(&footer),
        escape(&digest.settings_url),
        escape(&settings)
    ));
    Mail {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(lang: Lang) -> Digest {
        Digest {
            lang,
            period: Period::Daily,
            server: "rennes.example.coop".into(),
            recipient_name: "Sam".into(),
            settings_url: "https://rennes.example.coop/settings".into(),
            sections: vec![
                Section {
                    group_name: "La Coop".into(),
                    group_url: "https://rennes.example.coop/groups/coop".into(),
                    lines: vec![
                        Line {
                            kind: "decision".into(),
                            title: "Budget <2027> & co".into(),
                            url: "https://rennes.example.coop/vote/3".into(),
                        },
                        Line {
                            kind: "something_new".into(),
                            title: "Other\nnews".into(),
                            url: "https://rennes.example.coop/proposal/4".into(),
                        },
                    ],
                },
                Section {
                    group_name: "Jardin".into(),
                    group_url: "https://nantes.example.coop/groups/jardin".into(),
                    lines: vec![Line {
                        kind: "assembly".into(),
                        title: "AG de printemps".into(),
                        url: "https://rennes.example.coop/event/9".into(),
                    }],
                },
            ],
        }
    }

    #[test]
    fn a_french_digest_lists_each_groups_news_with_links() {
        let mail = render(&digest(Lang::Fr));
        assert_eq!(
            mail.subject,
            "Vos nouvelles du jour sur rennes.example.coop"
        );
        assert!(
            mail.text.starts_with("Bonjour Sam,\nvoici 3 nouvelles"),
            "{}",
            mail.text
        );
        assert!(mail
            .text
            .contains("== La Coop ==\nPage du groupe: https://rennes.example.coop/groups/coop"));
        assert!(mail
            .text
            .contains("- Décision: Budget <2027> & co\n  https://rennes.example.coop/vote/3"));
        assert!(
            mail.text.contains("- Nouvelle: Other news\n"),
            "unknown kinds are news"
        );
        assert!(mail.text.contains("- Assemblée générale: AG de printemps"));
        assert!(mail.text.find("La Coop") < mail.text.find("Jardin"));
        assert!(mail.html.contains("<html lang=\"fr\">"));
        assert!(mail.html.contains(
            "<li>Décision: <a href=\"https://rennes.example.coop/vote/3\">Budget &lt;2027&gt; &amp; co</a></li>"
        ));
        assert!(!mail.html.contains("<2027>"), "titles are escaped");
        assert!(mail
            .html
            .contains("href=\"https://rennes.example.coop/settings\""));
    }

    #[test]
    fn an_english_weekly_digest() {
        let mut weekly = digest(Lang::En);
        weekly.period = Period::Weekly;
        weekly.sections.truncate(1);
        weekly.sections[0].lines.truncate(1);
        let mail = render(&weekly);
        assert_eq!(mail.subject, "Your weekly news from rennes.example.coop");
        assert!(
            mail.text.starts_with("Hello Sam,\nhere is the news"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains("- Decision: Budget <2027> & co"));
        assert!(mail
            .text
            .contains("Your settings: https://rennes.example.coop/settings"));
        assert!(mail.html.contains("<html lang=\"en\">"));
        assert!(mail.html.contains("Group page") || mail.html.contains("La Coop"));
    }
}
