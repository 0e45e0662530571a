//! Events of a group (assemblies, drop-in hours, trainings...) and registration to them, as
//! pure rules: what an event says about itself, and where a registration lands (accepted,
//! pending a moderator, on the waitlist) given the event's mode and the seats taken. The
//! service layer applies these inside one transaction that holds the event's lock, so two
//! registrations can never both take the last seat.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// What kind of meeting an event is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Assembly,
    DropIn,
    Training,
    Meetup,
    Coworking,
    Other,
}

/// Who may take a seat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinMode {
    /// Anyone who may see the event registers at once (or joins the waitlist when full).
    Open,
    /// Each registration waits for an organizer's answer.
    Approval,
    /// Only people an organizer invited may register.
    Invitation,
}

/// Whether the event takes place as announced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Confirmed,
    Tentative,
    Cancelled,
    Postponed,
}

/// Where a registration stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationState {
    /// Has a seat.
    Accepted,
    /// Waits for an organizer's answer (approval mode).
    Pending,
    /// Waits for a seat to free: moves up in order of arrival.
    Waitlisted,
    /// Refused by an organizer.
    Rejected,
}

/// How often a recurring event comes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
}

/// "Every Tuesday" (weekly, interval 1), "every other week", "every month until June".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    pub frequency: Frequency,
    /// Every `interval` days, weeks or months (1 to 52).
    #[serde(default = "one")]
    pub interval: u32,
    /// Last day a session may start (Unix milliseconds), if the series ends.
    #[serde(default)]
    pub until: Option<i64>,
}

fn one() -> u32 {
    1
}

macro_rules! words {
    ($ty:ty { $($variant:ident => $word:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $word),+ }
            }

            pub fn parse(raw: &str) -> Option<$ty> {
                Self::ALL.iter().copied().find(|v| v.as_str() == raw)
            }
        }
    };
}

words!(Category { Assembly => "assembly", DropIn => "drop_in", Training => "training",
    Meetup => "meetup", Coworking => "coworking", Other => "other" });
words!(JoinMode { Open => "open", Approval => "approval", Invitation => "invitation" });
words!(Status { Confirmed => "confirmed", Tentative => "tentative", Cancelled => "cancelled",
    Postponed => "postponed" });
words!(RegistrationState { Accepted => "accepted", Pending => "pending",
    Waitlisted => "waitlisted", Rejected => "rejected" });
words!(Frequency { Daily => "daily", Weekly => "weekly", Monthly => "monthly" });

/// Largest number of seats an event may offer.
pub const MAX_CAPACITY: u32 = 100_000;

/// The times and rules of an event as an organizer sets them, checked by [`EventTimes::validate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventTimes {
    pub starts_at: i64,
    pub ends_at: i64,
    pub registration_deadline: Option<i64>,
    pub capacity: Option<u32>,
    pub recurrence: Option<Recurrence>,
}

impl EventTimes {
    pub fn validate(&self) -> Result<(), &'static str> {
        if self.ends_at <= self.starts_at {
            return Err("an event ends after it starts");
        }
        if self.ends_at - self.starts_at > 31 * 24 * 3600 * 1000 {
            return Err("an event lasts at most 31 days; use a recurrence for a series");
        }
        if self.registration_deadline.is_some_and(|d| d > self.ends_at) {
            return Err("registrations close before the event ends");
        }
        if self.capacity.is_some_and(|c| c == 0 || c > MAX_CAPACITY) {
            return Err(
                "the capacity is between 1 and 100,000 seats (leave it empty for no limit)",
            );
        }
        if let Some(r) = self.recurrence {
            if r.interval == 0 || r.interval > 52 {
                return Err("a recurrence repeats every 1 to 52 days, weeks or months");
            }
            if r.until.is_some_and(|u| u < self.starts_at) {
                return Err("a recurrence ends after its first session");
            }
        }
        Ok(())
    }
}

/// Why a registration is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Cancelled,
    Over,
    DeadlinePassed,
    NotInvited,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Cancelled => "event_cancelled",
            Refusal::Over => "event_over",
            Refusal::DeadlinePassed => "registration_closed",
            Refusal::NotInvited => "invitation_only",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Refusal::Cancelled => "this event is cancelled",
            Refusal::Over => "this event is over",
            Refusal::DeadlinePassed => "registrations for this event are closed",
            Refusal::NotInvited => "this event is on invitation: ask an organizer",
        }
    }
}

/// What the rules need to place a new registration.
#[derive(Clone, Copy, Debug)]
pub struct Seats {
    pub mode: JoinMode,
    pub status: Status,
    pub capacity: Option<u32>,
    /// Registrations holding a seat now.
    pub accepted: u32,
    pub ends_at: i64,
    pub registration_deadline: Option<i64>,
    pub invited: bool,
}

impl Seats {
    fn has_free_seat(&self) -> bool {
        self.capacity.is_none_or(|c| self.accepted < c)
    }

    /// Where a new registration lands at `now`.
    pub fn place(&self, now: i64) -> Result<RegistrationState, Refusal> {
        if self.status == Status::Cancelled {
            return Err(Refusal::Cancelled);
        }
        if now >= self.ends_at {
            return Err(Refusal::Over);
        }
        if self.registration_deadline.is_some_and(|d| now > d) {
            return Err(Refusal::DeadlinePassed);
        }
        match self.mode {
            JoinMode::Invitation if !self.invited => Err(Refusal::NotInvited),
            JoinMode::Approval => Ok(RegistrationState::Pending),
            JoinMode::Open | JoinMode::Invitation => Ok(self.seat_or_waitlist()),
        }
    }

    /// An organizer accepts a pending registration: a seat if one is free, else the waitlist.
    pub fn seat_or_waitlist(&self) -> RegistrationState {
        if self.has_free_seat() {
            RegistrationState::Accepted
        } else {
            RegistrationState::Waitlisted
        }
    }

    /// How many people of the waitlist move up now (a seat freed, or the capacity grew).
    pub fn promotions(&self, waiting: u32) -> u32 {
        match self.capacity {
            None => waiting,
            Some(c) => c.saturating_sub(self.accepted).min(waiting),
        }
    }
}

/// A wall-clock time in an IANA time zone (as a form gives it) to Unix milliseconds. A time
/// that does not exist (the spring gap) is refused; an ambiguous one (autumn) takes the first.
pub fn local_to_utc(local: &str, zone: &str) -> Result<i64, &'static str> {
    let tz: Tz = zone.parse().map_err(|_| "unknown time zone")?;
    let naive = NaiveDateTime::parse_from_str(local.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(local.trim(), "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| "a date and time like 2027-03-14T18:30")?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc).timestamp_millis())
        .ok_or("this time does not exist in that time zone (clocks change)")
}

/// Unix milliseconds as wall-clock time in `zone` (for forms and pages).
pub fn utc_to_local(millis: i64, zone: &str) -> Option<NaiveDateTime> {
    let tz: Tz = zone.parse().ok()?;
    DateTime::from_timestamp_millis(millis).map(|t| t.with_timezone(&tz).naive_local())
}

/// Whether `zone` is an IANA time zone name.
pub fn is_time_zone(zone: &str) -> bool {
    zone.parse::<Tz>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seats(mode: JoinMode, capacity: Option<u32>, accepted: u32) -> Seats {
        Seats {
            mode,
            status: Status::Confirmed,
            capacity,
            accepted,
            ends_at: 1_000,
            registration_deadline: None,
            invited: false,
        }
    }

    #[test]
    fn an_open_event_seats_until_full_then_waitlists() {
        assert_eq!(
            seats(JoinMode::Open, Some(3), 2).place(0),
            Ok(RegistrationState::Accepted)
        );
        assert_eq!(
            seats(JoinMode::Open, Some(3), 3).place(0),
            Ok(RegistrationState::Waitlisted)
        );
        assert_eq!(
            seats(JoinMode::Open, None, 10_000).place(0),
            Ok(RegistrationState::Accepted)
        );
    }

    #[test]
    fn approval_waits_and_invitation_needs_an_invitation() {
        assert_eq!(
            seats(JoinMode::Approval, Some(3), 0).place(0),
            Ok(RegistrationState::Pending)
        );
        assert_eq!(
            seats(JoinMode::Invitation, Some(3), 0).place(0),
            Err(Refusal::NotInvited)
        );
        let invited = Seats {
            invited: true,
            ..seats(JoinMode::Invitation, Some(1), 1)
        };
        assert_eq!(invited.place(0), Ok(RegistrationState::Waitlisted));
    }

    #[test]
    fn cancelled_past_and_closed_events_take_no_one() {
        let cancelled = Seats {
            status: Status::Cancelled,
            ..seats(JoinMode::Open, None, 0)
        };
        assert_eq!(cancelled.place(0), Err(Refusal::Cancelled));
        assert_eq!(
            seats(JoinMode::Open, None, 0).place(1_000),
            Err(Refusal::Over)
        );
        let closed = Seats {
            registration_deadline: Some(10),
            ..seats(JoinMode::Open, None, 0)
        };
        assert_eq!(closed.place(11), Err(Refusal::DeadlinePassed));
        assert_eq!(closed.place(10), Ok(RegistrationState::Accepted));
    }

    #[test]
    fn promotions_fill_freed_seats_in_order() {
        assert_eq!(seats(JoinMode::Open, Some(3), 2).promotions(5), 1);
        assert_eq!(seats(JoinMode::Open, Some(5), 2).promotions(2), 2);
        assert_eq!(seats(JoinMode::Open, Some(3), 3).promotions(5), 0);
        assert_eq!(seats(JoinMode::Open, None, 3).promotions(4), 4);
    }

    #[test]
    fn times_are_checked() {
        let ok = EventTimes {
            starts_at: 0,
            ends_at: 3_600_000,
            registration_deadline: Some(0),
            capacity: Some(3),
            recurrence: Some(Recurrence {
                frequency: Frequency::Weekly,
                interval: 1,
                until: None,
            }),
        };
        assert!(ok.validate().is_ok());
        for wrong in [
            EventTimes { ends_at: 0, ..ok },
            EventTimes {
                capacity: Some(0),
                ..ok
            },
            EventTimes {
                registration_deadline: Some(4_000_000),
                ..ok
            },
            EventTimes {
                recurrence: Some(Recurrence {
                    frequency: Frequency::Weekly,
                    interval: 0,
                    until: None,
                }),
                ..ok
            },
        ] {
            assert!(wrong.validate().is_err(), "{wrong:?}");
        }
    }

    #[test]
    fn local_times_follow_their_zone_and_its_clock_changes() {
        // 18:30 in Paris in winter is 17:30 UTC, in summer 16:30 UTC.
        let winter = local_to_utc("2027-01-12T18:30", "Europe/Paris").unwrap();
        assert_eq!(
            DateTime::from_timestamp_millis(winter)
                .unwrap()
                .to_rfc3339(),
            "2027-01-12T17:30:00+00:00"
        );
        let summer = local_to_utc("2027-07-13T18:30", "Europe/Paris").unwrap();
        assert_eq!(
            DateTime::from_timestamp_millis(summer)
                .unwrap()
                .to_rfc3339(),
            "2027-07-13T16:30:00+00:00"
        );
        assert!(local_to_utc("2027-03-28T02:30", "Europe/Paris").is_err());
        assert!(local_to_utc("2027-03-28T10:00", "Mars/Olympus").is_err());
        assert_eq!(
            utc_to_local(summer, "Europe/Paris")
                .unwrap()
                .format("%H:%M")
                .to_string(),
            "18:30"
        );
        assert!(Category::parse("drop_in").is_some() && Category::parse("party").is_none());
    }
}
