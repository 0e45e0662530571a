//! What every page needs to know about the request: language, logged-in member, CSRF token,
//! a notice to show after a redirect. Extracted once per request by [`Ctx`].

use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts, HeaderMap},
    response::{IntoResponse, Response},
};

use super::{csrf::CsrfToken, i18n::Lang};
use crate::{
    error::AppError,
    federation::FedData,
    service,
    storage::{accounts::AccountRow, actors::ActorRow},
};

pub const SESSION_COOKIE: &str = "maillon_session";
pub const LANG_COOKIE: &str = "maillon_lang";

pub struct SessionUser {
    pub account: AccountRow,
    pub actor: ActorRow,
    /// The session cookie's secret (to end this session, or keep it on a password change).
    pub secret: String,
}

pub struct Ctx {
    pub lang: Lang,
    pub user: Option<SessionUser>,
    pub csrf: String,
    /// Path and query of this page, for the language switch to come back to.
    pub here: String,
    /// A translated message after a redirect (`?notice=notice-...`).
    pub notice: Option<String>,
    /// `host[:port]` of this node, for handles.
    pub domain: String,
    /// Whether cookies must be `Secure` (the node is served over https).
    pub secure_cookies: bool,
    /// Unread notifications of the logged-in member, shown in the menu.
    pub unread_notifications: i64,
    pub data: FedData,
}

/// The value of cookie `name` in the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| cookie::Cookie::split_parse(v.to_string()))
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    /// An error page in the reader's language (as an anonymous visitor).
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let data = FedData::from_request_parts(parts, state)
            .await
            .map_err(|_| {
                AppError::Internal(anyhow::anyhow!("federation middleware missing")).into_response()
            })?;
        let lang = cookie(&parts.headers, LANG_COOKIE)
            .and_then(|c| Lang::parse(&c))
            .or_else(|| {
                parts
                    .headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Lang::from_accept_language)
            })
            .unwrap_or(Lang::Fr);
        let notice = parts.uri.query().and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "notice")
                .map(|(_, v)| v.into_owned())
                .filter(|key| key.starts_with("notice-") && lang.has(key))
                .map(|key| lang.text(&key))
        });
        let mut ctx = Ctx {
            lang,
            user: None,
            csrf: parts
                .extensions
                .get::<CsrfToken>()
                .map(|t| t.0.clone())
                .unwrap_or_default(),
            here: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into()),
            notice,
            domain: data.urls.domain(),
            secure_cookies: data.settings.scheme() == "https",
            unread_notifications: 0,
            data,
        };
        if let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) {
            let found = match service::auth::session(&ctx.data, &secret).await {
                Ok(found) => found,
                Err(err) => return Err(ctx.fail(err)),
            };
            ctx.user = found.map(|(account, actor)| SessionUser {
                account,
                actor,
                secret,
            });
        }
        if let Some(user) = &ctx.user {
            ctx.unread_notifications =
                match service::notifications::unread_count(&ctx.data, &user.actor).await {
                    Ok(count) => count,
                    Err(err) => return Err(ctx.fail(err)),
                };
        }
        if let (Some(user), false) = (&ctx.user, parts.method.is_safe()) {
            // Web and API writes share the account's bucket.
            if let Err(err) = ctx.data.limits.check_write(user.account.id) {
                return Err(ctx.fail(err));
            }
        }
        Ok(ctx)
    }
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        self.lang.text(key)
    }

    pub fn t_with(&self, key: &str, args: &[(&'static str, String)]) -> String {
        self.lang.text_with(key, args)
    }

    /// A text with one argument, as templates call it.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.lang.text_with(key, &[(name, value.to_string())])
    }

    /// A text for a number (plural forms); takes the number or a reference, as templates pass.
    pub fn count(&self, key: &str, count: impl std::borrow::Borrow<i64>) -> String {
        self.lang.count(key, *count.borrow())
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.account.is_admin)
    }

    pub fn username(&self) -> String {
        self.user
            .as_ref()
            .map(|u| u.actor.username.clone())
            .unwrap_or_default()
    }

    /// An error in the reader's language when we have words for it.
    pub fn error_text(&self, err: &AppError) -> String {
        let key = format!("error-{}", err.code().replace('_', "-"));
        if self.lang.has(&key) {
            self.lang.text(&key)
        } else {
            err.to_string()
        }
    }

    /// A `Set-Cookie` value for a cookie of this node.
    pub fn cookie_header(
        &self,
        name: &str,
        value: &str,
        max_age_days: i64,
        http_only: bool,
    ) -> String {
        let mut cookie = cookie::Cookie::build((name.to_string(), value.to_string()))
            .path("/")
            .http_only(http_only)
            .same_site(cookie::SameSite::Lax)
            .secure(self.secure_cookies)
            .max_age(cookie::time::Duration::days(max_age_days));
        if max_age_days == 0 {
            cookie = cookie.max_age(cookie::time::Duration::ZERO);
        }
        cookie.build().to_string()
    }
}
