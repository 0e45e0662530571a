//! Events through the members' web pages, over real HTTP with the real forms (cookies, CSRF
//! token, redirects), in French unless said otherwise: a moderator publishes an event through
//! the form (bad input is refused next to its field and creates nothing); members register,
//! the online link appears only once seated, a full event waitlists and says so, leaving
//! moves the next one up; the organizers' list, its CSV and the edit form; an approval event
//! accepted from the attendees page; members-only, invitation, cancelled and closed events
//! refused with words and status; "My events" and the private calendar feed, read by an
//! iCalendar parser, which stops working once reset.

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
fn paris_day(days: i64) -> NaiveDate {
    Utc::now().with_timezone(&Paris).date_naive() + Duration::days(days)
}

/// How a French page writes a day (our own table, not the node's).
fn french_day(day: NaiveDate) -> String {
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
fn event_form<'a>(date: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
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

async fn publish(a: &Node, moderator: &Browser, form: &[(&str, &str)]) -> i64 {
    event_id(&moderator.submit(a, "/groups/coop/events", form).await)
}

async fn events_stored(a: &Node) -> i64 {
    a.count("SELECT COUNT(*) FROM events WHERE $1 = $1", "x")
        .await
}

async fn anonymous(a: &Node, path: &str) -> (StatusCode, String) {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organizers_approve_invite_and_refusals_are_explained() {
    let a = Node::start("A", 0).await;
    let ana_user = a.admin("ana").await;
    for name in ["ben", "chloe", "eve"] {
        a.user(name).await;
    }
    a.group("coop", "open", &ana_user);
    let ana = login(&a, "ana").await;
    let ben = login(&a, "ben").await;
    let chloe = login(&a, "chloe").await;
    let eve = login(&a, "eve").await;
    for member in [&ben, &chloe] {
        member.submit(&a, "/groups/coop/join", &[]).await;
    }
    let date = paris_day(5).format("%Y-%m-%d").to_string();

    // On approval and for members: Eve, who is not one, is refused with words and a 403.
    let id = publish(
        &a,
        &ana,
        &event_form(
            &date,
            &[
                ("title", "Assemblée générale"),
                ("category", "assembly"),
                ("join_mode", "approval"),
                ("members_only", "on"),
                ("capacity", ""),
            ],
        ),
    )
    .await;
    let page_path = format!("/event/{id}");
    let (status, page) = eve
        .post(
            &a,
            &format!("/event/{id}/register"),
            &[("note", "Moi aussi")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
    assert!(page.contains("réservé aux membres du groupe"), "{page}");
    assert!(page.contains("Moi aussi"), "the note is kept");
    assert_accessible("/event refused", &page);
    let registrations = || async {
        a.count(
            "SELECT COUNT(*) FROM event_registrations WHERE event_id = CAST($1 AS BIGINT)",
            &id.to_string(),
        )
        .await
    };
    assert_eq!(registrations().await, 0, "a refusal stores nothing");

    // Ben asks and waits; the organizer accepts him from the attendees page.
    let location = ben
        .submit(
            &a,
            &format!("/event/{id}/register"),
            &[("note", "J'arrive à 19 h")],
        )
        .await;
    assert!(location.ends_with("notice=notice-event-pending"));
    let (_, page) = ben.get(&a, &page_path).await;
    assert!(
        page.contains("Votre inscription : en attente de réponse"),
        "{page}"
    );
    assert!(!page.contains("https://visio.example/atelier"));
    assert!(page.contains("Retirer ma demande"));
    let (_, page) = ana.get(&a, &format!("/event/{id}/attendees")).await;
    assert!(page.contains("J'arrive à 19 h"), "{page}");
    let ben_id = a
        .count(
            "SELECT id FROM actors WHERE username = $1 AND kind = 'person'",
            "ben",
        )
        .await;
    assert!(page.contains(&format!("action=\"/event/{id}/attendees/{ben_id}\"")));
    let (status, _) = chloe
        .post(
            &a,
            &format!("/event/{id}/attendees/{ben_id}"),
            &[("decision", "accept")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only organizers answer");
    let location = ana
        .submit(
            &a,
            &format!("/event/{id}/attendees/{ben_id}"),
            &[("decision", "accept")],
        )
        .await;
    assert!(location.ends_with("notice=notice-event-attendee-accepted"));
    let (_, page) = ben.get(&a, &page_path).await;
    assert!(page.contains("Votre inscription : acceptée"), "{page}");
    assert!(page.contains("href=\"https://visio.example/atelier\""));

    // By invitation: Chloé is refused until invited; an unknown name is refused in words.
    let id = publish(
        &a,
        &ana,
        &event_form(&date, &[("title", "Comité"), ("join_mode", "invitation")]),
    )
    .await;
    let (status, page) = chloe.post(&a, &format!("/event/{id}/register"), &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("sur invitation : demandez à l'organisation"),
        "{page}"
    );
    let (status, page) = ana
        .post(
            &a,
            &format!("/event/{id}/invitations"),
            &[("invitee", "zoe")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Personne ne s'appelle « zoe »"), "{page}");
    assert!(page.contains("id=\"invite-handle-error\""));
    ana.submit(
        &a,
        &format!("/event/{id}/invitations"),
        &[("invitee", "chloe")],
    )
    .await;
    let location = chloe
        .submit(&a, &format!("/event/{id}/register"), &[])
        .await;
    assert!(
        location.ends_with("notice=notice-event-accepted"),
        "{location}"
    );

    // A weekly series, said in words; a repetition of 0 weeks is refused next to its field.
    let day = paris_day(5);
    let weekday = french_day(day).split(' ').next().unwrap().to_string();
    let until_day = day + Duration::days(60);
    let until = until_day.format("%Y-%m-%d").to_string();
    let series = [
        ("title", "Permanence"),
        ("category", "drop_in"),
        ("repeat", "weekly"),
        ("interval", "0"),
        ("until", until.as_str()),
    ];
    let (status, page) = ana
        .post(&a, "/groups/coop/events", &event_form(&date, &series))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"event-repeat-error\""), "{page}");
    assert!(page.contains("La répétition va de 1 à 52"), "{page}");
    let mut series = event_form(&date, &series);
    series.retain(|(name, _)| *name != "interval");
    series.push(("interval", "1"));
    let id = publish(&a, &ana, &series).await;
    let (_, page) = ben.get(&a, &format!("/event/{id}")).await;
    let words = format!(
        "chaque semaine, le {weekday}, jusqu'au {}",
        french_day(until_day)
    );
    assert!(page.contains(&words), "{words}: {page}");
    let (_, ics) = anonymous(&a, &format!("/events/{id}.ics")).await;
    assert!(ics.contains("RRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL="), "{ics}");

    // Cancelled: said first, no form, and a stale form is refused.
    let id = publish(
        &a,
        &ana,
        &event_form(&date, &[("title", "Pique-nique"), ("status", "cancelled")]),
    )
    .await;
    let (_, page) = ben.get(&a, &format!("/event/{id}")).await;
    assert!(
        page.contains("Attention : cet événement est annulé."),
        "{page}"
    );
    assert!(!page.contains(&format!("action=\"/event/{id}/register\"")));
    let (status, page) = ben.post(&a, &format!("/event/{id}/register"), &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Cet événement est annulé"), "{page}");
    let (_, list) = anonymous(&a, "/groups/coop/events").await;
    assert!(
        list.contains("Pique-nique") && list.contains("annulé"),
        "{list}"
    );
    assert_accessible("/groups/coop/events", &list);

    // The deadline has passed (it was yesterday): closed, in words and with a 422.
    let yesterday = paris_day(-1).format("%Y-%m-%d").to_string();
    let id = publish(
        &a,
        &ana,
        &event_form(
            &date,
            &[("title", "Formation"), ("deadline_date", &yesterday)],
        ),
    )
    .await;
    let (_, page) = ben.get(&a, &format!("/event/{id}")).await;
    assert!(page.contains("Les inscriptions sont closes."), "{page}");
    let (status, page) = ben.post(&a, &format!("/event/{id}/register"), &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("La date limite d'inscription est passée."),
        "{page}"
    );
    assert_eq!(
        a.count(
            "SELECT COUNT(*) FROM event_registrations WHERE event_id = CAST($1 AS BIGINT)",
            &id.to_string(),
        )
        .await,
        0
    );
}
