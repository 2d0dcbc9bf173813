//! The answer step as drawn, shared by the quiz and the reader's in-text check (both answer
//! through `app::quiz::Answering`): the prompt, the answer widget per question type with
//! its typed fields, the unreadable-number note and the hint, the answering keys, and the
//! verdict with the right answer and the explanation.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::{wrapped, wrapped_plain};
use crate::app::input::Input;
use crate::app::quiz::{Answering, Outcome};
use crate::content::Inline;
use crate::content::answer::{Response, correct_answer, gap_marks};
use crate::content::markdown::parse_inline;
use crate::content::quiz::{GAP, Question, QuestionKind};
use crate::render::{self, Role};

/// What stands before a typed answer's field.
const TEXT_LABEL: &str = "  ▸ ";

fn gap_label(i: usize) -> String {
    format!(" [{}] ", i + 1)
}

fn label_width(label: &str) -> u16 {
    u16::try_from(render::wrap::width_of(label)).unwrap_or(0)
}

/// The question's prompt, its gaps numbered as their fields are.
pub fn prompt_lines(question: &Question, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let prompt = match &question.kind {
        QuestionKind::Gaps { .. } => numbered_gaps(&question.prompt),
        _ => question.prompt.clone(),
    };
    wrapped(&parse_inline(&prompt), Role::Body, width, t)
}

/// The answer being given: its widget, then a note when the typed number could not be
/// read, then the hint when it was asked for.
pub fn answering_lines(
    answering: &Answering,
    question: &Question,
    width: u16,
    t: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = input_lines(&answering.input, width, t);
    if answering.unreadable_number {
        lines.push(Line::default());
        lines.extend(wrapped(
            &[Inline::Text(
                "Couldn't read a number: type e.g. 5 (a unit after it is fine). This try does not count."
                    .into(),
                Default::default(),
            )],
            Role::Hint,
            width,
            t,
        ));
    }
    if answering.hint_shown {
        lines.push(Line::default());
        let mut hint = vec![Inline::Text(
            "Hint: ".into(),
            crate::content::Emphasis {
                strong: true,
                ..Default::default()
            },
        )];
        hint.extend(parse_inline(&question.hint));
        lines.extend(wrapped(&hint, Role::Hint, width, t));
    }
    lines
}

/// The keys while answering with `input`; `leave` says what Esc (and `q` when not typing)
/// does: quit the quiz, close the check.
pub fn answering_keys(input: &Input, leave: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut keys = match input {
        Input::Choice { multiple: true, .. } => vec![
            ("Space/1-9", "toggle"),
            ("↑↓", "move"),
            ("Enter", "submit"),
            ("h", "hint"),
        ],
        Input::Choice { .. } => vec![
            ("1-9", "pick"),
            ("↑↓", "move"),
            ("Enter", "submit"),
            ("h", "hint"),
        ],
        Input::TrueFalse { .. } => vec![("t/f", "pick"), ("Enter", "submit"), ("h", "hint")],
        Input::Order { .. } => vec![
            ("↑↓", "select"),
            ("Shift+↑↓/K/J", "move item"),
            ("Enter", "submit"),
            ("h", "hint"),
        ],
        Input::Open(_) => vec![
            ("type", "answer (or not)"),
            ("Enter", "see the model answer"),
            ("F1/Alt+h", "hint"),
        ],
        Input::Gaps { .. } => vec![
            ("type", "answer"),
            ("Tab", "next gap"),
            ("Enter", "submit"),
            ("F1", "hint"),
        ],
        Input::Text(_) => vec![
            ("type", "answer"),
            ("Enter", "submit"),
            ("F1/Alt+h", "hint"),
        ],
    };
    keys.push((if input.is_typing() { "Esc" } else { "q" }, leave));
    keys
}

/// Places the text areas of typed answers where `input_lines` left room for them: the
/// answer's lines start `above` rows into `inner`, scrolled up by `scroll`.
pub fn draw_text_fields(
    frame: &mut Frame<'_>,
    input: &Input,
    inner: Rect,
    (above, scroll): (u16, u16),
    theme: &Theme,
) {
    let fields: Vec<(&ratatui_textarea::TextArea<'static>, bool)> = match input {
        Input::Text(area) | Input::Open(area) => vec![(area.as_ref(), true)],
        Input::Gaps { fields, focus } => fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f, i == *focus))
            .collect(),
        _ => return,
    };
    for (i, (area, focused)) in fields.into_iter().enumerate() {
        let row = above.saturating_add(u16::try_from(i).unwrap_or(0));
        let Some(y) = row.checked_sub(scroll).filter(|y| *y < inner.height) else {
            continue;
        };
        let label = if matches!(input, Input::Text(_) | Input::Open(_)) {
            label_width(TEXT_LABEL)
        } else {
            label_width(&gap_label(i))
        };
        let rect = Rect::new(
            inner.x + label,
            inner.y + y,
            inner.width.saturating_sub(label),
            1,
        );
        let mut area = area.clone();
        let style = if focused {
            theme.selected()
        } else {
            theme.text()
        };
        area.set_style(style);
        area.set_cursor_line_style(Style::default());
        if !focused {
            area.set_cursor_style(Style::default());
        }
        frame.render_widget(&area, rect);
    }
}

/// The verdict on `outcome`: right or not (for an `open` answer, the comparison asked or
/// the student's own grade), the answer given, the right one where it was missed (the
/// model answer for an `open` one, gap by gap for gaps), and the explanation.
pub fn verdict_lines(
    question: &Question,
    outcome: &Outcome,
    width: u16,
    t: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let QuestionKind::Open { .. } = question.kind {
        lines.push(match outcome.response.self_grade() {
            None => Line::from(Span::styled(
                "Compare your answer with the model answer.",
                t.title(),
            )),
            Some(grade) => Line::from(Span::styled(
                format!("Self-graded: {}.", grade.as_str()),
                if outcome.correct { t.good() } else { t.bad() },
            )),
        });
    } else {
        lines.push(if outcome.correct {
            Line::from(Span::styled("✔ Right.", t.good()))
        } else {
            Line::from(Span::styled("✘ Not quite.", t.bad()))
        });
    }
    lines.extend(labelled(
        "Your answer: ",
        &outcome.response.describe(),
        width,
        t,
    ));
    if matches!(question.kind, QuestionKind::Open { .. }) {
        lines.extend(labelled(
            "Model answer: ",
            &correct_answer(question),
            width,
            t,
        ));
    } else if !outcome.correct {
        lines.extend(labelled(
            "The answer:  ",
            &correct_answer(question),
            width,
            t,
        ));
        lines.extend(gap_verdicts(question, &outcome.response, width, t));
    }
    lines.push(Line::default());
    lines.extend(wrapped(
        &parse_inline(&question.explanation),
        Role::Body,
        width,
        t,
    ));
    lines
}

/// For a gaps question answered wrong: which gap was right and which was not.
fn gap_verdicts(
    question: &Question,
    response: &Response,
    width: u16,
    t: &Theme,
) -> Vec<Line<'static>> {
    let (QuestionKind::Gaps { gaps }, Response::Gaps(given)) = (&question.kind, response) else {
        return Vec::new();
    };
    let marks = gap_marks(gaps, given);
    marks
        .iter()
        .enumerate()
        .flat_map(|(i, right)| {
            let typed = given.get(i).map_or("", String::as_str);
            let verdict = if *right {
                format!("{typed} ✔")
            } else {
                let expected = gaps[i].first().map_or("", String::as_str);
                format!("{typed} ✘ (expected {expected})")
            };
            labelled(
                &format!("{:<13}", format!("Gap {}:", i + 1)),
                &verdict,
                width,
                t,
            )
        })
        .collect()
}

pub fn labelled(label: &str, value: &str, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let indent = render::wrap::width_of(label);
    let body = wrapped_plain(
        value,
        Style::default(),
        width
            .saturating_sub(u16::try_from(indent).unwrap_or(0))
            .max(1),
    );
    body.into_iter()
        .enumerate()
        .map(|(i, mut line)| {
            let lead = if i == 0 {
                Span::styled(label.to_string(), t.dim())
            } else {
                Span::raw(" ".repeat(indent))
            };
            line.spans.insert(0, lead);
            line
        })
        .collect()
}

pub fn kind_label(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Single { .. } => "choose one",
        QuestionKind::Multiple { .. } => "choose all that apply",
        QuestionKind::TrueFalse { .. } => "true or false",
        QuestionKind::Short { .. } => "type the answer",
        QuestionKind::Gaps { .. } => "fill in the gaps",
        QuestionKind::Order { .. } => "put in order",
        QuestionKind::Numeric { .. } => "type a number",
        QuestionKind::Open { .. } => "in your own words, self-graded",
    }
}

/// "A ___ and a ___" → "A [1] and a [2]".
fn numbered_gaps(prompt: &str) -> String {
    let mut out = String::new();
    for (i, part) in prompt.split(GAP).enumerate() {
        if i > 0 {
            out.push_str(&format!("[{i}]"));
        }
        out.push_str(part);
    }
    out
}

/// The answer widget as lines (typed fields leave a labelled row for the text area).
fn input_lines(input: &Input, width: u16, t: &Theme) -> Vec<Line<'static>> {
    match input {
        Input::Choice {
            options,
            cursor,
            picked,
            multiple,
        } => options
            .iter()
            .enumerate()
            .flat_map(|(i, option)| {
                let mark = match (*multiple, picked.get(i).copied().unwrap_or(false)) {
                    (true, true) => "[x] ",
                    (true, false) => "[ ] ",
                    (false, _) => "",
                };
                option_lines(
                    &format!("{}. {mark}", i + 1),
                    option,
                    i == *cursor,
                    width,
                    t,
                )
            })
            .collect(),
        Input::TrueFalse { cursor } => ["True", "False"]
            .iter()
            .enumerate()
            .flat_map(|(i, label)| {
                option_lines(&format!("{}. ", i + 1), label, i == *cursor, width, t)
            })
            .collect(),
        Input::Order { items, cursor } => items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| {
                option_lines(&format!("{}. ", i + 1), item, i == *cursor, width, t)
            })
            .collect(),
        Input::Text(_) | Input::Open(_) => vec![Line::from(Span::styled(TEXT_LABEL, t.key()))],
        Input::Gaps { fields, .. } => (0..fields.len())
            .map(|i| Line::from(Span::styled(gap_label(i), t.key())))
            .collect(),
    }
}

fn option_lines(
    marker: &str,
    text: &str,
    selected: bool,
    width: u16,
    t: &Theme,
) -> Vec<Line<'static>> {
    let pointer = if selected { "▸ " } else { "  " };
    let lead = format!("{pointer}{marker}");
    let indent = render::wrap::width_of(&lead);
    let style = if selected { t.selected() } else { t.text() };
    let room = width
        .saturating_sub(u16::try_from(indent).unwrap_or(0))
        .max(1);
    let mut lines = wrapped(&parse_inline(text), Role::Body, room, t);
    for (i, line) in lines.iter_mut().enumerate() {
        for span in &mut line.spans {
            span.style = span.style.patch(style);
        }
        let lead_span = if i == 0 {
            Span::styled(lead.clone(), style)
        } else {
            Span::raw(" ".repeat(indent))
        };
        line.spans.insert(0, lead_span);
    }
    lines
}
