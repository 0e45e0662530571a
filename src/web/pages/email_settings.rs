//! "My email address" (`/settings/email`): where email digests of the member's groups go
//! (`service::digests`), with the same checks as `PUT /api/v1/me/email`. Saving also
//! remembers the page's language, the one the emails are written in.

use std::collections::HashMap;

use askama::Template;
use axum::{http::StatusCode, response::Response};
use serde::Deserialize;

use crate::{
    error::AppError,
    page_try,
    service::digests,
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

#[derive(Template)]
#[template(path = "email_settings.html")]
struct EmailSettingsPage<'a> {
    ctx: &'a Ctx,
    email: String,
    errors: HashMap<&'static str, String>,
}

impl EmailSettingsPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// `GET /settings/email`.
pub async fn page(ctx: Ctx) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let email = page_try!(ctx, digests::email_of(&ctx.data, &user.actor).await);
    render_with(
        StatusCode::OK,
        &EmailSettingsPage {
            ctx: &ctx,
            email: email.unwrap_or_default(),
            errors: HashMap::new(),
        },
    )
}

#[derive(Deserialize)]
pub struct EmailForm {
    email: String,
}

/// `POST /settings/email`.
pub async fn save(ctx: Ctx, CsrfForm(form): CsrfForm<EmailForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    match digests::set_email(&ctx.data, &user.actor, Some(&form.email)).await {
        Ok(_) => {}
        Err(err @ AppError::Unprocessable(..)) => {
            let errors = HashMap::from([("email", ctx.error_text(&err))]);
            return render_with(
                err.status(),
                &EmailSettingsPage {
                    ctx: &ctx,
                    email: form.email,
                    errors,
                },
            );
        }
        Err(err) => return ctx.fail(err),
    }
    page_try!(
        ctx,
        digests::remember_language(&ctx.data, &user.actor, ctx.lang).await
    );
    redirect_with_notice("/settings/email", "notice-email-saved")
}
