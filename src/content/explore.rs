//! Explorables: what-if figures whose inputs the student turns with the arrow keys.
//!
//! A chapter states a trade-off ("what happens to false alarms when precision drifts?") as
//! data: inputs with a range and a default, outputs as formulas over them, and an optional
//! chart of outputs against one input. This module turns the ```` ```diagram ```` TOML of
//! `kind = "explore"` into a validated [`Explore`], so that nothing a student can reach with
//! the keys is undefined: every default lies on its input's grid, every formula reads only
//! inputs and earlier outputs (so there are no cycles), and every output is finite across the
//! grid (checked by evaluating it). Inputs are held as positions on their grid, never as free
//! floats, so stepping cannot drift off the values the author chose.

use serde::Deserialize;
use toml::Spanned;

use super::diagram::{Diagram, DiagramError, DiagramKind};
use super::formula::{self, Formula};

/// The most points an input's grid may have (a range of 0..1,000,000 by 1 is a mistake).
const MAX_POINTS: usize = 10_000;

/// How many outputs one chart may plot.
const MAX_SERIES: usize = 3;

/// A validated explorable figure.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Explore {
    pub inputs: Vec<Input>,
    pub outputs: Vec<Output>,
    pub chart: Option<Chart>,
}

/// A knob: a label, a unit, the values it can take and where it starts.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Input {
    pub id: String,
    pub label: String,
    pub unit: Option<String>,
    pub grid: Grid,
    /// Position of the default value on the grid.
    pub default: usize,
    pub format: Format,
}

/// The values an input can take.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Grid {
    /// `min`, `min + step`, ... `count` values in all.
    Range { min: f64, step: f64, count: usize },
    /// The listed values, increasing.
    Values(Vec<f64>),
}

impl Grid {
    pub fn len(&self) -> usize {
        match self {
            Grid::Range { count, .. } => *count,
            Grid::Values(values) => values.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value at `position`, clamped to the grid.
    pub fn value(&self, position: usize) -> f64 {
        let last = self.len().saturating_sub(1);
        let i = position.min(last);
        match self {
            Grid::Range { min, step, .. } => min + step * i as f64,
            Grid::Values(values) => values.get(i).copied().unwrap_or(f64::NAN),
        }
    }
}

/// A computed value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Output {
    pub id: String,
    pub label: String,
    pub unit: Option<String>,
    pub formula: Formula,
    pub format: Format,
}

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// Up to three decimals, trailing zeros dropped.
    Auto,
    /// Exactly this many decimals.
    Fixed(u8),
    /// Scientific, three significant digits: `2.70e20`.
    Sci,
}

/// The values accepted for `format`.
pub const FORMATS: &[&str] = &["0", "0.0", "0.00", "0.000", "sci"];

impl Format {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "0" => Some(Format::Fixed(0)),
            "0.0" => Some(Format::Fixed(1)),
            "0.00" => Some(Format::Fixed(2)),
            "0.000" => Some(Format::Fixed(3)),
            "sci" => Some(Format::Sci),
            _ => None,
        }
    }

    /// `value` as text: thousands separated in fixed formats, `∞`/`NaN` shown as such.
    pub fn show(self, value: f64) -> String {
        if !value.is_finite() {
            return if value.is_nan() {
                "NaN".into()
            } else {
                "∞".into()
            };
        }
        match self {
            Format::Sci => format!("{value:.2e}"),
            Format::Fixed(decimals) => group_thousands(&format!("{value:.*}", decimals as usize)),
            Format::Auto => {
                let text = format!("{value:.3}");
                let text = text.trim_end_matches('0').trim_end_matches('.');
                group_thousands(if text == "-0" { "0" } else { text })
            }
        }
    }
}

/// "1234567.5" → "1,234,567.5".
fn group_thousands(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (whole, fraction) = rest
        .split_once('.')
        .map_or((rest, None), |(w, f)| (w, Some(f)));
    if whole.len() <= 3 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return text.to_string();
    }
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Outputs plotted against one input over its grid.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Chart {
    /// Index of the input on the x axis.
    pub x: usize,
    /// Indexes of the outputs plotted.
    pub y: Vec<usize>,
}

impl Explore {
    /// Every input at its default position.
    pub fn defaults(&self) -> Vec<usize> {
        self.inputs.iter().map(|i| i.default).collect()
    }

    /// The values of every slot (inputs, then outputs in order) for input `positions`.
    /// Missing positions read as defaults; positions past a grid's end are clamped.
    pub fn evaluate(&self, positions: &[usize]) -> Vec<f64> {
        let mut slots = Vec::with_capacity(self.inputs.len() + self.outputs.len());
        self.evaluate_into(positions, &mut slots);
        slots
    }

    /// Like [`Explore::evaluate`], into `slots` (cleared first), so a chart sampled over a
    /// grid reuses one buffer.
    pub fn evaluate_into(&self, positions: &[usize], slots: &mut Vec<f64>) {
        slots.clear();
        slots.extend(self.inputs.iter().enumerate().map(|(i, input)| {
            input
                .grid
                .value(positions.get(i).copied().unwrap_or(input.default))
        }));
        self.evaluate_outputs(slots);
    }

    /// Like [`Explore::evaluate`], from input values rather than positions.
    pub fn evaluate_values(&self, mut slots: Vec<f64>) -> Vec<f64> {
        slots.truncate(self.inputs.len());
        self.evaluate_outputs(&mut slots);
        slots
    }

    /// Appends each output's value to the input values in `slots`, in order.
    fn evaluate_outputs(&self, slots: &mut Vec<f64>) {
        slots.reserve(self.outputs.len());
        for output in &self.outputs {
            let value = output.formula.eval(slots);
            slots.push(value);
        }
    }

    /// Positions clamped to the grids, defaults where missing (a saved state from an
    /// earlier version of the figure stays usable).
    pub fn clamp(&self, positions: &[usize]) -> Vec<usize> {
        self.inputs
            .iter()
            .enumerate()
            .map(|(i, input)| {
                positions.get(i).map_or(input.default, |p| {
                    (*p).min(input.grid.len().saturating_sub(1))
                })
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExplore {
    #[allow(dead_code)]
    kind: Spanned<String>,
    id: Option<Spanned<String>>,
    caption: Option<Spanned<String>>,
    inputs: Option<Spanned<Vec<Spanned<RawInput>>>>,
    outputs: Option<Spanned<Vec<Spanned<RawOutput>>>>,
    chart: Option<Spanned<RawChart>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    id: Option<Spanned<String>>,
    label: Option<Spanned<String>>,
    unit: Option<Spanned<String>>,
    min: Option<Spanned<f64>>,
    max: Option<Spanned<f64>>,
    step: Option<Spanned<f64>>,
    values: Option<Spanned<Vec<f64>>>,
    default: Option<Spanned<f64>>,
    format: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    id: Option<Spanned<String>>,
    label: Option<Spanned<String>>,
    unit: Option<Spanned<String>>,
    formula: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChart {
    x: Option<Spanned<String>>,
    y: Option<Spanned<Vec<Spanned<String>>>>,
}

/// Parses the TOML body of an explore diagram. Every problem found is returned (one per
/// input or output at most), so one mistake does not hide the next.
pub fn parse(spec: &str) -> Result<Diagram, Vec<DiagramError>> {
    let raw: RawExplore = toml::from_str(spec).map_err(|e| vec![super::diagram::toml_error(&e)])?;
    let mut errors = Vec::new();
    let id = match &raw.id {
        Some(id) => {
            let text = id.get_ref().trim().to_string();
            if let Err(e) = super::diagram::check_figure_id(&text, id.span().start) {
                errors.push(e);
            }
            Some(text)
        }
        None => {
            errors.push(err(0, "an explore figure needs an 'id' like 'fig-name' (the student's settings are kept under it)"));
            None
        }
    };
    let caption = text_of(&raw.caption, 0, "caption", &mut errors);
    let mut broken = Vec::new();
    let inputs = inputs(&raw, &mut broken, &mut errors);
    let outputs = outputs(&raw, &inputs, &mut broken, &mut errors);
    let chart = raw
        .chart
        .as_ref()
        .and_then(|c| chart(c, &inputs, &outputs, &broken, &mut errors));
    let explore = Explore {
        inputs,
        outputs,
        chart,
    };
    if errors.is_empty() {
        check_finite(&explore, &raw, &mut errors);
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.offset);
        return Err(errors);
    }
    Ok(Diagram {
        id,
        caption: caption.unwrap_or_default(),
        kind: DiagramKind::Explore(explore),
    })
}

/// The inputs that are valid; the ids of those that are not go to `broken`, so that a
/// formula or chart naming them does not add a second message for the same mistake.
fn inputs(
    raw: &RawExplore,
    broken: &mut Vec<String>,
    errors: &mut Vec<DiagramError>,
) -> Vec<Input> {
    let Some(list) = &raw.inputs else {
        errors.push(err(0, "an explore figure needs 'inputs' (at least one)"));
        return Vec::new();
    };
    if list.get_ref().is_empty() {
        errors.push(err(
            list.span().start,
            "an explore figure needs at least one input",
        ));
    }
    let mut inputs: Vec<Input> = Vec::new();
    for item in list.get_ref() {
        let at = item.span().start;
        let raw = item.get_ref();
        let before = errors.len();
        let Some(id) = variable_id(&raw.id, at, &inputs_and_outputs_ids(&inputs, &[]), errors)
        else {
            continue;
        };
        let label = text_of(&raw.label, at, &format!("input '{id}' label"), errors);
        let unit = optional(&raw.unit);
        let format = format_of(&raw.format, errors);
        let grid = grid(raw, at, &id, errors);
        let default = grid
            .as_ref()
            .and_then(|g| default_position(raw, g, at, &id, errors));
        if errors.len() == before
            && let (Some(label), Some(grid), Some(default)) = (label, grid, default)
        {
            inputs.push(Input {
                id,
                label,
                unit,
                grid,
                default,
                format: format.unwrap_or(Format::Auto),
            });
        } else {
            broken.push(id);
        }
    }
    inputs
}

fn grid(raw: &RawInput, at: usize, id: &str, errors: &mut Vec<DiagramError>) -> Option<Grid> {
    if let Some(values) = &raw.values {
        if let Some(key) = [("min", &raw.min), ("max", &raw.max), ("step", &raw.step)]
            .into_iter()
            .find_map(|(k, v)| v.as_ref().map(|v| (k, v.span().start)))
        {
            errors.push(err(
                key.1,
                format!(
                    "input '{id}' has both 'values' and '{}': give one or the other",
                    key.0
                ),
            ));
            return None;
        }
        return values_grid(values, id, errors);
    }
    let (Some(min), Some(max), Some(step)) = (&raw.min, &raw.max, &raw.step) else {
        errors.push(err(
            at,
            format!("input '{id}' needs 'min', 'max' and 'step' (or a list of 'values')"),
        ));
        return None;
    };
    let (lo, hi, by) = (*min.get_ref(), *max.get_ref(), *step.get_ref());
    if !(lo.is_finite() && hi.is_finite()) || lo >= hi {
        errors.push(err(
            max.span().start,
            format!("input '{id}' has max '{hi}' not above min '{lo}'"),
        ));
        return None;
    }
    if !(by.is_finite() && by > 0.0) {
        errors.push(err(
            step.span().start,
            format!("input '{id}' has step '{by}': it must be above 0"),
        ));
        return None;
    }
    let steps = (hi - lo) / by;
    if (steps - steps.round()).abs() > 1e-6 * steps.max(1.0) {
        errors.push(err(
            step.span().start,
            format!(
                "input '{id}' has step '{by}', which does not divide the range {lo} to {hi} (it would stop short of max)"
            ),
        ));
        return None;
    }
    let count = steps.round() as usize + 1;
    if count > MAX_POINTS {
        errors.push(err(
            step.span().start,
            format!("input '{id}' has '{count}' steps: at most {MAX_POINTS} (take a larger step)"),
        ));
        return None;
    }
    Some(Grid::Range {
        min: lo,
        step: by,
        count,
    })
}

fn values_grid(
    values: &Spanned<Vec<f64>>,
    id: &str,
    errors: &mut Vec<DiagramError>,
) -> Option<Grid> {
    let list = values.get_ref();
    let at = values.span().start;
    if list.len() < 2 {
        errors.push(err(at, format!("input '{id}' needs at least 2 values")));
        return None;
    }
    if list.len() > MAX_POINTS {
        errors.push(err(
            at,
            format!("input '{id}' has more than {MAX_POINTS} values"),
        ));
        return None;
    }
    if list.iter().any(|v| !v.is_finite()) || list.windows(2).any(|w| w[0] >= w[1]) {
        errors.push(err(
            at,
            format!("input '{id}' values must be finite and strictly increasing"),
        ));
        return None;
    }
    Some(Grid::Values(list.clone()))
}

fn default_position(
    raw: &RawInput,
    grid: &Grid,
    at: usize,
    id: &str,
    errors: &mut Vec<DiagramError>,
) -> Option<usize> {
    let Some(default) = &raw.default else {
        errors.push(err(at, format!("input '{id}' needs a 'default'")));
        return None;
    };
    let value = *default.get_ref();
    let at = default.span().start;
    let (first, last) = (grid.value(0), grid.value(grid.len() - 1));
    if !(first..=last).contains(&value) {
        errors.push(err(
            at,
            format!("input '{id}' has default '{value}' outside its range {first} to {last}"),
        ));
        return None;
    }
    let position = (0..grid.len()).find(|&i| close(grid.value(i), value));
    if position.is_none() {
        let how = match grid {
            Grid::Range { step, .. } => format!("a multiple of the step {step} from {first}"),
            Grid::Values(_) => "one of the listed values".to_string(),
        };
        errors.push(err(
            at,
            format!("input '{id}' has default '{value}', which is not on its grid ({how})"),
        ));
    }
    position
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn outputs(
    raw: &RawExplore,
    inputs: &[Input],
    broken: &mut Vec<String>,
    errors: &mut Vec<DiagramError>,
) -> Vec<Output> {
    let Some(list) = &raw.outputs else {
        errors.push(err(0, "an explore figure needs 'outputs' (at least one)"));
        return Vec::new();
    };
    if list.get_ref().is_empty() {
        errors.push(err(
            list.span().start,
            "an explore figure needs at least one output",
        ));
    }
    let all_ids: Vec<String> = list
        .get_ref()
        .iter()
        .filter_map(|o| {
            o.get_ref()
                .id
                .as_ref()
                .map(|i| i.get_ref().trim().to_string())
        })
        .collect();
    let mut outputs: Vec<Output> = Vec::new();
    for item in list.get_ref() {
        let at = item.span().start;
        let raw = item.get_ref();
        let before = errors.len();
        let taken = inputs_and_outputs_ids(inputs, &outputs);
        let Some(id) = variable_id(&raw.id, at, &taken, errors) else {
            continue;
        };
        let label = text_of(&raw.label, at, &format!("output '{id}' label"), errors);
        let format = format_of(&raw.format, errors);
        let formula = match &raw.formula {
            None => {
                errors.push(err(at, format!("output '{id}' needs a 'formula'")));
                None
            }
            Some(text) => {
                let known = |name: &str| {
                    if broken.iter().any(|b| b == name) {
                        return Err(String::new());
                    }
                    slot_of(name, &id, inputs, &outputs, &all_ids)
                };
                match formula::parse(text.get_ref(), &known) {
                    Ok(f) => Some(f),
                    // Empty: it names a broken input or output, already reported.
                    Err(e) if e.message.is_empty() => None,
                    Err(e) => {
                        errors.push(err(text.span().start + 1 + e.offset, e.message));
                        None
                    }
                }
            }
        };
        if errors.len() == before
            && let (Some(label), Some(formula)) = (label, formula)
        {
            outputs.push(Output {
                id,
                label,
                unit: optional(&raw.unit),
                formula,
                format: format.unwrap_or(Format::Auto),
            });
        } else {
            broken.push(id);
        }
    }
    outputs
}

/// The slot a formula of output `me` may read `name` from, or why it may not.
fn slot_of(
    name: &str,
    me: &str,
    inputs: &[Input],
    outputs: &[Output],
    all_outputs: &[String],
) -> Result<usize, String> {
    if let Some(i) = inputs.iter().position(|i| i.id == name) {
        return Ok(i);
    }
    if let Some(i) = outputs.iter().position(|o| o.id == name) {
        return Ok(inputs.len() + i);
    }
    if name == me {
        return Err(format!("output '{me}' uses itself"));
    }
    if all_outputs.iter().any(|o| o == name) {
        return Err(format!(
            "output '{me}' uses '{name}', an output defined after it (a formula may use inputs and earlier outputs, so move '{name}' above)"
        ));
    }
    let mut known: Vec<&str> = inputs.iter().map(|i| i.id.as_str()).collect();
    known.extend(outputs.iter().map(|o| o.id.as_str()));
    Err(format!(
        "unknown variable '{name}' (known here: {})",
        known.join(", ")
    ))
}

fn chart(
    raw: &Spanned<RawChart>,
    inputs: &[Input],
    outputs: &[Output],
    broken: &[String],
    errors: &mut Vec<DiagramError>,
) -> Option<Chart> {
    let is_broken = |name: &Spanned<String>| broken.iter().any(|b| b == name.get_ref());
    let at = raw.span().start;
    let raw = raw.get_ref();
    let Some(x) = &raw.x else {
        errors.push(err(at, "chart needs 'x' (an input id)"));
        return None;
    };
    if is_broken(x) {
        return None;
    }
    let Some(xi) = inputs.iter().position(|i| i.id == *x.get_ref()) else {
        let ids: Vec<&str> = inputs.iter().map(|i| i.id.as_str()).collect();
        errors.push(err(
            x.span().start,
            format!(
                "chart x '{}' is not an input (inputs: {})",
                x.get_ref(),
                ids.join(", ")
            ),
        ));
        return None;
    };
    let Some(y) = &raw.y else {
        errors.push(err(at, "chart needs 'y' (a list of output ids)"));
        return None;
    };
    if y.get_ref().is_empty() || y.get_ref().len() > MAX_SERIES {
        errors.push(err(
            y.span().start,
            format!(
                "chart y lists '{}' outputs: give 1 to {MAX_SERIES}",
                y.get_ref().len()
            ),
        ));
        return None;
    }
    let mut series = Vec::new();
    for name in y.get_ref() {
        if is_broken(name) {
            return None;
        }
        match outputs.iter().position(|o| o.id == *name.get_ref()) {
            Some(i) => series.push(i),
            None => {
                let ids: Vec<&str> = outputs.iter().map(|o| o.id.as_str()).collect();
                errors.push(err(
                    name.span().start,
                    format!(
                        "chart y '{}' is not an output (outputs: {})",
                        name.get_ref(),
                        ids.join(", ")
                    ),
                ));
                return None;
            }
        }
    }
    Some(Chart { x: xi, y: series })
}

/// Every output must be finite at every point the student can reach by moving one input
/// from the defaults, and at every corner of the input box (up to 2^10 corners).
fn check_finite(explore: &Explore, raw: &RawExplore, errors: &mut Vec<DiagramError>) {
    for positions in probe_points(explore) {
        let slots = explore.evaluate(&positions);
        let inputs = explore.inputs.len();
        let bad = explore
            .outputs
            .iter()
            .enumerate()
            .find(|(i, _)| !slots[inputs + i].is_finite());
        if let Some((i, output)) = bad {
            let at = raw
                .outputs
                .as_ref()
                .and_then(|o| o.get_ref().get(i))
                .and_then(|o| o.get_ref().formula.as_ref())
                .map_or(0, |f| f.span().start);
            let values: Vec<String> = explore
                .inputs
                .iter()
                .zip(&slots)
                .map(|(input, v)| format!("{} = {}", input.id, Format::Auto.show(*v)))
                .collect();
            errors.push(err(
                at,
                format!(
                    "output '{}' is not finite ({}) at {} (every point of the inputs' grids must give a number)",
                    output.id,
                    Format::Auto.show(slots[inputs + i]),
                    values.join(", ")
                ),
            ));
            return;
        }
    }
}

fn probe_points(explore: &Explore) -> Vec<Vec<usize>> {
    let defaults = explore.defaults();
    let mut points = vec![defaults.clone()];
    for (i, input) in explore.inputs.iter().enumerate() {
        for p in 0..input.grid.len() {
            let mut point = defaults.clone();
            point[i] = p;
            points.push(point);
        }
    }
    let n = explore.inputs.len().min(10);
    for mask in 0..(1usize << n) {
        let point = (0..explore.inputs.len())
            .map(|i| {
                let last = explore.inputs[i].grid.len() - 1;
                if i < n && mask & (1 << i) != 0 {
                    last
                } else if i < n {
                    0
                } else {
                    defaults[i]
                }
            })
            .collect();
        points.push(point);
    }
    points
}

// ---------------------------------------------------------------------------------------------
// Small shared checks

fn inputs_and_outputs_ids(inputs: &[Input], outputs: &[Output]) -> Vec<String> {
    inputs
        .iter()
        .map(|i| i.id.clone())
        .chain(outputs.iter().map(|o| o.id.clone()))
        .collect()
}

/// A snake_case id not taken yet.
fn variable_id(
    raw: &Option<Spanned<String>>,
    at: usize,
    taken: &[String],
    errors: &mut Vec<DiagramError>,
) -> Option<String> {
    let Some(id) = raw else {
        errors.push(err(at, "every input and output needs an 'id'"));
        return None;
    };
    let text = id.get_ref().trim().to_string();
    let at = id.span().start;
    let valid = text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        errors.push(err(
            at,
            format!("id '{text}' must be snake_case (lowercase letters, digits, '_', starting with a letter)"),
        ));
        return None;
    }
    if formula::is_function(&text) {
        errors.push(err(at, format!("id '{text}' is the name of a function")));
        return None;
    }
    if taken.contains(&text) {
        errors.push(err(at, format!("duplicate id '{text}'")));
        return None;
    }
    Some(text)
}

fn text_of(
    raw: &Option<Spanned<String>>,
    at: usize,
    what: &str,
    errors: &mut Vec<DiagramError>,
) -> Option<String> {
    match raw {
        Some(v) if !v.get_ref().trim().is_empty() => Some(v.get_ref().trim().to_string()),
        Some(v) => {
            errors.push(err(v.span().start, format!("{what} is empty")));
            None
        }
        None => {
            errors.push(err(
                at,
                format!("missing '{}'", what.rsplit(' ').next().unwrap_or(what)),
            ));
            None
        }
    }
}

fn optional(raw: &Option<Spanned<String>>) -> Option<String> {
    raw.as_ref()
        .map(|v| v.get_ref().trim().to_string())
        .filter(|v| !v.is_empty())
}

fn format_of(raw: &Option<Spanned<String>>, errors: &mut Vec<DiagramError>) -> Option<Format> {
    let raw = raw.as_ref()?;
    let format = Format::parse(raw.get_ref().trim());
    if format.is_none() {
        errors.push(err(
            raw.span().start,
            format!(
                "unknown format '{}' (expected {})",
                raw.get_ref(),
                FORMATS.join(", ")
            ),
        ));
    }
    format
}

fn err(offset: usize, message: impl Into<String>) -> DiagramError {
    DiagramError {
        offset,
        message: message.into(),
    }
}

#[cfg(test)]
#[path = "explore_tests.rs"]
mod tests;
