//! Node-level moderation by admins: blocking and unblocking domains.

use crate::{
    app::AppState,
    error::{AppError, AppResult},
    service::accounts::require_admin,
    storage::{self, accounts::AccountRow},
};

/// A domain as admins type it: `evil.example`, maybe with a port; no scheme, no path.
pub fn parse_domain(raw: &str) -> AppResult<String> {
    let domain = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    let valid = !domain.is_empty()
        && domain.len() <= 253
        && domain.contains(|c: char| c.is_ascii_alphanumeric())
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        && !domain.starts_with(['.', '-', ':']);
    if valid {
        Ok(domain)
    } else {
        Err(AppError::Unprocessable(
            "invalid_domain",
            format!("{raw:?} is not a domain name like evil.example"),
        ))
    }
}

pub async fn block_domain(
    state: &AppState,
    admin: &AccountRow,
    domain: &str,
    reason: Option<&str>,
) -> AppResult<()> {
    require_admin(admin)?;
    let domain = parse_domain(domain)?;
    if domain == state.urls.domain() {
        return Err(AppError::Unprocessable(
            "own_domain",
            "a node cannot block itself".into(),
        ));
    }
    let mut tx = state.db.begin().await?;
    storage::servers::block_domain(&mut tx, &domain, reason.map(str::trim)).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_domain;

    #[test]
    fn domains_as_admins_type_them() {
        assert_eq!(parse_domain(" Evil.Example. ").unwrap(), "evil.example");
        assert_eq!(parse_domain("localhost:8002").unwrap(), "localhost:8002");
        assert!(parse_domain("https://evil.example/").is_err());
        assert!(parse_domain("").is_err());
        assert!(parse_domain("a b").is_err());
        assert!(parse_domain(".evil").is_err());
    }
}
