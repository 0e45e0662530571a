//! Fuzz target: the objects our handlers check before storing anything a peer sent (posts and
//! proposals, events, votes, meetings and agenda items, amendments, processes, competence
//! offers, decisions, actors). The input is one JSON document, tried as each shape; whatever is
//! accepted must come out with HTML that only holds allowed tags, attributes and links. Any input may be refused; none may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillon::federation::objects::{
    actor::ActorJson, competence::CompetenceJson, decision, event::EventJson, meeting,
    participation::AmendmentJson, post::PostJson, process::ProcessJson, question,
};
use maillon_fuzz::assert_safe_html;
use serde_json::Value;
use url::Url;

fn assert_safe(html: &str) {
    assert_safe_html("(the document)", html);
}

fuzz_target!(|body: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return;
    };
    // The actor and group the handlers compare against: taken from the document when it
    // names them, so the "right origin" paths are reached too.
    let fallback = Url::parse("https://peer.example/users/alice").unwrap();
    let named = |field: &str| {
        value
            .get(field)
            .and_then(maillon::federation::objects::post::id_of)
            .unwrap_or_else(|| fallback.clone())
    };
    let author = named("attributedTo");
    let id = named("id");

    if let Ok(post) = serde_json::from_value::<PostJson>(value.clone()) {
        let _ = post.author();
        if let Ok(received) = post.into_received() {
            assert_safe(&received.html);
        }
    }
    if let Ok(event) = serde_json::from_value::<EventJson>(value.clone()) {
        let _ = event.owner();
        let _ = event.into_received();
    }
    let _ = question::received(&value, &author);
    let _ = meeting::parse_meeting(value.clone());
    let _ = meeting::parse_item(value.clone());
    let _ = meeting::target_id(&value);
    if let Ok(amendment) = serde_json::from_value::<AmendmentJson>(value.clone()) {
        let _ = amendment.into_received(&author);
    }
    if let Ok(process) = serde_json::from_value::<ProcessJson>(value.clone()) {
        let _ = process.into_received(&author);
    }
    if let Ok(offer) = serde_json::from_value::<CompetenceJson>(value.clone()) {
        if let Ok(received) = offer.into_received(&id, &author) {
            assert_safe(&received.description);
        }
    }
    let _ = decision::record_of(&value);
    if let Ok(actor) = serde_json::from_value::<ActorJson>(value.clone()) {
        if let Ok(row) = actor.to_new_actor() {
            assert_safe(row.summary.as_deref().unwrap_or_default());
            assert_safe(row.rules.as_deref().unwrap_or_default());
        }
    }
});
