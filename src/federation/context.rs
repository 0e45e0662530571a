//! JSON-LD `@context` of what we serve and send, and the media types of ActivityPub.

use serde_json::{json, Value};

pub const ACTIVITY_JSON: &str = "application/activity+json";
pub const LD_JSON_PROFILE: &str =
    "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// ActivityStreams, the security vocabulary (so JSON-LD peers see `publicKey`), and our own and
/// Lemmy's terms inline, since only widely bundled contexts resolve offline. The vote terms
/// hold structured JSON (rules, results, the record of a decision): `@json` keeps them whole
/// through JSON-LD processing.
pub fn context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {
            "lemmy": "https://join-lemmy.org/ns#",
            "maillon": "https://maillon.coop/ns#",
            "sensitive": "as:sensitive",
            "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
            "moderators": { "@type": "@id", "@id": "lemmy:moderators" },
            "postingRestrictedToMods": "lemmy:postingRestrictedToMods",
            "membership": "maillon:membership",
            "rules": "maillon:rules",
            "maillon:voteRules": { "@type": "@json" },
            "maillon:outcome": { "@type": "@json" },
            "maillon:electorate": { "@type": "@json" },
            "maillon:roll": { "@type": "@json" },
            "maillon:ballots": { "@type": "@json" },
            "maillon:choice": { "@type": "@json" },
            "maillon:phases": { "@type": "@json" },
            "maillon:recurrence": { "@type": "@json" },
            "maillon:statistics": { "@type": "@id" },
            "maillon:months": { "@type": "@json" },
            "maillon:totals": { "@type": "@json" },
            "mz": "https://joinmobilizon.org/ns#",
            "sc": "http://schema.org#",
            "ical": "http://www.w3.org/2002/12/cal/ical#",
            "PostalAddress": "sc:PostalAddress",
            "streetAddress": "sc:streetAddress",
            "timezone": "mz:timezone",
            "isOnline": "mz:isOnline",
            "category": "sc:category",
            "joinMode": { "@id": "mz:joinMode", "@type": "mz:joinModeType" },
            "maximumAttendeeCapacity": "sc:maximumAttendeeCapacity",
            "remainingAttendeeCapacity": "sc:remainingAttendeeCapacity",
            "participantCount": { "@id": "mz:participantCount", "@type": "sc:Integer" },
            "anonymousParticipationEnabled": { "@id": "mz:anonymousParticipationEnabled", "@type": "sc:Boolean" },
            "participationMessage": "mz:participationMessage",
            "status": "ical:status",
            "maillon:amends": { "@type": "@id" },
            "maillon:helpful": { "@type": "@id" },
            "maillon:body": { "@type": "@json" },
            "maillon:proposal": { "@type": "@id" },
            "vf": "https://w3id.org/valueflows/ont/vf#",
            "om2": "http://www.ontology-of-units-of-measure.org/resource/om-2/",
            "Proposal": "vf:Proposal",
            "Intent": "vf:Intent",
            "purpose": "vf:purpose",
            "publishes": "vf:publishes",
            "unitBased": "vf:unitBased",
            "provider": { "@id": "vf:provider", "@type": "@id" },
            "receiver": { "@id": "vf:receiver", "@type": "@id" },
            "action": "vf:action",
            "resourceConformsTo": { "@id": "vf:resourceConformsTo", "@type": "@id" },
            "resourceQuantity": "vf:resourceQuantity",
            "hasUnit": "om2:hasUnit",
            "hasNumericalValue": "om2:hasNumericalValue"
        }
    ])
}

/// `object` with the `@context` put first.
pub fn with_context(object: Value) -> Value {
    let mut out = serde_json::Map::new();
    out.insert("@context".into(), context());
    if let Value::Object(fields) = object {
        for (key, value) in fields {
            if key != "@context" {
                out.insert(key, value);
            }
        }
    }
    Value::Object(out)
}

/// `as:Public`, `Public` and the full IRI are the same address.
pub fn is_public(address: &str) -> bool {
    matches!(address, PUBLIC | "as:Public" | "Public")
}

/// Whether a Content-Type names ActivityPub JSON.
pub fn is_activity_media_type(content_type: &str) -> bool {
    let lower = content_type.to_ascii_lowercase();
    let essence = lower.split(';').next().unwrap_or_default().trim();
    essence == "application/activity+json"
        || (essence == "application/ld+json"
            && (lower.contains("activitystreams") || !lower.contains("profile")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_spellings() {
        assert!(is_public("as:Public"));
        assert!(is_public("Public"));
        assert!(is_public(PUBLIC));
        assert!(!is_public("https://example.org/followers"));
    }

    #[test]
    fn media_types() {
        assert!(is_activity_media_type("application/activity+json"));
        assert!(is_activity_media_type(
            "application/activity+json; charset=utf-8"
        ));
        assert!(is_activity_media_type(LD_JSON_PROFILE));
        assert!(is_activity_media_type("application/ld+json"));
        assert!(!is_activity_media_type("application/json"));
        assert!(!is_activity_media_type("text/html"));
    }

    #[test]
    fn context_goes_first() {
        let v = with_context(json!({"id": "x", "@context": "old"}));
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, vec!["@context", "id"]);
    }
}
