//! Finding who can help with a need: the open offers (of this node's groups and the copies
//! kept of followed groups on other nodes) and the people whose profiles fit, ranked by
//! `domain::competence::rank`; and telling the authors of matching offers. Each node tells its
//! own members: a need written here notifies local offer authors directly and is sent to the
//! authors of matching offers on other nodes, whose nodes notify them when it arrives
//! (`remote_competences`), as they do for the needs the groups they follow announce.

use std::collections::{HashMap, HashSet};

use super::{
    competence_people::{visible_people, Person},
    competences::{with_people, CompetenceDetails},
};
use crate::{
    domain::{
        competence::{query_terms, rank, same_place, Affinity, Kind},
        content::html_to_text,
    },
    error::{AppError, AppResult},
    federation::FedData,
    storage::{self, actors::ActorRow, now_millis, Tx},
};

/// What a notification of a need matching an offer is called.
pub const NEED_MATCHES_OFFER: &str = "need_matches_offer";
/// Most offers and people suggested for one need.
const MAX_SUGGESTIONS: usize = 50;

/// An offer suggested for a need, with why.
#[derive(Debug, Clone)]
pub struct OfferMatch {
    pub offer: CompetenceDetails,
    pub affinity: Affinity,
    pub shared_skills: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PersonMatch {
    pub person: Person,
    pub affinity: Affinity,
    pub shared_skills: Vec<String>,
}

fn shared(candidate: &[String], wanted: &HashSet<&str>) -> Vec<String> {
    candidate
        .iter()
        .filter(|s| wanted.contains(s.as_str()))
        .cloned()
        .collect()
}

/// The open offers sharing a skill or words with `need`, best first.
pub(super) async fn matching_offers(
    tx: &mut Tx,
    need: &CompetenceDetails,
) -> AppResult<Vec<OfferMatch>> {
    let now = now_millis();
    let wanted: HashSet<&str> = need.skills.iter().map(String::as_str).collect();
    let search_text = format!("{} {}", need.row.title, html_to_text(&need.row.description));
    let text_hits: HashMap<i64, f64> = storage::competences::text_search(
        tx,
        Kind::Offer.as_str(),
        &query_terms(&search_text),
        now,
    )
    .await?
    .into_iter()
    .collect();
    let mut ids =
        storage::competences::open_with_skills(tx, Kind::Offer.as_str(), &need.skills, now).await?;
    let text_only: Vec<i64> = text_hits
        .keys()
        .copied()
        .filter(|id| !ids.contains(id))
        .collect();
    ids.extend(text_only);
    let rows = storage::competences::by_ids(tx, &ids).await?;
    let mut offers = Vec::new();
    for offer in with_people(tx, rows).await? {
        if offer.row.author_id == need.row.author_id {
            continue;
        }
        let shared_skills = shared(&offer.skills, &wanted);
        let affinity = Affinity {
            shared_skills: shared_skills.len(),
            text: text_hits.get(&offer.row.id).copied().unwrap_or(0.0),
            same_place: same_place(need.row.place.as_deref(), offer.row.place.as_deref()),
        };
        if affinity.matches() {
            let recency = offer.row.created_at;
            offers.push((
                OfferMatch {
                    offer,
                    affinity,
                    shared_skills,
                },
                affinity,
                recency,
            ));
        }
    }
    rank(&mut offers);
    Ok(offers
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|m| m.0)
        .collect())
}

/// For a need: the open offers and the people who may help, best first.
pub async fn matches(
    data: &FedData,
    viewer: Option<&ActorRow>,
    need_id: i64,
) -> AppResult<(CompetenceDetails, Vec<OfferMatch>, Vec<PersonMatch>)> {
    let mut tx = data.db.read().await?;
    let need = storage::competences::by_id(&mut tx, need_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such offer or need"))?;
    if need.kind != Kind::Need.as_str() {
        return Err(AppError::Unprocessable(
            "not_a_need",
            "matches are found for a need, not an offer".into(),
        ));
    }
    let need = with_people(&mut tx, vec![need])
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("no such offer or need"))?;
    let offers = matching_offers(&mut tx, &need).await?;

    // People: profiles sharing a skill with the need, as far as the viewer may see them.
    let wanted: HashSet<&str> = need.skills.iter().map(String::as_str).collect();
    let mut people = Vec::new();
    if !need.skills.is_empty() {
        for person in visible_people(&mut tx, viewer, &need.skills, None).await? {
            if person.actor.id == need.row.author_id {
                continue;
            }
            let shared_skills = shared(&person.skills, &wanted);
            let affinity = Affinity {
                shared_skills: shared_skills.len(),
                text: 0.0,
                same_place: same_place(need.row.place.as_deref(), person.profile.place.as_deref()),
            };
            let recency = person.profile.updated_at;
            people.push((
                PersonMatch {
                    person,
                    affinity,
                    shared_skills,
                },
                affinity,
                recency,
            ));
        }
        rank(&mut people);
    }
    Ok((
        need,
        offers,
        people
            .into_iter()
            .take(MAX_SUGGESTIONS)
            .map(|m| m.0)
            .collect(),
    ))
}

/// A need was posted here or arrived from another node: the authors of matching offers who
/// are members of this node are notified (once per need and offer). Returns the authors of
/// matching offers on other nodes, for a need written here to reach them.
pub(super) async fn notify_offer_authors(
    tx: &mut Tx,
    need: &CompetenceDetails,
) -> AppResult<Vec<ActorRow>> {
    if need.row.kind != Kind::Need.as_str() {
        return Ok(vec![]);
    }
    let mut remote: Vec<ActorRow> = Vec::new();
    for found in matching_offers(tx, need).await? {
        let author = &found.offer.author;
        if author.local {
            storage::notifications::notify(
                tx,
                author.id,
                NEED_MATCHES_OFFER,
                &need.row.ap_id,
                &found.offer.row.ap_id,
                &need.row.title,
            )
            .await?;
        } else if need.row.local && !remote.iter().any(|a| a.id == author.id) {
            remote.push(author.clone());
        }
    }
    Ok(remote)
}
