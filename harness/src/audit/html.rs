//! The HTML report: one self-contained file (no script, no network, no external style or
//! font), rendered from `harness/templates/audit.html` with `minijinja` (escaping on), with its
//! charts drawn as inline SVG by `plotters`.
//!
//! Colour never carries meaning alone: every bar segment wide enough holds its count, the
//! legend names each colour, the trend lines each have their own marker shape and a legend,
//! and every figure a chart shows is also in a table. The figures are marked with `data-`
//! attributes (`data-duty`, `data-field`), which CI reads back from the DOM a real browser
//! rendered and compares with the JSON.

use plotters::prelude::*;
use serde::Serialize;

use super::duty::Family;
use super::report::{Report, percent};

const TEMPLATE: &str = include_str!("../../templates/audit.html");

/// Colours and words of the five ways a line can stand, in bar order.
const SEGMENTS: [(&str, RGBColor); 5] = [
    ("compliant", RGBColor(0x1a, 0x7f, 0x37)),
    ("met late", RGBColor(0xbf, 0x87, 0x00)),
    ("missed", RGBColor(0xcf, 0x22, 0x2e)),
    ("prohibited", RGBColor(0x5b, 0x21, 0x8c)),
    ("open", RGBColor(0x8c, 0x95, 0x9f)),
];

#[derive(Serialize)]
struct DutyView<'a> {
    duty: &'a str,
    family: &'a str,
    title: &'a str,
    text: &'a str,
    compliant: u64,
    late: u64,
    missed: u64,
    prohibited: u64,
    open: u64,
    applicable: u64,
    percent: String,
    interval: String,
}

#[derive(Serialize)]
struct BreakdownView {
    key: String,
    cells: Vec<String>,
}

/// The report as one HTML page.
pub fn render(report: &Report) -> Result<String, String> {
    let duties: Vec<DutyView<'_>> = report
        .duties
        .iter()
        .map(|d| DutyView {
            duty: d.duty,
            family: d.family,
            title: &d.title,
            text: &d.text,
            compliant: d.compliant,
            late: d.late,
            missed: d.missed,
            prohibited: d.prohibited,
            open: d.open,
            applicable: d.applicable,
            percent: d
                .proportion
                .map_or_else(|| "-".to_owned(), |p| format!("{} %", percent(p))),
            interval: d.wilson_95.map_or_else(
                || "-".to_owned(),
                |[lo, hi]| format!("{}–{} %", percent(lo), percent(hi)),
            ),
        })
        .collect();
    let breakdown = |rows: &[super::report::BreakdownRow]| -> Vec<BreakdownView> {
        rows.iter()
            .map(|row| BreakdownView {
                key: row.key.clone(),
                cells: Family::ALL
                    .iter()
                    .map(|f| {
                        row.families
                            .get(f.code())
                            .map_or_else(|| "–".to_owned(), |[k, n]| format!("{k} of {n}"))
                    })
                    .collect(),
            })
            .collect()
    };
    let families: Vec<&str> = Family::ALL.iter().map(|f| f.code()).collect();
    let mut env = minijinja::Environment::new();
    env.add_template("audit.html", TEMPLATE)
        .map_err(|e| format!("the report template: {e}"))?;
    let template = env
        .get_template("audit.html")
        .map_err(|e| format!("the report template: {e}"))?;
    template
        .render(minijinja::context! {
            report => minijinja::Value::from_serialize(report),
            duties => duties,
            families => families,
            by_month => breakdown(&report.by_month),
            by_category => breakdown(&report.by_category),
            segments => SEGMENTS.iter().map(|(name, c)| (name, format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2))).collect::<Vec<_>>(),
            bars_svg => minijinja::Value::from_safe_string(bars(report)?),
            trend_svg => minijinja::Value::from_safe_string(trend(report)?),
        })
        .map_err(|e| format!("the report template: {e}"))
}

fn chart_error(e: impl std::fmt::Display) -> String {
    format!("drawing a chart: {e}")
}

/// Gives the SVG a role and a label, so that it reads as one image with a name.
fn label_svg(svg: String, label: &str) -> String {
    svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{label}\" "),
        1,
    )
}

/// A bar per duty with lines: compliant, met late, missed, prohibited and open, as shares of
/// the duty's lines, each segment labelled with its count where it is wide enough.
fn bars(report: &Report) -> Result<String, String> {
    let rows: Vec<_> = report
        .duties
        .iter()
        .filter(|d| d.applicable + d.open > 0)
        .collect();
    const LEFT: i32 = 70;
    const BAR: i32 = 620;
    const ROW: i32 = 30;
    const TOP: i32 = 40;
    let height = (TOP + ROW * rows.len().max(1) as i32 + 20) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let font = ("sans-serif", 14).into_font();
        let small = ("sans-serif", 12).into_font();
        // The legend: a swatch and the word for each colour.
        let mut x = LEFT;
        for (name, colour) in SEGMENTS {
            root.draw(&Rectangle::new([(x, 10), (x + 14, 24)], colour.filled()))
                .map_err(chart_error)?;
            root.draw(&Text::new(name.to_owned(), (x + 18, 11), small.clone()))
                .map_err(chart_error)?;
            x += 30 + 8 * name.len() as i32;
        }
        for (i, row) in rows.iter().enumerate() {
            let y = TOP + ROW * i as i32;
            root.draw(&Text::new(row.duty.to_owned(), (8, y + 5), font.clone()))
                .map_err(chart_error)?;
            let total = (row.applicable + row.open) as f64;
            let mut x = LEFT as f64;
            for ((_, colour), count) in SEGMENTS.iter().zip([
                row.compliant,
                row.late,
                row.missed,
                row.prohibited,
                row.open,
            ]) {
                if count == 0 {
                    continue;
                }
                let width = BAR as f64 * count as f64 / total;
                let (x0, x1) = (x.round() as i32, (x + width).round() as i32);
                root.draw(&Rectangle::new(
                    [(x0, y), (x1, y + ROW - 8)],
                    colour.filled(),
                ))
                .map_err(chart_error)?;
                let label = count.to_string();
                if (x1 - x0) as usize > 9 * label.len() + 4 {
                    root.draw(&Text::new(
                        label,
                        (x0 + 4, y + 4),
                        small.clone().color(&WHITE),
                    ))
                    .map_err(chart_error)?;
                }
                x += width;
            }
            let summary = match row.proportion {
                Some(p) => format!(
                    "{} of {} ({} %){}",
                    row.compliant,
                    row.applicable,
                    percent(p),
                    if row.open > 0 {
                        format!(", {} open", row.open)
                    } else {
                        String::new()
                    }
                ),
                None => format!("none applicable, {} open", row.open),
            };
            root.draw(&Text::new(summary, (LEFT + BAR + 10, y + 5), small.clone()))
                .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(label_svg(
        svg,
        "Bar per duty: compliant, met late, missed, prohibited and open findings; the same figures are in the table below.",
    ))
}

/// The monthly trend per family: the share compliant of applicable, one line per family, each
/// with its own marker.
fn trend(report: &Report) -> Result<String, String> {
    let months: Vec<&str> = report
        .by_month
        .iter()
        .filter(|r| r.key != "unknown")
        .map(|r| r.key.as_str())
        .collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 380)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let n = months.len().max(1);
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(50)
            .y_label_area_size(50)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..100f64)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .x_labels(n.min(24))
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 {
                    months
                        .get(i as usize)
                        .map(|m| (*m).to_owned())
                        .unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_desc("compliant of applicable (%)")
            .y_label_formatter(&|y| format!("{y:.0}"))
            .draw()
            .map_err(chart_error)?;
        let palette = [
            RGBColor(0x09, 0x69, 0xda),
            RGBColor(0x1a, 0x7f, 0x37),
            RGBColor(0xcf, 0x22, 0x2e),
            RGBColor(0x82, 0x50, 0xdf),
            RGBColor(0xbf, 0x87, 0x00),
        ];
        for (f, (family, colour)) in Family::ALL.iter().zip(palette).enumerate() {
            let points: Vec<(f64, f64)> = report
                .by_month
                .iter()
                .filter(|r| r.key != "unknown")
                .enumerate()
                .filter_map(|(i, r)| {
                    r.families
                        .get(family.code())
                        .filter(|[_, n]| *n > 0)
                        .map(|[k, n]| (i as f64, 100.0 * *k as f64 / *n as f64))
                })
                .collect();
            if points.is_empty() {
                continue;
            }
            let style = colour.stroke_width(2);
            let label = format!("{} {}", family.code(), family.title());
            chart
                .draw_series(LineSeries::new(points.clone(), style))
                .map_err(chart_error)?
                .label(label)
                .legend(move |(x, y)| {
                    EmptyElement::at((x, y))
                        + PathElement::new(vec![(-8, 0), (8, 0)], colour.stroke_width(2))
                        + marker(f, colour)
                });
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|&p| EmptyElement::at(p) + marker(f, colour)),
                )
                .map_err(chart_error)?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .position(SeriesLabelPosition::LowerLeft)
            .draw()
            .map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(label_svg(
        svg,
        "Monthly trend per duty family: the share of applicable findings that were compliant; the same figures are in the by-month table.",
    ))
}

/// A marker shape per family: circle, triangle, square, cross, diamond.
fn marker<DB: DrawingBackend>(
    family: usize,
    colour: RGBColor,
) -> DynElement<'static, DB, (i32, i32)> {
    match family {
        0 => Circle::new((0, 0), 4, colour.filled()).into_dyn(),
        1 => TriangleMarker::new((0, 0), 5, colour.filled()).into_dyn(),
        2 => Rectangle::new([(-4, -4), (4, 4)], colour.filled()).into_dyn(),
        3 => Cross::new((0, 0), 4, colour.stroke_width(2)).into_dyn(),
        _ => Polygon::new(vec![(0, -5), (5, 0), (0, 5), (-5, 0)], colour.filled()).into_dyn(),
    }
}
