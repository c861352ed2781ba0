//! `safeguard`: the conformance suite, single-case checks, the rule catalogue, and the postcard
//! wire form, from the command line.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use safeguard_core::{Case, Policy, RawCase, Reason, evaluate};
use safeguard_harness::input::{self, InputError, Syntax};
use safeguard_harness::{bundled_fixtures, explain, suite};

/// Checks whether the police met their duties to victims and vulnerable people.
#[derive(Parser)]
#[command(name = "safeguard", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the conformance suite: every fixture under DIR (default: the bundled fixtures).
    ///
    /// Prints a per-family table and a total; exits 1 if any fixture fails.
    Conformance {
        /// The fixture directory.
        dir: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Evaluate one case (TOML or JSON file, `-` for JSON on standard input) as at NOW, or
    /// with `--batch`, every case of a JSON Lines file.
    ///
    /// In a batch, each bad record is reported on standard error with its line number and
    /// error, every good record is evaluated, the results (one JSON line per good record) are
    /// written only once all lines are read, and the exit status is 3 when any record was
    /// rejected.
    Check {
        /// The case file.
        #[arg(required_unless_present = "batch", conflicts_with = "batch")]
        case: Option<PathBuf>,
        /// A JSON Lines file with one raw case per line.
        #[arg(long, value_name = "FILE")]
        batch: Option<PathBuf>,
        /// Where to write a batch's results (written whole, or not at all); default: standard
        /// output.
        #[arg(long, short, value_name = "FILE", requires = "batch")]
        output: Option<PathBuf>,
        /// The "as at" instant, RFC 3339 (`2024-03-08T12:00:00Z`).
        #[arg(long)]
        now: String,
        /// A force policy file (TOML or JSON); fields it leaves out take their defaults.
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Print the rule catalogue: id, title, duty, sources with their in-force dates.
    Rules {
        /// Instead, count the fixtures per rule in DIR (default: the bundled fixtures).
        #[arg(long)]
        coverage: bool,
        /// Instead, list every reason code and its meaning.
        #[arg(long)]
        reasons: bool,
        /// The fixture directory for `--coverage`.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Print the catalogue as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Encode a raw case (TOML or JSON) as postcard bytes.
    Encode {
        /// The case file.
        case: PathBuf,
        /// Where to write the bytes (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The inspectors' table for a force's export: per duty, compliant of applicable, with
    /// breakdowns and the failing cases (docs/AUDIT.md).
    Audit(safeguard_harness::audit::cli::AuditArgs),
    /// Write a synthetic export for trying `audit` (`--profile peel-2022`).
    SampleCorpus(safeguard_harness::audit::cli::CorpusArgs),
    /// Decode postcard bytes back to a raw case, printed as JSON or TOML.
    Decode {
        /// The postcard file (`-` for standard input).
        input: PathBuf,
        /// Output syntax.
        #[arg(long, value_enum, default_value_t = DocFormat::Json)]
        format: DocFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Table,
    Json,
    Junit,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DocFormat {
    Json,
    Toml,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("safeguard: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Conformance { dir, format } => {
            let dir = dir.unwrap_or_else(bundled_fixtures);
            let report = suite::run(&dir).map_err(|e| e.to_string())?;
            let text = match format {
                ReportFormat::Table => suite::table(&report),
                ReportFormat::Json => suite::json(&report),
                ReportFormat::Junit => suite::junit(&report),
            };
            emit(&text);
            Ok(if report.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Check {
            case,
            batch,
            output,
            now,
            policy,
            format,
        } => match (case, batch) {
            (_, Some(batch)) => check_batch(&batch, output.as_deref(), &now, policy.as_deref()),
            (Some(case), None) => check(&case, &now, policy.as_deref(), format),
            (None, None) => Err("give a CASE file or --batch FILE".to_owned()),
        },
        Command::Rules {
            coverage,
            reasons,
            dir,
            json,
        } => {
            if coverage {
                let dir = dir.unwrap_or_else(bundled_fixtures);
                let report = suite::run(&dir).map_err(|e| e.to_string())?;
                emit(&suite::coverage_text(&report));
            } else if reasons {
                let mut text = String::new();
                for reason in Reason::ALL {
                    text.push_str(&format!("{:<36} {}\n", reason.code(), reason.text()));
                }
                emit(&text);
            } else if json {
                emit(
                    &(serde_json::to_string_pretty(&safeguard_core::CATALOGUE)
                        .map_err(|e| e.to_string())?
                        + "\n"),
                );
            } else {
                emit(&suite::catalogue_text());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Encode { case, output } => {
            let raw = read_raw(&case).map_err(|e| e.to_string())?;
            let bytes = postcard::to_stdvec(&raw).map_err(|e| format!("postcard: {e}"))?;
            match output {
                Some(path) => {
                    std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?
                }
                None => std::io::stdout()
                    .write_all(&bytes)
                    .map_err(|e| e.to_string())?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit(args) => safeguard_harness::audit::cli::audit(args),
        Command::SampleCorpus(args) => safeguard_harness::audit::cli::sample_corpus(args),
        Command::Decode { input, format } => {
            let bytes = read_bytes(&input)?;
            let raw = safeguard_core::decode_case(&bytes)
                .map_err(|e| format!("{}: {e}", input.display()))?;
            let text = match format {
                DocFormat::Json => serde_json::to_string_pretty(&raw).map_err(|e| e.to_string())?,
                DocFormat::Toml => toml::to_string_pretty(&raw).map_err(|e| e.to_string())?,
            };
            emit(&(text + "\n"));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        Ok(bytes)
    } else {
        std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
    }
}

fn read_raw(path: &Path) -> Result<RawCase, InputError> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| InputError {
                file: "-".into(),
                field: String::new(),
                problem: e.to_string(),
                code: "unreadable",
            })?;
        let value = input::parse_document(&text, Syntax::Json, "-")?;
        input::from_value(value, "-", "")
    } else {
        input::read_raw_case(path)
    }
}

fn check(
    path: &Path,
    now: &str,
    policy: Option<&Path>,
    format: CheckFormat,
) -> Result<ExitCode, String> {
    let now = input::parse_instant(now, "--now", "").map_err(|e| e.to_string())?;
    let policy = match policy {
        Some(path) => input::read_policy(path).map_err(|e| e.to_string())?,
        None => Policy::default(),
    };
    let raw = read_raw(path).map_err(|e| e.to_string())?;
    let file = path.display().to_string();
    let case = Case::new(raw).map_err(|e| format!("{file}: {}: {e}", e.field()))?;
    let findings =
        evaluate(&case, &policy, now).map_err(|e| format!("{file}: {}: {e}", e.field()))?;
    match format {
        CheckFormat::Text => emit(&explain::findings(case.reference(), now, &findings)),
        CheckFormat::Json => emit(
            &(serde_json::to_string_pretty(&findings.as_slice()).map_err(|e| e.to_string())?
                + "\n"),
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// Exit status of a batch in which some records were rejected.
const SOME_REJECTED: u8 = 3;

fn check_batch(
    path: &Path,
    output: Option<&Path>,
    now: &str,
    policy: Option<&Path>,
) -> Result<ExitCode, String> {
    let now = input::parse_instant(now, "--now", "").map_err(|e| e.to_string())?;
    let policy = match policy {
        Some(path) => input::read_policy(path).map_err(|e| e.to_string())?,
        None => Policy::default(),
    };
    let text = input::read_text(path).map_err(|e| e.to_string())?;
    let report = safeguard_harness::batch::run(&text, &policy, now);
    let file = path.display();
    for rejected in &report.rejected {
        let field = if rejected.field.is_empty() {
            String::new()
        } else {
            format!(" {}", rejected.field)
        };
        eprintln!(
            "{file}:{}: rejected ({} {}{field}): {}",
            rejected.line, rejected.stage, rejected.code, rejected.message
        );
    }
    let mut out = String::new();
    for evaluated in &report.evaluated {
        out.push_str(&serde_json::to_string(evaluated).map_err(|e| e.to_string())?);
        out.push('\n');
    }
    match output {
        // Written to a temporary file beside the target and renamed into place, so a reader
        // never sees half the results.
        Some(target) => {
            let partial = target.with_extension("partial");
            std::fs::write(&partial, &out).map_err(|e| format!("{}: {e}", partial.display()))?;
            std::fs::rename(&partial, target).map_err(|e| format!("{}: {e}", target.display()))?;
        }
        None => emit(&out),
    }
    eprintln!(
        "{file}: {} lines read: {} evaluated, {} rejected",
        report.lines,
        report.evaluated.len(),
        report.rejected.len()
    );
    Ok(if report.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(SOME_REJECTED)
    })
}

/// Writes to standard output. A reader that closes the pipe early (`| head`) ends the output
/// quietly instead of failing.
fn emit(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("safeguard: cannot write the output: {e}");
    }
}
