//! When email digests are due, as pure rules. A digest period has slots: every day at the
//! node's digest hour (UTC), or every week on its weekday at that hour. A notification goes in
//! the first digest of its period after the slot that follows it: news of Tuesday 09:00 with
//! daily digests at 07:00 goes out on Wednesday 07:00 (or at the next run after it).

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc, Weekday};

use super::involvement::Channel;

words!(Period { Daily => "daily", Weekly => "weekly" });

impl Period {
    /// The digest a channel asks for (none for the app or nothing).
    pub fn of_channel(channel: Channel) -> Option<Period> {
        match channel {
            Channel::EmailDaily => Some(Period::Daily),
            Channel::EmailWeekly => Some(Period::Weekly),
            Channel::InApp | Channel::Nothing => None,
        }
    }

    pub fn channel(self) -> Channel {
        match self {
            Period::Daily => Channel::EmailDaily,
            Period::Weekly => Channel::EmailWeekly,
        }
    }
}

/// When digests go out: the hour of the day (UTC) and the weekday of weekly ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub hour: u32,
    pub weekday: Weekday,
}

impl Schedule {
    /// The latest slot of `period` at or before `now_ms` (Unix ms): notifications older than
    /// it are due.
    pub fn last_slot(&self, period: Period, now_ms: i64) -> i64 {
        let now = Utc
            .timestamp_millis_opt(now_ms)
            .single()
            .unwrap_or_else(Utc::now);
        let today = now
            .date_naive()
            .and_hms_opt(self.hour.min(23), 0, 0)
            .expect("hour within the day")
            .and_utc();
        let daily = if today <= now {
            today
        } else {
            today - Duration::days(1)
        };
        let slot: DateTime<Utc> = match period {
            Period::Daily => daily,
            Period::Weekly => {
                let back = (daily.weekday().num_days_from_monday() + 7
                    - self.weekday.num_days_from_monday())
                    % 7;
                daily - Duration::days(i64::from(back))
            }
        };
        slot.timestamp_millis()
    }

    /// The next slot of any period after `now_ms`: when the digest job next has work.
    pub fn next_slot(&self, now_ms: i64) -> i64 {
        self.last_slot(Period::Daily, now_ms) + Duration::days(1).num_milliseconds()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> i64 {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .timestamp_millis()
    }

    const SCHEDULE: Schedule = Schedule {
        hour: 7,
        weekday: Weekday::Mon,
    };

    #[test]
    fn a_daily_slot_is_today_at_the_hour_once_it_has_passed() {
        // Wednesday 25 November 2026.
        assert_eq!(
            SCHEDULE.last_slot(Period::Daily, at("2026-11-25T09:30:00Z")),
            at("2026-11-25T07:00:00Z")
        );
        assert_eq!(
            SCHEDULE.last_slot(Period::Daily, at("2026-11-25T07:00:00Z")),
            at("2026-11-25T07:00:00Z")
        );
        assert_eq!(
            SCHEDULE.last_slot(Period::Daily, at("2026-11-25T06:59:59Z")),
            at("2026-11-24T07:00:00Z")
        );
        assert_eq!(
            SCHEDULE.next_slot(at("2026-11-25T09:30:00Z")),
            at("2026-11-26T07:00:00Z")
        );
    }

    #[test]
    fn a_weekly_slot_is_the_last_weekday_at_the_hour() {
        // Monday 23 November 2026, before and after the hour, then later that week.
        assert_eq!(
            SCHEDULE.last_slot(Period::Weekly, at("2026-11-23T06:00:00Z")),
            at("2026-11-16T07:00:00Z")
        );
        assert_eq!(
            SCHEDULE.last_slot(Period::Weekly, at("2026-11-23T07:30:00Z")),
            at("2026-11-23T07:00:00Z")
        );
        assert_eq!(
            SCHEDULE.last_slot(Period::Weekly, at("2026-11-29T23:00:00Z")),
            at("2026-11-23T07:00:00Z")
        );
        let sunday = Schedule {
            hour: 18,
            weekday: Weekday::Sun,
        };
        assert_eq!(
            sunday.last_slot(Period::Weekly, at("2026-11-25T10:00:00Z")),
            at("2026-11-22T18:00:00Z")
        );
    }

    #[test]
    fn channels_map_to_periods() {
        assert_eq!(Period::of_channel(Channel::EmailDaily), Some(Period::Daily));
        assert_eq!(
            Period::of_channel(Channel::EmailWeekly),
            Some(Period::Weekly)
        );
        assert_eq!(Period::of_channel(Channel::InApp), None);
        assert_eq!(Period::Weekly.channel(), Channel::EmailWeekly);
    }
}
