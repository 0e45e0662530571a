//! "What I receive from this group", on the group page: the member's involvement level and how
//! news reaches them (`service::involvement`), as two sets of radio buttons with a sentence
//! saying what each level brings.

use axum::{extract::Path, response::Response};
use serde::Deserialize;

use super::decision_words::Pick;
use crate::{
    domain::involvement::{Channel, Level},
    error::AppError,
    federation::resolve,
    page_try,
    service::involvement::{self, Involvement},
    storage::actors::ActorRow,
    web::{csrf::CsrfForm, redirect_with_notice, Ctx},
};

/// The form, filled with the member's choice.
pub struct InvolvementForm {
    pub levels: Vec<Pick>,
    pub channels: Vec<Pick>,
}

impl InvolvementForm {
    fn new(ctx: &Ctx, current: Involvement) -> InvolvementForm {
        InvolvementForm {
            levels: Level::ALL
                .iter()
                .map(|level| {
                    let key = format!("involvement-level-{}", level.as_str().replace('_', "-"));
                    Pick {
                        value: level.as_str(),
                        label: ctx.t(&key),
                        explain: ctx.t(&format!("{key}-explain")),
                        selected: *level == current.level,
                    }
                })
                .collect(),
            channels: Channel::ALL
                .iter()
                .filter(|channel| channel.available())
                .map(|channel| Pick {
                    value: channel.as_str(),
                    label: ctx.t(&format!(
                        "involvement-channel-{}",
                        channel.as_str().replace('_', "-")
                    )),
                    explain: String::new(),
                    selected: *channel == current.channel,
                })
                .collect(),
        }
    }
}

/// The form for a member of `group` (`None` for anyone else).
pub async fn form_for(ctx: &Ctx, group: &ActorRow) -> Result<Option<InvolvementForm>, AppError> {
    let Some(user) = &ctx.user else {
        return Ok(None);
    };
    match involvement::get(&ctx.data, &user.actor, group).await {
        Ok(current) => Ok(Some(InvolvementForm::new(ctx, current))),
        Err(AppError::Forbidden(..)) => Ok(None),
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct InvolvementFields {
    level: String,
    channel: String,
}

/// `POST /groups/{name}/involvement`.
pub async fn save(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<InvolvementFields>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let (Some(level), Some(channel)) = (Level::parse(&form.level), Channel::parse(&form.channel))
    else {
        return ctx.fail(AppError::BadRequest(
            "invalid_field",
            "choose a level and a way to receive news".into(),
        ));
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(
        ctx,
        involvement::set(&ctx.data, &user.actor, &group, level, channel).await
    );
    redirect_with_notice(&format!("/groups/{name}"), "notice-involvement-saved")
}
