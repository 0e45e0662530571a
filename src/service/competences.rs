//! Competence sharing: members post offers and needs in their groups, change, close or
//! resolve their own (a need is resolved by marking the reply that helped). Offers and needs
//! are read like the group's posts (by anyone); `competence_matching` finds who can help,
//! `competence_publication` tells other nodes, `competence_people` keeps the directory.

use std::collections::HashMap;

pub use super::competence_matching::{matches, OfferMatch, PersonMatch};
use super::{
    begin, commit, competence_matching::notify_offer_authors, competence_publication,
    membership::require_member, Origin,
};
use crate::{
    domain::{
        competence::{
            fold, normalize_skills, skill_words, Details, Form, Kind, Mode, State, Terms,
        },
        content::{clean_line, html_to_text, ContentError, PostText, MAX_TITLE_CHARS},
    },
    error::{AppError, AppResult},
    federation::FedData,
    storage::{
        self,
        actors::ActorRow,
        competences::{CompetenceFields, CompetenceRow},
        now_millis, Tx,
    },
};

fn rule_broken(code: &'static str, message: impl Into<String>) -> AppError {
    AppError::Unprocessable(code, message.into())
}

/// What an author writes for an offer or a need.
#[derive(Debug, Clone)]
pub struct CompetenceInput {
    pub title: String,
    /// Markdown.
    pub description: String,
    /// Starter slugs, starter labels in French or English, or free tags.
    pub skills: Vec<String>,
    pub form: Form,
    pub mode: Mode,
    pub place: Option<String>,
    pub availability: Option<String>,
    pub terms: Terms,
    pub expires_at: Option<i64>,
}

fn optional_line(text: Option<&str>, max: usize) -> Option<String> {
    text.map(|t| clean_line(t, max)).filter(|t| !t.is_empty())
}

/// The folded words search reads for an offer or a need: its title, its text, and both
/// labels of each skill (so an English query finds a French offer of the same category).
pub(super) fn search_text(title: &str, html: &str, skills: &[String]) -> String {
    let mut text = fold(&format!("{title} {}", html_to_text(html)));
    for skill in skills {
        text.push(' ');
        text.push_str(&skill_words(skill));
    }
    text
}

/// Checks the author's input and shapes it for storage, with the normalized skills.
fn checked(input: &CompetenceInput, now: i64) -> AppResult<(CompetenceFields, Vec<String>)> {
    if input.title.trim().is_empty() {
        return Err(rule_broken("invalid_competence", "give a title"));
    }
    // The description may be left empty: a clear title is often enough ("Relecture de
    // statuts"). The title's own checks run before the emptiness check.
    let (title, html, source) =
        match PostText::from_markdown(Some(&input.title), &input.description) {
            Ok(text) => (text.title.unwrap_or_default(), text.html, Some(text.source)),
            Err(ContentError::Empty) => (
                clean_line(&input.title, MAX_TITLE_CHARS),
                String::new(),
                None,
            ),
            Err(e) => return Err(rule_broken("invalid_competence", e.to_string())),
        };
    let skills = normalize_skills(&input.skills).map_err(|e| rule_broken("invalid_skill", e))?;
    let place = optional_line(input.place.as_deref(), 200);
    Details {
        mode: input.mode,
        place: place.clone(),
        expires_at: input.expires_at,
    }
    .validate(now)
    .map_err(|(code, message)| rule_broken(code, message))?;
    let search_text = search_text(&title, &html, &skills);
    Ok((
        CompetenceFields {
            title,
            description: html,
            description_source: source,
            form: input.form.as_str().into(),
            mode: input.mode.as_str().into(),
            place,
            availability: optional_line(input.availability.as_deref(), 300),
            terms: input.terms.as_str().into(),
            expires_at: input.expires_at,
            search_text,
        },
        skills,
    ))
}

/// An offer or a need with what the API and pages show around it.
#[derive(Debug, Clone)]
pub struct CompetenceDetails {
    pub row: CompetenceRow,
    pub author: ActorRow,
    pub group: ActorRow,
    pub skills: Vec<String>,
    /// The first post of its discussion thread (answers are replies to it); `None` only for
    /// a copy whose thread did not reach this node.
    pub post_id: Option<i64>,
}

/// A member posts an offer or a need in a group of this node they belong to (the same rule
/// as posts: accepted members and moderators).
pub async fn create(
    data: &FedData,
    author: &ActorRow,
    group: &ActorRow,
    kind: Kind,
    input: CompetenceInput,
) -> AppResult<CompetenceDetails> {
    if !group.is_group() || !group.local {
        // Posting in another node's group needs federation: the next increment.
        return Err(rule_broken(
            "not_a_local_group",
            "offers and needs are posted in a group of this node for now",
        ));
    }
    let (fields, skills) = checked(&input, now_millis())?;
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    require_member(&mut tx, group, author).await?;
    let row = storage::competences::insert(
        &mut tx,
        data.urls.new_object("competences").as_str(),
        group.id,
        author.id,
        true,
        kind.as_str(),
        &fields,
    )
    .await?;
    storage::competences::set_skills(&mut tx, row.id, &skills).await?;
    let mut details = CompetenceDetails {
        row,
        author: author.clone(),
        group: group.clone(),
        skills,
        post_id: None,
    };
    let elsewhere = notify_offer_authors(&mut tx, &details).await?;
    let (post, queued) =
        competence_publication::publish(&mut tx, data, &details, &elsewhere).await?;
    details.post_id = Some(post.id);
    commit(data, tx, queued).await?;
    Ok(details)
}

/// What the author changes; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct CompetenceChange {
    pub title: Option<String>,
    pub description: Option<String>,
    pub skills: Option<Vec<String>>,
    pub form: Option<Form>,
    pub mode: Option<Mode>,
    pub place: Option<Option<String>>,
    pub availability: Option<Option<String>>,
    pub terms: Option<Terms>,
    pub expires_at: Option<Option<i64>>,
    pub state: Option<State>,
    /// The reply that answered a need (the need is then resolved).
    pub helpful_post_id: Option<Option<i64>>,
}

fn parse_word<T>(raw: &str, parse: fn(&str) -> Option<T>) -> AppResult<T> {
    parse(raw).ok_or_else(|| AppError::Internal(anyhow::anyhow!("stored word {raw:?} unknown")))
}

/// The author changes, closes, reopens or resolves their own offer or need.
pub async fn update(
    data: &FedData,
    author: &ActorRow,
    id: i64,
    change: CompetenceChange,
) -> AppResult<CompetenceDetails> {
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    let current = storage::competences::by_id(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such offer or need"))?;
    if current.author_id != author.id {
        return Err(AppError::Forbidden(
            "not_the_author",
            "only its author may change an offer or a need".into(),
        ));
    }
    if !current.local {
        return Err(rule_broken(
            "remote_competence",
            "this offer or need is changed on its author's node",
        ));
    }
    let skills = match change.skills {
        Some(s) => s,
        None => storage::competences::skills_of(&mut tx, &[id])
            .await?
            .into_iter()
            .map(|(_, s)| s)
            .collect(),
    };
    let input = CompetenceInput {
        title: change.title.unwrap_or(current.title.clone()),
        description: change
            .description
            .or(current.description_source.clone())
            .unwrap_or_default(),
        skills,
        form: change
            .form
            .map_or_else(|| parse_word(&current.form, Form::parse), Ok)?,
        mode: change
            .mode
            .map_or_else(|| parse_word(&current.mode, Mode::parse), Ok)?,
        place: change.place.unwrap_or(current.place.clone()),
        availability: change.availability.unwrap_or(current.availability.clone()),
        terms: change
            .terms
            .map_or_else(|| parse_word(&current.terms, Terms::parse), Ok)?,
        // An unchanged expiry that has passed does not block other changes.
        expires_at: change
            .expires_at
            .unwrap_or(current.expires_at.filter(|at| *at > now_millis())),
    };
    let (fields, skills) = checked(&input, now_millis())?;
    let helpful = change.helpful_post_id.unwrap_or(current.helpful_post_id);
    let mut state = change
        .state
        .map_or_else(|| parse_word(&current.state, State::parse), Ok)?;
    if let Some(post_id) = helpful {
        if current.kind != Kind::Need.as_str() {
            return Err(rule_broken(
                "not_a_need",
                "only a need has an answer that helped",
            ));
        }
        if !is_answer(&mut tx, post_id, &current).await? {
            return Err(rule_broken(
                "unknown_post",
                "the answer that helped is a reply in the need's discussion",
            ));
        }
        if change.helpful_post_id.is_some() && change.state.is_none() {
            state = State::Resolved;
        }
    }
    let row = storage::competences::update(&mut tx, id, &fields, state.as_str(), helpful).await?;
    storage::competences::set_skills(&mut tx, id, &skills).await?;
    let details = with_people(&mut tx, vec![row])
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("no such offer or need"))?;
    let queued = competence_publication::refresh(&mut tx, data, &details).await?;
    commit(data, tx, queued).await?;
    Ok(details)
}

/// Whether `post_id` is a reply, at any depth, in the discussion of `competence`.
async fn is_answer(tx: &mut Tx, post_id: i64, competence: &CompetenceRow) -> AppResult<bool> {
    let Some(post) = storage::posts::by_id(tx, post_id).await? else {
        return Ok(false);
    };
    if post.deleted_at.is_some() || post.in_reply_to_id.is_none() {
        return Ok(false);
    }
    Ok(storage::posts::thread_root(tx, post.id)
        .await?
        .is_some_and(|root| root.ap_id == competence.ap_id))
}

/// The actor, unless deleted or suspended: their offers, needs and profile are then hidden,
/// as their posts are (nothing is deleted; lifting a suspension shows them again).
pub(super) async fn shown_actor(tx: &mut Tx, actor_id: i64) -> AppResult<Option<ActorRow>> {
    Ok(match storage::actors::by_id(tx, actor_id).await? {
        Some(a)
            if a.deleted_at.is_none()
                && !storage::moderation::is_suspended(tx, &a.ap_id).await? =>
        {
            Some(a)
        }
        _ => None,
    })
}

/// Adds authors, groups and skills to rows, keeping their order (rows whose author or group
/// is gone are left out).
pub(super) async fn with_people(
    tx: &mut Tx,
    rows: Vec<CompetenceRow>,
) -> AppResult<Vec<CompetenceDetails>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut skills: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, skill) in storage::competences::skills_of(tx, &ids).await? {
        skills.entry(id).or_default().push(skill);
    }
    let threads: HashMap<i64, i64> = storage::competences::thread_posts(tx, &ids)
        .await?
        .into_iter()
        .collect();
    let mut actors: HashMap<i64, Option<ActorRow>> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        for actor_id in [row.author_id, row.group_id] {
            if let std::collections::hash_map::Entry::Vacant(slot) = actors.entry(actor_id) {
                slot.insert(shown_actor(tx, actor_id).await?);
            }
        }
        let (Some(Some(author)), Some(Some(group))) =
            (actors.get(&row.author_id), actors.get(&row.group_id))
        else {
            continue;
        };
        out.push(CompetenceDetails {
            author: author.clone(),
            group: group.clone(),
            skills: skills.remove(&row.id).unwrap_or_default(),
            post_id: threads.get(&row.id).copied(),
            row,
        });
    }
    Ok(out)
}

pub async fn details(data: &FedData, id: i64) -> AppResult<CompetenceDetails> {
    let mut tx = data.db.read().await?;
    let row = storage::competences::by_id(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such offer or need"))?;
    with_people(&mut tx, vec![row])
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("no such offer or need"))
}

/// A group's offers and needs, newest first.
pub async fn in_group(
    data: &FedData,
    group: &ActorRow,
    kind: Option<Kind>,
    open_only: bool,
) -> AppResult<Vec<CompetenceDetails>> {
    let mut tx = data.db.read().await?;
    let rows = storage::competences::in_group(
        &mut tx,
        group.id,
        kind.map(Kind::as_str),
        open_only,
        now_millis(),
    )
    .await?;
    with_people(&mut tx, rows).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CompetenceInput {
        CompetenceInput {
            title: "Tenir sa comptabilité".into(),
            description: "Je peux relire vos **factures**.".into(),
            skills: vec!["Comptabilité".into(), "Facturation".into()],
            form: Form::Mentoring,
            mode: Mode::Either,
            place: Some("  Rennes ".into()),
            availability: None,
            terms: Terms::Free,
            expires_at: None,
        }
    }

    #[test]
    fn competence_input_is_checked_and_indexed_in_both_languages() {
        let (fields, skills) = checked(&input(), 0).unwrap();
        assert_eq!(skills, vec!["bookkeeping", "facturation"]);
        assert_eq!(fields.place.as_deref(), Some("Rennes"));
        assert!(fields.description.contains("<strong>factures</strong>"));
        for word in ["comptabilite", "factures", "bookkeeping", "facturation"] {
            assert!(
                fields.search_text.contains(word),
                "{word}: {}",
                fields.search_text
            );
        }
        let untitled = CompetenceInput {
            title: " ".into(),
            ..input()
        };
        assert!(checked(&untitled, 0).is_err());
        let nowhere = CompetenceInput {
            mode: Mode::InPerson,
            place: None,
            ..input()
        };
        assert!(matches!(
            checked(&nowhere, 0),
            Err(AppError::Unprocessable("place_required", _))
        ));
        let bad_skill = CompetenceInput {
            skills: vec!["???".into()],
            ..input()
        };
        assert!(matches!(
            checked(&bad_skill, 0),
            Err(AppError::Unprocessable("invalid_skill", _))
        ));
    }
}
