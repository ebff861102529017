//! `foorumi`, the one binary: serves the pages and the JSON API, and runs the
//! administrative commands (demo, migrate, user, import, export, audit, gen).
//!
//! Error policy: every command returns `anyhow::Result`; `main` prints the error on one
//! line, naming fields and message keys of invalid input, and exits with status 1.

mod classification;
mod commands;
mod config;
mod demo;
mod demo_agendas;
mod demo_cooperation;
mod demo_goals;
mod demo_minutes;
mod demo_picture;
mod demo_wellbeing;
mod import_indicators;
mod scale;
mod writer;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(name = "foorumi", version, about = "Foorumi: the register and meetings of a region's cooperation forums")]
struct Cli {
    /// Configuration file (TOML); default ./foorumi.toml when it exists.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Database URL: sqlite://path or postgres://… (overrides FOORUMI_DATABASE_URL).
    #[arg(long, global = true, value_name = "URL")]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the pages and the API.
    Serve {
        /// Address to listen on (overrides FOORUMI_BIND), e.g. 127.0.0.1:8080.
        #[arg(long, value_name = "ADDR")]
        bind: Option<String>,
    },
    /// Build (or rebuild) the Päijät-Häme demo database, print its accounts, and serve it.
    Demo {
        /// Address to listen on; default 127.0.0.1:8080.
        #[arg(long, value_name = "ADDR")]
        bind: Option<String>,
        /// Folder of the demo database (demo.sqlite); it is deleted and rebuilt.
        #[arg(long, value_name = "DIR", default_value = "./foorumi-data")]
        data_dir: PathBuf,
        /// Build the database and exit without serving.
        #[arg(long)]
        no_serve: bool,
    },
    /// Create the database if needed and bring its schema up to date.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Import data.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export data.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Generate (or regenerate) a year's planned meetings from the forums' cadences;
    /// edited, cancelled and held meetings are left alone.
    Plan {
        /// The calendar year (the first, with --to-year).
        #[arg(long)]
        year: i32,
        /// Plan every year from --year to this one (e.g. a whole council term).
        #[arg(long)]
        to_year: Option<i32>,
        /// Only this region (Statistics Finland code); every region without it.
        #[arg(long)]
        region: Option<String>,
    },
    /// Write a deterministic synthetic register for benchmarks.
    Gen {
        #[arg(long, value_enum)]
        scale: scale::Scale,
        /// The region for --scale region (Statistics Finland code).
        #[arg(long, default_value = "07")]
        region: String,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create an account. The password comes from --password-env or, without it, from
    /// the first line of standard input.
    Add(UserAdd),
}

#[derive(Args, Debug)]
struct UserAdd {
    #[arg(long)]
    email: String,
    /// Display name.
    #[arg(long)]
    name: String,
    /// Name of an environment variable holding the password.
    #[arg(long, value_name = "VAR")]
    password_env: Option<String>,
    /// Region of the role (Statistics Finland code, e.g. 07).
    #[arg(long, requires = "role")]
    region: Option<String>,
    #[arg(long, value_enum, requires = "region")]
    role: Option<Role>,
    /// The party a party administrator administers, by its official code (e.g. 398).
    #[arg(long, value_name = "CODE")]
    party: Option<String>,
    /// May create regions and administer all of them.
    #[arg(long)]
    instance_admin: bool,
    /// The register person this account is (for roles that come from seats).
    #[arg(long, value_name = "ID")]
    person: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Role {
    RegionAdmin,
    PartyAdmin,
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// Import a register file (JSON, as `export register` writes it): all or nothing.
    Register { file: PathBuf },
    /// Import indicator values (Sotkanet JSON or CSV, or a plain CSV of official codes): all or nothing.
    Indicators(import_indicators::ValuesArgs),
    /// Import indicator metadata (Sotkanet's /indicators answers, or Foorumi's catalogue file).
    IndicatorMetadata { file: PathBuf },
    /// Import Sotkanet's region list, which maps its region ids to official area codes.
    IndicatorAreas { file: PathBuf },
    /// Import municipal borders (GeoJSON, WGS-84, `NATCODE`) for the situational picture's map.
    Borders { file: PathBuf },
}

#[derive(Subcommand, Debug)]
enum ExportCommand {
    /// Export the whole register as JSON.
    Register {
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Walk the hash chain; exit 1 at the first tampered or missing entry.
    Verify,
}

// mimalloc serves the many small allocations of request handling faster than glibc's
// allocator (measured in docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,foorumi=info")),
        )
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(err) => {
            eprintln!("foorumi: error: {}", commands::describe(&err));
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut flags = config::Flags { config: cli.config, database_url: cli.database, bind: None };
    if let Command::Serve { bind } = &cli.command {
        flags.bind = bind.clone();
    }
    if let Command::Demo { bind, .. } = &cli.command {
        flags.bind = bind.clone();
    }
    let settings = config::load(&flags)?;
    match cli.command {
        Command::Serve { .. } => commands::serve(&settings).await?,
        Command::Demo { data_dir, no_serve, .. } => commands::demo(&settings, &data_dir, !no_serve).await?,
        Command::Migrate => commands::migrate(&settings).await?,
        Command::User(UserCommand::Add(args)) => {
            let role = match (args.role, args.region) {
                (Some(Role::RegionAdmin), Some(region)) => {
                    if args.party.is_some() {
                        anyhow::bail!("--party goes with --role party-admin");
                    }
                    Some(commands::RoleGrant { region, party: None })
                }
                (Some(Role::PartyAdmin), Some(region)) => {
                    let party = args.party.ok_or_else(|| anyhow::anyhow!("--role party-admin needs --party CODE"))?;
                    Some(commands::RoleGrant { region, party: Some(party) })
                }
                _ if args.party.is_some() => anyhow::bail!("--party needs --region and --role party-admin"),
                _ => None,
            };
            let password = commands::read_password(args.password_env.as_deref())?;
            let request = commands::UserRequest {
                email: args.email,
                name: args.name,
                password,
                role,
                instance_admin: args.instance_admin,
                person: args.person,
            };
            commands::user_add(&settings, request).await?;
        }
        Command::Import(ImportCommand::Register { file }) => commands::import_register(&settings, &file).await?,
        Command::Import(ImportCommand::Indicators(args)) => import_indicators::values(&settings, args).await?,
        Command::Import(ImportCommand::IndicatorMetadata { file }) => import_indicators::metadata(&settings, &file).await?,
        Command::Import(ImportCommand::IndicatorAreas { file }) => import_indicators::areas(&settings, &file).await?,
        Command::Import(ImportCommand::Borders { file }) => import_indicators::borders(&settings, &file).await?,
        Command::Export(ExportCommand::Register { out }) => commands::export_register(&settings, out.as_deref()).await?,
        Command::Audit(AuditCommand::Verify) => return commands::audit_verify(&settings).await,
        Command::Gen { scale, region } => commands::generate(&settings, scale, &region).await?,
        Command::Plan { year, to_year, region } => commands::plan(&settings, year..=to_year.unwrap_or(year), region.as_deref()).await?,
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_flags_go_anywhere() {
        let cli = Cli::try_parse_from(["foorumi", "export", "register", "--database", "sqlite://x.sqlite", "--out", "r.json"]).unwrap();
        assert_eq!(cli.database.as_deref(), Some("sqlite://x.sqlite"));
        let cli = Cli::try_parse_from(["foorumi", "gen", "--scale", "national"]).unwrap();
        assert!(matches!(cli.command, Command::Gen { scale: scale::Scale::National, .. }));
    }

    #[test]
    fn a_role_needs_its_region() {
        assert!(
            Cli::try_parse_from(["foorumi", "user", "add", "--email", "a@example.org", "--name", "A", "--role", "region-admin"]).is_err()
        );
        let ok = Cli::try_parse_from([
            "foorumi",
            "user",
            "add",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--region",
            "07",
            "--role",
            "party-admin",
            "--party",
            "398",
        ]);
        assert!(ok.is_ok());
    }
}
