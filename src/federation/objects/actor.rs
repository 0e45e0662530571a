//! Actors on the wire: `Person` (members), `Group` (FEP-1b12, as Lemmy), `Application` (the
//! instance actor), and any actor type other servers use (Service, Organization).

use activitypub_federation::{
    config::Data,
    protocol::{helpers::deserialize_skip_error, public_key::PublicKey},
    traits::{Actor, Object},
};
use async_trait::async_trait;
use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::{
    app::AppState,
    domain::content::{clean_line, sanitize_html},
    error::AppError,
    federation::urls::{same_origin, MAX_ID_CHARS},
    storage::{self, actors::ActorRow, actors::NewActor, deliveries::inbox_domain},
};

/// A row of `actors`, as the federation library sees it, with its id parsed once.
#[derive(Debug, Clone)]
pub struct ApActor {
    pub row: ActorRow,
    id: Url,
}

#[derive(Serialize, Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub shared_inbox: Option<Url>,
}

#[derive(Serialize, Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ActorJson {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: Url,
    pub preferred_username: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub name: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub summary: Option<String>,
    pub inbox: Url,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub outbox: Option<Url>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub followers: Option<Url>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub endpoints: Option<Endpoints>,
    pub public_key: PublicKey,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub url: Option<Url>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub manually_approves_followers: Option<bool>,
    /// Groups: the moderators collection (Lemmy's name for it).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub moderators: Option<Url>,
    /// Groups: their rules, as HTML (Maillon's term).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub rules: Option<String>,
    /// Groups: `open`, `approval` or `invite` (Maillon's term).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub membership: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub published: Option<DateTime<Utc>>,
    /// Groups: a network whose members include groups (Maillon's term).
    #[serde(
        rename = "maillon:network",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub network: Option<bool>,
    /// Groups of Maillon nodes: where their node publishes their statistics (the dashboard).
    #[serde(
        rename = "maillon:statistics",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub statistics: Option<Url>,
}

/// Longest display name kept from a remote actor, in characters.
const MAX_NAME_CHARS: usize = 100;
/// Longest profile text kept from a remote actor, in characters of HTML.
const MAX_SUMMARY_CHARS: usize = 10_000;

/// Whether a remote `preferredUsername` can be shown in a handle: ASCII letters, digits, `_`,
/// `-` and `.`, as Mastodon also requires of remote accounts. Look-alike letters from other
/// scripts, bidirectional controls, spaces and `@` (`alice@rennes.example@evil.example`)
/// are refused, so a handle always reads as what it is.
pub fn is_remote_username(name: &str) -> bool {
    (1..=100).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Our storage name of an ActivityStreams actor type.
pub fn kind_from_wire(kind: &str) -> String {
    kind.to_ascii_lowercase()
}

pub fn kind_to_wire(kind: &str) -> &'static str {
    match kind {
        "group" => "Group",
        "application" => "Application",
        "service" => "Service",
        "organization" => "Organization",
        _ => "Person",
    }
}

impl ApActor {
    pub fn new(row: ActorRow) -> Result<ApActor, AppError> {
        let id = parse_url(&row.ap_id)?;
        Ok(ApActor { row, id })
    }

    pub fn into_row(self) -> ActorRow {
        self.row
    }

    /// The actor document, as served and as embedded in an `Update`.
    pub async fn into_json_value(
        self,
        data: &Data<AppState>,
    ) -> Result<serde_json::Value, AppError> {
        let json = self.into_json(data).await?;
        serde_json::to_value(json).map_err(|e| AppError::Internal(e.into()))
    }
}

impl ActorJson {
    fn shared_inbox(&self) -> Option<&Url> {
        self.endpoints
            .as_ref()
            .and_then(|e| e.shared_inbox.as_ref())
    }

    /// The storage form of a fetched remote actor.
    pub fn to_new_actor(&self) -> Result<NewActor, AppError> {
        let domain = inbox_domain(self.id.as_str())
            .ok_or_else(|| AppError::bad_request("actor id has no host"))?;
        let membership = self
            .membership
            .as_deref()
            .and_then(crate::domain::membership::MembershipPolicy::parse)
            .map(|p| p.as_str().to_string());
        Ok(NewActor {
            ap_id: self.id.to_string(),
            kind: kind_from_wire(&self.kind),
            local: false,
            username: self.preferred_username.clone(),
            domain,
            display_name: self
                .name
                .as_deref()
                .map(|n| clean_line(n, MAX_NAME_CHARS))
                .filter(|n| !n.is_empty()),
            summary: self.summary.as_deref().map(|s| {
                // Cut before sanitising: the sanitiser closes whatever the cut left open.
                sanitize_html(&s.chars().take(MAX_SUMMARY_CHARS).collect::<String>())
            }),
            inbox: self.inbox.to_string(),
            shared_inbox: self
                .endpoints
                .as_ref()
                .and_then(|e| e.shared_inbox.as_ref())
                .map(Url::to_string),
            outbox: self.outbox.as_ref().map(Url::to_string),
            followers: self.followers.as_ref().map(Url::to_string),
            html_url: self.url.as_ref().map(Url::to_string),
            public_key_pem: self.public_key.public_key_pem.clone(),
            private_key_pem: None,
            membership,
            manually_approves: self.manually_approves_followers.unwrap_or(false),
            rules: self
                .rules
                .as_deref()
                .map(crate::domain::content::sanitize_html),
            network: self.kind == "Group" && self.network == Some(true),
        })
    }
}

fn parse_url(raw: &str) -> Result<Url, AppError> {
    Url::parse(raw).map_err(|_| AppError::Internal(anyhow::anyhow!("stored URL {raw} is invalid")))
}

#[async_trait]
impl Object for ApActor {
    type DataType = AppState;
    type Kind = ActorJson;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }

    fn last_refreshed_at(&self) -> Option<DateTime<Utc>> {
        if self.row.local {
            None
        } else {
            Utc.timestamp_millis_opt(self.row.fetched_at).single()
        }
    }

    async fn read_from_id(object_id: Url, data: &Data<AppState>) -> Result<Option<Self>, AppError> {
        let mut tx = data.db.read().await?;
        Ok(storage::actors::by_ap_id(&mut tx, object_id.as_str())
            .await?
            .map(ApActor::new)
            .transpose()?)
    }

    async fn delete(&self, data: &Data<AppState>) -> Result<(), AppError> {
        let mut tx = data.db.begin().await?;
        storage::actors::mark_deleted(&mut tx, self.row.id).await?;
        tx.commit().await?;
        Ok(())
    }

    fn is_deleted(&self) -> bool {
        self.row.deleted_at.is_some()
    }

    async fn into_json(self, data: &Data<AppState>) -> Result<ActorJson, AppError> {
        let row = self.row;
        let id = parse_url(&row.ap_id)?;
        let urls = &data.urls;
        let is_group = row.is_group();
        Ok(ActorJson {
            kind: kind_to_wire(&row.kind).to_string(),
            preferred_username: row.username.clone(),
            name: row.display_name.clone(),
            summary: row.summary.clone(),
            inbox: parse_url(&row.inbox)?,
            outbox: row.outbox.as_deref().map(parse_url).transpose()?,
            followers: row.followers.as_deref().map(parse_url).transpose()?,
            endpoints: Some(Endpoints {
                shared_inbox: Some(urls.shared_inbox()),
            }),
            public_key: PublicKey {
                id: format!("{id}#main-key"),
                owner: id.clone(),
                public_key_pem: row.public_key_pem.clone(),
            },
            url: row.html_url.as_deref().map(parse_url).transpose()?,
            manually_approves_followers: Some(row.manually_approves),
            moderators: is_group.then(|| urls.moderators_of(&id)),
            membership: row.membership.clone(),
            rules: row.rules.clone(),
            published: Utc.timestamp_millis_opt(row.created_at).single(),
            network: (is_group && row.network).then_some(true),
            statistics: (is_group && row.local)
                .then(|| Url::parse(&crate::federation::stats_routes::stats_url(&row)).ok())
                .flatten(),
            id,
        })
    }

    async fn verify(
        json: &ActorJson,
        expected_domain: &Url,
        _data: &Data<AppState>,
    ) -> Result<(), AppError> {
        if !same_origin(&json.id, expected_domain) {
            return Err(AppError::BadRequest(
                "wrong_origin",
                "the actor's id is not on the server that served it".into(),
            ));
        }
        for url in [Some(&json.id), Some(&json.inbox), json.shared_inbox()] {
            if url.is_some_and(|u| u.as_str().len() > MAX_ID_CHARS) {
                return Err(AppError::BadRequest(
                    "id_too_long",
                    format!("the actor's URLs may not be longer than {MAX_ID_CHARS} characters"),
                ));
            }
        }
        if json.public_key.owner != json.id {
            return Err(AppError::bad_request(
                "the actor's key belongs to another actor",
            ));
        }
        if !is_remote_username(&json.preferred_username) {
            return Err(AppError::BadRequest(
                "invalid_username",
                "preferredUsername must be 1 to 100 ASCII letters, digits, '_', '-' or '.'".into(),
            ));
        }
        Ok(())
    }

    async fn from_json(json: ActorJson, data: &Data<AppState>) -> Result<Self, AppError> {
        let new = json.to_new_actor()?;
        let mut tx = data.db.begin().await?;
        let row = storage::actors::upsert_remote(&mut tx, &new)
            .await?
            .ok_or_else(|| {
                AppError::forbidden("a remote server may not overwrite a local actor")
            })?;
        tx.commit().await?;
        ApActor::new(row)
    }
}

impl Actor for ApActor {
    fn public_key_pem(&self) -> &str {
        &self.row.public_key_pem
    }

    fn private_key_pem(&self) -> Option<String> {
        self.row.private_key_pem.clone()
    }

    fn inbox(&self) -> Url {
        Url::parse(&self.row.inbox).expect("stored inbox is a URL")
    }

    fn shared_inbox(&self) -> Option<Url> {
        self.row
            .shared_inbox
            .as_deref()
            .and_then(|u| Url::parse(u).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped like a Mastodon 4 account document (fields we do not use included).
    const MASTODON_PERSON: &str = r#"{
      "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1",
        {"manuallyApprovesFollowers": "as:manuallyApprovesFollowers", "toot": "http://joinmastodon.org/ns#",
         "featured": {"@id": "toot:featured", "@type": "@id"}, "discoverable": "toot:discoverable"}],
      "id": "https://mastodon.example/users/Claire",
      "type": "Person",
      "following": "https://mastodon.example/users/Claire/following",
      "followers": "https://mastodon.example/users/Claire/followers",
      "inbox": "https://mastodon.example/users/Claire/inbox",
      "outbox": "https://mastodon.example/users/Claire/outbox",
      "featured": "https://mastodon.example/users/Claire/collections/featured",
      "preferredUsername": "Claire",
      "name": "Claire 🌱",
      "summary": "<p>Coopératrice <script>alert(1)</script></p>",
      "url": "https://mastodon.example/@Claire",
      "manuallyApprovesFollowers": false,
      "discoverable": true,
      "published": "2022-11-05T00:00:00Z",
      "publicKey": {
        "id": "https://mastodon.example/users/Claire#main-key",
        "owner": "https://mastodon.example/users/Claire",
        "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"
      },
      "tag": [],
      "attachment": [{"type": "PropertyValue", "name": "Site", "value": "<a href=\"https://x.example\">x</a>"}],
      "endpoints": {"sharedInbox": "https://mastodon.example/inbox"},
      "icon": {"type": "Image", "mediaType": "image/png", "url": "https://files.mastodon.example/a.png"}
    }"#;

    /// Shaped like a Lemmy 0.19 community.
    const LEMMY_COMMUNITY: &str = r#"{
      "id": "https://lemmy.example/c/cooperatives",
      "type": "Group",
      "preferredUsername": "cooperatives",
      "inbox": "https://lemmy.example/c/cooperatives/inbox",
      "followers": "https://lemmy.example/c/cooperatives/followers",
      "publicKey": {
        "id": "https://lemmy.example/c/cooperatives#main-key",
        "owner": "https://lemmy.example/c/cooperatives",
        "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"
      },
      "name": "Coopératives",
      "summary": "<p>Tout sur les coops</p>",
      "source": {"content": "Tout sur les coops", "mediaType": "text/markdown"},
      "sensitive": false,
      "attributedTo": "https://lemmy.example/c/cooperatives/moderators",
      "postingRestrictedToMods": false,
      "outbox": "https://lemmy.example/c/cooperatives/outbox",
      "endpoints": {"sharedInbox": "https://lemmy.example/inbox"},
      "featured": "https://lemmy.example/c/cooperatives/featured",
      "language": [{"identifier": "fr", "name": "Français"}],
      "published": "2023-06-01T10:00:00.000000Z"
    }"#;

    #[test]
    fn mastodon_person_is_understood() {
        let json: ActorJson = serde_json::from_str(MASTODON_PERSON).unwrap();
        let actor = json.to_new_actor().unwrap();
        assert_eq!(actor.kind, "person");
        assert_eq!(actor.username, "Claire");
        assert_eq!(actor.domain, "mastodon.example");
        assert_eq!(
            actor.shared_inbox.as_deref(),
            Some("https://mastodon.example/inbox")
        );
        assert!(!actor.summary.unwrap().contains("script"));
        assert!(!actor.local);
        assert!(actor.private_key_pem.is_none());
    }

    #[test]
    fn lemmy_community_is_a_group() {
        let json: ActorJson = serde_json::from_str(LEMMY_COMMUNITY).unwrap();
        let actor = json.to_new_actor().unwrap();
        assert_eq!(actor.kind, "group");
        assert_eq!(actor.display_name.as_deref(), Some("Coopératives"));
        assert_eq!(actor.inbox, "https://lemmy.example/c/cooperatives/inbox");
        assert_eq!(actor.membership, None);
    }

    #[test]
    fn odd_optional_fields_do_not_break_parsing() {
        let mut value: serde_json::Value = serde_json::from_str(MASTODON_PERSON).unwrap();
        value["url"] =
            serde_json::json!({"type": "Link", "href": "https://mastodon.example/@Claire"});
        value["endpoints"] = serde_json::json!("not an object");
        value["manuallyApprovesFollowers"] = serde_json::json!(null);
        let json: ActorJson = serde_json::from_value(value).unwrap();
        let actor = json.to_new_actor().unwrap();
        assert_eq!(actor.shared_inbox, None);
        assert_eq!(actor.html_url, None);
    }

    #[test]
    fn an_actor_without_key_or_inbox_is_refused() {
        let mut value: serde_json::Value = serde_json::from_str(MASTODON_PERSON).unwrap();
        value.as_object_mut().unwrap().remove("publicKey");
        assert!(serde_json::from_value::<ActorJson>(value).is_err());
        let mut value: serde_json::Value = serde_json::from_str(MASTODON_PERSON).unwrap();
        value.as_object_mut().unwrap().remove("inbox");
        assert!(serde_json::from_value::<ActorJson>(value).is_err());
    }

    #[test]
    fn look_alike_and_invisible_usernames_are_refused() {
        for good in ["Claire", "bob_2", "jean-marc", "a.b", "x"] {
            assert!(is_remote_username(good), "{good}");
        }
        for bad in [
            "",
            "\u{0430}lice",              // Cyrillic a
            "alice\u{202E}",             // right-to-left override
            "alice@rennes.example.coop", // a handle inside a handle
            "alice bob",
            "al\u{200B}ice", // zero width space
            "ｆｕｌｌｗｉｄｔｈ",
            &"a".repeat(101),
        ] {
            assert!(!is_remote_username(bad), "{bad:?}");
        }
    }

    #[test]
    fn names_and_profiles_are_cleaned_and_capped() {
        let mut value: serde_json::Value = serde_json::from_str(MASTODON_PERSON).unwrap();
        value["name"] = serde_json::json!(format!("Claire\u{202E}\n{}", "é".repeat(500)));
        value["summary"] = serde_json::json!(format!("<p>{}", "x".repeat(50_000)));
        let actor = serde_json::from_value::<ActorJson>(value)
            .unwrap()
            .to_new_actor()
            .unwrap();
        let name = actor.display_name.unwrap();
        assert!(name.starts_with("Claire é"), "{name}");
        assert!(!name.contains('\u{202E}'));
        assert_eq!(name.chars().count(), MAX_NAME_CHARS);
        let summary = actor.summary.unwrap();
        assert!(summary.len() <= MAX_SUMMARY_CHARS + 10, "{}", summary.len());
        assert!(summary.ends_with("</p>"), "the cut is closed again");
    }
}
