//! Judging records and counting the lines: per duty, per month, per category, and the failing
//! cases; and the reproducible sample an inspection would draw.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::path::PathBuf;

use safeguard_core::{Case, CheckedPolicy, Findings, Instant, RawCase};
use serde::Serialize;

use super::duty::{self, Bucket, CATEGORIES, DUTY_COUNT, Duty, Line};
use super::read::{Payload, Record};
use crate::input::{self, Syntax};

/// Where a record came from.
#[derive(Clone, Debug)]
pub struct Meta {
    /// The case reference.
    pub reference: String,
    /// The input's position on the command line.
    pub input: usize,
    /// The line, frame or file number in that input.
    pub number: u64,
    /// The file, for a directory's records.
    pub file: Option<PathBuf>,
    /// The case's categories ([`duty::category_bits`]).
    pub categories: u16,
}

/// An evaluated record: where it came from and its lines.
#[derive(Clone, Debug)]
pub struct Judged {
    /// Where it came from.
    pub meta: Meta,
    /// Its lines, in the core's order.
    pub lines: Vec<Line>,
}

/// A refused record.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Rejected {
    /// The input's position on the command line (not serialised; `source` names it).
    #[serde(skip)]
    pub input: usize,
    /// The line, frame or file number.
    #[serde(skip)]
    pub number: u64,
    /// The file, for a directory's records.
    #[serde(skip)]
    pub file: Option<PathBuf>,
    /// `read`, `decode`, `validate` or `evaluate`.
    pub stage: &'static str,
    /// The stable code (as `check --batch` reports it).
    pub code: &'static str,
    /// The field it names; empty for the whole record.
    pub field: String,
    /// What was wrong.
    pub message: String,
}

/// What became of one record.
#[derive(Debug)]
pub enum Outcome {
    /// Evaluated.
    Judged(Judged),
    /// Refused.
    Rejected(Rejected),
    /// A blank line of JSON Lines, from this input: no record.
    Blank(usize),
}

/// One worker's buffers, reused from case to case.
#[derive(Debug)]
pub struct Worker {
    raw: RawCase,
    case: Case,
    findings: Findings,
}

impl Default for Worker {
    fn default() -> Self {
        Worker {
            raw: RawCase::EMPTY,
            case: Case::EMPTY,
            findings: Findings::new(),
        }
    }
}

/// Decodes, validates and evaluates one record as at `now`, giving its lines or why it was
/// refused: the same decoder (`input::decode_case`, the core's `decode_case_into`), stages and
/// codes as `check --batch` and `decode`.
pub fn judge(
    record: Record,
    policy: CheckedPolicy<'_>,
    now: Instant,
    worker: &mut Worker,
) -> Outcome {
    if matches!(record.payload, Payload::Blank) {
        return Outcome::Blank(record.input);
    }
    match judge_record(record, policy, now, worker) {
        Ok(judged) => Outcome::Judged(judged),
        Err(rejected) => Outcome::Rejected(rejected),
    }
}

fn judge_record(
    record: Record,
    policy: CheckedPolicy<'_>,
    now: Instant,
    worker: &mut Worker,
) -> Result<Judged, Rejected> {
    let Record {
        input,
        number,
        file,
        payload,
    } = record;
    let refuse = |stage, code, field: &str, message: String| Rejected {
        input,
        number,
        file: file.clone(),
        stage,
        code,
        field: field.to_owned(),
        message,
    };
    let name = || match &file {
        Some(file) => file.display().to_string(),
        None => format!("line {number}"),
    };
    match payload {
        Payload::Unreadable(stage, code, message) => return Err(refuse(stage, code, "", message)),
        Payload::Blank => {
            return Err(refuse(
                "decode",
                "syntax",
                "",
                "a blank line holds no case".to_owned(),
            ));
        }
        Payload::Json(text) => {
            worker.raw = input::decode_case(&text, Syntax::Json, &name())
                .map_err(|e| refuse("decode", e.code, &e.field, e.problem))?;
        }
        Payload::Toml(text) => {
            worker.raw = input::decode_case(&text, Syntax::Toml, &name())
                .map_err(|e| refuse("decode", e.code, &e.field, e.problem))?;
        }
        Payload::Postcard(bytes) => {
            safeguard_core::decode_case_into(&bytes, &mut worker.raw)
                .map_err(|e| refuse("decode", e.code(), "", e.to_string()))?;
        }
    }
    worker
        .case
        .renew(&mut worker.raw)
        .map_err(|e| refuse("validate", e.code(), e.field(), e.to_string()))?;
    safeguard_core::evaluate_into(&worker.case, policy, now, &mut worker.findings)
        .map_err(|e| refuse("evaluate", e.code(), e.field(), e.to_string()))?;
    let mut lines = Vec::with_capacity(worker.findings.len() + 1);
    duty::lines(&worker.case, &worker.findings, &mut lines);
    Ok(Judged {
        meta: Meta {
            reference: worker.case.reference().to_owned(),
            input,
            number,
            file,
            categories: duty::category_bits(&worker.case),
        },
        lines,
    })
}

/// The counts of one duty line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// `Met`.
    pub compliant: u64,
    /// `MetLate`.
    pub late: u64,
    /// `Missed`.
    pub missed: u64,
    /// `Prohibited`.
    pub prohibited: u64,
    /// `Pending` and `DueSoon`: shown apart, counted neither way.
    pub open: u64,
}

impl Counts {
    /// Counts one line.
    pub fn add(&mut self, bucket: Bucket) {
        let slot = match bucket {
            Bucket::Compliant => &mut self.compliant,
            Bucket::Late => &mut self.late,
            Bucket::Missed => &mut self.missed,
            Bucket::Prohibited => &mut self.prohibited,
            Bucket::Open => &mut self.open,
        };
        *slot += 1;
    }

    /// The denominator: lines counted compliant or non-compliant (open ones apart).
    pub fn applicable(&self) -> u64 {
        self.compliant + self.non_compliant()
    }

    /// Met late, missed or prohibited.
    pub fn non_compliant(&self) -> u64 {
        self.late + self.missed + self.prohibited
    }

    /// Every line, open ones included.
    pub fn total(&self) -> u64 {
        self.applicable() + self.open
    }
}

/// The 95 % Wilson score interval for `k` successes in `n` trials, or `None` when `n` is 0.
pub fn wilson(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    const Z: f64 = 1.959_963_984_540_054;
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z * Z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// A non-compliant line, for a supervisor to act on.
#[derive(Clone, Debug)]
pub struct Failing {
    /// Where the case came from.
    pub meta: Meta,
    /// The line.
    pub line: Line,
}

/// Every count the report shows.
#[derive(Clone, Debug)]
pub struct Tally {
    /// Per duty line.
    pub duties: [Counts; DUTY_COUNT],
    /// Per month of the triggering event (`None`: no instant to date it by).
    pub months: BTreeMap<Option<u32>, [Counts; DUTY_COUNT]>,
    /// Per category ([`CATEGORIES`], then cases with none).
    pub categories: Vec<[Counts; DUTY_COUNT]>,
    /// Cases counted.
    pub cases: u64,
    /// Lines counted.
    pub lines: u64,
    /// The failing lines kept for the listing, in input order.
    pub failing: Vec<Failing>,
    /// Every failing line, listed or not.
    pub failing_total: u64,
    /// The most failing lines kept.
    pub max_failing: usize,
}

impl Tally {
    /// An empty tally that keeps at most `max_failing` failing lines for the listing.
    pub fn new(max_failing: usize) -> Self {
        Tally {
            duties: [Counts::default(); DUTY_COUNT],
            months: BTreeMap::new(),
            categories: vec![[Counts::default(); DUTY_COUNT]; CATEGORIES.len() + 1],
            cases: 0,
            lines: 0,
            failing: Vec::new(),
            failing_total: 0,
            max_failing,
        }
    }

    /// Counts one case's lines.
    pub fn add(&mut self, meta: &Meta, lines: &[Line]) {
        self.cases += 1;
        for line in lines {
            let Some(bucket) = Bucket::of(line.status) else {
                continue;
            };
            let d = line.duty.index();
            self.lines += 1;
            if let Some(c) = self.duties.get_mut(d) {
                c.add(bucket);
            }
            if let Some(c) = self
                .months
                .entry(line.month)
                .or_insert([Counts::default(); DUTY_COUNT])
                .get_mut(d)
            {
                c.add(bucket);
            }
            for (i, per) in self.categories.iter_mut().enumerate() {
                if meta.categories & (1 << i) != 0
                    && let Some(c) = per.get_mut(d)
                {
                    c.add(bucket);
                }
            }
            if bucket.is_failing() {
                self.failing_total += 1;
                if self.failing.len() < self.max_failing {
                    self.failing.push(Failing {
                        meta: meta.clone(),
                        line: *line,
                    });
                }
            }
        }
    }
}

/// A reproducible sample: for each duty, `per_duty` of the cases the duty applied to, drawn at
/// random from a seed. Each case gets, for each duty, a priority that depends only on the seed,
/// the duty, the case's reference and its position in the input; the `per_duty` cases of
/// lowest priority are kept. The same input, seed and size give the same sample, on any
/// machine and with any number of threads; a larger sample holds the smaller one.
#[derive(Debug)]
pub struct Sampler {
    per_duty: usize,
    seed: u64,
    seq: u64,
    heaps: Vec<BinaryHeap<Drawn>>,
}

#[derive(Debug)]
struct Drawn {
    priority: u64,
    seq: u64,
    meta: Meta,
    lines: Vec<Line>,
}

impl PartialEq for Drawn {
    fn eq(&self, other: &Self) -> bool {
        (self.priority, self.seq) == (other.priority, other.seq)
    }
}
impl Eq for Drawn {}
impl PartialOrd for Drawn {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Drawn {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.priority, self.seq).cmp(&(other.priority, other.seq))
    }
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Sampler {
    /// A sampler of `per_duty` cases per duty, drawn from `seed`.
    pub fn new(per_duty: usize, seed: u64) -> Self {
        Sampler {
            per_duty,
            seed,
            seq: 0,
            heaps: (0..DUTY_COUNT).map(|_| BinaryHeap::new()).collect(),
        }
    }

    /// Offers one case (every case, in input order).
    pub fn offer(&mut self, meta: &Meta, lines: &[Line]) {
        self.seq += 1;
        let reference = fnv(&meta.reference);
        for duty in Duty::ALL {
            let mine: Vec<Line> = lines
                .iter()
                .filter(|l| l.duty == duty && Bucket::of(l.status).is_some())
                .copied()
                .collect();
            if mine.is_empty() {
                continue;
            }
            let priority = splitmix(
                splitmix(self.seed ^ splitmix(duty.index() as u64 + 1))
                    ^ splitmix(reference ^ self.seq),
            );
            let Some(heap) = self.heaps.get_mut(duty.index()) else {
                continue;
            };
            if heap.len() < self.per_duty {
                heap.push(Drawn {
                    priority,
                    seq: self.seq,
                    meta: meta.clone(),
                    lines: mine,
                });
            } else if heap.peek().is_some_and(|top| priority < top.priority) {
                heap.pop();
                heap.push(Drawn {
                    priority,
                    seq: self.seq,
                    meta: meta.clone(),
                    lines: mine,
                });
            }
        }
    }

    /// The sample, case by case in input order, each with the lines of the duties it was drawn
    /// for; and how many distinct cases it holds.
    pub fn finish(self) -> (Vec<(Meta, Vec<Line>)>, u64) {
        let mut by_seq: BTreeMap<u64, (Meta, Vec<Line>)> = BTreeMap::new();
        for heap in self.heaps {
            for drawn in heap.into_vec() {
                let entry = by_seq
                    .entry(drawn.seq)
                    .or_insert_with(|| (drawn.meta.clone(), Vec::new()));
                entry.1.extend(drawn.lines);
            }
        }
        let cases = by_seq.keys().collect::<BTreeSet<_>>().len() as u64;
        let drawn = by_seq
            .into_values()
            .map(|(meta, mut lines)| {
                lines.sort_by_key(|l| l.duty);
                (meta, lines)
            })
            .collect();
        (drawn, cases)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_published_values() {
        // 23 of 63: 0.365, interval 0.257 to 0.489.
        let (lo, hi) = wilson(23, 63).unwrap();
        assert!(
            (lo - 0.25715).abs() < 1e-4 && (hi - 0.48851).abs() < 1e-4,
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(4, 16).unwrap();
        assert!(
            (lo - 0.10182).abs() < 1e-4 && (hi - 0.49498).abs() < 1e-4,
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(0, 10).unwrap();
        assert!(lo == 0.0 && (hi - 0.2775).abs() < 5e-4);
        assert_eq!(wilson(0, 0), None);
    }
}
