//! xAPI 1.0.3 statements built from outbox events: `answered` (the question as a
//! `cmi.interaction` activity), `completed` plus `passed`/`failed` for a finished attempt,
//! `experienced` for a section read. Pure functions of the event, the course and the
//! naming settings, so every shape is a unit test; docs/class.md shows them.
//!
//! Every statement's id is a UUID v5 over the user, the statement's kind and the key of
//! the row it describes (attempt uid and question, chapter and section): the same event
//! always gets the same id, on any machine and in any run, so the LRS can refuse a
//! statement it already holds and nothing is stored twice.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::content::answer::Response;
use crate::content::quiz::{Question, QuestionKind};
use crate::content::{Chapter, Course};
use crate::store::{Answer, Attempt, Event, OutboxEntry, SectionRead, iso_stamp};

pub const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
pub const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const VERB_EXPERIENCED: &str = "http://adlnet.gov/expapi/verbs/experienced";

const TYPE_INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
const TYPE_ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
const TYPE_LESSON: &str = "http://adlnet.gov/expapi/activities/lesson";
const TYPE_MODULE: &str = "http://adlnet.gov/expapi/activities/module";
const TYPE_COURSE: &str = "http://adlnet.gov/expapi/activities/course";

/// Extension keys; `.invalid` marks them as names, not addresses to fetch.
pub const EXT_HINT_USED: &str = "https://mlsys-learn.invalid/xapi/extensions/hint-used";
pub const EXT_MODE: &str = "https://mlsys-learn.invalid/xapi/extensions/attempt-mode";

/// The activity ids' common start when the config names none.
pub const DEFAULT_ACTIVITY_BASE: &str = "https://mlsys-learn.invalid/course";

/// The namespace of statement ids: UUID v5 of this URL in the URL namespace.
const ID_NAMESPACE_URL: &str = "https://mlsys-learn.invalid/xapi/statement-ids";

/// How statements name people and things.
#[derive(Debug, Clone)]
pub struct Naming {
    /// The actor account's `homePage`: the system the user names belong to.
    pub homepage: String,
    /// The start of every activity id (no trailing slash).
    pub activity_base: String,
}

/// One statement ready to send: its id and its JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub id: Uuid,
    pub json: Value,
}

/// The statement id of one kind of statement about one row of one user.
pub fn statement_id(user: &str, kind: &str, subject: &str, detail: &str) -> Uuid {
    let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, ID_NAMESPACE_URL.as_bytes());
    let name = format!("{}\n{kind}\n{subject}\n{detail}", user.to_lowercase());
    Uuid::new_v5(&namespace, name.as_bytes())
}

/// The statements describing one outbox entry (two for a finished attempt).
pub fn statements(entry: &OutboxEntry, course: &Course, naming: &Naming) -> Vec<Statement> {
    let at = Builder {
        user: &entry.user,
        course,
        naming,
    };
    match &entry.event {
        Event::Answered {
            attempt_uid,
            chapter,
            answer,
        } => vec![at.answered(attempt_uid, chapter, answer)],
        Event::Finished(attempt) => at.finished(attempt),
        Event::Read(read) => vec![at.experienced(read)],
    }
}

/// The activity id of a chapter, its quiz, one of its questions or sections.
pub fn chapter_iri(base: &str, chapter: &str) -> String {
    format!("{base}/{}", escape_segment(chapter))
}

pub fn quiz_iri(base: &str, chapter: &str) -> String {
    format!("{}/quiz", chapter_iri(base, chapter))
}

pub fn question_iri(base: &str, chapter: &str, question: &str) -> String {
    format!(
        "{}/questions/{}",
        chapter_iri(base, chapter),
        escape_segment(question)
    )
}

pub fn section_iri(base: &str, chapter: &str, section: &str) -> String {
    format!(
        "{}/sections/{}",
        chapter_iri(base, chapter),
        escape_segment(section)
    )
}

struct Builder<'a> {
    user: &'a str,
    course: &'a Course,
    naming: &'a Naming,
}

impl Builder<'_> {
    fn answered(&self, attempt_uid: &str, chapter: &str, answer: &Answer) -> Statement {
        let base = &self.naming.activity_base;
        let question = self.question(chapter, &answer.question);
        let response = Response::from_json(&answer.response);
        let (definition, response) = interaction(question, response.as_ref());
        let mut statement = self.statement(
            (VERB_ANSWERED, "answered"),
            json!({
                "objectType": "Activity",
                "id": question_iri(base, chapter, &answer.question),
                "definition": definition,
            }),
            answer.answered_at,
        );
        statement["result"] = json!({
            "success": answer.correct,
            "response": response,
            "duration": iso_duration(answer.elapsed_ms),
            "extensions": { EXT_HINT_USED: answer.hint_used },
        });
        statement["context"] = self.context(Some(attempt_uid), self.quiz_activity(chapter));
        let id = statement_id(self.user, "answered", attempt_uid, &answer.question);
        finish(id, statement)
    }

    fn finished(&self, attempt: &Attempt) -> Vec<Statement> {
        let at = attempt.finished_at.unwrap_or(attempt.started_at);
        let scaled = if attempt.max == 0 {
            0.0
        } else {
            f64::from(attempt.score) / f64::from(attempt.max)
        };
        let passed = attempt.max > 0 && scaled + 1e-9 >= self.course.pass_mark();
        let score = json!({
            "scaled": (scaled * 10_000.0).round() / 10_000.0,
            "raw": attempt.score,
            "min": 0,
            "max": attempt.max,
        });
        let duration = iso_duration(u64::try_from(at - attempt.started_at).unwrap_or(0));
        let mut context = self.context(Some(&attempt.uid), self.chapter_activity(&attempt.chapter));
        context["extensions"] = json!({ EXT_MODE: attempt.mode.as_str() });
        let verbs = [
            (
                (VERB_COMPLETED, "completed"),
                "completed",
                json!({"completion": true}),
            ),
            (
                if passed {
                    (VERB_PASSED, "passed")
                } else {
                    (VERB_FAILED, "failed")
                },
                "graded",
                json!({"success": passed}),
            ),
        ];
        verbs
            .into_iter()
            .map(|(verb, kind, mut result)| {
                let mut statement = self.statement(verb, self.quiz_activity(&attempt.chapter), at);
                result["score"] = score.clone();
                result["duration"] = json!(duration);
                statement["result"] = result;
                statement["context"] = context.clone();
                finish(statement_id(self.user, kind, &attempt.uid, ""), statement)
            })
            .collect()
    }

    fn experienced(&self, read: &SectionRead) -> Statement {
        let base = &self.naming.activity_base;
        let title = self
            .chapter(&read.chapter)
            .and_then(|c| c.section(&read.section))
            .map_or_else(
                || read.section.clone(),
                |s| format!("{} {}", s.number, s.title),
            );
        let object = json!({
            "objectType": "Activity",
            "id": section_iri(base, &read.chapter, &read.section),
            "definition": { "type": TYPE_LESSON, "name": { "en-US": title } },
        });
        let mut statement = self.statement((VERB_EXPERIENCED, "experienced"), object, read.read_at);
        statement["context"] = self.context(None, self.chapter_activity(&read.chapter));
        let id = statement_id(self.user, "experienced", &read.chapter, &read.section);
        finish(id, statement)
    }

    /// The parts every statement has: actor, verb, object, timestamp.
    fn statement(&self, verb: (&str, &str), object: Value, at: i64) -> Value {
        json!({
            "actor": {
                "objectType": "Agent",
                "account": { "homePage": self.naming.homepage, "name": self.user },
            },
            "verb": { "id": verb.0, "display": { "en-US": verb.1 } },
            "object": object,
            "timestamp": iso_stamp(at),
        })
    }

    /// The attempt as registration (when its uid is a UUID), the parent and the course.
    fn context(&self, attempt_uid: Option<&str>, parent: Value) -> Value {
        let mut context = json!({
            "contextActivities": { "parent": [parent], "grouping": [self.course_activity()] },
            "platform": "mlsys-learn",
            "language": "en-US",
        });
        if let Some(registration) = attempt_uid.and_then(|uid| Uuid::try_parse(uid).ok()) {
            context["registration"] = json!(registration.hyphenated().to_string());
        }
        context
    }

    fn course_activity(&self) -> Value {
        activity(&self.naming.activity_base, TYPE_COURSE, &self.course.title)
    }

    fn chapter_activity(&self, chapter: &str) -> Value {
        let name = self.chapter(chapter).map_or(chapter, |c| c.title.as_str());
        activity(
            &chapter_iri(&self.naming.activity_base, chapter),
            TYPE_MODULE,
            name,
        )
    }

    fn quiz_activity(&self, chapter: &str) -> Value {
        let name = self.chapter(chapter).map_or(chapter, |c| c.title.as_str());
        activity(
            &quiz_iri(&self.naming.activity_base, chapter),
            TYPE_ASSESSMENT,
            &format!("Quiz: {name}"),
        )
    }

    fn chapter(&self, slug: &str) -> Option<&Chapter> {
        self.course.chapters.iter().find(|c| c.slug == slug)
    }

    fn question(&self, chapter: &str, id: &str) -> Option<&Question> {
        self.chapter(chapter)?
            .quiz
            .as_ref()?
            .questions
            .iter()
            .find(|q| q.id == id)
    }
}

fn activity(id: &str, kind: &str, name: &str) -> Value {
    json!({
        "objectType": "Activity",
        "id": id,
        "definition": { "type": kind, "name": { "en-US": name } },
    })
}

fn finish(id: Uuid, mut statement: Value) -> Statement {
    statement["id"] = json!(id.hyphenated().to_string());
    Statement {
        id,
        json: statement,
    }
}

/// The question's `cmi.interaction` definition and the response in its format. A question
/// no longer in the course (or a response that does not fit it) is `other`, with the
/// response as the student gave it.
fn interaction(question: Option<&Question>, response: Option<&Response>) -> (Value, String) {
    let given = response.map_or_else(String::new, Response::describe);
    let Some(question) = question else {
        return (
            json!({"type": TYPE_INTERACTION, "interactionType": "other"}),
            given,
        );
    };
    let mut definition = json!({
        "type": TYPE_INTERACTION,
        "description": { "en-US": question.prompt },
    });
    let fitted = fit(&question.kind, response);
    let (kind, pattern, components) = match &question.kind {
        QuestionKind::Single {
            answer,
            distractors,
            ..
        } => {
            let options = choices(std::slice::from_ref(answer), distractors);
            (
                "choice",
                vec![choice_ids(&options, std::slice::from_ref(answer))],
                Some(("choices", options)),
            )
        }
        QuestionKind::Multiple {
            answers,
            distractors,
            ..
        } => {
            let options = choices(answers, distractors);
            (
                "choice",
                vec![choice_ids(&options, answers)],
                Some(("choices", options)),
            )
        }
        QuestionKind::TrueFalse { answer } => ("true-false", vec![answer.to_string()], None),
        QuestionKind::Short {
            answer,
            alternatives,
        } => {
            let all = std::iter::once(answer).chain(alternatives);
            let pattern = all.map(|a| format!("{{case_matters=false}}{a}")).collect();
            ("fill-in", pattern, None)
        }
        QuestionKind::Gaps { gaps } => {
            let firsts: Vec<&str> = gaps
                .iter()
                .filter_map(|g| g.first())
                .map(String::as_str)
                .collect();
            (
                "fill-in",
                vec![format!("{{case_matters=false}}{}", firsts.join("[,]"))],
                None,
            )
        }
        QuestionKind::Order { items } => {
            let options = choices(items, &[]);
            (
                "sequencing",
                vec![choice_ids(&options, items)],
                Some(("choices", options)),
            )
        }
        QuestionKind::Numeric {
            answer, tolerance, ..
        } => (
            "numeric",
            vec![format!("{}[:]{}", answer - tolerance, answer + tolerance)],
            None,
        ),
        // Self-graded against a model answer: no pattern can say what is right.
        QuestionKind::Open { .. } => ("long-fill-in", Vec::new(), None),
    };
    definition["interactionType"] = json!(kind);
    if !pattern.is_empty() {
        definition["correctResponsesPattern"] = json!(pattern);
    }
    if let Some((key, options)) = components {
        let list: Vec<Value> = options
            .iter()
            .map(|(id, text)| json!({"id": id, "description": {"en-US": text}}))
            .collect();
        definition[key] = json!(list);
    }
    (definition, fitted.unwrap_or(given))
}

/// The options of a choice or sequencing question with their ids, in the content's order.
fn choices(first: &[String], then: &[String]) -> Vec<(String, String)> {
    first
        .iter()
        .chain(then)
        .enumerate()
        .map(|(i, text)| (format!("c{}", i + 1), text.clone()))
        .collect()
}

/// The ids of `picked` options, joined as xAPI joins a list (`c1[,]c3`); an option not
/// among them keeps its text.
fn choice_ids(options: &[(String, String)], picked: &[String]) -> String {
    let norm = crate::content::quiz::normalize;
    picked
        .iter()
        .map(|p| {
            options
                .iter()
                .find(|(_, text)| norm(text) == norm(p))
                .map_or_else(|| p.clone(), |(id, _)| id.clone())
        })
        .collect::<Vec<_>>()
        .join("[,]")
}

/// The response in the interaction's format, when it is of the question's kind.
fn fit(kind: &QuestionKind, response: Option<&Response>) -> Option<String> {
    let options = |first: &[String], then: &[String]| choices(first, then);
    Some(match (kind, response?) {
        (
            QuestionKind::Single {
                answer,
                distractors,
                ..
            },
            Response::Single(given),
        ) => choice_ids(
            &options(std::slice::from_ref(answer), distractors),
            std::slice::from_ref(given),
        ),
        (
            QuestionKind::Multiple {
                answers,
                distractors,
                ..
            },
            Response::Multiple(given),
        ) => choice_ids(&options(answers, distractors), given),
        (QuestionKind::Order { items }, Response::Order(given)) => {
            choice_ids(&options(items, &[]), given)
        }
        (QuestionKind::TrueFalse { .. }, Response::TrueFalse(given)) => given.to_string(),
        (QuestionKind::Gaps { .. }, Response::Gaps(given)) => given.join("[,]"),
        (QuestionKind::Short { .. }, Response::Short(given)) => given.clone(),
        (QuestionKind::Numeric { .. }, Response::Numeric(typed)) => leading_number(typed),
        _ => return None,
    })
}

/// The number at the start of what was typed (`"12.5 ms"` -> `"12.5"`), else the text.
fn leading_number(typed: &str) -> String {
    let trimmed = typed.trim();
    let end = trimmed
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '-' || *c == '+'))))
        .map_or(trimmed.len(), |(i, _)| i);
    let number = &trimmed[..end];
    if number.parse::<f64>().is_ok() {
        number.to_string()
    } else {
        trimmed.to_string()
    }
}

/// An ISO 8601 duration of milliseconds: `PT1.5S`, `PT0S`.
pub fn iso_duration(ms: u64) -> String {
    let (seconds, millis) = (ms / 1000, ms % 1000);
    if millis == 0 {
        return format!("PT{seconds}S");
    }
    let fraction = format!("{millis:03}");
    format!("PT{seconds}.{}S", fraction.trim_end_matches('0'))
}

/// Percent-encodes all but unreserved characters, so any key is one IRI path segment.
fn escape_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
#[path = "statement_tests.rs"]
mod tests;
