//! Plain-words explanations of findings, for `safeguard check --format text`.

use std::fmt::Write as _;

use safeguard_core::{Finding, Instant, Status, Weekday, uk_civil, uk_offset};

/// An instant in UK civil time with its UTC form: `Wed 6 Mar 2024 23:59:59 GMT
/// (2024-03-06T23:59:59Z)`.
pub fn uk_time(at: Instant) -> String {
    let (date, secs) = uk_civil(at);
    let weekday = match date.weekday() {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    };
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .get(usize::from(date.month()).saturating_sub(1))
    .copied()
    .unwrap_or("?");
    let zone = if uk_offset(at) == 0 { "GMT" } else { "BST" };
    format!(
        "{weekday} {} {month} {} {:02}:{:02}:{:02} {zone} ({at})",
        date.day(),
        date.year(),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn verdict(status: Status) -> &'static str {
    match status {
        Status::Met => "met on time",
        Status::MetLate => "met, but late",
        Status::Pending => "not yet done; still open",
        Status::DueSoon => "not yet done and due soon",
        Status::Missed => "missed",
        Status::Prohibited => "breached: the law forbids what happened",
        Status::NotApplicable => "does not apply",
    }
}

/// One finding as a short paragraph: a lead sentence, then the deadline, what happened, the
/// reason and the source.
pub fn finding(f: &Finding) -> String {
    let rule = f.rule.rule();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} — {}: {}",
        rule.id,
        rule.title,
        f.subject,
        verdict(f.status)
    );
    let _ = writeln!(out, "  Duty: {}", rule.duty);
    if let Some(deadline) = f.deadline {
        let _ = writeln!(out, "  Deadline: {}", uk_time(deadline));
    }
    if let Some(met_at) = f.met_at {
        let _ = writeln!(out, "  Done: {}", uk_time(met_at));
    }
    let _ = writeln!(out, "  Status: {} ({})", f.status, f.reason.text());
    if f.computed_holidays {
        let _ = writeln!(
            out,
            "  Note: counted with computed bank holidays (outside the 2020–2030 table)"
        );
    }
    let _ = writeln!(
        out,
        "  Source: {}, {} (in force {})",
        f.source.instrument, f.source.provision, f.source.in_force
    );
    out
}

/// Every finding of a case, with a heading.
pub fn findings(reference: &str, now: Instant, findings: &[Finding]) -> String {
    let mut out = String::new();
    let name = if reference.is_empty() {
        "(no reference)".into()
    } else {
        printable(reference)
    };
    let _ = writeln!(
        out,
        "Case {name}, as at {}: {} finding{}\n",
        uk_time(now),
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    );
    for f in findings {
        out.push_str(&finding(f));
        out.push('\n');
    }
    out
}

/// Text safe to show on a terminal: control characters (escape sequences, carriage returns,
/// bells) given in input are shown escaped (`\u{1b}`), never written raw.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() && c != '\n' {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}
