//! The answer widget of one question, as state: which choice the cursor is on, what is
//! typed, how the items are ordered. Keys change it; `response` reads the answer out. The
//! answer step (`app::quiz::Answering`, for the quiz and the reader's in-text check)
//! decides what a submitted answer means; this module only knows how each type is answered.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use crate::content::answer::{OpenAnswer, Response};
use crate::content::quiz::{GAP, Question, QuestionKind};

/// The answer being built for the current question.
#[derive(Debug, Clone)]
pub enum Input {
    /// One choice (`picked` unused) or several (`picked` marks the chosen).
    Choice {
        options: Vec<String>,
        cursor: usize,
        picked: Vec<bool>,
        multiple: bool,
    },
    TrueFalse {
        cursor: usize,
    },
    /// Short answers and numbers.
    Text(Box<TextArea<'static>>),
    Gaps {
        fields: Vec<TextArea<'static>>,
        focus: usize,
    },
    Order {
        items: Vec<String>,
        cursor: usize,
    },
    /// An answer in one's own words: Enter submits even when nothing is typed, since
    /// the model answer comes next either way.
    Open(Box<TextArea<'static>>),
}

/// What a key did to the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyResult {
    /// The key changed the input (or was ignored).
    Handled,
    /// The student asked to submit, and there is something to submit.
    Submit,
    /// The key means nothing to the input; the session may use it.
    Unused,
}

fn text_field() -> TextArea<'static> {
    let mut area = TextArea::default();
    area.set_max_histories(50);
    area
}

impl Input {
    /// A fresh input for `question`, with `options` in the order they are shown.
    pub fn new(question: &Question, options: &[String]) -> Self {
        match &question.kind {
            QuestionKind::Single { .. } | QuestionKind::Multiple { .. } => Self::Choice {
                options: options.to_vec(),
                cursor: 0,
                picked: vec![false; options.len()],
                multiple: matches!(question.kind, QuestionKind::Multiple { .. }),
            },
            QuestionKind::TrueFalse { .. } => Self::TrueFalse { cursor: 0 },
            QuestionKind::Short { .. } | QuestionKind::Numeric { .. } => {
                Self::Text(Box::new(text_field()))
            }
            QuestionKind::Gaps { gaps } => Self::Gaps {
                fields: (0..gaps.len().max(question.prompt.matches(GAP).count()).max(1))
                    .map(|_| text_field())
                    .collect(),
                focus: 0,
            },
            QuestionKind::Order { .. } => Self::Order {
                items: options.to_vec(),
                cursor: 0,
            },
            QuestionKind::Open { .. } => Self::Open(Box::new(text_field())),
        }
    }

    /// Whether the student is typing (so letters are text, not commands).
    pub fn is_typing(&self) -> bool {
        matches!(self, Self::Text(_) | Self::Gaps { .. } | Self::Open(_))
    }

    /// Whether something typed would be lost by leaving.
    pub fn has_typed_text(&self) -> bool {
        match self {
            Self::Text(area) | Self::Open(area) => !area.is_empty(),
            Self::Gaps { fields, .. } => fields.iter().any(|f| !f.is_empty()),
            _ => false,
        }
    }

    /// The answer as it stands, or `None` when nothing is chosen or typed yet.
    pub fn response(&self, question: &Question) -> Option<Response> {
        match self {
            Self::Choice {
                options,
                cursor,
                picked,
                multiple,
            } => {
                if *multiple {
                    let chosen: Vec<String> = options
                        .iter()
                        .zip(picked)
                        .filter(|(_, p)| **p)
                        .map(|(o, _)| o.clone())
                        .collect();
                    (!chosen.is_empty()).then_some(Response::Multiple(chosen))
                } else {
                    options.get(*cursor).cloned().map(Response::Single)
                }
            }
            Self::TrueFalse { cursor } => Some(Response::TrueFalse(*cursor == 0)),
            Self::Text(area) => {
                let text = area.lines().join(" ");
                if text.trim().is_empty() {
                    return None;
                }
                Some(match question.kind {
                    QuestionKind::Numeric { .. } => Response::Numeric(text.trim().to_string()),
                    _ => Response::Short(text.trim().to_string()),
                })
            }
            Self::Gaps { fields, .. } => {
                let answers: Vec<String> = fields
                    .iter()
                    .map(|f| f.lines().join(" ").trim().to_string())
                    .collect();
                (!answers.iter().all(String::is_empty)).then_some(Response::Gaps(answers))
            }
            Self::Order { items, .. } => Some(Response::Order(items.clone())),
            Self::Open(area) => Some(Response::Open(OpenAnswer {
                text: area.lines().join(" ").trim().to_string(),
                grade: None,
            })),
        }
    }

    /// Applies a key.
    pub fn key(&mut self, key: KeyEvent) -> KeyResult {
        match self {
            Self::Choice {
                options,
                cursor,
                picked,
                multiple,
            } => choice_key(key, options.len(), cursor, picked, *multiple),
            Self::TrueFalse { cursor } => true_false_key(key, cursor),
            Self::Text(area) => text_key(key, area, true),
            Self::Gaps { fields, focus } => gaps_key(key, fields, focus),
            Self::Order { items, cursor } => order_key(key, items, cursor),
            Self::Open(_) if key.code == KeyCode::Enter => KeyResult::Submit,
            Self::Open(area) => text_key(key, area, false),
        }
    }
}

fn move_cursor(cursor: &mut usize, len: usize, down: bool) {
    if len == 0 {
        return;
    }
    *cursor = if down {
        (*cursor + 1).min(len - 1)
    } else {
        cursor.saturating_sub(1)
    };
}

fn digit(key: KeyEvent) -> Option<usize> {
    match key.code {
        KeyCode::Char(c @ '1'..='9') => Some(c as usize - '1' as usize),
        _ => None,
    }
}

fn choice_key(
    key: KeyEvent,
    len: usize,
    cursor: &mut usize,
    picked: &mut [bool],
    multiple: bool,
) -> KeyResult {
    if let Some(n) = digit(key) {
        if n < len {
            *cursor = n;
            if multiple {
                picked[n] = !picked[n];
            }
        }
        return KeyResult::Handled;
    }
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => move_cursor(cursor, len, false),
        KeyCode::Down | KeyCode::Char('j') => move_cursor(cursor, len, true),
        KeyCode::Char(' ') if multiple && *cursor < len => picked[*cursor] = !picked[*cursor],
        KeyCode::Enter if multiple && !picked.iter().any(|p| *p) => return KeyResult::Handled,
        KeyCode::Enter => return KeyResult::Submit,
        _ => return KeyResult::Unused,
    }
    KeyResult::Handled
}

fn true_false_key(key: KeyEvent, cursor: &mut usize) -> KeyResult {
    match key.code {
        KeyCode::Char('t' | 'T' | '1') => *cursor = 0,
        KeyCode::Char('f' | 'F' | '2') => *cursor = 1,
        KeyCode::Up | KeyCode::Left | KeyCode::Char('k') => *cursor = 0,
        KeyCode::Down | KeyCode::Right | KeyCode::Char('j') => *cursor = 1,
        KeyCode::Enter => return KeyResult::Submit,
        _ => return KeyResult::Unused,
    }
    KeyResult::Handled
}

/// Typing goes to the text area; Enter submits when something is typed.
fn text_key(key: KeyEvent, area: &mut TextArea<'static>, submit_on_enter: bool) -> KeyResult {
    match key.code {
        KeyCode::Enter if submit_on_enter => {
            if area.lines().join("").trim().is_empty() {
                KeyResult::Handled
            } else {
                KeyResult::Submit
            }
        }
        KeyCode::Enter | KeyCode::Esc | KeyCode::Tab | KeyCode::BackTab | KeyCode::F(_) => {
            KeyResult::Unused
        }
        KeyCode::Char(_) if key.modifiers.contains(KeyModifiers::ALT) => KeyResult::Unused,
        _ if super::keys::is_ctrl_c(&key) => KeyResult::Unused,
        _ => {
            area.input(key);
            KeyResult::Handled
        }
    }
}

fn gaps_key(key: KeyEvent, fields: &mut [TextArea<'static>], focus: &mut usize) -> KeyResult {
    let last = fields.len().saturating_sub(1);
    match key.code {
        KeyCode::Tab | KeyCode::Down => *focus = (*focus + 1).min(last),
        KeyCode::BackTab | KeyCode::Up => *focus = focus.saturating_sub(1),
        KeyCode::Enter if *focus < last => *focus += 1,
        KeyCode::Enter => {
            let any = fields.iter().any(|f| !f.lines().join("").trim().is_empty());
            return if any {
                KeyResult::Submit
            } else {
                KeyResult::Handled
            };
        }
        _ => match fields.get_mut(*focus) {
            Some(field) => return text_key(key, field, false),
            None => return KeyResult::Unused,
        },
    }
    KeyResult::Handled
}

fn order_key(key: KeyEvent, items: &mut [String], cursor: &mut usize) -> KeyResult {
    let len = items.len();
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    match key.code {
        KeyCode::Up if shift => move_item(items, cursor, false),
        KeyCode::Down if shift => move_item(items, cursor, true),
        KeyCode::Char('K') => move_item(items, cursor, false),
        KeyCode::Char('J') => move_item(items, cursor, true),
        KeyCode::Up | KeyCode::Char('k') => move_cursor(cursor, len, false),
        KeyCode::Down | KeyCode::Char('j') => move_cursor(cursor, len, true),
        KeyCode::Enter => return KeyResult::Submit,
        _ => {
            if let Some(n) = digit(key).filter(|n| *n < len) {
                *cursor = n;
                return KeyResult::Handled;
            }
            return KeyResult::Unused;
        }
    }
    KeyResult::Handled
}

/// Moves the item under the cursor up or down, and the cursor with it.
fn move_item(items: &mut [String], cursor: &mut usize, down: bool) {
    let len = items.len();
    if down && *cursor + 1 < len {
        items.swap(*cursor, *cursor + 1);
        *cursor += 1;
    } else if !down && *cursor > 0 {
        items.swap(*cursor, *cursor - 1);
        *cursor -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn question(kind: QuestionKind, prompt: &str) -> Question {
        Question::sample("q", prompt, kind)
    }

    #[test]
    fn single_choice_moves_and_picks_by_digit() {
        let q = question(
            QuestionKind::Single {
                answer: "a".into(),
                distractors: vec!["b".into(), "c".into()],
                shuffle: false,
            },
            "p",
        );
        let options: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let mut input = Input::new(&q, &options);
        assert_eq!(input.key(press(KeyCode::Char('j'))), KeyResult::Handled);
        assert_eq!(input.response(&q), Some(Response::Single("b".into())));
        input.key(press(KeyCode::Char('3')));
        assert_eq!(input.response(&q), Some(Response::Single("c".into())));
        input.key(press(KeyCode::Char('9')));
        assert_eq!(input.response(&q), Some(Response::Single("c".into())));
        assert_eq!(input.key(press(KeyCode::Enter)), KeyResult::Submit);
    }

    #[test]
    fn multiple_select_needs_one_pick_before_submitting() {
        let q = question(
            QuestionKind::Multiple {
                answers: vec!["a".into()],
                distractors: vec!["b".into()],
                shuffle: false,
            },
            "p",
        );
        let options: Vec<String> = ["a", "b"].map(String::from).to_vec();
        let mut input = Input::new(&q, &options);
        assert_eq!(input.key(press(KeyCode::Enter)), KeyResult::Handled);
        input.key(press(KeyCode::Char(' ')));
        input.key(press(KeyCode::Char('2')));
        assert_eq!(
            input.response(&q),
            Some(Response::Multiple(vec!["a".into(), "b".into()]))
        );
        assert_eq!(input.key(press(KeyCode::Enter)), KeyResult::Submit);
    }

    #[test]
    fn true_false_by_letter() {
        let q = question(QuestionKind::TrueFalse { answer: false }, "p");
        let mut input = Input::new(&q, &[]);
        input.key(press(KeyCode::Char('f')));
        assert_eq!(input.response(&q), Some(Response::TrueFalse(false)));
        input.key(press(KeyCode::Char('t')));
        assert_eq!(input.response(&q), Some(Response::TrueFalse(true)));
    }

    #[test]
    fn typed_answers_take_letters_and_submit_on_enter() {
        let q = question(
            QuestionKind::Short {
                answer: "drift".into(),
                alternatives: vec![],
            },
            "p",
        );
        let mut input = Input::new(&q, &[]);
        assert!(input.is_typing());
        assert_eq!(input.key(press(KeyCode::Enter)), KeyResult::Handled);
        for c in "hq j".chars() {
            assert_eq!(input.key(press(KeyCode::Char(c))), KeyResult::Handled);
        }
        assert!(input.has_typed_text());
        assert_eq!(input.response(&q), Some(Response::Short("hq j".into())));
        assert_eq!(input.key(press(KeyCode::Esc)), KeyResult::Unused);
        assert_eq!(input.key(press(KeyCode::Enter)), KeyResult::Submit);
    }

    #[test]
    fn open_answers_submit_on_enter_even_when_empty() {
        let q = question(
            QuestionKind::Open {
                answer: "model".into(),
            },
            "p",
        );
        let mut input = Input::new(&q, &[]);
        assert!(input.is_typing());
        assert_eq!(input.key(press(KeyCode::Enter)), KeyResult::Submit);
        assert_eq!(
            input.response(&q),
            Some(Response::Open(OpenAnswer {
                text: String::new(),
                grade: None
            }))
        );
        for c in "qh".chars() {
            assert_eq!(input.key(press(KeyCode::Char(c))), KeyResult::Handled);
        }
        assert!(input.has_typed_text());
        assert_eq!(input.key(press(KeyCode::Esc)), KeyResult::Unused);
    }

    #[test]
    fn gaps_move_focus_and_submit_from_the_last() {
        let q = question(
            QuestionKind::Gaps {
                gaps: vec![vec!["a".into()], vec!["b".into()]],
            },
            "x ___ y ___",
        );
        let mut input = Input::new(&q, &[]);
        input.key(press(KeyCode::Char('a')));
        assert_eq!(input.key(press(KeyCode::Enter)), KeyResult::Handled);
        input.key(press(KeyCode::Char('b')));
        assert_eq!(
            input.response(&q),
            Some(Response::Gaps(vec!["a".into(), "b".into()]))
        );
        assert_eq!(input.key(press(KeyCode::Enter)), KeyResult::Submit);
    }

    #[test]
    fn order_moves_items_with_shift_or_capitals() {
        let q = question(
            QuestionKind::Order {
                items: vec!["a".into(), "b".into(), "c".into()],
            },
            "p",
        );
        let shown: Vec<String> = ["c", "a", "b"].map(String::from).to_vec();
        let mut input = Input::new(&q, &shown);
        input.key(press(KeyCode::Char('J')));
        input.key(KeyEvent::new(KeyCode::Down, KeyModifiers::SHIFT));
        assert_eq!(
            input.response(&q),
            Some(Response::Order(vec!["a".into(), "b".into(), "c".into()]))
        );
        input.key(KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT));
        assert_eq!(
            input.response(&q),
            Some(Response::Order(vec!["a".into(), "c".into(), "b".into()]))
        );
    }
}
