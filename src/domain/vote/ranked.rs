//! Ranked choice, counted by the Schulze method (Markus Schulze, 1997).
//!
//! Each member ranks the options, best first; equal ranks are allowed and unranked options
//! come after all ranked ones, equal among themselves. For every pair of options we count
//! how many voters prefer one to the other (d). A path from X to Y through other options is
//! as strong as its weakest step; p[X][Y] is the strongest path from X to Y. X ranks above
//! Y when p[X][Y] > p[Y][X]. This relation is transitive, so it gives a ranking; an option
//! beaten by nobody is a potential winner, and several potential winners are a tie. When
//! one option beats every other head to head (a Condorcet winner) it always wins.

use serde::{Deserialize, Serialize};

use super::{
    check_known, final_ballots, Cast, OptionId, Participation, Quorum, QuorumCheck, TallyError,
    Verdict,
};

/// Groups of equally ranked options, best group first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    pub ranking: Vec<Vec<OptionId>>,
}

impl Ballot {
    /// A strict ranking, one option per rank.
    pub fn strict<'a>(best_first: impl IntoIterator<Item = &'a str>) -> Ballot {
        Ballot {
            ranking: best_first.into_iter().map(|o| vec![o.to_owned()]).collect(),
        }
    }

    fn is_blank(&self) -> bool {
        self.ranking.iter().all(Vec::is_empty)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedOption {
    pub option: OptionId,
    /// 1 for first place; options the method cannot separate share a rank.
    pub rank: u32,
    /// How many other options it beats by strongest path.
    pub beats: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub participation: Participation,
    /// Options in the order given; the matrices are indexed in this order.
    pub options: Vec<OptionId>,
    /// `pairwise[x][y]`: voters preferring option x to option y (d).
    pub pairwise: Vec<Vec<u32>>,
    /// `strongest_paths[x][y]`: strength of the strongest path from x to y (p).
    pub strongest_paths: Vec<Vec<u32>>,
    /// Best first.
    pub ranking: Vec<RankedOption>,
    pub quorum: QuorumCheck,
    pub verdict: Verdict,
    pub reason: String,
}

pub fn tally(
    options: &[OptionId],
    casts: &[Cast<Ballot>],
    electorate: u32,
    quorum: Quorum,
) -> Result<Outcome, TallyError> {
    let ballots = final_ballots(casts);
    let mut participation = Participation::new(electorate, casts.len(), ballots.len());
    let n = options.len();
    let mut pairwise = vec![vec![0u32; n]; n];
    for (voter, ballot) in &ballots {
        check_known(voter, ballot.ranking.iter().flatten(), options)?;
        if ballot.is_blank() {
            participation.blank += 1;
            continue;
        }
        let positions = positions(options, ballot, voter)?;
        for x in 0..n {
            for y in 0..n {
                if positions[x] < positions[y] {
                    pairwise[x][y] += 1;
                }
            }
        }
    }

    let strongest_paths = strongest_paths(&pairwise);
    let ranking = rank(options, &strongest_paths);
    let quorum = quorum.check(&participation);
    let winners: Vec<OptionId> = ranking
        .iter()
        .filter(|r| r.rank == 1)
        .map(|r| r.option.clone())
        .collect();
    let (verdict, reason) = if !quorum.met {
        (Verdict::NoQuorum, quorum.shortfall_reason())
    } else if participation.ballots == participation.blank || n == 0 {
        (Verdict::NoResult, "No ballot ranked any option.".to_owned())
    } else if let [winner] = winners.as_slice() {
        let order: Vec<&str> = ranking.iter().map(|r| r.option.as_str()).collect();
        let reason = format!(
            "{winner} wins: its strongest paths beat those of every other option (ranking: {}).",
            order.join(" > ")
        );
        let option = winner.clone();
        (Verdict::Winner { option }, reason)
    } else {
        let reason = format!(
            "Tie: no strongest path separates {}; the tie is not broken.",
            winners.join(", ")
        );
        (Verdict::Tie { options: winners }, reason)
    };

    Ok(Outcome {
        participation,
        options: options.to_vec(),
        pairwise,
        strongest_paths,
        ranking,
        quorum,
        verdict,
        reason,
    })
}

/// Each option's rank on one ballot (0 is best); unranked options share the last rank.
fn positions(options: &[OptionId], ballot: &Ballot, voter: &str) -> Result<Vec<usize>, TallyError> {
    let unranked = ballot.ranking.len();
    let mut positions = vec![unranked; options.len()];
    let mut seen = vec![false; options.len()];
    for (rank, group) in ballot.ranking.iter().enumerate() {
        for option in group {
            // Every option was checked against `options` before this call.
            let index = options.iter().position(|o| o == option).unwrap_or(0);
            if seen[index] {
                return Err(TallyError::InvalidBallot {
                    voter: voter.to_owned(),
                    reason: format!("{option} is ranked twice"),
                });
            }
            seen[index] = true;
            positions[index] = rank;
        }
    }
    Ok(positions)
}

/// Widest paths (a Floyd–Warshall variant), as in Schulze's paper: a direct link counts
/// only where it is a win, d[x][y] > d[y][x].
fn strongest_paths(d: &[Vec<u32>]) -> Vec<Vec<u32>> {
    let n = d.len();
    let mut p = vec![vec![0u32; n]; n];
    for x in 0..n {
        for y in 0..n {
            if x != y && d[x][y] > d[y][x] {
                p[x][y] = d[x][y];
            }
        }
    }
    for via in 0..n {
        for x in 0..n {
            if x == via {
                continue;
            }
            for y in 0..n {
                if y != x && y != via {
                    p[x][y] = p[x][y].max(p[x][via].min(p[via][y]));
                }
            }
        }
    }
    p
}

/// Orders options by how many others they beat; since "beats" is transitive, an option
/// beating more options is never beaten by one beating fewer.
fn rank(options: &[OptionId], p: &[Vec<u32>]) -> Vec<RankedOption> {
    let n = options.len();
    let mut ranked: Vec<RankedOption> = (0..n)
        .map(|x| RankedOption {
            option: options[x].clone(),
            rank: 0,
            beats: super::to_u32((0..n).filter(|&y| p[x][y] > p[y][x]).count()),
        })
        .collect();
    // Stable sort: options the method cannot separate keep the order they were given in.
    ranked.sort_by_key(|r| std::cmp::Reverse(r.beats));
    for position in 0..ranked.len() {
        ranked[position].rank = match position {
            0 => 1,
            _ if ranked[position].beats == ranked[position - 1].beats => ranked[position - 1].rank,
            _ => super::to_u32(position + 1),
        };
    }
    ranked
}

#[cfg(test)]
#[path = "ranked_tests.rs"]
mod tests;
