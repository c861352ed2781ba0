//! Findings written as JSON, byte for byte as the command line writes them (`serde_json`'s
//! compact form of [`Finding`]'s serde form), with no formatting machinery.

use crate::finding::{Finding, Status, Subject};
use crate::time::{Date, Instant};

/// JSON being written into a buffer; what does not fit is dropped, and `len` says how much was
/// wanted.
pub(super) struct Out<'b> {
    buf: &'b mut [u8],
    pub(super) len: usize,
}

impl<'b> Out<'b> {
    pub(super) fn new(buf: &'b mut [u8]) -> Out<'b> {
        Out { buf, len: 0 }
    }

    /// Whether everything written fitted.
    pub(super) fn fits(&self) -> bool {
        self.len <= self.buf.len()
    }

    fn raw(&mut self, bytes: &[u8]) {
        for byte in bytes {
            if let Some(slot) = self.buf.get_mut(self.len) {
                *slot = *byte;
            }
            self.len = self.len.saturating_add(1);
        }
    }

    /// A string, quoted and escaped as `serde_json` escapes it.
    fn text(&mut self, text: &str) {
        self.raw(b"\"");
        for byte in text.bytes() {
            match byte {
                b'"' => self.raw(b"\\\""),
                b'\\' => self.raw(b"\\\\"),
                b'\n' => self.raw(b"\\n"),
                b'\r' => self.raw(b"\\r"),
                b'\t' => self.raw(b"\\t"),
                0x08 => self.raw(b"\\b"),
                0x0C => self.raw(b"\\f"),
                0x00..=0x1F => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.raw(b"\\u00");
                    for digit in [byte >> 4, byte & 0xF] {
                        self.raw(
                            HEX.get(usize::from(digit))
                                .map_or(b"0", core::slice::from_ref),
                        );
                    }
                }
                _ => self.raw(&[byte]),
            }
        }
        self.raw(b"\"");
    }

    /// A whole number, at least `width` digits.
    fn number(&mut self, n: u64, width: usize) {
        let mut digits = [b'0'; 20];
        let mut at = digits.len();
        let mut rest = n;
        while at > 0 && (rest > 0 || digits.len().saturating_sub(at) < width.max(1)) {
            at = at.saturating_sub(1);
            if let Some(digit) = digits.get_mut(at) {
                *digit = b'0'.wrapping_add((rest % 10) as u8);
            }
            rest /= 10;
        }
        self.raw(digits.get(at..).unwrap_or_default());
    }

    /// A date as `2024-12-25` (the years of the catalogue's dates: 0 to 9999).
    fn date(&mut self, date: Date) {
        self.number(u64::from(date.year().unsigned_abs()), 4);
        self.raw(b"-");
        self.number(u64::from(date.month()), 2);
        self.raw(b"-");
        self.number(u64::from(date.day()), 2);
    }

    /// An instant as `2024-03-31T00:30:00Z`, or `null`.
    fn instant(&mut self, instant: Option<Instant>) {
        let Some(instant) = instant else {
            self.raw(b"null");
            return;
        };
        let (date, secs) = instant.utc_date_and_secs();
        self.raw(b"\"");
        self.date(date);
        self.raw(b"T");
        for (n, separator) in [
            (secs / 3600, b":"),
            (secs / 60 % 60, b":"),
            (secs % 60, b"Z"),
        ] {
            self.number(u64::from(n), 2);
            self.raw(separator);
        }
        self.raw(b"\"");
    }

    fn subject(&mut self, subject: Subject) {
        let (name, id) = match subject {
            Subject::Case => return self.text("case"),
            Subject::Victim(id) => ("victim", u32::from(id)),
            Subject::Decision(id) => ("decision", u32::from(id)),
            Subject::Notice(id) => ("notice", u32::from(id)),
            Subject::Detention(id) => ("detention", u32::from(id)),
            Subject::Child(id) => ("child", u32::from(id)),
            Subject::Episode(id) => ("episode", u32::from(id)),
            Subject::IncidentChild { incident, child } => {
                self.raw(b"{\"incident_child\":{\"incident\":");
                self.number(u64::from(u32::from(incident)), 1);
                self.raw(b",\"child\":");
                self.number(u64::from(u32::from(child)), 1);
                self.raw(b"}}");
                return;
            }
        };
        self.raw(b"{");
        self.text(name);
        self.raw(b":");
        self.number(u64::from(id), 1);
        self.raw(b"}");
    }

    /// Findings as the command line's JSON array.
    pub(super) fn findings(&mut self, findings: &[Finding]) {
        self.raw(b"[");
        for (n, finding) in findings.iter().enumerate() {
            if n > 0 {
                self.raw(b",");
            }
            self.raw(b"{\"rule\":");
            self.text(finding.rule.as_str());
            self.raw(b",\"subject\":");
            self.subject(finding.subject);
            self.raw(b",\"status\":");
            self.text(status(finding.status));
            self.raw(b",\"deadline\":");
            self.instant(finding.deadline);
            self.raw(b",\"met_at\":");
            self.instant(finding.met_at);
            self.raw(b",\"reason\":");
            self.text(finding.reason.code());
            self.raw(b",\"source\":{\"instrument\":");
            self.text(finding.source.instrument);
            self.raw(b",\"provision\":");
            self.text(finding.source.provision);
            self.raw(b",\"in_force\":\"");
            self.date(finding.source.in_force);
            self.raw(b"\"},\"computed_holidays\":");
            self.raw(if finding.computed_holidays {
                b"true"
            } else {
                b"false"
            });
            self.raw(b"}");
        }
        self.raw(b"]");
    }
}

/// A status as its serde form names it.
const fn status(status: Status) -> &'static str {
    match status {
        Status::Met => "met",
        Status::Pending => "pending",
        Status::DueSoon => "due_soon",
        Status::MetLate => "met_late",
        Status::Missed => "missed",
        Status::Prohibited => "prohibited",
        Status::NotApplicable => "not_applicable",
    }
}
