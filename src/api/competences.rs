//! Competence sharing: offers and needs in groups, a need's ranked matches, the directory of
//! resource people, members' own competence profiles, and the starter list of skills.

use axum::{
    extract::{Path, Query},
    http::StatusCode,
    Json,
};
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, CurrentUser},
    views::time,
};
use crate::{
    domain::competence::{Form, Kind, Mode, Skill, State, Terms, Visibility, STARTER_SKILLS},
    error::{AppError, AppResult},
    federation::{resolve, FedData},
    service::{
        self,
        competence_people::{Person, ProfileInput},
        competences::{
            CompetenceChange, CompetenceDetails, CompetenceInput, OfferMatch, PersonMatch,
        },
    },
};

/// Reads one of a field's words, or says which ones it takes (400, nothing changed).
fn word<T>(raw: &str, parse: fn(&str) -> Option<T>, field: &str, choices: String) -> AppResult<T> {
    parse(raw).ok_or_else(|| {
        AppError::BadRequest(
            "invalid_field",
            format!("{field} is one of {choices}, not {raw:?}"),
        )
    })
}

fn optional_word<T>(
    raw: Option<&str>,
    parse: fn(&str) -> Option<T>,
    field: &str,
    choices: String,
) -> AppResult<Option<T>> {
    raw.map(|r| word(r, parse, field, choices)).transpose()
}

#[derive(Deserialize, ToSchema)]
pub struct CompetenceRequest {
    /// `offer` or `need`.
    pub kind: String,
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    /// Starter skills (slug or label, French or English; see `GET /api/v1/skills`) and free tags.
    #[serde(default)]
    pub skills: Vec<String>,
    /// `mentoring`, `training`, `a_hand` (default), `coworking` or `question`.
    pub form: Option<String>,
    /// `online` (default), `in_person` (needs a place) or `either`.
    pub mode: Option<String>,
    /// A town or a place.
    pub place: Option<String>,
    /// Free text: "Tuesday evenings", "two hours a month".
    pub availability: Option<String>,
    /// `free` (default), `exchange` or `paid`.
    pub terms: Option<String>,
    /// RFC 3339; within a year.
    pub expires_at: Option<DateTime<FixedOffset>>,
}

/// Absent stays `None`; `null` becomes `Some(None)`, which clears the field.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Fields to change; those left out keep their value, `null` clears an optional one.
#[derive(Deserialize, ToSchema)]
pub struct CompetencePatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub skills: Option<Vec<String>>,
    pub form: Option<String>,
    pub mode: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub place: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub availability: Option<Option<String>>,
    pub terms: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub expires_at: Option<Option<DateTime<FixedOffset>>>,
    /// `open`, `closed` or `resolved`.
    pub state: Option<String>,
    /// A need's reply that helped (a post id); setting it resolves the need.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub helpful_post_id: Option<Option<i64>>,
}

#[derive(Serialize, ToSchema)]
pub struct SkillView {
    pub slug: String,
    /// French label for a starter skill, the tag itself otherwise.
    pub fr: String,
    pub en: String,
    /// Whether it comes from the shared starter list (not a free tag).
    pub starter: bool,
}

impl SkillView {
    fn new(slug: &str) -> SkillView {
        match crate::domain::competence::starter_skill(slug) {
            Some(s) => SkillView::starter(s),
            None => SkillView {
                slug: slug.into(),
                fr: slug.into(),
                en: slug.into(),
                starter: false,
            },
        }
    }

    fn starter(s: &Skill) -> SkillView {
        SkillView {
            slug: s.slug.into(),
            fr: s.fr.into(),
            en: s.en.into(),
            starter: true,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CompetenceView {
    pub id: i64,
    /// ActivityPub id.
    pub url: String,
    pub local: bool,
    /// `offer` or `need`.
    pub kind: String,
    pub group: String,
    pub author: String,
    pub author_name: String,
    pub title: String,
    /// Sanitized HTML.
    pub description: String,
    pub skills: Vec<SkillView>,
    pub form: String,
    pub mode: String,
    pub place: Option<String>,
    pub availability: Option<String>,
    pub terms: String,
    /// `open`, `closed` or `resolved`.
    pub state: String,
    pub expired: bool,
    /// The first post of its discussion: answers are replies to it
    /// (`POST /api/v1/posts/{post_id}/replies`).
    pub post_id: Option<i64>,
    pub helpful_post_id: Option<i64>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

fn name_of(actor: &crate::storage::actors::ActorRow) -> String {
    actor
        .display_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| actor.username.clone())
}

impl CompetenceView {
    fn new(d: &CompetenceDetails) -> CompetenceView {
        let r = &d.row;
        CompetenceView {
            id: r.id,
            url: r.ap_id.clone(),
            local: r.local,
            kind: r.kind.clone(),
            group: d.group.acct(),
            author: d.author.acct(),
            author_name: name_of(&d.author),
            title: r.title.clone(),
            description: r.description.clone(),
            skills: d.skills.iter().map(|s| SkillView::new(s)).collect(),
            form: r.form.clone(),
            mode: r.mode.clone(),
            place: r.place.clone(),
            availability: r.availability.clone(),
            terms: r.terms.clone(),
            state: r.state.clone(),
            expired: r
                .expires_at
                .is_some_and(|at| at <= crate::storage::now_millis()),
            post_id: d.post_id,
            helpful_post_id: r.helpful_post_id,
            created_at: time(r.created_at),
            updated_at: r.updated_at.and_then(time),
            expires_at: r.expires_at.and_then(time),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/competences", tag = "competences", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = CompetenceRequest,
    responses((status = 201, body = CompetenceView), (status = 400, body = crate::error::ErrorBody),
        (status = 403, description = "members of the group only", body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<CompetenceRequest>,
) -> AppResult<(StatusCode, Json<CompetenceView>)> {
    let kind = word(&body.kind, Kind::parse, "kind", Kind::choices())?;
    let input = CompetenceInput {
        form: optional_word(body.form.as_deref(), Form::parse, "form", Form::choices())?
            .unwrap_or(Form::AHand),
        mode: optional_word(body.mode.as_deref(), Mode::parse, "mode", Mode::choices())?
            .unwrap_or(Mode::Online),
        terms: optional_word(
            body.terms.as_deref(),
            Terms::parse,
            "terms",
            Terms::choices(),
        )?
        .unwrap_or(Terms::Free),
        title: body.title,
        description: body.description,
        skills: body.skills,
        place: body.place,
        availability: body.availability,
        expires_at: body.expires_at.map(|t| t.timestamp_millis()),
    };
    let group = resolve::known_group(&data, &group).await?;
    let details = service::competences::create(&data, &user.actor, &group, kind, input).await?;
    Ok((StatusCode::CREATED, Json(CompetenceView::new(&details))))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// `offer` or `need`; both when absent.
    pub kind: Option<String>,
    /// `open` (default: open and not expired) or `all`.
    pub state: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/competences", tag = "competences",
    params(("group" = String, Path), ListQuery),
    responses((status = 200, description = "newest first", body = [CompetenceView])))]
pub async fn list(
    data: FedData,
    Path(group): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Json<Vec<CompetenceView>>> {
    let kind = optional_word(query.kind.as_deref(), Kind::parse, "kind", Kind::choices())?;
    let open_only = match query.state.as_deref() {
        None | Some("open") => true,
        Some("all") => false,
        Some(other) => {
            return Err(AppError::BadRequest(
                "invalid_field",
                format!("state is open or all, not {other:?}"),
            ))
        }
    };
    let group = resolve::known_group(&data, &group).await?;
    let items = service::competences::in_group(&data, &group, kind, open_only).await?;
    Ok(Json(items.iter().map(CompetenceView::new).collect()))
}

#[utoipa::path(get, path = "/api/v1/competences/{id}", tag = "competences", params(("id" = i64, Path)),
    responses((status = 200, body = CompetenceView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(data: FedData, Path(id): Path<i64>) -> AppResult<Json<CompetenceView>> {
    let details = service::competences::details(&data, id).await?;
    Ok(Json(CompetenceView::new(&details)))
}

#[utoipa::path(patch, path = "/api/v1/competences/{id}", tag = "competences", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = CompetencePatch,
    responses((status = 200, body = CompetenceView), (status = 400, body = crate::error::ErrorBody),
        (status = 403, description = "the author only", body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn update(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<CompetencePatch>,
) -> AppResult<Json<CompetenceView>> {
    let change = CompetenceChange {
        form: optional_word(body.form.as_deref(), Form::parse, "form", Form::choices())?,
        mode: optional_word(body.mode.as_deref(), Mode::parse, "mode", Mode::choices())?,
        terms: optional_word(
            body.terms.as_deref(),
            Terms::parse,
            "terms",
            Terms::choices(),
        )?,
        state: optional_word(
            body.state.as_deref(),
            State::parse,
            "state",
            State::choices(),
        )?,
        title: body.title,
        description: body.description,
        skills: body.skills,
        place: body.place,
        availability: body.availability,
        expires_at: body.expires_at.map(|e| e.map(|t| t.timestamp_millis())),
        helpful_post_id: body.helpful_post_id,
    };
    let details = service::competences::update(&data, &user.actor, id, change).await?;
    Ok(Json(CompetenceView::new(&details)))
}

#[derive(Serialize, ToSchema)]
pub struct PersonView {
    pub handle: String,
    pub url: String,
    pub name: String,
    pub skills: Vec<SkillView>,
    pub place: Option<String>,
    pub availability: Option<String>,
    /// `public`, `network` or `group`.
    pub visibility: String,
    /// The node they are a member of (`host` or `host:port`); `url` is their profile there.
    pub origin: String,
}

impl PersonView {
    fn new(p: &Person) -> PersonView {
        PersonView {
            handle: p.actor.acct(),
            url: p.actor.ap_id.clone(),
            name: name_of(&p.actor),
            skills: p.skills.iter().map(|s| SkillView::new(s)).collect(),
            place: p.profile.place.clone(),
            availability: p.profile.availability.clone(),
            visibility: p.profile.visibility.clone(),
            origin: p.actor.domain.clone(),
        }
    }
}

/// Why a candidate is suggested.
#[derive(Serialize, ToSchema)]
pub struct MatchReasons {
    /// Higher is better: each shared skill counts more than text and place together.
    pub score: f64,
    pub shared_skills: Vec<String>,
    pub text_match: bool,
    pub same_place: bool,
}

fn reasons(affinity: &crate::domain::competence::Affinity, shared: &[String]) -> MatchReasons {
    MatchReasons {
        score: (affinity.score() * 1000.0).round() / 1000.0,
        shared_skills: shared.to_vec(),
        text_match: affinity.text > 0.0,
        same_place: affinity.same_place,
    }
}

#[derive(Serialize, ToSchema)]
pub struct OfferMatchView {
    pub offer: CompetenceView,
    #[serde(flatten)]
    pub reasons: MatchReasons,
}

#[derive(Serialize, ToSchema)]
pub struct PersonMatchView {
    pub person: PersonView,
    #[serde(flatten)]
    pub reasons: MatchReasons,
}

#[derive(Serialize, ToSchema)]
pub struct MatchesView {
    pub need: CompetenceView,
    /// Open offers, best first.
    pub offers: Vec<OfferMatchView>,
    /// People whose competence profile fits, best first (as far as you may see them).
    pub people: Vec<PersonMatchView>,
}

#[utoipa::path(get, path = "/api/v1/competences/{id}/matches", tag = "competences", params(("id" = i64, Path)),
    responses((status = 200, body = MatchesView), (status = 404, body = crate::error::ErrorBody),
        (status = 422, description = "not a need", body = crate::error::ErrorBody)))]
pub async fn matches(
    data: FedData,
    user: Option<CurrentUser>,
    Path(id): Path<i64>,
) -> AppResult<Json<MatchesView>> {
    let viewer = user.as_ref().map(|u| &u.actor);
    let (need, offers, people) = service::competences::matches(&data, viewer, id).await?;
    Ok(Json(MatchesView {
        need: CompetenceView::new(&need),
        offers: offers
            .iter()
            .map(|m: &OfferMatch| OfferMatchView {
                offer: CompetenceView::new(&m.offer),
                reasons: reasons(&m.affinity, &m.shared_skills),
            })
            .collect(),
        people: people
            .iter()
            .map(|m: &PersonMatch| PersonMatchView {
                person: PersonView::new(&m.person),
                reasons: reasons(&m.affinity, &m.shared_skills),
            })
            .collect(),
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PeopleQuery {
    /// A skill (slug, label in French or English, or tag); everyone with a profile when absent.
    pub skill: Option<String>,
    /// Only members of this group (local name or handle).
    pub group: Option<String>,
    /// Only people of this node: `host` or `host:port`.
    pub origin: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/people", tag = "competences", params(PeopleQuery),
    responses((status = 200, description = "resource people you may see, recently updated first", body = [PersonView]),
        (status = 400, description = "origin is not a host name", body = crate::error::ErrorBody),
        (status = 404, description = "the group is not known here", body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn people(
    data: FedData,
    user: Option<CurrentUser>,
    Query(query): Query<PeopleQuery>,
) -> AppResult<Json<Vec<PersonView>>> {
    let group = match query.group.as_deref() {
        Some(g) => Some(resolve::known_group(&data, g).await?),
        None => None,
    };
    let origin = service::search::origin(query.origin.as_deref().filter(|o| !o.trim().is_empty()))?;
    let viewer = user.as_ref().map(|u| &u.actor);
    let mut people = service::competence_people::directory(
        &data,
        viewer,
        query.skill.as_deref().filter(|s| !s.trim().is_empty()),
        group.as_ref(),
    )
    .await?;
    if let Some(origin) = origin {
        people.retain(|p| p.actor.domain == origin);
    }
    Ok(Json(people.iter().map(PersonView::new).collect()))
}

#[utoipa::path(get, path = "/api/v1/skills", tag = "competences",
    responses((status = 200, description = "the shared starter list, labels in French and English", body = [SkillView])))]
pub async fn skills() -> Json<Vec<SkillView>> {
    Json(STARTER_SKILLS.iter().map(SkillView::starter).collect())
}

#[derive(Deserialize, ToSchema)]
pub struct ProfileRequest {
    /// Your skills; an empty list takes you out of the directory.
    pub skills: Vec<String>,
    /// `public`, `network` (people signed in) or `group` (people who share a group with you; default).
    pub visibility: Option<String>,
    pub place: Option<String>,
    pub availability: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/me/competences", tag = "competences", security(("bearer" = [])),
    responses((status = 200, body = PersonView), (status = 404, description = "not in the directory", body = crate::error::ErrorBody)))]
pub async fn my_profile(data: FedData, user: CurrentUser) -> AppResult<Json<PersonView>> {
    service::competence_people::own_profile(&data, &user.actor)
        .await?
        .map(|p| Json(PersonView::new(&p)))
        .ok_or_else(|| AppError::not_found("you have not listed competences"))
}

#[utoipa::path(put, path = "/api/v1/me/competences", tag = "competences", security(("bearer" = [])),
    request_body = ProfileRequest,
    responses((status = 200, body = PersonView), (status = 204, description = "opted out"),
        (status = 400, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn save_profile(
    data: FedData,
    user: CurrentUser,
    ApiJson(body): ApiJson<ProfileRequest>,
) -> AppResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let visibility = optional_word(
        body.visibility.as_deref(),
        Visibility::parse,
        "visibility",
        Visibility::choices(),
    )?
    .unwrap_or(Visibility::Group);
    let input = ProfileInput {
        skills: body.skills,
        visibility,
        place: body.place,
        availability: body.availability,
    };
    Ok(
        match service::competence_people::save_profile(&data, &user.actor, input).await? {
            Some(p) => Json(PersonView::new(&p)).into_response(),
            None => StatusCode::NO_CONTENT.into_response(),
        },
    )
}
