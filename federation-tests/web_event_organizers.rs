//! Events through the web pages, continued (see `web_events.rs` for the helpers): an approval
//! event accepted from the attendees page; members-only, invitation, cancelled and closed
//! events refused with words and status, storing nothing; a weekly series said in words; a
//! member of another node registers and leaves through the copy of the event on their node.

use chrono::Duration;
use reqwest::StatusCode;

use crate::{
    harness::{eventually, join, Node},
    web::assert_accessible,
    web_decisions::login,
    web_events::{anonymous, event_form, french_day, paris_day, publish},
};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_of_another_node_registers_from_its_own_pages() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let ana_user = a.admin("ana").await;
    let bob_user = b.user("bob").await;
    let group = a.group("coop", "open", &ana_user);
    join(&b, &bob_user, &group).await;
    let ana = login(&a, "ana").await;
    let bob = login(&b, "bob").await;
    let date = paris_day(4).format("%Y-%m-%d").to_string();
    let id = publish(&a, &ana, &event_form(&date, &[("capacity", "1")])).await;
    let url = a
        .text(
            "SELECT ap_id FROM events WHERE id = CAST($1 AS BIGINT)",
            &id.to_string(),
        )
        .await;

    // B keeps a copy; its page says where the event lives and offers no organizer tools.
    let b_id = eventually("A's event on B", 30, || async {
        b.scalar::<Option<i64>>("SELECT MAX(id) FROM events WHERE ap_id = $1", &url)
            .await
    })
    .await;
    let page_path = format!("/event/{b_id}");
    let (status, page) = bob.get(&b, &page_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("organisé sur {}", a.domain)),
        "{page}"
    );
    assert!(!page.contains("/edit\""), "managed on A");
    let (_, list) = bob.get(&b, &format!("/groups/{group}")).await;
    assert!(list.contains(&format!("href=\"/event/{b_id}\"")), "{list}");

    // Bob registers from B: asked of A, then seated, with the link once A says so.
    let location = bob
        .submit(
            &b,
            &format!("{page_path}/register"),
            &[("note", "Depuis B")],
        )
        .await;
    assert!(
        location.ends_with("notice=notice-event-pending"),
        "{location}"
    );
    eventually("bob seated, on B's page", 30, || async {
        let (_, page) = bob.get(&b, &page_path).await;
        (page.contains("Votre inscription : acceptée")
            && page.contains("href=\"https://visio.example/atelier\""))
        .then_some(())
    })
    .await;
    let (_, attendees) = ana.get(&a, &format!("/event/{id}/attendees")).await;
    assert!(attendees.contains("Depuis B"), "{attendees}");

    // Leaving from B frees the seat on A.
    bob.submit(&b, &format!("{page_path}/leave"), &[]).await;
    eventually("the seat free again on A", 30, || async {
        let (_, page) = ana.get(&a, &format!("/event/{id}")).await;
        page.contains("1 place restante").then_some(())
    })
    .await;
}
