//! Events through the members' web pages, over real HTTP with the real forms (cookies, CSRF
//! token, redirects), in French unless said otherwise: a moderator publishes an event through
//! the form (bad input is refused next to its field and creates nothing); members register,
//! the online link appears only once seated, a full event waitlists and says so, leaving
//! moves the next one up; the organizers' list, its CSV and the edit form; "My events" and
//! the private calendar feed, read by an iCalendar parser, which stops working once reset.
//! `web_event_organizers.rs` goes on with approvals, invitations and refusals.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use reqwest::{header, StatusCode};
use serde_json::Value;

use crate::{
    harness::Node,
    web::{assert_accessible, browser_like, web_login},
    web_decisions::{login, Browser},
};

/// The day `days` from now, in Paris.
pub(crate) fn paris_day(days: i64) -> NaiveDate {
    Utc::now().with_timezone(&Paris).date_naive() + Duration::days(days)
}

/// How a French page writes a day (our own table, not the node's).
pub(crate) fn french_day(day: NaiveDate) -> String {
    const WEEKDAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let number = if day.day() == 1 {
        "1er".to_string()
    } else {
        day.day().to_string()
    };
    format!(
        "{} {number} {} {}",
        WEEKDAYS[day.weekday().num_days_from_monday() as usize],
        MONTHS[day.month0() as usize],
        day.year()
    )
}

/// The event form as a moderator fills it, with some fields changed.
pub(crate) fn event_form<'a>(
    date: &'a str,
    changes: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", "Atelier compta"),
        ("description", "Tenir sa **comptabilité** à plusieurs."),
        ("category", "training"),
        ("start_date", date),
        ("start_time", "18:30"),
        ("end_date", ""),
        ("end_time", "20:00"),
        ("timezone", "Europe/Paris"),
        ("place_name", "La Coop"),
        ("place_address", "1 rue de Brest, Rennes"),
        ("online_url", "https://visio.example/atelier"),
        ("capacity", "2"),
        ("join_mode", "open"),
        ("deadline_date", ""),
        ("deadline_time", ""),
        ("status", "confirmed"),
        ("repeat", "none"),
        ("interval", "1"),
        ("until", ""),
        ("contact", "compta@coop.example"),
        ("organizers", "ana"),
    ];
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => fields.push((name, value)),
        }
    }
    fields
}

/// The id in a redirect such as `/event/12?notice=...`.
fn event_id(location: &str) -> i64 {
    location
        .strip_prefix("/event/")
        .and_then(|rest| rest.split('?').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{location} is not an event page"))
}

pub(crate) async fn publish(a: &Node, moderator: &Browser, form: &[(&str, &str)]) -> i64 {
    event_id(&moderator.submit(a, "/groups/coop/events", form).await)
}

async fn events_stored(a: &Node) -> i64 {
    a.count("SELECT COUNT(*) FROM events WHERE $1 = $1", "x")
        .await
}

pub(crate) async fn anonymous(a: &Node, path: &str) -> (StatusCode, String) {
    let response = browser_like()
        .get(a.url(path))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    // askama's escapes undone, as the logged-in helper does.
    let text = text
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    (status, text)
}

/// The path of the private feed shown on "My events".
fn feed_path(page: &str) -> String {
    let start = page.find("/calendar/").expect("a feed address");
    let end = start + page[start..].find(".ics").expect("an .ics address") + 4;
    page[start..end].to_string()
}

/// The summaries of the events of an iCalendar text, read by a real parser.
fn summaries(text: &str) -> Vec<String> {
    let calendar = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
        .next()
        .expect("a calendar")
        .expect("valid iCalendar");
    calendar
        .events
        .iter()
        .filter_map(|e| e.properties.iter().find(|p| p.name == "SUMMARY"))
        .filter_map(|p| p.value.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_register_wait_and_leave_through_the_event_pages() {
    let a = Node::start("A", 0).await;
    let ana_user = a.admin("ana").await;
    let mut users = Vec::new();
    for name in ["ben", "chloe", "dan", "eve"] {
        users.push(a.user(name).await);
    }
    a.group("coop", "open", &ana_user);
    let ana = login(&a, "ana").await;
    let ben = login(&a, "ben").await;
    let chloe = login(&a, "chloe").await;
    let dan = login(&a, "dan").await;
    let eve = login(&a, "eve").await;
    for member in [&ben, &chloe, &dan] {
        member.submit(&a, "/groups/coop/join", &[]).await;
    }
    let day = paris_day(3);
    let date = day.format("%Y-%m-%d").to_string();

    // The moderator finds the form; a member gets a refusal.
    let (status, page) = ana.get(&a, "/groups/coop/events/new").await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/groups/coop/events/new", &page);
    assert!(page.contains("<option value=\"Europe/Paris\" selected>"));
    let (status, _) = ben.get(&a, "/groups/coop/events/new").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Bad input: each refusal next to its field, what was typed kept, nothing stored.
    let (status, page) = ana
        .post(
            &a,
            "/groups/coop/events",
            &event_form(&date, &[("end_time", "17:00")]),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("id=\"event-end-error\""), "{page}");
    assert!(page.contains("La fin doit venir après le début."), "{page}");
    assert!(
        page.contains("value=\"Atelier compta\""),
        "typed values kept"
    );
    assert_accessible("event form with errors", &page);
    for (changes, field, words) in [
        (
            [("organizers", "zoe")],
            "event-organizers",
            "Personne ne s'appelle « zoe »",
        ),
        (
            [("online_url", "ftp://visio.example")],
            "event-online-url",
            "commençant par https://",
        ),
        (
            [("capacity", "beaucoup")],
            "event-capacity",
            "Écrivez un nombre entier positif.",
        ),
        ([("start_date", "")], "event-start", "Indiquez une date"),
        ([("title", " ")], "event-title", "Le titre est vide"),
    ] {
        let (status, page) = ana
            .post(&a, "/groups/coop/events", &event_form(&date, &changes))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{changes:?}");
        assert!(page.contains(&format!("id=\"{field}-error\"")), "{page}");
        assert!(page.contains(words), "{changes:?}: {page}");
    }
    let (status, _) = ben
        .post(&a, "/groups/coop/events", &event_form(&date, &[]))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "members do not publish");
    assert_eq!(events_stored(&a).await, 0, "refused forms store nothing");

    // Published: 18:30 in Paris is stored as the right instant and shown in French words.
    let id = publish(&a, &ana, &event_form(&date, &[])).await;
    let stored = a
        .count(
            "SELECT starts_at FROM events WHERE id = CAST($1 AS BIGINT)",
            &id.to_string(),
        )
        .await;
    let expected = Paris
        .from_local_datetime(&day.and_hms_opt(18, 30, 0).unwrap())
        .single()
        .unwrap()
        .timestamp_millis();
    assert_eq!(stored, expected);
    let page_path = format!("/event/{id}");
    let (status, page) = anonymous(&a, &page_path).await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/event (visitor)", &page);
    assert!(
        page.contains(&format!("{}, de 18 h 30 à 20 h 00", french_day(day))),
        "{page}"
    );
    assert!(page.contains("<strong>comptabilité</strong>"), "Markdown");
    assert!(page.contains("Connectez-vous pour vous inscrire"));
    assert!(!page.contains("visio.example"), "no link for visitors");
    let (_, group) = anonymous(&a, "/groups/coop").await;
    assert!(group.contains(&format!("href=\"/event/{id}\"")), "{group}");
    assert!(group.contains("2 places restantes"), "{group}");
    assert!(group.contains("href=\"/groups/coop/calendar.ics\""));

    // Two seats: Ben and Chloé take them; the online link is theirs once seated.
    let (_, page) = ben.get(&a, &page_path).await;
    assert!(!page.contains("https://visio.example/atelier"));
    assert!(page.contains("s'affiche ici dès que votre place est confirmée"));
    assert_accessible("/event (member)", &page);
    let location = ben
        .submit(&a, &format!("/event/{id}/register"), &[("note", "")])
        .await;
    assert!(
        location.ends_with("notice=notice-event-accepted"),
        "{location}"
    );
    let (_, page) = ben.get(&a, &location).await;
    assert!(page.contains("C'est noté : votre place est réservée."));
    assert!(page.contains("Votre inscription : acceptée"), "{page}");
    assert!(
        page.contains("href=\"https://visio.example/atelier\""),
        "{page}"
    );
    chloe
        .submit(
            &a,
            &format!("/event/{id}/register"),
            &[("note", "=Végétarienne")],
        )
        .await;

    // Full: Dan is told before and after, and waits first; Eve (not a member) second.
    let (_, page) = dan.get(&a, &page_path).await;
    assert!(page.contains("C'est complet"), "{page}");
    assert!(page.contains("M'inscrire sur la liste d'attente"));
    let location = dan.submit(&a, &format!("/event/{id}/register"), &[]).await;
    assert!(location.ends_with("notice=notice-event-waitlisted"));
    eve.submit(&a, &format!("/event/{id}/register"), &[]).await;
    let (_, page) = dan.get(&a, &page_path).await;
    assert!(page.contains("Votre inscription : sur liste d'attente"));
    assert!(
        page.contains("vous êtes n° 1 sur la liste d'attente"),
        "{page}"
    );
    assert!(
        !page.contains("https://visio.example/atelier"),
        "waiting: no link"
    );
    let (_, page) = eve.get(&a, &page_path).await;
    assert!(
        page.contains("vous êtes n° 2 sur la liste d'attente"),
        "{page}"
    );
    let (_, page) = anonymous(&a, &page_path).await;
    assert!(page.contains("2 personnes en liste d'attente"), "{page}");

    // Registering again changes nothing; Ben leaves and Dan moves up, Eve becomes first.
    let location = dan.submit(&a, &format!("/event/{id}/register"), &[]).await;
    assert!(location.ends_with("notice=notice-event-already-registered"));
    let location = ben.submit(&a, &format!("/event/{id}/leave"), &[]).await;
    assert!(location.ends_with("notice=notice-event-left"));
    let (_, page) = dan.get(&a, &page_path).await;
    assert!(page.contains("Votre inscription : acceptée"), "{page}");
    assert!(page.contains("href=\"https://visio.example/atelier\""));
    let (_, page) = eve.get(&a, &page_path).await;
    assert!(
        page.contains("vous êtes n° 1 sur la liste d'attente"),
        "{page}"
    );

    // The same page in English for Dan.
    let http = browser_like();
    let dan_en = web_login(&a, &http, "dan", "dan-password-123").await;
    let english = http
        .get(a.url(&page_path))
        .header(header::COOKIE, dan_en.cookies())
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("Your registration: accepted"), "{english}");
    assert!(english.contains("18:30 to 20:00"), "{english}");

    // The organizers' list, its CSV (formulas neutralised), and no list for members.
    let (status, page) = ana.get(&a, &format!("/event/{id}/attendees")).await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/event/attendees", &page);
    assert!(page.contains("@chloe@") && page.contains("=Végétarienne"));
    assert!(page.contains("@eve@") && !page.contains("@ben@"), "{page}");
    let (status, _) = chloe.get(&a, &format!("/event/{id}/attendees")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, csv) = ana.get(&a, &format!("/event/{id}/attendees.csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        csv.starts_with("handle,name,state,registered_at,note\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 4, "chloe, dan, eve: {csv}");
    assert!(csv.contains("\"'=Végétarienne\""), "{csv}");
    let (status, _) = dan.get(&a, &format!("/event/{id}/attendees.csv")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The edit form shows the event in its zone; one seat more seats Eve.
    let (status, page) = ana.get(&a, &format!("/event/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/event/edit", &page);
    assert!(page.contains("value=\"18:30\"") && page.contains(&format!("value=\"{date}\"")));
    let (status, _) = dan.get(&a, &format!("/event/{id}/edit")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let location = ana
        .submit(
            &a,
            &format!("/event/{id}/edit"),
            &event_form(&date, &[("capacity", "3"), ("organizers", "ana\nchloe")]),
        )
        .await;
    assert!(location.ends_with("notice=notice-event-saved"));
    let (_, page) = eve.get(&a, &page_path).await;
    assert!(page.contains("Votre inscription : acceptée"), "{page}");
    assert!(
        page.contains("@ana@") && page.contains("@chloe@"),
        "organizers"
    );

    // My events, and the private feed: a real parser reads it; a reset closes the old one.
    let (_, page) = dan.get(&a, "/me/events").await;
    assert_accessible("/me/events", &page);
    assert!(page.contains("Atelier compta") && page.contains("acceptée"));
    assert!(page.contains("href=\"/me/events\""), "in the navigation");
    let old_feed = feed_path(&page);
    let response = browser_like().get(a.url(&old_feed)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = response.text().await.unwrap();
    assert_eq!(summaries(&text), ["Atelier compta"]);
    assert!(!text.contains("visio.example"), "no online link in a feed");
    let (_, page) = ben.get(&a, "/me/events").await;
    let ben_feed = feed_path(&page);
    let (_, text) = anonymous(&a, &ben_feed).await;
    assert!(summaries(&text).is_empty(), "Ben left: {text}");
    let location = dan.submit(&a, "/me/calendar/reset", &[]).await;
    assert_eq!(location, "/me/events?notice=notice-calendar-reset");
    let (status, _) = anonymous(&a, &old_feed).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the old address stops");
    let (_, page) = dan.get(&a, "/me/events").await;
    let new_feed = feed_path(&page);
    assert_ne!(new_feed, old_feed);
    let (status, text) = anonymous(&a, &new_feed).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(summaries(&text), ["Atelier compta"]);

    // The same address through the API, and a reset there.
    let dan_token = &users[2].token;
    let feed: Value = a.get("/api/v1/me/calendar", Some(dan_token)).await;
    assert!(feed["url"].as_str().unwrap().ends_with(&new_feed), "{feed}");
    let reset = a
        .post("/api/v1/me/calendar/reset", dan_token, Value::Null)
        .await;
    let (status, _) = anonymous(&a, &new_feed).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let doc = a.get("/api/v1/openapi.json", None).await;
    for path in ["/api/v1/me/calendar", "/api/v1/me/calendar/reset"] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} in the OpenAPI document"
        );
    }
    let url = reset["url"].as_str().unwrap();
    let (status, _) = anonymous(&a, &url[url.find("/calendar/").unwrap()..]).await;
    assert_eq!(status, StatusCode::OK);
}
