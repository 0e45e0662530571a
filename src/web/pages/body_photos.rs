//! Trombinoscope photos on the web: the upload form's target
//! (`POST /bodies/{id}/members/{member_id}/photo`, a multipart form, so its CSRF token is read
//! from the form's own fields) and `/media/photos/{uuid}`, which serves a photo with the type
//! recognised from its bytes, `nosniff`, a long cache (a new photo gets a new uuid) and a CSP
//! under which nothing in it could ever run.

use axum::{
    extract::{Multipart, Path},
    http::header,
    response::{IntoResponse, Response},
};

use super::body_forms::refused_member;
use crate::{
    domain::governance::MAX_PHOTO_BYTES,
    error::AppError,
    page_try, service,
    service::bodies::Manager,
    web::{
        context::cookie,
        csrf::{CsrfToken, CSRF_COOKIE},
        redirect_with_notice, Ctx,
    },
};

/// Largest upload request (the photo and the form around it); beyond, the server answers 413
/// before reading. The photo itself is held to `MAX_PHOTO_BYTES` by the handlers.
pub const UPLOAD_LIMIT: usize = MAX_PHOTO_BYTES + 256 * 1024;

/// What the multipart form carried.
struct Upload {
    csrf: String,
    /// `None` when the photo is over the limit.
    photo: Option<Vec<u8>>,
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, AppError> {
    let broken = |_| AppError::bad_request("unreadable form");
    let mut upload = Upload {
        csrf: String::new(),
        photo: Some(Vec::new()),
    };
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        match field.name() {
            Some("csrf") => upload.csrf = field.text().await.map_err(broken)?,
            Some("photo") => {
                let mut bytes = Vec::new();
                while let Some(chunk) =
                    field.chunk().await.map_err(|_| AppError::PayloadTooLarge)?
                {
                    if bytes.len() + chunk.len() > MAX_PHOTO_BYTES {
                        upload.photo = None;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if upload.photo.is_some() {
                    upload.photo = Some(bytes);
                }
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// `POST /bodies/{id}/members/{member_id}/photo`.
pub async fn upload(
    ctx: Ctx,
    token: Option<axum::Extension<CsrfToken>>,
    headers: axum::http::HeaderMap,
    Path((id, member_id)): Path<(String, i64)>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let multipart = page_try!(
        ctx,
        multipart.map_err(|_| AppError::bad_request("send the photo with the form"))
    );
    let upload = match read_upload(multipart).await {
        Ok(upload) => upload,
        Err(err) => return refused_member(&ctx, &id, member_id, None, err).await,
    };
    // The same double submit as `CsrfForm`: the form's token must be this browser's cookie.
    let from_cookie = cookie(&headers, CSRF_COOKIE);
    let expected = token.map(|t| t.0 .0.clone());
    if upload.csrf.len() != 64
        || from_cookie.as_deref() != Some(upload.csrf.as_str())
        || expected != from_cookie
    {
        return ctx.fail(AppError::Forbidden(
            "csrf",
            "this form has expired or did not come from this site; reload the page and try again"
                .into(),
        ));
    }
    let Some(photo) = upload.photo else {
        return refused_member(&ctx, &id, member_id, None, AppError::PayloadTooLarge).await;
    };
    if photo.is_empty() {
        let err = AppError::Unprocessable("no_photo", "choose a photo file".into());
        return refused_member(&ctx, &id, member_id, None, err).await;
    }
    let manager = Manager {
        actor: &user.actor,
        is_admin: user.account.is_admin,
    };
    match service::photos::set_member_photo(&ctx.data, manager, &id, member_id, &photo).await {
        Ok(_) => redirect_with_notice(
            &format!("/bodies/{id}/members/{member_id}/edit"),
            "notice-body-photo-saved",
        ),
        Err(err) => refused_member(&ctx, &id, member_id, None, err).await,
    }
}

/// `GET /media/photos/{uuid}`.
pub async fn photo(ctx: Ctx, Path(uuid): Path<String>) -> Response {
    let photo = match service::photos::photo(&ctx.data, &uuid).await {
        Ok(photo) => photo,
        Err(err) => return err.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, photo.content_type),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".into(),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; script-src 'none'; sandbox".into(),
            ),
        ],
        photo.data,
    )
        .into_response()
}
