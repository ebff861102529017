//! Accounts, their grants, sessions and login throttling. Passwords are kept as
//! argon2id hashes; session tokens are kept only as SHA-256 hashes, so a copy of the
//! database does not let anyone sign in.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use foorumi_core::permissions::{self, Action, Actor, Object};
use foorumi_core::{FieldError, Grant, Id, text};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::audit::{self, Author, Change};
use crate::{Error, Result, Store};

/// How long a session lasts without signing in again.
pub const SESSION_HOURS: i64 = 12;
/// Failed logins allowed per key (account, address) in the throttle window.
pub const MAX_FAILURES: i64 = 5;
pub const THROTTLE_MINUTES: i64 = 15;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct User {
    pub id: Id,
    pub email: String,
    pub display_name: String,
    pub person_id: Option<Id>,
    pub instance_admin: bool,
    pub grants: Vec<Grant>,
    pub version: i64,
}

/// A new account, from the CLI or an administrator's form.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub person_id: Option<Id>,
    pub instance_admin: bool,
    pub grants: Vec<Grant>,
}

fn argon2() -> Argon2<'static> {
    // OWASP's argon2id minimum: 19 MiB, 2 iterations, 1 lane.
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters"))
}

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    argon2().hash_password(password.as_bytes(), &salt).expect("argon2 hashes any password").to_string()
}

/// A hash no password matches, checked when the account does not exist.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&random_token()))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn validate_new_user(user: &NewUser) -> Result<()> {
    let mut errors = Vec::new();
    if !text::is_email(&user.email) {
        errors.push(FieldError::new("email", "error-contact-email"));
    }
    if user.display_name.trim().is_empty() {
        errors.push(FieldError::new("display_name", "error-required"));
    }
    if user.password.chars().count() < 12 {
        errors.push(FieldError::new("password", "error-password-short"));
    }
    if errors.is_empty() { Ok(()) } else { Err(Error::Invalid(errors)) }
}

/// Creates an account. `actor` must administer every region the grants name (the CLI
/// acts as an instance administrator).
pub async fn create_user(store: &Store, actor: &Actor, author: &Author, user: NewUser) -> Result<User> {
    validate_new_user(&user)?;
    for grant in &user.grants {
        if !permissions::allowed(actor, Action::Create, Object::Account { region: grant.region_id }) {
            return Err(Error::Forbidden);
        }
    }
    if user.grants.is_empty() && !actor.instance_admin && actor.region_admin.is_empty() {
        return Err(Error::Forbidden);
    }
    let mut tx = store.write().await?;
    let row = sqlx::query(
        "INSERT INTO users (email, display_name, password_hash, person_id, instance_admin, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user.email.trim().to_lowercase())
    .bind(user.display_name.trim().to_owned())
    .bind(hash_password(&user.password))
    .bind(user.person_id)
    .bind(i64::from(user.instance_admin))
    .bind(crate::now_text())
    .fetch_one(&mut *tx)
    .await?;
    let id: Id = row.try_get("id")?;
    for grant in &user.grants {
        sqlx::query("INSERT INTO grants (user_id, region_id, party_id) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(grant.region_id)
            .bind(grant.party_id)
            .execute(&mut *tx)
            .await?;
    }
    let created = load_user(&mut tx, id).await?.ok_or(Error::NotFound)?;
    let region_id = created.grants.first().map(|g| g.region_id);
    audit::record(
        &mut tx,
        author,
        Change { action: "create", entity: "user", entity_id: id, region_id, before: None, after: Some(&created) },
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

async fn load_user(conn: &mut sqlx::AnyConnection, id: Id) -> Result<Option<User>> {
    let Some(row) = sqlx::query("SELECT id, email, display_name, person_id, instance_admin, version FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let grants = sqlx::query("SELECT region_id, party_id FROM grants WHERE user_id = $1 ORDER BY region_id, party_id")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|g| Ok(Grant { region_id: g.try_get("region_id")?, party_id: g.try_get("party_id")? }))
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        person_id: row.try_get("person_id")?,
        instance_admin: row.try_get::<i64, _>("instance_admin")? != 0,
        grants,
        version: row.try_get("version")?,
    }))
}

/// Accounts that hold a grant in a region, for its administrators.
pub async fn users_of_region(store: &Store, region_id: Id) -> Result<Vec<User>> {
    let mut conn = store.pool().acquire().await?;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT DISTINCT user_id FROM grants WHERE region_id = $1 ORDER BY user_id")
        .bind(region_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut users = Vec::new();
    for id in ids {
        users.extend(load_user(&mut conn, id).await?);
    }
    Ok(users)
}

/// Why a login did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginError {
    /// Wrong e-mail or password (never saying which).
    BadCredentials,
    /// Too many failures lately for this account or address.
    Throttled,
}

/// A signed-in session: the cookie value and the CSRF token for its forms.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

/// Checks e-mail and password, throttled per account and per client address; the one
/// check behind both the login form and the API's Basic authentication.
pub async fn check_credentials(store: &Store, email: &str, password: &str, client: &str) -> Result<std::result::Result<Id, LoginError>> {
    let email = email.trim().to_lowercase();
    let keys = [format!("account:{email}"), format!("client:{client}")];
    let since = (chrono::Utc::now() - chrono::Duration::minutes(THROTTLE_MINUTES)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    for key in &keys {
        let failures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1 AND at > $2")
            .bind(key)
            .bind(&since)
            .fetch_one(store.pool())
            .await?;
        if failures >= MAX_FAILURES {
            return Ok(Err(LoginError::Throttled));
        }
    }
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1").bind(&email).fetch_optional(store.pool()).await?;
    // An unknown account costs the same hash check as a known one, so timing does not tell
    // which e-mail addresses have accounts.
    let (user_id, hash) = match &row {
        Some(row) => (Some(row.try_get::<i64, _>("id")?), row.try_get::<String, _>("password_hash")?),
        None => (None, dummy_hash().to_owned()),
    };
    let password_ok = verify_password(password, &hash);
    match user_id {
        Some(id) if password_ok => {
            sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1").bind(&keys[0]).execute(store.pool()).await?;
            Ok(Ok(id))
        }
        _ => {
            for key in &keys {
                sqlx::query("INSERT INTO login_failures (throttle_key, at) VALUES ($1, $2)")
                    .bind(key)
                    .bind(crate::now_text())
                    .execute(store.pool())
                    .await?;
            }
            Ok(Err(LoginError::BadCredentials))
        }
    }
}

/// Signs in: checks the credentials and opens a session.
pub async fn login(store: &Store, email: &str, password: &str, client: &str) -> Result<std::result::Result<NewSession, LoginError>> {
    let user_id = match check_credentials(store, email, password, client).await? {
        Ok(id) => id,
        Err(err) => return Ok(Err(err)),
    };
    let session = NewSession { token: random_token(), csrf_token: random_token() };
    let expires = (chrono::Utc::now() + chrono::Duration::hours(SESSION_HOURS)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash(&session.token))
        .bind(user_id)
        .bind(&session.csrf_token)
        .bind(crate::now_text())
        .bind(expires)
        .execute(store.pool())
        .await?;
    Ok(Ok(session))
}

pub async fn logout(store: &Store, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token)).execute(store.pool()).await?;
    Ok(())
}

/// The signed-in user behind a session cookie, with the CSRF token of the session and the
/// roles resolved for today.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub actor: Actor,
}

pub async fn session(store: &Store, token: &str) -> Result<Option<Session>> {
    let mut conn = store.pool().acquire().await?;
    let Some(row) = sqlx::query("SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let expires: String = row.try_get("expires_at")?;
    if expires < crate::now_text() {
        return Ok(None);
    }
    let Some(user) = load_user(&mut conn, row.try_get("user_id")?).await? else { return Ok(None) };
    let actor = actor_for(&mut conn, &user).await?;
    Ok(Some(Session { user, csrf_token: row.try_get("csrf_token")?, actor }))
}

/// The account behind an e-mail and password, with its roles for today (the API's Basic
/// authentication), throttled as the login form is.
pub async fn actor_by_credentials(
    store: &Store,
    email: &str,
    password: &str,
    client: &str,
) -> Result<std::result::Result<(User, Actor), LoginError>> {
    let user_id = match check_credentials(store, email, password, client).await? {
        Ok(id) => id,
        Err(err) => return Ok(Err(err)),
    };
    let mut conn = store.pool().acquire().await?;
    let user = load_user(&mut conn, user_id).await?.ok_or(Error::NotFound)?;
    let actor = actor_for(&mut conn, &user).await?;
    Ok(Ok((user, actor)))
}

/// Resolves roles: grants as given; secretary and member through the seats the user's
/// person holds today, directly or through a post they hold today.
async fn actor_for(conn: &mut sqlx::AnyConnection, user: &User) -> Result<Actor> {
    let mut actor = Actor {
        user_id: Some(user.id),
        instance_admin: user.instance_admin,
        region_admin: user.grants.iter().filter(|g| g.party_id.is_none()).map(|g| g.region_id).collect(),
        party_admin: user.grants.iter().filter_map(|g| g.party_id).collect(),
        person_id: user.person_id,
        ..Actor::default()
    };
    if let Some(person_id) = user.person_id {
        let today = crate::today().format("%Y-%m-%d").to_string();
        let rows = sqlx::query(
            "SELECT s.forum_id, s.role, f.region_id FROM seats s JOIN forums f ON f.id = s.forum_id \
             WHERE s.status = 'active' AND s.start_date <= $1 AND s.end_date >= $1 \
             AND (s.person_id = $2 OR s.post_id IN (SELECT h.post_id FROM holdings h \
                  WHERE h.person_id = $2 AND h.start_date <= $1 AND (h.end_date IS NULL OR h.end_date >= $1)))",
        )
        .bind(&today)
        .bind(person_id)
        .fetch_all(&mut *conn)
        .await?;
        for row in rows {
            let forum: Id = row.try_get("forum_id")?;
            let role: String = row.try_get("role")?;
            if role == "secretary" {
                actor.secretary_of.push(forum);
                let region: Id = row.try_get("region_id")?;
                if !actor.secretary_in.contains(&region) {
                    actor.secretary_in.push(region);
                }
            }
            actor.member_of.push(forum);
        }
    }
    Ok(actor)
}

/// Removes expired sessions and old login failures.
pub async fn sweep(store: &Store) -> Result<()> {
    let now = crate::now_text();
    sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(&now).execute(store.pool()).await?;
    let since = (chrono::Utc::now() - chrono::Duration::minutes(THROTTLE_MINUTES)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(since).execute(store.pool()).await?;
    Ok(())
}
