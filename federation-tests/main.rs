//! Federation tests: several real `maillon serve` processes on `localhost:PORT`, talking real
//! HTTP with real signatures. With `MAILLON_TEST_DATABASE_URL` set, every other node (the first
//! one of each test included) runs on PostgreSQL.

mod harness;
mod peer;
mod signing;
mod web;

mod accounts;
mod admin_cli;
mod agenda;
mod api;
mod browser;
mod browser_competences;
mod browser_decisions;
mod competences;
mod competences_federation;
mod decisions;
mod delivery;
mod discussions;
mod domain_blocks;
mod email_digests;
mod events;
mod events_federation;
mod faults;
mod faults_storage;
mod fedify;
mod governance_bodies;
mod governance_journey;
mod hostile_content;
mod hostile_fetching;
mod hostile_identity;
mod hostile_ordering;
mod hostile_shape;
mod hostile_signatures;
mod inbox;
mod involvement;
mod membership;
mod metrics;
mod migrate_database;
mod moderation;
mod networks;
mod onboarding;
mod rate_limits;
mod remote_decisions;
mod remote_participation;
mod scale_out;
mod search;
mod verifiable_tally;
mod votes_federation;
mod web_competences;
mod web_competences_federation;
mod web_decisions;
mod web_event_organizers;
mod web_events;
mod web_governance_bodies;
mod web_onboarding;
