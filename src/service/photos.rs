//! Trombinoscope photos: a moderator uploads one for a seat on a body (PNG, JPEG or WebP,
//! recognised by its bytes, at most 2 MB), stored without its metadata (GPS position, device,
//! author); anyone reads it at `/media/photos/{uuid}`.

use super::bodies::{managed_body, seat, Manager};
use crate::{
    app::AppState,
    domain::{
        governance::{image_type, MAX_PHOTO_BYTES},
        image_metadata::without_metadata,
    },
    error::{AppError, AppResult},
    storage::{self, bodies::MemberRow, photos::PhotoRow},
};

/// The refusal of a photo over [`MAX_PHOTO_BYTES`] (413 with our error body).
pub fn too_large() -> AppError {
    AppError::PayloadTooLarge
}

pub const TOO_LARGE_MESSAGE: &str = "a photo is at most 2 MB: make it smaller and send it again";

/// Checks the bytes: the image type they are, or why they are refused.
pub fn check(bytes: &[u8]) -> AppResult<&'static str> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(too_large());
    }
    image_type(bytes).ok_or_else(|| {
        AppError::Unprocessable(
            "not_an_image",
            "a photo is a PNG, JPEG or WebP image (judged by its content, not its name)".into(),
        )
    })
}

/// Puts a photo on a seat, replacing (and deleting) the one it had.
pub async fn set_member_photo(
    state: &AppState,
    manager: Manager<'_>,
    body_uuid: &str,
    member_id: i64,
    bytes: &[u8],
) -> AppResult<MemberRow> {
    let mut tx = state.db.begin().await?;
    let (body, _) = managed_body(&mut tx, body_uuid, manager).await?;
    let old = seat(&mut tx, &body, member_id).await?;
    let content_type = check(bytes)?;
    // The photo is public: where and when it was taken, and on what, are not kept.
    let cleaned = without_metadata(content_type, bytes).map_err(|why| {
        AppError::Unprocessable("not_an_image", format!("the image cannot be read: {why}"))
    })?;
    let uuid = uuid::Uuid::new_v4().to_string();
    let photo = storage::photos::insert(
        &mut tx,
        &uuid,
        content_type,
        &cleaned,
        Some(manager.actor.id),
    )
    .await?;
    storage::bodies::set_member_photo(&mut tx, member_id, Some(photo)).await?;
    if let Some(previous) = old.photo_id {
        storage::photos::delete(&mut tx, previous).await?;
    }
    let row = seat(&mut tx, &body, member_id).await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn photo(state: &AppState, uuid: &str) -> AppResult<PhotoRow> {
    let mut tx = state.db.read().await?;
    storage::photos::by_uuid(&mut tx, uuid)
        .await?
        .ok_or_else(|| AppError::not_found("no such photo"))
}
