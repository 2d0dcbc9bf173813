//! Quizzes: the typed question model and its loader from TOML. A quiz file is read into
//! loose "raw" structs that keep every value's position, then converted into `Question`s,
//! reporting every problem with its position instead of stopping at the first.

use serde::Deserialize;
use toml::Spanned;

use super::model::Pos;
use super::source::{Reporter, is_valid_id, toml_message};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Quiz {
    /// The slug of the chapter the quiz belongs to.
    pub chapter: String,
    pub path: String,
    pub questions: Vec<Question>,
    /// Where the `chapter` key is, for messages about the quiz as a whole.
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    pub section: String,
    pub objective: String,
    pub hint: String,
    pub explanation: String,
    pub kind: QuestionKind,
    pub pos: Pos,
    pub section_pos: Pos,
    pub objective_pos: Pos,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum QuestionKind {
    Single {
        answer: String,
        distractors: Vec<String>,
        shuffle: bool,
    },
    Multiple {
        answers: Vec<String>,
        distractors: Vec<String>,
        shuffle: bool,
    },
    TrueFalse {
        answer: bool,
    },
    Short {
        answer: String,
        alternatives: Vec<String>,
    },
    Gaps {
        gaps: Vec<Vec<String>>,
    },
    Order {
        items: Vec<String>,
    },
    Numeric {
        answer: f64,
        tolerance: f64,
        unit: Option<String>,
    },
    /// Answered in the student's own words and graded by the student against a model
    /// answer (again/hard/good/easy): for what no key can grade, such as "explain why".
    Open {
        answer: String,
    },
}

/// The `type` names of the eight question kinds.
pub const QUESTION_TYPES: &[&str] = &[
    "single",
    "multiple",
    "truefalse",
    "short",
    "gaps",
    "order",
    "numeric",
    "open",
];

/// The marker for a gap in a `gaps` prompt.
pub const GAP: &str = "___";

impl QuestionKind {
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Single { .. } => "single",
            Self::Multiple { .. } => "multiple",
            Self::TrueFalse { .. } => "truefalse",
            Self::Short { .. } => "short",
            Self::Gaps { .. } => "gaps",
            Self::Order { .. } => "order",
            Self::Numeric { .. } => "numeric",
            Self::Open { .. } => "open",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuiz {
    chapter: Option<Spanned<String>>,
    #[serde(default)]
    questions: Vec<Spanned<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Option<Spanned<String>>,
    #[serde(rename = "type")]
    kind: Option<Spanned<String>>,
    prompt: Option<Spanned<String>>,
    section: Option<Spanned<String>>,
    objective: Option<Spanned<String>>,
    hint: Option<Spanned<String>>,
    explanation: Option<Spanned<String>>,
    answer: Option<Spanned<toml::Value>>,
    answers: Option<Spanned<Vec<String>>>,
    distractors: Option<Spanned<Vec<String>>>,
    shuffle: Option<bool>,
    alternatives: Option<Vec<String>>,
    gaps: Option<Spanned<Vec<Vec<String>>>>,
    items: Option<Spanned<Vec<String>>>,
    tolerance: Option<Spanned<toml::Value>>,
    unit: Option<String>,
}

/// Parses a quiz file, reporting problems into `report`. Returns `None` when the file
/// cannot be read as a quiz at all.
pub fn parse_quiz(text: &str, report: &mut Reporter<'_>) -> Option<Quiz> {
    let raw: RawQuiz = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(error) => {
            let offset = error.span().map_or(0, |s| s.start);
            report.error(offset, toml_message(&error));
            return None;
        }
    };
    let Some(chapter) = raw.chapter else {
        report.error(0, "missing key 'chapter' (the slug of the quiz's chapter)");
        return None;
    };
    let questions = raw
        .questions
        .iter()
        .filter_map(|q| convert_question(q, report))
        .collect();
    Some(Quiz {
        pos: report.pos(chapter.span().start),
        chapter: chapter.into_inner(),
        path: report.path.to_string(),
        questions,
    })
}

/// Reads a required string key, reporting its absence at the question's start.
fn required(
    value: &Option<Spanned<String>>,
    key: &str,
    at: usize,
    report: &mut Reporter<'_>,
) -> Option<(String, usize)> {
    match value {
        Some(v) if !v.get_ref().trim().is_empty() => Some((v.get_ref().clone(), v.span().start)),
        Some(v) => {
            report.error(v.span().start, format!("'{key}' is empty"));
            None
        }
        None => {
            report.error(at, format!("question has no '{key}'"));
            None
        }
    }
}

fn convert_question(raw: &Spanned<RawQuestion>, report: &mut Reporter<'_>) -> Option<Question> {
    let at = raw.span().start;
    let q = raw.get_ref();
    let (id, id_at) = required(&q.id, "id", at, report)?;
    if !is_valid_id(&id) {
        report.error(
            id_at,
            format!("invalid question id '{id}': use lowercase letters, digits and '-'"),
        );
    }
    let prompt = required(&q.prompt, "prompt", at, report);
    let section = required(&q.section, "section", at, report);
    let objective = required(&q.objective, "objective", at, report);
    let hint = required(&q.hint, "hint", at, report);
    let explanation = required(&q.explanation, "explanation", at, report);
    let (type_name, type_at) = required(&q.kind, "type", at, report)?;
    let kind = convert_kind(&type_name, type_at, q, at, report)?;
    let (prompt, _) = prompt?;
    if let QuestionKind::Gaps { gaps } = &kind {
        check_gap_count(&prompt, gaps, q, at, report);
    }
    let (section, section_at) = section?;
    let (objective, objective_at) = objective?;
    Some(Question {
        id,
        prompt,
        section,
        objective,
        hint: hint?.0,
        explanation: explanation?.0,
        kind,
        pos: report.pos(id_at),
        section_pos: report.pos(section_at),
        objective_pos: report.pos(objective_at),
    })
}

fn check_gap_count(
    prompt: &str,
    gaps: &[Vec<String>],
    q: &RawQuestion,
    at: usize,
    report: &mut Reporter<'_>,
) {
    let marked = prompt.matches(GAP).count();
    if marked != gaps.len() {
        let offset = q.gaps.as_ref().map_or(at, |g| g.span().start);
        report.error(
            offset,
            format!(
                "the prompt has {marked} gap(s) marked '{GAP}' but 'gaps' lists {} answer set(s)",
                gaps.len()
            ),
        );
    }
}

fn convert_kind(
    type_name: &str,
    type_at: usize,
    q: &RawQuestion,
    at: usize,
    report: &mut Reporter<'_>,
) -> Option<QuestionKind> {
    match type_name {
        "single" => single(q, at, report),
        "multiple" => multiple(q, at, report),
        "truefalse" => {
            let answer = answer_value(q, at, "a boolean", report)?;
            match answer.get_ref() {
                toml::Value::Boolean(answer) => Some(QuestionKind::TrueFalse { answer: *answer }),
                _ => wrong_answer_type(answer, "true or false", report),
            }
        }
        "short" => short(q, at, report),
        "gaps" => gaps(q, at, report),
        "order" => order(q, at, report),
        "numeric" => numeric(q, at, report),
        "open" => Some(QuestionKind::Open {
            answer: string_answer(q, at, report)?,
        }),
        other => {
            report.error(
                type_at,
                format!(
                    "unknown question type '{other}' (expected one of {})",
                    QUESTION_TYPES.join(", ")
                ),
            );
            None
        }
    }
}

fn answer_value<'q>(
    q: &'q RawQuestion,
    at: usize,
    what: &str,
    report: &mut Reporter<'_>,
) -> Option<&'q Spanned<toml::Value>> {
    if q.answer.is_none() {
        report.error(
            at,
            format!("question has no correct answer: add 'answer' ({what})"),
        );
    }
    q.answer.as_ref()
}

fn wrong_answer_type<T>(
    answer: &Spanned<toml::Value>,
    expected: &str,
    report: &mut Reporter<'_>,
) -> Option<T> {
    report.error(
        answer.span().start,
        format!(
            "'answer' must be {expected}, not '{}'",
            answer.get_ref().to_string().trim()
        ),
    );
    None
}

fn string_answer(q: &RawQuestion, at: usize, report: &mut Reporter<'_>) -> Option<String> {
    let answer = answer_value(q, at, "a string", report)?;
    match answer.get_ref() {
        toml::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        toml::Value::String(_) => {
            report.error(answer.span().start, "'answer' is empty");
            None
        }
        _ => wrong_answer_type(answer, "a string", report),
    }
}

fn distractors(q: &RawQuestion, at: usize, report: &mut Reporter<'_>) -> Option<Vec<String>> {
    match &q.distractors {
        Some(d) if !d.get_ref().is_empty() => Some(d.get_ref().clone()),
        Some(d) => {
            report.error(d.span().start, "'distractors' is empty: give at least one");
            None
        }
        None => {
            report.error(at, "question has no 'distractors'");
            None
        }
    }
}

/// Reports a correct answer that is also listed as a distractor.
fn check_not_distractor(
    answers: &[String],
    distractors: &[String],
    q: &RawQuestion,
    report: &mut Reporter<'_>,
) -> bool {
    let repeated = answers
        .iter()
        .find(|a| distractors.iter().any(|d| normalize(d) == normalize(a)));
    if let Some(answer) = repeated {
        let offset = q.distractors.as_ref().map_or(0, |d| d.span().start);
        report.error(
            offset,
            format!("the answer '{answer}' is repeated among the distractors"),
        );
    }
    repeated.is_none()
}

fn single(q: &RawQuestion, at: usize, report: &mut Reporter<'_>) -> Option<QuestionKind> {
    let answer = string_answer(q, at, report);
    let distractors = distractors(q, at, report)?;
    let answer = answer?;
    check_not_distractor(std::slice::from_ref(&answer), &distractors, q, report).then_some(
        QuestionKind::Single {
            answer,
            distractors,
            shuffle: q.shuffle.unwrap_or(true),
        },
    )
}

fn multiple(q: &RawQuestion, at: usize, report: &mut Reporter<'_>) -> Option<QuestionKind> {
    let answers = match &q.answers {
        Some(a) if !a.get_ref().is_empty() => Some(a.get_ref().clone()),
        Some(a) => {
            report.error(
                a.span().start,
                "question has no correct answer: 'answers' is empty",
            );
            None
        }
        None => {
            report.error(at, "question has no correct answer: add 'answers'");
            None
        }
    };
    let distractors = distractors(q, at, report)?;
    let answers = answers?;
    check_not_distractor(&answers, &distractors, q, report).then_some(QuestionKind::Multiple {
        answers,
        distractors,
        shuffle: q.shuffle.unwrap_or(true),
    })
}

fn short(q: &RawQuestion, at: usize, report: &mut Reporter<'_>) -> Option<QuestionKind> {
    Some(QuestionKind::Short {
        answer: string_answer(q, at, report)?,
        alternatives: q.alternatives.clone().unwrap_or_default(),
    })
}

fn gaps(q: &RawQuestion, at: usize, report: &mut Reporter<'_>) -> Option<QuestionKind> {
    let Some(gaps) = &q.gaps else {
        report.error(at, "question has no correct answer: add 'gaps'");
        return None;
    };
    if gaps.get_ref().is_empty() || gaps.get_ref().iter().any(|g| g.is_empty()) {
        report.error(
            gaps.span().start,
            "every gap needs at least one accepted answer",
        );
        return None;
    }
    Some(QuestionKind::Gaps {
        gaps: gaps.get_ref().clone(),
    })
}

fn order(q: &RawQuestion, at: usize, report: &mut Reporter<'_>) -> Option<QuestionKind> {
    let Some(items) = &q.items else {
        report.error(
            at,
            "question has no correct answer: add 'items' in the right order",
        );
        return None;
    };
    if items.get_ref().len() < 2 {
        report.error(
            items.span().start,
            "an order question needs at least 2 items",
        );
        return None;
    }
    Some(QuestionKind::Order {
        items: items.get_ref().clone(),
    })
}

fn numeric(q: &RawQuestion, at: usize, report: &mut Reporter<'_>) -> Option<QuestionKind> {
    let answer = answer_value(q, at, "a number", report)?;
    let Some(value) = number(answer.get_ref()) else {
        return wrong_answer_type(answer, "a finite number", report);
    };
    let tolerance = match &q.tolerance {
        Some(t) => match number(t.get_ref()).filter(|n| *n >= 0.0) {
            Some(n) => n,
            None => {
                report.error(t.span().start, "'tolerance' must be a number of 0 or more");
                return None;
            }
        },
        None => 0.0,
    };
    Some(QuestionKind::Numeric {
        answer: value,
        tolerance,
        unit: q.unit.clone(),
    })
}

/// A stable number for a text (FNV-1a): the same on every run and platform.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Quiz {
    /// A fingerprint of the questions (ids, prompts, answers), so an attempt can tell
    /// whether the quiz changed since it started.
    pub fn content_hash(&self) -> String {
        let mut text = String::new();
        for q in &self.questions {
            text.push_str(&format!(
                "{}\u{1f}{}\u{1f}{:?}\u{1e}",
                q.id, q.prompt, q.kind
            ));
        }
        format!("{:016x}", stable_hash(&text))
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

#[cfg(test)]
impl Question {
    /// A question for tests: id `id`, section `sec-{id}`, objective `obj`.
    pub fn sample(id: &str, prompt: &str, kind: QuestionKind) -> Self {
        Self {
            id: id.into(),
            prompt: prompt.into(),
            section: format!("sec-{id}"),
            objective: "obj".into(),
            hint: "a hint".into(),
            explanation: "because".into(),
            kind,
            pos: Pos::default(),
            section_pos: Pos::default(),
            objective_pos: Pos::default(),
        }
    }
}

/// A finite number written as an integer or a float.
fn number(value: &toml::Value) -> Option<f64> {
    match value {
        toml::Value::Float(f) if f.is_finite() => Some(*f),
        #[allow(clippy::cast_precision_loss)]
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}

/// Short answers are compared after trimming, case-folding and collapsing white space.
pub fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Quiz>, Vec<String>) {
        let mut report = Reporter::new("q.toml", text);
        let quiz = parse_quiz(text, &mut report);
        let messages = report.diagnostics.iter().map(ToString::to_string).collect();
        (quiz, messages)
    }

    const COMMON: &str = "section = \"s\"\nobjective = \"o\"\nhint = \"h\"\nexplanation = \"e\"\nprompt = \"p ___\"\n";

    #[test]
    fn every_type_loads() {
        let text = format!(
            "chapter = \"c\"\n\
             [[questions]]\nid = \"a\"\ntype = \"single\"\nanswer = \"x\"\ndistractors = [\"y\"]\n{COMMON}\
             [[questions]]\nid = \"b\"\ntype = \"multiple\"\nanswers = [\"x\"]\ndistractors = [\"y\"]\n{COMMON}\
             [[questions]]\nid = \"c\"\ntype = \"truefalse\"\nanswer = false\n{COMMON}\
             [[questions]]\nid = \"d\"\ntype = \"short\"\nanswer = \"x\"\n{COMMON}\
             [[questions]]\nid = \"e\"\ntype = \"gaps\"\ngaps = [[\"x\"]]\n{COMMON}\
             [[questions]]\nid = \"f\"\ntype = \"order\"\nitems = [\"x\", \"y\"]\n{COMMON}\
             [[questions]]\nid = \"g\"\ntype = \"numeric\"\nanswer = 5\ntolerance = 0.5\nunit = \"%\"\n{COMMON}\
             [[questions]]\nid = \"h\"\ntype = \"open\"\nanswer = \"a model answer\"\n{COMMON}"
        );
        let (quiz, messages) = parse(&text);
        assert_eq!(messages, Vec::<String>::new());
        let quiz = quiz.expect("quiz");
        let types: Vec<_> = quiz.questions.iter().map(|q| q.kind.type_name()).collect();
        assert_eq!(types, QUESTION_TYPES);
        assert_eq!(quiz.questions[0].pos, Pos { line: 3, col: 6 });
    }

    #[test]
    fn open_question_needs_a_model_answer() {
        let text = format!("chapter = \"c\"\n[[questions]]\nid = \"a\"\ntype = \"open\"\n{COMMON}");
        let (quiz, messages) = parse(&text);
        assert_eq!(
            messages,
            ["q.toml:2:1: question has no correct answer: add 'answer' (a string)"]
        );
        assert!(quiz.expect("quiz").questions.is_empty());
    }

    #[test]
    fn answer_among_distractors_is_reported_at_the_distractors() {
        let text = format!(
            "chapter = \"c\"\n[[questions]]\nid = \"a\"\ntype = \"single\"\nanswer = \"X\"\ndistractors = [\"x \"]\n{COMMON}"
        );
        let (_, messages) = parse(&text);
        assert_eq!(
            messages,
            ["q.toml:6:15: the answer 'X' is repeated among the distractors"]
        );
    }

    #[test]
    fn normalize_trims_folds_and_collapses() {
        assert_eq!(normalize("  Data   Drift\t"), "data drift");
    }
}
