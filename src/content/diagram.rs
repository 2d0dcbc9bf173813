//! Diagram specs: the small TOML documents inside ```` ```diagram ```` fenced blocks.
//!
//! Chapters describe figures (the ML lifecycle, training vs. inference data flow, the share of
//! ML code in a production system) as data rather than as pre-drawn ASCII art, so the reader
//! can draw them to fit any terminal width. This module turns the spec text into a validated
//! [`Diagram`] and reports problems with a byte offset into the spec, so the chapter validator
//! can point an author at the exact key. It knows nothing about terminals; drawing lives in
//! `crate::render::diagram`.

use serde::Deserialize;
use toml::Spanned;

/// A validated figure: its optional `fig-...` id, its caption and what to draw.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Diagram {
    pub id: Option<String>,
    pub caption: String,
    pub kind: DiagramKind,
}

/// The kinds of figure a chapter can contain (see [`KINDS`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum DiagramKind {
    Cycle(Cycle),
    Lanes(Lanes),
    Proportion(Proportion),
    Explore(super::explore::Explore),
}

/// Stages that repeat in a loop, e.g. the ML lifecycle, with an optional highlighted
/// feedback arrow between two of them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cycle {
    pub stages: Vec<String>,
    /// Id of a table whose first column names the stages (for the interactive view).
    pub details: Option<String>,
    pub feedback: Option<Link>,
}

/// An arrow between two named stages or steps.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
}

/// Parallel lanes of steps (e.g. training vs. inference), with optional links across lanes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Lanes {
    pub lanes: Vec<Lane>,
    pub links: Vec<Link>,
}

/// One lane: a name and its steps in flow order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Lane {
    pub name: String,
    pub steps: Vec<String>,
}

/// Parts of a whole, in percent, adding up to 100.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Proportion {
    pub parts: Vec<Share>,
}

/// One part of a [`Proportion`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Share {
    pub label: String,
    pub percent: f64,
}

/// A problem in a diagram spec at a byte offset into the spec text (the body of the fenced block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramError {
    pub offset: usize,
    pub message: String,
}

impl std::fmt::Display for DiagramError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for DiagramError {}

/// A problem that stops the figure where it stands becomes the one problem of the list.
impl From<DiagramError> for Vec<DiagramError> {
    fn from(error: DiagramError) -> Self {
        vec![error]
    }
}

/// The values accepted for `kind`.
pub const KINDS: &[&str] = &["cycle", "lanes", "proportion", "explore"];

/// How far the percents of a proportion may stray from 100 in total.
const PERCENT_TOLERANCE: f64 = 0.5;

/// Only the `kind` of a spec, read first to choose the parser.
#[derive(Deserialize)]
struct KindOnly {
    kind: Option<String>,
}

/// Parses and validates the TOML body of a ```` ```diagram ```` block, reporting its problems:
/// every one an explore figure has; for the other kinds, every wrong link, feedback or
/// `details` id once the stages and steps they name are read.
pub fn parse_all(spec: &str) -> Result<Diagram, Vec<DiagramError>> {
    let kind = toml::from_str::<KindOnly>(spec).ok().and_then(|k| k.kind);
    if kind.as_deref().map(str::trim) == Some("explore") {
        return super::explore::parse(spec);
    }
    parse_drawn(spec)
}

/// Parses and validates the TOML body of a ```` ```diagram ```` block; the first problem.
pub fn parse(spec: &str) -> Result<Diagram, DiagramError> {
    parse_all(spec).map_err(|mut errors| errors.remove(0))
}

/// What a cycle's `details` key asks of the chapter: a table with this id whose first
/// column names these stages. Read even from a figure with other problems, so that they do
/// not hide a wrong table id.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Details {
    pub table: String,
    /// Where the value of the key starts in the spec: problems are reported there.
    pub at: usize,
    pub stages: Vec<String>,
}

/// The well-formed `details` of a cycle spec, if it has one.
pub fn details(spec: &str) -> Option<Details> {
    let raw: RawDiagram = toml::from_str(spec).ok()?;
    if raw.kind.as_ref().map(|k| k.get_ref().trim()) != Some("cycle") {
        return None;
    }
    let details = raw.details?;
    let table = details.get_ref().trim().to_string();
    check_table_id(&table, 0).ok()?;
    let stages = raw
        .stages
        .map(|s| s.into_inner())
        .unwrap_or_default()
        .into_iter()
        .map(|stage| stage.get_ref().trim().to_string())
        .collect();
    Some(Details {
        table,
        at: details.span().start,
        stages,
    })
}

/// A cycle, lanes or proportion figure.
fn parse_drawn(spec: &str) -> Result<Diagram, Vec<DiagramError>> {
    let raw: RawDiagram = toml::from_str(spec).map_err(|e| toml_error(&e))?;
    let kind_name = required(&raw.kind, 0, "missing 'kind' (expected {kinds})")?;
    if !KINDS.contains(&kind_name.as_str()) {
        return Err(err(
            raw_start(&raw.kind),
            format!(
                "unknown diagram kind '{kind_name}' (expected {})",
                kinds_list()
            ),
        )
        .into());
    }
    let id = optional_text(&raw.id, "figure id")?;
    if let (Some(id), Some(span)) = (&id, &raw.id) {
        check_figure_id(id, span.span().start)?;
    }
    let caption = required(&raw.caption, 0, "missing 'caption'")?;
    let caption = non_empty(&caption, raw_start(&raw.caption), "caption is empty")?;
    let kind = match kind_name.as_str() {
        "cycle" => DiagramKind::Cycle(cycle(&raw)?),
        "lanes" => DiagramKind::Lanes(lanes(&raw)?),
        "proportion" => DiagramKind::Proportion(proportion(&raw)?),
        _ => {
            return Err(err(
                raw_start(&raw.kind),
                "explore figures are parsed by explore.rs",
            )
            .into());
        }
    };
    Ok(Diagram { id, caption, kind })
}

// ---------------------------------------------------------------------------------------------
// Raw serde model: every key optional so that we can word the errors ourselves.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDiagram {
    kind: Option<Spanned<String>>,
    id: Option<Spanned<String>>,
    caption: Option<Spanned<String>>,
    stages: Option<Spanned<Vec<Spanned<String>>>>,
    details: Option<Spanned<String>>,
    feedback: Option<Spanned<RawLink>>,
    lanes: Option<Spanned<Vec<Spanned<RawLane>>>>,
    links: Option<Spanned<Vec<Spanned<RawLink>>>>,
    parts: Option<Spanned<Vec<Spanned<RawShare>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    from: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
    label: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLane {
    name: Option<Spanned<String>>,
    steps: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShare {
    label: Option<Spanned<String>>,
    percent: Option<Spanned<f64>>,
}

/// Which keys belong to which kind; a key of another kind is reported, not ignored.
fn misplaced_key(raw: &RawDiagram, kind: &str) -> Option<(&'static str, usize)> {
    let keys: [(&str, &str, Option<usize>); 6] = [
        (
            "stages",
            "cycle",
            raw.stages.as_ref().map(|s| s.span().start),
        ),
        (
            "details",
            "cycle",
            raw.details.as_ref().map(|s| s.span().start),
        ),
        (
            "feedback",
            "cycle",
            raw.feedback.as_ref().map(|s| s.span().start),
        ),
        ("lanes", "lanes", raw.lanes.as_ref().map(|s| s.span().start)),
        ("links", "lanes", raw.links.as_ref().map(|s| s.span().start)),
        (
            "parts",
            "proportion",
            raw.parts.as_ref().map(|s| s.span().start),
        ),
    ];
    keys.into_iter()
        .find(|(_, owner, at)| *owner != kind && at.is_some())
        .and_then(|(key, _, at)| at.map(|at| (key, at)))
}

fn check_kind_keys(raw: &RawDiagram, kind: &str) -> Result<(), DiagramError> {
    match misplaced_key(raw, kind) {
        Some((key, at)) => Err(err(
            at,
            format!("key '{key}' does not belong in a {kind} diagram"),
        )),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// cycle

fn cycle(raw: &RawDiagram) -> Result<Cycle, Vec<DiagramError>> {
    check_kind_keys(raw, "cycle")?;
    let Some(stages_raw) = &raw.stages else {
        return Err(err(0, "a cycle needs 'stages' (at least 2)").into());
    };
    let stages = names(stages_raw.get_ref(), "stage")?;
    if stages.len() < 2 {
        return Err(err(
            stages_raw.span().start,
            format!("a cycle needs at least 2 stages, found '{}'", stages.len()),
        )
        .into());
    }
    no_duplicates(stages_raw.get_ref(), &stages, "stage")?;
    let mut errors = Vec::new();
    let details = optional_text(&raw.details, "details")?;
    if let (Some(details), Some(span)) = (&details, &raw.details)
        && let Err(error) = check_table_id(details, span.span().start)
    {
        errors.push(error);
    }
    let feedback = raw
        .feedback
        .as_ref()
        .and_then(|link| feedback(link, &stages).map_err(|e| errors.extend(e)).ok());
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Cycle {
        stages,
        details,
        feedback,
    })
}

/// The feedback arrow, or every problem with it (both ends when both are wrong).
fn feedback(raw: &Spanned<RawLink>, stages: &[String]) -> Result<Link, Vec<DiagramError>> {
    let link = link(raw, "feedback")?;
    let unknown = unknown_ends(
        &link,
        raw.get_ref(),
        |name| stages.contains(name),
        |name| {
            format!(
                "feedback names '{name}', which is not a stage (stages: {})",
                stages.join(", ")
            )
        },
    );
    if !unknown.is_empty() {
        return Err(unknown);
    }
    if link.from == link.to {
        return Err(err(
            raw_start(&raw.get_ref().to),
            format!("feedback goes from '{}' to itself", link.to),
        )
        .into());
    }
    Ok(link)
}

/// A problem at each end of `link` (from, then to) that `known` does not accept.
fn unknown_ends(
    link: &Link,
    raw: &RawLink,
    known: impl Fn(&String) -> bool,
    message: impl Fn(&str) -> String,
) -> Vec<DiagramError> {
    [(&link.from, &raw.from), (&link.to, &raw.to)]
        .into_iter()
        .filter(|(name, _)| !known(name))
        .map(|(name, span)| err(raw_start(span), message(name)))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// lanes

fn lanes(raw: &RawDiagram) -> Result<Lanes, Vec<DiagramError>> {
    check_kind_keys(raw, "lanes")?;
    let raw_lanes = match &raw.lanes {
        Some(l) if !l.get_ref().is_empty() => l.get_ref(),
        Some(l) => {
            return Err(err(l.span().start, "'lanes' is empty (add [[lanes]] tables)").into());
        }
        None => {
            return Err(err(0, "a lanes diagram needs at least one [[lanes]] table").into());
        }
    };
    let mut lanes = Vec::with_capacity(raw_lanes.len());
    for raw_lane in raw_lanes {
        lanes.push(lane(raw_lane)?);
    }
    no_duplicate_lanes(raw_lanes, &lanes)?;
    let mut links = Vec::new();
    let mut errors = Vec::new();
    for raw_link in raw.links.iter().flat_map(|l| l.get_ref()) {
        match lane_link(raw_link, &lanes) {
            Ok(link) => links.push(link),
            Err(found) => errors.extend(found),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Lanes { lanes, links })
}

fn lane(raw: &Spanned<RawLane>) -> Result<Lane, DiagramError> {
    let at = raw.span().start;
    let inner = raw.get_ref();
    let name = required(&inner.name, at, "a lane needs a 'name'")?;
    let name = non_empty(&name, raw_start(&inner.name), "lane name is empty")?;
    let Some(steps_raw) = &inner.steps else {
        return Err(err(at, format!("lane '{name}' needs 'steps'")));
    };
    let steps = names(steps_raw.get_ref(), "step")?;
    if steps.is_empty() {
        return Err(err(
            steps_raw.span().start,
            format!("lane '{name}' has no steps"),
        ));
    }
    no_duplicates(steps_raw.get_ref(), &steps, "step")?;
    Ok(Lane { name, steps })
}

fn no_duplicate_lanes(raw: &[Spanned<RawLane>], lanes: &[Lane]) -> Result<(), DiagramError> {
    for (i, lane) in lanes.iter().enumerate() {
        if lanes[..i].iter().any(|l| l.name == lane.name) {
            let at = raw_start(&raw[i].get_ref().name);
            return Err(err(at, format!("duplicate lane '{}'", lane.name)));
        }
    }
    Ok(())
}

/// A link across lanes, or every problem with it (both ends when both are wrong).
fn lane_link(raw: &Spanned<RawLink>, lanes: &[Lane]) -> Result<Link, Vec<DiagramError>> {
    let link = link(raw, "link")?;
    let inner = raw.get_ref();
    let steps: Vec<&str> = lanes
        .iter()
        .flat_map(|l| &l.steps)
        .map(String::as_str)
        .collect();
    let unknown = unknown_ends(
        &link,
        inner,
        |name| lanes.iter().any(|l| l.steps.contains(name)),
        |name| {
            format!(
                "link names '{name}', which is not a step of any lane (steps: {})",
                steps.join(", ")
            )
        },
    );
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let from_lane = lanes.iter().position(|l| l.steps.contains(&link.from));
    let crosses = lanes
        .iter()
        .enumerate()
        .any(|(i, l)| Some(i) != from_lane && l.steps.contains(&link.to));
    if !crosses {
        return Err(err(
            raw_start(&inner.to),
            format!(
                "link from '{}' to '{}' stays inside one lane (links join different lanes)",
                link.from, link.to
            ),
        )
        .into());
    }
    Ok(link)
}

// ---------------------------------------------------------------------------------------------
// proportion

fn proportion(raw: &RawDiagram) -> Result<Proportion, DiagramError> {
    check_kind_keys(raw, "proportion")?;
    let raw_parts = match &raw.parts {
        Some(p) if !p.get_ref().is_empty() => p,
        Some(p) => {
            return Err(err(
                p.span().start,
                "'parts' is empty (add [[parts]] tables)",
            ));
        }
        None => {
            return Err(err(
                0,
                "a proportion needs [[parts]] tables with 'label' and 'percent'",
            ));
        }
    };
    let mut parts = Vec::with_capacity(raw_parts.get_ref().len());
    for raw_share in raw_parts.get_ref() {
        parts.push(share(raw_share)?);
    }
    let total: f64 = parts.iter().map(|p| p.percent).sum();
    if (total - 100.0).abs() > PERCENT_TOLERANCE {
        return Err(err(
            raw_parts.span().start,
            format!("percents add up to '{}', not 100", round2(total)),
        ));
    }
    Ok(Proportion { parts })
}

fn share(raw: &Spanned<RawShare>) -> Result<Share, DiagramError> {
    let at = raw.span().start;
    let inner = raw.get_ref();
    let label = required(&inner.label, at, "a part needs a 'label'")?;
    let label = non_empty(&label, raw_start(&inner.label), "part label is empty")?;
    let Some(percent_raw) = &inner.percent else {
        return Err(err(at, format!("part '{label}' needs a 'percent'")));
    };
    let percent = *percent_raw.get_ref();
    let at = percent_raw.span().start;
    if !percent.is_finite() {
        return Err(err(
            at,
            format!("percent '{percent}' of '{label}' is not a number"),
        ));
    }
    if percent < 0.0 {
        return Err(err(
            at,
            format!("percent '{percent}' of '{label}' is negative"),
        ));
    }
    Ok(Share { label, percent })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

// ---------------------------------------------------------------------------------------------
// shared checks

fn link(raw: &Spanned<RawLink>, what: &str) -> Result<Link, DiagramError> {
    let at = raw.span().start;
    let inner = raw.get_ref();
    let from = required(&inner.from, at, &format!("{what} needs 'from'"))?;
    let from = non_empty(
        &from,
        raw_start(&inner.from),
        &format!("{what} 'from' is empty"),
    )?;
    let to = required(&inner.to, at, &format!("{what} needs 'to'"))?;
    let to = non_empty(&to, raw_start(&inner.to), &format!("{what} 'to' is empty"))?;
    let label = optional_text(&inner.label, &format!("{what} label"))?;
    Ok(Link { from, to, label })
}

/// Trimmed, non-empty names from a list of spanned strings.
fn names(raw: &[Spanned<String>], what: &str) -> Result<Vec<String>, DiagramError> {
    raw.iter()
        .enumerate()
        .map(|(i, s)| {
            non_empty(
                s.get_ref(),
                s.span().start,
                &format!("{what} {} has an empty name", i + 1),
            )
        })
        .collect()
}

fn no_duplicates(
    raw: &[Spanned<String>],
    names: &[String],
    what: &str,
) -> Result<(), DiagramError> {
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            return Err(err(
                raw[i].span().start,
                format!("duplicate {what} '{name}'"),
            ));
        }
    }
    Ok(())
}

pub(super) fn check_figure_id(id: &str, at: usize) -> Result<(), DiagramError> {
    if is_prefixed_kebab(id, "fig-") {
        Ok(())
    } else {
        Err(err(
            at,
            format!(
                "figure id '{id}' must look like 'fig-name' (lowercase letters, digits, dashes)"
            ),
        ))
    }
}

fn check_table_id(id: &str, at: usize) -> Result<(), DiagramError> {
    if is_prefixed_kebab(id, "tbl-") {
        Ok(())
    } else {
        Err(err(
            at,
            format!("details '{id}' must be a table id like 'tbl-name'"),
        ))
    }
}

fn is_prefixed_kebab(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('-')
            && !rest.ends_with('-')
            && rest
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    })
}

/// The value of a required key, or an error at `at` (where the enclosing table starts).
fn required(
    value: &Option<Spanned<String>>,
    at: usize,
    message: &str,
) -> Result<String, DiagramError> {
    match value {
        Some(v) => Ok(v.get_ref().clone()),
        None => Err(err(at, message.replace("{kinds}", &kinds_list()))),
    }
}

/// An optional text value, trimmed; present but blank is an error.
fn optional_text(
    value: &Option<Spanned<String>>,
    what: &str,
) -> Result<Option<String>, DiagramError> {
    match value {
        Some(v) => non_empty(v.get_ref(), v.span().start, &format!("{what} is empty")).map(Some),
        None => Ok(None),
    }
}

fn non_empty(text: &str, at: usize, message: &str) -> Result<String, DiagramError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Err(err(at, message))
    } else {
        Ok(trimmed.to_string())
    }
}

fn raw_start<T>(value: &Option<Spanned<T>>) -> usize {
    value.as_ref().map_or(0, |v| v.span().start)
}

fn kinds_list() -> String {
    match KINDS.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_string(),
        None => String::new(),
    }
}

pub(super) fn toml_error(e: &toml::de::Error) -> DiagramError {
    let message = e
        .message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
        .replace('`', "'");
    err(e.span().map_or(0, |s| s.start), message)
}

fn err(offset: usize, message: impl Into<String>) -> DiagramError {
    DiagramError {
        offset,
        message: message.into(),
    }
}

/// Specs of each kind, shared by the parser's and the drawer's tests.
#[cfg(test)]
pub mod samples {
    pub const LIFECYCLE: &str = r#"kind = "cycle"
id = "fig-lifecycle"
caption = "The ML pipeline lifecycle"
stages = ["Data Collection", "Preprocessing", "Training", "Evaluation", "Deployment", "Monitoring"]
details = "tbl-pipeline-stages"
[feedback]
from = "Monitoring"
to = "Data Collection"
label = "drift and failures send you back to the data"
"#;

    pub const LANES: &str = r#"kind = "lanes"
caption = "Training vs. inference data flow"
[[lanes]]
name = "Training (offline)"
steps = ["Historical data", "Feature pipeline", "Training", "Model registry"]
[[lanes]]
name = "Inference (online)"
steps = ["Live request", "Feature pipeline", "Model server", "Prediction"]
[[links]]
from = "Model registry"
to = "Model server"
label = "deploy"
"#;

    pub const PROPORTION: &str = r#"kind = "proportion"
caption = "ML code is a small fraction of a production ML system"
[[parts]]
label = "ML code"
percent = 5
[[parts]]
label = "Data pipelines, configuration, serving, monitoring, feature engineering"
percent = 95
"#;
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::samples::{LANES, LIFECYCLE, PROPORTION};

    /// Parses `spec`, expecting an error; checks the message and that the offset points at `at`.
    fn expect_err(spec: &str, message_part: &str, at: &str) {
        let e = parse(spec).expect_err("spec should be rejected");
        assert!(
            e.message.contains(message_part),
            "message {:?} should contain {:?}",
            e.message,
            message_part
        );
        assert_eq!(
            e.offset,
            spec.find(at).expect("marker in spec"),
            "offset for {:?} ({})",
            e.message,
            &spec[e.offset.min(spec.len())..]
        );
    }

    #[test]
    fn parses_cycle() {
        let d = parse(LIFECYCLE).unwrap();
        assert_eq!(d.id.as_deref(), Some("fig-lifecycle"));
        assert_eq!(d.caption, "The ML pipeline lifecycle");
        let DiagramKind::Cycle(c) = d.kind else {
            panic!("not a cycle")
        };
        assert_eq!(c.stages.len(), 6);
        assert_eq!(c.stages[0], "Data Collection");
        assert_eq!(c.details.as_deref(), Some("tbl-pipeline-stages"));
        assert_eq!(
            c.feedback,
            Some(Link {
                from: "Monitoring".into(),
                to: "Data Collection".into(),
                label: Some("drift and failures send you back to the data".into()),
            })
        );
    }

    #[test]
    fn parses_lanes() {
        let d = parse(LANES).unwrap();
        assert_eq!(d.id, None);
        let DiagramKind::Lanes(l) = d.kind else {
            panic!("not lanes")
        };
        assert_eq!(l.lanes.len(), 2);
        assert_eq!(l.lanes[1].name, "Inference (online)");
        assert_eq!(l.lanes[1].steps[2], "Model server");
        assert_eq!(l.links.len(), 1);
        assert_eq!(l.links[0].label.as_deref(), Some("deploy"));
    }

    #[test]
    fn parses_proportion() {
        let d = parse(PROPORTION).unwrap();
        let DiagramKind::Proportion(p) = d.kind else {
            panic!("not a proportion")
        };
        assert_eq!(p.parts.len(), 2);
        assert_eq!(p.parts[0].label, "ML code");
        assert_eq!(p.parts[0].percent, 5.0);
        assert_eq!(p.parts[1].percent, 95.0);
    }

    #[test]
    fn cycle_without_feedback_and_trimmed_names() {
        let d = parse("kind = \"cycle\"\ncaption = \"c\"\nstages = [\" a \", \"b\"]\n").unwrap();
        let DiagramKind::Cycle(c) = d.kind else {
            panic!("not a cycle")
        };
        assert_eq!(c.stages, vec!["a", "b"]);
        assert_eq!(c.feedback, None);
    }

    #[test]
    fn proportion_within_tolerance_is_accepted() {
        let spec = "kind = \"proportion\"\ncaption = \"c\"\n[[parts]]\nlabel = \"a\"\npercent = 33.3\n[[parts]]\nlabel = \"b\"\npercent = 66.6\n";
        assert!(parse(spec).is_ok());
    }

    #[test]
    fn malformed_toml() {
        let spec = "kind = \"cycle\"\ncaption = \"c\nstages = []\n";
        let e = parse(spec).unwrap_err();
        assert!(e.offset >= spec.find("\"c").unwrap(), "{e:?}");
        assert!(e.offset <= spec.len());
        assert!(!e.message.contains('`'), "{e:?}");
    }

    #[test]
    fn unknown_key() {
        expect_err(
            "kind = \"cycle\"\ncaption = \"c\"\nstagez = [\"a\", \"b\"]\n",
            "unknown field 'stagez'",
            "stagez",
        );
    }

    #[test]
    fn wrong_type() {
        expect_err("kind = 3\ncaption = \"c\"\n", "invalid type", "3");
    }

    #[test]
    fn missing_kind() {
        let e = parse("caption = \"c\"\n").unwrap_err();
        assert_eq!(e.offset, 0);
        assert_eq!(
            e.message,
            "missing 'kind' (expected cycle, lanes, proportion or explore)"
        );
    }

    #[test]
    fn unknown_kind() {
        let spec = "caption = \"c\"\nkind = \"pie\"\n";
        let e = parse(spec).unwrap_err();
        assert_eq!(
            e.message,
            "unknown diagram kind 'pie' (expected cycle, lanes, proportion or explore)"
        );
        assert_eq!(e.offset, spec.find("\"pie\"").unwrap());
    }

    #[test]
    fn missing_and_empty_caption() {
        let e = parse("kind = \"cycle\"\nstages = [\"a\", \"b\"]\n").unwrap_err();
        assert_eq!((e.offset, e.message.as_str()), (0, "missing 'caption'"));
        expect_err(
            "kind = \"cycle\"\ncaption = \"  \"\nstages = [\"a\", \"b\"]\n",
            "caption is empty",
            "\"  \"",
        );
    }

    #[test]
    fn bad_figure_id() {
        expect_err(
            "kind = \"cycle\"\nid = \"Lifecycle\"\ncaption = \"c\"\nstages = [\"a\", \"b\"]\n",
            "figure id 'Lifecycle'",
            "\"Lifecycle\"",
        );
    }

    #[test]
    fn cycle_with_one_stage() {
        expect_err(
            "kind = \"cycle\"\ncaption = \"c\"\nstages = [\"only\"]\n",
            "at least 2 stages, found '1'",
            "[\"only\"]",
        );
        let e = parse("kind = \"cycle\"\ncaption = \"c\"\n").unwrap_err();
        assert!(e.message.contains("'stages'"), "{e:?}");
    }

    #[test]
    fn cycle_duplicate_stage() {
        expect_err(
            "kind = \"cycle\"\ncaption = \"c\"\nstages = [\"a\", \"b\", \"a\"]\n",
            "duplicate stage 'a'",
            "\"a\"]",
        );
    }

    #[test]
    fn cycle_empty_stage_name() {
        expect_err(
            "kind = \"cycle\"\ncaption = \"c\"\nstages = [\"a\", \"\"]\n",
            "stage 2 has an empty name",
            "\"\"]",
        );
    }

    #[test]
    fn feedback_names_unknown_stage() {
        expect_err(
            "kind = \"cycle\"\ncaption = \"c\"\nstages = [\"a\", \"b\"]\n[feedback]\nfrom = \"b\"\nto = \"z\"\n",
            "feedback names 'z', which is not a stage",
            "\"z\"",
        );
    }

    /// Every problem `parse_all` reports: (message, offset) pairs.
    fn all_errors(spec: &str) -> Vec<(String, usize)> {
        parse_all(spec)
            .expect_err("spec should be rejected")
            .into_iter()
            .map(|e| (e.message, e.offset))
            .collect()
    }

    #[test]
    fn feedback_with_both_ends_unknown_names_both() {
        let spec = "kind = \"cycle\"\ncaption = \"c\"\nstages = [\"a\", \"b\"]\n[feedback]\nfrom = \"y\"\nto = \"z\"\n";
        let found = all_errors(spec);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].0.contains("feedback names 'y'"), "{found:?}");
        assert_eq!(found[0].1, spec.find("\"y\"").expect("marker"));
        assert!(found[1].0.contains("feedback names 'z'"), "{found:?}");
        assert_eq!(found[1].1, spec.find("\"z\"").expect("marker"));
    }

    #[test]
    fn lane_link_with_both_ends_unknown_names_both() {
        let spec = "kind = \"lanes\"\ncaption = \"c\"\n[[lanes]]\nname = \"A\"\nsteps = [\"a1\"]\n[[lanes]]\nname = \"B\"\nsteps = [\"b1\"]\n[[links]]\nfrom = \"x1\"\nto = \"x2\"\n";
        let found = all_errors(spec);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].0.contains("link names 'x1'"), "{found:?}");
        assert_eq!(found[0].1, spec.find("\"x1\"").expect("marker"));
        assert!(found[1].0.contains("link names 'x2'"), "{found:?}");
        assert_eq!(found[1].1, spec.find("\"x2\"").expect("marker"));
    }

    #[test]
    fn feedback_to_itself() {
        expect_err(
            "kind = \"cycle\"\ncaption = \"c\"\nstages = [\"a\", \"b\"]\n[feedback]\nto = \"b\"\nfrom = \"b\"\n",
            "feedback goes from 'b' to itself",
            "\"b\"\n",
        );
    }

    #[test]
    fn feedback_missing_from() {
        expect_err(
            "kind = \"cycle\"\ncaption = \"c\"\nstages = [\"a\", \"b\"]\n[feedback]\nto = \"a\"\n",
            "feedback needs 'from'",
            "[feedback]",
        );
    }

    #[test]
    fn feedback_empty_label() {
        expect_err(
            "kind = \"cycle\"\ncaption = \"c\"\nstages = [\"a\", \"b\"]\n[feedback]\nfrom = \"b\"\nto = \"a\"\nlabel = \"\"\n",
            "feedback label is empty",
            "\"\"",
        );
    }

    #[test]
    fn key_of_another_kind() {
        expect_err(
            "kind = \"cycle\"\ncaption = \"c\"\nstages = [\"a\", \"b\"]\n[[parts]]\nlabel = \"x\"\npercent = 100\n",
            "key 'parts' does not belong in a cycle diagram",
            "[[parts]]",
        );
    }

    #[test]
    fn lanes_missing_or_empty() {
        let e = parse("kind = \"lanes\"\ncaption = \"c\"\n").unwrap_err();
        assert_eq!(e.offset, 0);
        assert!(e.message.contains("[[lanes]]"), "{e:?}");
        expect_err(
            "kind = \"lanes\"\ncaption = \"c\"\nlanes = []\n",
            "'lanes' is empty",
            "[]",
        );
    }

    #[test]
    fn lane_without_steps() {
        expect_err(
            "kind = \"lanes\"\ncaption = \"c\"\n[[lanes]]\nname = \"A\"\nsteps = []\n",
            "lane 'A' has no steps",
            "[]",
        );
        expect_err(
            "kind = \"lanes\"\ncaption = \"c\"\n[[lanes]]\nname = \"A\"\n",
            "lane 'A' needs 'steps'",
            "[[lanes]]",
        );
    }

    #[test]
    fn lane_empty_name_and_duplicate() {
        expect_err(
            "kind = \"lanes\"\ncaption = \"c\"\n[[lanes]]\nname = \" \"\nsteps = [\"x\"]\n",
            "lane name is empty",
            "\" \"",
        );
        expect_err(
            "kind = \"lanes\"\ncaption = \"c\"\n[[lanes]]\nname = \"A\"\nsteps = [\"x\"]\n[[lanes]]\nname = \"A\" \nsteps = [\"y\"]\n",
            "duplicate lane 'A'",
            "\"A\" ",
        );
    }

    #[test]
    fn link_to_unknown_step() {
        let spec = LANES.replace("to = \"Model server\"", "to = \"Model servr\"");
        expect_err(&spec, "link names 'Model servr'", "\"Model servr\"");
    }

    #[test]
    fn link_inside_one_lane() {
        let spec = LANES.replace("to = \"Model server\"", "to = \"Training\"");
        expect_err(&spec, "stays inside one lane", "\"Training\"\nlabel");
    }

    #[test]
    fn link_between_shared_step_names_is_accepted() {
        // "Feature pipeline" is in both lanes: the link resolves to the other lane.
        let spec = LANES.replace("to = \"Model server\"", "to = \"Feature pipeline\"");
        assert!(parse(&spec).is_ok());
    }

    #[test]
    fn proportion_negative_percent() {
        expect_err(
            "kind = \"proportion\"\ncaption = \"c\"\n[[parts]]\nlabel = \"a\"\npercent = -5\n[[parts]]\nlabel = \"b\"\npercent = 105\n",
            "percent '-5' of 'a' is negative",
            "-5",
        );
    }

    #[test]
    fn proportion_sum_not_100() {
        expect_err(
            "kind = \"proportion\"\ncaption = \"c\"\n[[parts]]\nlabel = \"a\"\npercent = 5\n[[parts]]\nlabel = \"b\"\npercent = 90\n",
            "percents add up to '95', not 100",
            "[[parts]]",
        );
    }

    #[test]
    fn proportion_empty_label() {
        expect_err(
            "kind = \"proportion\"\ncaption = \"c\"\n[[parts]]\nlabel = \"\"\npercent = 100\n",
            "part label is empty",
            "\"\"",
        );
    }

    #[test]
    fn proportion_nan_percent() {
        expect_err(
            "kind = \"proportion\"\ncaption = \"c\"\n[[parts]]\nlabel = \"a\"\npercent = nan\n",
            "is not a number",
            "nan",
        );
    }

    #[test]
    fn error_display_mentions_offset() {
        let e = parse("kind = \"pie\"\ncaption = \"c\"\n").unwrap_err();
        assert!(e.to_string().contains("at byte 7"), "{e}");
    }
}
