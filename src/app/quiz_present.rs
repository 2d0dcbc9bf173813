//! How a quiz's questions are put before a student: the order of the questions, and of a
//! question's choices or items to order, shuffled with a seed (the same seed gives the same
//! order again) or pinned at places fixed per question so the right answer is not always
//! first. Apart from quiz.rs, which runs a session over the items made here.

use super::{ChapterRef, Item};
use crate::app::shuffle::Rng;
use crate::content::quiz::{Question, QuestionKind, stable_hash};

/// How to order questions and choices.
#[derive(Debug, Clone, Copy)]
pub struct Shuffle {
    pub enabled: bool,
    pub seed: u64,
}

/// Puts a question's choices (or items to order) in the order they are shown.
pub fn present(question: &Question, chapter: &ChapterRef, shuffle: Shuffle, rng: &mut Rng) -> Item {
    let own = stable_hash(&question.id);
    let options = match &question.kind {
        QuestionKind::Single {
            answer,
            distractors,
            shuffle: allowed,
        } => choices(
            std::slice::from_ref(answer),
            distractors,
            shuffle.enabled && *allowed,
            own,
            rng,
        ),
        QuestionKind::Multiple {
            answers,
            distractors,
            shuffle: allowed,
        } => choices(answers, distractors, shuffle.enabled && *allowed, own, rng),
        QuestionKind::Order { items } => {
            let mut shown = items.clone();
            if shuffle.enabled {
                rng.shuffle(&mut shown);
            } else {
                Rng::new(own).shuffle(&mut shown);
            }
            if shown == *items && shown.len() > 1 {
                shown.rotate_left(1);
            }
            shown
        }
        _ => Vec::new(),
    };
    Item {
        question: question.clone(),
        chapter: chapter.clone(),
        options,
    }
}

/// Answers mixed among distractors: shuffled, or (pinned) at a place fixed per question
/// so the right answer is not always first.
fn choices(
    answers: &[String],
    distractors: &[String],
    shuffle: bool,
    own: u64,
    rng: &mut Rng,
) -> Vec<String> {
    let mut all: Vec<String> = distractors.to_vec();
    if shuffle {
        all.extend(answers.iter().cloned());
        rng.shuffle(&mut all);
        return all;
    }
    for (i, answer) in answers.iter().enumerate() {
        let at = (own.wrapping_add(i as u64) % (all.len() as u64 + 1)) as usize;
        all.insert(at, answer.clone());
    }
    all
}

/// Builds the items of a session from questions, in shown order.
pub fn items_for(questions: &[(&Question, ChapterRef)], shuffle: Shuffle) -> Vec<Item> {
    let mut rng = Rng::new(shuffle.seed);
    let mut items: Vec<Item> = questions
        .iter()
        .map(|(q, chapter)| present(q, chapter, shuffle, &mut rng))
        .collect();
    if shuffle.enabled {
        rng.shuffle(&mut items);
    }
    items
}
