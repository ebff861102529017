//! `foorumi import indicators`, `import indicator-metadata`, `import indicator-areas` and
//! `import borders` (the picture's map):
//! THL Sotkanet's data and metadata into the indicator tables, each file all or nothing.
//!
//! The order for a new database: the region list (`SotkaRegions.json`, Sotkanet's
//! `/regions`), then the indicators' metadata, then the data. Progress goes to standard
//! error, throttled, so a ten-million-value file shows it is alive without slowing down.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use clap::{Args, ValueEnum};
use foorumi_core::permissions::Actor;
use foorumi_store::audit::Author;
use foorumi_store::indicator_files::{self, Format};
use foorumi_store::indicators::{self, ImportOptions, ImportSummary};
use foorumi_store::{Store, views};

use crate::config::{self, Settings};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    /// Sotkanet's JSON data (regions by Sotkanet id).
    SotkanetJson,
    /// Sotkanet's `;`-separated CSV data (regions by Sotkanet id).
    SotkanetCsv,
    /// A CSV with official area codes (`municipality_code,primary.value,year`, or
    /// `area_kind,area_code,value,year`).
    Csv,
}

impl FileFormat {
    fn store_format(self) -> Format {
        match self {
            FileFormat::SotkanetJson => Format::SotkanetJson,
            FileFormat::SotkanetCsv => Format::SotkanetCsv,
            FileFormat::Csv => Format::Csv,
        }
    }
}

#[derive(Args, Debug)]
pub struct ValuesArgs {
    /// The data file.
    pub file: PathBuf,
    #[arg(long, value_enum)]
    pub format: FileFormat,
    /// The indicator of a file without an indicator column; for a file with one, every
    /// row must name this indicator.
    #[arg(long, value_name = "ID")]
    pub indicator: Option<i64>,
    /// Report values of areas outside this region on their date (Statistics Finland
    /// code, e.g. 07), by the register's dated membership.
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// Skip (and list) values of Sotkanet region ids missing from the imported region
    /// list, instead of refusing the file.
    #[arg(long)]
    pub skip_unlisted_regions: bool,
}

/// The command line acts as the installation's administrator.
fn admin() -> Actor {
    Actor { instance_admin: true, ..Actor::default() }
}

async fn open(settings: &Settings) -> Result<Store> {
    config::prepare_database_dir(&settings.database_url)?;
    Store::open(&settings.database_url, 2)
        .await
        .with_context(|| format!("cannot open database {}", crate::commands::redact(&settings.database_url)))
}

/// "1234567" → "1 234 567", for counts on the terminal.
fn count(n: u64) -> String {
    foorumi_core::indicators::format_value(n as f64, 0, foorumi_core::Lang::En).replace(',', " ")
}

pub async fn values(settings: &Settings, args: ValuesArgs) -> Result<()> {
    let store = open(settings).await?;
    let region = match &args.region {
        Some(code) => {
            let code = foorumi_core::text::pad_two_digit_code(code).ok_or_else(|| anyhow!("bad region code {code:?}"))?;
            Some(views::region_by_code(&store, &code).await.map_err(|_| anyhow!("no region {code}"))?)
        }
        None => None,
    };
    let file = std::fs::File::open(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let options = ImportOptions { region_id: region.as_ref().map(|r| r.id), skip_unlisted_regions: args.skip_unlisted_regions };
    let started = Instant::now();
    let mut progress = Progress::new(started);
    let summary = indicators::import_file(
        &store,
        &admin(),
        &Author::system("import"),
        file,
        args.format.store_format(),
        args.indicator,
        options,
        &mut |read, written| progress.show(read, written),
    )
    .await
    .with_context(|| args.file.display().to_string())?;
    progress.done();
    let seconds = started.elapsed().as_secs_f64();
    let region_name = region.as_ref().map(|r| format!("{} ({})", r.input.name.fi, r.input.code));
    println!("{}", describe(&args.file, &summary, seconds, region_name.as_deref()));
    Ok(())
}

/// Progress on standard error: rewritten in place on a terminal twice a second,
/// otherwise a line every ten seconds (for logs).
struct Progress {
    started: Instant,
    last: Instant,
    terminal: bool,
    shown: bool,
}

impl Progress {
    fn new(started: Instant) -> Progress {
        Progress { started, last: started, terminal: std::io::stderr().is_terminal(), shown: false }
    }

    fn show(&mut self, read: u64, written: u64) {
        let every = if self.terminal { Duration::from_millis(500) } else { Duration::from_secs(10) };
        if self.last.elapsed() < every {
            return;
        }
        self.last = Instant::now();
        let rate = read as f64 / self.started.elapsed().as_secs_f64().max(0.001);
        let line = format!("{} values read, {} written ({} values/s)", count(read), count(written), count(rate as u64));
        if self.terminal {
            eprint!("\r{line}   ");
        } else {
            eprintln!("{line}");
        }
        self.shown = true;
    }

    fn done(&self) {
        if self.terminal && self.shown {
            eprintln!();
        }
    }
}

/// The summary as printed: what was written, what was not and why, and the values of
/// areas outside the region.
fn describe(file: &Path, s: &ImportSummary, seconds: f64, region: Option<&str>) -> String {
    let years = match (s.first_year, s.last_year) {
        (Some(first), Some(last)) if first == last => format!(" ({first})"),
        (Some(first), Some(last)) => format!(" ({first}–{last})"),
        _ => String::new(),
    };
    // A benchmark file has hundreds of indicators; the first ten say enough.
    let mut indicators: Vec<String> = s.indicators.iter().take(10).map(i64::to_string).collect();
    if s.indicators.len() > 10 {
        indicators.push(format!("… ({} in all)", s.indicators.len()));
    }
    let mut lines = vec![format!(
        "imported {} of {} values read from {} in {seconds:.1} s ({} values/s): indicator{} {}{years}; {} replaced stored values, {} missing in the source (stored as missing)",
        count(s.written),
        count(s.read),
        file.display(),
        count((s.read as f64 / seconds.max(0.001)) as u64),
        if s.indicators.len() == 1 { "" } else { "s" },
        if indicators.is_empty() { "none".to_owned() } else { indicators.join(", ") },
        count(s.replaced),
        count(s.missing),
    )];
    if !s.other_areas.is_empty() {
        let parts: Vec<String> = s.other_areas.iter().map(|(category, n)| format!("{category} {}", count(*n))).collect();
        lines.push(format!("  not written, areas Foorumi keeps no values for: {}", parts.join(", ")));
    }
    if !s.unlisted_regions.is_empty() {
        let mut parts: Vec<String> = s.unlisted_regions.iter().take(10).map(|(place, id)| format!("{place}: region {id}")).collect();
        if s.unlisted_regions.len() > 10 {
            parts.push(format!("… ({} in all)", count(s.unlisted_regions.len() as u64)));
        }
        lines.push(format!("  not written, Sotkanet region ids missing from the region list: {}", parts.join(", ")));
    }
    if let Some(region) = region
        && !s.outside_region.is_empty()
    {
        lines.push(format!("  written, but for areas outside {region} on their date:"));
        let (register, others): (Vec<_>, Vec<_>) = s.outside_region.iter().partition(|o| o.in_register);
        for o in register {
            let years = if o.first_year == o.last_year { o.first_year.to_string() } else { format!("{}–{}", o.first_year, o.last_year) };
            lines.push(format!(
                "    {} {} {years}: {} values (a party of the region at another time)",
                o.area.key.code, o.area.name.fi, o.values
            ));
        }
        if !others.is_empty() {
            let values: u64 = others.iter().map(|o| o.values).sum();
            lines.push(format!("    {} other areas: {} values", count(others.len() as u64), count(values)));
        }
    }
    lines.join("\n")
}

pub async fn metadata(settings: &Settings, file: &Path) -> Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let patches = indicator_files::read_metadata(&text).with_context(|| file.display().to_string())?;
    let store = open(settings).await?;
    let summary = indicators::apply_catalogue(&store, &admin(), &Author::system("import"), &patches)
        .await
        .with_context(|| file.display().to_string())?;
    println!(
        "indicator catalogue from {}: {} created, {} updated, {} unchanged",
        file.display(),
        summary.created,
        summary.updated,
        summary.unchanged
    );
    Ok(())
}

pub async fn areas(settings: &Settings, file: &Path) -> Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let regions = indicator_files::read_regions(&text).with_context(|| file.display().to_string())?;
    let store = open(settings).await?;
    let summary = indicators::import_areas(&store, &admin(), &Author::system("import"), &regions)
        .await
        .with_context(|| file.display().to_string())?;
    let kinds: Vec<String> = summary.areas.iter().map(|(kind, n)| format!("{n} {kind}")).collect();
    println!("Sotkanet region list from {}: {} regions, of them areas: {}", file.display(), summary.regions, kinds.join(", "));
    Ok(())
}

/// `foorumi import borders FILE`: municipal borders (GeoJSON in WGS-84 with `NATCODE`,
/// as the National Land Survey's `kuntarajat.2023.json`) for the picture's map.
pub async fn borders(settings: &Settings, file: &Path) -> Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let store = open(settings).await?;
    let summary = foorumi_store::picture::import_borders(&store, &admin(), &Author::system("import"), &text)
        .await
        .with_context(|| file.display().to_string())?;
    println!("Municipal borders from {}: {} municipalities", file.display(), summary.imported);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use foorumi_core::indicators::{AggregateMethod, Gender};

    const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testkit/tests/data/indicators/");

    fn read(name: &str) -> String {
        std::fs::read_to_string(format!("{DATA}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// The check of the issue, on the demo's own register: Päijät-Häme's 2009 population
    /// is the sum of its 2009 members, Nastola and Hämeenkoski in, Iitti out.
    #[tokio::test]
    async fn the_demo_region_counts_201_270_people_in_2009() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}", dir.path().join("demo.sqlite").display()), 2).await.unwrap();
        let demo = crate::demo::build_register(&store).await.unwrap();
        let author = Author::system("test");
        indicators::import_areas(&store, &admin(), &author, &indicator_files::read_regions(&read("SotkaRegions.json")).unwrap())
            .await
            .unwrap();
        let mut patches = indicator_files::read_metadata(&read("SotkaIndicators_127.json")).unwrap();
        patches[0].additive = Some(true);
        indicators::apply_catalogue(&store, &admin(), &author, &patches).await.unwrap();
        let options = ImportOptions { region_id: Some(demo.region_id), skip_unlisted_regions: true };
        let file = std::fs::File::open(format!("{DATA}SotkaIndicatorData.csv")).unwrap();
        let summary =
            indicators::import_file(&store, &admin(), &author, file, Format::SotkanetCsv, None, options, &mut |_, _| {}).await.unwrap();
        let iitti = summary.outside_region.iter().find(|o| o.area.key.code == "142").expect("Iitti is reported");
        assert!(iitti.in_register && iitti.first_year == 2009);
        let text = describe(Path::new("data.csv"), &summary, 1.0, Some("Päijät-Häme (07)"));
        assert!(text.contains("142 Iitti 2009: 1 values (a party of the region at another time)"), "{text}");

        let figure = indicators::region_figure(&store, demo.region_id, 127, 2009, Gender::Total).await.unwrap();
        assert_eq!(figure.method, AggregateMethod::SumOfMembers);
        assert_eq!(figure.value, Some(201_270.0));
        assert_eq!(figure.source_value, Some(201_270.0));
        let codes: Vec<&str> = figure.members.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, ["016", "081", "098", "111", "283", "316", "398", "532", "560", "576", "781"]);
    }

    #[test]
    fn counts_are_grouped_for_the_terminal() {
        assert_eq!(count(10_000_000), "10 000 000");
        assert_eq!(count(466), "466");
    }
}
