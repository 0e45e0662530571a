//! Page handlers, one module per area, and the small view types their templates share.

pub mod accounts;
pub mod admin;
pub mod email_settings;
pub mod groups;
pub mod home;
pub mod involvement;
pub mod meetings;
pub mod moderation;
pub mod networks;
pub mod notifications;
pub mod posts;
pub mod profile;
pub mod search;

// Proposals and decisions.
pub mod ballots;
pub mod colleges;
pub mod decision_words;
pub mod decisions;
pub mod group_decisions;
pub mod processes;
pub mod proposals;
pub mod results;
pub mod vote_open;
pub mod vote_rules;
pub mod votes;

// Events.
pub mod event_attendees;
pub mod event_editing;
pub mod event_form;
pub mod event_words;
pub mod events;
pub mod group_events;
pub mod my_events;

// Competence sharing.
pub mod competence_editing;
pub mod competence_form;
pub mod competence_replies;
pub mod competence_words;
pub mod competences;
pub mod group_competences;
pub mod my_competences;
pub mod resource_people;

// Governance bodies.
pub mod bodies;
pub mod body_forms;
pub mod body_photos;

// Group statistics and the network dashboard.
pub mod dashboard;

// Welcoming newcomers: the "who we are" page and the onboarding path.
pub mod group_about;
pub mod onboarding;
pub mod onboarding_steps;

// The network level: an antenna's proposal escalated to a network group.
pub mod escalation;

// The aggregator: its admin page and the network calendar.
pub mod aggregation;
pub mod network_calendar;

use crate::storage::posts::PostListing;

/// A redirect target from a form or query: only a path of this site.
pub fn local_path(back: Option<&str>) -> String {
    match back {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

/// A post as a page shows it.
pub struct PostItem {
    pub id: i64,
    pub title: Option<String>,
    /// Sanitized HTML.
    pub content: String,
    pub author_handle: String,
    pub author_name: String,
    /// The author's server when it is not this node: remote content shows its origin.
    pub origin: Option<String>,
    pub published: String,
    pub replies_count: i64,
    pub group_handle: Option<String>,
    pub replies: Vec<PostItem>,
    /// The proposal this post opens the discussion of.
    pub proposal_id: Option<i64>,
    /// The offer or need this post opens the discussion of.
    pub competence_id: Option<i64>,
}

impl PostItem {
    pub fn new(listing: &PostListing, our_domain: &str) -> PostItem {
        PostItem {
            id: listing.id,
            title: listing.title.clone(),
            content: listing.content.clone(),
            author_handle: format!("{}@{}", listing.author_username, listing.author_domain),
            author_name: listing
                .author_display_name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| listing.author_username.clone()),
            origin: (listing.author_domain != our_domain).then(|| listing.author_domain.clone()),
            published: crate::api::views::time(listing.published_at)
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_default(),
            replies_count: listing.replies_count,
            group_handle: match (&listing.group_username, &listing.group_domain) {
                (Some(name), Some(domain)) if domain == our_domain => Some(name.clone()),
                (Some(name), Some(domain)) => Some(format!("{name}@{domain}")),
                _ => None,
            },
            replies: vec![],
            proposal_id: listing.proposal_id,
            competence_id: listing.competence_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(local_path(Some("/groups/rennes")), "/groups/rennes");
        assert_eq!(local_path(Some("//evil.example/x")), "/");
        assert_eq!(local_path(Some("https://evil.example/")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(None), "/");
    }
}
