//! Unit tests for diagram drawing: every figure fits every width (in box-drawing and ASCII
//! mode), labels and parts survive each layout, and the text and glyph helpers behave.
//!
//! They live apart from the layouts because they exercise all of them through [`draw`].

use super::glyphs::line_char;
use super::proportion::{MAX_BAR, allocate};
use super::text::{text_width, truncate, wrap};
use super::*;
use crate::content::diagram::{Cycle, Lanes, Link, Proportion, parse};

use crate::content::diagram::samples::{LANES, LIFECYCLE, PROPORTION};

/// Wide characters, emoji sequences and a long word, to stress widths.
const UNICODE_CYCLE: &str = r#"kind = "cycle"
caption = "c"
stages = ["数据收集", "前处理 👩‍🔬", "Entraînement", "Évaluation ❤️", "Supercalifragilisticexpialidocious", "🇫🇷 Monitoring"]
[feedback]
from = "🇫🇷 Monitoring"
to = "前处理 👩‍🔬"
label = "ドリフト → retrain"
"#;

const WIDTHS: [usize; 5] = [20, 40, 60, 80, 120];

fn diagram(spec: &str) -> Diagram {
    parse(spec).expect("test spec parses")
}

fn opts(width: usize, ascii: bool) -> DrawOptions {
    DrawOptions {
        width,
        ascii,
        selected: None,
    }
}

fn render(d: &Diagram, o: &DrawOptions) -> Vec<String> {
    draw(d, o)
        .iter()
        .map(|line| line.iter().map(|(s, _)| s.as_str()).collect())
        .collect()
}

fn all_specs() -> Vec<(&'static str, Diagram)> {
    vec![
        ("lifecycle", diagram(LIFECYCLE)),
        ("lanes", diagram(LANES)),
        ("proportion", diagram(PROPORTION)),
        ("unicode", diagram(UNICODE_CYCLE)),
    ]
}

fn assert_fits(name: &str, d: &Diagram, o: &DrawOptions) {
    for line in render(d, o) {
        assert!(
            text_width(&line) <= o.width,
            "{name} at {} (ascii {}): {:?} is {} wide",
            o.width,
            o.ascii,
            line,
            text_width(&line)
        );
    }
}

/// The words of stage `i`'s label, read from the segments tagged `Stage(i)`.
fn stage_words(lines: &[Vec<Segment>], i: usize) -> String {
    let text: String = lines
        .iter()
        .flatten()
        .filter(|(_, p)| *p == Part::Stage(i))
        .map(|(s, _)| format!("{s} "))
        .collect();
    text.split(|c: char| c.is_whitespace() || "─│┌┐└┘═║╔╗╚╝┬┴├┤╤╧╟╢+-|#=*".contains(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn stage_labels(d: &Diagram) -> Vec<String> {
    match &d.kind {
        DiagramKind::Cycle(c) => c.stages.clone(),
        DiagramKind::Lanes(l) => l.lanes.iter().flat_map(|l| l.steps.clone()).collect(),
        DiagramKind::Proportion(p) => p.parts.iter().map(|s| s.label.clone()).collect(),
        DiagramKind::Explore(e) => e.inputs.iter().map(|i| i.label.clone()).collect(),
    }
}

#[test]
fn never_wider_than_width_in_box_and_ascii_mode() {
    for (name, d) in all_specs() {
        for width in WIDTHS {
            for ascii in [false, true] {
                assert_fits(name, &d, &opts(width, ascii));
            }
        }
    }
}

#[test]
fn all_stage_labels_appear_from_40_columns() {
    for (name, d) in all_specs().into_iter().take(2) {
        for width in WIDTHS.into_iter().filter(|w| *w >= 40) {
            for ascii in [false, true] {
                let lines = draw(&d, &opts(width, ascii));
                for (i, label) in stage_labels(&d).iter().enumerate() {
                    assert_eq!(
                        stage_words(&lines, i),
                        *label,
                        "{name} at {width} ascii {ascii}:\n{}",
                        render(&d, &opts(width, ascii)).join("\n")
                    );
                }
            }
        }
    }
}

#[test]
fn proportion_labels_and_percents_appear() {
    let d = diagram(PROPORTION);
    for width in WIDTHS.into_iter().filter(|w| *w >= 40) {
        let text = render(&d, &opts(width, false)).join(" ");
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("5% ML code"), "{text}");
        assert!(
            words.contains("95% Data pipelines, configuration, serving"),
            "{text}"
        );
        assert!(words.contains("feature engineering"), "{text}");
    }
}

#[test]
fn ascii_mode_is_pure_ascii() {
    for (name, d) in all_specs() {
        for width in WIDTHS {
            for line in render(&d, &opts(width, true)) {
                assert!(line.is_ascii(), "{name} at {width}: {line:?}");
            }
        }
    }
}

#[test]
fn sweep_widths_0_to_200_without_panics() {
    for (name, d) in all_specs() {
        for width in 0..=200 {
            for ascii in [false, true] {
                for selected in [None, Some(0), Some(3), Some(99)] {
                    let o = DrawOptions {
                        width,
                        ascii,
                        selected,
                    };
                    assert_fits(name, &d, &o);
                }
            }
        }
    }
}

#[test]
fn width_zero_is_empty() {
    for (_, d) in all_specs() {
        assert!(draw(&d, &opts(0, false)).is_empty());
    }
}

#[test]
fn very_narrow_cycle_truncates_labels() {
    let d = diagram(LIFECYCLE);
    let lines = render(&d, &opts(8, false));
    assert!(lines.iter().any(|l| l.contains('…')), "{lines:#?}");
    assert!(lines.iter().any(|l| l.trim() == "▼"), "{lines:#?}");
    let ascii = render(&d, &opts(8, true));
    assert!(ascii.iter().any(|l| l.ends_with('.')), "{ascii:#?}");
}

#[test]
fn selected_stage_is_marked() {
    for (name, d) in all_specs().into_iter().take(2) {
        for width in [20, 40, 80, 120] {
            for ascii in [false, true] {
                let plain = render(&d, &opts(width, ascii));
                let o = DrawOptions {
                    selected: Some(2),
                    ..opts(width, ascii)
                };
                let lines = draw(&d, &o);
                let marked: String = lines
                    .iter()
                    .flatten()
                    .filter(|(_, p)| *p == Part::Stage(2))
                    .map(|(s, _)| s.as_str())
                    .collect();
                let mark = if ascii { ['#', '*'] } else { ['║', '*'] };
                assert!(marked.contains(mark), "{name} at {width}: {marked:?}");
                assert_ne!(plain, render(&d, &o), "{name} at {width}");
            }
        }
    }
}

#[test]
fn selected_share_is_marked() {
    let d = diagram(PROPORTION);
    let o = DrawOptions {
        selected: Some(0),
        ..opts(60, false)
    };
    let lines = render(&d, &o);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with('▶') && l.contains("ML code")),
        "{lines:#?}"
    );
}

#[test]
fn lifecycle_for_review() {
    let d = diagram(LIFECYCLE);
    for width in [80, 40] {
        let lines = render(&d, &opts(width, false));
        println!("--- lifecycle at {width} columns ---");
        for line in &lines {
            println!("{line}");
        }
        let text = lines.join("\n");
        assert!(text.contains("drift and"), "{text}");
        let tagged = draw(&d, &opts(width, false));
        let heads = |part: Part| -> usize {
            tagged
                .iter()
                .flatten()
                .filter(|(_, p)| *p == part)
                .map(|(s, _)| s.chars().filter(|c| "▲▼◀▶".contains(*c)).count())
                .sum()
        };
        assert_eq!(heads(Part::Arrow), 5, "five flow arrows:\n{text}");
        assert_eq!(heads(Part::Feedback), 1, "one feedback arrow:\n{text}");
        assert!(
            text.contains('━') || text.contains('┃'),
            "heavy feedback line:\n{text}"
        );
    }
    let wide = render(&d, &opts(80, false));
    // Ring: the first three stages share the top row, the last three the bottom row.
    let top = wide
        .iter()
        .find(|l| l.contains("Data Collection"))
        .cloned()
        .unwrap_or_default();
    assert!(
        top.contains("Preprocessing") && top.contains("Training"),
        "{top}"
    );
    let bottom = wide
        .iter()
        .find(|l| l.contains("Monitoring"))
        .cloned()
        .unwrap_or_default();
    assert!(
        bottom.contains("Deployment") && bottom.contains("Evaluation"),
        "{bottom}"
    );
    assert!(
        bottom.find("Monitoring") < bottom.find("Evaluation"),
        "{bottom}"
    );
    // Column: one stage per row, in order.
    let narrow = render(&d, &opts(40, false));
    let order: Vec<usize> = stage_labels(&d)
        .iter()
        .filter_map(|s| narrow.iter().position(|l| l.contains(s.as_str())))
        .collect();
    assert_eq!(order.len(), 6, "{narrow:#?}");
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{narrow:#?}");
}

#[test]
fn parts_are_tagged() {
    let d = diagram(LIFECYCLE);
    let lines = draw(&d, &opts(80, false));
    let parts: Vec<Part> = lines.iter().flatten().map(|(_, p)| *p).collect();
    for part in [Part::Arrow, Part::Feedback, Part::Stage(0), Part::Stage(5)] {
        assert!(parts.contains(&part), "{part:?} missing");
    }
    let feedback: String = lines
        .iter()
        .flatten()
        .filter(|(_, p)| *p == Part::Feedback)
        .map(|(s, _)| s.as_str())
        .collect();
    assert!(feedback.contains("drift and"), "{feedback}");
    let bar = draw(&diagram(PROPORTION), &opts(60, false));
    let parts: Vec<Part> = bar.iter().flatten().map(|(_, p)| *p).collect();
    for part in [Part::Frame, Part::Share(0), Part::Share(1)] {
        assert!(parts.contains(&part), "{part:?} missing");
    }
}

#[test]
fn lanes_link_is_drawn_with_its_label() {
    let d = diagram(LANES);
    for width in [60, 80, 120, 40, 30] {
        let lines = render(&d, &opts(width, false));
        let text = lines.join("\n");
        assert!(text.contains("deploy"), "{width}:\n{text}");
        assert!(text.contains("Training (offline)"), "{width}:\n{text}");
        assert!(text.contains("Inference (online)"), "{width}:\n{text}");
    }
    let wide = render(&d, &opts(80, false));
    let training = wide.iter().position(|l| l.contains("Historical data"));
    let inference = wide.iter().position(|l| l.contains("Live request"));
    assert!(training < inference, "lanes stack: {wide:#?}");
    assert!(
        wide.iter()
            .any(|l| l.contains("Historical data") && l.contains("Model registry")),
        "{wide:#?}"
    );
}

#[test]
fn proportion_bar_is_proportional() {
    let d = diagram(PROPORTION);
    let lines = render(&d, &opts(80, false));
    let bar = lines
        .iter()
        .find(|l| l.contains('█'))
        .cloned()
        .unwrap_or_default();
    let full = bar.matches('█').count();
    let light = bar.matches('░').count();
    assert_eq!(full + light, MAX_BAR, "{bar}");
    assert_eq!(full, 3, "{bar}");
    let tiny = render(&d, &opts(8, false));
    assert!(
        tiny.iter().any(|l| l.contains('█')),
        "5% still gets a cell: {tiny:#?}"
    );
}

#[test]
fn allocate_keeps_small_parts_visible() {
    assert_eq!(allocate(&[5.0, 95.0], 10), vec![1, 9]);
    assert_eq!(allocate(&[1.0, 1.0, 98.0], 20), vec![1, 1, 18]);
    assert_eq!(allocate(&[50.0, 50.0], 1).iter().sum::<usize>(), 1);
    assert_eq!(allocate(&[100.0], 0), vec![0]);
    assert_eq!(allocate(&[0.0, 100.0], 7), vec![0, 7]);
}

#[test]
fn lanes_without_links_and_three_lanes() {
    let spec = r#"kind = "lanes"
caption = "c"
[[lanes]]
name = "A"
steps = ["one", "two"]
[[lanes]]
name = "B"
steps = ["three"]
[[lanes]]
name = "C"
steps = ["four", "five", "six"]
[[links]]
from = "six"
to = "one"
label = "far away"
[[links]]
from = "five"
to = "three"
"#;
    let d = diagram(spec);
    for width in [0, 5, 11, 20, 40, 80] {
        for ascii in [false, true] {
            assert_fits("three lanes", &d, &opts(width, ascii));
        }
    }
    let text = render(&d, &opts(80, false)).join("\n");
    assert!(
        text.contains("far away"),
        "non-adjacent link listed:\n{text}"
    );
    assert!(text.contains('▲'), "upward link drawn:\n{text}");
}

#[test]
fn two_stage_cycle_and_inner_feedback() {
    let two = diagram("kind = \"cycle\"\ncaption = \"c\"\nstages = [\"Train\", \"Serve\"]\n");
    let inner = diagram(
        "kind = \"cycle\"\ncaption = \"c\"\nstages = [\"a\", \"b\", \"c\", \"d\"]\n[feedback]\nfrom = \"c\"\nto = \"b\"\nlabel = \"retry\"\n",
    );
    for d in [two, inner] {
        for width in [1, 10, 30, 80] {
            for ascii in [false, true] {
                assert_fits("small cycle", &d, &opts(width, ascii));
            }
        }
    }
}

#[test]
fn hand_built_degenerate_diagrams_do_not_panic() {
    use crate::content::diagram::{Lane, Share};
    let link = |from: &str, to: &str| Link {
        from: from.into(),
        to: to.into(),
        label: Some(String::new()),
    };
    let kinds = vec![
        DiagramKind::Cycle(Cycle {
            stages: vec![],
            details: None,
            feedback: None,
        }),
        DiagramKind::Cycle(Cycle {
            stages: vec![String::new(), " ".into(), "x".into()],
            details: None,
            feedback: Some(link("nope", "x")),
        }),
        DiagramKind::Lanes(Lanes {
            lanes: vec![],
            links: vec![link("a", "b")],
        }),
        DiagramKind::Lanes(Lanes {
            lanes: vec![
                Lane {
                    name: String::new(),
                    steps: vec![],
                },
                Lane {
                    name: "B".into(),
                    steps: vec!["b".into(), "b".into()],
                },
            ],
            links: vec![link("b", "b")],
        }),
        DiagramKind::Proportion(Proportion { parts: vec![] }),
        DiagramKind::Proportion(Proportion {
            parts: vec![
                Share {
                    label: String::new(),
                    percent: f64::NAN,
                },
                Share {
                    label: "x".into(),
                    percent: -3.0,
                },
            ],
        }),
    ];
    for kind in kinds {
        let d = Diagram {
            id: None,
            caption: String::new(),
            kind,
        };
        for width in 0..=90 {
            for ascii in [false, true] {
                assert_fits("degenerate", &d, &opts(width, ascii));
            }
        }
    }
}

#[test]
fn wrap_and_truncate() {
    assert_eq!(wrap("drift and failures", 9), vec!["drift and", "failures"]);
    assert_eq!(wrap("Preprocessing", 5), vec!["Prepr", "ocess", "ing"]);
    assert_eq!(wrap("数据收集", 3), vec!["数", "据", "收", "集"]);
    assert!(wrap("x", 0).is_empty());
    assert_eq!(truncate("Data Collection", 9, false), "Data Col…");
    assert_eq!(truncate("Data Collection", 6, true), "Data.");
    assert_eq!(truncate("数据收集", 5, false), "数据…");
    assert_eq!(truncate("ab", 1, false), "…");
}

#[test]
fn junctions_and_crossings_use_matching_glyphs() {
    assert_eq!(line_char([0, 1, 1, 1], false), '┬');
    assert_eq!(line_char([2, 0, 1, 1], false), '┸');
    assert_eq!(line_char([0, 1, 3, 3], false), '╤');
    assert_eq!(line_char([2, 0, 3, 3], false), '╧');
    assert_eq!(line_char([1, 1, 1, 1], false), '┼');
    assert_eq!(line_char([0, 1, 1, 1], true), '-');
    assert_eq!(line_char([1, 1, 0, 1], true), '|');
    assert_eq!(line_char([0, 1, 0, 1], true), '+');
    assert_eq!(line_char([0, 1, 0, 3], true), '+');
    assert_eq!(line_char([0, 3, 0, 3], true), '#');
    assert_eq!(line_char([0, 0, 3, 3], true), '=');
}

#[test]
fn lane_headings_share_one_column_when_arrows_cross_their_rows() {
    let spec = r#"kind = "lanes"
caption = "A wake-word cascade"
[[lanes]]
name = "Tier 1: always-on processor (milliwatts, every audio frame)"
steps = ["Microphone audio", "Small detector (5 x 32)", "Score above threshold"]
[[lanes]]
name = "Tier 2: main processor (woken on demand)"
steps = ["Main cores wake", "Larger detector (5 x 192)", "Trigger confirmed"]
[[lanes]]
name = "Tier 3: cloud (one network round trip)"
steps = ["Server speech recognition", "Answer, or cancel a false trigger"]
[[links]]
from = "Score above threshold"
to = "Main cores wake"
label = "wake"
[[links]]
from = "Trigger confirmed"
to = "Server speech recognition"
label = "send audio"
"#;
    let lines = render(&diagram(spec), &opts(80, false));
    let columns: Vec<usize> = lines
        .iter()
        .filter_map(|l| {
            let at = l.find("Tier ")?;
            Some(l[..at].chars().count())
        })
        .collect();
    assert_eq!(columns.len(), 3, "{lines:#?}");
    assert!(
        columns.iter().all(|&c| c == columns[0]),
        "{columns:?}: {lines:#?}"
    );
}
