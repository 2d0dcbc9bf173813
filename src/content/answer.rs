//! What a student answered, and whether it is right. Responses are stored in terms of the
//! content (the option's text, the typed words), never of screen positions, so a stored
//! answer still means the same thing after the options are shuffled differently.

use serde::{Deserialize, Serialize};

use super::quiz::{Question, QuestionKind, normalize, stable_hash};
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

    /// Stored form with the grading key of the question it answered (see
    /// [`grading_key`]): `{"type", "value", "key"}`. `from_json` reads it too.
    pub fn to_keyed_json(&self, key: &str) -> String {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if let Some(fields) = value.as_object_mut() {
            fields.insert("key".into(), serde_json::Value::from(key));
        }
        value.to_string()
    }
}

/// The grading key a stored response was saved with; `None` for answers saved before
/// keys were stored (or text that is not a stored response).
pub fn stored_key(text: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Keyed {
        key: Option<String>,
    }
    serde_json::from_str::<Keyed>(text).ok()?.key
}

/// The grading key of a question: a stable hash of everything grading depends on (its
/// type, answer key, options, tolerance and unit), in the form grading compares them, and
/// of nothing else: rewording the prompt, the hint or the explanation, or reordering the
/// distractors, keeps it. An answer stored with the key of the question it answered
/// still counts after a course update when the question's key is unchanged; a changed
/// key means the question is asked again (see docs/authoring.md, "When you edit a quiz").
pub fn grading_key(question: &Question) -> String {
    let typed = |items: &[String]| sorted(items.iter().map(|s| typed_form(s)));
    let chosen = |items: &[String]| sorted(items.iter().map(|s| normalize(s)));
    let parts: Vec<String> = match &question.kind {
        QuestionKind::Single {
            answer,
            distractors,
            ..
        } => vec![normalize(answer), chosen(distractors).join("\u{1f}")],
        QuestionKind::Multiple {
            answers,
            distractors,
            ..
        } => vec![
            chosen(answers).join("\u{1f}"),
            chosen(distractors).join("\u{1f}"),
        ],
        QuestionKind::TrueFalse { answer } => vec![answer.to_string()],
        QuestionKind::Short {
            answer,
            alternatives,
        } => {
            let mut accepted = alternatives.clone();
            accepted.push(answer.clone());
            vec![typed(&accepted).join("\u{1f}")]
        }
        QuestionKind::Gaps { gaps } => gaps.iter().map(|g| typed(g).join("\u{1f}")).collect(),
        QuestionKind::Order { items } => items.iter().map(|s| normalize(s)).collect(),
        QuestionKind::Numeric {
            answer,
            tolerance,
            unit,
        } => vec![
            format!("{answer:?}"),
            format!("{tolerance:?}"),
            unit.as_deref()
                .map(str::trim)
                .unwrap_or_default()
                .to_string(),
        ],
        QuestionKind::Open { answer } => vec![answer.trim().to_string()],
    };
    let text = format!(
        "{}\u{1e}{}",
        question.kind.type_name(),
        parts.join("\u{1e}")
    );
    format!("{:016x}", stable_hash(&text))
}

/// The wording key of a question: a stable hash of what the student reads (prompt, hint,
/// explanation and the options as written). Compared only where the grading key is the
/// same, it tells a reworded question (the answer still counts) from an untouched one.
pub fn wording_key(question: &Question) -> String {
    let mut parts = vec![
        question.prompt.as_str(),
        question.hint.as_str(),
        question.explanation.as_str(),
    ];
    match &question.kind {
        QuestionKind::Single {
            answer,
            distractors,
            ..
        } => {
            parts.push(answer);
            parts.extend(distractors.iter().map(String::as_str));
        }
        QuestionKind::Multiple {
            answers,
            distractors,
            ..
        } => {
            parts.extend(answers.iter().map(String::as_str));
            parts.extend(distractors.iter().map(String::as_str));
        }
        QuestionKind::Order { items } => parts.extend(items.iter().map(String::as_str)),
        _ => {}
    }
    format!("{:016x}", stable_hash(&parts.join("\u{1e}")))
}

/// The distinct strings, sorted: a set written in a fixed order.
fn sorted(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut all: Vec<String> = items.collect();
    all.sort();
    all.dedup();
    all
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
            .any(|a| same_words(a, given)),
        (QuestionKind::Gaps { gaps }, Response::Gaps(given)) => {
            gaps.len() == given.len() && gap_marks(gaps, given).iter().all(|right| *right)
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

/// Which gaps of a gaps question are right, one flag per gap (missing gaps are wrong).
pub fn gap_marks(gaps: &[Vec<String>], given: &[String]) -> Vec<bool> {
    gaps.iter()
        .enumerate()
        .map(|(i, accepted)| {
            given
                .get(i)
                .is_some_and(|g| accepted.iter().any(|a| same_words(a, g)))
        })
        .collect()
}

/// Whether two typed phrases say the same thing the way students type: case, hyphens or
/// underscores for spaces, `&` for "and", a leading article, surrounding punctuation and
/// plural endings do not count.
pub fn same_words(accepted: &str, given: &str) -> bool {
    let (a, g) = (typed_form(accepted), typed_form(given));
    !g.is_empty() && a == g
}

/// The comparable form of a typed phrase (see [`same_words`]).
pub fn typed_form(text: &str) -> String {
    let lowered = text.to_lowercase().replace('&', " and ");
    let spaced: String = lowered
        .chars()
        .map(|c| {
            if c == '-' || c == '_' || c == '/' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut words: Vec<String> = spaced
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '+'))
        .filter(|w| !w.is_empty())
        .map(singular)
        .collect();
    if words.len() > 1 && matches!(words[0].as_str(), "a" | "an" | "the") {
        words.remove(0);
    }
    words.join(" ")
}

/// A plural's singular by the common English endings ("models" -> "model", "queries" ->
/// "query", "boxes" -> "box"); words of three letters or fewer and "-ss" words stay.
fn singular(word: &str) -> String {
    let n = word.chars().count();
    if n <= 3 || word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["ches", "shes", "xes", "sses"] {
        if let Some(stem) = word.strip_suffix("es")
            && word.ends_with(ending)
        {
            return stem.to_string();
        }
    }
    word.strip_suffix('s').unwrap_or(word).to_string()
}

/// Words a student puts before a number to say it is an estimate.
const HEDGES: &[&str] = &[
    "approximately",
    "approx.",
    "approx",
    "about",
    "around",
    "roughly",
    "circa",
    "ca.",
    "nearly",
    "almost",
    "~",
    "≈",
];

/// Reads a typed number the way students write them: "5", "5.0", "about 5%", "~19",
/// "approx. 5", "5 percent", "8,256" (thousands), "7,5" (decimal comma), "5/3" (a
/// fraction), "1:19" or "19:1" (a ratio, read as 19), and any unit word after the number
/// ("12 ms", "3 KB", "4 pp"). `None` when no number can be read.
pub fn parse_number(text: &str, unit: Option<&str>) -> Option<f64> {
    let mut text = text.trim().to_lowercase();
    if let Some(unit) = unit.map(str::trim).filter(|u| !u.is_empty())
        && let Some(stripped) = text.strip_suffix(&unit.to_lowercase())
    {
        text = stripped.trim_end().to_string();
    }
    let mut rest = text.as_str();
    while let Some(hedge) = HEDGES.iter().find(|h| rest.starts_with(*h)) {
        rest = rest[hedge.len()..].trim_start();
    }
    let number = leading_number(rest)?;
    let value = read_plain_number(number.text)?;
    let after = rest[number.end..].trim_start();
    let value = if let Some(denominator) = after.strip_prefix('/') {
        value / read_plain_number(leading_number(denominator.trim_start())?.text)?
    } else if let Some(second) = after.strip_prefix(':') {
        let other = read_plain_number(leading_number(second.trim_start())?.text)?;
        ratio(value, other)?
    } else {
        value
    };
    Some(value).filter(|v| v.is_finite())
}

/// "1:19" and "19:1" both mean 19; any other pair is a quotient.
fn ratio(a: f64, b: f64) -> Option<f64> {
    if a == 1.0 {
        Some(b)
    } else if b == 0.0 {
        None
    } else {
        Some(a / b)
    }
}

/// The run of a number at the start of `text` (sign, digits, separators, one exponent).
struct NumberRun<'a> {
    text: &'a str,
    end: usize,
}

fn leading_number(text: &str) -> Option<NumberRun<'_>> {
    let bytes = text.as_bytes();
    let mut end = 0;
    if end < bytes.len() && (bytes[end] == b'-' || bytes[end] == b'+') {
        end += 1;
    }
    let digits_from = end;
    while end < bytes.len()
        && (bytes[end].is_ascii_digit()
            || ((bytes[end] == b'.' || bytes[end] == b',' || bytes[end] == b'_')
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)))
    {
        end += 1;
    }
    if end == digits_from {
        return None;
    }
    if end < bytes.len() && (bytes[end] == b'e' || bytes[end] == b'E') {
        let mut exp = end + 1;
        if exp < bytes.len() && (bytes[exp] == b'-' || bytes[exp] == b'+') {
            exp += 1;
        }
        if exp < bytes.len() && bytes[exp].is_ascii_digit() {
            while exp < bytes.len() && bytes[exp].is_ascii_digit() {
                exp += 1;
            }
            end = exp;
        }
    }
    Some(NumberRun {
        text: &text[..end],
        end,
    })
}

/// A number with separators: commas before groups of exactly three digits are thousands
/// ("8,256", "1,000,000.5"); a lone comma otherwise is a decimal comma ("7,5").
fn read_plain_number(text: &str) -> Option<f64> {
    let text = text.replace('_', "");
    let thousands = {
        let whole = text.split('.').next().unwrap_or("");
        let groups: Vec<&str> = whole.split(',').collect();
        groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3)
    };
    let cleaned = if thousands {
        text.replace(',', "")
    } else if text.matches(',').count() == 1 && !text.contains('.') {
        text.replace(',', ".")
    } else {
        text
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
    fn numbers_are_read_the_way_students_type_them() {
        let read = |t: &str| parse_number(t, None);
        assert_eq!(read("about 5%"), Some(5.0));
        assert_eq!(read("~19"), Some(19.0));
        assert_eq!(read("approx. 5"), Some(5.0));
        assert_eq!(read("≈ 5"), Some(5.0));
        assert_eq!(read("5 percent"), Some(5.0));
        assert_eq!(read("8,256"), Some(8256.0));
        assert_eq!(read("1,000,000.5"), Some(1_000_000.5));
        assert_eq!(read("7,5"), Some(7.5));
        assert_eq!(read("1:19"), Some(19.0));
        assert_eq!(read("19:1"), Some(19.0));
        assert_eq!(read("5 pp"), Some(5.0));
        assert_eq!(read("4 percentage points"), Some(4.0));
        assert_eq!(read("12 milliseconds"), Some(12.0));
        assert_eq!(read("3 KB"), Some(3.0));
        assert_eq!(read("2.7e20"), Some(2.7e20));
        assert_eq!(read("-3"), Some(-3.0));
        assert_eq!(read("five"), None);
        assert_eq!(read("about"), None);
        assert_eq!(read(""), None);
        let third = read("5/3").expect("a fraction");
        assert!((third - 5.0 / 3.0).abs() < 1e-12);
        assert_eq!(parse_number("50 ms", Some("ms")), Some(50.0));
        assert_eq!(parse_number("50 MS", Some("ms")), Some(50.0));
    }

    #[test]
    fn a_fraction_is_judged_on_its_value() {
        let q = question(QuestionKind::Numeric {
            answer: 1.67,
            tolerance: 0.01,
            unit: None,
        });
        for typed in ["5/3", "1.67", "1.666", "about 1.67"] {
            assert!(is_correct(&q, &Response::Numeric(typed.into())), "{typed}");
        }
        assert!(!is_correct(&q, &Response::Numeric("1.7".into())));
    }

    #[test]
    fn typed_words_ignore_case_hyphens_articles_plurals_and_punctuation() {
        let q = question(QuestionKind::Short {
            answer: "systems thinking".into(),
            alternatives: vec!["research and development".into()],
        });
        for typed in [
            "Systems-Thinking",
            "the systems thinking",
            "systems thinking.",
            "system thinking",
            "R&D",
            "research & development",
        ] {
            let ok = is_correct(&q, &Response::Short(typed.into()));
            assert_eq!(ok, typed != "R&D", "{typed}");
        }
        assert!(same_words("model", "Models"));
        assert!(same_words("query", "queries"));
        assert!(same_words("box", "boxes"));
        assert!(same_words("loss", "loss"));
        assert!(!same_words("pruning", ""));
        assert!(!same_words("drift", "data drift"));
    }

    #[test]
    fn gap_marks_say_which_gap_was_right() {
        let gaps = vec![
            vec!["quantization".to_string()],
            vec!["pruning".to_string()],
        ];
        assert_eq!(
            gap_marks(&gaps, &["Quantization".into(), "distillation".into()]),
            vec![true, false]
        );
        assert_eq!(
            gap_marks(&gaps, &["quantization".into()]),
            vec![true, false]
        );
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

    #[test]
    fn keyed_responses_are_read_by_both_readers() {
        let r = Response::Single("GPU".into());
        let stored = r.to_keyed_json("00ab");
        assert_eq!(Response::from_json(&stored), Some(r.clone()));
        assert_eq!(stored_key(&stored).as_deref(), Some("00ab"));
        assert_eq!(stored_key(&r.to_json()), None);
        assert_eq!(stored_key("not json"), None);
    }

    fn single(prompt: &str, answer: &str, distractors: &[&str]) -> Question {
        Question::sample(
            "q",
            prompt,
            QuestionKind::Single {
                answer: answer.into(),
                distractors: distractors.iter().map(|d| d.to_string()).collect(),
                shuffle: true,
            },
        )
    }

    #[test]
    fn grading_key_ignores_wording_and_follows_the_answer_key() {
        let base = single("Which one?", "GPU", &["CPU", "TPU"]);
        let key = grading_key(&base);
        assert_eq!(key.len(), 16);
        let mut reworded = single("Which one, exactly?", "gpu ", &["TPU", "CPU"]);
        reworded.hint = "another hint".into();
        reworded.explanation = "another explanation".into();
        assert_eq!(grading_key(&reworded), key, "wording, case, order");
        let changed = [
            single("Which one?", "TPU", &["CPU", "GPU"]),
            single("Which one?", "GPU", &["CPU", "TPU", "NPU"]),
            Question::sample(
                "q",
                "Which one?",
                QuestionKind::Multiple {
                    answers: vec!["GPU".into()],
                    distractors: vec!["CPU".into(), "TPU".into()],
                    shuffle: true,
                },
            ),
        ];
        for question in &changed {
            assert_ne!(grading_key(question), key, "{:?}", question.kind);
        }
    }

    #[test]
    fn grading_key_of_numbers_follows_tolerance_and_unit() {
        let numeric = |tolerance: f64, unit: Option<&str>| {
            grading_key(&Question::sample(
                "q",
                "How many?",
                QuestionKind::Numeric {
                    answer: 5.0,
                    tolerance,
                    unit: unit.map(str::to_string),
                },
            ))
        };
        let key = numeric(0.5, Some("%"));
        assert_eq!(numeric(0.5, Some("%")), key);
        assert_ne!(numeric(1.0, Some("%")), key);
        assert_ne!(numeric(0.5, None), key);
        let order = |items: &[&str]| {
            grading_key(&Question::sample(
                "q",
                "Order them",
                QuestionKind::Order {
                    items: items.iter().map(|i| i.to_string()).collect(),
                },
            ))
        };
        assert_ne!(order(&["a", "b"]), order(&["b", "a"]), "order is the key");
    }
}
