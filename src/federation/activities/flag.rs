//! `Flag`: another server reports an account or a post to us. Mastodon sends it from its
//! instance actor, with the reported account and posts as `object` (a list of ids) and the
//! reporter's comment as `content`; the reporter's own identity is not shared.

use serde_json::Value;
use url::Url;

use super::Envelope;
use crate::{
    error::{AppError, AppResult},
    federation::{objects::post::id_of, resolve, FedData},
    service::moderation,
};

/// More ids than a report needs are ignored.
const MAX_OBJECTS: usize = 50;

/// The ids a `Flag` names: one id, one object, or a list of either.
pub fn flagged_ids(object: &Value) -> Vec<Url> {
    match object {
        Value::Array(items) => items.iter().filter_map(id_of).take(MAX_OBJECTS).collect(),
        other => id_of(other).into_iter().collect(),
    }
}

pub async fn receive_flag(activity: Envelope, data: &FedData) -> AppResult<()> {
    let objects = flagged_ids(&activity.object);
    if objects.is_empty() {
        return Err(AppError::bad_request("the Flag names nothing"));
    }
    let comment = activity
        .rest
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let reporter = resolve::actor_by_url(data, activity.actor.inner()).await?;
    moderation::receive_flag(
        data,
        &reporter,
        activity.id.as_str(),
        &objects,
        &comment,
        activity.origin(),
    )
    .await
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::federation::activities::InboxActivity;

    /// The shape Mastodon sends (`app/serializers/activitypub/flag_serializer.rb`: `id`, `type`,
    /// `actor`, `content`, and `object` = the account then the statuses): the instance actor,
    /// a report id that is a UUID under the server's root, no addressing.
    #[test]
    fn mastodon_flag() {
        let activity: InboxActivity = serde_json::from_value(json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "https://mastodon.example/0a2e6f0e-8f3c-4a51-9c3e-7d1c2b9a4f10",
            "type": "Flag",
            "actor": "https://mastodon.example/actor",
            "content": "Spam, et des insultes",
            "object": [
                "https://maillon.example/users/bob",
                "https://maillon.example/posts/6d3a0c52-5b1e-4b0e-a0a8-2f1b7c9e1d11"
            ]
        }))
        .expect("parses");
        let InboxActivity::Flag(envelope) = activity else {
            panic!("a Flag")
        };
        assert_eq!(
            envelope.actor.inner().as_str(),
            "https://mastodon.example/actor"
        );
        let ids = flagged_ids(&envelope.object);
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[0].as_str(), "https://maillon.example/users/bob");
        assert_eq!(envelope.rest["content"], "Spam, et des insultes");
    }

    #[test]
    fn one_object_or_embedded_objects() {
        assert_eq!(flagged_ids(&json!("https://a.example/u/x")).len(), 1);
        assert_eq!(
            flagged_ids(&json!([{"id": "https://a.example/p/1", "type": "Note"}, 42])).len(),
            1
        );
        assert!(flagged_ids(&json!(null)).is_empty());
        let many: Vec<String> = (0..80)
            .map(|n| format!("https://a.example/p/{n}"))
            .collect();
        assert_eq!(flagged_ids(&json!(many)).len(), MAX_OBJECTS);
    }
}
