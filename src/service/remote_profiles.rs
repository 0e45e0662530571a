//! Competence profiles across nodes, so the directory of resource people spans the network.
//! When a member saves a profile visible to the public or the network, they send an `Update`
//! of their `Profile` (`{actor}#competences`: skills, place, availability) to the servers
//! following their groups here; a profile kept to the group, or withdrawn, is a `Delete` of it.
//! A node keeps a received profile only when it follows one of the groups the profile names
//! (its `audience`), and lists it in those groups' directories and in its own.

use serde_json::{json, Value};

use super::{begin, commit, Origin};
use crate::{
    domain::competence::{normalize_skill, Visibility, MAX_SKILLS},
    domain::content::clean_line,
    error::{AppError, AppResult},
    federation::{context::PUBLIC, objects::post::id_of, outbox, FedData},
    storage::{self, actors::ActorRow, competences::ProfileRow, Tx},
};

/// The id of a member's competence profile.
pub fn profile_id(actor_ap_id: &str) -> String {
    format!("{actor_ap_id}#competences")
}

/// Whether a received object is a competence profile.
pub fn is_profile(object: &Value) -> bool {
    object.get("type").and_then(Value::as_str) == Some("Profile")
        && object.get("maillon:skills").is_some()
}

/// Tells the servers following the member's groups what their profile now is (`None`: opted
/// out). Returns the deliveries queued.
pub(super) async fn send(
    tx: &mut Tx,
    data: &FedData,
    member: &ActorRow,
    profile: Option<(&ProfileRow, &[String])>,
) -> AppResult<usize> {
    let mut groups = Vec::new();
    let mut inboxes: Vec<String> = Vec::new();
    for group_id in storage::competences::local_groups_of(tx, member.id).await? {
        if let Some(group) = storage::actors::by_id(tx, group_id).await? {
            inboxes.extend(storage::follows::remote_follower_inboxes(tx, group.id).await?);
            groups.push(group);
        }
    }
    inboxes.sort();
    inboxes.dedup();
    if inboxes.is_empty() {
        return Ok(0);
    }
    let audience: Vec<&str> = groups.iter().map(|g| g.ap_id.as_str()).collect();
    let followers: Vec<String> = groups
        .iter()
        .filter_map(|g| url::Url::parse(&g.ap_id).ok())
        .map(|g| data.urls.followers_of(&g).to_string())
        .collect();
    let id = profile_id(&member.ap_id);
    let shared = profile
        .filter(|(p, _)| Visibility::parse(&p.visibility).is_some_and(|v| v != Visibility::Group));
    let activity = match shared {
        Some((p, skills)) => {
            let public = p.visibility == Visibility::Public.as_str();
            let to: Vec<String> = if public {
                vec![PUBLIC.to_string()]
            } else {
                vec![]
            };
            json!({
                "id": data.urls.new_activity("Update"),
                "type": "Update",
                "actor": member.ap_id,
                "to": to,
                "cc": followers,
                "object": {
                    "type": "Profile",
                    "id": id,
                    "describes": member.ap_id,
                    "attributedTo": member.ap_id,
                    "audience": audience,
                    "maillon:skills": skills,
                    "maillon:visibility": p.visibility,
                    "location": p.place.as_ref().map(|name| json!({"type": "Place", "name": name})),
                    "maillon:availability": p.availability,
                },
            })
        }
        None => json!({
            "id": data.urls.new_activity("Delete"),
            "type": "Delete",
            "actor": member.ap_id,
            "to": [],
            "cc": followers,
            "object": id,
        }),
    };
    outbox::publish(tx, data, member, activity, inboxes).await
}

/// Another node's member `actor` says what their profile is.
pub async fn receive_update(
    data: &FedData,
    actor: &ActorRow,
    object: &Value,
    origin: Origin<'_>,
) -> AppResult<()> {
    let expected = profile_id(&actor.ap_id);
    let about = object.get("describes").and_then(id_of);
    let by = object.get("attributedTo").and_then(id_of);
    if object.get("id").and_then(Value::as_str) != Some(expected.as_str())
        || about.as_ref().map(url::Url::as_str) != Some(actor.ap_id.as_str())
        || by.as_ref().is_some_and(|b| b.as_str() != actor.ap_id)
    {
        return Err(AppError::forbidden(
            "an actor may only say what its own profile is",
        ));
    }
    let visibility = object
        .get("maillon:visibility")
        .and_then(Value::as_str)
        .and_then(Visibility::parse)
        .unwrap_or(Visibility::Network);
    let mut skills: Vec<String> = Vec::new();
    for raw in object
        .get("maillon:skills")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if let Ok(skill) = normalize_skill(raw) {
            if !skills.contains(&skill) && skills.len() < MAX_SKILLS {
                skills.push(skill);
            }
        }
    }
    let line = |key: &str, max: usize| {
        let value = object.get(key)?;
        let text = value
            .as_str()
            .or_else(|| value.get("name").and_then(Value::as_str))?;
        Some(clean_line(text, max)).filter(|t| !t.is_empty())
    };
    let place = line("location", 200);
    let availability = line("maillon:availability", 300);
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    // The groups it names that members here follow: without one, the profile is a stranger's.
    let mut groups = Vec::new();
    let named = match object.get("audience") {
        Some(Value::Array(items)) => items.iter().filter_map(id_of).collect(),
        Some(other) => id_of(other).into_iter().collect(),
        None => vec![],
    };
    for group in named.iter().take(100) {
        if let Some(g) = storage::actors::by_ap_id(&mut tx, group.as_str()).await? {
            if g.is_group()
                && !g.local
                && storage::follows::has_local_follower(&mut tx, g.id).await?
            {
                groups.push(g.id);
            }
        }
    }
    if groups.is_empty() || skills.is_empty() || visibility == Visibility::Group {
        storage::competences::delete_profile(&mut tx, actor.id).await?;
        return commit(data, tx, 0).await;
    }
    storage::competences::save_profile(
        &mut tx,
        actor.id,
        visibility.as_str(),
        place.as_deref(),
        availability.as_deref(),
        &skills,
    )
    .await?;
    storage::competences::set_profile_groups(&mut tx, actor.id, &groups).await?;
    commit(data, tx, 0).await
}

/// Another node's member withdrew their profile.
pub async fn receive_delete(data: &FedData, actor: &ActorRow, origin: Origin<'_>) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    storage::competences::delete_profile(&mut tx, actor.id).await?;
    commit(data, tx, 0).await
}
