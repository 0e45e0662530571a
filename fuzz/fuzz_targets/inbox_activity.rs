//! Fuzz target: the body of a `POST` to an inbox, as the inbox reads it before any signature
//! is checked (`inbox::read_head`, then `check_ids`), then as the activity the library hands to
//! our handlers (`InboxActivity`), re-embedded as a group's Announce would carry it.
//! Any input may be refused; none may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillon::federation::{activities::InboxActivity, inbox};

fuzz_target!(|body: &[u8]| {
    let Ok(head) = inbox::read_head(body) else {
        return;
    };
    let _ = inbox::check_ids(&head.id, &head.actor);
    if let Ok(activity) = serde_json::from_slice::<InboxActivity>(body) {
        // The re-embedded form must still be JSON that parses as the same activity.
        let envelope = match &activity {
            InboxActivity::Create(e) | InboxActivity::Update(e) | InboxActivity::Announce(e) => e,
            _ => return,
        };
        let again = envelope.to_json(&head.kind);
        let reparsed: Result<InboxActivity, _> = serde_json::from_value(again);
        assert!(
            reparsed.is_ok(),
            "an accepted activity did not survive its re-embedding"
        );
    }
});
