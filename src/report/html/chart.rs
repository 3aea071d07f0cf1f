//! The page's trend charts, drawn by plotters into SVG text (inlined in the page).
//! Each line has its own marker shape and dash as well as its colour, and a
//! legend naming it, so colour is never the only way to tell the lines apart; the
//! page puts the numbers behind each chart in a table beside it.

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

/// One line of a chart.
pub struct Line<'a> {
    pub label: &'a str,
    /// One value per date of the chart.
    pub values: Vec<u64>,
}

/// Chart size in pixels (fits an A4 page's width at print scale).
const SIZE: (u32, u32) = (720, 260);

/// Room on the right for the legend, in pixels.
const LEGEND_WIDTH: u32 = 175;

/// Text size given to plotters (it writes `FONT / 1.24` px into the SVG).
const FONT: u32 = 16;

/// Colours (Okabe–Ito, readable with the common colour-vision deficiencies), in
/// line order.
const COLOURS: [RGBColor; 5] = [
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0x55, 0x55, 0x55),
];

/// Draws `lines` over `dates` (oldest first) as SVG text; the y axis is named `unit`.
pub fn svg(dates: &[NaiveDate], lines: &[Line<'_>], unit: &str) -> String {
    let mut out = String::new();
    // Drawing into a string cannot fail for want of space; a plotters error would
    // be a bug in the ranges below, and a blank chart is then the right fallback.
    let _ = draw(&mut out, dates, lines, unit);
    out
}

type Drawn = Result<(), Box<dyn std::error::Error>>;

fn draw(out: &mut String, dates: &[NaiveDate], lines: &[Line<'_>], unit: &str) -> Drawn {
    let days: Vec<i32> = dates.iter().map(|d| d.num_days_from_ce()).collect();
    let (first, last) = match (days.first(), days.last()) {
        (Some(a), Some(b)) => (*a, *b),
        _ => (0, 0),
    };
    // Padding keeps every range non-empty (one run is a point in the middle) and
    // the first and last points off the axes.
    let pad = ((last - first) / 20).max(1);
    let x_range = (first - pad)..(last + pad);
    let top = lines
        .iter()
        .flat_map(|l| l.values.iter().copied())
        .max()
        .unwrap_or(0);
    let y_range = 0u64..(top + top / 5 + 1);
    let root = SVGBackend::with_string(out, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .margin_right(LEGEND_WIDTH)
        .x_label_area_size(28)
        .y_label_area_size(44)
        .build_cartesian_2d(x_range, y_range)?;
    let label_day = |d: &i32| {
        NaiveDate::from_num_days_from_ce_opt(*d)
            .map_or_else(String::new, |d| d.format("%-d %b %Y").to_string())
    };
    chart
        .configure_mesh()
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&label_day)
        .y_desc(unit)
        .label_style(("sans-serif", FONT))
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    // Last line first, so the most serious is drawn on top where lines meet.
    for (i, line) in lines.iter().enumerate().rev() {
        let colour = COLOURS[i % COLOURS.len()];
        let style = colour.stroke_width(2);
        let points: Vec<(i32, u64)> = days
            .iter()
            .copied()
            .zip(line.values.iter().copied())
            .collect();
        // Odd lines dashed, even ones solid: a second cue besides the marker.
        if i % 2 == 1 {
            chart.draw_series(DashedLineSeries::new(points.clone(), 6, 4, style))?;
        } else {
            chart.draw_series(LineSeries::new(points.clone(), style))?;
        }
        // The same shape marks the points and the legend entry (beside the plot,
        // never over the lines): a second cue besides colour.
        let legend_at = ((SIZE.0 - LEGEND_WIDTH) as i32 + 16, 24 + 22 * i as i32);
        let font = ("sans-serif", FONT).into_font().color(&BLACK);
        macro_rules! with_marker {
            ($shape:expr) => {{
                let shape = $shape;
                chart.draw_series(
                    points
                        .iter()
                        .map(|&p| EmptyElement::at(p) + shape(colour, (0, 0))),
                )?;
                root.draw(
                    &(EmptyElement::at(legend_at)
                        + PathElement::new(vec![(0, 0), (24, 0)], style)
                        + shape(colour, (12, 0))
                        + Text::new(line.label.to_string(), (32, -7), font.clone())),
                )?;
            }};
        }
        match i % 5 {
            0 => with_marker!(|c: RGBColor, at| Circle::new(at, 4, c.filled())),
            1 => with_marker!(|c: RGBColor, at| TriangleMarker::new(at, 5, c.filled())),
            2 => with_marker!(|c: RGBColor, at| Cross::new(at, 4, c.stroke_width(2))),
            3 => with_marker!(|c: RGBColor, (x, y): (i32, i32)| Rectangle::new(
                [(x - 4, y - 4), (x + 4, y + 4)],
                c.filled()
            )),
            _ => with_marker!(|c: RGBColor, at| Circle::new(at, 4, c.stroke_width(2))),
        }
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates() -> Vec<NaiveDate> {
        ["2021-06-03", "2021-06-24", "2021-07-01"]
            .iter()
            .map(|d| d.parse().unwrap())
            .collect()
    }

    #[test]
    fn the_same_series_draws_the_same_svg() {
        let lines = || {
            vec![
                Line {
                    label: "critical",
                    values: vec![1, 3, 2],
                },
                Line {
                    label: "high",
                    values: vec![4, 4, 5],
                },
            ]
        };
        let a = svg(&dates(), &lines(), "findings");
        assert_eq!(a, svg(&dates(), &lines(), "findings"));
        assert!(a.starts_with("<svg"), "{}", &a[..40.min(a.len())]);
        assert!(
            a.contains("\ncritical\n") && a.contains("\nhigh\n"),
            "legend names each line"
        );
        assert!(a.contains("stroke-dasharray") || a.matches("<polyline").count() > 1);
    }

    #[test]
    fn one_run_and_no_lines_still_draw() {
        let one = svg(
            &dates()[..1],
            &[Line {
                label: "overdue",
                values: vec![0],
            }],
            "decisions",
        );
        assert!(one.contains("3 Jun 2021"), "the run's date labels the axis");
        assert!(svg(&[], &[], "decisions").starts_with("<svg"));
    }
}
