//! The diagram of a group's bodies, drawn on the server as SVG (no script): one box per body
//! (name, kind, number of members) and one arrow per relation with its label, laid out in
//! layers: a body sits under those that elect or appoint it and over those that report to or
//! advise it (the general assembly thus on top); bodies with no relation share a row apart at
//! the bottom. Rows hold at most three boxes, so the `viewBox`-scaled drawing stays readable
//! at phone width. The `<title>` and `<desc>` (which states every relation in words) give a
//! screen reader what the picture shows. Pure: the page passes translated words in.

use std::{collections::HashMap, fmt::Write};

/// A body as drawn.
pub struct DiagramBox {
    pub id: i64,
    pub name: String,
    /// Its kind, in the reader's language.
    pub kind: String,
    /// "3 membres".
    pub members: String,
}

/// A relation as drawn: from `from` to `to`, labelled ("élit").
pub struct DiagramArrow {
    pub from: i64,
    pub to: i64,
    pub label: String,
    /// Whether `from` sits above `to` (elects, appoints), or below it (reports to, advises).
    pub points_down: bool,
}

pub struct Diagram {
    pub title: String,
    /// The relations in words, for screen readers.
    pub description: String,
    pub boxes: Vec<DiagramBox>,
    pub arrows: Vec<DiagramArrow>,
}

const BOX_W: i64 = 220;
const BOX_H: i64 = 64;
const GAP_X: i64 = 30;
const GAP_Y: i64 = 90;
const MARGIN: i64 = 16;
/// Most boxes on one row; a longer layer wraps.
pub const MAX_PER_ROW: usize = 3;
const MAX_NAME_CHARS: usize = 26;

/// The rows of the drawing, top to bottom, as body ids in the given order.
pub fn rows(ids: &[i64], arrows: &[DiagramArrow]) -> Vec<Vec<i64>> {
    let known = |id: &i64| ids.contains(id);
    // (upper, lower) pairs; a relation of a body to itself or to an unknown one is not drawn.
    let edges: Vec<(i64, i64)> = arrows
        .iter()
        .filter(|a| a.from != a.to && known(&a.from) && known(&a.to))
        .map(|a| {
            if a.points_down {
                (a.from, a.to)
            } else {
                (a.to, a.from)
            }
        })
        .collect();
    let related = |id: i64| edges.iter().any(|(u, l)| *u == id || *l == id);
    let mut depth: HashMap<i64, usize> = ids
        .iter()
        .filter(|id| related(**id))
        .map(|id| (*id, 0))
        .collect();
    // Longest path from the top; at most one pass per body, so a cycle ends too.
    for _ in 0..ids.len() {
        let mut changed = false;
        for (upper, lower) in &edges {
            let wanted = (depth[upper] + 1).min(ids.len());
            if depth[lower] < wanted {
                depth.insert(*lower, wanted);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut levels: Vec<usize> = depth.values().copied().collect();
    levels.sort_unstable();
    levels.dedup();
    let mut layers: Vec<Vec<i64>> = levels
        .iter()
        .map(|level| {
            ids.iter()
                .copied()
                .filter(|id| depth.get(id) == Some(level))
                .collect()
        })
        .collect();
    let alone: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| !depth.contains_key(id))
        .collect();
    if !alone.is_empty() {
        layers.push(alone);
    }
    layers
        .into_iter()
        .flat_map(|layer| {
            layer
                .chunks(MAX_PER_ROW)
                .map(<[i64]>::to_vec)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Text made safe inside SVG elements and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(max - 1).collect();
        short.push('…');
        short
    }
}

/// Where a box sits: its top-left corner and its row.
#[derive(Clone, Copy)]
struct Place {
    x: i64,
    y: i64,
    row: usize,
}

/// The whole SVG element, to put inline in a page or serve as a file.
pub fn render(d: &Diagram) -> String {
    let ids: Vec<i64> = d.boxes.iter().map(|b| b.id).collect();
    let rows = rows(&ids, &d.arrows);
    let widest = rows.iter().map(Vec::len).max().unwrap_or(1).max(1) as i64;
    let width = 2 * MARGIN + widest * BOX_W + (widest - 1) * GAP_X;
    let height = 2 * MARGIN + (rows.len().max(1) as i64) * (BOX_H + GAP_Y) - GAP_Y;
    let mut places: HashMap<i64, Place> = HashMap::new();
    for (r, row) in rows.iter().enumerate() {
        let row_width = row.len() as i64 * BOX_W + (row.len() as i64 - 1) * GAP_X;
        let left = (width - row_width) / 2;
        for (i, id) in row.iter().enumerate() {
            let x = left + i as i64 * (BOX_W + GAP_X);
            let y = MARGIN + r as i64 * (BOX_H + GAP_Y);
            places.insert(*id, Place { x, y, row: r });
        }
    }
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"governance-diagram\" \
         viewBox=\"0 0 {width} {height}\" width=\"100%\" preserveAspectRatio=\"xMidYMin meet\" \
         role=\"img\" aria-labelledby=\"governance-diagram-title governance-diagram-desc\" \
         font-family=\"sans-serif\">\
         <title id=\"governance-diagram-title\">{}</title>\
         <desc id=\"governance-diagram-desc\">{}</desc>\
         <defs><marker id=\"governance-arrowhead\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">\
         <path d=\"M0,0 L10,5 L0,10 z\" fill=\"#3d3d3d\"/></marker></defs>",
        escape(&d.title),
        escape(&d.description)
    );
    for b in &d.boxes {
        let p = places[&b.id];
        let cx = p.x + BOX_W / 2;
        let _ = write!(
            svg,
            "<g class=\"body-box\"><rect x=\"{}\" y=\"{}\" width=\"{BOX_W}\" height=\"{BOX_H}\" \
             rx=\"8\" fill=\"#f5f1e8\" stroke=\"#4a4a4a\" stroke-width=\"1.5\"/>\
             <text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" font-size=\"16\" \
             font-weight=\"bold\" fill=\"#1a1a1a\">{}</text>\
             <text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\" \
             fill=\"#3d3d3d\">{} · {}</text></g>",
            p.x,
            p.y,
            p.y + 27,
            escape(&shorten(&b.name, MAX_NAME_CHARS)),
            p.y + 49,
            escape(&shorten(&b.kind, 18)),
            escape(&b.members)
        );
    }
    // Two arrows between the same pair are drawn side by side.
    let mut drawn: HashMap<(i64, i64), i64> = HashMap::new();
    for a in &d.arrows {
        let (Some(from), Some(to)) = (places.get(&a.from), places.get(&a.to)) else {
            continue;
        };
        if a.from == a.to {
            continue;
        }
        let pair = (a.from.min(a.to), a.from.max(a.to));
        let nth = drawn.entry(pair).or_insert(0);
        let shift = *nth * 16;
        *nth += 1;
        let (x1, y1, x2, y2) = if from.row < to.row {
            (
                from.x + BOX_W / 2 + shift,
                from.y + BOX_H,
                to.x + BOX_W / 2 + shift,
                to.y,
            )
        } else if from.row > to.row {
            (
                from.x + BOX_W / 2 + shift,
                from.y,
                to.x + BOX_W / 2 + shift,
                to.y + BOX_H,
            )
        } else if from.x < to.x {
            (
                from.x + BOX_W,
                from.y + BOX_H / 2 + shift,
                to.x,
                to.y + BOX_H / 2 + shift,
            )
        } else {
            (
                from.x,
                from.y + BOX_H / 2 + shift,
                to.x + BOX_W,
                to.y + BOX_H / 2 + shift,
            )
        };
        let _ = write!(
            svg,
            "<g class=\"relation\"><line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" \
             stroke=\"#3d3d3d\" stroke-width=\"1.5\" marker-end=\"url(#governance-arrowhead)\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#1a1a1a\" \
             stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">{}</text></g>",
            (x1 + x2) / 2,
            (y1 + y2) / 2 + 4,
            escape(&a.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrow(from: i64, to: i64, label: &str, points_down: bool) -> DiagramArrow {
        DiagramArrow {
            from,
            to,
            label: label.into(),
            points_down,
        }
    }

    fn body(id: i64, name: &str) -> DiagramBox {
        DiagramBox {
            id,
            name: name.into(),
            kind: "Conseil".into(),
            members: "2 membres".into(),
        }
    }

    #[test]
    fn the_assembly_on_top_then_who_it_elects_then_who_they_appoint() {
        // 1 bureau, 2 board, 3 assembly, 4 committee reporting to the board, 5 alone.
        let arrows = vec![
            arrow(3, 2, "élit", true),
            arrow(2, 1, "nomme", true),
            arrow(4, 2, "rend compte à", false),
        ];
        assert_eq!(
            rows(&[1, 2, 3, 4, 5], &arrows),
            vec![vec![3], vec![2], vec![1, 4], vec![5]]
        );
    }

    #[test]
    fn a_body_sits_under_the_longest_chain_above_it() {
        // The assembly elects the board and also names the bureau directly.
        let arrows = vec![
            arrow(1, 2, "élit", true),
            arrow(2, 3, "nomme", true),
            arrow(1, 3, "nomme", true),
        ];
        assert_eq!(rows(&[1, 2, 3], &arrows), vec![vec![1], vec![2], vec![3]]);
    }

    #[test]
    fn cycles_and_self_relations_still_give_rows() {
        let arrows = vec![
            arrow(1, 2, "élit", true),
            arrow(2, 1, "élit", true),
            arrow(3, 3, "élit", true),
            arrow(1, 99, "élit", true),
        ];
        let rows = rows(&[1, 2, 3], &arrows);
        let mut all: Vec<i64> = rows.concat();
        all.sort_unstable();
        assert_eq!(all, vec![1, 2, 3], "every body drawn once");
        assert_eq!(
            rows.last().unwrap(),
            &vec![3],
            "a self-relation is no relation"
        );
    }

    #[test]
    fn long_rows_wrap_for_phones() {
        let rows = rows(&[1, 2, 3, 4, 5], &[]);
        assert_eq!(rows, vec![vec![1, 2, 3], vec![4, 5]]);
    }

    #[test]
    fn the_svg_is_accessible_scaled_and_escaped() {
        let svg = render(&Diagram {
            title: "Gouvernance de <Coop>".into(),
            description: "Assemblée générale élit Conseil & co.".into(),
            boxes: vec![body(1, "Assemblée générale"), body(2, "Conseil & co <b>")],
            arrows: vec![arrow(1, 2, "élit", true)],
        });
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("viewBox=\"0 0 "));
        assert!(svg.contains("width=\"100%\""));
        assert!(svg.contains(
            "<title id=\"governance-diagram-title\">Gouvernance de &lt;Coop&gt;</title>"
        ));
        assert!(svg.contains(
            "<desc id=\"governance-diagram-desc\">Assemblée générale élit Conseil &amp; co.</desc>"
        ));
        assert!(svg.contains("Conseil &amp; co &lt;b&gt;"));
        assert!(!svg.contains("<b>"));
        assert!(!svg.contains("<script"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert_eq!(svg.matches("<line").count(), 1);
        assert!(svg.contains(">élit</text>"));
        // The assembly's box is above the board's.
        let y = |name: &str| {
            let boxes = svg.find("</defs>").unwrap();
            let at = boxes + svg[boxes..].find(&format!(">{name}")).unwrap();
            let rect = svg[..at].rfind("<rect").unwrap();
            let y_at = svg[rect..].find(" y=\"").unwrap() + rect + 4;
            svg[y_at..y_at + svg[y_at..].find('"').unwrap()]
                .parse::<i64>()
                .unwrap()
        };
        assert!(y("Assemblée générale") < y("Conseil &amp;"));
    }

    #[test]
    fn long_names_are_shortened_and_empty_diagrams_render() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        let svg = render(&Diagram {
            title: "t".into(),
            description: "d".into(),
            boxes: vec![],
            arrows: vec![],
        });
        assert!(svg.contains("viewBox=\"0 0 252 "), "{svg}");
    }
}
