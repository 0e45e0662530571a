//! Group statistics on the wire: the document a node publishes for each of its groups at
//! `/groups/{name}/stats` (the page's own address, served as `application/activity+json` when
//! asked for; the Group actor advertises it as `maillon:statistics`), and how the network
//! dashboard reads another node's: a signed fetch of the group actor, then of the document it
//! names, each checked (the library's id-equals-final-URL rule, then ours: on the group's
//! node, our type, attributed to that very group, well-formed counts) before it is kept.

use activitypub_federation::fetch::fetch_object_http;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{json, Value};
use url::Url;

use super::{routes::activity_json, urls::same_origin, FedData};
use crate::{
    app::AppState,
    domain::group_stats::{self, Figures, GroupStats, Month, MonthFigures, Totals},
    error::{AppError, AppResult},
    service,
    storage::actors::ActorRow,
};

/// Our type of the document (in the `maillon` namespace of our context).
pub const STATS_TYPE: &str = "maillon:GroupStatistics";

/// Where a local group's statistics live: its actor id + `/stats`.
pub fn stats_url(group: &ActorRow) -> String {
    format!("{}/stats", group.ap_id.trim_end_matches('/'))
}

fn rfc3339(millis: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(millis)
        .map(|t| t.to_rfc3339())
        .unwrap_or_default()
}

/// The figures as JSON, with the turnout they imply (readers need not divide).
pub fn figures_json(f: &Figures) -> Value {
    let mut v = serde_json::to_value(f).unwrap_or_default();
    v["turnout"] = json!(f.turnout());
    v
}

pub fn totals_json(t: &Totals) -> Value {
    let mut v = figures_json(&t.figures);
    v["open_offers"] = json!(t.open_offers);
    v["open_needs"] = json!(t.open_needs);
    v["upcoming_events"] = json!(t.upcoming_events);
    v
}

pub fn months_json(months: &[MonthFigures]) -> Value {
    Value::Array(
        months
            .iter()
            .map(|m| {
                let mut v = json!({"month": m.month.label()});
                if let (Value::Object(out), Value::Object(f)) = (&mut v, figures_json(&m.figures)) {
                    out.extend(f);
                }
                v
            })
            .collect(),
    )
}

/// The statistics document of one of our groups.
pub fn document(group: &ActorRow, stats: &GroupStats) -> Value {
    let id = stats_url(group);
    let name = group.display_name.as_deref().unwrap_or(&group.username);
    json!({
        "id": id,
        "type": STATS_TYPE,
        "attributedTo": group.ap_id,
        "name": format!("Statistics of {name}"),
        "url": id,
        "published": rfc3339(stats.computed_at),
        "maillon:months": months_json(&stats.months),
        "maillon:totals": totals_json(&stats.totals),
    })
}

/// `GET /groups/{name}/stats` for a peer: computed now.
pub async fn document_response(data: &FedData, group: &ActorRow) -> AppResult<Response> {
    let stats = service::group_stats::compute(data, group).await?;
    Ok(activity_json(document(group, &stats)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatsJson {
    id: Url,
    #[serde(rename = "type")]
    kind: String,
    attributed_to: Url,
    published: DateTime<Utc>,
    #[serde(rename = "maillon:months")]
    months: Vec<MonthJson>,
    #[serde(rename = "maillon:totals")]
    totals: Totals,
}

#[derive(Deserialize)]
struct MonthJson {
    month: String,
    #[serde(flatten)]
    figures: Figures,
}

/// Reads a statistics document said to be `group`'s; the reason it is refused otherwise.
pub fn parse(object: &Value, group: &ActorRow) -> Result<GroupStats, String> {
    let doc: StatsJson = serde_json::from_value(object.clone())
        .map_err(|e| format!("malformed statistics document: {e}"))?;
    if doc.kind != STATS_TYPE {
        return Err(format!("the document is a {}, not {STATS_TYPE}", doc.kind));
    }
    let group_url = Url::parse(&group.ap_id).map_err(|e| e.to_string())?;
    if !same_origin(&doc.id, &group_url) {
        return Err(format!(
            "the document {} is not on the group's node",
            doc.id
        ));
    }
    if doc.attributed_to != group_url {
        return Err(format!(
            "the document is attributed to {}, not to the group {}",
            doc.attributed_to, group.ap_id
        ));
    }
    let mut months = Vec::with_capacity(doc.months.len());
    for m in doc.months {
        let month = Month::parse(&m.month).ok_or_else(|| format!("bad month {:?}", m.month))?;
        months.push(MonthFigures {
            month,
            figures: m.figures,
        });
    }
    months.sort_by_key(|m| m.month);
    let stats = GroupStats {
        computed_at: doc.published.timestamp_millis(),
        months,
        totals: doc.totals,
    };
    group_stats::check(&stats)?;
    Ok(stats)
}

/// Reads the statistics of a group of another node: its actor (for the advertised address),
/// then the document. Returns the document's address, the document and its figures; the
/// error is a sentence for the dashboard and the log.
pub async fn fetch(
    data: &FedData,
    group: &ActorRow,
) -> Result<(String, Value, GroupStats), String> {
    let group_url = Url::parse(&group.ap_id).map_err(|e| e.to_string())?;
    let actor = fetch_object_http::<AppState, Value>(&group_url, data)
        .await
        .map_err(|e| format!("the group could not be read: {}", AppError::from(e)))?
        .object;
    let advertised = actor
        .get("maillon:statistics")
        .and_then(Value::as_str)
        .ok_or("the group's node publishes no statistics")?;
    let url = Url::parse(advertised).map_err(|_| "the statistics address is not a URL")?;
    if !same_origin(&url, &group_url) {
        return Err(format!(
            "the statistics address {url} is not on the group's node"
        ));
    }
    let fetched = fetch_object_http::<AppState, Value>(&url, data)
        .await
        .map_err(|e| format!("the statistics could not be read: {}", AppError::from(e)))?;
    let stats = parse(&fetched.object, group)?;
    Ok((fetched.url.to_string(), fetched.object, stats))
}
