//! What a student answered, and whether it is right. Responses are stored in terms of the
//! content (the option's text, the typed words), never of screen positions, so a stored
//! answer still means the same thing after the options are shuffled differently.

use serde::{Deserialize, Serialize};

use super::quiz::{Question, QuestionKind, normalize};
use crate::schedule::Grade;

/// A student's answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Response {
    Single(String),
    Multiple(Vec<String>),
    TrueFalse(bool),
    Short(String),
    Gaps(Vec<String>),
    Order(Vec<String>),
    /// The number as typed, unit and all.
    Numeric(String),
    /// An answer in the student's own words and the grade they gave it against the model
    /// answer (`None` until they have graded it).
    Open(OpenAnswer),
}

/// What was typed for an `open` question, and the student's own grade of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenAnswer {
    pub text: String,
    pub grade: Option<Grade>,
}

/// A self-grade counts as right unless it is `again`: the student recalled the answer,
/// with effort (`hard`) or without.
pub fn self_grade_is_right(grade: Grade) -> bool {
    grade != Grade::Again
}

impl Response {
    /// The answer as one line of text, for feedback and reports.
    pub fn describe(&self) -> String {
        match self {
            Self::Single(s) | Self::Short(s) | Self::Numeric(s) => s.clone(),
            Self::Multiple(items) | Self::Gaps(items) => items.join("; "),
            Self::Order(items) => items.join(" → "),
            Self::TrueFalse(b) => if *b { "true" } else { "false" }.to_string(),
            Self::Open(open) if open.text.trim().is_empty() => "(nothing typed)".to_string(),
            Self::Open(open) => open.text.clone(),
        }
    }

    /// The grade the student gave this answer themselves, for self-graded types.
    pub fn self_grade(&self) -> Option<Grade> {
        match self {
            Self::Open(open) => open.grade,
            _ => None,
        }
    }

    /// Stored form (JSON).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

/// Whether `response` answers `question` correctly.
pub fn is_correct(question: &Question, response: &Response) -> bool {
    match (&question.kind, response) {
        (QuestionKind::Single { answer, .. }, Response::Single(given)) => {
            normalize(answer) == normalize(given)
        }
        (QuestionKind::Multiple { answers, .. }, Response::Multiple(given)) => {
            same_set(answers, given)
        }
        (QuestionKind::TrueFalse { answer }, Response::TrueFalse(given)) => answer == given,
        (
            QuestionKind::Short {
                answer,
                alternatives,
            },
            Response::Short(given),
        ) => std::iter::once(answer)
            .chain(alternatives)
            .any(|a| normalize(a) == normalize(given)),
        (QuestionKind::Gaps { gaps }, Response::Gaps(given)) => {
            gaps.len() == given.len()
                && gaps
                    .iter()
                    .zip(given)
                    .all(|(accepted, g)| accepted.iter().any(|a| normalize(a) == normalize(g)))
        }
        (QuestionKind::Order { items }, Response::Order(given)) => {
            items.len() == given.len()
                && items
                    .iter()
                    .zip(given)
                    .all(|(a, b)| normalize(a) == normalize(b))
        }
        (
            QuestionKind::Numeric {
                answer,
                tolerance,
                unit,
            },
            Response::Numeric(given),
        ) => parse_number(given, unit.as_deref())
            .is_some_and(|n| (n - answer).abs() <= tolerance + 1e-9),
        (QuestionKind::Open { .. }, Response::Open(open)) => {
            open.grade.is_some_and(self_grade_is_right)
        }
        _ => false,
    }
}

fn same_set(expected: &[String], given: &[String]) -> bool {
    let mut a: Vec<String> = expected.iter().map(|s| normalize(s)).collect();
    let mut b: Vec<String> = given.iter().map(|s| normalize(s)).collect();
    a.sort();
    a.dedup();
    b.sort();
    b.dedup();
    a == b
}

/// Reads a typed number: "5", "5.0", "5 %", "1,667" (comma decimal), with the question's
/// unit allowed after it.
pub fn parse_number(text: &str, unit: Option<&str>) -> Option<f64> {
    let mut text = text.trim();
    if let Some(unit) = unit {
        let unit = unit.trim();
        if !unit.is_empty()
            && let Some(stripped) = text.strip_suffix(unit)
        {
            text = stripped.trim_end();
        }
    }
    let cleaned: String = text
        .chars()
        .filter(|c| *c != '_' && !c.is_whitespace())
        .collect();
    let cleaned = if cleaned.contains(',') && !cleaned.contains('.') {
        cleaned.replace(',', ".")
    } else {
        cleaned.replace(',', "")
    };
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The right answer written out, for feedback.
pub fn correct_answer(question: &Question) -> String {
    match &question.kind {
        QuestionKind::Single { answer, .. }
        | QuestionKind::Short { answer, .. }
        | QuestionKind::Open { answer } => answer.clone(),
        QuestionKind::Multiple { answers, .. } => answers.join("; "),
        QuestionKind::TrueFalse { answer } => if *answer { "true" } else { "false" }.to_string(),
        QuestionKind::Gaps { gaps } => gaps
            .iter()
            .map(|g| g.first().cloned().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("; "),
        QuestionKind::Order { items } => items.join(" → "),
        QuestionKind::Numeric {
            answer,
            tolerance,
            unit,
        } => {
            let unit = unit.as_deref().map_or(String::new(), |u| format!(" {u}"));
            if *tolerance > 0.0 {
                format!("{answer}{unit} (± {tolerance})")
            } else {
                format!("{answer}{unit}")
            }
        }
    }
}

/// Typed answers that miss may still be right in other words: the student may grade them.
pub fn is_typed(question: &Question) -> bool {
    matches!(
        question.kind,
        QuestionKind::Short { .. } | QuestionKind::Gaps { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: QuestionKind) -> Question {
        Question::sample("q", "p", kind)
    }

    #[test]
    fn short_answers_are_normalised_and_accept_alternatives() {
        let q = question(QuestionKind::Short {
            answer: "Data drift".into(),
            alternatives: vec!["distribution shift".into()],
        });
        assert!(is_correct(&q, &Response::Short("  data   DRIFT ".into())));
        assert!(is_correct(
            &q,
            &Response::Short("Distribution Shift".into())
        ));
        assert!(!is_correct(&q, &Response::Short("drift".into())));
    }

    #[test]
    fn numeric_answers_use_tolerance_and_unit() {
        let q = question(QuestionKind::Numeric {
            answer: 5.0,
            tolerance: 2.0,
            unit: Some("%".into()),
        });
        for typed in ["5", "5%", " 6.5 % ", "3", "7,0"] {
            assert!(is_correct(&q, &Response::Numeric(typed.into())), "{typed}");
        }
        for typed in ["8", "2.9", "five", "", "NaN", "inf"] {
            assert!(!is_correct(&q, &Response::Numeric(typed.into())), "{typed}");
        }
    }

    #[test]
    fn multiple_select_needs_exactly_the_right_set() {
        let q = question(QuestionKind::Multiple {
            answers: vec!["a".into(), "b".into()],
            distractors: vec!["c".into()],
            shuffle: true,
        });
        assert!(is_correct(
            &q,
            &Response::Multiple(vec!["b".into(), "a".into()])
        ));
        assert!(!is_correct(&q, &Response::Multiple(vec!["a".into()])));
        assert!(!is_correct(
            &q,
            &Response::Multiple(vec!["a".into(), "b".into(), "c".into()])
        ));
    }

    #[test]
    fn order_gaps_truefalse_and_single() {
        let order = question(QuestionKind::Order {
            items: vec!["x".into(), "y".into()],
        });
        assert!(is_correct(
            &order,
            &Response::Order(vec!["x".into(), "y".into()])
        ));
        assert!(!is_correct(
            &order,
            &Response::Order(vec!["y".into(), "x".into()])
        ));
        let gaps = question(QuestionKind::Gaps {
            gaps: vec![vec!["pruning".into(), "pruned".into()], vec!["8".into()]],
        });
        assert!(is_correct(
            &gaps,
            &Response::Gaps(vec!["Pruned".into(), " 8".into()])
        ));
        assert!(!is_correct(&gaps, &Response::Gaps(vec!["pruning".into()])));
        let tf = question(QuestionKind::TrueFalse { answer: false });
        assert!(is_correct(&tf, &Response::TrueFalse(false)));
        assert!(!is_correct(&tf, &Response::Single("false".into())));
    }

    #[test]
    fn open_answers_are_right_when_graded_hard_good_or_easy() {
        let q = question(QuestionKind::Open {
            answer: "model".into(),
        });
        let graded = |grade| {
            Response::Open(OpenAnswer {
                text: "mine".into(),
                grade,
            })
        };
        assert!(!is_correct(&q, &graded(None)));
        assert!(!is_correct(&q, &graded(Some(Grade::Again))));
        for grade in [Grade::Hard, Grade::Good, Grade::Easy] {
            assert!(is_correct(&q, &graded(Some(grade))), "{grade:?}");
        }
        assert_eq!(graded(Some(Grade::Hard)).self_grade(), Some(Grade::Hard));
        assert_eq!(
            graded(Some(Grade::Good)).to_json(),
            r#"{"type":"open","value":{"text":"mine","grade":"good"}}"#
        );
        let blank = Response::Open(OpenAnswer {
            text: " ".into(),
            grade: None,
        });
        assert_eq!(blank.describe(), "(nothing typed)");
    }

    #[test]
    fn responses_round_trip_as_json() {
        let r = Response::Gaps(vec!["a".into(), "b".into()]);
        assert_eq!(r.to_json(), r#"{"type":"gaps","value":["a","b"]}"#);
        assert_eq!(Response::from_json(&r.to_json()), Some(r));
    }
}
