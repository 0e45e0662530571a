//! Member profiles, and the member's own settings: profile, password, account deletion.

use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::Path,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::{
    domain::content::html_to_text,
    error::AppError,
    federation::routes::{actor_document, wants_activity_json},
    page_try, service,
    storage::{self, actors::ActorRow, follows::FollowListing},
    web::{context::SESSION_COOKIE, csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage<'a> {
    ctx: &'a Ctx,
    person: &'a ActorRow,
    groups: Vec<FollowListing>,
}

pub async fn profile_page(ctx: Ctx, Path(name): Path<String>, headers: HeaderMap) -> Response {
    if wants_activity_json(&headers) {
        // Peers get the document, or 410 Gone for a deleted member (whose row is kept).
        let ap_id = ctx.data.urls.person(&name);
        let mut tx = page_try!(ctx, ctx.data.db.read().await);
        return match page_try!(
            ctx,
            storage::actors::by_ap_id(&mut tx, ap_id.as_str()).await
        ) {
            Some(person) if person.local => page_try!(ctx, actor_document(&ctx.data, person).await),
            _ => ctx.fail(AppError::NotFound(format!("no member called {name} here"))),
        };
    }
    let person = {
        let mut tx = page_try!(ctx, ctx.data.db.read().await);
        page_try!(
            ctx,
            storage::actors::local_by_name(&mut tx, &name, Some("person")).await
        )
    };
    let Some(person) = person else {
        return ctx.fail(AppError::NotFound(format!("no member called {name} here")));
    };
    let groups = {
        let mut tx = page_try!(ctx, ctx.data.db.read().await);
        page_try!(ctx, storage::follows::following(&mut tx, person.id).await)
            .into_iter()
            .filter(|f| f.kind == "group" && f.state == "accepted")
            .collect()
    };
    render_with(
        StatusCode::OK,
        &ProfilePage {
            ctx: &ctx,
            person: &person,
            groups,
        },
    )
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage<'a> {
    ctx: &'a Ctx,
    display_name: String,
    bio: String,
    errors: HashMap<&'static str, String>,
}

impl SettingsPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

fn settings_view(ctx: &Ctx, errors: HashMap<&'static str, String>, status: StatusCode) -> Response {
    let actor = &ctx.user.as_ref().expect("checked by callers").actor;
    render_with(
        status,
        &SettingsPage {
            ctx,
            display_name: actor.display_name.clone().unwrap_or_default(),
            bio: actor
                .summary
                .as_deref()
                .map(html_to_text)
                .unwrap_or_default(),
            errors,
        },
    )
}

pub async fn settings_page(ctx: Ctx) -> Response {
    if ctx.user.is_none() {
        return ctx.login_first();
    }
    settings_view(&ctx, HashMap::new(), StatusCode::OK)
}

#[derive(Deserialize)]
pub struct ProfileForm {
    display_name: String,
    bio: String,
}

pub async fn update_profile(ctx: Ctx, CsrfForm(form): CsrfForm<ProfileForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    match service::accounts::update_profile(&ctx.data, &user.actor, &form.display_name, &form.bio)
        .await
    {
        Ok(_) => redirect_with_notice("/settings", "notice-profile-saved"),
        Err(err @ AppError::Unprocessable(..)) => {
            let field = if err.code() == "invalid_bio" {
                "bio"
            } else {
                "display_name"
            };
            let errors = HashMap::from([(field, ctx.error_text(&err))]);
            settings_view(&ctx, errors, err.status())
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    new_password_again: String,
}

pub async fn change_password(ctx: Ctx, CsrfForm(form): CsrfForm<PasswordForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    if form.new_password != form.new_password_again {
        let errors = HashMap::from([("new_password_again", ctx.t("error-passwords-differ"))]);
        return settings_view(&ctx, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match service::accounts::change_password(
        &ctx.data,
        &user.account,
        &form.current_password,
        &form.new_password,
    )
    .await
    {
        Ok(()) => {
            page_try!(
                ctx,
                service::auth::end_other_sessions(&ctx.data, &user.account, &user.secret).await
            );
            redirect_with_notice("/settings", "notice-password-changed")
        }
        Err(err) if err.status().is_client_error() => {
            let field = if err.code() == "wrong_password" {
                "current_password"
            } else {
                "new_password"
            };
            let errors = HashMap::from([(field, ctx.error_text(&err))]);
            settings_view(&ctx, errors, err.status())
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct DeleteForm {
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn delete_account(ctx: Ctx, CsrfForm(form): CsrfForm<DeleteForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    if form.confirm != "yes" {
        let errors = HashMap::from([("confirm", ctx.t("error-confirm-deletion"))]);
        return settings_view(&ctx, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match service::accounts::delete_account(&ctx.data, &user.account, &user.actor, &form.password)
        .await
    {
        Ok(()) => {
            let cookie = ctx.cookie_header(SESSION_COOKIE, "", 0, true);
            (
                [(header::SET_COOKIE, cookie)],
                redirect_with_notice("/", "notice-account-deleted"),
            )
                .into_response()
        }
        Err(err) if err.status().is_client_error() => {
            let errors = HashMap::from([("delete_password", ctx.error_text(&err))]);
            settings_view(&ctx, errors, err.status())
        }
        Err(err) => ctx.fail(err),
    }
}
