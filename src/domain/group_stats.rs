//! Group statistics, the arithmetic: UTC months, the twelve-month window, turnout, and how the
//! rows storage reads (join times, who did what when, closed votes, held events, offers and
//! needs) become a group's figures per month and in total. Also the sums of the network
//! dashboard. Pure: `service::group_stats` reads the rows, `federation::stats_routes` puts the
//! result on the wire and reads it back from other nodes.
//!
//! The figures, for a group G and a month M (UTC, from its first millisecond to the next
//! month's first):
//! - `members`: people (Person actors, not groups or applications) whose follow of G is
//!   accepted now and was made before M ended. The node keeps no history of departures, so a
//!   past month counts today's members who had joined by then.
//! - `active`: distinct people who, in M, posted or replied in G, supported one of G's
//!   proposals, voted in one of G's votes, registered for one of G's events (any answer but a
//!   refusal) or posted an offer or a need in G.
//! - `proposals`: G's proposals created in M and not drafts.
//! - `decisions`: G's votes (counted here) closed in M; `ballots` and `electorate`: their
//!   ballots and frozen electorates, summed; turnout is `ballots / electorate` in percent.
//! - `events`: G's events that started in M, before now, and were not cancelled;
//!   `attendance`: their confirmed (accepted) registrations. The node records no check-in.
//! - `offers`, `needs`: offers and needs posted in G in M.
//!
//! In total: `members` and `open_offers`/`open_needs`/`upcoming_events` are counts now;
//! `active` counts each person once over the twelve months; the others are the months' sums.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How many months the figures cover, the current one included.
pub const MONTHS: usize = 12;

/// A calendar month in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl Month {
    pub fn of_millis(millis: i64) -> Month {
        let t = DateTime::<Utc>::from_timestamp_millis(millis).unwrap_or_default();
        Month {
            year: t.year(),
            month: t.month(),
        }
    }

    /// Its first millisecond.
    pub fn start_millis(self) -> i64 {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc().timestamp_millis())
            .unwrap_or(0)
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                month: self.month + 1,
                ..self
            }
        }
    }

    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                month: self.month - 1,
                ..self
            }
        }
    }

    /// Its first millisecond after it: the end of `[start, end)`.
    pub fn end_millis(self) -> i64 {
        self.next().start_millis()
    }

    /// `2026-11`.
    pub fn label(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// Reads `2026-11` (and nothing else).
    pub fn parse(raw: &str) -> Option<Month> {
        let (year, month) = raw.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u32 = month.parse().ok()?;
        ((1..=12).contains(&month) && year >= 1970).then_some(Month { year, month })
    }
}

/// The [`MONTHS`] months ending with the one `now` falls in, oldest first.
pub fn window(now: i64) -> Vec<Month> {
    let mut month = Month::of_millis(now);
    let mut months = vec![month];
    for _ in 1..MONTHS {
        month = month.previous();
        months.push(month);
    }
    months.reverse();
    months
}

/// `ballots / electorate` in percent, to one decimal; none without an electorate.
pub fn turnout(ballots: i64, electorate: i64) -> Option<f64> {
    (electorate > 0).then(|| (ballots as f64 * 1000.0 / electorate as f64).round() / 10.0)
}

/// A group's figures for one month (or, in [`Totals`], the twelve).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub members: i64,
    pub active: i64,
    pub proposals: i64,
    pub decisions: i64,
    pub ballots: i64,
    pub electorate: i64,
    pub events: i64,
    pub attendance: i64,
    pub offers: i64,
    pub needs: i64,
}

impl Figures {
    pub fn turnout(&self) -> Option<f64> {
        turnout(self.ballots, self.electorate)
    }

    fn add(&mut self, other: &Figures) {
        self.members += other.members;
        self.active += other.active;
        self.proposals += other.proposals;
        self.decisions += other.decisions;
        self.ballots += other.ballots;
        self.electorate += other.electorate;
        self.events += other.events;
        self.attendance += other.attendance;
        self.offers += other.offers;
        self.needs += other.needs;
    }

    /// The figures in a fixed order, with their names (CSV columns, checks).
    pub fn named(&self) -> [(&'static str, i64); 10] {
        [
            ("members", self.members),
            ("active", self.active),
            ("proposals", self.proposals),
            ("decisions", self.decisions),
            ("ballots", self.ballots),
            ("electorate", self.electorate),
            ("events", self.events),
            ("attendance", self.attendance),
            ("offers", self.offers),
            ("needs", self.needs),
        ]
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    #[serde(flatten)]
    pub figures: Figures,
    pub open_offers: i64,
    pub open_needs: i64,
    pub upcoming_events: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthFigures {
    pub month: Month,
    pub figures: Figures,
}

/// What a group's node publishes: the months oldest first, and the totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupStats {
    /// When it was computed (Unix milliseconds).
    pub computed_at: i64,
    pub months: Vec<MonthFigures>,
    pub totals: Totals,
}

impl GroupStats {
    /// The figures of `month`, if covered.
    pub fn month(&self, month: Month) -> Option<&Figures> {
        self.months
            .iter()
            .find(|m| m.month == month)
            .map(|m| &m.figures)
    }
}

/// A vote closed in the window.
pub struct ClosedVote {
    pub closed_at: i64,
    pub ballots: i64,
    pub electorate: i64,
}

/// An event of the group that started.
pub struct HeldEvent {
    pub starts_at: i64,
    pub attendance: i64,
}

/// What storage reads for one group.
#[derive(Default)]
pub struct Inputs {
    /// When each current member's follow was made.
    pub member_since: Vec<i64>,
    /// Someone (an actor id) did something that makes them active, at a time.
    pub actions: Vec<(i64, i64)>,
    /// Creation times of the published proposals.
    pub proposals: Vec<i64>,
    pub votes: Vec<ClosedVote>,
    pub events: Vec<HeldEvent>,
    /// (posted at, is an offer): offers and needs.
    pub competences: Vec<(i64, bool)>,
    pub open_offers: i64,
    pub open_needs: i64,
    pub upcoming_events: i64,
}

/// The figures of a group over the window ending with `now`'s month.
pub fn compute(now: i64, inputs: &Inputs) -> GroupStats {
    let months = window(now);
    let first = months[0].start_millis();
    let in_month = |m: Month, t: i64| t >= m.start_millis() && t < m.end_millis();
    let mut rows: Vec<MonthFigures> = Vec::with_capacity(months.len());
    for &m in &months {
        let end = m.end_millis();
        let count =
            |times: &mut dyn Iterator<Item = i64>| times.filter(|t| in_month(m, *t)).count() as i64;
        let active: HashSet<i64> = inputs
            .actions
            .iter()
            .filter(|(t, _)| in_month(m, *t))
            .map(|(_, who)| *who)
            .collect();
        let votes: Vec<&ClosedVote> = inputs
            .votes
            .iter()
            .filter(|v| in_month(m, v.closed_at))
            .collect();
        let events: Vec<&HeldEvent> = inputs
            .events
            .iter()
            .filter(|e| in_month(m, e.starts_at) && e.starts_at <= now)
            .collect();
        rows.push(MonthFigures {
            month: m,
            figures: Figures {
                members: inputs.member_since.iter().filter(|t| **t < end).count() as i64,
                active: active.len() as i64,
                proposals: count(&mut inputs.proposals.iter().copied()),
                decisions: votes.len() as i64,
                ballots: votes.iter().map(|v| v.ballots).sum(),
                electorate: votes.iter().map(|v| v.electorate).sum(),
                events: events.len() as i64,
                attendance: events.iter().map(|e| e.attendance).sum(),
                offers: count(&mut inputs.competences.iter().filter(|c| c.1).map(|c| c.0)),
                needs: count(&mut inputs.competences.iter().filter(|c| !c.1).map(|c| c.0)),
            },
        });
    }
    let mut figures = Figures::default();
    for row in &rows {
        figures.add(&row.figures);
    }
    figures.members = inputs.member_since.len() as i64;
    figures.active = inputs
        .actions
        .iter()
        .filter(|(t, _)| *t >= first && *t < months[MONTHS - 1].end_millis())
        .map(|(_, who)| *who)
        .collect::<HashSet<i64>>()
        .len() as i64;
    GroupStats {
        computed_at: now,
        months: rows,
        totals: Totals {
            figures,
            open_offers: inputs.open_offers,
            open_needs: inputs.open_needs,
            upcoming_events: inputs.upcoming_events,
        },
    }
}

/// The network's figures: each group's as published, added month by month over `months`
/// (a month a group's document does not cover adds nothing). A person in two groups counts
/// in both; turnout over the sums is ballots over electorates, summed.
pub fn sum<'a>(months: &[Month], groups: impl IntoIterator<Item = &'a GroupStats>) -> GroupStats {
    let mut rows: Vec<MonthFigures> = months
        .iter()
        .map(|&month| MonthFigures {
            month,
            figures: Figures::default(),
        })
        .collect();
    let mut totals = Totals::default();
    let mut computed_at = 0;
    for g in groups {
        computed_at = computed_at.max(g.computed_at);
        for row in rows.iter_mut() {
            if let Some(f) = g.month(row.month) {
                row.figures.add(f);
            }
        }
        totals.figures.add(&g.totals.figures);
        totals.open_offers += g.totals.open_offers;
        totals.open_needs += g.totals.open_needs;
        totals.upcoming_events += g.totals.upcoming_events;
    }
    GroupStats {
        computed_at,
        months: rows,
        totals,
    }
}

/// Largest figure accepted from another node: anything above is nonsense, not a count.
pub const MAX_FIGURE: i64 = 1_000_000_000;

/// Why figures read from another node are refused.
pub fn check(stats: &GroupStats) -> Result<(), String> {
    if stats.months.len() > 2 * MONTHS {
        return Err(format!("more than {} months", 2 * MONTHS));
    }
    let mut seen = HashSet::new();
    for row in &stats.months {
        if !seen.insert(row.month) {
            return Err(format!("month {} given twice", row.month.label()));
        }
    }
    let t = &stats.totals;
    let all = stats
        .months
        .iter()
        .flat_map(|m| m.figures.named())
        .chain(t.figures.named())
        .chain([
            ("open_offers", t.open_offers),
            ("open_needs", t.open_needs),
            ("upcoming_events", t.upcoming_events),
        ]);
    for (name, value) in all {
        if !(0..=MAX_FIGURE).contains(&value) {
            return Err(format!("{name} is {value}, not a count"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> i64 {
        DateTime::parse_from_rfc3339(raw)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn months_are_utc_and_roll_over_the_year() {
        // 00:30 in Paris on 1 December is still November in UTC.
        let m = Month::of_millis(at("2026-12-01T00:30:00+01:00"));
        assert_eq!(m.label(), "2026-11");
        assert_eq!(m.next().label(), "2026-12");
        assert_eq!(m.next().next().label(), "2027-01");
        assert_eq!(
            Month::parse("2027-01").unwrap().previous().label(),
            "2026-12"
        );
        assert_eq!(
            Month::parse("2026-02").unwrap().end_millis(),
            at("2026-03-01T00:00:00Z")
        );
        for bad in ["2026-13", "2026-00", "26-01", "2026-1", "2026-01-01", "x"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_window_is_twelve_months_ending_now() {
        let w = window(at("2026-03-15T12:00:00Z"));
        assert_eq!(w.len(), 12);
        assert_eq!(w[0].label(), "2025-04");
        assert_eq!(w[11].label(), "2026-03");
    }

    #[test]
    fn turnout_is_ballots_over_electorate_to_one_decimal() {
        assert_eq!(turnout(1, 3), Some(33.3));
        assert_eq!(turnout(2, 3), Some(66.7));
        assert_eq!(turnout(3, 3), Some(100.0));
        assert_eq!(turnout(0, 4), Some(0.0));
        assert_eq!(turnout(0, 0), None);
    }

    #[test]
    fn figures_fall_in_their_month_and_totals_add_up() {
        let now = at("2026-11-20T10:00:00Z");
        let inputs = Inputs {
            member_since: vec![at("2025-01-01T00:00:00Z"), at("2026-11-02T00:00:00Z")],
            actions: vec![
                (at("2026-10-31T23:59:59Z"), 1),
                (at("2026-11-01T00:00:00Z"), 1),
                (at("2026-11-03T00:00:00Z"), 1),
                (at("2026-11-04T00:00:00Z"), 2),
                (at("2024-01-01T00:00:00Z"), 3),
            ],
            proposals: vec![at("2026-11-05T00:00:00Z")],
            votes: vec![
                ClosedVote {
                    closed_at: at("2026-11-06T00:00:00Z"),
                    ballots: 1,
                    electorate: 2,
                },
                ClosedVote {
                    closed_at: at("2026-10-06T00:00:00Z"),
                    ballots: 2,
                    electorate: 4,
                },
            ],
            events: vec![
                HeldEvent {
                    starts_at: at("2026-11-10T18:00:00Z"),
                    attendance: 7,
                },
                // Later this month: not held yet.
                HeldEvent {
                    starts_at: at("2026-11-28T18:00:00Z"),
                    attendance: 3,
                },
            ],
            competences: vec![
                (at("2026-11-07T00:00:00Z"), true),
                (at("2026-11-08T00:00:00Z"), false),
            ],
            open_offers: 1,
            open_needs: 1,
            upcoming_events: 1,
        };
        let s = compute(now, &inputs);
        let nov = s.month(Month::parse("2026-11").unwrap()).unwrap();
        let oct = s.month(Month::parse("2026-10").unwrap()).unwrap();
        assert_eq!((oct.members, nov.members), (1, 2));
        assert_eq!((oct.active, nov.active), (1, 2));
        assert_eq!((nov.decisions, nov.ballots, nov.electorate), (1, 1, 2));
        assert_eq!(nov.turnout(), Some(50.0));
        assert_eq!((nov.events, nov.attendance), (1, 7));
        assert_eq!((nov.offers, nov.needs, nov.proposals), (1, 1, 1));
        let t = s.totals;
        assert_eq!(t.figures.members, 2);
        // Person 1, active in both months, counts once; person 3 is out of the window.
        assert_eq!(t.figures.active, 2);
        assert_eq!((t.figures.ballots, t.figures.electorate), (3, 6));
        assert_eq!(t.figures.turnout(), Some(50.0));
        assert_eq!((t.open_offers, t.upcoming_events), (1, 1));
        assert!(check(&s).is_ok());
    }

    #[test]
    fn sums_add_groups_month_by_month() {
        let now = at("2026-11-20T10:00:00Z");
        let one = Inputs {
            member_since: vec![0, 0, 0],
            votes: vec![ClosedVote {
                closed_at: at("2026-11-06T00:00:00Z"),
                ballots: 1,
                electorate: 3,
            }],
            ..Inputs::default()
        };
        let two = Inputs {
            member_since: vec![0],
            votes: vec![ClosedVote {
                closed_at: at("2026-11-07T00:00:00Z"),
                ballots: 1,
                electorate: 1,
            }],
            ..Inputs::default()
        };
        let (a, b) = (compute(now, &one), compute(now, &two));
        let total = sum(&window(now), [&a, &b]);
        let nov = total.month(Month::parse("2026-11").unwrap()).unwrap();
        assert_eq!(nov.members, 4);
        // 2 ballots of 4 electors: 50 %, not the mean of 33.3 % and 100 %.
        assert_eq!(nov.turnout(), Some(50.0));
        assert_eq!(total.totals.figures.decisions, 2);
    }

    #[test]
    fn nonsense_figures_are_refused() {
        let mut s = compute(at("2026-11-20T10:00:00Z"), &Inputs::default());
        s.months[0].figures.members = -1;
        assert!(check(&s).unwrap_err().contains("members"));
        let mut s = compute(at("2026-11-20T10:00:00Z"), &Inputs::default());
        let first = s.months[0].clone();
        s.months.push(first);
        assert!(check(&s).unwrap_err().contains("twice"));
    }
}
