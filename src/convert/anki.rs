//! Anki's text import (2.1.55 and later): a tab-separated file whose header lines name
//! the separator, the note type, deck, tags and GUID columns, so Anki imports it with no
//! settings. One note per question; its GUID comes from the chapter and question id, so
//! importing a newer export updates the notes instead of adding copies. Gaps become
//! Cloze notes; everything else a Basic note with the answer and explanation on the back.

use super::{Bank, Ids, draft_id, stated_answer, to_id};
use crate::content::quiz::{GAP, QuestionKind, stable_hash};

/// The header lines Anki reads before the notes.
pub const HEADER: &str = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:4\n";

/// One note: the columns after the header, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub guid: String,
    pub notetype: &'static str,
    pub deck: String,
    pub tags: String,
    pub front: String,
    pub back: String,
}

/// The notes of every question of the bank, decks named `deck::chapter title`.
pub fn notes(bank: &Bank, deck: &str) -> Vec<Note> {
    let mut ids = Ids::default();
    let mut notes = Vec::new();
    for chapter in &bank.chapters {
        let slug = chapter
            .slug
            .clone()
            .or_else(|| to_id(&chapter.title))
            .unwrap_or_else(|| "chapter".into());
        for draft in &chapter.questions {
            let id = draft_id(draft, &slug, &mut ids);
            let section = chapter.sections.get(draft.section);
            let mut tags = vec![format!("chapter::{slug}")];
            if let Some(section) = section {
                tags.extend(tag("section", section.id.as_deref(), &section.title));
            }
            if let Some(objective) = &draft.objective {
                tags.extend(tag("objective", objective.id.as_deref(), &objective.text));
            }
            let (notetype, front, back) = fields(draft);
            notes.push(Note {
                guid: format!("mlsys-{:016x}", stable_hash(&format!("{slug}/{id}"))),
                notetype,
                deck: format!(
                    "{}::{}",
                    plain(deck),
                    plain(&chapter.title).replace("::", ":")
                ),
                tags: tags.join(" "),
                front,
                back,
            });
        }
    }
    notes
}

/// `kind::name`, the name being the id when there is one, else made from the text.
fn tag(kind: &str, id: Option<&str>, text: &str) -> Option<String> {
    let name = id.and_then(to_id).or_else(|| to_id(text))?;
    Some(format!("{kind}::{name}"))
}

/// The whole import file.
pub fn write(bank: &Bank, deck: &str) -> String {
    let mut out = HEADER.to_string();
    for note in notes(bank, deck) {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            note.guid, note.notetype, note.deck, note.tags, note.front, note.back
        ));
    }
    out
}

/// Text for an HTML field: special characters escaped, new lines as `<br>`, no tabs.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\t', " ")
        .replace("\r\n", "\n")
        .replace('\n', "<br>")
}

/// Text for a column that is not HTML (the deck name).
fn plain(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fields(draft: &super::Draft) -> (&'static str, String, String) {
    let explanation = if draft.explanation.trim().is_empty() {
        String::new()
    } else {
        html(&draft.explanation)
    };
    if let QuestionKind::Gaps { gaps } = &draft.kind {
        let mut text = String::new();
        for (i, part) in draft.prompt.split(GAP).enumerate() {
            if i > 0 {
                let answer = gaps
                    .get(i - 1)
                    .and_then(|g| g.first())
                    .map_or("", String::as_str);
                text.push_str(&format!(
                    "{{{{c{i}::{}}}}}",
                    html(answer).replace("}}", "} }")
                ));
            }
            text.push_str(&html(part));
        }
        return ("Cloze", text, explanation);
    }
    let mut front = html(&draft.prompt);
    let options: Vec<&String> = match &draft.kind {
        QuestionKind::Single {
            answer,
            distractors,
            ..
        } => {
            let mut all: Vec<&String> = std::iter::once(answer).chain(distractors).collect();
            all.sort();
            all
        }
        QuestionKind::Multiple {
            answers,
            distractors,
            ..
        } => {
            let mut all: Vec<&String> = answers.iter().chain(distractors).collect();
            all.sort();
            all
        }
        QuestionKind::Order { items } => {
            let mut all: Vec<&String> = items.iter().collect();
            all.sort();
            all
        }
        _ => Vec::new(),
    };
    if !options.is_empty() {
        front.push_str("<ul>");
        for option in options {
            front.push_str(&format!("<li>{}</li>", html(option)));
        }
        front.push_str("</ul>");
    }
    let mut back = html(&stated_answer(draft));
    if !explanation.is_empty() {
        back.push_str(&format!("<br><br>{explanation}"));
    }
    ("Basic", front, back)
}
