//! The conformance suite on a Cortex-M3 (QEMU `lm3s6965evb`).
//!
//! `build.rs` embeds every fixture that can travel as postcard: its case bytes, its policy
//! bytes and `now`. For each one the device decodes the case and the policy, validates the
//! case, evaluates it and encodes the findings as postcard, then writes one line over
//! semihosting:
//!
//! ```text
//! F <id> ok <hex of postcard(findings)>
//! F <id> err <decode|validate|evaluate> <code>
//! ```
//!
//! Measurement lines start with `M`; the last line is `END <fixtures> <failures>`. The run
//! exits through semihosting, non-zero if a fixture's outcome is not the kind the fixture
//! expects (findings, or an error with its stage and code) or the output could not be written.
//! `safeguard-device-compare` on the host checks the findings byte for byte.
//!
//! The case, the validated case, the findings and the wire buffer live in statics, not on the
//! stack; the stack is painted before each fixture and its high-water mark reported after it.
//! Instruction counts come from SysTick on the core clock, calibrated against a loop of known
//! length (run QEMU with `-icount shift=0` for counts that do not depend on the host).
#![no_std]
#![no_main]

use core::ptr::{addr_of, addr_of_mut};

use cortex_m::peripheral::{SYST, syst::SystClkSource};
use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hio};

/// What a fixture expects.
#[derive(Clone, Copy)]
enum Expect {
    Findings,
    Error {
        stage: &'static str,
        code: &'static str,
    },
}

/// One embedded fixture.
struct Fixture {
    id: &'static str,
    now: i64,
    policy: &'static [u8],
    case: &'static [u8],
    expect: Expect,
}

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

// ---------------------------------------------------------------------------------------------
// Output over semihosting, buffered so that each host call carries a few hundred bytes.

struct Out {
    stream: Option<hio::HostStream>,
    buf: [u8; 256],
    len: usize,
    failed: bool,
}

impl Out {
    fn new() -> Out {
        let stream = hio::hstdout().ok();
        Out {
            failed: stream.is_none(),
            stream,
            buf: [0; 256],
            len: 0,
        }
    }

    fn flush(&mut self) {
        let Some(stream) = self.stream.as_mut() else {
            return;
        };
        let pending = self.buf.get(..self.len).unwrap_or(&[]);
        if !pending.is_empty() && stream.write_all(pending).is_err() {
            self.failed = true;
        }
        self.len = 0;
    }

    fn byte(&mut self, b: u8) {
        if self.len >= self.buf.len() {
            self.flush();
        }
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    fn bytes(&mut self, s: &[u8]) {
        for &b in s {
            self.byte(b);
        }
    }

    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn hex(&mut self, bytes: &[u8]) {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        for &b in bytes {
            self.byte(DIGITS[usize::from(b >> 4)]);
            self.byte(DIGITS[usize::from(b & 0xf)]);
        }
    }

    fn num(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 || i == 0 {
                break;
            }
        }
        self.bytes(digits.get(i..).unwrap_or(&[]));
    }
}

// ---------------------------------------------------------------------------------------------
// Stack painting.

const PAINT: u32 = 0xC0DE_CAFE;

unsafe extern "C" {
    /// The top of the stack (the end of RAM), from cortex-m-rt's `link.x`.
    static _stack_start: u32;
    /// The lowest address the stack may reach (the end of the statics), from `link.x`.
    static mut _stack_end: u32;
}

/// Fills the free stack, from the end of the statics up to just below the current stack
/// pointer, with [`PAINT`].
#[inline(never)]
fn paint_stack() {
    let bottom = addr_of_mut!(_stack_end);
    let sp = cortex_m::register::msp::read() as usize;
    let top = (sp & !3).saturating_sub(16);
    let mut p = bottom;
    while (p as usize) < top {
        // SAFETY: the words between the end of the statics and the stack pointer belong to no
        // live value (no interrupt is enabled), and they are word-aligned.
        unsafe {
            p.write_volatile(PAINT);
            p = p.add(1);
        }
    }
}

/// The most stack used since the last [`paint_stack`], in bytes: from the top of RAM down to
/// the lowest word no longer holding the paint.
#[inline(never)]
fn stack_high_water() -> usize {
    let top = addr_of!(_stack_start) as usize;
    let mut p = addr_of!(_stack_end);
    // SAFETY: reads of aligned words between the end of the statics and the top of RAM.
    while (p as usize) < top && unsafe { p.read_volatile() } == PAINT {
        p = p.wrapping_add(1);
    }
    top.saturating_sub(p as usize)
}

// ---------------------------------------------------------------------------------------------
// Instruction counting with SysTick.

/// SysTick's current value (it counts down from 2^24 - 1 and wraps).
fn ticks() -> u32 {
    SYST::get_current()
}

/// Ticks elapsed since `start` (one wrap at most: 2^24 ticks).
fn since(start: u32) -> u32 {
    start.wrapping_sub(ticks()) & 0x00FF_FFFF
}

/// Runs a loop of `2 * n` instructions (`subs`, `bne`) and returns the ticks it took.
#[inline(never)]
fn calibrate(n: u32) -> u32 {
    let start = ticks();
    // SAFETY: a register-only countdown loop.
    unsafe {
        core::arch::asm!(
            "2:",
            "subs {0}, #1",
            "bne 2b",
            inout(reg) n => _,
            options(nomem, nostack),
        );
    }
    since(start)
}

// ---------------------------------------------------------------------------------------------
// The evaluation, with its working values in statics.

#[cfg(not(feature = "baseline"))]
mod run {
    use super::*;
    use safeguard_core::{Case, Findings, Instant, Policy, RawCase, evaluate_into};
    #[cfg(not(feature = "json"))]
    use safeguard_core::{decode_case_into, decode_policy_into};

    /// The longest findings can be, as postcard or (feature `json`) as JSON: computed by
    /// `build.rs` from the catalogue.
    pub(super) const WIRE_LEN: usize = super::FINDINGS_WIRE_MAX;

    pub(super) struct Slots {
        policy: &'static mut Policy,
        raw: &'static mut RawCase,
        case: &'static mut Case,
        findings: &'static mut Findings,
        pub(super) wire: &'static mut [u8; WIRE_LEN],
    }

    // Each in a static of its own: those whose initial value is all zeros go to `.bss` and
    // take no flash for an initial image (the policy's defaults do: 784 bytes of `.data`).
    static mut POLICY: Policy = Policy::DEFAULT;
    static mut RAW: RawCase = RawCase::EMPTY;
    static mut CASE: Case = Case::EMPTY;
    static mut FINDINGS: Findings = Findings::new();
    static mut WIRE: [u8; WIRE_LEN] = [0; WIRE_LEN];

    /// The one handle on the statics: `None` if it was taken before.
    pub(super) fn slots() -> Option<Slots> {
        use core::sync::atomic::{AtomicBool, Ordering};
        static TAKEN: AtomicBool = AtomicBool::new(false);
        if TAKEN.swap(true, Ordering::AcqRel) {
            return None;
        }
        // SAFETY: reached once only (above), so these are the only references to the statics.
        Some(unsafe {
            Slots {
                policy: &mut *addr_of_mut!(POLICY),
                raw: &mut *addr_of_mut!(RAW),
                case: &mut *addr_of_mut!(CASE),
                findings: &mut *addr_of_mut!(FINDINGS),
                wire: &mut *addr_of_mut!(WIRE),
            }
        })
    }

    pub(super) enum Outcome {
        /// The postcard findings are `wire[..len]`.
        Findings(usize),
        Error(&'static str, &'static str),
    }

    /// Instruction ticks per stage.
    #[derive(Default)]
    pub(super) struct Cost {
        pub(super) decode: u32,
        pub(super) validate: u32,
        pub(super) evaluate: u32,
        pub(super) encode: u32,
    }

    /// The sizes of the working values, for the record.
    pub(super) fn sizes(out: &mut Out) {
        use core::mem::size_of;
        for (name, size) in [
            ("M sizes raw_case=", size_of::<RawCase>()),
            (" case=", size_of::<Case>()),
            (" findings=", size_of::<Findings>()),
            (" policy=", size_of::<Policy>()),
            (" wire=", WIRE_LEN),
        ] {
            out.str(name);
            out.num(size as u64);
        }
        out.str("\n");
    }

    #[inline(never)]
    pub(super) fn run(fx: &Fixture, slots: &mut Slots, cost: &mut Cost) -> Outcome {
        let t = ticks();
        if let Err(code) = decode(fx, slots) {
            return Outcome::Error("decode", code);
        }
        cost.decode = since(t);

        let t = ticks();
        if let Err(e) = slots.case.renew(slots.raw) {
            return Outcome::Error("validate", e.code());
        }
        cost.validate = since(t);

        let t = ticks();
        let now = Instant::from_unix(fx.now);
        let policy = match slots.policy.check() {
            Ok(policy) => policy,
            Err(e) => return Outcome::Error("evaluate", e.code()),
        };
        if let Err(e) = evaluate_into(slots.case, policy, now, slots.findings) {
            return Outcome::Error("evaluate", e.code());
        }
        cost.evaluate = since(t);

        let t = ticks();
        let outcome = match encode(slots) {
            Some(len) => Outcome::Findings(len),
            None => Outcome::Error("device", "findings_buffer_too_small"),
        };
        cost.encode = since(t);
        outcome
    }

    /// The policy's and the case's postcard bytes, read in place.
    #[cfg(not(feature = "json"))]
    fn decode(fx: &Fixture, slots: &mut Slots) -> Result<(), &'static str> {
        decode_policy_into(fx.policy, slots.policy).map_err(|e| e.code())?;
        decode_case_into(fx.case, slots.raw).map_err(|e| e.code())
    }

    /// The JSON build: the policy's (none: the default) and the case's JSON text, read in
    /// place.
    #[cfg(feature = "json")]
    fn decode(fx: &Fixture, slots: &mut Slots) -> Result<(), &'static str> {
        use safeguard_core::json;
        if fx.policy.is_empty() {
            *slots.policy = Policy::DEFAULT;
        } else {
            json::read_policy(fx.policy, slots.policy).map_err(|e| e.code())?;
        }
        json::read_case(fx.case, slots.raw).map_err(|e| e.code())
    }

    /// The findings as postcard bytes into `wire`: their length, if they fit.
    #[cfg(not(feature = "json"))]
    fn encode(slots: &mut Slots) -> Option<usize> {
        safeguard_core::encode_findings(slots.findings, slots.wire)
            .ok()
            .map(|bytes| bytes.len())
    }

    /// The JSON build: the findings as the command line's JSON into `wire`.
    #[cfg(feature = "json")]
    fn encode(slots: &mut Slots) -> Option<usize> {
        safeguard_core::json::write_findings(slots.findings, slots.wire).ok()
    }
}

/// The same runtime, output and fixture data without the core: a checksum of each fixture's
/// bytes stands in for its findings.
#[cfg(feature = "baseline")]
mod run {
    use super::*;

    pub(super) const WIRE_LEN: usize = 4;

    pub(super) struct Slots {
        pub(super) wire: [u8; WIRE_LEN],
    }

    pub(super) fn slots() -> Option<Slots> {
        Some(Slots {
            wire: [0; WIRE_LEN],
        })
    }

    pub(super) enum Outcome {
        Findings(usize),
        #[allow(dead_code)]
        Error(&'static str, &'static str),
    }

    #[derive(Default)]
    pub(super) struct Cost {
        pub(super) decode: u32,
        pub(super) validate: u32,
        pub(super) evaluate: u32,
        pub(super) encode: u32,
    }

    pub(super) fn sizes(out: &mut Out) {
        out.str("M sizes wire=4\n");
    }

    pub(super) fn run(fx: &Fixture, slots: &mut Slots, _: &mut Cost) -> Outcome {
        let mut sum: u32 = fx.now as u32;
        for &b in fx.case.iter().chain(fx.policy) {
            sum = sum.rotate_left(5) ^ u32::from(b);
        }
        slots.wire = sum.to_le_bytes();
        Outcome::Findings(WIRE_LEN)
    }
}

// ---------------------------------------------------------------------------------------------

#[entry]
fn main() -> ! {
    // SAFETY: the only place the core peripherals are taken.
    let mut syst = unsafe { cortex_m::Peripherals::steal() }.SYST;
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(0x00FF_FFFF);
    syst.clear_current();
    syst.enable_counter();

    let mut out = Out::new();
    let Some(mut slots) = run::slots() else {
        debug::exit(debug::EXIT_FAILURE);
        loop {
            cortex_m::asm::wfi();
        }
    };

    let calib_loops: u32 = 1_000_000;
    let calib = calibrate(calib_loops);
    out.str("M calibrate instructions=");
    out.num(u64::from(calib_loops) * 2);
    out.str(" ticks=");
    out.num(u64::from(calib));
    out.str("\nM fixtures ");
    out.num(FIXTURES.len() as u64);
    out.str(" case_bytes=");
    out.num(CASE_BYTES as u64);
    out.str(" skipped=");
    out.num(SKIPPED as u64);
    out.str("\n");
    run::sizes(&mut out);

    let mut failures: u32 = 0;
    let mut max_stack = 0usize;
    let mut max_stack_id = "";
    for fx in FIXTURES.iter() {
        let mut cost = run::Cost::default();
        paint_stack();
        let outcome = run::run(fx, &mut slots, &mut cost);
        let stack = stack_high_water();
        if stack > max_stack {
            max_stack = stack;
            max_stack_id = fx.id;
        }

        out.str("F ");
        out.str(fx.id);
        let agrees = match outcome {
            run::Outcome::Findings(len) => {
                out.str(" ok ");
                out.hex(slots.wire.get(..len).unwrap_or(&[]));
                matches!(fx.expect, Expect::Findings)
            }
            run::Outcome::Error(stage, code) => {
                out.str(" err ");
                out.str(stage);
                out.str(" ");
                out.str(code);
                matches!(fx.expect, Expect::Error { stage: s, code: c } if s == stage && c == code)
            }
        };
        out.str("\nM cost ");
        out.str(fx.id);
        out.str(" case_bytes=");
        out.num(fx.case.len() as u64);
        out.str(" stack=");
        out.num(stack as u64);
        for (name, ticks) in [
            (" decode=", cost.decode),
            (" validate=", cost.validate),
            (" evaluate=", cost.evaluate),
            (" encode=", cost.encode),
        ] {
            out.str(name);
            out.num(u64::from(ticks));
        }
        out.str("\n");
        if !agrees {
            failures = failures.saturating_add(1);
            out.str("M mismatch ");
            out.str(fx.id);
            out.str(" (the outcome is not the kind the fixture expects)\n");
        }
    }
    out.str("M stack_max ");
    out.num(max_stack as u64);
    out.str(" ");
    out.str(max_stack_id);
    out.str("\nEND ");
    out.num(FIXTURES.len() as u64);
    out.str(" ");
    out.num(u64::from(failures));
    out.str("\n");
    out.flush();

    debug::exit(if failures == 0 && !out.failed {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
}

/// With `no-panic-link`, any panic path left after optimisation references this undefined
/// symbol and the link fails, naming the function that kept it.
#[cfg(feature = "no-panic-link")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    unsafe extern "C" {
        fn safeguard_firmware_has_a_panic_path() -> !;
    }
    // SAFETY: never defined: linking fails if this call survives.
    unsafe { safeguard_firmware_has_a_panic_path() }
}

/// Otherwise a panic reports where it happened and fails the run.
#[cfg(not(feature = "no-panic-link"))]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    let mut out = Out::new();
    out.str("\nPANIC");
    if let Some(at) = info.location() {
        out.str(" at ");
        out.str(at.file());
        out.str(":");
        out.num(u64::from(at.line()));
    }
    out.str("\n");
    out.flush();
    debug::exit(debug::EXIT_FAILURE);
    loop {
        cortex_m::asm::wfi();
    }
}
