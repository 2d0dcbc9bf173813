//! mdbook-quiz TOML (the Rust Book's quizzes): `MultipleChoice` with one answer or a list
//! of answers, `ShortAnswer` with `alternatives`, `context` as the explanation and `id`
//! kept. `Tracing` (predict a program's output) has no type of ours and is skipped.

use serde::Deserialize;
use toml::Spanned;

use super::{Bank, ChapterDraft, Draft, Malformed, SectionDraft, Skipped, line_col};
use crate::content::quiz::QuestionKind;

#[derive(Deserialize)]
struct RawQuiz {
    questions: Option<Vec<Spanned<toml::Table>>>,
}

/// Reads an mdbook-quiz file; its questions become one chapter titled `stem`.
pub fn read(path: &str, stem: &str, text: &str) -> Result<Bank, Malformed> {
    let raw: RawQuiz = toml::from_str(text).map_err(|error| {
        let (line, col) = line_col(text, error.span().map_or(0, |s| s.start));
        Malformed::new(
            format!("{path}:{line}:{col}"),
            error.message().trim().to_string(),
        )
    })?;
    let Some(questions) = raw.questions else {
        return Err(Malformed::new(
            format!("{path}:1:1"),
            "no [[questions]]: not an mdbook-quiz file",
        ));
    };
    let mut chapter = ChapterDraft {
        title: stem.to_string(),
        source: path.to_string(),
        sections: vec![SectionDraft {
            id: None,
            title: stem.to_string(),
            objectives: Vec::new(),
        }],
        ..ChapterDraft::default()
    };
    let mut skipped = Vec::new();
    for question in &questions {
        match draft(question.get_ref()) {
            Ok(draft) => chapter.questions.push(draft),
            Err(why) => skipped.push(Skipped {
                at: format!("{path}:{}", line_col(text, question.span().start).0),
                why,
            }),
        }
    }
    Ok(Bank::of(chapter, skipped))
}

fn string<'t>(table: &'t toml::Table, key: &str) -> Option<&'t str> {
    table.get(key).and_then(toml::Value::as_str)
}

fn strings(value: Option<&toml::Value>) -> Option<Vec<String>> {
    match value? {
        toml::Value::String(s) => Some(vec![s.clone()]),
        toml::Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

fn part<'t>(question: &'t toml::Table, key: &str) -> Result<&'t toml::Table, String> {
    question
        .get(key)
        .and_then(toml::Value::as_table)
        .ok_or_else(|| format!("question has no '{key}' table"))
}

fn draft(question: &toml::Table) -> Result<Draft, String> {
    let kind_name = string(question, "type").ok_or("question has no 'type'")?;
    if kind_name == "Tracing" {
        return Err(
            "a Tracing question (predict a program's output): there is no tracing type to convert it to"
                .into(),
        );
    }
    let prompt = part(question, "prompt")?;
    let answer = part(question, "answer")?;
    let text = string(prompt, "prompt")
        .filter(|p| !p.trim().is_empty())
        .ok_or("question has no 'prompt.prompt'")?;
    let kind = match kind_name {
        "MultipleChoice" => multiple_choice(prompt, answer)?,
        "ShortAnswer" => {
            let mut accepted = strings(answer.get("answer"))
                .filter(|a| !a.is_empty())
                .ok_or("question has no 'answer.answer'")?;
            accepted.extend(strings(answer.get("alternatives")).unwrap_or_default());
            QuestionKind::Short {
                answer: accepted.remove(0),
                alternatives: accepted,
            }
        }
        other => return Err(format!("unknown question type '{other}'")),
    };
    Ok(Draft {
        id: string(question, "id").map(str::to_string),
        prompt: text.trim().to_string(),
        kind,
        hint: String::new(),
        explanation: string(question, "context")
            .unwrap_or_default()
            .trim()
            .to_string(),
        section: 0,
        objective: None,
    })
}

fn multiple_choice(prompt: &toml::Table, answer: &toml::Table) -> Result<QuestionKind, String> {
    let answers = strings(answer.get("answer"))
        .filter(|a| !a.is_empty())
        .ok_or("question has no 'answer.answer'")?;
    let distractors = strings(prompt.get("distractors"))
        .filter(|d| !d.is_empty())
        .ok_or("question has no 'prompt.distractors'")?;
    let shuffle = !prompt
        .get("sortAnswers")
        .and_then(toml::Value::as_bool)
        .unwrap_or(false);
    Ok(match <[String; 1]>::try_from(answers) {
        Ok([answer]) => QuestionKind::Single {
            answer,
            distractors,
            shuffle,
        },
        Err(answers) => QuestionKind::Multiple {
            answers,
            distractors,
            shuffle,
        },
    })
}
