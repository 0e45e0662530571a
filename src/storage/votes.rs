//! Votes: a group's colleges, each vote with the electorate frozen when it opened, the
//! ballots (one row per voter, replaced by a later ballot) and the stored result.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CollegeRow {
    pub id: i64,
    pub group_id: i64,
    pub name: String,
    pub weight: i64,
    pub members: i64,
}

/// Creates a college or changes its weight.
pub async fn upsert_college(
    tx: &mut Tx,
    group_id: i64,
    name: &str,
    weight: i64,
) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "INSERT INTO colleges (group_id, name, weight, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (group_id, name) DO UPDATE SET weight = excluded.weight RETURNING id"
    )
    .bind(group_id)
    .bind(name)
    .bind(weight)
    .bind(now_millis())
    .fetch_one(c)
    .await)
}

pub async fn colleges_of(tx: &mut Tx, group_id: i64) -> StorageResult<Vec<CollegeRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, CollegeRow>(
        "SELECT k.id, k.group_id, k.name, k.weight, \
         (SELECT COUNT(*) FROM college_members m WHERE m.college_id = k.id) AS members \
         FROM colleges k WHERE k.group_id = $1 ORDER BY k.weight DESC, k.name"
    )
    .bind(group_id)
    .fetch_all(c)
    .await)
}

/// Places a member in a college of the group (moving them out of any other).
pub async fn place_in_college(
    tx: &mut Tx,
    group_id: i64,
    actor_id: i64,
    college_id: i64,
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO college_members (group_id, actor_id, college_id) VALUES ($1, $2, $3) \
         ON CONFLICT (group_id, actor_id) DO UPDATE SET college_id = excluded.college_id"
    )
    .bind(group_id)
    .bind(actor_id)
    .bind(college_id)
    .execute(c)
    .await
    .map(|_| ()))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VoteRow {
    pub id: i64,
    pub ap_id: String,
    pub proposal_id: i64,
    pub spec: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub closed_at: Option<i64>,
    pub outcome: Option<String>,
    pub verdict: Option<String>,
    pub electorate_size: i64,
    pub ballots_count: i64,
    pub local: bool,
    pub created_at: i64,
}

const VOTE_COLUMNS: &str = "id, ap_id, proposal_id, spec, opens_at, closes_at, closed_at, \
    outcome, verdict, electorate_size, ballots_count, local, created_at";

pub async fn insert_vote(
    tx: &mut Tx,
    ap_id: &str,
    proposal_id: i64,
    spec_json: &str,
    opens_at: i64,
    closes_at: i64,
    local: bool,
) -> StorageResult<VoteRow> {
    let sql = format!(
        "INSERT INTO votes (ap_id, proposal_id, spec, opens_at, closes_at, electorate_size, \
         local, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7) RETURNING {VOTE_COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, VoteRow>(&sql)
        .bind(ap_id)
        .bind(proposal_id)
        .bind(spec_json)
        .bind(opens_at)
        .bind(closes_at)
        .bind(local)
        .bind(now_millis())
        .fetch_one(c)
        .await)
}

/// A vote counted on another node, as its group last described it.
#[derive(Debug, Clone)]
pub struct RemoteVote {
    pub ap_id: String,
    pub proposal_id: i64,
    pub spec_json: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub closed_at: Option<i64>,
    pub outcome_json: Option<String>,
    pub verdict: Option<String>,
    pub electorate_size: i64,
    pub voters: i64,
}

/// Inserts or refreshes a remote vote. A closed vote is final: later copies change nothing;
/// a local vote is never touched.
pub async fn upsert_remote_vote(tx: &mut Tx, v: &RemoteVote) -> StorageResult<Option<VoteRow>> {
    let sql = format!(
        "INSERT INTO votes (ap_id, proposal_id, spec, opens_at, closes_at, closed_at, outcome, \
         verdict, electorate_size, ballots_count, local, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, FALSE, $11) \
         ON CONFLICT (ap_id) DO UPDATE SET spec = excluded.spec, opens_at = excluded.opens_at, \
         closes_at = excluded.closes_at, closed_at = excluded.closed_at, \
         outcome = excluded.outcome, verdict = excluded.verdict, \
         electorate_size = excluded.electorate_size, ballots_count = excluded.ballots_count \
         WHERE votes.local = FALSE AND votes.closed_at IS NULL \
         AND votes.proposal_id = excluded.proposal_id \
         RETURNING {VOTE_COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, VoteRow>(&sql)
        .bind(&v.ap_id)
        .bind(v.proposal_id)
        .bind(&v.spec_json)
        .bind(v.opens_at)
        .bind(v.closes_at)
        .bind(v.closed_at)
        .bind(&v.outcome_json)
        .bind(&v.verdict)
        .bind(v.electorate_size)
        .bind(v.voters)
        .bind(now_millis())
        .fetch_optional(c)
        .await)
}

/// Writes a voter's ballot row, replacing their earlier one (counted in `replaced`); `true`
/// for a first ballot. It leaves the vote's count alone: [`upsert_ballot`] adds to it for votes
/// counted here, while for a vote counted elsewhere the row is the copy a member here sent,
/// and the count is the one the vote's own node reports.
pub async fn write_ballot_row(
    tx: &mut Tx,
    vote_id: i64,
    voter_id: i64,
    ap_id: &str,
    choice_json: &str,
) -> StorageResult<bool> {
    let replaced = on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "INSERT INTO ballots (vote_id, voter_id, ap_id, choice, cast_at, replaced) \
         VALUES ($1, $2, $3, $4, $5, 0) \
         ON CONFLICT (vote_id, voter_id) DO UPDATE SET ap_id = excluded.ap_id, \
         choice = excluded.choice, cast_at = excluded.cast_at, replaced = ballots.replaced + 1 \
         RETURNING replaced"
    )
    .bind(vote_id)
    .bind(voter_id)
    .bind(ap_id)
    .bind(choice_json)
    .bind(now_millis())
    .fetch_one(c)
    .await)?;
    Ok(replaced == 0)
}

/// Freezes the electorate of a vote: the group's accepted members (people, not groups)
/// now, with their college. With `colleges_only`, members in no college are left out.
/// A network's votes also count the people of its member groups, each once (they have no
/// college of the network, so a vote by colleges leaves them out).
/// Returns the number of electors.
pub async fn freeze_electorate(
    tx: &mut Tx,
    vote_id: i64,
    group: &super::actors::ActorRow,
    colleges_only: bool,
) -> StorageResult<i64> {
    let group_id = group.id;
    let filter = if colleges_only {
        "AND k.name IS NOT NULL"
    } else {
        ""
    };
    let sql = format!(
        "INSERT INTO vote_electorate (vote_id, actor_id, college) \
         SELECT $1, a.id, k.name FROM follows f \
         JOIN actors a ON a.id = f.follower_id \
         LEFT JOIN college_members m ON m.group_id = f.followed_id AND m.actor_id = a.id \
         LEFT JOIN colleges k ON k.id = m.college_id \
         WHERE f.followed_id = $2 AND f.state = 'accepted' AND a.kind = 'person' \
         AND a.deleted_at IS NULL {filter}"
    );
    let inserted = on_conn!(tx, |c| sqlx::query(&sql)
        .bind(vote_id)
        .bind(group_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    let mut size = i64::try_from(inserted).unwrap_or(i64::MAX);
    if group.network && !colleges_only {
        let through_groups =
            super::networks::freeze_member_groups_electorate(tx, vote_id, group_id).await?;
        size = size.saturating_add(i64::try_from(through_groups).unwrap_or(i64::MAX));
    }
    on_conn!(tx, |c| sqlx::query(
        "UPDATE votes SET electorate_size = $2 WHERE id = $1"
    )
    .bind(vote_id)
    .bind(size)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(size)
}

pub async fn vote_by_id(tx: &mut Tx, id: i64) -> StorageResult<Option<VoteRow>> {
    let sql = format!("SELECT {VOTE_COLUMNS} FROM votes WHERE id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, VoteRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

pub async fn vote_by_ap_id(tx: &mut Tx, ap_id: &str) -> StorageResult<Option<VoteRow>> {
    let sql = format!("SELECT {VOTE_COLUMNS} FROM votes WHERE ap_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, VoteRow>(&sql)
        .bind(ap_id)
        .fetch_optional(c)
        .await)
}

/// The votes held on a proposal, latest first.
pub async fn votes_of_proposal(tx: &mut Tx, proposal_id: i64) -> StorageResult<Vec<VoteRow>> {
    let sql = format!(
        "SELECT {VOTE_COLUMNS} FROM votes WHERE proposal_id = $1 ORDER BY created_at DESC, id DESC"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, VoteRow>(&sql)
        .bind(proposal_id)
        .fetch_all(c)
        .await)
}

/// Local votes whose closing time has passed and that are not closed yet.
pub async fn due_to_close(tx: &mut Tx, now: i64, limit: i64) -> StorageResult<Vec<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT id FROM votes WHERE closed_at IS NULL AND local = TRUE AND closes_at <= $1 \
         ORDER BY closes_at LIMIT $2"
    )
    .bind(now)
    .bind(limit)
    .fetch_all(c)
    .await)
}

/// The soonest closing time of an open local vote, to sleep until then.
pub async fn next_closing(tx: &mut Tx) -> StorageResult<Option<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, Option<i64>>(
        "SELECT MIN(closes_at) FROM votes WHERE closed_at IS NULL AND local = TRUE"
    )
    .fetch_one(c)
    .await)
}

/// Stores the result and closes the vote; `false` when another process closed it first.
pub async fn close_vote(
    tx: &mut Tx,
    id: i64,
    outcome_json: &str,
    verdict: &str,
) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE votes SET closed_at = $2, outcome = $3, verdict = $4 \
         WHERE id = $1 AND closed_at IS NULL"
    )
    .bind(id)
    .bind(now_millis())
    .bind(outcome_json)
    .bind(verdict)
    .execute(c)
    .await
    .map(|r| r.rows_affected() == 1))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ElectorRow {
    pub actor_id: i64,
    pub ap_id: String,
    pub college: Option<String>,
}

pub async fn electorate(tx: &mut Tx, vote_id: i64) -> StorageResult<Vec<ElectorRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, ElectorRow>(
        "SELECT e.actor_id, a.ap_id, e.college FROM vote_electorate e \
         JOIN actors a ON a.id = e.actor_id WHERE e.vote_id = $1 ORDER BY a.ap_id"
    )
    .bind(vote_id)
    .fetch_all(c)
    .await)
}

pub async fn elector(
    tx: &mut Tx,
    vote_id: i64,
    actor_id: i64,
) -> StorageResult<Option<ElectorRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, ElectorRow>(
        "SELECT e.actor_id, a.ap_id, e.college FROM vote_electorate e \
         JOIN actors a ON a.id = e.actor_id WHERE e.vote_id = $1 AND e.actor_id = $2"
    )
    .bind(vote_id)
    .bind(actor_id)
    .fetch_optional(c)
    .await)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BallotRow {
    pub voter_id: i64,
    pub voter_ap_id: String,
    pub voter_username: String,
    pub voter_domain: String,
    pub ap_id: String,
    pub choice: String,
    pub cast_at: i64,
    pub replaced: i64,
}

/// Stores a member's ballot, replacing their earlier one (counted in `replaced`).
/// Returns `true` for a first ballot, `false` for a replacement.
pub async fn upsert_ballot(
    tx: &mut Tx,
    vote_id: i64,
    voter_id: i64,
    ap_id: &str,
    choice_json: &str,
) -> StorageResult<bool> {
    let first = write_ballot_row(tx, vote_id, voter_id, ap_id, choice_json).await?;
    if first {
        on_conn!(tx, |c| sqlx::query(
            "UPDATE votes SET ballots_count = ballots_count + 1 WHERE id = $1"
        )
        .bind(vote_id)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(first)
}

/// The ballots of a vote, ordered by voter id (the order of the published roll).
pub async fn ballots(tx: &mut Tx, vote_id: i64) -> StorageResult<Vec<BallotRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, BallotRow>(
        "SELECT b.voter_id, a.ap_id AS voter_ap_id, a.username AS voter_username, \
         a.domain AS voter_domain, b.ap_id, b.choice, b.cast_at, b.replaced \
         FROM ballots b JOIN actors a ON a.id = b.voter_id WHERE b.vote_id = $1 ORDER BY a.ap_id"
    )
    .bind(vote_id)
    .fetch_all(c)
    .await)
}

pub async fn ballot_of(
    tx: &mut Tx,
    vote_id: i64,
    voter_id: i64,
) -> StorageResult<Option<BallotRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, BallotRow>(
        "SELECT b.voter_id, a.ap_id AS voter_ap_id, a.username AS voter_username, \
         a.domain AS voter_domain, b.ap_id, b.choice, b.cast_at, b.replaced \
         FROM ballots b JOIN actors a ON a.id = b.voter_id \
         WHERE b.vote_id = $1 AND b.voter_id = $2"
    )
    .bind(vote_id)
    .bind(voter_id)
    .fetch_optional(c)
    .await)
}

/// A closed vote with what the decision archive shows beside it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DecisionListing {
    pub vote_id: i64,
    pub vote_ap_id: String,
    pub proposal_id: i64,
    pub proposal_title: String,
    pub proposal_state: String,
    pub process_id: i64,
    pub process_title: String,
    pub participation: String,
    pub verdict: String,
    pub electorate_size: i64,
    pub ballots_count: i64,
    pub closed_at: i64,
    pub spec: String,
    pub outcome: String,
}

/// The decision archive of a group: closed votes, newest first, optionally filtered by
/// words in the title and by verdict.
pub async fn decisions_of_group(
    tx: &mut Tx,
    group_id: i64,
    query: Option<&str>,
    verdict: Option<&str>,
) -> StorageResult<Vec<DecisionListing>> {
    let pattern = query.map(|q| format!("%{}%", q.to_lowercase()));
    on_conn!(tx, |c| sqlx::query_as::<_, DecisionListing>(
        "SELECT v.id AS vote_id, v.ap_id AS vote_ap_id, p.id AS proposal_id, \
         p.title AS proposal_title, p.state AS proposal_state, r.id AS process_id, \
         r.title AS process_title, r.participation, v.verdict, v.electorate_size, \
         v.ballots_count, v.closed_at, v.spec, v.outcome \
         FROM votes v JOIN proposals p ON p.id = v.proposal_id \
         JOIN processes r ON r.id = p.process_id \
         WHERE r.group_id = $1 AND v.closed_at IS NOT NULL \
         AND ($2 IS NULL OR LOWER(p.title) LIKE $2 OR LOWER(r.title) LIKE $2) \
         AND ($3 IS NULL OR v.verdict = $3) \
         ORDER BY v.closed_at DESC, v.id DESC"
    )
    .bind(group_id)
    .bind(pattern)
    .bind(verdict)
    .fetch_all(c)
    .await)
}
