//! The end screen's breakdown of a quiz: right answers out of questions asked, per
//! objective or per section, in the order the course lists them. Apart from quiz.rs, which
//! keeps the outcomes this reads.

use super::{Outcome, Session};
use crate::content::Course;

impl Session {
    /// Right answers / questions per objective or per section, in the course's order:
    /// by chapter, then as the chapter lists its objectives or sections. Ids the chapter
    /// does not know (a question citing a removed section) come last in their chapter.
    pub fn breakdown(&self, facet: Facet, course: &Course) -> Vec<Tally> {
        let mut rows: Vec<Tally> = Vec::new();
        for outcome in &self.outcomes {
            let id = facet.of(outcome);
            let i = rows
                .iter()
                .position(|r| r.chapter == outcome.chapter && r.id == id)
                .unwrap_or_else(|| {
                    rows.push(Tally {
                        chapter: outcome.chapter.clone(),
                        id: id.to_string(),
                        right: 0,
                        total: 0,
                    });
                    rows.len() - 1
                });
            rows[i].right += u32::from(outcome.correct);
            rows[i].total += 1;
        }
        rows.sort_by_key(|row| facet.place(course, row));
        rows
    }
}

/// What the end screen's breakdown groups answers by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Objective,
    Section,
}

impl Facet {
    fn of(self, outcome: &Outcome) -> &str {
        match self {
            Facet::Objective => &outcome.objective,
            Facet::Section => &outcome.section,
        }
    }

    /// Where a row sits in the course: (chapter number, place in the chapter); an unknown
    /// id sorts last in its chapter, an unknown chapter after every other.
    fn place(self, course: &Course, row: &Tally) -> (u32, usize) {
        let Some(chapter) = course.chapter(&row.chapter) else {
            return (u32::MAX, usize::MAX);
        };
        let index = match self {
            Facet::Objective => chapter.objectives.iter().position(|o| o.id == row.id),
            Facet::Section => chapter.sections.iter().position(|s| s.id == row.id),
        };
        (chapter.number, index.unwrap_or(usize::MAX))
    }
}

/// Right answers out of questions asked, for one objective or section of one chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// The chapter's slug.
    pub chapter: String,
    pub id: String,
    pub right: u32,
    pub total: u32,
}
