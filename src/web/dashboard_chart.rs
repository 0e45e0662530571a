//! Bar charts of the statistics pages, drawn on the server as SVG (no script): one bar per
//! month with its value written above it and the month below, scaled to the largest value.
//! The `<title>` and `<desc>` (which lists every month's value in words) give a screen reader
//! what the picture shows. Pure: the page passes translated words in.

use std::fmt::Write;

/// One bar: its label under it ("2026-11"), its height, and the text written above it.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

pub struct BarChart {
    /// Unique on the page: the `<title>` and `<desc>` ids derive from it.
    pub id: String,
    pub title: String,
    pub description: String,
    pub bars: Vec<Bar>,
}

const BAR_W: i64 = 44;
const GAP: i64 = 12;
const PLOT_H: i64 = 150;
const TOP: i64 = 24;
const BOTTOM: i64 = 40;
const LEFT: i64 = 12;

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart as an `<svg>` element, to embed in a page or serve alone.
pub fn render(chart: &BarChart) -> String {
    let n = chart.bars.len() as i64;
    let width = LEFT * 2 + n * BAR_W + (n - 1).max(0) * GAP;
    let height = TOP + PLOT_H + BOTTOM;
    let max = chart.bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let id = escape(&chart.id);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"bar-chart\" \
         viewBox=\"0 0 {width} {height}\" width=\"100%\" \
         aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(&chart.title),
        escape(&chart.description)
    );
    let base = TOP + PLOT_H;
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#3d3d3d\" stroke-width=\"1\"/>",
        width - LEFT
    );
    for (i, bar) in chart.bars.iter().enumerate() {
        let x = LEFT + i as i64 * (BAR_W + GAP);
        let h = if max > 0.0 && bar.value > 0.0 {
            ((bar.value / max) * PLOT_H as f64).round().max(1.0) as i64
        } else {
            0
        };
        let _ = write!(
            svg,
            "<g class=\"bar\"><rect x=\"{x}\" y=\"{}\" width=\"{BAR_W}\" height=\"{h}\" fill=\"#2b6cb0\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#1a1a1a\">{}</text>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#3d3d3d\">{}</text></g>",
            base - h,
            x + BAR_W / 2,
            base - h - 6,
            escape(&bar.text),
            x + BAR_W / 2,
            base + 18,
            escape(&bar.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64) -> Bar {
        Bar {
            label: label.into(),
            value,
            text: format!("{value}"),
        }
    }

    #[test]
    fn bars_are_scaled_labelled_and_escaped() {
        let svg = render(&BarChart {
            id: "members".into(),
            title: "Membres de <Coop> & co".into(),
            description: "2026-10 : 2 ; 2026-11 : 4".into(),
            bars: vec![
                bar("2026-10", 2.0),
                bar("2026-11", 4.0),
                bar("2026-12", 0.0),
            ],
        });
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("role=\"img\""));
        assert!(
            svg.contains("<title id=\"members-title\">Membres de &lt;Coop&gt; &amp; co</title>")
        );
        assert!(svg.contains("<desc id=\"members-desc\">2026-10 : 2 ; 2026-11 : 4</desc>"));
        assert_eq!(svg.matches("<rect").count(), 3);
        // The largest bar takes the whole height, half the value half of it, zero nothing.
        assert!(svg.contains(&format!("height=\"{PLOT_H}\"")));
        assert!(svg.contains(&format!("height=\"{}\"", PLOT_H / 2)));
        assert!(svg.contains("height=\"0\""));
        assert!(svg.contains(">4</text>") && svg.contains(">2026-11</text>"));
        assert!(!svg.contains("<Coop>"));
    }

    #[test]
    fn an_empty_or_all_zero_chart_renders() {
        let svg = render(&BarChart {
            id: "x".into(),
            title: "t".into(),
            description: "d".into(),
            bars: vec![],
        });
        assert!(svg.contains("viewBox=\"0 0 24 "), "{svg}");
        let svg = render(&BarChart {
            id: "x".into(),
            title: "t".into(),
            description: "d".into(),
            bars: vec![bar("a", 0.0)],
        });
        assert!(svg.contains("height=\"0\""));
    }
}
