//! Snapshots of `safeguard check`'s text explanation for representative fixtures: two from each
//! duty family (the first two, by file name, that expect findings). The fixtures pin the
//! semantics; these pin the wording a person reads. A changed snapshot fails the test; review it
//! with `cargo insta review` and say in the commit why it moved.

use safeguard_core::{Case, RawCase, evaluate};
use safeguard_harness::{bundled_fixtures, explain, fixture, input};

const FAMILIES: [&str; 5] = [
    "needs-assessment",
    "victim-updates",
    "protective-orders",
    "s136",
    "encompass",
];

#[test]
fn check_text_for_representative_fixtures() {
    let files = input::fixture_files(&bundled_fixtures()).expect("fixtures are readable");
    let mut taken = 0;
    for family in FAMILIES {
        let mut in_family = 0;
        for path in files
            .iter()
            .filter(|p| p.parent().is_some_and(|d| d.ends_with(family)))
        {
            let fixture = fixture::load(path).expect("fixture loads");
            if fixture.expect.findings.is_none() {
                continue;
            }
            let policy = fixture::policy_of(&fixture).expect("policy");
            let now = input::parse_instant(&fixture.now, &fixture.id, "now").expect("now");
            let raw: RawCase = fixture::raw_case(&fixture).expect("case decodes");
            let case = Case::new(raw).expect("case is valid");
            let findings = evaluate(&case, &policy, now).expect("evaluates");
            let text = explain::findings(case.reference(), now, &findings);
            insta::assert_snapshot!(fixture.id.clone(), text);
            in_family += 1;
            if in_family == 2 {
                break;
            }
        }
        assert_eq!(in_family, 2, "{family} needs two fixtures with findings");
        taken += in_family;
    }
    assert_eq!(taken, 10);
}
