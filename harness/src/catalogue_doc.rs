//! `docs/CATALOGUE.md`, generated from the core's one declaration per rule
//! (`core/src/catalogue/rules.rs`) and the fixtures that pin each rule: `safeguard rules
//! --markdown` prints it, and a test fails when the committed file differs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use safeguard_core::{CATALOGUE, CATALOGUE_VERSION, Family, Policy};

use crate::fixture;
use crate::input::{self, InputError};

/// What every rule shares: how time is counted, what a finding says, which law applies and
/// what a force chooses. Code comments cite these sections (`docs/CATALOGUE.md §1.1`).
const GENERAL: &str = r#"## 1. What every rule shares

### §1.1 Counting time

- An instant is a count of whole seconds since 1970-01-01T00:00:00Z (UTC); every deadline is
  an instant, and the UK civil time (GMT, or BST from 01:00 UTC on the last Sunday of March to
  01:00 UTC on the last Sunday of October) only decides which day an instant falls on.
- **Elapsed hours and days** (PO-1, VU-2, S136): 3,600 and 86,400 seconds, whatever the clocks
  do.
- **Working days** (NA-1, NA-2, VU-1, VU-3): Monday to Friday that are not bank holidays in
  England and Wales. "Within N working days of E" is 23:59:59 UK civil time on the N-th working
  day after the day of E; the day of E never counts, whatever its hour, and an event on a
  weekend or bank holiday counts the same way.
- **School days** (OE-1, OE-2): working days that are not configured school closures; "before
  the start of the next school day after E" is the school-day start (08:30 UK civil time by
  default) of the first school day that starts strictly after E.
- **The 48-hour hearing** (PO-3): 48 hours from service, not counting Sundays, Christmas Day,
  Good Friday or bank holidays (Crime and Security Act 2010 s27(3), Domestic Abuse Act 2021
  s29), counted in UK civil days.
- **Bank holidays**: a built-in table for 2020 to 2030 (`core/src/calendar/built_in_years.rs`);
  outside it, the standing rules (New Year, Good Friday, Easter Monday, the May and August
  Mondays, Christmas and Boxing Day with their substitutes) plus the one-off changes proclaimed
  from 1981 to 2012, and a finding whose counting used them says `computed_holidays`. A force
  adds one-off days in its policy (`extra_bank_holidays`).

### §1.2 Findings and statuses

- One finding per (rule, subject) that applies, ordered by rule (catalogue order) and then by
  subject; each names the deadline (where there is one), when the duty was met, a reason and
  the source in force.
- Statuses: `met` (done on time), `pending` (not done, deadline ahead), `due_soon` (not done,
  within the rule's warning lead of the deadline: from the instant exactly one lead before it,
  up to and including it), `met_late`, `missed`, `prohibited` (something the law forbids
  happened), and `not_applicable` (only when the policy asks for it).
- An action at the deadline's own second is on time. Facts at the same second are ordered by
  kind: triggers, then actions that discharge a duty, then events that end a window.
- A rule that sums up several instances in one finding reports the worst; between instances
  of the same status, the one with the earliest deadline.
- `now` earlier than the latest instant the case records is an error (`now_before_case`).

### §1.3 The law in force

Law that changed over time is a table of (in force from, value), chosen by the UK civil date
of the event that triggered the duty, never by `now`: a case from 2019 is judged by the law of
2019, and the finding cites the source in force then.

### §1.4 Force policy

Every local choice is a policy setting with a documented default (`Policy::default()`, the
national baseline): periods, warning leads (keyed by rule, below), the DAPN pilot, school
closures and the school-day start, extra bank holidays, OE-2, the rules to judge, and the
start dates the law leaves to a force. Dates marked "to verify" are defaults a force should
confirm.
"#;

/// The fixture ids that pin each rule (by the rule's id), outside `errors/`, sorted; and how
/// many bad-input fixtures name it.
fn fixtures_by_rule(dir: &Path) -> Result<BTreeMap<String, (Vec<String>, usize)>, InputError> {
    let mut by_rule: BTreeMap<String, (Vec<String>, usize)> = BTreeMap::new();
    for path in input::fixture_files(dir)? {
        let fixture = fixture::load(&path)?;
        let bad_input = path
            .strip_prefix(dir)
            .is_ok_and(|relative| relative.starts_with("errors"));
        for rule in &fixture.rules {
            let entry = by_rule.entry(rule.clone()).or_default();
            if bad_input {
                entry.1 += 1;
            } else {
                entry.0.push(fixture.id.clone());
            }
        }
    }
    for (ids, _) in by_rule.values_mut() {
        ids.sort();
    }
    Ok(by_rule)
}

/// `docs/CATALOGUE.md`, from the catalogue and the fixtures under `dir`.
pub fn markdown(dir: &Path) -> Result<String, InputError> {
    let fixtures = fixtures_by_rule(dir)?;
    let leads = Policy::default().warning_lead_minutes;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# The rule catalogue (catalogue {CATALOGUE_VERSION})\n"
    );
    let _ = writeln!(
        out,
        "<!-- Generated by `safeguard rules --markdown` from core/src/catalogue/rules.rs and the \
         fixtures; do not edit by hand. CI fails when this file is stale. -->\n"
    );
    let _ = writeln!(
        out,
        "What the police owe victims and vulnerable people, rule by rule, as the core judges it. \
         Each rule is declared once in `core/src/catalogue/rules.rs`, with a wire code that is \
         never reused (`docs/WIRE.md`), and judged by its family's module in `core/src/rules/`. \
         Catalogue {CATALOGUE_VERSION} holds {} rules; the catalogue version goes up whenever \
         what the law says a case means changes, and every output carries it.\n",
        CATALOGUE.len()
    );
    out.push_str(GENERAL);
    let _ = writeln!(out, "\n## 2. The rules\n");
    let _ = writeln!(
        out,
        "| id | title | family | wire code | warning lead (policy key, default minutes) |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for rule in &CATALOGUE {
        let lead = rule
            .warning_lead
            .map_or("none (no deadline to warn of)".to_owned(), |l| {
                format!("`{}`, {}", l.key, l.default_minutes)
            });
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {} | {lead} |",
            rule.id,
            rule.title,
            rule.family.feature(),
            rule.code
        );
    }
    for family in Family::ALL {
        let _ = writeln!(
            out,
            "\n### {} (feature `{}`)",
            family.title(),
            family.feature()
        );
        for rule in CATALOGUE.iter().filter(|rule| rule.family == family) {
            let id = safeguard_core::RuleId::parse(rule.id);
            let _ = writeln!(out, "\n#### {} {}\n", rule.id, rule.title);
            let _ = writeln!(out, "- **Wire code:** {}", rule.code);
            let _ = writeln!(out, "- **Trigger:** {}", rule.trigger);
            let _ = writeln!(out, "- **Duty:** {}", rule.duty);
            let _ = writeln!(out, "- **Deadline:** {}", rule.deadline);
            match (rule.warning_lead, id) {
                (Some(lead), Some(id)) => {
                    let _ = writeln!(
                        out,
                        "- **Warning lead:** policy `warning_lead_minutes.{}`, default {} \
                         minutes{}.",
                        lead.key,
                        leads.get(id),
                        if lead.default_minutes == 0 {
                            " (no `due_soon`)"
                        } else {
                            ""
                        }
                    );
                }
                _ => {
                    let _ = writeln!(out, "- **Warning lead:** none (no deadline to warn of).");
                }
            }
            let _ = writeln!(
                out,
                "- **Sources** (a finding cites the one in force on the triggering event's date):"
            );
            for source in rule.sources {
                let _ = writeln!(
                    out,
                    "  - in force from {}: {}, {}",
                    source.value.in_force, source.value.instrument, source.value.provision
                );
            }
            if !rule.decisions.is_empty() {
                let _ = writeln!(out, "- **Decisions where the law is silent:**");
                for decision in rule.decisions {
                    let _ = writeln!(out, "  - {decision}");
                }
            }
            let (ids, bad_input) = fixtures.get(rule.id).cloned().unwrap_or_default();
            let listed = if ids.is_empty() {
                "none".to_owned()
            } else {
                ids.iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(out, "- **Fixtures that pin it** ({}): {listed}.", ids.len());
            if bad_input > 0 {
                let _ = writeln!(
                    out,
                    "- **Bad-input fixtures naming it** (`fixtures/errors/`, listed in \
                     `fixtures/README.md`): {bad_input}."
                );
            }
        }
    }
    Ok(out)
}
