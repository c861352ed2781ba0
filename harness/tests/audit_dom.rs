//! The audit's HTML report as a browser built it: `.ci/audit-browser` renders the report in
//! headless chromium, dumps the DOM (`--dump-dom`) and runs this test with the DOM and the JSON
//! report of the same run. Every figure the page marks with `data-` attributes, and the text
//! shown in its cells, must be the JSON's.
//!
//! Without `SAFEGUARD_AUDIT_DOM` and `SAFEGUARD_AUDIT_JSON` (a plain `cargo test`) there is no
//! browser output to check, and the test says so and passes; CI always sets them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests fail loudly"
)]

use serde_json::Value;

/// The text of the element that opens at `start` (its first tag's end to the next `<`).
fn text_after(html: &str, needle: &str) -> Option<String> {
    let at = html.find(needle)? + needle.len();
    let rest = &html[at..];
    let open_end = rest.find('>')? + 1;
    let body = &rest[open_end..];
    Some(body[..body.find('<')?].trim().to_owned())
}

/// The value of attribute `name` in the first tag containing `needle`.
fn attribute(html: &str, needle: &str, name: &str) -> Option<String> {
    let at = html.find(needle)?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>')?];
    let key = format!("{name}=\"");
    let from = tag.find(&key)? + key.len();
    Some(tag[from..from + tag[from..].find('"')?].to_owned())
}

#[test]
fn the_rendered_dom_shows_the_jsons_figures() {
    let (Ok(dom), Ok(json)) = (
        std::env::var("SAFEGUARD_AUDIT_DOM"),
        std::env::var("SAFEGUARD_AUDIT_JSON"),
    ) else {
        eprintln!(
            "no browser output to check: .ci/audit-browser sets SAFEGUARD_AUDIT_DOM and SAFEGUARD_AUDIT_JSON"
        );
        return;
    };
    let dom = std::fs::read_to_string(dom).unwrap();
    let report: Value = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();

    // The browser parsed the page: the title, the two charts, the tables.
    assert!(
        dom.contains("<title>safeguard audit as at"),
        "not the report"
    );
    assert_eq!(dom.matches("<svg").count(), 2, "two charts");

    let mut checked = 0;
    for row in report["duties"].as_array().unwrap() {
        let id = row["duty"].as_str().unwrap();
        let start = dom
            .find(&format!("<tr data-duty=\"{id}\">"))
            .unwrap_or_else(|| panic!("no row for {id} in the DOM"));
        let end = start + dom[start..].find("</tr>").unwrap();
        let html_row = &dom[start..end];
        for field in [
            "compliant",
            "applicable",
            "late",
            "missed",
            "prohibited",
            "open",
        ] {
            let shown = text_after(html_row, &format!("data-field=\"{field}\""))
                .unwrap_or_else(|| panic!("{id}: no {field} cell"));
            assert_eq!(
                shown,
                row[field].to_string(),
                "{id} {field}: the page shows {shown}, the JSON has {}",
                row[field]
            );
            checked += 1;
        }
        // The headline sentence, for duties that applied.
        if row["applicable"].as_u64().unwrap() + row["open"].as_u64().unwrap() > 0 {
            let needle = format!("<li data-duty=\"{id}\" data-field=\"text\"");
            let shown = text_after(&dom, &needle).unwrap_or_else(|| panic!("{id}: no headline"));
            assert!(
                shown.starts_with(row["text"].as_str().unwrap()),
                "{id}: the page says {shown:?}, the JSON {}",
                row["text"]
            );
        }
    }
    assert_eq!(checked, 17 * 6);

    for (field, key) in [
        ("data-read", "read"),
        ("data-evaluated", "evaluated"),
        ("data-rejected", "rejected"),
    ] {
        assert_eq!(
            attribute(&dom, "id=\"records\"", field).unwrap(),
            report["records"][key].to_string(),
            "{key}"
        );
    }
    assert_eq!(
        attribute(&dom, "id=\"failing-count\"", "data-total").unwrap(),
        report["failing_total"].to_string()
    );
    let listed = dom.matches("<tr data-reference=").count();
    assert_eq!(listed, report["failing"].as_array().unwrap().len());
    assert_eq!(
        text_after(&dom, "data-field=\"as_at\"").unwrap(),
        report["as_at"].as_str().unwrap()
    );
    assert_eq!(
        text_after(&dom, "data-field=\"catalogue_version\"").unwrap(),
        report["catalogue_version"].to_string()
    );
}
