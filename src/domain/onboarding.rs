//! Welcoming newcomers, as pure rules: what a group's "who we are" page and the steps of its
//! onboarding path may hold (titles, Markdown, kinds, links: http or https only), which steps
//! complete themselves (reading the about page, a confirmed registration to the linked event),
//! how far a member is along the path, and how steps are reordered. `service::onboarding` and
//! `service::group_about` apply them; nothing here touches storage.

use super::content::{clean_line, markdown_to_safe_html};

words!(StepKind { Read => "read", Meet => "meet", Attend => "attend", Other => "other" });
words!(LinkKind { About => "about", Event => "event", Url => "url" });
words!(DoneHow { Marked => "marked", AboutRead => "about_read",
    EventRegistration => "event_registration" });

/// Longest step title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest step description (Markdown), in characters: a short paragraph or two.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;
/// Longest link address.
pub const MAX_URL_CHARS: usize = 2_000;
/// Longest part of the about page (Markdown), in characters.
pub const MAX_ABOUT_PART_CHARS: usize = 20_000;
/// Most steps on one path: a welcome, not a course.
pub const MAX_STEPS: usize = 30;

/// Why a step or an about page is refused; each has a stable code and the form field it is
/// about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OnboardingError {
    #[error("the step needs a title")]
    EmptyTitle,
    #[error("the title is longer than {MAX_TITLE_CHARS} characters")]
    TitleTooLong,
    #[error("the description is longer than {MAX_DESCRIPTION_CHARS} characters")]
    DescriptionTooLong,
    #[error("the kind is one of read, meet, attend, other")]
    InvalidKind,
    #[error("the link is one of about, event, url, or none")]
    InvalidLinkKind,
    #[error("choose the event the step links to")]
    MissingEvent,
    #[error("the link must be an http or https address")]
    InvalidUrl,
    #[error("the path has at most {MAX_STEPS} steps")]
    TooManySteps,
    #[error("write at least one part of the page")]
    EmptyAbout,
    #[error("a part of the page is longer than {MAX_ABOUT_PART_CHARS} characters")]
    AboutTooLong,
}

impl OnboardingError {
    pub fn code(&self) -> &'static str {
        match self {
            OnboardingError::EmptyTitle => "empty_title",
            OnboardingError::TitleTooLong => "title_too_long",
            OnboardingError::DescriptionTooLong => "description_too_long",
            OnboardingError::InvalidKind => "invalid_kind",
            OnboardingError::InvalidLinkKind => "invalid_link_kind",
            OnboardingError::MissingEvent => "missing_event",
            OnboardingError::InvalidUrl => "invalid_url",
            OnboardingError::TooManySteps => "too_many_steps",
            OnboardingError::EmptyAbout => "empty_about",
            OnboardingError::AboutTooLong => "about_too_long",
        }
    }

    /// The form field the error belongs beside.
    pub fn field(&self) -> &'static str {
        match self {
            OnboardingError::EmptyTitle | OnboardingError::TitleTooLong => "title",
            OnboardingError::DescriptionTooLong => "description",
            OnboardingError::InvalidKind => "kind",
            OnboardingError::InvalidLinkKind | OnboardingError::TooManySteps => "link",
            OnboardingError::MissingEvent => "event",
            OnboardingError::InvalidUrl => "url",
            OnboardingError::EmptyAbout | OnboardingError::AboutTooLong => "about",
        }
    }
}

/// Where a step points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepLink {
    /// The group's "who we are" page.
    About,
    /// An event of the group (its id here).
    Event(i64),
    /// Any web address (http or https).
    Url(String),
}

impl StepLink {
    pub fn kind(&self) -> LinkKind {
        match self {
            StepLink::About => LinkKind::About,
            StepLink::Event(_) => LinkKind::Event,
            StepLink::Url(_) => LinkKind::Url,
        }
    }
}

/// A step as typed in a form or sent to the API, before any check.
#[derive(Debug, Clone, Default)]
pub struct StepInput {
    pub title: String,
    /// Markdown.
    pub description: String,
    pub kind: String,
    /// `about`, `event`, `url`; empty or `none`: no link.
    pub link: String,
    pub event_id: Option<i64>,
    pub url: String,
}

/// A step that passed the checks, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedStep {
    pub title: String,
    pub description_source: String,
    pub description_html: String,
    pub kind: StepKind,
    pub link: Option<StepLink>,
}

/// Checks a step. Whether a linked event belongs to the group is the service's to check.
pub fn check_step(input: &StepInput) -> Result<CheckedStep, OnboardingError> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(OnboardingError::EmptyTitle);
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(OnboardingError::TitleTooLong);
    }
    let title = clean_line(title, MAX_TITLE_CHARS);
    if title.is_empty() {
        return Err(OnboardingError::EmptyTitle);
    }
    let description = input.description.trim();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(OnboardingError::DescriptionTooLong);
    }
    let kind = StepKind::parse(input.kind.trim()).ok_or(OnboardingError::InvalidKind)?;
    let link = match input.link.trim() {
        "" | "none" => None,
        raw => Some(
            match LinkKind::parse(raw).ok_or(OnboardingError::InvalidLinkKind)? {
                LinkKind::About => StepLink::About,
                LinkKind::Event => {
                    StepLink::Event(input.event_id.ok_or(OnboardingError::MissingEvent)?)
                }
                LinkKind::Url => StepLink::Url(check_url(&input.url)?),
            },
        ),
    };
    Ok(CheckedStep {
        title,
        description_source: description.to_string(),
        description_html: if description.is_empty() {
            String::new()
        } else {
            markdown_to_safe_html(description)
        },
        kind,
        link,
    })
}

/// An address a step may link to: absolute, http or https, with a host. Anything else
/// (`javascript:`, `data:`, a relative path) is refused rather than cleaned.
pub fn check_url(raw: &str) -> Result<String, OnboardingError> {
    let raw = raw.trim();
    if raw.is_empty() || raw.chars().count() > MAX_URL_CHARS {
        return Err(OnboardingError::InvalidUrl);
    }
    let parsed = url::Url::parse(raw).map_err(|_| OnboardingError::InvalidUrl)?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none_or(str::is_empty) {
        return Err(OnboardingError::InvalidUrl);
    }
    Ok(parsed.to_string())
}

/// What completes a step without the member marking it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoDone {
    /// A "read" step linking to the about page: opening that page while logged in.
    AboutRead,
    /// An "attend" step linking to an event: a confirmed (accepted) registration to it.
    EventConfirmed(i64),
}

pub fn auto_done(kind: StepKind, link: Option<&StepLink>) -> Option<AutoDone> {
    match (kind, link) {
        (StepKind::Read, Some(StepLink::About)) => Some(AutoDone::AboutRead),
        (StepKind::Attend, Some(StepLink::Event(id))) => Some(AutoDone::EventConfirmed(*id)),
        _ => None,
    }
}

/// Whether a step is done for a member, and how: what is stored (marked, or the about page
/// read) comes first; otherwise a confirmed registration to the linked event. Marking such a
/// step "not done" removes the mark, but the registration still counts: the member attends.
pub fn step_done(stored: Option<DoneHow>, event_confirmed: bool) -> Option<DoneHow> {
    stored.or(event_confirmed.then_some(DoneHow::EventRegistration))
}

/// How far a member is along the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    pub fn of(done_flags: impl IntoIterator<Item = bool>) -> Progress {
        let (mut done, mut total) = (0, 0);
        for flag in done_flags {
            total += 1;
            done += usize::from(flag);
        }
        Progress { done, total }
    }

    /// Every step done (a path without steps has nothing to complete).
    pub fn complete(&self) -> bool {
        self.done >= self.total
    }

    /// Whether a member should be invited to follow the path.
    pub fn worth_prompting(&self) -> bool {
        self.total > 0 && !self.complete()
    }
}

/// The order after moving `id` one place up or down; `None` when it cannot move (first going
/// up, last going down, or unknown).
pub fn moved(order: &[i64], id: i64, up: bool) -> Option<Vec<i64>> {
    let at = order.iter().position(|i| *i == id)?;
    let to = if up { at.checked_sub(1)? } else { at + 1 };
    if to >= order.len() {
        return None;
    }
    let mut order = order.to_vec();
    order.swap(at, to);
    Some(order)
}

/// The order after putting `id` at `position` (0-based; past the end means last).
pub fn placed(order: &[i64], id: i64, position: usize) -> Option<Vec<i64>> {
    let at = order.iter().position(|i| *i == id)?;
    let mut order = order.to_vec();
    order.remove(at);
    order.insert(position.min(order.len()), id);
    Some(order)
}

/// The four parts of a group's "who we are" page, as written (Markdown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AboutInput {
    pub who_we_are: String,
    pub what_we_do: String,
    pub how_to_take_part: String,
    pub statutes_summary: String,
}

/// One part, checked: its source and sanitized HTML (both empty when not written).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AboutPart {
    pub source: String,
    pub html: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAbout {
    pub who_we_are: AboutPart,
    pub what_we_do: AboutPart,
    pub how_to_take_part: AboutPart,
    pub statutes_summary: AboutPart,
}

/// Checks the page: at least one part written, none too long.
pub fn check_about(input: &AboutInput) -> Result<CheckedAbout, OnboardingError> {
    let parts = [
        &input.who_we_are,
        &input.what_we_do,
        &input.how_to_take_part,
        &input.statutes_summary,
    ];
    if parts.iter().all(|p| p.trim().is_empty()) {
        return Err(OnboardingError::EmptyAbout);
    }
    if parts
        .iter()
        .any(|p| p.trim().chars().count() > MAX_ABOUT_PART_CHARS)
    {
        return Err(OnboardingError::AboutTooLong);
    }
    let part = |text: &str| {
        let source = text.trim();
        AboutPart {
            source: source.to_string(),
            html: if source.is_empty() {
                String::new()
            } else {
                markdown_to_safe_html(source)
            },
        }
    };
    Ok(CheckedAbout {
        who_we_are: part(&input.who_we_are),
        what_we_do: part(&input.what_we_do),
        how_to_take_part: part(&input.how_to_take_part),
        statutes_summary: part(&input.statutes_summary),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(title: &str, kind: &str, link: &str) -> StepInput {
        StepInput {
            title: title.into(),
            description: "Une *courte* description".into(),
            kind: kind.into(),
            link: link.into(),
            event_id: None,
            url: String::new(),
        }
    }

    #[test]
    fn a_step_needs_a_title_a_known_kind_and_a_safe_link() {
        let ok = check_step(&step("  Lire nos statuts  ", "read", "about")).unwrap();
        assert_eq!(ok.title, "Lire nos statuts");
        assert_eq!(ok.kind, StepKind::Read);
        assert_eq!(ok.link, Some(StepLink::About));
        assert!(ok.description_html.contains("<em>courte</em>"));
        assert_eq!(
            check_step(&step("   ", "read", "")),
            Err(OnboardingError::EmptyTitle)
        );
        assert_eq!(
            check_step(&step("\u{200B}", "read", "")),
            Err(OnboardingError::EmptyTitle)
        );
        assert_eq!(
            check_step(&step(&"x".repeat(201), "read", "")),
            Err(OnboardingError::TitleTooLong)
        );
        assert_eq!(
            check_step(&step("Titre", "visit", "")),
            Err(OnboardingError::InvalidKind)
        );
        assert_eq!(
            check_step(&step("Titre", "meet", "page")),
            Err(OnboardingError::InvalidLinkKind)
        );
        assert_eq!(
            check_step(&step("Titre", "attend", "event")),
            Err(OnboardingError::MissingEvent)
        );
        let mut long = step("Titre", "other", "none");
        long.description = "a".repeat(MAX_DESCRIPTION_CHARS + 1);
        assert_eq!(check_step(&long), Err(OnboardingError::DescriptionTooLong));
        let mut event = step("Réunion d'information", "attend", "event");
        event.event_id = Some(7);
        assert_eq!(check_step(&event).unwrap().link, Some(StepLink::Event(7)));
        let mut none = step("Rencontrer", "meet", "none");
        none.description = String::new();
        let none = check_step(&none).unwrap();
        assert_eq!((none.link, none.description_html), (None, String::new()));
    }

    #[test]
    fn links_are_http_or_https_addresses_only() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,<script>",
            "/groups/x/about",
            "ftp://example.org/statuts.pdf",
            "mailto:bureau@example.org",
            "https://",
            "",
        ] {
            assert_eq!(check_url(bad), Err(OnboardingError::InvalidUrl), "{bad}");
        }
        assert_eq!(
            check_url(" https://coop.example/statuts ").unwrap(),
            "https://coop.example/statuts"
        );
        assert!(check_url("http://coop.example").is_ok());
        let mut with_url = step("Nos statuts", "read", "url");
        with_url.url = "javascript:alert(1)".into();
        assert_eq!(check_step(&with_url), Err(OnboardingError::InvalidUrl));
    }

    #[test]
    fn which_steps_complete_themselves() {
        assert_eq!(
            auto_done(StepKind::Read, Some(&StepLink::About)),
            Some(AutoDone::AboutRead)
        );
        assert_eq!(
            auto_done(StepKind::Attend, Some(&StepLink::Event(3))),
            Some(AutoDone::EventConfirmed(3))
        );
        assert_eq!(auto_done(StepKind::Meet, Some(&StepLink::About)), None);
        assert_eq!(auto_done(StepKind::Attend, Some(&StepLink::About)), None);
        assert_eq!(auto_done(StepKind::Read, None), None);
        assert_eq!(step_done(None, false), None);
        assert_eq!(step_done(None, true), Some(DoneHow::EventRegistration));
        assert_eq!(
            step_done(Some(DoneHow::Marked), true),
            Some(DoneHow::Marked)
        );
        assert_eq!(
            step_done(Some(DoneHow::AboutRead), false),
            Some(DoneHow::AboutRead)
        );
    }

    #[test]
    fn progress_counts_done_steps() {
        let p = Progress::of([true, false, true, false]);
        assert_eq!((p.done, p.total), (2, 4));
        assert!(!p.complete() && p.worth_prompting());
        let all = Progress::of([true, true]);
        assert!(all.complete() && !all.worth_prompting());
        let empty = Progress::of([]);
        assert!(empty.complete() && !empty.worth_prompting());
    }

    #[test]
    fn steps_move_one_place_or_to_a_position() {
        let order = [10, 20, 30];
        assert_eq!(moved(&order, 20, true), Some(vec![20, 10, 30]));
        assert_eq!(moved(&order, 20, false), Some(vec![10, 30, 20]));
        assert_eq!(moved(&order, 10, true), None);
        assert_eq!(moved(&order, 30, false), None);
        assert_eq!(moved(&order, 99, true), None);
        assert_eq!(placed(&order, 30, 0), Some(vec![30, 10, 20]));
        assert_eq!(placed(&order, 10, 9), Some(vec![20, 30, 10]));
        assert_eq!(placed(&order, 99, 0), None);
    }

    #[test]
    fn the_about_page_needs_one_part_and_is_sanitized() {
        assert_eq!(
            check_about(&AboutInput::default()),
            Err(OnboardingError::EmptyAbout)
        );
        let page = check_about(&AboutInput {
            who_we_are: "Une **coopérative** <script>alert(1)</script>".into(),
            statutes_summary: "  ".into(),
            ..Default::default()
        })
        .unwrap();
        assert!(page
            .who_we_are
            .html
            .contains("<strong>coopérative</strong>"));
        assert!(!page.who_we_are.html.contains("<script"));
        assert_eq!(page.statutes_summary, AboutPart::default());
        let too_long = AboutInput {
            what_we_do: "a".repeat(MAX_ABOUT_PART_CHARS + 1),
            ..Default::default()
        };
        assert_eq!(check_about(&too_long), Err(OnboardingError::AboutTooLong));
    }
}
