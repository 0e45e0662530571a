//! Pure rules of the community: no I/O, no ActivityPub types.
//!
//! The service layer asks these modules what is allowed and what follows from an action;
//! storage and federation then carry the answer out.

pub mod competence;
pub mod content;
pub mod event;
pub mod membership;
pub mod names;
pub mod process;
pub mod registration;
pub mod vote;
