//! CSRF protection for every form: a random token in a `SameSite=Strict`, `HttpOnly` cookie,
//! repeated in a hidden field of each form (double submit). A cross-site form can neither read
//! the cookie nor make the browser send it, so its POST carries no matching pair.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::header,
    middleware::Next,
    response::Response,
};
use serde::{de::DeserializeOwned, Deserialize};

use super::context::cookie;
use crate::{app::AppState, error::AppError, service::auth};

pub const CSRF_COOKIE: &str = "maillon_csrf";

/// This request's CSRF token (from its cookie, or new).
#[derive(Clone)]
pub struct CsrfToken(pub String);

fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit())
}

/// Gives every visitor a CSRF cookie and puts the token in the request for the pages.
pub async fn ensure_token(mut request: Request, next: Next) -> Response {
    let existing = cookie(request.headers(), CSRF_COOKIE).filter(|t| well_formed(t));
    let (token, fresh) = match existing {
        Some(token) => (token, false),
        None => (auth::new_secret(), true),
    };
    let secure = request
        .extensions()
        .get::<activitypub_federation::config::FederationConfig<AppState>>()
        .is_some_and(|c| c.settings.scheme() == "https");
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if fresh {
        let cookie = cookie::Cookie::build((CSRF_COOKIE, token))
            .path("/")
            .http_only(true)
            .same_site(cookie::SameSite::Strict)
            .secure(secure)
            .build();
        if let Ok(value) = cookie.to_string().parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

/// A urlencoded form whose `csrf` field matches the cookie; 403 otherwise, before the handler
/// runs, so a forged request changes nothing.
pub struct CsrfForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let expected = request.extensions().get::<CsrfToken>().map(|t| t.0.clone());
        let from_cookie = cookie(request.headers(), CSRF_COOKIE);
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|_| AppError::PayloadTooLarge)?;
        let field: CsrfField = serde_urlencoded::from_bytes(&body)
            .map_err(|_| AppError::bad_request("unreadable form"))?;
        let valid = match (expected, from_cookie) {
            (Some(expected), Some(cookie)) => {
                well_formed(&field.csrf)
                    && constant_time_eq(&field.csrf, &cookie)
                    && expected == cookie
            }
            _ => false,
        };
        if !valid {
            return Err(AppError::Forbidden(
                "csrf",
                "this form has expired or did not come from this site; reload the page and try again".into(),
            ));
        }
        let form = serde_urlencoded::from_bytes(&body)
            .map_err(|e| AppError::BadRequest("invalid_form", format!("invalid form: {e}")))?;
        Ok(CsrfForm(form))
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_shape_and_comparison() {
        let token = auth::new_secret();
        assert!(well_formed(&token));
        assert!(!well_formed("abc"));
        assert!(constant_time_eq(&token, &token.clone()));
        assert!(!constant_time_eq(&token, &auth::new_secret()));
    }
}
