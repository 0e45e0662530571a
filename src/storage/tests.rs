//! Storage rules, checked on SQLite and (with `MAILLON_TEST_DATABASE_URL`) on PostgreSQL.

use super::{
    accounts, activities, actors, deliveries, follows, inbox, now_millis, posts, servers,
    test_support::test_databases, Db,
};

fn actor(ap_id: &str, username: &str, local: bool) -> actors::NewActor {
    let url = url::Url::parse(ap_id).unwrap();
    actors::NewActor {
        ap_id: ap_id.into(),
        kind: "person".into(),
        local,
        username: username.into(),
        domain: format!(
            "{}:{}",
            url.host_str().unwrap(),
            url.port_or_known_default().unwrap()
        ),
        display_name: Some(username.to_uppercase()),
        summary: None,
        inbox: format!("{ap_id}/inbox"),
        shared_inbox: Some(format!(
            "{}://{}/inbox",
            url.scheme(),
            url.host_str().unwrap()
        )),
        outbox: None,
        followers: None,
        html_url: None,
        public_key_pem: "PEM".into(),
        private_key_pem: local.then(|| "PRIVATE".into()),
        membership: None,
        manually_approves: false,
        rules: None,
        network: false,
    }
}

async fn each_db<F, Fut>(test: F)
where
    F: Fn(Db) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for (db, _guard) in test_databases().await {
        let backend = db.backend_name();
        eprintln!("storage test on {backend}");
        test(db.clone()).await;
        db.close().await;
    }
}

#[test]
fn migrations_have_the_same_versions_on_both_databases() {
    let names = |dir: &str| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let sqlite = names(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"));
    let postgres = names(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres"));
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}

#[tokio::test]
async fn local_names_are_unique_and_remote_upserts_never_touch_local_rows() {
    each_db(|db| async move {
        let mut tx = db.begin().await.unwrap();
        let alice = actors::insert_local(
            &mut tx,
            &actor("https://a.example/users/alice", "alice", true),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        // On PostgreSQL a failed statement aborts its transaction: try the duplicate in one of
        // its own, which is then dropped (rolled back), as services do.
        let mut tx = db.begin().await.unwrap();
        let dup = actors::insert_local(
            &mut tx,
            &actor("https://a.example/users/alice2", "alice", true),
        )
        .await;
        assert!(super::is_unique_violation(&dup.unwrap_err()));
        drop(tx);

        let mut tx = db.begin().await.unwrap();
        // A peer claiming our actor's id gets nothing.
        let forged = actors::upsert_remote(
            &mut tx,
            &actor("https://a.example/users/alice", "evil", false),
        )
        .await
        .unwrap();
        assert!(forged.is_none());
        let kept = actors::by_id(&mut tx, alice.id).await.unwrap().unwrap();
        assert_eq!(kept.username, "alice");
        assert_eq!(kept.private_key_pem.as_deref(), Some("PRIVATE"));

        // A remote actor is inserted, then refreshed in place.
        let bob = actors::upsert_remote(&mut tx, &actor("https://b.example/u/bob", "bob", false))
            .await
            .unwrap()
            .unwrap();
        let mut renamed = actor("https://b.example/u/bob", "bob", false);
        renamed.display_name = Some("Bob B.".into());
        let again = actors::upsert_remote(&mut tx, &renamed)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again.id, bob.id);
        assert_eq!(again.display_name.as_deref(), Some("Bob B."));
        assert_eq!(
            actors::remote_by_handle(&mut tx, "bob", "b.example:443", None)
                .await
                .unwrap()
                .map(|a| a.id),
            Some(bob.id)
        );
        tx.commit().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn inbound_dedupe_only_counts_the_first_time() {
    each_db(|db| async move {
        let mut tx = db.begin().await.unwrap();
        assert!(
            inbox::mark_received(&mut tx, "https://b.example/a/1", "https://b.example/u/bob")
                .await
                .unwrap()
        );
        assert!(
            !inbox::mark_received(&mut tx, "https://b.example/a/1", "https://b.example/u/bob")
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
        // A rolled-back effect leaves no "already seen" row behind.
        let mut tx = db.begin().await.unwrap();
        assert!(inbox::mark_received(&mut tx, "https://b.example/a/2", "x")
            .await
            .unwrap());
        drop(tx);
        let mut tx = db.read().await.unwrap();
        assert!(!inbox::was_received(&mut tx, "https://b.example/a/2")
            .await
            .unwrap());
        assert!(inbox::was_received(&mut tx, "https://b.example/a/1")
            .await
            .unwrap());
    })
    .await;
}

#[tokio::test]
async fn follows_upsert_and_list_one_inbox_per_server() {
    each_db(|db| async move {
        let mut tx = db.begin().await.unwrap();
        let mut group = actor("https://a.example/groups/rennes", "rennes", true);
        group.kind = "group".into();
        let group = actors::insert_local(&mut tx, &group).await.unwrap();
        let b1 = actors::upsert_remote(&mut tx, &actor("https://b.example/u/b1", "b1", false))
            .await
            .unwrap()
            .unwrap();
        let b2 = actors::upsert_remote(&mut tx, &actor("https://b.example/u/b2", "b2", false))
            .await
            .unwrap()
            .unwrap();
        let mut c1 = actor("https://c.example/u/c1", "c1", false);
        c1.shared_inbox = None;
        let c1 = actors::upsert_remote(&mut tx, &c1).await.unwrap().unwrap();
        for (who, state) in [(&b1, "accepted"), (&b2, "accepted"), (&c1, "accepted")] {
            follows::upsert(
                &mut tx,
                who.id,
                group.id,
                state,
                &format!("{}/follow", who.ap_id),
            )
            .await
            .unwrap();
        }
        let pending = follows::upsert(&mut tx, b2.id, group.id, "pending", "https://b.example/f2")
            .await
            .unwrap();
        assert_eq!(pending.state, "pending");
        follows::upsert(&mut tx, b2.id, group.id, "accepted", "https://b.example/f3")
            .await
            .unwrap();
        let mut inboxes = follows::remote_follower_inboxes(&mut tx, group.id)
            .await
            .unwrap();
        inboxes.sort();
        assert_eq!(
            inboxes,
            vec!["https://b.example/inbox", "https://c.example/u/c1/inbox"]
        );
        assert_eq!(
            follows::count_followers(&mut tx, group.id, "accepted")
                .await
                .unwrap(),
            3
        );
        // Only remote followers so far: the group's relays concern no one here.
        assert!(!follows::has_local_follower(&mut tx, group.id)
            .await
            .unwrap());
        let mut local = actor("https://a.example/users/lea", "lea", true);
        local.kind = "person".into();
        let lea = actors::insert_local(&mut tx, &local).await.unwrap();
        follows::upsert(
            &mut tx,
            lea.id,
            group.id,
            "pending",
            "https://a.example/f/lea",
        )
        .await
        .unwrap();
        assert!(
            !follows::has_local_follower(&mut tx, group.id)
                .await
                .unwrap(),
            "pending is not following"
        );
        follows::upsert(
            &mut tx,
            lea.id,
            group.id,
            "accepted",
            "https://a.example/f/lea",
        )
        .await
        .unwrap();
        assert!(follows::has_local_follower(&mut tx, group.id)
            .await
            .unwrap());
        let found = follows::by_activity(&mut tx, "https://b.example/f3")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.follower_id, b2.id);
        assert!(follows::delete(&mut tx, b1.id, group.id).await.unwrap());
        assert!(!follows::delete(&mut tx, b1.id, group.id).await.unwrap());
        tx.commit().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn deliveries_are_claimed_once_until_the_lease_ends() {
    each_db(|db| async move {
        let mut tx = db.begin().await.unwrap();
        let alice = actors::insert_local(
            &mut tx,
            &actor("https://a.example/users/alice", "alice", true),
        )
        .await
        .unwrap();
        let activity = activities::insert(
            &mut tx,
            "https://a.example/activities/x/1",
            alice.id,
            "Create",
            "{}",
            true,
        )
        .await
        .unwrap();
        let inboxes = vec![
            "https://b.example/inbox".to_string(),
            "https://c.example/inbox".to_string(),
        ];
        assert_eq!(
            deliveries::enqueue(&mut tx, activity.id, &inboxes)
                .await
                .unwrap(),
            2
        );
        // Queuing the same again changes nothing.
        assert_eq!(
            deliveries::enqueue(&mut tx, activity.id, &inboxes)
                .await
                .unwrap(),
            0
        );
        tx.commit().await.unwrap();

        let first = deliveries::claim_due(&db, 10, 60_000).await.unwrap();
        assert_eq!(first.len(), 2);
        assert!(
            deliveries::claim_due(&db, 10, 60_000)
                .await
                .unwrap()
                .is_empty(),
            "leased rows are not claimed twice"
        );

        let mut tx = db.begin().await.unwrap();
        deliveries::mark_delivered(&mut tx, first[0].id)
            .await
            .unwrap();
        deliveries::schedule_retry(&mut tx, first[1].id, now_millis() - 1, "503")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let retried = deliveries::claim_due(&db, 10, 60_000).await.unwrap();
        assert_eq!(retried.len(), 1);
        assert_eq!(retried[0].attempts, 1);

        // A lease that ran out (the worker died) makes the row claimable again.
        let mut tx = db.begin().await.unwrap();
        deliveries::schedule_retry(&mut tx, retried[0].id, now_millis() - 1, "timeout")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let expired = deliveries::claim_due(&db, 10, -1).await.unwrap();
        assert_eq!(expired.len(), 1);
        let again = deliveries::claim_due(&db, 10, 60_000).await.unwrap();
        assert_eq!(again.len(), 1, "an expired lease is claimable");

        let mut tx = db.begin().await.unwrap();
        deliveries::mark_failed(&mut tx, again[0].id, "410 Gone")
            .await
            .unwrap();
        assert_eq!(
            deliveries::count_by_state(&mut tx, "delivered")
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            deliveries::count_by_state(&mut tx, "failed").await.unwrap(),
            1
        );
        assert_eq!(
            deliveries::count_by_state(&mut tx, "pending")
                .await
                .unwrap(),
            0
        );
        tx.commit().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn failing_servers_become_unreachable_and_blocks_cover_subdomains() {
    each_db(|db| async move {
        let mut tx = db.begin().await.unwrap();
        for n in 1..=3 {
            let row = servers::record_failure(&mut tx, "down.example", 3)
                .await
                .unwrap();
            assert_eq!(row.consecutive_failures, n);
            assert_eq!(row.unreachable_since.is_some(), n >= 3);
        }
        servers::record_success(&mut tx, "down.example")
            .await
            .unwrap();
        let row = servers::get(&mut tx, "down.example")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.consecutive_failures, 0);
        assert!(row.unreachable_since.is_none());

        servers::block_domain(&mut tx, "evil.example", Some("spam"))
            .await
            .unwrap();
        assert!(servers::is_blocked(&mut tx, "evil.example").await.unwrap());
        assert!(servers::is_blocked(&mut tx, "a.b.evil.example")
            .await
            .unwrap());
        assert!(servers::is_blocked(&mut tx, "evil.example:8443")
            .await
            .unwrap());
        assert!(!servers::is_blocked(&mut tx, "notevil.example")
            .await
            .unwrap());
        assert!(servers::unblock_domain(&mut tx, "evil.example")
            .await
            .unwrap());
        assert!(!servers::is_blocked(&mut tx, "evil.example").await.unwrap());
        tx.commit().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn remote_posts_never_overwrite_local_ones_and_deleted_stay_deleted() {
    each_db(|db| async move {
        let mut tx = db.begin().await.unwrap();
        let alice = actors::insert_local(
            &mut tx,
            &actor("https://a.example/users/alice", "alice", true),
        )
        .await
        .unwrap();
        let bob = actors::upsert_remote(&mut tx, &actor("https://b.example/u/bob", "bob", false))
            .await
            .unwrap()
            .unwrap();
        let new = |ap_id: &str, author: i64, local: bool, content: &str| posts::NewPost {
            ap_id: ap_id.into(),
            author_id: author,
            group_id: None,
            in_reply_to_id: None,
            kind: "note".into(),
            title: None,
            content: content.into(),
            source: None,
            local,
            published_at: now_millis(),
            updated_at: None,
        };
        let mine = posts::insert(
            &mut tx,
            &new("https://a.example/posts/1", alice.id, true, "à moi"),
        )
        .await
        .unwrap();
        assert!(posts::upsert_remote(
            &mut tx,
            &new("https://a.example/posts/1", bob.id, false, "volé")
        )
        .await
        .unwrap()
        .is_none());
        assert_eq!(
            posts::by_id(&mut tx, mine.id)
                .await
                .unwrap()
                .unwrap()
                .content,
            "à moi"
        );

        let theirs =
            posts::upsert_remote(&mut tx, &new("https://b.example/p/1", bob.id, false, "v1"))
                .await
                .unwrap()
                .unwrap();
        posts::upsert_remote(&mut tx, &new("https://b.example/p/1", bob.id, false, "v2"))
            .await
            .unwrap();
        assert_eq!(
            posts::by_id(&mut tx, theirs.id)
                .await
                .unwrap()
                .unwrap()
                .content,
            "v2"
        );
        assert!(posts::mark_deleted(&mut tx, theirs.id).await.unwrap());
        assert!(posts::upsert_remote(
            &mut tx,
            &new("https://b.example/p/1", bob.id, false, "revenant")
        )
        .await
        .unwrap()
        .is_none());
        assert!(posts::by_id(&mut tx, theirs.id)
            .await
            .unwrap()
            .unwrap()
            .deleted_at
            .is_some());
        tx.commit().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn accounts_and_tokens() {
    each_db(|db| async move {
        let mut tx = db.begin().await.unwrap();
        let alice = actors::insert_local(
            &mut tx,
            &actor("https://a.example/users/alice", "alice", true),
        )
        .await
        .unwrap();
        let account = accounts::insert(
            &mut tx,
            &accounts::NewAccount {
                actor_id: alice.id,
                password_hash: "HASH",
                email: Some("a@a.example"),
                is_admin: true,
                approved: true,
                application: None,
            },
        )
        .await
        .unwrap();
        accounts::insert_token(&mut tx, "tokenhash", account.id)
            .await
            .unwrap();
        assert_eq!(
            accounts::by_token(&mut tx, "tokenhash")
                .await
                .unwrap()
                .map(|a| a.id),
            Some(account.id)
        );
        assert!(accounts::by_token(&mut tx, "other")
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            accounts::by_username(&mut tx, "alice")
                .await
                .unwrap()
                .map(|a| a.is_admin),
            Some(true)
        );
        tx.commit().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn pending_and_failed_deliveries_are_counted_per_server() {
    each_db(|db| async move {
        let mut tx = db.begin().await.unwrap();
        let alice = actors::insert_local(
            &mut tx,
            &actor("https://a.example/users/alice", "alice", true),
        )
        .await
        .unwrap();
        for n in 0..3 {
            let activity = activities::insert(
                &mut tx,
                &format!("https://a.example/activities/x/{n}"),
                alice.id,
                "Create",
                "{}",
                true,
            )
            .await
            .unwrap();
            let inboxes = vec![
                "https://b.example/inbox".to_string(),
                "http://localhost:8002/users/c/inbox".to_string(),
            ];
            deliveries::enqueue(&mut tx, activity.id, &inboxes)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        assert_eq!(
            deliveries::claim_due(&db, 10, 60_000).await.unwrap().len(),
            6
        );
        let mut tx = db.begin().await.unwrap();
        let b = ids_to(&mut tx, "b.example").await;
        let c = ids_to(&mut tx, "localhost:8002").await;
        deliveries::mark_delivered(&mut tx, b[0]).await.unwrap();
        deliveries::mark_failed(&mut tx, b[1], "410 Gone")
            .await
            .unwrap();
        deliveries::mark_delivered(&mut tx, c[0]).await.unwrap();
        deliveries::mark_delivered(&mut tx, c[1]).await.unwrap();
        deliveries::mark_delivered(&mut tx, c[2]).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = db.read().await.unwrap();
        let counts = deliveries::count_by_server(&mut tx).await.unwrap();
        let row = |domain: &str, state: &str, count: i64| deliveries::ServerCount {
            domain: domain.into(),
            state: state.into(),
            count,
        };
        // localhost:8002 has nothing left pending or failed: it is not listed.
        assert_eq!(
            counts,
            vec![
                row("b.example", "failed", 1),
                row("b.example", "pending", 1)
            ]
        );
    })
    .await;
}

/// Ids of the deliveries to `domain`, in order.
async fn ids_to(tx: &mut super::Tx, domain: &str) -> Vec<i64> {
    super::on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT id FROM deliveries WHERE domain = $1 ORDER BY id"
    )
    .bind(domain)
    .fetch_all(c)
    .await)
    .unwrap()
}
