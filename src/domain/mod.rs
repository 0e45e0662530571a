//! Pure rules of the community: no I/O, no ActivityPub types.
//!
//! The service layer asks these modules what is allowed and what follows from an action;
//! storage and federation then carry the answer out.

/// An enum of stored words (`as_str`, `parse`, `ALL`, `choices`), for the vocabularies of
/// competences and involvement.
macro_rules! words {
    ($ty:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $ty { $($variant),+ }

        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $word),+ }
            }

            pub fn parse(raw: &str) -> Option<$ty> {
                Self::ALL.iter().copied().find(|v| v.as_str() == raw)
            }

            /// The accepted words, for error messages.
            pub fn choices() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

pub mod agenda;
pub mod competence;
pub mod content;
pub mod digest;
pub mod event;
pub mod governance;
pub mod image_metadata;
pub mod involvement;
pub mod membership;
pub mod names;
pub mod process;
pub mod registration;
pub mod search;
pub mod vote;

// The network dashboard: a group's figures per month.
pub mod group_stats;

// Welcoming newcomers: the "who we are" page and the onboarding path.
pub mod onboarding;
