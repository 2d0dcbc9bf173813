use super::*;
use crate::content::diagram::parse_all;

pub const FRAUD: &str = r#"kind = "explore"
id = "fig-fraud-drift"
caption = "Precision drift and the analyst's inbox"
inputs = [
  { id = "volume", label = "transactions flagged per week", min = 1000, max = 100000, step = 1000, default = 50000 },
  { id = "precision", label = "precision", unit = "%", min = 50, max = 99, step = 1, default = 87 },
]
outputs = [
  { id = "false_alarms", label = "false alarms per week", formula = "volume * (1 - precision / 100)", format = "0" },
]
chart = { x = "precision", y = ["false_alarms"] }
"#;

fn explore(spec: &str) -> Explore {
    match parse_all(spec).unwrap().kind {
        DiagramKind::Explore(e) => e,
        other => panic!("not an explorable: {other:?}"),
    }
}

/// Every message of `spec`, with the text at its offset (the next 12 bytes).
fn errors(spec: &str) -> Vec<(String, String)> {
    parse_all(spec)
        .unwrap_err()
        .into_iter()
        .map(|e| {
            let at: String = spec[e.offset.min(spec.len())..].chars().take(12).collect();
            (e.message, at)
        })
        .collect()
}

fn with(replace: &str, by: &str) -> String {
    assert!(FRAUD.contains(replace), "{replace}");
    FRAUD.replacen(replace, by, 1)
}

#[test]
fn parses_the_issue_example_and_evaluates_it() {
    let e = explore(FRAUD);
    assert_eq!(e.inputs.len(), 2);
    assert_eq!(e.inputs[0].grid.len(), 100);
    assert_eq!(e.inputs[1].grid.value(e.inputs[1].default), 87.0);
    let slots = e.evaluate(&e.defaults());
    assert!((slots[2] - 6_500.0).abs() < 1e-6);
    let mut moved = e.defaults();
    moved[1] = e.inputs[1].default + 7; // 94%
    assert!((e.evaluate(&moved)[2] - 3_000.0).abs() < 1e-6);
    assert_eq!(e.chart, Some(Chart { x: 1, y: vec![0] }));
}

#[test]
fn values_lists_and_earlier_outputs() {
    let e = explore(
        r#"kind = "explore"
id = "fig-intensity"
caption = "c"
inputs = [ { id = "batch", label = "batch", values = [1, 2, 4, 8], default = 4 } ]
outputs = [
  { id = "flops", label = "f", formula = "2 * batch" },
  { id = "double", label = "d", formula = "flops * 2", format = "sci" },
]
"#,
    );
    assert_eq!(e.inputs[0].default, 2);
    assert_eq!(e.evaluate(&[3]), vec![8.0, 16.0, 32.0]);
    assert_eq!(e.outputs[1].format.show(32.0), "3.20e1");
}

#[test]
fn clamp_keeps_saved_positions_on_the_grid() {
    let e = explore(FRAUD);
    assert_eq!(e.clamp(&[500]), vec![99, 37]);
    assert_eq!(e.clamp(&[]), e.defaults());
}

#[test]
fn formats() {
    assert_eq!(Format::Fixed(0).show(6_500.4), "6,500");
    assert_eq!(Format::Fixed(2).show(-1_234_567.891), "-1,234,567.89");
    assert_eq!(Format::Auto.show(0.1 + 0.2), "0.3");
    assert_eq!(Format::Auto.show(12_345.0), "12,345");
    assert_eq!(Format::Auto.show(-0.0001), "0");
    assert_eq!(Format::Sci.show(2.7e20), "2.70e20");
    assert_eq!(Format::Fixed(1).show(f64::INFINITY), "∞");
}

#[test]
fn unknown_variable_is_reported_at_its_name() {
    let spec = with("volume * (1", "volumes * (1");
    assert_eq!(
        errors(&spec),
        vec![(
            "unknown variable 'volumes' (known here: volume, precision)".to_string(),
            "volumes * (1".to_string()
        )]
    );
}

#[test]
fn a_later_output_or_itself_is_a_cycle_reported_at_the_name() {
    let spec = r#"kind = "explore"
id = "fig-x"
caption = "c"
inputs = [ { id = "a", label = "a", min = 0, max = 1, step = 1, default = 0 } ]
outputs = [
  { id = "b", label = "b", formula = "c + 1" },
  { id = "c", label = "c", formula = "c * 2" },
]
"#;
    let found = errors(spec);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0]
            .0
            .contains("output 'b' uses 'c', an output defined after it")
    );
    assert!(found[0].1.starts_with("c + 1"));
    assert_eq!(found[1].0, "output 'c' uses itself");
    assert!(found[1].1.starts_with("c * 2"));
}

#[test]
fn default_outside_the_range_and_off_the_grid() {
    let outside = errors(&with("default = 87", "default = 100"));
    assert_eq!(
        outside,
        vec![(
            "input 'precision' has default '100' outside its range 50 to 99".to_string(),
            "100 },\n]\nout".to_string()
        )]
    );
    let off = errors(&with("default = 50000", "default = 50500"));
    assert_eq!(off.len(), 1);
    assert!(off[0].0.contains(
        "default '50500', which is not on its grid (a multiple of the step 1000 from 1000)"
    ));
}

#[test]
fn a_step_that_does_not_divide_the_range() {
    let found = errors(&with("step = 1, default = 87", "step = 2, default = 88"));
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].0,
        "input 'precision' has step '2', which does not divide the range 50 to 99 (it would stop short of max)"
    );
    assert!(found[0].1.starts_with("2, default"));
}

#[test]
fn a_formula_that_is_not_finite_somewhere_on_the_grid() {
    let spec = r#"kind = "explore"
id = "fig-x"
caption = "c"
inputs = [ { id = "a", label = "a", min = 0, max = 10, step = 1, default = 5 } ]
outputs = [ { id = "inv", label = "1/a", formula = "1 / a" } ]
"#;
    let found = errors(spec);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].0,
        "output 'inv' is not finite (∞) at a = 0 (every point of the inputs' grids must give a number)"
    );
    assert!(found[0].1.starts_with("\"1 / a\""));
}

#[test]
fn unknown_format_and_bad_chart_names() {
    let spec = with("format = \"0\"", "format = \"0.0000\"");
    assert_eq!(
        errors(&spec)[0].0,
        "unknown format '0.0000' (expected 0, 0.0, 0.00, 0.000, sci)"
    );
    let spec = with("x = \"precision\"", "x = \"recall\"");
    assert_eq!(
        errors(&spec)[0].0,
        "chart x 'recall' is not an input (inputs: volume, precision)"
    );
    let spec = with("y = [\"false_alarms\"]", "y = [\"alarms\"]");
    assert_eq!(
        errors(&spec)[0].0,
        "chart y 'alarms' is not an output (outputs: false_alarms)"
    );
}

#[test]
fn one_mistake_does_not_hide_another() {
    let spec = with("default = 87", "default = 100").replace("volume * (1", "volum * (1");
    let found = errors(&spec);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].0.contains("default '100'"));
    assert!(found[1].0.contains("unknown variable 'volum'"));
}

#[test]
fn structural_mistakes() {
    let no_id = FRAUD.replace("id = \"fig-fraud-drift\"\n", "");
    assert!(
        errors(&no_id)[0]
            .0
            .contains("needs an 'id' like 'fig-name'")
    );
    let both = with(
        "min = 50, max = 99, step = 1,",
        "values = [50, 99], step = 1,",
    );
    assert!(errors(&both)[0].0.contains("has both 'values' and 'step'"));
    let decreasing = with("min = 50, max = 99, step = 1,", "values = [99, 50],");
    assert!(errors(&decreasing)[0].0.contains("strictly increasing"));
    let camel = with("id = \"volume\"", "id = \"Volume\"");
    assert!(errors(&camel)[0].0.contains("must be snake_case"));
    let dup = with("id = \"precision\"", "id = \"volume\"");
    assert!(errors(&dup)[0].0.contains("duplicate id 'volume'"));
    let func = with("id = \"precision\"", "id = \"min\"");
    assert!(errors(&func)[0].0.contains("is the name of a function"));
    let unknown_key = with("unit = \"%\"", "units = \"%\"");
    assert!(errors(&unknown_key)[0].0.contains("unknown field"));
    let no_outputs = r#"kind = "explore"
id = "fig-x"
caption = "c"
inputs = [ { id = "a", label = "a", min = 0, max = 1, step = 1, default = 0 } ]
"#;
    assert!(errors(no_outputs)[0].0.contains("needs 'outputs'"));
}
