//! The audit as data (the JSON document), and the terminal table and CSV rows made from it.
//! The HTML report ([`super::html`]) is made from the same [`Report`], so every output shows
//! the same figures.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

use safeguard_core::{Instant, Status};
use serde::Serialize;

use super::duty::{self, CATEGORIES, DUTY_COUNT, Duty, Family, Line, NO_CATEGORY};
use super::read::Kind;
use super::tally::{Counts, Meta, Rejected, Tally, wilson};

/// The version of the audit's JSON layout. Raised when a field is removed, renamed or changes
/// meaning; adding a field does not raise it.
pub const FORMAT_VERSION: u32 = 1;

/// The `safeguard` release (the same as every JSON output's, `docs/OUTPUT.md`).
pub const TOOL_VERSION: &str = crate::envelope::TOOL_VERSION;

/// The version of the rule catalogue the findings follow (`safeguard_core::CATALOGUE_VERSION`).
pub const CATALOGUE_VERSION: u16 = crate::envelope::CATALOGUE_VERSION;

/// One input of the audit.
#[derive(Clone, Debug, Serialize)]
pub struct InputSummary {
    /// The path as given (`-` for standard input).
    pub path: String,
    /// What it holds.
    pub kind: Kind,
    /// Records read from it.
    pub records: u64,
    /// Of which refused.
    pub rejected: u64,
    /// Blank lines (no record; not counted in `records`).
    pub blank: u64,
}

impl InputSummary {
    /// Where a record of this input is (`export.jsonl:12`, `export.pcs: frame 3`, or the case
    /// file of a directory).
    pub fn locate(&self, number: u64, file: Option<&std::path::Path>) -> String {
        match (file, self.kind) {
            (Some(file), _) => file.display().to_string(),
            (None, Kind::Postcard | Kind::PostcardGz) => format!("{}: frame {number}", self.path),
            (None, _) => format!("{}:{number}", self.path),
        }
    }
}

/// What the sample was.
#[derive(Clone, Debug, Serialize)]
pub struct SampleInfo {
    /// Cases drawn per duty (fewer where fewer applied).
    pub per_duty: usize,
    /// The seed.
    pub seed: u64,
    /// Distinct cases in the sample.
    pub cases: u64,
}

/// Records read, evaluated and refused.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RecordCounts {
    /// Every record read.
    pub read: u64,
    /// Evaluated.
    pub evaluated: u64,
    /// Refused (reported by line, counted apart from the findings).
    pub rejected: u64,
    /// Blank lines of JSON Lines: no record, in no other count (as `check --batch`).
    pub blank: u64,
}

/// One line of the table.
#[derive(Clone, Debug, Serialize)]
pub struct DutyRow {
    /// The line's id (`PO-4a`).
    pub duty: &'static str,
    /// The rule it counts.
    pub rule: &'static str,
    /// Its family (`PO`).
    pub family: &'static str,
    /// The duty in the inspectors' words.
    pub title: String,
    /// `Met`.
    pub compliant: u64,
    /// `MetLate`.
    pub late: u64,
    /// `Missed`.
    pub missed: u64,
    /// `Prohibited`.
    pub prohibited: u64,
    /// Late, missed or prohibited.
    pub non_compliant: u64,
    /// Compliant plus non-compliant: the denominator.
    pub applicable: u64,
    /// `Pending` or `DueSoon`: shown apart, counted neither way.
    pub open: u64,
    /// Compliant over applicable; `null` when nothing applied.
    pub proportion: Option<f64>,
    /// The 95 % Wilson score interval of the proportion.
    pub wilson_95: Option<[f64; 2]>,
    /// The line as the table prints it (`needs assessment ...: 23 of 63 (37 %)`).
    pub text: String,
    /// In a sample: the counts over every case of the export.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<Counts>,
}

/// One duty's counts in a breakdown.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    /// The duty line.
    pub duty: &'static str,
    /// The counts.
    #[serde(flatten)]
    pub counts: Counts,
    /// Compliant plus non-compliant.
    pub applicable: u64,
}

/// One row of a breakdown: a month or a category, with the duties that had lines there.
#[derive(Clone, Debug, Serialize)]
pub struct BreakdownRow {
    /// `2021-04`, `unknown`, or a category.
    pub key: String,
    /// Per duty, only those with lines.
    pub duties: Vec<Cell>,
    /// Per family: compliant and applicable, summed over its duties.
    pub families: BTreeMap<&'static str, [u64; 2]>,
}

/// A failing line, for a supervisor to act on.
#[derive(Clone, Debug, Serialize)]
pub struct FailingRow {
    /// The case reference.
    pub reference: String,
    /// Where the record is in the input.
    pub source: String,
    /// The duty line.
    pub duty: &'static str,
    /// The rule.
    pub rule: &'static str,
    /// The subject (`victim 1`).
    pub subject: String,
    /// The status (`met_late`, `missed`, `prohibited`).
    pub status: Status,
    /// The deadline.
    pub deadline: Option<Instant>,
    /// When it was done, if it was.
    pub met_at: Option<Instant>,
    /// The reason code.
    pub reason: &'static str,
    /// The reason in words.
    pub reason_text: &'static str,
}

/// A refused record, as listed.
#[derive(Clone, Debug, Serialize)]
pub struct RejectedRow {
    /// Where the record is.
    pub source: String,
    /// The refusal.
    #[serde(flatten)]
    pub rejected: Rejected,
}

/// The audit, as the JSON output writes it.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// [`TOOL_VERSION`].
    pub tool_version: &'static str,
    /// [`CATALOGUE_VERSION`].
    pub catalogue_version: u16,
    /// The "as at" instant.
    pub as_at: Instant,
    /// The policy file, or `default`.
    pub policy: String,
    /// The NA-1 period of the policy, in working days.
    pub needs_assessment_working_days: u16,
    /// The inputs, in command-line order.
    pub inputs: Vec<InputSummary>,
    /// The sample, when one was drawn.
    pub sample: Option<SampleInfo>,
    /// Records read, evaluated and refused.
    pub records: RecordCounts,
    /// Refused records per code.
    pub rejected_by_code: BTreeMap<&'static str, u64>,
    /// One row per duty line, in catalogue order.
    pub duties: Vec<DutyRow>,
    /// By month (UK civil time) of the event that triggered the duty.
    pub by_month: Vec<BreakdownRow>,
    /// By crime category (a case in several counts under each).
    pub by_category: Vec<BreakdownRow>,
    /// Every failing line, listed or not.
    pub failing_total: u64,
    /// The failing lines listed (at most `--max-failing`), in input order.
    pub failing: Vec<FailingRow>,
    /// Every refused record, listed or not.
    pub rejected_total: u64,
    /// The refused records listed (at most `--max-failing`), in input order.
    pub rejected: Vec<RejectedRow>,
}

/// Rounds a proportion to a whole per cent, halves away from zero.
pub fn percent(p: f64) -> f64 {
    (p * 100.0).round()
}

fn duty_row(duty: Duty, counts: Counts, working_days: u16, population: Option<Counts>) -> DutyRow {
    let applicable = counts.applicable();
    let proportion = (applicable > 0).then(|| counts.compliant as f64 / applicable as f64);
    let title = duty.title(working_days);
    let text = match proportion {
        Some(p) => format!(
            "{title}: {} of {applicable} ({} %)",
            counts.compliant,
            percent(p)
        ),
        None => format!("{title}: none applicable"),
    };
    DutyRow {
        duty: duty.id(),
        rule: duty.rule().as_str(),
        family: duty.family().code(),
        title,
        compliant: counts.compliant,
        late: counts.late,
        missed: counts.missed,
        prohibited: counts.prohibited,
        non_compliant: counts.non_compliant(),
        applicable,
        open: counts.open,
        proportion,
        wilson_95: wilson(counts.compliant, applicable).map(|(lo, hi)| [lo, hi]),
        text,
        population,
    }
}

fn breakdown_row(key: String, per: &[Counts; DUTY_COUNT]) -> Option<BreakdownRow> {
    let duties: Vec<Cell> = Duty::ALL
        .iter()
        .zip(per)
        .filter(|(_, c)| c.total() > 0)
        .map(|(d, c)| Cell {
            duty: d.id(),
            counts: *c,
            applicable: c.applicable(),
        })
        .collect();
    if duties.is_empty() {
        return None;
    }
    let mut families = BTreeMap::new();
    for (d, c) in Duty::ALL.iter().zip(per) {
        if c.total() > 0 {
            let entry = families.entry(d.family().code()).or_insert([0, 0]);
            entry[0] += c.compliant;
            entry[1] += c.applicable();
        }
    }
    Some(BreakdownRow {
        key,
        duties,
        families,
    })
}

/// What the runner hands over to make the report.
#[derive(Debug)]
pub struct Run {
    /// The "as at" instant.
    pub as_at: Instant,
    /// The policy's name.
    pub policy: String,
    /// The NA-1 period.
    pub working_days: u16,
    /// The inputs.
    pub inputs: Vec<InputSummary>,
    /// The sample, if any.
    pub sample: Option<SampleInfo>,
    /// Records.
    pub records: RecordCounts,
    /// Refused per code.
    pub rejected_by_code: BTreeMap<&'static str, u64>,
    /// The refused records kept.
    pub rejected: Vec<Rejected>,
    /// The counts (of the sample, when there is one).
    pub tally: Tally,
    /// In a sample: the counts over the whole export.
    pub population: Option<[Counts; DUTY_COUNT]>,
}

/// Builds the report.
pub fn build(run: Run) -> Report {
    let Run {
        as_at,
        policy,
        working_days,
        inputs,
        sample,
        records,
        rejected_by_code,
        rejected,
        tally,
        population,
    } = run;
    let duties = Duty::ALL
        .iter()
        .zip(tally.duties)
        .map(|(d, c)| {
            duty_row(
                *d,
                c,
                working_days,
                population.and_then(|p| p.get(d.index()).copied()),
            )
        })
        .collect();
    let by_month = tally
        .months
        .iter()
        .filter_map(|(m, per)| {
            breakdown_row(
                m.map_or_else(|| "unknown".to_owned(), duty::month_name),
                per,
            )
        })
        .collect();
    let by_category = tally
        .categories
        .iter()
        .enumerate()
        .filter_map(|(i, per)| {
            let name = CATEGORIES.get(i).map_or(NO_CATEGORY, |(_, n)| n);
            breakdown_row(name.to_owned(), per)
        })
        .collect();
    let locate = |input: usize, number: u64, file: Option<&std::path::Path>| {
        inputs
            .get(input)
            .map(|i| i.locate(number, file))
            .unwrap_or_default()
    };
    let failing = tally
        .failing
        .iter()
        .map(|f| {
            failing_row(
                &f.meta,
                &f.line,
                locate(f.meta.input, f.meta.number, f.meta.file.as_deref()),
            )
        })
        .collect();
    let rejected = rejected
        .into_iter()
        .map(|r| RejectedRow {
            source: locate(r.input, r.number, r.file.as_deref()),
            rejected: r,
        })
        .collect();
    Report {
        format_version: FORMAT_VERSION,
        tool_version: TOOL_VERSION,
        catalogue_version: CATALOGUE_VERSION,
        as_at,
        policy,
        needs_assessment_working_days: working_days,
        inputs,
        sample,
        rejected_total: records.rejected,
        records,
        rejected_by_code,
        duties,
        by_month,
        by_category,
        failing_total: tally.failing_total,
        failing,
        rejected,
    }
}

fn failing_row(meta: &Meta, line: &Line, source: String) -> FailingRow {
    FailingRow {
        reference: meta.reference.clone(),
        source,
        duty: line.duty.id(),
        rule: line.duty.rule().as_str(),
        subject: line.subject.to_string(),
        status: line.status,
        deadline: line.deadline,
        met_at: line.met_at,
        reason: line.reason.code(),
        reason_text: line.reason.text(),
    }
}

/// The JSON document.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}

fn interval(row: &DutyRow) -> String {
    row.wilson_95.map_or_else(
        || "-".to_owned(),
        |[lo, hi]| format!("{:.0}-{:.0} %", percent(lo), percent(hi)),
    )
}

/// The terminal table.
pub fn table(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "safeguard audit, as at {}", report.as_at);
    let _ = writeln!(
        out,
        "policy: {}; safeguard {}; rule catalogue {}",
        report.policy, report.tool_version, report.catalogue_version
    );
    for input in &report.inputs {
        let _ = writeln!(
            out,
            "input: {} ({}, {} records, {} bad)",
            input.path,
            serde_json::to_value(input.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            input.records,
            input.rejected
        );
    }
    let _ = writeln!(
        out,
        "records: {} read, {} evaluated, {} bad (listed below, counted apart)",
        report.records.read, report.records.evaluated, report.records.rejected
    );
    if let Some(sample) = &report.sample {
        let _ = writeln!(
            out,
            "sample: {} applicable cases per duty drawn with seed {} ({} cases in all); the export's own counts are in brackets",
            sample.per_duty, sample.seed, sample.cases
        );
    }
    let _ = writeln!(
        out,
        "\nCompliant of applicable, per duty. Open findings (not yet due) are shown apart and counted neither way.\n"
    );
    let _ = writeln!(
        out,
        "{:<7} {:<88} {:>10} {:>5} {:>6} {:>10} {:>5}",
        "duty", "compliant of applicable", "95 % CI", "late", "missed", "prohibited", "open"
    );
    for row in &report.duties {
        let mut text = row.text.clone();
        if let Some(p) = &row.population {
            let _ = write!(text, " [{} of {}]", p.compliant, p.applicable());
        }
        let _ = writeln!(
            out,
            "{:<7} {:<88} {:>10} {:>5} {:>6} {:>10} {:>5}",
            row.duty,
            text,
            interval(row),
            row.late,
            row.missed,
            row.prohibited,
            row.open
        );
    }
    for (title, rows) in [
        ("By month of the triggering event", &report.by_month),
        ("By crime category", &report.by_category),
    ] {
        let _ = writeln!(out, "\n{title} (compliant of applicable, per family)\n");
        let _ = write!(out, "{:<32}", "");
        for family in Family::ALL {
            let _ = write!(out, " {:>12}", family.code());
        }
        out.push('\n');
        for row in rows {
            let _ = write!(out, "{:<32}", row.key);
            for family in Family::ALL {
                let cell = row
                    .families
                    .get(family.code())
                    .map_or_else(|| "-".to_owned(), |[k, n]| format!("{k}/{n}"));
                let _ = write!(out, " {cell:>12}");
            }
            out.push('\n');
        }
    }
    let _ = writeln!(
        out,
        "\nFailing cases ({} listed of {})\n",
        report.failing.len(),
        report.failing_total
    );
    let _ = writeln!(
        out,
        "{:<20} {:<7} {:<12} {:<10} {:<21} {:<40} source",
        "reference", "duty", "subject", "status", "deadline", "reason"
    );
    for f in &report.failing {
        let _ = writeln!(
            out,
            "{:<20} {:<7} {:<12} {:<10} {:<21} {:<40} {}",
            f.reference,
            f.duty,
            f.subject,
            f.status.as_str(),
            f.deadline
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            f.reason,
            f.source
        );
    }
    if !report.rejected.is_empty() {
        let _ = writeln!(
            out,
            "\nBad records ({} listed of {})\n",
            report.rejected.len(),
            report.rejected_total
        );
        for r in &report.rejected {
            let _ = writeln!(
                out,
                "{}: {} {} {}: {}",
                r.source, r.rejected.stage, r.rejected.code, r.rejected.field, r.rejected.message
            );
        }
    }
    out
}

/// The CSV columns: one row per audit line (a finding; PO-4's finding gives a row per duty).
pub const CSV_HEADER: [&str; 14] = [
    "reference",
    "source",
    "duty",
    "rule",
    "family",
    "subject",
    "status",
    "audit",
    "deadline",
    "met_at",
    "reason",
    "reason_text",
    "month",
    "categories",
];

/// Writes the CSV rows of one case.
pub fn csv_rows<W: io::Write>(
    out: &mut csv::Writer<W>,
    meta: &Meta,
    lines: &[Line],
    source: &str,
) -> csv::Result<()> {
    let categories = CATEGORIES
        .iter()
        .enumerate()
        .filter(|(i, _)| meta.categories & (1 << i) != 0)
        .map(|(_, (_, n))| *n)
        .collect::<Vec<_>>()
        .join(";");
    for line in lines {
        let Some(bucket) = duty::Bucket::of(line.status) else {
            continue;
        };
        let status = serde_json::to_value(line.status).unwrap_or_default();
        let audit = serde_json::to_value(bucket).unwrap_or_default();
        out.write_record([
            meta.reference.as_str(),
            source,
            line.duty.id(),
            line.duty.rule().as_str(),
            line.duty.family().code(),
            &line.subject.to_string(),
            status.as_str().unwrap_or_default(),
            audit.as_str().unwrap_or_default(),
            &line.deadline.map(|d| d.to_string()).unwrap_or_default(),
            &line.met_at.map(|d| d.to_string()).unwrap_or_default(),
            line.reason.code(),
            line.reason.text(),
            &line.month.map(duty::month_name).unwrap_or_default(),
            &categories,
        ])?;
    }
    Ok(())
}
