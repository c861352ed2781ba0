//! `safeguard`: the conformance suite, single-case checks, the rule catalogue, and the postcard
//! wire form, from the command line.

use std::io::{BufRead, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use safeguard_core::{Case, CheckedPolicy, Instant, Policy, RawCase, Reason, evaluate};
use safeguard_harness::batch::{self, BatchError, Record};
use safeguard_harness::envelope::{self, CaseDocument, ErrorDocument, ErrorReport, Outcome};
use safeguard_harness::input::{self, InputError};
use safeguard_harness::output::Output;
use safeguard_harness::{explain, protocol, suite};

/// Every run ends with one of these statuses.
const EXIT_CODES: &str = "\
Exit status:
  0  all good: every case evaluated, every fixture passed, all output written
  1  the conformance suite failed (a fixture failed, or a self-check: no fixtures,
     a duplicate id, a rule without coverage, a file that breaks the fixture schema)
  2  bad usage or bad input: nothing was judged (a refused case, policy or --now,
     an unreadable file, an output target that may not be replaced)
  3  a batch was read to its end, but some records were rejected (each is reported)
  4  the output could not be written (full disk, closed pipe, ...): results are lost";

/// Success.
const OK: u8 = 0;
/// A conformance suite failed.
const SUITE_FAILED: u8 = 1;
/// Bad usage or bad input.
const BAD_INPUT: u8 = 2;
/// Some batch records were rejected.
const SOME_REJECTED: u8 = 3;
/// Output could not be written.
const WRITE_FAILED: u8 = 4;

/// Checks whether the police met their duties to victims and vulnerable people.
#[derive(Parser)]
#[command(name = "safeguard", version, about, long_about = None, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the conformance suite: every fixture under PATH, a directory or one fixture file
    /// (default: `fixtures/` in the working directory).
    ///
    /// Prints a per-family table and a total. The suite checks itself too: it fails when it
    /// holds no fixture, when two fixtures share an id, when a rule lacks a fixture expecting
    /// `met` or one expecting non-compliance (directories only; `--no-coverage` turns this
    /// off), or when a file breaks the fixture schema. Exits 1 on any failure.
    #[command(after_help = EXIT_CODES)]
    Conformance {
        /// The fixture directory or file.
        #[arg(value_name = "PATH")]
        dir: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Do not require every rule to be covered (for a partial suite).
        #[arg(long)]
        no_coverage: bool,
        /// Run another implementation instead of the core in-process: "CMD ARGS", started as
        /// a child process speaking the protocol of `fixtures/PROTOCOL.md`.
        #[arg(long, value_name = "CMD ARGS")]
        implementation: Option<String>,
        /// With --implementation: how long to wait for each response, in milliseconds.
        #[arg(
            long,
            value_name = "MS",
            default_value_t = 10_000,
            requires = "implementation"
        )]
        timeout_ms: u64,
        /// With --implementation: how long to wait for the handshake, in milliseconds.
        #[arg(
            long,
            value_name = "MS",
            default_value_t = 30_000,
            requires = "implementation"
        )]
        handshake_timeout_ms: u64,
        /// Also write the results in their published form (JSON: suite, catalogue and
        /// implementation versions, each fixture's outcome) to FILE.
        #[arg(long, value_name = "FILE")]
        results: Option<PathBuf>,
    },
    /// Serve the core over the conformance protocol (`fixtures/PROTOCOL.md`) on standard
    /// input and output, for `safeguard conformance --implementation`.
    #[command(after_help = EXIT_CODES)]
    ServeProtocol,
    /// Evaluate one case (TOML or JSON file, `-` for JSON on standard input) as at NOW, or
    /// with `--batch`, every case of a JSON Lines file.
    ///
    /// A batch is read and written one line at a time. Each record gives one JSON line of
    /// output (findings, or the error that refused it); each rejected record is also reported
    /// on standard error with its line number. Blank lines are skipped and counted; a
    /// byte-order mark at the start is dropped. The exit status is 3 when any record was
    /// rejected.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// The case file.
        #[arg(required_unless_present = "batch", conflicts_with = "batch")]
        case: Option<PathBuf>,
        /// A JSON Lines file with one raw case per line (`-` for standard input).
        #[arg(long, value_name = "FILE")]
        batch: Option<PathBuf>,
        /// Where to write a batch's results (through a temporary file renamed into place when
        /// every line is done; `-` or none: standard output).
        #[arg(long, short, value_name = "FILE", requires = "batch")]
        output: Option<PathBuf>,
        /// The "as at" instant, RFC 3339 (`2024-03-08T12:00:00Z`).
        #[arg(long)]
        now: String,
        /// A force policy file (TOML or JSON); fields it leaves out take their defaults.
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Output format: `text` (one case only; the default) or `json` (the default, and the
        /// only format, for a batch).
        #[arg(long, value_enum)]
        format: Option<CheckFormat>,
    },
    /// Print the rule catalogue: id, title, duty, sources with their in-force dates.
    #[command(after_help = EXIT_CODES)]
    Rules {
        /// Instead, count the fixtures per rule in DIR (default: `fixtures/` here).
        #[arg(long)]
        coverage: bool,
        /// Instead, list every reason code and its meaning.
        #[arg(long)]
        reasons: bool,
        /// The fixture directory for `--coverage` and `--markdown`.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Print the catalogue as JSON.
        #[arg(long)]
        json: bool,
        /// Print the catalogue as Markdown: `docs/CATALOGUE.md`, with the fixtures in DIR that
        /// pin each rule.
        #[arg(long, conflicts_with_all = ["json", "coverage", "reasons"])]
        markdown: bool,
    },
    /// Print the JSON Schema (draft 2020-12) of the case or the policy input, generated from the
    /// core's types; the committed copies are `docs/schema/case.schema.json` and
    /// `docs/schema/policy.schema.json`.
    #[command(after_help = EXIT_CODES)]
    Schema {
        /// Which input: `case` or `policy`.
        #[arg(value_parser = ["case", "policy"])]
        input: String,
    },
    /// Encode a raw case (TOML or JSON) as postcard bytes.
    #[command(after_help = EXIT_CODES)]
    Encode {
        /// The case file (`-` for JSON on standard input).
        case: PathBuf,
        /// Where to write the bytes (a regular file, replaced whole; `-` or none: standard
        /// output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The inspectors' table for a force's export: per duty, compliant of applicable, with
    /// breakdowns and the failing cases (docs/AUDIT.md).
    Audit(safeguard_harness::audit::cli::AuditArgs),
    /// Write a synthetic export for trying `audit` (`--profile peel-2022`).
    SampleCorpus(safeguard_harness::audit::cli::CorpusArgs),
    /// Decode postcard bytes back to a raw case, printed as JSON or TOML.
    #[command(after_help = EXIT_CODES)]
    Decode {
        /// The postcard file (`-` for standard input).
        input: PathBuf,
        /// Output syntax.
        #[arg(long, value_enum, default_value_t = DocFormat::Json)]
        format: DocFormat,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Table,
    Json,
    Junit,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DocFormat {
    Json,
    Toml,
}

/// Why a command stopped.
enum Failure {
    /// Refused input or usage (exit 2), as data, so `--format json` can print it.
    Input(ErrorReport),
    /// Output that could not be written (exit 4).
    Write(String),
}

impl Failure {
    fn read(e: InputError) -> Failure {
        Failure::Input(input_report(&e))
    }

    fn usage(message: String) -> Failure {
        Failure::Input(ErrorReport {
            stage: "usage",
            code: "usage",
            field: String::new(),
            message,
        })
    }
}

/// An input error as data: `read` when the file could not be read, else `decode`.
fn input_report(e: &InputError) -> ErrorReport {
    ErrorReport {
        stage: if e.code == "unreadable" {
            "read"
        } else {
            "decode"
        },
        code: e.code,
        field: e.field.clone(),
        message: e.to_string(),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to standard output, usage errors to standard error; either
            // may fail to be written.
            let written = e.print().and_then(|()| std::io::stdout().flush());
            return if written.is_err() && e.exit_code() == 0 {
                ExitCode::from(WRITE_FAILED)
            } else {
                ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(BAD_INPUT))
            };
        }
    };
    let json = matches!(
        &cli.command,
        Command::Check {
            format: Some(CheckFormat::Json),
            ..
        } | Command::Check {
            batch: Some(_),
            format: None,
            ..
        } | Command::Conformance {
            format: ReportFormat::Json,
            ..
        }
    );
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(Failure::Input(error)) => {
            warn(&error.message);
            if json {
                let document = ErrorDocument {
                    header: envelope::HEADER,
                    error: &error,
                };
                if emit(&(envelope::to_line(&document) + "\n")).is_err() {
                    return ExitCode::from(WRITE_FAILED);
                }
            }
            ExitCode::from(BAD_INPUT)
        }
        Err(Failure::Write(message)) => {
            if !message.is_empty() {
                warn(&message);
            }
            ExitCode::from(WRITE_FAILED)
        }
    }
}

/// Writes a message on standard error, with control characters shown escaped. A standard
/// error that cannot be written (closed, full) is not a reason to panic: the exit status
/// still tells.
fn warn(message: &str) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "safeguard: {}",
        explain::printable(message)
    );
}

/// Writes to standard output. A failed write is a `Failure::Write`; a reader that closed the
/// pipe early (`| head`) ends the output without a message, but the status is still 4.
fn emit(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(write_failure)
}

fn write_failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::Write(String::new())
    } else {
        Failure::Write(format!("cannot write the output: {e}"))
    }
}

fn audit_failure(failure: safeguard_harness::audit::Failure) -> Failure {
    match failure {
        safeguard_harness::audit::Failure::Usage(message) => Failure::usage(message),
        safeguard_harness::audit::Failure::Write(message) => Failure::Write(message),
    }
}

/// The fixture directory: the one given, or `fixtures/` in the working directory.
fn fixture_dir(given: Option<PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    let here = PathBuf::from("fixtures");
    if here.is_dir() {
        Ok(here)
    } else {
        Err(Failure::usage(
            "no fixture directory given, and there is no `fixtures` directory here: run from \
             the top of the safeguard checkout, or name the directory (safeguard conformance \
             PATH/TO/fixtures)"
                .to_owned(),
        ))
    }
}

fn run(cli: Cli) -> Result<u8, Failure> {
    match cli.command {
        Command::Conformance {
            dir,
            format,
            no_coverage,
            implementation,
            timeout_ms,
            handshake_timeout_ms,
            results,
        } => {
            let dir = fixture_dir(dir)?;
            let checks = suite::SelfChecks {
                coverage: !no_coverage,
                schema: true,
            };
            let over_protocol = implementation.is_some();
            let (report, described) = match implementation {
                None => (
                    suite::run_checked(&dir, checks).map_err(Failure::read)?,
                    protocol::core_implementation(),
                ),
                Some(command) => {
                    let timeouts = protocol::Timeouts {
                        handshake: std::time::Duration::from_millis(handshake_timeout_ms),
                        request: std::time::Duration::from_millis(timeout_ms),
                    };
                    let mut runner =
                        protocol::ProtocolRunner::start(&command, timeouts).map_err(|e| {
                            Failure::usage(format!("--implementation {command:?}: {e}"))
                        })?;
                    let report = suite::run_checked_with(&dir, checks, &mut |f| runner.run(f))
                        .map_err(Failure::read)?;
                    let described = runner.implementation().clone();
                    runner.finish();
                    (report, described)
                }
            };
            if let Some(path) = results {
                let text = protocol::results(
                    &report,
                    protocol::suite_version(&dir),
                    &described,
                    over_protocol,
                );
                let mut out = Output::open(Some(&path)).map_err(|e| Failure::usage(e.0))?;
                out.write_all(text.as_bytes()).map_err(write_failure)?;
                out.finish().map_err(|e| Failure::Write(e.0))?;
            }
            let text = match format {
                ReportFormat::Table => suite::table(&report),
                ReportFormat::Json => suite::json(&report) + "\n",
                ReportFormat::Junit => suite::junit(&report),
            };
            emit(&text)?;
            Ok(if report.ok() { OK } else { SUITE_FAILED })
        }
        Command::Check {
            case,
            batch,
            output,
            now,
            policy,
            format,
        } => match (case, batch) {
            (_, Some(batch)) => {
                if format == Some(CheckFormat::Text) {
                    return Err(Failure::usage(
                        "a batch is written as JSON Lines only; --format text is not supported \
                         with --batch (leave --format out, or give --format json)"
                            .to_owned(),
                    ));
                }
                check_batch(&batch, output.as_deref(), &now, policy.as_deref())
            }
            (Some(case), None) => check(
                &case,
                &now,
                policy.as_deref(),
                format.unwrap_or(CheckFormat::Text),
            ),
            (None, None) => Err(Failure::usage(
                "give a CASE file or --batch FILE".to_owned(),
            )),
        },
        Command::Schema { input } => {
            emit(&safeguard_harness::schema::text(&input))?;
            Ok(OK)
        }
        Command::Rules {
            coverage,
            reasons,
            dir,
            json,
            markdown,
        } => {
            if markdown {
                let dir = fixture_dir(dir)?;
                let text =
                    safeguard_harness::catalogue_doc::markdown(&dir).map_err(Failure::read)?;
                emit(&text)?;
            } else if coverage {
                let dir = fixture_dir(dir)?;
                let report = suite::run(&dir).map_err(Failure::read)?;
                emit(&suite::coverage_text(&report))?;
            } else if reasons {
                let mut text = String::new();
                for reason in Reason::ALL {
                    text.push_str(&format!("{:<36} {}\n", reason.code(), reason.text()));
                }
                emit(&text)?;
            } else if json {
                #[derive(serde::Serialize)]
                struct Catalogue {
                    #[serde(flatten)]
                    header: safeguard_harness::envelope::Header,
                    rules: &'static [safeguard_core::Rule],
                }
                let catalogue = Catalogue {
                    header: safeguard_harness::envelope::HEADER,
                    rules: &safeguard_core::CATALOGUE,
                };
                let text = serde_json::to_string_pretty(&catalogue)
                    .map_err(|e| Failure::Write(e.to_string()))?;
                emit(&(text + "\n"))?;
            } else {
                emit(&suite::catalogue_text())?;
            }
            Ok(OK)
        }
        Command::ServeProtocol => {
            protocol::serve(std::io::stdin().lock(), std::io::stdout().lock())
                .map_err(write_failure)?;
            Ok(OK)
        }
        Command::Encode { case, output } => {
            let raw = input::read_raw_case(&case).map_err(Failure::read)?;
            let bytes = safeguard_harness::wire::case_bytes(&raw).map_err(|e| {
                Failure::Input(ErrorReport {
                    stage: "validate",
                    code: "unencodable",
                    field: String::new(),
                    message: format!("{}: cannot encode: {e}", case.display()),
                })
            })?;
            let mut out = Output::open(output.as_deref()).map_err(|e| Failure::usage(e.0))?;
            out.write_all(&bytes).map_err(write_failure)?;
            out.finish().map_err(|e| Failure::Write(e.0))?;
            Ok(OK)
        }
        Command::Audit(args) => safeguard_harness::audit::cli::audit(args).map_err(audit_failure),
        Command::SampleCorpus(args) => {
            safeguard_harness::audit::cli::sample_corpus(args).map_err(audit_failure)
        }
        Command::Decode { input, format } => {
            let bytes = read_bytes(&input)?;
            let raw = safeguard_core::decode_case(&bytes).map_err(|e| {
                Failure::Input(ErrorReport {
                    stage: "decode",
                    code: e.code(),
                    field: String::new(),
                    message: format!("{}: {e}", input.display()),
                })
            })?;
            let text = match format {
                DocFormat::Json => serde_json::to_string_pretty(&raw).map_err(|e| e.to_string()),
                DocFormat::Toml => toml::to_string_pretty(&raw).map_err(|e| e.to_string()),
            }
            .map_err(|e| {
                Failure::Input(ErrorReport {
                    stage: "validate",
                    code: "unencodable",
                    field: String::new(),
                    message: format!("{}: {e}", input.display()),
                })
            })?;
            emit(&(text + "\n"))?;
            Ok(OK)
        }
    }
}

/// Postcard bytes from a file or standard input, at most the input limit (a case's bytes are
/// far smaller than its JSON).
fn read_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    use std::io::Read as _;
    let shown = path.display().to_string();
    let reader: Box<dyn std::io::Read> = if path == Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| {
            Failure::read(InputError {
                file: shown.clone(),
                field: String::new(),
                problem: format!("cannot read: {e}"),
                code: "unreadable",
            })
        })?)
    };
    let mut bytes = Vec::new();
    reader
        .take(input::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Failure::read(InputError {
                file: shown.clone(),
                field: String::new(),
                problem: format!("cannot read: {e}"),
                code: "unreadable",
            })
        })?;
    if bytes.len() > input::MAX_INPUT_BYTES {
        return Err(Failure::read(InputError {
            file: shown,
            field: String::new(),
            problem: format!("more than {} bytes; refused", input::MAX_INPUT_BYTES),
            code: "too_large",
        }));
    }
    Ok(bytes)
}

fn parse_now(now: &str) -> Result<Instant, Failure> {
    input::parse_instant(now, "--now", "").map_err(|e| {
        Failure::Input(ErrorReport {
            stage: "decode",
            code: e.code,
            field: "now".to_owned(),
            message: e.to_string(),
        })
    })
}

fn read_policy(path: Option<&Path>) -> Result<Policy, Failure> {
    match path {
        None => Ok(Policy::default()),
        Some(path) => input::read_policy(path).map_err(policy_failure),
    }
}

/// The policy read by [`read_policy`], checked once for every case it judges.
fn check_policy<'p>(policy: &'p Policy, path: Option<&Path>) -> Result<CheckedPolicy<'p>, Failure> {
    let file = path.map_or_else(
        || "the default policy".to_owned(),
        |p| p.display().to_string(),
    );
    input::check_policy(policy, &file).map_err(policy_failure)
}

fn policy_failure(e: InputError) -> Failure {
    // A policy refused by its own check is an `evaluate` error, as in the fixtures.
    let stage = if input::DECODE_CODES.contains(&e.code) {
        if e.code == "unreadable" {
            "read"
        } else {
            "decode"
        }
    } else {
        "evaluate"
    };
    Failure::Input(ErrorReport {
        stage,
        code: e.code,
        field: e.field.clone(),
        message: e.to_string(),
    })
}

fn check(
    path: &Path,
    now: &str,
    policy: Option<&Path>,
    format: CheckFormat,
) -> Result<u8, Failure> {
    let now = parse_now(now)?;
    let policy_path = policy;
    let policy = read_policy(policy_path)?;
    let policy = check_policy(&policy, policy_path)?;
    let file = path.display().to_string();
    // A refused case, as data; printed as a JSON document under `--format json`.
    let refused = |reference: Option<&str>, error: ErrorReport| -> Result<u8, Failure> {
        if format == CheckFormat::Json {
            warn(&error.message);
            let document = CaseDocument {
                header: envelope::HEADER,
                line: None,
                reference,
                now: Some(now),
                outcome: Outcome::Error(&error),
            };
            emit(&(envelope::to_line(&document) + "\n"))?;
            Ok(BAD_INPUT)
        } else {
            Err(Failure::Input(error))
        }
    };
    let raw: RawCase = match input::read_raw_case(path) {
        Ok(raw) => raw,
        Err(e) => return refused(None, input_report(&e)),
    };
    let reference = raw.reference.as_str().to_owned();
    let case = match Case::new(raw) {
        Ok(case) => case,
        Err(e) => {
            let error = ErrorReport {
                stage: "validate",
                code: e.code(),
                field: e.field().to_owned(),
                message: format!("{file}: {e}"),
            };
            return refused(Some(&reference), error);
        }
    };
    let findings = match evaluate(&case, policy, now) {
        Ok(findings) => findings,
        Err(e) => {
            let error = ErrorReport {
                stage: "evaluate",
                code: e.code(),
                field: e.field().to_owned(),
                message: format!("{file}: {e}"),
            };
            return refused(Some(&reference), error);
        }
    };
    match format {
        CheckFormat::Text => emit(&explain::findings(case.reference(), now, &findings))?,
        CheckFormat::Json => {
            let document = CaseDocument {
                header: envelope::HEADER,
                line: None,
                reference: Some(case.reference()),
                now: Some(now),
                outcome: Outcome::Findings(&findings),
            };
            let text = serde_json::to_string_pretty(&document)
                .map_err(|e| Failure::Write(format!("cannot write the output: {e}")))?;
            emit(&(text + "\n"))?;
        }
    }
    Ok(OK)
}

fn check_batch(
    path: &Path,
    output: Option<&Path>,
    now: &str,
    policy: Option<&Path>,
) -> Result<u8, Failure> {
    let now = parse_now(now)?;
    let policy_path = policy;
    let policy = read_policy(policy_path)?;
    let policy = check_policy(&policy, policy_path)?;
    let file = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        Failure::read(InputError {
            file: file.clone(),
            field: String::new(),
            problem: format!("cannot read: {e}"),
            code: "unreadable",
        })
    };
    let reader: Box<dyn BufRead> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(path).map_err(unreadable)?,
        ))
    };
    let mut out = Output::open(output).map_err(|e| Failure::usage(e.0))?;
    let counts = batch::stream(reader, policy, now, |record| {
        let error;
        let document = match &record {
            Record::Evaluated(e) => CaseDocument {
                header: envelope::HEADER,
                line: Some(e.line),
                reference: Some(&e.reference),
                now: Some(now),
                outcome: Outcome::Findings(&e.findings),
            },
            Record::Rejected(r) => {
                let field = if r.field.is_empty() {
                    String::new()
                } else {
                    format!(" {}", r.field)
                };
                warn(&format!(
                    "{file}:{}: rejected ({} {}{field}): {}",
                    r.line, r.stage, r.code, r.message
                ));
                error = ErrorReport {
                    stage: r.stage,
                    code: r.code,
                    field: r.field.clone(),
                    message: r.message.clone(),
                };
                CaseDocument {
                    header: envelope::HEADER,
                    line: Some(r.line),
                    reference: r.reference.as_deref(),
                    now: Some(now),
                    outcome: Outcome::Error(&error),
                }
            }
        };
        out.write_all(envelope::to_line(&document).as_bytes())?;
        out.write_all(b"\n")?;
        out.end_record()
    });
    let counts = match counts {
        Ok(counts) => counts,
        Err(BatchError::Read(e)) => return Err(unreadable(e)),
        Err(BatchError::Write(e)) => return Err(write_failure(e)),
    };
    out.finish().map_err(|e| Failure::Write(e.0))?;
    warn(&format!(
        "{file}: {} lines read: {} evaluated, {} rejected, {} blank",
        counts.lines, counts.evaluated, counts.rejected, counts.blank
    ));
    Ok(if counts.rejected == 0 {
        OK
    } else {
        SOME_REJECTED
    })
}
