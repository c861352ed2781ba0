//! Snapshots of `safeguard check`'s text explanation for representative fixtures: two from each
//! duty family (and one pre-2017 s136 detention, for its citation), named below so that adding a fixture never changes which ones are pinned. The
//! fixtures pin the semantics; these pin the wording a person reads. A changed snapshot fails
//! the test; review it with `cargo insta review` and say in the commit why it moved.

use safeguard_core::{Case, RawCase, evaluate};
use safeguard_harness::{bundled_fixtures, explain, fixture, input};

/// (family, fixture id): an open finding under a warning lead, and a met or several-subject
/// case, for each family.
const PINNED: [(&str, &str); 11] = [
    ("needs-assessment", "na-1-due-soon-warning-lead"),
    (
        "needs-assessment",
        "na-1-each-victim-own-finding-child-victim",
    ),
    ("victim-updates", "vu-1-met-across-autumn-clock-change"),
    ("victim-updates", "vu-1-met-contract-next-day"),
    (
        "protective-orders",
        "po-1-after-pilot-end-dvpn-alone-suffices",
    ),
    (
        "protective-orders",
        "po-1-dapn-pilot-cleveland-consideration-omits-dapn",
    ),
    ("s136", "s136-1-autumn-clock-change-elapsed-hours"),
    ("s136", "s136-1-due-soon-configured-lead"),
    // Before 2017-12-11: pins the citation of s136(2) as then in force (sources are not
    // compared by the runner, so only the explanation shows them).
    ("s136", "s136-1-pre-reform-72-hours-met"),
    ("encompass", "oe-1-due-soon-configured-lead"),
    ("encompass", "oe-1-met-bank-holiday-monday"),
];

#[test]
fn check_text_for_representative_fixtures() {
    let dir = bundled_fixtures();
    for (family, id) in PINNED {
        let path = dir.join(family).join(format!("{id}.toml"));
        let fixture = fixture::load(&path).expect("fixture loads");
        assert_eq!(fixture.id, id, "{}", path.display());
        assert!(
            fixture.expect.findings.is_some(),
            "{id}: a pinned fixture must expect findings"
        );
        let policy = fixture::policy_of(&fixture).expect("policy");
        let now = input::parse_instant(&fixture.now, &fixture.id, "now").expect("now");
        let raw: RawCase = fixture::raw_case(&fixture).expect("case decodes");
        let case = Case::new(raw).expect("case is valid");
        let findings =
            evaluate(&case, policy.check().expect("policy is valid"), now).expect("evaluates");
        let text = explain::findings(case.reference(), now, &findings);
        insta::assert_snapshot!(fixture.id.clone(), text);
    }
}
