//! Our own course format, both ways. Reading turns a loaded course into a bank (to export
//! it as GIFT or Anki). Writing turns any bank into the files of a course folder
//! (course.toml, chapters/NN-slug.md, quizzes/NN-slug.toml) that `check` passes: every
//! id made valid and unique, every question citing a section and an objective that exist,
//! and a chapter for each quiz that carries the section titles and objectives the source
//! gives and says where the text itself lives.

use serde::Serialize;

use super::{
    Bank, ChapterDraft, Draft, Ids, ObjectiveDraft, SectionDraft, Skipped, draft_id, stated_answer,
    to_id,
};
use crate::content::quiz::QuestionKind;
use crate::content::{Block, Course, Inline};

/// The part every converted chapter belongs to.
const PART: &str = "imported";

/// A converted course: its files (path relative to the course folder, text) and what
/// could not go in.
#[derive(Debug, Default)]
pub struct Written {
    pub files: Vec<(String, String)>,
    pub skipped: Vec<Skipped>,
}

/// Reads a loaded course into a bank, keeping every id.
pub fn read(course: &Course) -> Bank {
    let chapters = course
        .chapters
        .iter()
        .filter_map(|chapter| {
            let quiz = chapter.quiz.as_ref()?;
            let sections: Vec<SectionDraft> = chapter
                .sections
                .iter()
                .map(|s| SectionDraft {
                    id: Some(s.id.clone()),
                    title: s.title.clone(),
                    objectives: Vec::new(),
                })
                .collect();
            let questions = quiz
                .questions
                .iter()
                .map(|q| Draft {
                    id: Some(q.id.clone()),
                    prompt: q.prompt.clone(),
                    kind: q.kind.clone(),
                    hint: q.hint.clone(),
                    explanation: q.explanation.clone(),
                    section: chapter
                        .sections
                        .iter()
                        .position(|s| s.id == q.section)
                        .unwrap_or(0),
                    objective: chapter.objective(&q.objective).map(|o| ObjectiveDraft {
                        id: Some(o.id.clone()),
                        text: o.text.clone(),
                    }),
                })
                .collect();
            Some(ChapterDraft {
                slug: Some(chapter.slug.clone()),
                title: chapter.title.clone(),
                source: chapter.path.clone(),
                text_lives: Some(format!(
                    "chapter {} of \"{}\"",
                    chapter.number,
                    one_line(&course.title)
                )),
                sections,
                questions,
                glossary: chapter
                    .glossary()
                    .iter()
                    .map(|e| (e.term.to_string(), blocks_text(e.body)))
                    .collect(),
            })
        })
        .collect();
    Bank {
        chapters,
        skipped: Vec::new(),
    }
}

fn blocks_text(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    crate::content::walk_blocks(blocks, &mut |block| {
        if let Block::Paragraph(inlines) = block {
            parts.push(Inline::plain(inlines));
        }
    });
    parts.join(" ")
}

#[derive(Serialize)]
struct CourseToml<'a> {
    title: &'a str,
    description: String,
    parts: [PartToml<'a>; 1],
}

#[derive(Serialize)]
struct PartToml<'a> {
    id: &'a str,
    number: &'a str,
    title: &'a str,
    question: &'a str,
}

#[derive(Serialize)]
struct FrontMatter<'a> {
    number: usize,
    slug: &'a str,
    title: &'a str,
    part: &'a str,
    summary: String,
    objectives: Vec<ObjectiveToml>,
}

#[derive(Serialize, Clone)]
struct ObjectiveToml {
    id: String,
    text: String,
}

#[derive(Serialize)]
struct QuizToml<'a> {
    chapter: &'a str,
    questions: Vec<QuestionToml>,
}

/// One question as our quiz TOML spells it.
#[derive(Serialize, Default)]
struct QuestionToml {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    prompt: String,
    section: String,
    objective: String,
    hint: String,
    explanation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<toml::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answers: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    distractors: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shuffle: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternatives: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gaps: Option<Vec<Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tolerance: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
}

/// Writes the bank as a course folder titled `title`.
pub fn write(bank: &Bank, title: &str) -> Written {
    let mut written = Written::default();
    let course = CourseToml {
        title,
        description: format!("Questions converted by mlsys-learn convert: {title}."),
        parts: [PartToml {
            id: PART,
            number: "I",
            title: "Imported questions",
            question: "Can you answer what the sources ask?",
        }],
    };
    written
        .files
        .push(("course.toml".into(), toml_text(&course)));
    let mut slugs = Ids::default();
    let mut question_ids = Ids::default();
    let mut terms = Ids::default();
    for (n, chapter) in bank.chapters.iter().enumerate() {
        let number = n + 1;
        let wanted = chapter
            .slug
            .as_deref()
            .and_then(to_id)
            .or_else(|| to_id(&chapter.title))
            .unwrap_or_else(|| format!("chapter-{number}"));
        let slug = slugs.unique(&short(&wanted, 40));
        let plan = Plan::new(chapter);
        let stem = format!("{number:02}-{slug}");
        let glossary = chapter
            .glossary
            .iter()
            .filter(|(term, _)| {
                let fresh = terms.unique(&term.to_lowercase()) == term.to_lowercase();
                if !fresh {
                    written.skipped.push(Skipped {
                        at: chapter.source.clone(),
                        why: format!("glossary term '{term}' is already defined"),
                    });
                }
                fresh
            })
            .collect::<Vec<_>>();
        written.files.push((
            format!("chapters/{stem}.md"),
            chapter_text(number, &slug, chapter, &plan, &glossary),
        ));
        if chapter.questions.is_empty() {
            continue;
        }
        let quiz = QuizToml {
            chapter: &slug,
            questions: chapter
                .questions
                .iter()
                .map(|d| question(d, &slug, chapter, &plan, &mut question_ids))
                .collect(),
        };
        written
            .files
            .push((format!("quizzes/{stem}.toml"), toml_text(&quiz)));
    }
    written
}

fn short(id: &str, max: usize) -> String {
    let cut: String = id.chars().take(max).collect();
    cut.trim_end_matches('-').to_string()
}

fn toml_text(value: &impl Serialize) -> String {
    toml::to_string(value).unwrap_or_default()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The ids a chapter's sections and objectives get, decided once.
struct Plan {
    sections: Vec<String>,
    objectives: Vec<ObjectiveToml>,
    /// Per section, the indexes of its objectives in `objectives`.
    section_objectives: Vec<Vec<usize>>,
}

impl Plan {
    fn new(chapter: &ChapterDraft) -> Self {
        let mut section_ids = Ids::default();
        let mut objective_ids = Ids::default();
        let mut objectives: Vec<ObjectiveToml> = Vec::new();
        let mut add = |objective: &ObjectiveDraft, objectives: &mut Vec<ObjectiveToml>| {
            if let Some(i) = objectives.iter().position(|o| o.text == objective.text) {
                return i;
            }
            let wanted = objective
                .id
                .as_deref()
                .and_then(to_id)
                .or_else(|| to_id(&objective.text).map(|id| short(&id, 40)))
                .unwrap_or_else(|| "objective".into());
            objectives.push(ObjectiveToml {
                id: objective_ids.unique(&wanted),
                text: one_line(&objective.text),
            });
            objectives.len() - 1
        };
        let mut sections = Vec::new();
        let mut section_objectives = Vec::new();
        let fallback = [SectionDraft {
            title: chapter.title.clone(),
            ..SectionDraft::default()
        }];
        let drafts = if chapter.sections.is_empty() {
            &fallback[..]
        } else {
            &chapter.sections
        };
        for (i, section) in drafts.iter().enumerate() {
            let wanted = section
                .id
                .as_deref()
                .and_then(to_id)
                .or_else(|| to_id(&section.title).map(|id| short(&id, 40)))
                .unwrap_or_else(|| format!("section-{}", i + 1));
            sections.push(section_ids.unique(&wanted));
            section_objectives.push(
                section
                    .objectives
                    .iter()
                    .map(|o| add(o, &mut objectives))
                    .collect(),
            );
        }
        for draft in &chapter.questions {
            if let Some(objective) = &draft.objective {
                add(objective, &mut objectives);
            }
        }
        if objectives.is_empty() || chapter.questions.iter().any(|d| Self::unplaced(chapter, d)) {
            let (id, text) = if chapter.questions.is_empty() {
                ("learn-the-terms", "Define the terms of")
            } else {
                ("answer-the-questions", "Answer the questions of")
            };
            objectives.push(ObjectiveToml {
                id: objective_ids.unique(id),
                text: format!("{text} \"{}\"", one_line(&chapter.title)),
            });
        }
        Self {
            sections,
            objectives,
            section_objectives,
        }
    }

    /// A question with no objective of its own whose section has none either.
    fn unplaced(chapter: &ChapterDraft, draft: &Draft) -> bool {
        draft.objective.is_none()
            && chapter
                .sections
                .get(draft.section)
                .is_none_or(|s| s.objectives.is_empty())
    }

    fn section(&self, index: usize) -> &str {
        self.sections
            .get(index)
            .or(self.sections.first())
            .map_or("", String::as_str)
    }

    fn objective(&self, draft: &Draft) -> String {
        let own = draft
            .objective
            .as_ref()
            .and_then(|o| self.objectives.iter().find(|t| t.text == one_line(&o.text)));
        let of_section = || {
            self.section_objectives
                .get(draft.section)
                .and_then(|ids| ids.first())
                .and_then(|i| self.objectives.get(*i))
        };
        own.or_else(of_section)
            .or(self.objectives.last())
            .map_or_else(String::new, |o| o.id.clone())
    }
}

/// Escapes text from a source so Markdown reads it literally.
fn markdown_escape(text: &str) -> String {
    let mut out = String::new();
    for c in one_line(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '$' | '#' | '|' | '~' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn chapter_text(
    number: usize,
    slug: &str,
    chapter: &ChapterDraft,
    plan: &Plan,
    glossary: &[&(String, String)],
) -> String {
    let front = FrontMatter {
        number,
        slug,
        title: &one_line(&chapter.title),
        part: PART,
        summary: format!(
            "{} question(s) converted from {}.",
            chapter.questions.len(),
            one_line(&chapter.source)
        ),
        objectives: plan.objectives.clone(),
    };
    let mut out = format!("+++\n{}+++\n\n", toml_text(&front));
    let lives = chapter.text_lives.as_deref().map_or_else(
        || "The text these questions test is not part of this course.".to_string(),
        |place| {
            format!(
                "The text these questions test lives in {}.",
                one_line(place)
            )
        },
    );
    out.push_str(&format!(
        "These questions were converted from {} by `mlsys-learn convert`. {}\n\n",
        markdown_escape(&chapter.source),
        markdown_escape(&lives)
    ));
    for (i, id) in plan.sections.iter().enumerate() {
        let title = chapter
            .sections
            .get(i)
            .map_or(chapter.title.as_str(), |s| s.title.as_str());
        out.push_str(&format!("## {} {{#{id}}}\n\n", markdown_escape(title)));
        let objectives = &plan.section_objectives[i];
        if objectives.is_empty() {
            out.push_str("The source gives no learning objectives for this section.\n\n");
        } else {
            out.push_str("Learning objectives of this section:\n\n");
            for o in objectives {
                out.push_str(&format!(
                    "- {}\n",
                    markdown_escape(&plan.objectives[*o].text)
                ));
            }
            out.push('\n');
        }
        if i == 0 {
            for (term, definition) in glossary {
                out.push_str(&format!(
                    "{}\n: {}\n\n",
                    markdown_escape(term),
                    markdown_escape(definition)
                ));
            }
        }
    }
    out
}

fn question(
    draft: &Draft,
    slug: &str,
    chapter: &ChapterDraft,
    plan: &Plan,
    ids: &mut Ids,
) -> QuestionToml {
    let section_title = chapter
        .sections
        .get(draft.section)
        .map_or(chapter.title.as_str(), |s| s.title.as_str());
    let hint = if draft.hint.trim().is_empty() {
        format!("It is taught in \"{}\".", one_line(section_title))
    } else {
        draft.hint.clone()
    };
    let explanation = if !draft.explanation.trim().is_empty() {
        draft.explanation.clone()
    } else if let QuestionKind::Open { .. } = draft.kind {
        "Compare your answer with the model answer: what did it say that yours did not?".into()
    } else {
        format!(
            "The answer: {}.",
            stated_answer(draft).trim_end_matches('.')
        )
    };
    let mut out = QuestionToml {
        id: draft_id(draft, slug, ids),
        kind: draft.kind.type_name(),
        prompt: draft.prompt.clone(),
        section: plan.section(draft.section).to_string(),
        objective: plan.objective(draft),
        hint,
        explanation,
        ..QuestionToml::default()
    };
    let text = |s: &String| Some(toml::Value::String(s.clone()));
    match &draft.kind {
        QuestionKind::Single {
            answer,
            distractors,
            shuffle,
        } => {
            out.answer = text(answer);
            out.distractors = Some(distractors.clone());
            out.shuffle = (!shuffle).then_some(false);
        }
        QuestionKind::Multiple {
            answers,
            distractors,
            shuffle,
        } => {
            out.answers = Some(answers.clone());
            out.distractors = Some(distractors.clone());
            out.shuffle = (!shuffle).then_some(false);
        }
        QuestionKind::TrueFalse { answer } => out.answer = Some(toml::Value::Boolean(*answer)),
        QuestionKind::Short {
            answer,
            alternatives,
        } => {
            out.answer = text(answer);
            out.alternatives = (!alternatives.is_empty()).then(|| alternatives.clone());
        }
        QuestionKind::Gaps { gaps } => out.gaps = Some(gaps.clone()),
        QuestionKind::Order { items } => out.items = Some(items.clone()),
        QuestionKind::Numeric {
            answer,
            tolerance,
            unit,
        } => {
            out.answer = Some(toml::Value::Float(*answer));
            out.tolerance = (*tolerance > 0.0).then_some(*tolerance);
            out.unit = unit.clone();
        }
        QuestionKind::Open { answer } => out.answer = text(answer),
    }
    out
}
