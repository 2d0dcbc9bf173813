//! Reads one chapter file: splits the TOML front matter from the Markdown body, checks the
//! front matter, and hands the body to the Markdown builder. Positions in messages are
//! always positions in the whole file.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use super::markdown::parse_body;
use super::model::{Chapter, Objective};
use super::source::{Reporter, SourceFile, is_valid_id, toml_message};

const FENCE: &str = "+++";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFront {
    number: Option<Spanned<i64>>,
    slug: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    part: Option<Spanned<String>>,
    summary: Option<String>,
    #[serde(default)]
    objectives: Vec<Spanned<RawObjective>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObjective {
    id: Spanned<String>,
    text: String,
}

/// Where the front matter and the body lie in the file.
struct Split<'a> {
    front: &'a str,
    front_at: usize,
    body: &'a str,
    body_at: usize,
}

/// Finds the `+++` fenced front matter at the top of the file.
fn split_front_matter<'a>(text: &'a str, report: &mut Reporter<'_>) -> Option<Split<'a>> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let first_line = rest.lines().next().unwrap_or("");
    if first_line.trim_end() != FENCE {
        report.error(
            bom,
            "missing front matter: a chapter starts with a '+++' line, then TOML, then '+++'",
        );
        return None;
    }
    let front_at = bom + first_line.len() + usize::from(rest.len() > first_line.len());
    let mut offset = front_at;
    for line in text[front_at..].split_inclusive('\n') {
        if line.trim_end() == FENCE {
            return Some(Split {
                front: &text[front_at..offset],
                front_at,
                body: &text[offset + line.len()..],
                body_at: offset + line.len(),
            });
        }
        offset += line.len();
    }
    report.error(bom, "front matter is not closed: add a '+++' line after it");
    None
}

/// Parses a chapter file; problems go to `report`. `None` when it cannot be read as a chapter.
pub fn parse_chapter(file: &SourceFile, report: &mut Reporter<'_>) -> Option<Chapter> {
    let split = split_front_matter(&file.text, report)?;
    let raw: RawFront = match toml::from_str(split.front) {
        Ok(raw) => raw,
        Err(error) => {
            let offset = error.span().map_or(0, |s| s.start);
            report.error(split.front_at + offset, toml_message(&error));
            return None;
        }
    };
    let at = |span: std::ops::Range<usize>| split.front_at + span.start;
    let number = match raw.number {
        Some(n) if (1..=999).contains(n.get_ref()) => u32::try_from(*n.get_ref()).ok()?,
        Some(n) => {
            report.error(
                at(n.span()),
                format!("chapter number '{}' must be from 1 to 999", n.get_ref()),
            );
            return None;
        }
        None => {
            report.error(split.front_at, "front matter has no 'number'");
            return None;
        }
    };
    let slug = required(raw.slug, "slug", split.front_at, report)?;
    if !is_valid_id(slug.get_ref()) {
        report.error(
            at(slug.span()),
            format!(
                "invalid slug '{}': use lowercase letters, digits and '-'",
                slug.get_ref()
            ),
        );
    }
    let title = required(raw.title, "title", split.front_at, report)?;
    let part = required(raw.part, "part", split.front_at, report)?;
    let objectives = objectives(raw.objectives, split.front_at, report);
    let body = parse_body(split.body, split.body_at, number, report);
    Some(Chapter {
        number,
        slug: slug.into_inner(),
        title: title.into_inner(),
        part_pos: report.pos(at(part.span())),
        part: part.into_inner(),
        summary: raw.summary.unwrap_or_default(),
        objectives,
        intro: body.intro,
        sections: body.sections,
        path: file.path.clone(),
        quiz: None,
    })
}

fn required(
    value: Option<Spanned<String>>,
    key: &str,
    at: usize,
    report: &mut Reporter<'_>,
) -> Option<Spanned<String>> {
    if value.is_none() {
        report.error(at, format!("front matter has no '{key}'"));
    }
    value
}

fn objectives(
    raw: Vec<Spanned<RawObjective>>,
    base: usize,
    report: &mut Reporter<'_>,
) -> Vec<Objective> {
    let mut out: Vec<Objective> = Vec::new();
    // Seen ids, to find a duplicate without a quadratic scan.
    let mut seen: HashSet<String> = HashSet::new();
    for objective in raw {
        let objective = objective.into_inner();
        let offset = base + objective.id.span().start;
        let id = objective.id.into_inner();
        if !is_valid_id(&id) {
            report.error(
                offset,
                format!("invalid objective id '{id}': use lowercase letters, digits and '-'"),
            );
        }
        if !seen.insert(id.clone()) {
            report.error(offset, format!("duplicate objective id '{id}'"));
        }
        out.push(Objective {
            id,
            text: objective.text,
            pos: report.pos(offset),
        });
    }
    out
}
