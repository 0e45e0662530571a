//! A group's governance bodies, the relations between them (the diagram's arrows) and who
//! sits on them. `service::bodies` checks who may change them and what is valid; here are
//! only the queries, written once for both databases.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BodyRow {
    pub id: i64,
    pub uuid: String,
    pub group_id: i64,
    pub name: String,
    pub kind: String,
    pub role: String,
    pub role_source: String,
    pub decides_how: String,
    pub decides_how_source: String,
    pub position: i64,
    pub created_at: i64,
    pub updated_at: Option<i64>,
}

/// What a moderator writes for a body; creates and updates alike.
#[derive(Debug, Clone)]
pub struct BodyFields {
    pub name: String,
    pub kind: String,
    pub role: String,
    pub role_source: String,
    pub decides_how: String,
    pub decides_how_source: String,
}

const COLUMNS: &str = "id, uuid, group_id, name, kind, role, role_source, decides_how, \
    decides_how_source, position, created_at, updated_at";

/// A new body goes last on the group's page.
pub async fn insert(
    tx: &mut Tx,
    uuid: &str,
    group_id: i64,
    f: &BodyFields,
) -> StorageResult<BodyRow> {
    let sql = format!(
        "INSERT INTO bodies (uuid, group_id, name, kind, role, role_source, decides_how, \
         decides_how_source, position, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
         (SELECT COALESCE(MAX(position), -1) + 1 FROM bodies WHERE group_id = $2), $9) \
         RETURNING {COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, BodyRow>(&sql)
        .bind(uuid)
        .bind(group_id)
        .bind(&f.name)
        .bind(&f.kind)
        .bind(&f.role)
        .bind(&f.role_source)
        .bind(&f.decides_how)
        .bind(&f.decides_how_source)
        .bind(now_millis())
        .fetch_one(c)
        .await)
}

pub async fn update(tx: &mut Tx, id: i64, f: &BodyFields) -> StorageResult<BodyRow> {
    let sql = format!(
        "UPDATE bodies SET name = $2, kind = $3, role = $4, role_source = $5, \
         decides_how = $6, decides_how_source = $7, updated_at = $8 WHERE id = $1 \
         RETURNING {COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, BodyRow>(&sql)
        .bind(id)
        .bind(&f.name)
        .bind(&f.kind)
        .bind(&f.role)
        .bind(&f.role_source)
        .bind(&f.decides_how)
        .bind(&f.decides_how_source)
        .bind(now_millis())
        .fetch_one(c)
        .await)
}

pub async fn set_position(tx: &mut Tx, id: i64, position: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE bodies SET position = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(position)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query("DELETE FROM bodies WHERE id = $1")
        .bind(id)
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

pub async fn by_uuid(tx: &mut Tx, uuid: &str) -> StorageResult<Option<BodyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM bodies WHERE uuid = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, BodyRow>(&sql)
        .bind(uuid)
        .fetch_optional(c)
        .await)
}

/// A group's bodies in the order of its governance page.
pub async fn in_group(tx: &mut Tx, group_id: i64) -> StorageResult<Vec<BodyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM bodies WHERE group_id = $1 ORDER BY position, id");
    on_conn!(tx, |c| sqlx::query_as::<_, BodyRow>(&sql)
        .bind(group_id)
        .fetch_all(c)
        .await)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RelationRow {
    pub from_body_id: i64,
    pub to_body_id: i64,
    pub kind: String,
}

/// Every relation between a group's bodies.
pub async fn relations_in_group(tx: &mut Tx, group_id: i64) -> StorageResult<Vec<RelationRow>> {
    let sql = "SELECT r.from_body_id, r.to_body_id, r.kind FROM body_relations r \
               JOIN bodies b ON b.id = r.from_body_id WHERE b.group_id = $1 \
               ORDER BY b.position, r.from_body_id, r.to_body_id, r.kind";
    on_conn!(tx, |c| sqlx::query_as::<_, RelationRow>(sql)
        .bind(group_id)
        .fetch_all(c)
        .await)
}

/// Replaces the relations going out of one body by `relations` (`(to_body_id, kind)`).
pub async fn replace_relations(
    tx: &mut Tx,
    from_body_id: i64,
    relations: &[(i64, String)],
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM body_relations WHERE from_body_id = $1"
    )
    .bind(from_body_id)
    .execute(c)
    .await
    .map(|_| ()))?;
    for (to, kind) in relations {
        on_conn!(tx, |c| sqlx::query(
            "INSERT INTO body_relations (from_body_id, to_body_id, kind) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING"
        )
        .bind(from_body_id)
        .bind(to)
        .bind(kind)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

/// A seat on a body, with the photo's uuid and, for a member of this node, their name here.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    pub id: i64,
    pub body_id: i64,
    pub actor_id: Option<i64>,
    pub name: String,
    pub office: Option<String>,
    pub mandate_start: Option<String>,
    pub mandate_end: Option<String>,
    pub photo_id: Option<i64>,
    pub position: i64,
    pub created_at: i64,
    pub photo_uuid: Option<String>,
    pub username: Option<String>,
}

/// What a moderator writes for a seat.
#[derive(Debug, Clone)]
pub struct MemberFields {
    pub actor_id: Option<i64>,
    pub name: String,
    pub office: Option<String>,
    pub mandate_start: Option<String>,
    pub mandate_end: Option<String>,
}

const MEMBER_SELECT: &str = "SELECT m.id, m.body_id, m.actor_id, m.name, m.office, \
    m.mandate_start, m.mandate_end, m.photo_id, m.position, m.created_at, \
    p.uuid AS photo_uuid, a.username AS username FROM body_members m \
    LEFT JOIN photos p ON p.id = m.photo_id \
    LEFT JOIN actors a ON a.id = m.actor_id AND a.local = TRUE AND a.deleted_at IS NULL";

/// A new seat goes last in its body's trombinoscope.
pub async fn insert_member(tx: &mut Tx, body_id: i64, f: &MemberFields) -> StorageResult<i64> {
    let sql = "INSERT INTO body_members (body_id, actor_id, name, office, mandate_start, \
               mandate_end, position, created_at) VALUES ($1, $2, $3, $4, $5, $6, \
               (SELECT COALESCE(MAX(position), -1) + 1 FROM body_members WHERE body_id = $1), \
               $7) RETURNING id";
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(sql)
        .bind(body_id)
        .bind(f.actor_id)
        .bind(&f.name)
        .bind(&f.office)
        .bind(&f.mandate_start)
        .bind(&f.mandate_end)
        .bind(now_millis())
        .fetch_one(c)
        .await)
}

pub async fn update_member(tx: &mut Tx, id: i64, f: &MemberFields) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE body_members SET actor_id = $2, name = $3, office = $4, mandate_start = $5, \
         mandate_end = $6 WHERE id = $1"
    )
    .bind(id)
    .bind(f.actor_id)
    .bind(&f.name)
    .bind(&f.office)
    .bind(&f.mandate_start)
    .bind(&f.mandate_end)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn set_member_photo(tx: &mut Tx, id: i64, photo_id: Option<i64>) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE body_members SET photo_id = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(photo_id)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn delete_member(tx: &mut Tx, id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM body_members WHERE id = $1"
    )
    .bind(id)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn member(tx: &mut Tx, id: i64) -> StorageResult<Option<MemberRow>> {
    let sql = format!("{MEMBER_SELECT} WHERE m.id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, MemberRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

/// The seats on all of a group's bodies, each body's in trombinoscope order.
pub async fn members_in_group(tx: &mut Tx, group_id: i64) -> StorageResult<Vec<MemberRow>> {
    let sql = format!(
        "{MEMBER_SELECT} JOIN bodies b ON b.id = m.body_id WHERE b.group_id = $1 \
         ORDER BY m.body_id, m.position, m.id"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, MemberRow>(&sql)
        .bind(group_id)
        .fetch_all(c)
        .await)
}
