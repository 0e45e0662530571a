//! Governance bodies as pure rules: which kinds of body and of relation exist, what a body,
//! a relation and a seat on a body must say to be valid, when a mandate is ending, what a
//! trombinoscope photo may be (recognised by its bytes), and a person's initials for the
//! placeholder. Storage and `service::bodies` apply these; nothing here does I/O.

use chrono::NaiveDate;

words!(BodyKind {
    Board => "board",
    Bureau => "bureau",
    WorksCouncil => "works_council",
    GeneralAssembly => "general_assembly",
    LocalCommittee => "local_committee",
    Other => "other",
});

words!(RelationKind {
    Elects => "elects",
    Appoints => "appoints",
    ReportsTo => "reports_to",
    Advises => "advises",
});

impl BodyKind {
    /// The Fluent key of its label ("Conseil d'administration" / "Board").
    pub fn label_key(self) -> String {
        format!("body-kind-{}", self.as_str().replace('_', "-"))
    }
}

impl RelationKind {
    /// The Fluent key of the arrow's label ("élit" / "elects").
    pub fn label_key(self) -> String {
        format!("body-relation-{}", self.as_str().replace('_', "-"))
    }

    /// Whether the arrow goes down the diagram (the `from` body sits above the `to` body):
    /// a body elects or appoints the ones under it; it reports to or advises one above it.
    pub fn points_down(self) -> bool {
        matches!(self, RelationKind::Elects | RelationKind::Appoints)
    }
}

pub const MAX_NAME_CHARS: usize = 120;
pub const MAX_TEXT_CHARS: usize = 10_000;
pub const MAX_OFFICE_CHARS: usize = 120;
/// A mandate "ends soon" this many days before its last day, so a renewal can be prepared.
pub const ENDING_SOON_DAYS: i64 = 90;
/// Largest trombinoscope photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 2 * 1024 * 1024;

/// A refusal: a snake_case code and a readable sentence.
pub type Refusal = (&'static str, String);

/// A body's or a person's name: trimmed, 1 to 120 characters, on one line.
pub fn check_name(raw: &str) -> Result<String, Refusal> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    match name.chars().count() {
        0 => Err(("invalid_name", "give a name".into())),
        n if n > MAX_NAME_CHARS => Err((
            "invalid_name",
            format!("a name has at most {MAX_NAME_CHARS} characters"),
        )),
        _ => Ok(name),
    }
}

/// What a body is for, or how it decides: Markdown that must say something.
pub fn check_text(field: &'static str, raw: &str) -> Result<String, Refusal> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(("invalid_body_text", format!("{field} must be described")));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err((
            "invalid_body_text",
            format!("{field} has at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(text.to_string())
}

/// An office ("Présidente"): optional, one line, at most 120 characters.
pub fn check_office(raw: Option<&str>) -> Result<Option<String>, Refusal> {
    let Some(office) = raw.map(|o| o.split_whitespace().collect::<Vec<_>>().join(" ")) else {
        return Ok(None);
    };
    if office.chars().count() > MAX_OFFICE_CHARS {
        return Err((
            "invalid_office",
            format!("an office has at most {MAX_OFFICE_CHARS} characters"),
        ));
    }
    Ok((!office.is_empty()).then_some(office))
}

/// A day written `YYYY-MM-DD`, and nothing else.
pub fn parse_day(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()
}

/// A mandate's first and last days, each optional; the end may not come before the start.
/// Returns them as stored (`YYYY-MM-DD`).
pub fn check_mandate(
    start: Option<&str>,
    end: Option<&str>,
) -> Result<(Option<String>, Option<String>), Refusal> {
    let read = |raw: Option<&str>, which: &str| -> Result<Option<NaiveDate>, Refusal> {
        match raw.map(str::trim).filter(|r| !r.is_empty()) {
            None => Ok(None),
            Some(r) => parse_day(r).map(Some).ok_or_else(|| {
                (
                    "invalid_mandate_date",
                    format!("the mandate's {which} is a day written YYYY-MM-DD, not {r:?}"),
                )
            }),
        }
    };
    let start = read(start, "start")?;
    let end = read(end, "end")?;
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            return Err((
                "invalid_mandate",
                "a mandate cannot end before it starts".into(),
            ));
        }
    }
    let show = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    Ok((show(start), show(end)))
}

/// A relation joins two different bodies of the same group.
pub fn check_relation(
    from_id: i64,
    from_group: i64,
    to_id: i64,
    to_group: i64,
) -> Result<(), Refusal> {
    if from_id == to_id {
        return Err((
            "invalid_relation",
            "a body cannot be related to itself".into(),
        ));
    }
    if from_group != to_group {
        return Err((
            "invalid_relation",
            "both bodies must belong to the same group".into(),
        ));
    }
    Ok(())
}

/// Where a mandate stands on a given day, for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MandateState {
    /// No end date, or an end further than [`ENDING_SOON_DAYS`] away.
    Running,
    /// Ends within [`ENDING_SOON_DAYS`] days (the last day included).
    EndingSoon,
    /// Its last day is past.
    Ended,
}

pub fn mandate_state(end: Option<&str>, today: NaiveDate) -> MandateState {
    match end.and_then(parse_day) {
        None => MandateState::Running,
        Some(end) if end < today => MandateState::Ended,
        Some(end) if (end - today).num_days() <= ENDING_SOON_DAYS => MandateState::EndingSoon,
        Some(_) => MandateState::Running,
    }
}

pub fn mandate_ends_soon(end: Option<&str>, today: NaiveDate) -> bool {
    mandate_state(end, today) == MandateState::EndingSoon
}

pub fn mandate_ended(end: Option<&str>, today: NaiveDate) -> bool {
    mandate_state(end, today) == MandateState::Ended
}

/// The image type of a photo, read from its first bytes (never from what the sender
/// declares): PNG, JPEG or WebP; `None` for anything else.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Up to two initials for the placeholder of someone without a photo: "Anne-Laure Martin"
/// gives "AM", "zoé" gives "Z".
pub fn initials(name: &str) -> String {
    // Words without a letter or digit ("-", "&") give no initial.
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let first = |w: &str| {
        w.chars()
            .find(|c| c.is_alphanumeric())
            .map(|c| c.to_uppercase().collect::<String>())
    };
    match words.as_slice() {
        [] => "?".into(),
        [one] => first(one).unwrap_or_default(),
        [one, .., last] => format!(
            "{}{}",
            first(one).unwrap_or_default(),
            first(last).unwrap_or_default()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_day(s).unwrap()
    }

    #[test]
    fn kinds_have_words_and_label_keys() {
        assert_eq!(
            BodyKind::parse("general_assembly"),
            Some(BodyKind::GeneralAssembly)
        );
        assert_eq!(BodyKind::parse("senate"), None);
        assert_eq!(BodyKind::ALL.len(), 6);
        assert_eq!(
            BodyKind::WorksCouncil.label_key(),
            "body-kind-works-council"
        );
        assert_eq!(
            RelationKind::ReportsTo.label_key(),
            "body-relation-reports-to"
        );
        assert!(RelationKind::Elects.points_down());
        assert!(!RelationKind::Advises.points_down());
    }

    #[test]
    fn names_are_one_line_of_1_to_120_characters() {
        assert_eq!(
            check_name("  Conseil \n d'administration ").unwrap(),
            "Conseil d'administration"
        );
        assert!(check_name("   ").is_err());
        assert!(check_name(&"é".repeat(120)).is_ok());
        assert!(check_name(&"é".repeat(121)).is_err());
    }

    #[test]
    fn texts_are_required_and_bounded() {
        assert!(check_text("role", " \n ").is_err());
        assert_eq!(check_text("role", " **Vote** ").unwrap(), "**Vote**");
        assert!(check_text("role", &"a".repeat(MAX_TEXT_CHARS + 1)).is_err());
        assert_eq!(check_office(Some("  ")).unwrap(), None);
        assert_eq!(
            check_office(Some(" Présidente ")).unwrap().as_deref(),
            Some("Présidente")
        );
        assert!(check_office(Some(&"x".repeat(121))).is_err());
    }

    #[test]
    fn mandates_are_days_and_end_after_they_start() {
        assert_eq!(
            check_mandate(Some("2024-07-01"), Some("2027-06-30")).unwrap(),
            (Some("2024-07-01".into()), Some("2027-06-30".into()))
        );
        assert_eq!(check_mandate(None, Some(" ")).unwrap(), (None, None));
        assert_eq!(
            check_mandate(Some("2024-07-01"), Some("2024-07-01"))
                .unwrap()
                .1
                .unwrap(),
            "2024-07-01"
        );
        assert_eq!(
            check_mandate(Some("2024-07-02"), Some("2024-07-01"))
                .unwrap_err()
                .0,
            "invalid_mandate"
        );
        for bad in [
            "30/06/2027",
            "2027-6-30",
            "2027-02-30",
            "demain",
            "2027-06-30T00:00",
        ] {
            assert_eq!(
                check_mandate(None, Some(bad)).unwrap_err().0,
                "invalid_mandate_date",
                "{bad}"
            );
        }
    }

    #[test]
    fn relations_join_two_bodies_of_one_group() {
        assert!(check_relation(1, 7, 2, 7).is_ok());
        assert!(check_relation(1, 7, 1, 7).is_err());
        assert!(check_relation(1, 7, 2, 8).is_err());
    }

    #[test]
    fn mandates_ending_soon_and_ended() {
        let today = day("2027-04-01");
        assert_eq!(mandate_state(None, today), MandateState::Running);
        assert_eq!(
            mandate_state(Some("2027-12-31"), today),
            MandateState::Running
        );
        assert!(
            mandate_ends_soon(Some("2027-06-30"), today),
            "90 days ahead"
        );
        assert!(
            !mandate_ends_soon(Some("2027-07-01"), today),
            "91 days ahead"
        );
        assert!(mandate_ends_soon(Some("2027-04-01"), today), "its last day");
        assert!(mandate_ended(Some("2027-03-31"), today));
        assert!(!mandate_ended(Some("not a day"), today));
    }

    #[test]
    fn photos_are_recognised_by_their_bytes() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\n rest"), Some("image/png"));
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Some("image/jpeg"));
        assert_eq!(image_type(b"RIFF\x10\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"RIFF\x10\0\0\0WAVEfmt "), None);
        assert_eq!(
            image_type(b"<svg xmlns=\"http://www.w3.org/2000/svg\">"),
            None
        );
        assert_eq!(image_type(b"GIF89a"), None);
        assert_eq!(image_type(b""), None);
    }

    #[test]
    fn initials_for_the_placeholder() {
        assert_eq!(initials("Anne-Laure Martin"), "AM");
        assert_eq!(initials("zoé"), "Z");
        assert_eq!(initials("Jean de la Fontaine"), "JF");
        assert_eq!(initials("  "), "?");
        assert_eq!(initials("Marie & (Paul)"), "MP");
    }
}
