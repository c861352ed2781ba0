//! `safeguard audit`: the inspectors' table for a force's own cases (docs/AUDIT.md).
//!
//! The export is read as a stream ([`read`]), in chunks, by one thread; each chunk's records
//! are decoded, validated and evaluated on every core ([`tally::judge`], with `rayon`), and
//! their findings are turned into audit lines ([`duty`]) and counted in input order
//! ([`tally::Tally`]), so memory stays the same however long the export is: a chunk in flight,
//! the counts, and at most `--max-failing` failing lines and bad records kept for the listing.
//! The report ([`report::Report`]) is the JSON document; the table, the CSV rows and the HTML
//! page ([`html`]) are made from it or from the same lines.

pub mod cli;
pub mod corpus;
pub mod duty;
pub mod html;
pub mod read;
pub mod report;
pub mod tally;

use std::collections::BTreeMap;
use std::io::{IsTerminal as _, Write};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;
use safeguard_core::{Instant, Policy};

use read::{Kind, Payload, Record};
use report::{InputSummary, RecordCounts, Report, Run, SampleInfo};
use tally::{Outcome, Rejected, Sampler, Tally, Worker};

/// Records handed to the workers at a time.
pub const CHUNK: usize = 8192;

/// What to audit, and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The inputs, in order.
    pub inputs: Vec<PathBuf>,
    /// The "as at" instant.
    pub as_at: Instant,
    /// The force policy.
    pub policy: Policy,
    /// Its name in the report (the file, or `default`).
    pub policy_name: String,
    /// `(cases per duty, seed)` to report on a sample.
    pub sample: Option<(usize, u64)>,
    /// The most failing lines (and bad records) listed.
    pub max_failing: usize,
    /// Show a progress bar on standard error when it is a terminal.
    pub progress: bool,
    /// Report each bad record on standard error as it is found.
    pub report_rejected: bool,
}

/// Why an audit stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Bad usage or input: nothing was judged (exit 2).
    Usage(String),
    /// An output could not be written (exit 4).
    Write(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Usage(m) | Failure::Write(m) => f.write_str(m),
        }
    }
}

fn csv_failure(e: csv::Error) -> Failure {
    Failure::Write(format!("cannot write the CSV: {e}"))
}

/// Runs the audit. CSV rows (one per line) go to `csv` as the lines are counted. Fails only
/// when an input names nothing `safeguard audit` can read, or the CSV cannot be written; bad
/// records are counted and listed, never fatal.
pub fn run<W: Write>(
    options: &Options,
    mut csv: Option<&mut csv::Writer<W>>,
) -> Result<Report, Failure> {
    // Checked once; every record is judged with the checked form.
    let policy = crate::input::check_policy(&options.policy, &options.policy_name)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let mut inputs = Vec::new();
    let mut kinds = Vec::new();
    for path in &options.inputs {
        if path.as_os_str() != "-" && !path.exists() {
            return Err(Failure::Usage(format!(
                "{}: no such file or directory",
                path.display()
            )));
        }
        let kind = Kind::of(path).ok_or_else(|| {
            Failure::Usage(format!(
                "{}: not an export safeguard audit reads (.jsonl, .ndjson, .jsonl.gz, .pcs, .pcs.gz, or a directory of case files)",
                path.display()
            ))
        })?;
        kinds.push(kind);
        inputs.push(InputSummary {
            path: path.display().to_string(),
            kind,
            records: 0,
            rejected: 0,
            blank: 0,
        });
    }
    if let Some(csv) = csv.as_mut() {
        csv.write_record(report::CSV_HEADER).map_err(csv_failure)?;
    }

    let progress = if options.progress && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {human_pos} cases audited, {rate} cases/s, {elapsed}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner())
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}", state.per_sec());
                },
            ),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };

    let mut records = RecordCounts::default();
    let mut rejected_by_code: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut rejected: Vec<Rejected> = Vec::new();
    let mut tally = Tally::new(options.max_failing);
    let mut population = options.sample.map(|_| Tally::new(0));
    let mut sampler = options.sample.map(|(n, seed)| Sampler::new(n, seed));
    let mut csv_error: Option<Failure> = None;

    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<Vec<Record>>(2);
        let paths = &options.inputs;
        let kinds = &kinds;
        scope.spawn(move || {
            let mut chunk = Vec::with_capacity(CHUNK);
            for (i, (path, kind)) in paths.iter().zip(kinds).enumerate() {
                let mut sink = |record| {
                    chunk.push(record);
                    if chunk.len() == CHUNK {
                        let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                        // The receiver only goes away when the audit failed; stop reading.
                        let _ = tx.send(full);
                    }
                };
                if let Err(e) = read::each_record(i, path, *kind, &mut sink) {
                    sink(Record {
                        input: i,
                        number: 0,
                        file: None,
                        payload: Payload::Unreadable(
                            "read",
                            "unreadable",
                            format!("cannot read: {e}"),
                        ),
                    });
                }
            }
            if !chunk.is_empty() {
                let _ = tx.send(chunk);
            }
        });
        for chunk in rx {
            let n = chunk.len() as u64;
            let judged: Vec<Outcome> = chunk
                .into_par_iter()
                .map_init(Worker::default, |worker, record| {
                    tally::judge(record, policy, options.as_at, worker)
                })
                .collect();
            for outcome in judged {
                match outcome {
                    Outcome::Blank(input) => {
                        records.blank += 1;
                        if let Some(summary) = inputs.get_mut(input) {
                            summary.blank += 1;
                        }
                    }
                    Outcome::Judged(judged) => {
                        records.read += 1;
                        records.evaluated += 1;
                        if let Some(summary) = inputs.get_mut(judged.meta.input) {
                            summary.records += 1;
                        }
                        if let (Some(sampler), Some(population)) =
                            (sampler.as_mut(), population.as_mut())
                        {
                            population.add(&judged.meta, &judged.lines);
                            sampler.offer(&judged.meta, &judged.lines);
                        } else {
                            tally.add(&judged.meta, &judged.lines);
                            if let (Some(csv), None) = (csv.as_mut(), &csv_error) {
                                let source = inputs.get(judged.meta.input).map(|i| {
                                    i.locate(judged.meta.number, judged.meta.file.as_deref())
                                });
                                if let Err(e) = report::csv_rows(
                                    csv,
                                    &judged.meta,
                                    &judged.lines,
                                    &source.unwrap_or_default(),
                                ) {
                                    csv_error = Some(csv_failure(e));
                                }
                            }
                        }
                    }
                    Outcome::Rejected(refused) => {
                        records.read += 1;
                        records.rejected += 1;
                        *rejected_by_code.entry(refused.code).or_insert(0) += 1;
                        if let Some(summary) = inputs.get_mut(refused.input) {
                            summary.records += 1;
                            summary.rejected += 1;
                            if options.report_rejected {
                                let at = summary.locate(refused.number, refused.file.as_deref());
                                let field = if refused.field.is_empty() {
                                    String::new()
                                } else {
                                    format!(" {}", refused.field)
                                };
                                progress.suspend(|| {
                                    eprintln!(
                                        "{at}: rejected ({} {}{field}): {}",
                                        refused.stage, refused.code, refused.message
                                    );
                                });
                            }
                        }
                        if rejected.len() < options.max_failing {
                            rejected.push(refused);
                        }
                    }
                }
            }
            progress.inc(n);
        }
    });
    progress.finish_and_clear();
    if let Some(e) = csv_error {
        return Err(e);
    }

    let mut sample = None;
    if let (Some(sampler), Some((per_duty, seed))) = (sampler, options.sample) {
        let (drawn, cases) = sampler.finish();
        for (meta, lines) in &drawn {
            tally.add(meta, lines);
            if let Some(csv) = csv.as_mut() {
                let source = inputs
                    .get(meta.input)
                    .map(|i| i.locate(meta.number, meta.file.as_deref()));
                report::csv_rows(csv, meta, lines, &source.unwrap_or_default())
                    .map_err(csv_failure)?;
            }
        }
        sample = Some(SampleInfo {
            per_duty,
            seed,
            cases,
        });
    }
    if let Some(csv) = csv.as_mut() {
        csv.flush()
            .map_err(|e| Failure::Write(format!("cannot write the CSV: {e}")))?;
    }
    Ok(report::build(Run {
        as_at: options.as_at,
        policy: options.policy_name.clone(),
        working_days: options.policy.needs_assessment_working_days,
        inputs,
        sample,
        records,
        rejected_by_code,
        rejected,
        tally,
        population: population.map(|p| p.duties),
    }))
}
