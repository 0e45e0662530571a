//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`
//! (derived from the handlers' types, so it cannot drift from them).

pub mod accounts;
pub mod admin;
pub mod aggregation;
pub mod bodies;
pub mod calendar_feeds;
pub mod competences;
pub mod csv;
pub mod decision_views;
pub mod email;
pub mod escalation;
pub mod events;
pub mod extract;
pub mod follows;
pub mod groups;
pub mod involvement;
pub mod meetings;
pub mod networks;
pub mod notifications;
pub mod onboarding;
pub mod posts;
pub mod processes;
pub mod search;
pub mod stats;
pub mod views;
pub mod votes;

use axum::{
    routing::{get, post},
    Json, Router,
};
use utoipa::{
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    Modify, OpenApi,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Maillon API", description = "JSON API of a Maillon node. Errors are {\"error\": code, \"message\": sentence}."),
    paths(
        accounts::login, accounts::register, accounts::me, accounts::update_profile, accounts::change_password, accounts::delete_account,
        groups::list, groups::get, groups::create, groups::update, groups::members, groups::accept, groups::reject, groups::invite,
        follows::follow, follows::list, follows::unfollow,
        networks::list, networks::join, networks::leave, networks::member_groups,
        posts::create, posts::list, posts::get, posts::reply, posts::update, posts::delete,
        processes::create_process, processes::list_processes, processes::get_process, processes::submit_proposal,
        processes::get_proposal, processes::edit_proposal, processes::change_state, processes::support, processes::unsupport,
        processes::propose_amendment, processes::accept_amendment, processes::decline_amendment,
        votes::open_vote, votes::get_vote, votes::cast_ballot, votes::close_vote, votes::result, votes::decisions,
        votes::list_colleges, votes::set_college, votes::place_member,
        events::create_event, events::list_events, events::get_event, events::update_event,
        events::register, events::leave, events::attendees, events::decide, events::invite, events::my_events,
        calendar_feeds::get_feed, calendar_feeds::reset_feed,
        competences::create, competences::list, competences::get, competences::update, competences::matches,
        competences::people, competences::skills, competences::my_profile, competences::save_profile,
        notifications::list, notifications::mark_read, involvement::get, involvement::set,
        email::get, email::set,
        search::search,
        meetings::list, meetings::create, meetings::get, meetings::update, meetings::minutes,
        meetings::propose, meetings::decide, meetings::follow_up, meetings::move_item,
        bodies::list, bodies::create, bodies::get, bodies::update, bodies::delete, bodies::set_relations,
        bodies::add_member, bodies::update_member, bodies::remove_member, bodies::set_photo,
        onboarding::get_about, onboarding::put_about, onboarding::list_steps, onboarding::create_step,
        onboarding::update_step, onboarding::delete_step, onboarding::my_path, onboarding::mark_done,
        onboarding::unmark_done,
        admin::create_report, admin::list_reports, admin::get_report, admin::resolve_report, admin::forward_report,
        admin::remove_post, admin::list_domains, admin::set_domain, admin::lift_domain,
        admin::list_suspensions, admin::suspend, admin::unsuspend,
        escalation::escalate,
        aggregation::list, aggregation::add, aggregation::remove, aggregation::calendar,
        stats::group, stats::dashboard, stats::refresh, stats::dashboard_csv_file,
    ),
    components(schemas(crate::error::ErrorBody)),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Routes that take a photo upload: served under their own, larger body limit (see `app`).
pub fn upload_router() -> Router {
    Router::new().route(
        "/api/v1/bodies/{id}/members/{member_id}/photo",
        axum::routing::put(bodies::set_photo),
    )
}

pub fn router() -> Router {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        // The network level: an antenna's proposal escalated to a network group.
        .route(
            "/api/v1/proposals/{id}/escalation",
            post(escalation::escalate),
        )
        // Governance bodies (the photo upload is in `upload_router`).
        .route(
            "/api/v1/groups/{group}/bodies",
            get(bodies::list).post(bodies::create),
        )
        .route(
            "/api/v1/bodies/{id}",
            get(bodies::get).put(bodies::update).delete(bodies::delete),
        )
        .route(
            "/api/v1/bodies/{id}/relations",
            axum::routing::put(bodies::set_relations),
        )
        .route("/api/v1/bodies/{id}/members", post(bodies::add_member))
        .route(
            "/api/v1/bodies/{id}/members/{member_id}",
            axum::routing::put(bodies::update_member).delete(bodies::remove_member),
        )
        .route("/api/v1/auth/login", post(accounts::login))
        .route("/api/v1/accounts", post(accounts::register))
        .route(
            "/api/v1/me",
            get(accounts::me)
                .patch(accounts::update_profile)
                .delete(accounts::delete_account),
        )
        .route("/api/v1/me/password", post(accounts::change_password))
        .route("/api/v1/me/events", get(events::my_events))
        .route("/api/v1/me/calendar", get(calendar_feeds::get_feed))
        .route(
            "/api/v1/me/calendar/reset",
            post(calendar_feeds::reset_feed),
        )
        .route(
            "/api/v1/me/competences",
            get(competences::my_profile).put(competences::save_profile),
        )
        .route(
            "/api/v1/groups/{group}/competences",
            get(competences::list).post(competences::create),
        )
        .route(
            "/api/v1/competences/{id}",
            get(competences::get).patch(competences::update),
        )
        .route(
            "/api/v1/competences/{id}/matches",
            get(competences::matches),
        )
        .route("/api/v1/me/notifications", get(notifications::list))
        .route("/api/v1/me/email", get(email::get).put(email::set))
        .route(
            "/api/v1/groups/{group}/involvement",
            get(involvement::get).put(involvement::set),
        )
        .route(
            "/api/v1/me/notifications/read",
            post(notifications::mark_read),
        )
        .route("/api/v1/people", get(competences::people))
        .route("/api/v1/skills", get(competences::skills))
        .route("/api/v1/search", get(search::search))
        // Welcoming newcomers: the "who we are" page and the onboarding path.
        .route(
            "/api/v1/groups/{group}/about",
            get(onboarding::get_about).put(onboarding::put_about),
        )
        .route(
            "/api/v1/groups/{group}/onboarding/steps",
            get(onboarding::list_steps).post(onboarding::create_step),
        )
        .route(
            "/api/v1/groups/{group}/onboarding/steps/{id}",
            axum::routing::put(onboarding::update_step).delete(onboarding::delete_step),
        )
        .route(
            "/api/v1/groups/{group}/onboarding/steps/{id}/done",
            axum::routing::put(onboarding::mark_done).delete(onboarding::unmark_done),
        )
        .route(
            "/api/v1/groups/{group}/onboarding/me",
            get(onboarding::my_path),
        )
        .route(
            "/api/v1/groups/{group}/meetings",
            get(meetings::list).post(meetings::create),
        )
        .route(
            "/api/v1/meetings/{id}",
            get(meetings::get).put(meetings::update),
        )
        .route(
            "/api/v1/meetings/{id}/minutes",
            axum::routing::put(meetings::minutes),
        )
        .route("/api/v1/meetings/{id}/items", post(meetings::propose))
        .route("/api/v1/agenda-items/{id}/decision", post(meetings::decide))
        .route(
            "/api/v1/agenda-items/{id}/follow-up",
            axum::routing::put(meetings::follow_up),
        )
        .route("/api/v1/agenda-items/{id}/move", post(meetings::move_item))
        .route(
            "/api/v1/groups/{group}/events",
            get(events::list_events).post(events::create_event),
        )
        .route(
            "/api/v1/events/{id}",
            get(events::get_event).patch(events::update_event),
        )
        .route("/api/v1/events/{id}/registrations", post(events::register))
        .route(
            "/api/v1/events/{id}/registrations/me",
            axum::routing::delete(events::leave),
        )
        .route(
            "/api/v1/events/{id}/attendees",
            get(events::attendees).post(events::decide),
        )
        .route("/api/v1/events/{id}/invitations", post(events::invite))
        .route("/api/v1/groups", get(groups::list).post(groups::create))
        .route(
            "/api/v1/groups/{group}",
            get(groups::get).patch(groups::update),
        )
        .route("/api/v1/groups/{group}/members", get(groups::members))
        .route(
            "/api/v1/groups/{group}/members/{handle}/accept",
            post(groups::accept),
        )
        .route(
            "/api/v1/groups/{group}/members/{handle}/reject",
            post(groups::reject),
        )
        .route("/api/v1/groups/{group}/invitations", post(groups::invite))
        .route(
            "/api/v1/groups/{group}/posts",
            get(posts::list).post(posts::create),
        )
        .route(
            "/api/v1/posts/{id}",
            get(posts::get).patch(posts::update).delete(posts::delete),
        )
        .route("/api/v1/posts/{id}/replies", post(posts::reply))
        .route("/api/v1/follows", get(follows::list).post(follows::follow))
        .route(
            "/api/v1/groups/{group}/networks",
            get(networks::list).post(networks::join),
        )
        .route(
            "/api/v1/groups/{group}/networks/{network}",
            axum::routing::delete(networks::leave),
        )
        .route(
            "/api/v1/groups/{group}/member-groups",
            get(networks::member_groups),
        )
        .route(
            "/api/v1/groups/{group}/processes",
            get(processes::list_processes).post(processes::create_process),
        )
        .route("/api/v1/processes/{id}", get(processes::get_process))
        .route(
            "/api/v1/processes/{id}/proposals",
            post(processes::submit_proposal),
        )
        .route(
            "/api/v1/proposals/{id}",
            get(processes::get_proposal).patch(processes::edit_proposal),
        )
        .route(
            "/api/v1/proposals/{id}/state",
            post(processes::change_state),
        )
        .route(
            "/api/v1/proposals/{id}/supports",
            post(processes::support).delete(processes::unsupport),
        )
        .route(
            "/api/v1/proposals/{id}/amendments",
            post(processes::propose_amendment),
        )
        .route(
            "/api/v1/amendments/{id}/accept",
            post(processes::accept_amendment),
        )
        .route(
            "/api/v1/amendments/{id}/decline",
            post(processes::decline_amendment),
        )
        .route("/api/v1/proposals/{id}/votes", post(votes::open_vote))
        .route("/api/v1/votes/{id}", get(votes::get_vote))
        .route("/api/v1/votes/{id}/ballots", post(votes::cast_ballot))
        .route("/api/v1/votes/{id}/result", get(votes::result))
        .route("/api/v1/votes/{id}/close", post(votes::close_vote))
        .route("/api/v1/groups/{group}/decisions", get(votes::decisions))
        .route(
            "/api/v1/groups/{group}/colleges",
            get(votes::list_colleges).post(votes::set_college),
        )
        .route(
            "/api/v1/groups/{group}/colleges/members",
            post(votes::place_member),
        )
        .route(
            "/api/v1/follows/{handle}",
            axum::routing::delete(follows::unfollow),
        )
        .route("/api/v1/reports", post(admin::create_report))
        .route("/api/v1/admin/reports", get(admin::list_reports))
        .route("/api/v1/admin/reports/{id}", get(admin::get_report))
        .route(
            "/api/v1/admin/reports/{id}/resolve",
            post(admin::resolve_report),
        )
        .route(
            "/api/v1/admin/reports/{id}/forward",
            post(admin::forward_report),
        )
        .route("/api/v1/admin/posts/{id}/remove", post(admin::remove_post))
        .route(
            "/api/v1/admin/domains",
            get(admin::list_domains).post(admin::set_domain),
        )
        .route(
            "/api/v1/admin/domains/{domain}",
            axum::routing::delete(admin::lift_domain),
        )
        .route(
            "/api/v1/admin/suspensions",
            get(admin::list_suspensions)
                .post(admin::suspend)
                .delete(admin::unsuspend),
        )
        .route(
            "/api/v1/admin/aggregated-groups",
            get(aggregation::list).post(aggregation::add),
        )
        .route(
            "/api/v1/admin/aggregated-groups/{handle}",
            axum::routing::delete(aggregation::remove),
        )
        .route("/api/v1/events", get(aggregation::calendar))
        // Group statistics and the network dashboard.
        .route("/api/v1/groups/{group}/stats", get(stats::group))
        .route("/api/v1/network/dashboard", get(stats::dashboard))
        .route("/api/v1/network/dashboard/refresh", post(stats::refresh))
        .route(
            "/api/v1/network/dashboard.csv",
            get(stats::dashboard_csv_file),
        )
}
