//! The open Machine Learning Systems textbook's JSON (harvard-edge/cs249r_book): its
//! `*_quizzes.json`, one per chapter, and its `*_glossary.json`. A quiz file lists the
//! chapter's sections, each with `quiz_data.questions[]` typed MCQ, TF, SHORT, FILL, ORDER
//! or CALC and answered in prose; the older files have no `metadata.schema_version`, the
//! newer ones say 2, and both share that shape. The keys are read out of the prose by
//! `textbook_prose`; what it cannot read with confidence is asked as a self-graded `open`
//! question rather than graded by a guessed key. Each quiz file becomes one chapter that
//! carries the textbook's section titles (and anchors) and the learning objectives its
//! questions name, and says where the text lives. A glossary file gives glossary entries,
//! which `Bank::join_glossaries` puts into the chapter of the same name.
//!
//! Positions are JSON pointers (`file.json#/sections/2/quiz_data/questions/3`): the file
//! is read as a `serde_json::Value`, which keeps no lines.

use serde_json::Value;

use super::textbook_prose as prose;
use super::{Bank, ChapterDraft, Draft, Malformed, ObjectiveDraft, SectionDraft, Skipped};
use crate::content::quiz::{QuestionKind, normalize};

/// Where the text of a converted chapter lives.
const TEXTBOOK: &str = "the open textbook \"Machine Learning Systems\" (mlsysbook.ai; its source is github.com/harvard-edge/cs249r_book)";

/// The schema versions read: files without `metadata.schema_version` are version 1.
const SCHEMAS: [u64; 2] = [1, 2];

/// Reads a textbook quiz file or glossary file (told apart by their top-level keys).
pub fn read(path: &str, text: &str) -> Result<Bank, Malformed> {
    let root = parse(path, text)?;
    let Some(top) = root.as_object() else {
        return Err(Malformed::new(
            pointer(path, ""),
            "the top level is not a JSON object: not a textbook quiz or glossary file",
        ));
    };
    if top.contains_key("terms") && !top.contains_key("sections") {
        read_glossary(path, &root)
    } else {
        read_quizzes(path, &root)
    }
}

fn pointer(path: &str, at: &str) -> String {
    format!("{path}#{at}")
}

fn parse(path: &str, text: &str) -> Result<Value, Malformed> {
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|error| {
        let message = error.to_string();
        let place = format!(" at line {} column {}", error.line(), error.column());
        let message = message.strip_suffix(&place).unwrap_or(&message);
        Malformed::new(
            format!("{path}:{}:{}", error.line(), error.column().max(1)),
            message,
        )
    })
}

/// A string field, trimmed; `None` when absent, not a string, or blank.
fn text<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn read_quizzes(path: &str, root: &Value) -> Result<Bank, Malformed> {
    check_schema(path, root)?;
    let sections = root
        .get("sections")
        .ok_or_else(|| {
            Malformed::new(
                pointer(path, ""),
                "no 'sections' or 'terms': not a textbook quiz or glossary file",
            )
        })?
        .as_array()
        .ok_or_else(|| Malformed::new(pointer(path, "/sections"), "'sections' is not a list"))?;
    let mut chapter = chapter_for(path, root, "_quizzes");
    let mut skipped = Vec::new();
    for (n, section) in sections.iter().enumerate() {
        let at = format!("/sections/{n}");
        read_section(path, &at, section, &mut chapter, &mut skipped)?;
    }
    Ok(Bank::of(chapter, skipped))
}

fn check_schema(path: &str, root: &Value) -> Result<(), Malformed> {
    let Some(version) = root.pointer("/metadata/schema_version") else {
        return Ok(());
    };
    if version.as_u64().is_some_and(|v| SCHEMAS.contains(&v)) {
        return Ok(());
    }
    Err(Malformed::new(
        pointer(path, "/metadata/schema_version"),
        format!(
            "schema_version {version}: convert reads the textbook's quiz files without a schema_version and with schema_version 2"
        ),
    ))
}

/// The chapter a textbook file belongs to, named after the chapter's source file.
fn chapter_for(path: &str, root: &Value, suffix: &str) -> ChapterDraft {
    let source_file = root
        .pointer("/metadata/source_file")
        .and_then(Value::as_str);
    let slug = source_file
        .and_then(|f| f.rsplit(['/', '\\']).next())
        .map(|name| name.trim_end_matches(".qmd"))
        .or_else(|| root.pointer("/metadata/chapter").and_then(Value::as_str))
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| file_stem(path).trim_end_matches(suffix).to_string());
    let title = title_of(&slug);
    let lives = match source_file {
        Some(file) => {
            let from_contents = file.find("contents/").map_or(file, |at| &file[at..]);
            format!("{TEXTBOOK}, file {from_contents}, in the sections listed below")
        }
        None => format!("{TEXTBOOK}, chapter \"{title}\""),
    };
    ChapterDraft {
        slug: Some(slug),
        title,
        source: path.to_string(),
        text_lives: Some(lives),
        ..ChapterDraft::default()
    }
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// "hw_acceleration" -> "HW acceleration".
fn title_of(slug: &str) -> String {
    const ACRONYMS: [&str; 7] = ["ai", "ml", "nn", "hw", "gpu", "llm", "mlops"];
    let words: Vec<String> = slug
        .split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, word)| {
            if ACRONYMS.contains(&word.to_ascii_lowercase().as_str()) {
                word.to_uppercase()
            } else if i == 0 {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            } else {
                word.to_string()
            }
        })
        .collect();
    if words.is_empty() {
        "Textbook questions".into()
    } else {
        words.join(" ")
    }
}

fn read_section(
    path: &str,
    at: &str,
    section: &Value,
    chapter: &mut ChapterDraft,
    skipped: &mut Vec<Skipped>,
) -> Result<(), Malformed> {
    if !section.is_object() {
        return Err(Malformed::new(
            pointer(path, at),
            "a section is not a JSON object",
        ));
    }
    let id = text(section, "section_id").map(|id| id.trim_start_matches('#').to_string());
    let title = text(section, "section_title")
        .map(str::to_string)
        .or_else(|| id.clone())
        .unwrap_or_else(|| format!("Section {}", chapter.sections.len() + 1));
    let index = chapter.sections.len();
    chapter.sections.push(SectionDraft {
        id,
        title,
        objectives: Vec::new(),
    });
    let Some(quiz) = section.get("quiz_data") else {
        return Ok(());
    };
    if !quiz.is_object() {
        return Err(Malformed::new(
            pointer(path, &format!("{at}/quiz_data")),
            "'quiz_data' is not a JSON object",
        ));
    }
    let questions = match quiz.get("questions") {
        None => return Ok(()),
        Some(Value::Array(questions)) => questions,
        Some(_) => {
            return Err(Malformed::new(
                pointer(path, &format!("{at}/quiz_data/questions")),
                "'questions' is not a list",
            ));
        }
    };
    if quiz.get("quiz_needed").and_then(Value::as_bool) == Some(false) {
        if !questions.is_empty() {
            skipped.push(Skipped {
                at: pointer(path, &format!("{at}/quiz_data")),
                why: format!(
                    "{} question(s) in a section marked \"quiz_needed\": false",
                    questions.len()
                ),
            });
        }
        return Ok(());
    }
    for (n, question) in questions.iter().enumerate() {
        match draft(question, index) {
            Ok(draft) => {
                if let Some(objective) = &draft.objective {
                    let objectives = &mut chapter.sections[index].objectives;
                    if !objectives.contains(objective) {
                        objectives.push(objective.clone());
                    }
                }
                chapter.questions.push(draft);
            }
            Err(why) => skipped.push(Skipped {
                at: pointer(path, &format!("{at}/quiz_data/questions/{n}")),
                why,
            }),
        }
    }
    Ok(())
}

/// A question as ours: its prompt, kind and explanation.
type Converted = (String, QuestionKind, String);

fn draft(question: &Value, section: usize) -> Result<Draft, String> {
    if !question.is_object() {
        return Err("a question is not a JSON object".into());
    }
    if question.get("hidden").and_then(Value::as_bool) == Some(true) {
        return Err("hidden in the source (\"hidden\": true)".into());
    }
    let kind_name = text(question, "question_type").ok_or("question has no 'question_type'")?;
    let prompt = text(question, "question").ok_or("question has no 'question' text")?;
    let answer = text(question, "answer").ok_or("question has no 'answer'")?;
    let (prompt, kind, explanation) = match kind_name.to_ascii_uppercase().as_str() {
        "MCQ" => multiple_choice(question, prompt, answer)?,
        "TF" => prose::true_false(answer).map_or_else(
            || open(prompt, answer),
            |value| {
                (
                    prose::true_false_prompt(prompt),
                    QuestionKind::TrueFalse { answer: value },
                    answer.to_string(),
                )
            },
        ),
        "FILL" => prose::fill(prompt, answer).map_or_else(
            || open(prompt, answer),
            |fill| {
                (
                    fill.prompt,
                    QuestionKind::Gaps {
                        gaps: vec![vec![fill.answer]],
                    },
                    fill.explanation,
                )
            },
        ),
        "ORDER" => prose::order(prompt, answer).map_or_else(
            || open(prompt, answer),
            |order| {
                (
                    order.prompt,
                    QuestionKind::Order { items: order.items },
                    order.explanation,
                )
            },
        ),
        "SHORT" | "CALC" => open(prompt, answer),
        _ => {
            return Err(format!(
                "unknown question_type '{kind_name}' (expected MCQ, TF, SHORT, FILL, ORDER or CALC)"
            ));
        }
    };
    Ok(Draft {
        id: text(question, "id").map(str::to_string),
        prompt,
        kind,
        hint: String::new(),
        explanation,
        section,
        objective: text(question, "learning_objective").map(|text| ObjectiveDraft {
            id: None,
            text: text.to_string(),
        }),
    })
}

/// A question no key can grade: the prose answer is the model answer.
fn open(prompt: &str, answer: &str) -> Converted {
    (
        prompt.to_string(),
        QuestionKind::Open {
            answer: answer.to_string(),
        },
        String::new(),
    )
}

fn multiple_choice(question: &Value, prompt: &str, answer: &str) -> Result<Converted, String> {
    let choices: Vec<String> = question
        .get("choices")
        .and_then(Value::as_array)
        .ok_or("an MCQ question has no 'choices' list")?
        .iter()
        .map(|c| c.as_str().map(str::to_string))
        .collect::<Option<_>>()
        .ok_or("a choice is not text")?;
    let choices = prose::strip_choice_letters(&choices);
    if choices.len() < 2 || choices.iter().any(String::is_empty) {
        return Err("an MCQ question needs at least two choices, none empty".into());
    }
    let Some(choice) = prose::multiple_choice(&choices, answer)? else {
        return Ok(open(&with_choices(prompt, &choices), answer));
    };
    let right = choices[choice.index].clone();
    let distractors: Vec<String> = choices
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != choice.index)
        .map(|(_, c)| c.clone())
        .collect();
    if distractors
        .iter()
        .any(|d| normalize(d) == normalize(&right))
    {
        return Err(format!(
            "the right choice {} is listed twice",
            prose::letter_of(choice.index)
        ));
    }
    Ok((
        prompt.to_string(),
        QuestionKind::Single {
            answer: right,
            distractors,
            shuffle: true,
        },
        choice.explanation,
    ))
}

/// An MCQ asked as an open question keeps its choices, lettered, in the prompt.
fn with_choices(prompt: &str, choices: &[String]) -> String {
    let mut out = prompt.to_string();
    out.push('\n');
    for (i, choice) in choices.iter().enumerate() {
        out.push_str(&format!("\n{}. {choice}", prose::letter_of(i)));
    }
    out
}

fn read_glossary(path: &str, root: &Value) -> Result<Bank, Malformed> {
    let terms = root
        .get("terms")
        .and_then(Value::as_array)
        .ok_or_else(|| Malformed::new(pointer(path, "/terms"), "'terms' is not a list"))?;
    let mut chapter = chapter_for(path, root, "_glossary");
    let mut skipped = Vec::new();
    for (n, entry) in terms.iter().enumerate() {
        match glossary_entry(entry) {
            Ok(entry) => chapter.glossary.push(entry),
            Err(why) => skipped.push(Skipped {
                at: pointer(path, &format!("/terms/{n}")),
                why,
            }),
        }
    }
    Ok(Bank::of(chapter, skipped))
}

/// A term and its definition, with the aliases and related terms the source gives.
fn glossary_entry(entry: &Value) -> Result<(String, String), String> {
    let term = text(entry, "term").ok_or("a glossary entry has no 'term'")?;
    let definition = text(entry, "definition")
        .ok_or_else(|| format!("the term '{term}' has no 'definition'"))?;
    let mut body = definition.to_string();
    for (key, lead) in [("aliases", "Also called"), ("see_also", "See also")] {
        let names: Vec<&str> = entry
            .get(key)
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if names.is_empty() {
            continue;
        }
        if !body.ends_with(['.', '!', '?']) {
            body.push('.');
        }
        body.push_str(&format!(" {lead}: {}.", names.join(", ")));
    }
    Ok((term.to_string(), body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_the_chapter_file_name() {
        assert_eq!(title_of("hw_acceleration"), "HW acceleration");
        assert_eq!(title_of("ml_systems"), "ML systems");
        assert_eq!(title_of("introduction"), "Introduction");
        assert_eq!(title_of("__"), "Textbook questions");
    }

    #[test]
    fn a_json_syntax_error_is_placed_at_its_line_and_column() {
        let error = read("q.json", "{\n  \"sections\": [,]\n}").expect_err("malformed");
        assert_eq!(error.to_string(), "q.json:2:16: expected value");
    }

    #[test]
    fn glossary_aliases_and_related_terms_join_the_definition() {
        let entry = serde_json::json!({
            "term": "tile", "definition": "A block of a matrix", "aliases": ["block"], "see_also": []
        });
        assert_eq!(
            glossary_entry(&entry),
            Ok((
                "tile".to_string(),
                "A block of a matrix. Also called: block.".to_string()
            ))
        );
    }
}
