//! The command line of `safeguard audit` and `safeguard sample-corpus`.
//!
//! Exit status of `audit`: 0 when every record was evaluated and every output written; 3 when
//! some records were bad (reported on standard error by line, listed in the report, counted
//! apart), as `check --batch`; 2 when the audit could not run or an output could not be
//! written (nothing is left half-written: files are written beside the target and renamed).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use safeguard_core::Policy;

use super::read::{self, Kind};
use super::{Options, corpus, html, report};
use crate::input;

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

/// A file written whole or not at all: beside the target, renamed into place on success.
struct Staged {
    target: PathBuf,
    partial: PathBuf,
}

impl Staged {
    fn new(target: &Path) -> Staged {
        let mut name = target.file_name().unwrap_or_default().to_os_string();
        name.push(".partial");
        Staged {
            target: target.to_path_buf(),
            partial: target.with_file_name(name),
        }
    }

    fn write(target: &Path, text: &str) -> Result<(), String> {
        let staged = Staged::new(target);
        std::fs::write(&staged.partial, text)
            .map_err(|e| format!("{}: {e}", staged.partial.display()))?;
        staged.commit()
    }

    fn commit(&self) -> Result<(), String> {
        std::fs::rename(&self.partial, &self.target)
            .map_err(|e| format!("{}: {e}", self.target.display()))
    }
}

fn write_out(text: &str, output: Option<&Path>) -> Result<(), String> {
    match output {
        Some(path) => Staged::write(path, text),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write the output: {e}"))
                }
                _ => Ok(()),
            }
        }
    }
}

/// Runs `safeguard audit`.
pub fn audit(args: AuditArgs) -> Result<ExitCode, String> {
    let as_at = input::parse_instant(&args.as_at, "--as-at", "").map_err(|e| e.to_string())?;
    let (policy, policy_name) = match &args.policy {
        Some(path) => (
            input::read_policy(path).map_err(|e| e.to_string())?,
            path.display().to_string(),
        ),
        None => (Policy::default(), "default".to_owned()),
    };
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
            return Err("give --format csv or --csv FILE, not both".to_owned());
        }
        (Format::Csv, None) => Some(args.output.clone()),
        (_, Some(path)) => Some(Some(path.clone())),
        _ => None,
    };
    let report = match csv_target {
        None => super::run::<std::io::Sink>(&options, None)?,
        Some(None) => {
            let mut writer = csv::Writer::from_writer(std::io::stdout().lock());
            super::run(&options, Some(&mut writer))?
        }
        Some(Some(path)) => {
            let staged = Staged::new(&path);
            let file = std::fs::File::create(&staged.partial)
                .map_err(|e| format!("{}: {e}", staged.partial.display()))?;
            let mut writer = csv::Writer::from_writer(std::io::BufWriter::new(file));
            let report = super::run(&options, Some(&mut writer))?;
            writer
                .into_inner()
                .map_err(|e| format!("{}: {e}", staged.partial.display()))?;
            staged.commit()?;
            report
        }
    };
    if let Some(path) = &args.json {
        Staged::write(path, &report::json(&report))?;
    }
    if let Some(path) = &args.html {
        Staged::write(path, &html::render(&report)?)?;
    }
    match args.format {
        Format::Table => write_out(&report::table(&report), args.output.as_deref())?,
        Format::Json => write_out(&report::json(&report), args.output.as_deref())?,
        Format::Html => write_out(&html::render(&report)?, args.output.as_deref())?,
        Format::Csv => {}
    }
    eprintln!(
        "safeguard audit: {} records read: {} evaluated, {} bad",
        report.records.read, report.records.evaluated, report.records.rejected
    );
    Ok(if report.records.rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(SOME_REJECTED)
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
pub fn sample_corpus(args: CorpusArgs) -> Result<ExitCode, String> {
    let cases = match args.profile {
        Profile::Peel2022 => corpus::peel_2022(),
    };
    let raws = corpus::parse(&cases)?;
    let kind = Kind::of(&args.output)
        .filter(|k| *k != Kind::Directory)
        .ok_or_else(|| {
            format!(
                "{}: name a .jsonl, .jsonl.gz, .pcs or .pcs.gz file",
                args.output.display()
            )
        })?;
    let mut bytes = Vec::new();
    match kind {
        Kind::Jsonl | Kind::JsonlGz => {
            for case in &cases {
                bytes.extend(
                    serde_json::to_string(case)
                        .map_err(|e| e.to_string())?
                        .as_bytes(),
                );
                bytes.push(b'\n');
            }
        }
        Kind::Postcard | Kind::PostcardGz | Kind::Directory => {
            for raw in &raws {
                let frame = postcard::to_stdvec(raw).map_err(|e| format!("postcard: {e}"))?;
                read::write_frame(&mut bytes, &frame).map_err(|e| e.to_string())?;
            }
        }
    }
    if matches!(kind, Kind::JsonlGz | Kind::PostcardGz) {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&bytes).map_err(|e| e.to_string())?;
        bytes = gz.finish().map_err(|e| e.to_string())?;
    }
    std::fs::write(&args.output, &bytes).map_err(|e| format!("{}: {e}", args.output.display()))?;
    eprintln!(
        "safeguard sample-corpus: {} cases written to {}; audit them with --as-at {}",
        cases.len(),
        args.output.display(),
        corpus::PEEL_2022_AS_AT
    );
    Ok(ExitCode::SUCCESS)
}
