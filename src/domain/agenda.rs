//! Meetings of a governance body and their agendas, as pure rules: what a meeting and an
//! agenda item must say, the states of an item (proposed by a member, then accepted or
//! declined by the body, a decline always with its reason), and who may do what.
//! Storage and federation (`service::agenda`, `service::meeting_federation`) apply them.

use crate::domain::content::clean_line;

words!(ItemState { Proposed => "proposed", Accepted => "accepted", Declined => "declined" });

/// The longest title of a meeting or an item, in characters.
pub const TITLE_MAX: usize = 200;
/// The longest text of an item, a reason or an outcome, in characters of Markdown.
pub const TEXT_MAX: usize = 10_000;
/// The longest place of a meeting.
pub const PLACE_MAX: usize = 300;

/// Why a meeting or an item was refused, with the field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub field: &'static str,
    pub message: &'static str,
}

fn refuse(code: &'static str, field: &'static str, message: &'static str) -> Refusal {
    Refusal {
        code,
        field,
        message,
    }
}

/// A meeting as a moderator sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingInput {
    pub title: String,
    pub starts_at: i64,
    pub place: Option<String>,
    pub items_open: bool,
}

impl MeetingInput {
    /// Cleans and checks what was typed: a title, a place of sensible length.
    pub fn checked(
        title: &str,
        starts_at: i64,
        place: Option<&str>,
        items_open: bool,
    ) -> Result<MeetingInput, Refusal> {
        let title = clean_line(title, TITLE_MAX + 1);
        if title.is_empty() {
            return Err(refuse("title_required", "title", "a meeting needs a title"));
        }
        if title.chars().count() > TITLE_MAX {
            return Err(refuse(
                "title_too_long",
                "title",
                "the title is longer than 200 characters",
            ));
        }
        let place = place
            .map(|p| clean_line(p, PLACE_MAX + 1))
            .filter(|p| !p.is_empty());
        if place
            .as_ref()
            .is_some_and(|p| p.chars().count() > PLACE_MAX)
        {
            return Err(refuse(
                "place_too_long",
                "place",
                "the place is longer than 300 characters",
            ));
        }
        if starts_at <= 0 {
            return Err(refuse(
                "invalid_date",
                "starts_at",
                "the meeting needs a date and time",
            ));
        }
        Ok(MeetingInput {
            title,
            starts_at,
            place,
            items_open,
        })
    }
}

/// An agenda item as its author writes it (Markdown text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemInput {
    pub title: String,
    pub text: String,
}

impl ItemInput {
    pub fn checked(title: &str, text: &str) -> Result<ItemInput, Refusal> {
        let title = clean_line(title, TITLE_MAX + 1);
        if title.is_empty() {
            return Err(refuse(
                "title_required",
                "title",
                "an agenda item needs a title",
            ));
        }
        if title.chars().count() > TITLE_MAX {
            return Err(refuse(
                "title_too_long",
                "title",
                "the title is longer than 200 characters",
            ));
        }
        let text = text.trim().to_string();
        if text.chars().count() > TEXT_MAX {
            return Err(refuse(
                "text_too_long",
                "text",
                "the text is longer than 10,000 characters",
            ));
        }
        Ok(ItemInput { title, text })
    }
}

/// The body's answer to a proposed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub accepted: bool,
    pub reason: Option<String>,
}

impl Decision {
    /// A decline must say why (the member who proposed it reads the reason); an acceptance
    /// may carry a note.
    pub fn checked(accepted: bool, reason: Option<&str>) -> Result<Decision, Refusal> {
        let reason = reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        if reason
            .as_ref()
            .is_some_and(|r| r.chars().count() > TEXT_MAX)
        {
            return Err(refuse(
                "reason_too_long",
                "reason",
                "the reason is longer than 10,000 characters",
            ));
        }
        if !accepted && reason.is_none() {
            return Err(refuse(
                "reason_required",
                "reason",
                "say why the item is declined: its author reads the reason",
            ));
        }
        Ok(Decision { accepted, reason })
    }

    pub fn state(&self) -> ItemState {
        if self.accepted {
            ItemState::Accepted
        } else {
            ItemState::Declined
        }
    }
}

/// Whether an item in `current` state may be answered `decision`: a proposed item gets its
/// first answer; the body may change its mind on a decided one (a point declined for lack of
/// time may be taken after all), but the same answer again changes nothing.
pub fn answer_changes(
    current: ItemState,
    decision: &Decision,
    current_reason: Option<&str>,
) -> bool {
    current != decision.state() || current_reason != decision.reason.as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_needs_a_title_and_a_date() {
        assert_eq!(
            MeetingInput::checked("  ", 1, None, true).unwrap_err().code,
            "title_required"
        );
        assert_eq!(
            MeetingInput::checked("CA", 0, None, true)
                .unwrap_err()
                .field,
            "starts_at"
        );
        let m = MeetingInput::checked(" CA  de\u{202E} décembre ", 5, Some("  "), false).unwrap();
        assert_eq!(m.title, "CA de décembre");
        assert_eq!(m.place, None);
        assert!(MeetingInput::checked(&"x".repeat(201), 5, None, true).is_err());
    }

    #[test]
    fn an_item_needs_a_title_and_bounded_text() {
        assert_eq!(
            ItemInput::checked("", "texte").unwrap_err().code,
            "title_required"
        );
        assert_eq!(
            ItemInput::checked("Point", &"a".repeat(TEXT_MAX + 1))
                .unwrap_err()
                .code,
            "text_too_long"
        );
        let item = ItemInput::checked("Budget 2027", "  Voir **annexe**  ").unwrap();
        assert_eq!(item.text, "Voir **annexe**");
    }

    #[test]
    fn a_decline_says_why() {
        assert_eq!(
            Decision::checked(false, Some("  ")).unwrap_err().code,
            "reason_required"
        );
        let declined = Decision::checked(false, Some("Déjà traité en octobre")).unwrap();
        assert_eq!(declined.state(), ItemState::Declined);
        let accepted = Decision::checked(true, None).unwrap();
        assert_eq!(accepted.state(), ItemState::Accepted);
    }

    #[test]
    fn the_same_answer_again_changes_nothing() {
        let accepted = Decision::checked(true, None).unwrap();
        assert!(answer_changes(ItemState::Proposed, &accepted, None));
        assert!(!answer_changes(ItemState::Accepted, &accepted, None));
        let declined = Decision::checked(false, Some("Hors sujet")).unwrap();
        assert!(answer_changes(ItemState::Accepted, &declined, None));
        assert!(!answer_changes(
            ItemState::Declined,
            &declined,
            Some("Hors sujet")
        ));
    }
}
