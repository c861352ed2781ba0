//! The command line of `safeguard audit` and `safeguard sample-corpus`.
//!
//! Exit status of `audit`, as every `safeguard` command's (README): 0 when every record was
//! evaluated and every output written; 3 when some records were bad (each reported on
//! standard error with its line, listed in the report, counted apart), as `check --batch`; 2
//! when nothing was judged (an input that names nothing `audit` reads, a missing file, a bad
//! `--as-at` or policy, an output target that may not be replaced); 4 when an output could not
//! be written. Files are written beside their target and renamed over it when complete.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use safeguard_core::Policy;

use super::read::{self, Kind};
use super::{Failure, Options, corpus, html, report};
use crate::input;
use crate::output::Output;

/// Exit status when all went well.
pub const OK: u8 = 0;
/// Exit status when some records were bad.
pub const SOME_REJECTED: u8 = 3;

/// `safeguard audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The export: JSON Lines (`.jsonl`, `.ndjson`, `-` for standard input), gzip-compressed
    /// JSON Lines (`.jsonl.gz`), a postcard stream (`.pcs`, `.pcs.gz`: length-prefixed cases,
    /// see docs/AUDIT.md), or a directory of case files (`.json`, `.toml`).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The "as at" instant, RFC 3339 (`2022-06-30T00:00:00Z`).
    #[arg(long, value_name = "T")]
    pub as_at: String,
    /// A force policy file (TOML or JSON); fields it leaves out take their defaults.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// What to write on standard output (or to `--output`).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Where to write the `--format` output instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the JSON report to FILE.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Also write the CSV (one row per finding) to FILE.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Also write the HTML report to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Report on a random sample of N applicable cases per duty, as an inspection does.
    #[arg(long, value_name = "N", requires = "seed")]
    pub sample: Option<usize>,
    /// The sample's seed: the same export, N and seed give the same sample.
    #[arg(long, value_name = "S", requires = "sample")]
    pub seed: Option<u64>,
    /// The most failing findings (and bad records) listed in the table, JSON and HTML; the
    /// totals always count every one, and the CSV holds every finding.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_failing: usize,
    /// No progress bar, even on a terminal.
    #[arg(long)]
    pub no_progress: bool,
}

/// The outputs `--format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The inspectors' table.
    Table,
    /// The versioned JSON report.
    Json,
    /// One row per finding.
    Csv,
    /// The self-contained HTML report.
    Html,
}

fn open(target: Option<&Path>) -> Result<Output, Failure> {
    Output::open(target).map_err(|e| Failure::Usage(e.0))
}

fn write_failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::Write(String::new())
    } else {
        Failure::Write(format!("cannot write the output: {e}"))
    }
}

/// Writes `text` to `target` (standard output when `None` or `-`), whole or not at all.
fn write_whole(target: Option<&Path>, text: &str) -> Result<(), Failure> {
    let mut out = open(target)?;
    out.write_all(text.as_bytes()).map_err(write_failure)?;
    out.finish().map_err(|e| Failure::Write(e.0))
}

/// Runs `safeguard audit`: the exit status, or why it stopped.
pub fn audit(args: AuditArgs) -> Result<u8, Failure> {
    let usage = |e: input::InputError| Failure::Usage(e.to_string());
    let as_at = input::parse_instant(&args.as_at, "--as-at", "").map_err(usage)?;
    let (policy, policy_name) = match &args.policy {
        Some(path) => (
            input::read_policy(path).map_err(usage)?,
            path.display().to_string(),
        ),
        None => (Policy::default(), "default".to_owned()),
    };
    // Refused here, before any output is opened; the audit checks it once more for itself.
    input::check_policy(&policy, &policy_name).map_err(usage)?;
    let options = Options {
        inputs: args.inputs.clone(),
        as_at,
        policy,
        policy_name,
        sample: args.sample.zip(args.seed),
        max_failing: args.max_failing,
        progress: !args.no_progress,
        report_rejected: true,
    };
    let csv_target = match (args.format, &args.csv) {
        (Format::Csv, Some(_)) => {
            return Err(Failure::Usage(
                "give --format csv or --csv FILE, not both".to_owned(),
            ));
        }
        (Format::Csv, None) => Some(args.output.clone()),
        (_, Some(path)) => Some(Some(path.clone())),
        _ => None,
    };
    // Every target is checked before the export is read, so that a refused one costs nothing.
    let mut outputs = Vec::new();
    for target in [&args.json, &args.html].into_iter().flatten() {
        outputs.push(open(Some(target))?);
    }
    let report = match csv_target {
        None => super::run::<std::io::Sink>(&options, None)?,
        Some(target) => {
            let mut writer = csv::Writer::from_writer(open(target.as_deref())?);
            let report = super::run(&options, Some(&mut writer))?;
            let out = writer
                .into_inner()
                .map_err(|e| Failure::Write(format!("cannot write the CSV: {e}")))?;
            out.finish().map_err(|e| Failure::Write(e.0))?;
            report
        }
    };
    let mut outputs = outputs.into_iter();
    for (target, text) in [
        (
            &args.json,
            args.json.as_ref().map(|_| Ok(report::json(&report))),
        ),
        (
            &args.html,
            args.html.as_ref().map(|_| html::render(&report)),
        ),
    ] {
        if let (Some(_), Some(text), Some(mut out)) = (target, text, outputs.next()) {
            let text = text.map_err(Failure::Write)?;
            out.write_all(text.as_bytes()).map_err(write_failure)?;
            out.finish().map_err(|e| Failure::Write(e.0))?;
        }
    }
    let stdout = match args.format {
        Format::Table => Some(report::table(&report)),
        Format::Json => Some(report::json(&report)),
        Format::Html => Some(html::render(&report).map_err(Failure::Write)?),
        Format::Csv => None,
    };
    if let Some(text) = stdout {
        write_whole(args.output.as_deref(), &text)?;
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "safeguard audit: {} records read: {} evaluated, {} bad; {} blank lines",
        report.records.read,
        report.records.evaluated,
        report.records.rejected,
        report.records.blank
    );
    Ok(if report.records.rejected == 0 {
        OK
    } else {
        SOME_REJECTED
    })
}

/// `safeguard sample-corpus`.
#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// Which corpus.
    #[arg(long, value_enum)]
    pub profile: Profile,
    /// Where to write it: `.jsonl`, `.jsonl.gz`, `.pcs` or `.pcs.gz` (by the extension).
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
}

/// The corpora `sample-corpus` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    /// Cases built to match the sample of HMICFRS's PEEL 2021/22 inspection of Hertfordshire:
    /// audited as at 2022-06-30T00:00:00Z they give its figures (docs/AUDIT.md).
    #[value(name = "peel-2022")]
    Peel2022,
}

/// Runs `safeguard sample-corpus`.
pub fn sample_corpus(args: CorpusArgs) -> Result<u8, Failure> {
    let cases = match args.profile {
        Profile::Peel2022 => corpus::peel_2022(),
    };
    let raws = corpus::parse(&cases).map_err(Failure::Usage)?;
    let kind = Kind::of(&args.output)
        .filter(|k| *k != Kind::Directory)
        .ok_or_else(|| {
            Failure::Usage(format!(
                "{}: name a .jsonl, .jsonl.gz, .pcs or .pcs.gz file",
                args.output.display()
            ))
        })?;
    let mut bytes = Vec::new();
    match kind {
        Kind::Jsonl | Kind::JsonlGz => {
            for case in &cases {
                let line =
                    serde_json::to_string(case).map_err(|e| Failure::Usage(e.to_string()))?;
                bytes.extend(line.as_bytes());
                bytes.push(b'\n');
            }
        }
        Kind::Postcard | Kind::PostcardGz | Kind::Directory => {
            for raw in &raws {
                let frame = crate::wire::case_bytes(raw)
                    .map_err(|e| Failure::Usage(format!("cannot encode a case: {e}")))?;
                read::write_frame(&mut bytes, &frame).map_err(write_failure)?;
            }
        }
    }
    if matches!(kind, Kind::JsonlGz | Kind::PostcardGz) {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&bytes).map_err(write_failure)?;
        bytes = gz.finish().map_err(write_failure)?;
    }
    let mut out = open(Some(&args.output))?;
    out.write_all(&bytes).map_err(write_failure)?;
    out.finish().map_err(|e| Failure::Write(e.0))?;
    let _ = writeln!(
        std::io::stderr().lock(),
        "safeguard sample-corpus: {} cases written to {}; audit them with --as-at {}",
        cases.len(),
        args.output.display(),
        corpus::PEEL_2022_AS_AT
    );
    Ok(OK)
}
