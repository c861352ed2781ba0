//! `docs/CATALOGUE.md` is generated from the core's catalogue and the fixtures; this fails when
//! the committed file is stale. Regenerate it with
//! `cargo run -p safeguard-harness -- rules --markdown > docs/CATALOGUE.md`.

use safeguard_harness::{bundled_fixtures, catalogue_doc};

#[test]
fn docs_catalogue_md_is_the_generated_text() {
    let generated = catalogue_doc::markdown(&bundled_fixtures()).expect("read the fixtures");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/CATALOGUE.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/CATALOGUE.md is stale: regenerate it with \
         `cargo run -p safeguard-harness -- rules --markdown > docs/CATALOGUE.md`"
    );
}

#[test]
fn every_rule_is_in_the_document_with_its_fixtures() {
    let text = catalogue_doc::markdown(&bundled_fixtures()).expect("read the fixtures");
    for rule in &safeguard_core::CATALOGUE {
        let heading = format!("#### {} {}\n", rule.id, rule.title);
        assert!(text.contains(&heading), "{}", rule.id);
    }
    assert!(
        !text.contains("Fixtures that pin it** (0)"),
        "a rule no fixture pins"
    );
}
