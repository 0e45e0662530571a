//! "What I receive from this group", on the group page: the member's involvement level and how
//! news reaches them (`service::involvement`), as two sets of radio buttons with a sentence
//! saying what each level brings. Email digests are offered when the node sends email; saving
//! remembers the page's language for them.

use axum::{extract::Path, response::Response};
use serde::Deserialize;

use super::decision_words::Pick;
use crate::{
    domain::involvement::{Channel, Level},
    error::AppError,
    federation::resolve,
    page_try,
    service::{
        digests,
        involvement::{self, Involvement},
    },
    storage::actors::ActorRow,
    web::{csrf::CsrfForm, redirect_with_notice, Ctx},
};

/// The form, filled with the member's choice.
pub struct InvolvementForm {
    pub levels: Vec<Pick>,
    pub channels: Vec<Pick>,
    /// Email digests are offered but the member has no address yet: a link to set one.
    pub email_missing: bool,
}

impl InvolvementForm {
    fn new(ctx: &Ctx, current: Involvement, email_missing: bool) -> InvolvementForm {
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
                .filter(|channel| channel.available(ctx.data.settings.sends_email()))
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
            email_missing,
        }
    }
}

/// The form for a member of `group` (`None` for anyone else).
pub async fn form_for(ctx: &Ctx, group: &ActorRow) -> Result<Option<InvolvementForm>, AppError> {
    let Some(user) = &ctx.user else {
        return Ok(None);
    };
    match involvement::get(&ctx.data, &user.actor, group).await {
        Ok(current) => {
            let email_missing = ctx.data.settings.sends_email()
                && digests::email_of(&ctx.data, &user.actor).await?.is_none();
            Ok(Some(InvolvementForm::new(ctx, current, email_missing)))
        }
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
    match involvement::set(&ctx.data, &user.actor, &group, level, channel).await {
        Ok(_) => {}
        // Send them where the address is set; they come back to choose.
        Err(err) if err.code() == "email_missing" => {
            return redirect_with_notice("/settings/email", "notice-email-needed")
        }
        Err(err) => return ctx.fail(err),
    }
    // Their emails are written in the language they read the site in.
    page_try!(
        ctx,
        digests::remember_language(&ctx.data, &user.actor, ctx.lang).await
    );
    redirect_with_notice(&format!("/groups/{name}"), "notice-involvement-saved")
}
