//! One error type for the web, the JSON API and the inbox, carrying its HTTP status and a
//! message that is safe to show. Internal causes are logged, never sent.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the request is malformed.
    #[error("{1}")]
    BadRequest(&'static str, String),
    /// 401: not logged in, or a bad or missing HTTP signature.
    #[error("{1}")]
    Unauthorized(&'static str, String),
    /// 403: logged in (or signed) but not allowed.
    #[error("{1}")]
    Forbidden(&'static str, String),
    #[error("{0}")]
    NotFound(String),
    /// 409: conflicts with what exists (a name taken).
    #[error("{1}")]
    Conflict(&'static str, String),
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422: well-formed, but a rule of the community forbids it.
    #[error("{1}")]
    Unprocessable(&'static str, String),
    /// 429: too many requests from one server or account; retry after some seconds.
    #[error("too many {what}; try again in {retry_after_secs} s")]
    TooManyRequests {
        what: &'static str,
        retry_after_secs: u64,
    },
    /// 502: another server did not answer as needed (WebFinger, fetch).
    #[error("{0}")]
    BadGateway(String),
    /// 503: our own storage failed; the client (or peer) should retry.
    #[error("the service is temporarily unavailable")]
    Unavailable(#[source] sqlx::Error),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

/// Error code of a well-formed HTTP signature that does not verify with the actor's key (as
/// opposed to a missing or incomplete one): the inbox then fetches the actor's key again once.
pub const SIGNATURE_MISMATCH: &str = "signature_mismatch";

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Machine-readable code, in snake_case.
    pub error: String,
    /// Readable sentence.
    pub message: String,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(..) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(..) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(..) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(..) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unprocessable(..) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::BadGateway(_) => StatusCode::BAD_GATEWAY,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(code, _)
            | AppError::Unauthorized(code, _)
            | AppError::Forbidden(code, _)
            | AppError::Conflict(code, _)
            | AppError::Unprocessable(code, _) => code,
            AppError::NotFound(_) => "not_found",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::UnsupportedMediaType(_) => "unsupported_media_type",
            AppError::TooManyRequests { .. } => "rate_limited",
            AppError::BadGateway(_) => "remote_server_error",
            AppError::Unavailable(_) => "storage_unavailable",
            AppError::Internal(_) => "internal_error",
        }
    }

    pub fn bad_request(message: impl Into<String>) -> AppError {
        AppError::BadRequest("bad_request", message.into())
    }

    pub fn not_found(message: impl Into<String>) -> AppError {
        AppError::NotFound(message.into())
    }

    pub fn forbidden(message: impl Into<String>) -> AppError {
        AppError::Forbidden("forbidden", message.into())
    }

    pub fn unauthorized(message: impl Into<String>) -> AppError {
        AppError::Unauthorized("unauthorized", message.into())
    }

    pub fn signature(message: impl Into<String>) -> AppError {
        AppError::Unauthorized("bad_signature", message.into())
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError::Unavailable(err)
    }
}

impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        AppError::Internal(err)
    }
}

impl From<serde_json::Error> for AppError {
    fn from(err: serde_json::Error) -> Self {
        AppError::BadRequest("malformed_json", format!("malformed JSON: {err}"))
    }
}

/// Errors of the federation library, sorted by who is at fault.
impl From<activitypub_federation::error::Error> for AppError {
    fn from(err: activitypub_federation::error::Error) -> Self {
        use activitypub_federation::error::Error as E;
        match err {
            E::ActivityBodyDigestInvalid => {
                AppError::signature("the Digest header does not match the body")
            }
            E::ActivitySignatureInvalid => AppError::Unauthorized(
                SIGNATURE_MISMATCH,
                "the HTTP signature does not verify with the actor's key".into(),
            ),
            E::ParseReceivedActivity { err, .. } => {
                AppError::BadRequest("malformed_activity", format!("malformed activity: {err}"))
            }
            E::UrlVerificationError(why) if why.contains("blocked") => {
                AppError::Forbidden("blocked_domain", "this domain is blocked here".into())
            }
            E::UrlVerificationError(why) => {
                AppError::BadRequest("invalid_url", format!("invalid URL: {why}"))
            }
            E::NotFound => AppError::not_found("object not found"),
            E::ObjectDeleted(url) => AppError::NotFound(format!("{url} was deleted")),
            E::Other(message) if message.contains("signature") => AppError::signature(message),
            E::WebfingerResolveFailed(_) => {
                AppError::BadGateway("the handle could not be resolved with WebFinger".into())
            }
            other => AppError::BadGateway(format!("fetching from another server failed: {other}")),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            AppError::Internal(err) => tracing::error!(error = ?err, "internal error"),
            AppError::Unavailable(err) => tracing::error!(error = %err, "storage error"),
            other => tracing::debug!(status = %status, error = %other, "request refused"),
        }
        let body = ErrorBody {
            error: self.code().to_string(),
            message: self.to_string(),
        };
        let retry_after = match &self {
            AppError::TooManyRequests {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_the_contract() {
        assert_eq!(AppError::bad_request("x").status(), StatusCode::BAD_REQUEST);
        assert_eq!(AppError::signature("x").status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            AppError::from(sqlx::Error::PoolTimedOut).status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(
            AppError::from(activitypub_federation::error::Error::ActivityBodyDigestInvalid)
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }

    #[test]
    fn internal_details_stay_inside() {
        let err = AppError::Internal(anyhow::anyhow!("password=hunter2"));
        assert_eq!(err.to_string(), "internal error");
    }
}
