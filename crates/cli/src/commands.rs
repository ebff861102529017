//! What each subcommand does, over the store and the web crate.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use foorumi_core::permissions::Actor;
use foorumi_core::{Grant, Party, Person};
use foorumi_store::accounts::{self, NewUser};
use foorumi_store::audit::{self, Author, Verdict};
use foorumi_store::{Store, records, register_file, views};

use crate::config::{self, Settings};
use crate::{demo, scale};

/// Renders an error and its causes on one line; the store's errors say which field and
/// which rule.
pub fn describe(err: &anyhow::Error) -> String {
    let mut parts = Vec::new();
    for cause in err.chain() {
        match cause.downcast_ref::<foorumi_store::Error>() {
            Some(store_error) => {
                parts.push(describe_store_error(store_error));
                break;
            }
            None => parts.push(cause.to_string()),
        }
    }
    parts.join(": ")
}

pub fn describe_store_error(err: &foorumi_store::Error) -> String {
    use foorumi_store::Error::*;
    match err {
        Invalid(list) => {
            let fields: Vec<String> = list.iter().map(|e| format!("{} ({})", e.field, e.code)).collect();
            format!("invalid input: {}", fields.join(", "))
        }
        Conflict { field: Some(field), code } => format!("conflict: {field} is already taken ({code})"),
        Conflict { field: None, code } => format!("conflict: the record is still referred to ({code})"),
        other => other.to_string(),
    }
}

/// A database URL fit for printing: the password of a PostgreSQL URL left out.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _password)) => format!("{}://{user}:***@{}", &url[..scheme_end], &url[at + 1..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

async fn open(url: &str, max_connections: u32) -> Result<Store> {
    config::prepare_database_dir(url)?;
    Store::open(url, max_connections).await.with_context(|| format!("cannot open database {}", redact(url)))
}

async fn serve_store(store: Store, settings: &Settings, path_hint: &str) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(&settings.bind).await.with_context(|| format!("cannot listen on {}", settings.bind))?;
    let address = listener.local_addr()?;
    let config = foorumi_web::Config { attachments: Some(attachments(settings)?), ..web_config(settings) };
    // A bad smtp_url stops the start, before anything is served.
    let worker = tokio::spawn(outbox_worker(store.clone(), settings, config.clone())?);
    println!("Foorumi is serving at http://{address}{path_hint} (Ctrl-C stops)");
    let router = foorumi_web::router(store.clone(), config);
    let served = foorumi_web::serve(listener, router).await.context("server stopped");
    worker.abort();
    served?;
    store.close().await;
    Ok(())
}

/// The attachment store the settings name, opened once per process.
fn attachments(settings: &Settings) -> Result<foorumi_files::BlobStore> {
    foorumi_files::BlobStore::open(&settings.attachments).with_context(|| format!("attachments {}", settings.attachments))
}

pub fn web_config(settings: &Settings) -> foorumi_web::Config {
    foorumi_web::Config {
        secure_cookies: settings.secure_cookies,
        page_cache: settings.page_cache,
        mail_enabled: settings.smtp_url.is_some(),
        mail_from: settings.mail_from.clone(),
        public_url: settings.public_url.clone(),
        reminder_days: settings.reminder_days,
        attachment_max_bytes: settings.attachment_max_bytes,
        ..foorumi_web::Config::default()
    }
}

/// How often the outbox worker queues due reminders and cancellations, sends due mail and
/// takes expired personal data out of published records.
const OUTBOX_INTERVAL: std::time::Duration = std::time::Duration::from_secs(30);

/// The outbox worker of this node (each node runs one; the outbox hands each message to
/// one of them). Without `smtp_url` it still queues reminders and cancellations.
fn outbox_worker(store: Store, settings: &Settings, config: foorumi_web::Config) -> Result<impl Future<Output = ()> + use<>> {
    let mailer = match &settings.smtp_url {
        Some(url) => Some(foorumi_mail::Mailer::new(url, &settings.mail_from).with_context(|| format!("smtp_url {}", redact(url)))?),
        None => {
            println!("No smtp_url is set: e-mail is queued in the database and not sent.");
            None
        }
    };
    let scheduled = store.clone();
    Ok(foorumi_mail::run_outbox(store, mailer, OUTBOX_INTERVAL, move || {
        let store = scheduled.clone();
        let config = config.clone();
        async move {
            if let Err(err) = foorumi_web::mail::schedule(&store, &config, foorumi_store::today()).await {
                tracing::error!(%err, "queueing reminders and cancellations failed");
            }
            // Personal data leave published records on their day (R1.4).
            if let Err(err) = foorumi_store::record_publication::remove_expired_personal_data(&store, foorumi_store::today()).await {
                tracing::error!(%err, "removing expired personal data failed");
            }
        }
    }))
}

pub async fn serve(settings: &Settings) -> Result<()> {
    let store = open(&settings.database_url, settings.max_connections).await?;
    serve_store(store, settings, "/").await
}

pub async fn demo(settings: &Settings, data_dir: &Path, then_serve: bool) -> Result<()> {
    std::fs::create_dir_all(data_dir).with_context(|| format!("cannot create {}", data_dir.display()))?;
    let path = data_dir.join("demo.sqlite");
    demo::remove_database(&path)?;
    let url = format!("sqlite://{}", path.display());
    let store = open(&url, settings.max_connections).await?;
    let started = Instant::now();
    let built = demo::build_register(&store).await.context("building the demo region")?;
    let meetings = demo::write_meetings(&store, built.region_id, foorumi_store::today()).await.context("planning the demo meetings")?;
    demo::create_accounts(&store, built.region_id).await?;
    // The demo's attachments live beside its database and start afresh with it.
    let attachments_dir = data_dir.join("attachments");
    if attachments_dir.exists() {
        std::fs::remove_dir_all(&attachments_dir).with_context(|| format!("cannot remove {}", attachments_dir.display()))?;
    }
    let settings = &Settings { attachments: attachments_dir.display().to_string(), ..settings.clone() };
    crate::demo_agendas::write_forum_lists(&store, built.region_id).await?;
    // The held meetings' records come before the next agendas, whose § numbers follow theirs.
    let records =
        crate::demo_minutes::write_minutes(&store, built.region_id, foorumi_store::today()).await.context("writing the demo minutes")?;
    let (items, proposals) = crate::demo_agendas::write_agendas(&store, &attachments(settings)?, built.region_id, foorumi_store::today())
        .await
        .context("writing the demo agendas")?;
    crate::demo_cooperation::write_cooperation(&store, built.region_id, foorumi_store::today())
        .await
        .context("writing the demo responsibilities, disagreements and cooperation protocol")?;
    crate::demo_picture::write_picture(&store, built.region_id, foorumi_store::today())
        .await
        .context("writing the demo situational picture")?;
    let (goals, report_item) = crate::demo_goals::write_goals(&store, &attachments(settings)?, built.region_id, foorumi_store::today())
        .await
        .context("writing the demo council-term goals")?;
    match report_item {
        Some(item) => println!(
            "  council-term goals: {goals} goals with measures, targets and statuses; follow-up report attached to agenda item {item}"
        ),
        None => println!("  council-term goals: {goals} goals with measures, targets and statuses"),
    }
    // The chairs' forum's memo of the meeting that assessed the goals and established the picture.
    let chairs_memo = crate::demo_minutes::write_chairs_memo(&store, built.region_id, foorumi_store::today())
        .await
        .context("writing the chairs' forum's memo")?;
    let records = records + usize::from(chairs_memo.is_some());
    crate::demo_wellbeing::write_wellbeing(&store, built.region_id, foorumi_store::today())
        .await
        .context("writing the demo wellbeing reporting and preparedness workspaces")?;
    println!("Demo region Päijät-Häme (07) written to {} in {:.1} s:", path.display(), started.elapsed().as_secs_f64());
    println!(
        "  {}, {meetings} meetings in 2025–2026, {records} records of held meetings, {items} agenda items, {proposals} item proposals",
        built.counts
    );
    println!("Demo accounts, all with the password {}:", demo::DEMO_PASSWORD);
    for account in demo::ACCOUNTS {
        println!("  {:<24} {}", account.email, account.role);
    }
    if then_serve {
        serve_store(store, settings, &format!("/regions/{}", demo::REGION_CODE)).await?;
    }
    Ok(())
}

pub async fn migrate(settings: &Settings) -> Result<()> {
    let store = open(&settings.database_url, 1).await?;
    store.close().await;
    println!("database is up to date: {}", redact(&settings.database_url));
    Ok(())
}

/// A role to grant a new account: region administrator (`party` None) or administrator
/// of the party with that official code.
#[derive(Debug, Clone)]
pub struct RoleGrant {
    pub region: String,
    pub party: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UserRequest {
    pub email: String,
    pub name: String,
    pub password: String,
    pub role: Option<RoleGrant>,
    pub instance_admin: bool,
    pub person: Option<i64>,
}

/// The password from the named environment variable, or the first line of standard input.
pub fn read_password(env_var: Option<&str>) -> Result<String> {
    if let Some(name) = env_var {
        return std::env::var(name).map_err(|_| anyhow!("environment variable {name} is not set"));
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password (at least 12 characters; it is shown as you type — prefer --password-env): ");
        std::io::stderr().flush().ok();
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.is_empty() {
        bail!("no password given: use --password-env VAR or write it to standard input");
    }
    Ok(password)
}

pub async fn user_add(settings: &Settings, request: UserRequest) -> Result<()> {
    let store = open(&settings.database_url, 2).await?;
    let mut grants = Vec::new();
    if let Some(role) = &request.role {
        let code = foorumi_core::text::pad_two_digit_code(&role.region).ok_or_else(|| anyhow!("bad region code {:?}", role.region))?;
        let region = match views::region_by_code(&store, &code).await {
            Err(foorumi_store::Error::NotFound) => bail!("no region {code}"),
            other => other?,
        };
        let party_id = match &role.party {
            None => None,
            Some(party_code) => Some(find_party(&store, region.id, party_code).await?.id),
        };
        grants.push(Grant { region_id: region.id, party_id });
    }
    if let Some(person_id) = request.person {
        match records::get::<Person>(&store, person_id).await {
            Err(foorumi_store::Error::NotFound) => bail!("no person with id {person_id}"),
            other => {
                other?;
            }
        }
    }
    let actor = Actor { instance_admin: true, ..Actor::default() };
    let user = accounts::create_user(
        &store,
        &actor,
        &Author::system("cli"),
        NewUser {
            email: request.email,
            display_name: request.name,
            password: request.password,
            person_id: request.person,
            instance_admin: request.instance_admin,
            grants,
        },
    )
    .await?;
    println!("created account {} (id {})", user.email, user.id);
    Ok(())
}

async fn find_party(store: &Store, region_id: i64, code: &str) -> Result<Party> {
    let mut conn = store.pool().acquire().await?;
    let parties: Vec<Party> = records::all(&mut conn, region_id).await?;
    let padded = foorumi_core::text::pad_municipality_code(code);
    let matches: Vec<Party> =
        parties.into_iter().filter(|p| p.input.code.as_deref().is_some_and(|c| c == code || Some(c) == padded.as_deref())).collect();
    match matches.len() {
        0 => bail!("no party with code {code} in the region"),
        1 => Ok(matches.into_iter().next().expect("one")),
        _ => bail!("several parties have code {code}; it is ambiguous"),
    }
}

pub async fn import_register(settings: &Settings, file: &Path) -> Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let parsed = register_file::parse(&text).with_context(|| file.display().to_string())?;
    let store = open(&settings.database_url, 2).await?;
    let count = register_file::import(&store, parsed).await.with_context(|| file.display().to_string())?;
    println!("imported {count} records from {}", file.display());
    Ok(())
}

/// The register as pretty JSON with a final newline; importing it and exporting again
/// gives the same text.
pub async fn export_text(store: &Store) -> Result<String> {
    let file = register_file::export(store).await?;
    let mut text = serde_json::to_string_pretty(&file)?;
    text.push('\n');
    Ok(text)
}

pub async fn export_register(settings: &Settings, out: Option<&Path>) -> Result<()> {
    let store = open(&settings.database_url, 2).await?;
    let text = export_text(&store).await?;
    match out {
        Some(path) => {
            std::fs::write(path, &text).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("exported the register to {}", path.display());
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}

pub async fn audit_verify(settings: &Settings) -> Result<ExitCode> {
    let store = open(&settings.database_url, 1).await?;
    let (line, code) = verdict_line(audit::verify(&store).await?);
    println!("{line}");
    Ok(code)
}

pub fn verdict_line(verdict: Verdict) -> (String, ExitCode) {
    match verdict {
        Verdict::Intact { entries } => (format!("intact: {entries} entries"), ExitCode::SUCCESS),
        Verdict::Tampered { seq } => (format!("tampered: entry {seq} does not match its hash or its predecessor"), ExitCode::FAILURE),
        Verdict::Missing { seq } => (format!("missing: entry {seq} is gone from the log"), ExitCode::FAILURE),
    }
}

pub async fn plan(settings: &Settings, years: std::ops::RangeInclusive<i32>, region: Option<&str>) -> Result<()> {
    for year in [*years.start(), *years.end()] {
        anyhow::ensure!((2000..=2100).contains(&year), "years must be between 2000 and 2100, not {year}");
    }
    anyhow::ensure!(!years.is_empty(), "--to-year comes before --year");
    let store = open(&settings.database_url, 2).await?;
    let regions = foorumi_store::views::regions(&store).await?;
    let chosen: Vec<_> = regions.iter().filter(|r| region.is_none_or(|code| r.input.code == code)).collect();
    anyhow::ensure!(!chosen.is_empty(), "no region {}", region.unwrap_or("at all"));
    let actor = foorumi_core::permissions::Actor { instance_admin: true, ..Default::default() };
    let author = foorumi_store::audit::Author::system("cli");
    let started = Instant::now();
    let mut total = foorumi_store::meetings::PlanOutcome::default();
    for year in years.clone() {
        for region in &chosen {
            let outcome = foorumi_store::meetings::generate_plan(&store, &actor, &author, region.id, year, None).await?;
            total.created += outcome.created;
            total.removed += outcome.removed;
            total.kept += outcome.kept;
        }
    }
    println!(
        "plan {}–{}: {} meetings created, {} removed, {} kept in {:.2} s",
        years.start(),
        years.end(),
        total.created,
        total.removed,
        total.kept,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub async fn generate(settings: &Settings, size: scale::Scale, region: &str) -> Result<()> {
    let store = open(&settings.database_url, 2).await?;
    let started = Instant::now();
    let counts = scale::generate(&store, size, region).await?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "generated {} records in {seconds:.1} s ({:.0} records/s) into {}:",
        counts.total(),
        counts.total() as f64 / seconds.max(0.001),
        redact(&settings.database_url)
    );
    println!("  {counts}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use foorumi_core::FieldError;

    #[test]
    fn invalid_input_names_field_and_rule() {
        let err = anyhow::Error::new(foorumi_store::Error::Invalid(vec![
            FieldError::new("email", "error-contact-email"),
            FieldError::new("password", "error-password-short"),
        ]))
        .context("demo account x");
        assert_eq!(describe(&err), "demo account x: invalid input: email (error-contact-email), password (error-password-short)");
    }

    #[test]
    fn passwords_never_print() {
        assert_eq!(redact("postgres://foorumi:secret@db:5432/foorumi"), "postgres://foorumi:***@db:5432/foorumi");
        assert_eq!(redact("postgres://foorumi@db/foorumi"), "postgres://foorumi@db/foorumi");
        assert_eq!(redact("sqlite://./foorumi-data/foorumi.sqlite"), "sqlite://./foorumi-data/foorumi.sqlite");
    }

    #[tokio::test]
    async fn export_import_export_is_identical_and_audit_stays_intact() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}", dir.path().join("a.sqlite").display()), 2).await.unwrap();
        scale::generate(&store, scale::Scale::Region, "7").await.unwrap();
        let first = export_text(&store).await.unwrap();
        let copy = Store::open(&format!("sqlite://{}", dir.path().join("b.sqlite").display()), 2).await.unwrap();
        register_file::import(&copy, register_file::parse(&first).unwrap()).await.unwrap();
        assert_eq!(export_text(&copy).await.unwrap(), first);
        let (line, _) = verdict_line(audit::verify(&copy).await.unwrap());
        assert!(line.starts_with("intact: "), "{line}");
    }
}
