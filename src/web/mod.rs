//! The members' web interface: server-rendered HTML that works without JavaScript, in French and
//! English. Pages call the same `service::*` use-cases as the JSON API and the inbox.
//!
//! - `i18n`: Fluent translations and language choice; `context`: the per-request [`Ctx`]
//! - `csrf`: the token every form carries; `headers`: CSP and other security headers
//! - `calendars`: iCalendar feeds of events
//! - `pages/`: one module per area (home, accounts, groups, posts, profiles, admin, the
//!   proposals and decisions: processes, proposals, votes, the archive, colleges; and events:
//!   group lists, the event page, the forms, the attendees, my events; and competence
//!   sharing: a group's offers and needs, their page and forms, the directory of resource
//!   people, my competence profile)

pub mod calendars;
pub mod context;
pub mod csrf;
pub mod dashboard_chart;
pub mod governance_diagram;
pub mod headers;
pub mod i18n;
pub mod pages;

use askama::Template;
use axum::{
    http::{header, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
    Router,
};

pub use context::Ctx;

use crate::error::AppError;

pub fn router() -> Router {
    use pages::*;
    Router::new()
        .route("/", get(home::home))
        .route("/static/style.css", get(stylesheet))
        .route("/lang/{code}", get(accounts::switch_language))
        .route("/login", get(accounts::login_page).post(accounts::login))
        .route("/logout", post(accounts::logout))
        .route(
            "/register",
            get(accounts::register_page).post(accounts::register),
        )
        .route("/follow", get(groups::follow_page).post(groups::follow))
        .route("/search", get(search::search_page))
        .route("/calendar", get(network_calendar::calendar_page))
        .route("/calendar.ics", get(network_calendar::calendar_ics))
        .route(
            "/admin/aggregation",
            get(aggregation::aggregation_page).post(aggregation::add),
        )
        .route("/admin/aggregation/remove", post(aggregation::remove))
        .route("/groups/{name}", get(groups::group_page))
        .route("/groups/{name}/calendar.ics", get(calendars::group_ics))
        .route("/events/{file}", get(calendars::event_ics))
        .route(
            "/groups/{name}/events",
            get(group_events::events_page).post(event_editing::create_event),
        )
        .route(
            "/groups/{name}/events/new",
            get(event_editing::new_event_page),
        )
        .route("/event/{id}", get(events::event_page))
        .route("/event/{id}/register", post(events::register))
        .route("/event/{id}/leave", post(events::leave))
        .route(
            "/event/{id}/edit",
            get(event_editing::edit_event_page).post(event_editing::edit_event),
        )
        .route(
            "/event/{id}/attendees",
            get(event_attendees::attendees_page),
        )
        .route(
            "/event/{id}/attendees.csv",
            get(event_attendees::attendees_csv_file),
        )
        .route(
            "/event/{id}/attendees/{actor_id}",
            post(event_attendees::decide),
        )
        .route("/event/{id}/invitations", post(event_attendees::invite))
        .route(
            "/groups/{name}/competences",
            get(group_competences::competences_page).post(competence_editing::create),
        )
        .route(
            "/groups/{name}/competences/new",
            get(competence_editing::new_page),
        )
        .route("/groups/{name}/people", get(resource_people::group_people))
        .route("/people", get(resource_people::node_people))
        .route("/competence/{id}", get(competences::competence_page))
        .route(
            "/competence/{id}/edit",
            get(competence_editing::edit_page).post(competence_editing::edit),
        )
        .route(
            "/competence/{id}/state",
            post(competence_editing::change_state),
        )
        .route("/competence/{id}/replies", post(competence_replies::reply))
        .route(
            "/competence/{id}/helpful",
            post(competence_replies::mark_helpful),
        )
        .route(
            "/me/competences",
            get(my_competences::my_competences_page).post(my_competences::save),
        )
        .route("/me/events", get(my_events::my_events_page))
        .route(
            "/groups/{name}/meetings",
            get(meetings::group_meetings).post(meetings::create),
        )
        .route("/meeting/{id}", get(meetings::meeting))
        .route("/meeting/{id}/items", post(meetings::propose))
        .route("/meeting/{id}/edit", post(meetings::edit))
        .route("/meeting/{id}/minutes", post(meetings::minutes))
        .route("/agenda-item/{id}/decision", post(meetings::decide))
        .route("/agenda-item/{id}/follow-up", post(meetings::follow_up))
        .route("/agenda-item/{id}/move", post(meetings::move_item))
        .route("/me/notifications", get(notifications::notifications_page))
        .route("/me/notifications/read", post(notifications::mark_read))
        .route("/me/calendar/reset", post(my_events::reset_calendar))
        .route("/calendar/{file}", get(calendars::member_ics))
        .route("/groups/{name}/join", post(groups::join))
        // Networks of groups: joining one, leaving it, a network's antennas.
        .route(
            "/groups/{name}/networks",
            get(networks::networks_page).post(networks::join),
        )
        .route("/groups/{name}/networks/leave", post(networks::leave))
        .route("/groups/{name}/involvement", post(involvement::save))
        // Welcoming newcomers: the "who we are" page and the onboarding path.
        .route("/groups/{name}/about", get(group_about::about_page))
        .route(
            "/groups/{name}/about/edit",
            get(group_about::edit_page).post(group_about::save),
        )
        .route("/groups/{name}/onboarding", get(onboarding::path_page))
        .route(
            "/groups/{name}/onboarding/steps",
            post(onboarding_steps::create),
        )
        .route(
            "/groups/{name}/onboarding/steps/{id}/edit",
            get(onboarding_steps::edit_page).post(onboarding_steps::edit),
        )
        .route(
            "/groups/{name}/onboarding/steps/{id}/move",
            post(onboarding_steps::move_step),
        )
        .route(
            "/groups/{name}/onboarding/steps/{id}/delete",
            post(onboarding_steps::delete),
        )
        .route(
            "/groups/{name}/onboarding/steps/{id}/done",
            post(onboarding::set_done),
        )
        .route("/groups/{name}/leave", post(groups::leave))
        .route("/groups/{name}/edit", post(groups::edit_group))
        .route("/groups/{name}/posts", post(groups::create_post))
        .route(
            "/groups/{name}/requests/{handle}",
            post(groups::answer_request),
        )
        .route(
            "/groups/{name}/processes",
            post(group_decisions::create_process),
        )
        .route("/groups/{name}/decisions", get(decisions::archive))
        .route("/groups/{name}/colleges", post(colleges::set_college))
        .route(
            "/groups/{name}/colleges/members",
            post(colleges::place_member),
        )
        .route("/process/{id}", get(processes::process_page))
        .route("/process/{id}/proposals", post(processes::submit_proposal))
        .route("/proposal/{id}", get(proposals::proposal_page))
        .route("/proposal/{id}/support", post(proposals::support))
        .route("/proposal/{id}/edit", post(proposals::edit))
        .route("/proposal/{id}/state", post(proposals::change_state))
        .route(
            "/proposal/{id}/amendments",
            post(proposals::propose_amendment),
        )
        .route("/proposal/{id}/votes", post(vote_open::open_vote))
        .route(
            "/proposal/{id}/escalation",
            post(pages::escalation::escalate),
        )
        .route("/amendment/{id}/decide", post(proposals::decide_amendment))
        .route("/vote/{id}", get(votes::vote_page))
        .route("/vote/{id}/ballot", post(votes::cast))
        .route("/vote/{id}/close", post(votes::close))
        .route("/posts/{id}", get(posts::post_document_or_page))
        .route("/p/{id}", get(posts::thread_page))
        .route("/p/{id}/replies", post(posts::reply))
        .route("/users/{name}", get(profile::profile_page))
        .route("/settings", get(profile::settings_page))
        .route("/settings/profile", post(profile::update_profile))
        .route("/settings/password", post(profile::change_password))
        .route("/settings/delete", post(profile::delete_account))
        .route(
            "/settings/email",
            get(email_settings::page).post(email_settings::save),
        )
        .route("/admin", get(admin::admin_page))
        .route("/admin/registration", post(admin::set_registration))
        .route("/admin/groups", post(admin::create_group))
        .route("/admin/domains", post(admin::block_domain))
        .route("/admin/accounts/{id}/approve", post(admin::approve_account))
        .route("/admin/invites", post(admin::create_invite))
        .route("/admin/moderation", get(moderation::moderation_page))
        .route(
            "/admin/moderation/domains",
            post(moderation::set_domain_rule),
        )
        .route(
            "/admin/moderation/domains/lift",
            post(moderation::lift_domain_rule),
        )
        .route("/admin/moderation/suspensions", post(moderation::suspend))
        .route(
            "/admin/moderation/suspensions/lift",
            post(moderation::unsuspend),
        )
        .route("/admin/reports", get(moderation::reports_page))
        .route(
            "/admin/reports/{id}/resolve",
            post(moderation::resolve_report),
        )
        .route(
            "/admin/reports/{id}/forward",
            post(moderation::forward_report),
        )
        .route(
            "/p/{id}/report",
            get(moderation::report_post_page).post(moderation::report_post),
        )
        .route("/p/{id}/remove", post(moderation::remove_post))
        // Governance bodies (the photo upload is in `upload_router`).
        .route("/groups/{name}/governance", get(bodies::governance_page))
        .route("/groups/{name}/governance.svg", get(bodies::governance_svg))
        .route("/groups/{name}/bodies", post(body_forms::create))
        .route("/groups/{name}/bodies/new", get(body_forms::new_page))
        .route("/bodies/{id}", get(bodies::body_page))
        .route(
            "/bodies/{id}/edit",
            get(body_forms::edit_page).post(body_forms::edit),
        )
        .route("/bodies/{id}/relations", post(body_forms::relations))
        .route("/bodies/{id}/move", post(body_forms::move_body))
        .route("/bodies/{id}/delete", post(body_forms::delete))
        .route("/bodies/{id}/members", post(body_forms::add_member))
        .route(
            "/bodies/{id}/members/{member_id}/edit",
            get(body_forms::member_page).post(body_forms::edit_member),
        )
        .route(
            "/bodies/{id}/members/{member_id}/remove",
            post(body_forms::remove_member),
        )
        .route("/media/photos/{uuid}", get(body_photos::photo))
        // Group statistics and the network dashboard.
        .route("/groups/{name}/stats", get(dashboard::group_stats_page))
        .route("/network/dashboard", get(dashboard::dashboard_page))
        .route("/network/dashboard.csv", get(dashboard::dashboard_csv))
        .route("/network/dashboard/refresh", post(dashboard::refresh))
        .layer(axum::middleware::from_fn(csrf::ensure_token))
}

/// Pages that take a photo upload: served under their own, larger body limit (see `app`).
pub fn upload_router() -> Router {
    Router::new()
        .route(
            "/bodies/{id}/members/{member_id}/photo",
            post(pages::body_photos::upload),
        )
        .layer(axum::extract::DefaultBodyLimit::max(
            pages::body_photos::UPLOAD_LIMIT,
        ))
        .layer(axum::middleware::from_fn(csrf::ensure_token))
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/style.css"),
    )
        .into_response()
}

/// Renders a page template with status 200.
pub fn render(template: &impl Template) -> Response {
    render_with(StatusCode::OK, template)
}

pub fn render_with(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// After a successful POST: back to a page, with a notice to show there.
pub fn redirect_with_notice(to: &str, notice: &str) -> Response {
    let separator = if to.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{to}{separator}notice={notice}")).into_response()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    ctx: &'a Ctx,
    status: u16,
    message: String,
}

impl Ctx {
    /// The page shown when something goes wrong, in the reader's language.
    pub fn fail(&self, err: AppError) -> Response {
        let status = err.status();
        if status.is_server_error() {
            tracing::error!(error = ?err, "page failed");
        }
        let message = self.error_text(&err);
        render_with(
            status,
            &ErrorPage {
                ctx: self,
                status: status.as_u16(),
                message,
            },
        )
    }

    /// Sends to the login page, coming back here afterwards.
    pub fn login_first(&self) -> Response {
        let back: String = url::form_urlencoded::byte_serialize(self.here.as_bytes()).collect();
        Redirect::to(&format!("/login?back={back}")).into_response()
    }

    /// The language switch's link for `lang`, back to this page.
    pub fn switch_url(&self, lang: &str) -> String {
        let back: String = url::form_urlencoded::byte_serialize(self.here.as_bytes()).collect();
        format!("/lang/{lang}?back={back}")
    }
}

/// `?` for page handlers: on error, the error page.
#[macro_export]
macro_rules! page_try {
    ($ctx:expr, $result:expr) => {
        match $result {
            Ok(value) => value,
            Err(err) => return $ctx.fail(err.into()),
        }
    };
}
