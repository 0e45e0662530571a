//! Wire shapes of the objects we serve and accept, and their mapping to storage rows.

pub mod actor;
pub mod competence;
pub mod decision;
pub mod escalation;
pub mod event;
pub mod meeting;
pub mod participation;
pub mod post;
pub mod process;
pub mod question;
