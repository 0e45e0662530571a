//! The directory of resource people: members opt in to a competence profile (skills, place,
//! availability) and choose who sees it; the directory and a need's matches list only the
//! profiles the viewer may see (`domain::competence::profile_visible`).

use std::collections::{HashMap, HashSet};

use super::{begin, commit, competences::shown_actor, remote_profiles, Origin};
use crate::{
    domain::competence::{normalize_skills, profile_visible, Viewer, Visibility},
    domain::content::clean_line,
    error::{AppError, AppResult},
    federation::FedData,
    storage::{self, actors::ActorRow, competences::ProfileRow, Tx},
};

fn rule_broken(code: &'static str, message: impl Into<String>) -> AppError {
    AppError::Unprocessable(code, message.into())
}

fn optional_line(text: Option<&str>, max: usize) -> Option<String> {
    text.map(|t| clean_line(t, max)).filter(|t| !t.is_empty())
}

/// A member whose profile suggests they can help.
#[derive(Debug, Clone)]
pub struct Person {
    pub actor: ActorRow,
    pub profile: ProfileRow,
    pub skills: Vec<String>,
}

/// Profiles with any of `skills` (all when empty), of members of `group` when given, that
/// `viewer` may see.
pub(super) async fn visible_people(
    tx: &mut Tx,
    viewer: Option<&ActorRow>,
    skills: &[String],
    group: Option<&ActorRow>,
) -> AppResult<Vec<Person>> {
    let profiles =
        storage::competences::profiles_with_skills(tx, skills, group.map(|g| g.id)).await?;
    let ids: Vec<i64> = profiles.iter().map(|p| p.actor_id).collect();
    let colleagues: HashSet<i64> = match viewer {
        Some(v) => storage::competences::sharing_a_group(tx, v.id, &ids)
            .await?
            .into_iter()
            .collect(),
        None => HashSet::new(),
    };
    let mut skills_by_actor: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, skill) in storage::competences::skills_of_profiles(tx, &ids).await? {
        skills_by_actor.entry(id).or_default().push(skill);
    }
    let mut people = Vec::new();
    for profile in profiles {
        let visibility = Visibility::parse(&profile.visibility).unwrap_or(Visibility::Group);
        let seen_by = Viewer {
            logged_in: viewer.is_some_and(|v| v.local),
            is_self: viewer.is_some_and(|v| v.id == profile.actor_id),
            shares_group: colleagues.contains(&profile.actor_id),
        };
        if !profile_visible(visibility, seen_by) {
            continue;
        }
        let Some(actor) = shown_actor(tx, profile.actor_id).await? else {
            continue;
        };
        people.push(Person {
            skills: skills_by_actor.remove(&actor.id).unwrap_or_default(),
            actor,
            profile,
        });
    }
    Ok(people)
}

/// The directory of resource people: who has `skill` (anyone with a profile when `None`),
/// within `group` when given, as far as `viewer` may see.
pub async fn directory(
    data: &FedData,
    viewer: Option<&ActorRow>,
    skill: Option<&str>,
    group: Option<&ActorRow>,
) -> AppResult<Vec<Person>> {
    let skills = match skill {
        Some(raw) => {
            normalize_skills(&[raw.to_string()]).map_err(|e| rule_broken("invalid_skill", e))?
        }
        None => vec![],
    };
    let mut tx = data.db.read().await?;
    visible_people(&mut tx, viewer, &skills, group).await
}

/// What a member says about their own competences.
#[derive(Debug, Clone)]
pub struct ProfileInput {
    pub skills: Vec<String>,
    pub visibility: Visibility,
    pub place: Option<String>,
    pub availability: Option<String>,
}

/// A member opts in to the directory (or changes their profile); no skills at all opts out.
pub async fn save_profile(
    data: &FedData,
    member: &ActorRow,
    input: ProfileInput,
) -> AppResult<Option<Person>> {
    if !member.local || member.is_group() {
        return Err(AppError::forbidden(
            "only members of this node have a profile here",
        ));
    }
    let skills = normalize_skills(&input.skills).map_err(|e| rule_broken("invalid_skill", e))?;
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    if skills.is_empty() {
        storage::competences::delete_profile(&mut tx, member.id).await?;
    } else {
        storage::competences::save_profile(
            &mut tx,
            member.id,
            input.visibility.as_str(),
            optional_line(input.place.as_deref(), 200).as_deref(),
            optional_line(input.availability.as_deref(), 300).as_deref(),
            &skills,
        )
        .await?;
    }
    // Other nodes following the member's groups hear of it, for their directories.
    let saved = storage::competences::profile(&mut tx, member.id).await?;
    let queued = remote_profiles::send(
        &mut tx,
        data,
        member,
        saved.as_ref().map(|p| (p, &skills[..])),
    )
    .await?;
    commit(data, tx, queued).await?;
    own_profile(data, member).await
}

/// A member's own profile, `None` when they have not opted in.
pub async fn own_profile(data: &FedData, member: &ActorRow) -> AppResult<Option<Person>> {
    let mut tx = data.db.read().await?;
    let Some(profile) = storage::competences::profile(&mut tx, member.id).await? else {
        return Ok(None);
    };
    let skills = storage::competences::profile_skills(&mut tx, member.id).await?;
    Ok(Some(Person {
        actor: member.clone(),
        profile,
        skills,
    }))
}
