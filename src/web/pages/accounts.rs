//! Logging in and out, registering (in the node's mode), and the language switch.

use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::{Path, Query},
    http::{header, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::local_path;
use crate::{
    domain::registration::RegistrationMode,
    error::AppError,
    page_try,
    service::{self, accounts::Registration},
    web::{
        context::{LANG_COOKIE, SESSION_COOKIE},
        csrf::CsrfForm,
        i18n::Lang,
        redirect_with_notice, render, render_with, Ctx,
    },
};

#[derive(Deserialize, Default)]
pub struct BackQuery {
    back: Option<String>,
    invite: Option<String>,
}

pub async fn switch_language(
    ctx: Ctx,
    Path(code): Path<String>,
    Query(query): Query<BackQuery>,
) -> Response {
    let lang = Lang::parse(&code).unwrap_or(ctx.lang);
    let back = local_path(query.back.as_deref());
    let cookie = ctx.cookie_header(LANG_COOKIE, lang.code(), 365, false);
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    ctx: &'a Ctx,
    back: String,
    username: String,
    error: Option<String>,
}

pub async fn login_page(ctx: Ctx, Query(query): Query<BackQuery>) -> Response {
    render(&LoginPage {
        back: local_path(query.back.as_deref()),
        ctx: &ctx,
        username: String::new(),
        error: None,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    back: Option<String>,
}

pub async fn login(ctx: Ctx, CsrfForm(form): CsrfForm<LoginForm>) -> Response {
    let back = local_path(form.back.as_deref());
    match service::auth::check_credentials(&ctx.data, &form.username, &form.password).await {
        Ok(account) => {
            let secret = page_try!(ctx, service::auth::start_session(&ctx.data, &account).await);
            let cookie =
                ctx.cookie_header(SESSION_COOKIE, &secret, service::auth::SESSION_DAYS, true);
            ([(header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
        }
        Err(err @ (AppError::Unauthorized(..) | AppError::Forbidden(..))) => render_with(
            err.status(),
            &LoginPage {
                error: Some(ctx.error_text(&err)),
                ctx: &ctx,
                back,
                username: form.username,
            },
        ),
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct EmptyForm {}

pub async fn logout(ctx: Ctx, CsrfForm(_): CsrfForm<EmptyForm>) -> Response {
    if let Some(user) = &ctx.user {
        page_try!(
            ctx,
            service::auth::end_session(&ctx.data, &user.secret).await
        );
    }
    let cookie = ctx.cookie_header(SESSION_COOKIE, "", 0, true);
    (
        [(header::SET_COOKIE, cookie)],
        redirect_with_notice("/", "notice-logged-out"),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage<'a> {
    ctx: &'a Ctx,
    mode: &'static str,
    invite: String,
    username: String,
    email: String,
    application: String,
    errors: HashMap<&'static str, String>,
}

impl RegisterPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

pub async fn register_page(ctx: Ctx, Query(query): Query<BackQuery>) -> Response {
    let mode = page_try!(ctx, service::settings::registration_mode(&ctx.data).await);
    render(&RegisterPage {
        ctx: &ctx,
        mode: mode.as_str(),
        invite: query.invite.unwrap_or_default(),
        username: String::new(),
        email: String::new(),
        application: String::new(),
        errors: HashMap::new(),
    })
}

#[derive(Deserialize)]
pub struct RegisterForm {
    username: String,
    password: String,
    password_again: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    application: String,
    #[serde(default)]
    invite: String,
}

/// Which field of the registration form an error belongs to.
fn register_field(err: &AppError) -> &'static str {
    match err.code() {
        "invalid_username" | "name_taken" => "username",
        "weak_password" | "bad_request" => "password",
        "invalid_email" => "email",
        "invalid_application" => "application",
        "invite_required" | "invalid_invite" => "invite",
        _ => "form",
    }
}

pub async fn register(ctx: Ctx, CsrfForm(form): CsrfForm<RegisterForm>) -> Response {
    let mode = page_try!(ctx, service::settings::registration_mode(&ctx.data).await);
    let mut errors = HashMap::new();
    let result = if form.password != form.password_again {
        errors.insert("password_again", ctx.t("error-passwords-differ"));
        None
    } else {
        let registration = Registration {
            username: &form.username,
            password: &form.password,
            email: Some(&form.email),
            application: Some(&form.application),
            invite: Some(&form.invite),
        };
        match service::accounts::register(&ctx.data, &registration).await {
            Ok(created) => Some(created),
            Err(err) if err.status().is_client_error() => {
                errors.insert(register_field(&err), ctx.error_text(&err));
                None
            }
            Err(err) => return ctx.fail(err),
        }
    };
    let Some((account, _)) = result else {
        return render_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            &RegisterPage {
                ctx: &ctx,
                mode: mode.as_str(),
                invite: form.invite,
                username: form.username,
                email: form.email,
                application: form.application,
                errors,
            },
        );
    };
    if mode == RegistrationMode::Approval || !account.approved {
        return redirect_with_notice("/", "notice-awaiting-approval");
    }
    let secret = page_try!(ctx, service::auth::start_session(&ctx.data, &account).await);
    let cookie = ctx.cookie_header(SESSION_COOKIE, &secret, service::auth::SESSION_DAYS, true);
    (
        [(header::SET_COOKIE, cookie)],
        redirect_with_notice("/", "notice-welcome"),
    )
        .into_response()
}
