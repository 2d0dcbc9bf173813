//! Reading the keys out of the ML Systems textbook's answer prose. Its quiz files state
//! answers as sentences ("The correct answer is B. ...", "False. ...", "critical. It names
//! ...", "The correct order is: (2) ..., (1) ..."), not as keys. Each function here either
//! finds a key it can trust or says it cannot (`None`), and the caller then asks the
//! question as a self-graded `open` one: a key read wrongly would mark right answers
//! wrong, which is worse than no key. Pure text in, text out; no JSON here.

use crate::content::quiz::{GAP, normalize};

/// A multiple choice answer: the index of the right choice and the explanation to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub index: usize,
    pub explanation: String,
}

/// Reads "The correct answer is B. ..." against `choices`. `Ok(None)` when the prose
/// names no letter; `Err(why)` when it names one that contradicts the choices (out of
/// range, or the prose quotes another choice's text), which is a fault in the source.
pub fn multiple_choice(choices: &[String], answer: &str) -> Result<Option<Choice>, String> {
    let Some((letter, rest)) = stated_letter(answer) else {
        return Ok(None);
    };
    let index = usize::from(letter as u8 - b'A');
    let Some(named) = choices.get(index) else {
        return Err(format!(
            "the answer names choice {letter} but there are only {} choices",
            choices.len()
        ));
    };
    let quoted = choices
        .iter()
        .enumerate()
        .filter(|(_, c)| starts_with_text(rest, c))
        .max_by_key(|(_, c)| c.len());
    if let Some((other, _)) = quoted.filter(|(i, _)| *i != index) {
        return Err(format!(
            "the answer names choice {letter} but quotes the text of choice {}",
            letter_of(other)
        ));
    }
    let named = named.trim().trim_end_matches('.');
    let restated = rest
        .get(..named.len())
        .is_some_and(|lead| lead.eq_ignore_ascii_case(named));
    let explanation = if restated {
        rest[named.len()..]
            .trim_start_matches(['.', ':', ';'])
            .trim()
    } else {
        rest
    };
    Ok(Some(Choice {
        index,
        explanation: explanation.to_string(),
    }))
}

/// The letter for the choice at `index` ('A' for 0).
pub fn letter_of(index: usize) -> char {
    u8::try_from(index)
        .ok()
        .filter(|i| *i < 26)
        .map_or('?', |i| char::from(b'A' + i))
}

/// Choices written with their own letters ("A) text", "B. text") lose them.
pub fn strip_choice_letters(choices: &[String]) -> Vec<String> {
    let lettered = choices.iter().enumerate().all(|(i, c)| {
        let mut chars = c.trim_start().chars();
        chars.next() == Some(letter_of(i))
            && matches!(chars.next(), Some('.' | ')' | ':'))
            && chars.next().is_some_and(char::is_whitespace)
    });
    choices
        .iter()
        .map(|c| {
            let c = c.trim();
            if lettered {
                c.get(2..).unwrap_or_default().trim().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The capital letter the prose names as the answer, and the text after it. The letter
/// must be followed by punctuation, so "The correct answer is A cache" is not read as A.
fn stated_letter(answer: &str) -> Option<(char, &str)> {
    let text = answer.trim().trim_start_matches("**");
    let lower = text.to_ascii_lowercase();
    let after = ["correct answer is", "answer is", "answer:"]
        .iter()
        .find_map(|lead| lower.find(lead).map(|at| at + lead.len()))
        .filter(|at| *at < 80)
        .unwrap_or(0);
    let rest = text.get(after..)?.trim_start();
    let rest = ["option ", "choice ", "Option ", "Choice "]
        .iter()
        .find_map(|word| rest.strip_prefix(word))
        .unwrap_or(rest);
    let rest = rest.strip_prefix('(').unwrap_or(rest);
    let mut chars = rest.chars();
    let letter = chars.next().filter(char::is_ascii_uppercase)?;
    let tail = chars.as_str().trim_start_matches("**");
    let mut tail_chars = tail.chars();
    match tail_chars.next() {
        None => Some((letter, "")),
        Some('.' | ')' | ':' | ',' | ';') => {
            let tail = tail_chars.as_str().trim_start_matches([')', '*']).trim();
            Some((letter, tail))
        }
        _ => None,
    }
}

/// Whether `text` begins with `prefix`, ignoring case, spacing and a final period.
fn starts_with_text(text: &str, prefix: &str) -> bool {
    let prefix = normalize(prefix.trim().trim_end_matches('.'));
    prefix.chars().count() >= 3 && normalize(text).starts_with(&prefix)
}

/// Reads "True. ..." or "False. ..."; `None` when the prose starts with neither.
pub fn true_false(answer: &str) -> Option<bool> {
    let text = answer.trim().trim_start_matches("**").to_ascii_lowercase();
    let (value, rest) = if let Some(rest) = text.strip_prefix("true") {
        (true, rest)
    } else {
        (false, text.strip_prefix("false")?)
    };
    let next = rest.trim_start_matches("**").chars().next();
    matches!(next, None | Some('.' | ',' | ':' | ';' | '!' | ' ' | '\n')).then_some(value)
}

/// A true/false prompt without the "True or False:" the source starts it with.
pub fn true_false_prompt(prompt: &str) -> String {
    let trimmed = prompt.trim();
    let stripped = trimmed
        .get(..14)
        .filter(|lead| lead.eq_ignore_ascii_case("true or false:"))
        .and_then(|_| trimmed.get(14..))
        .map(str::trim)
        .filter(|rest| !rest.is_empty());
    match stripped {
        Some(rest) => capitalised(rest),
        None => trimmed.to_string(),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A fill-in question with one blank, as a gap: the prompt with the blank as our gap
/// marker, the answer, and the rest of the prose as the explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fill {
    pub prompt: String,
    pub answer: String,
    pub explanation: String,
}

/// The longest answer (in words) trusted to be the blank's exact fill.
const MAX_FILL_WORDS: usize = 5;

/// Reads a `____` prompt and an answer that starts with the word(s) for the blank.
/// `None` with no blank or several, or when the answer's first sentence is too long to
/// be the fill itself.
pub fn fill(prompt: &str, answer: &str) -> Option<Fill> {
    let blanks = blank_runs(prompt);
    let [(start, end)] = blanks.as_slice() else {
        return None;
    };
    let text = answer.trim();
    let lower = text.to_ascii_lowercase();
    let text = ["the correct answer is ", "the answer is ", "answer: "]
        .iter()
        .find_map(|lead| lower.starts_with(lead).then(|| &text[lead.len()..]))
        .unwrap_or(text);
    let (first, rest) = match text.find(". ") {
        Some(at) => (&text[..at], &text[at + 2..]),
        None => (text.trim_end_matches('.'), ""),
    };
    let fill = first
        .trim()
        .trim_matches(|c| matches!(c, '*' | '`' | '"' | '\'' | '\u{201c}' | '\u{201d}'))
        .trim();
    let words = fill.split_whitespace().count();
    if words == 0 || words > MAX_FILL_WORDS || fill.contains(GAP) {
        return None;
    }
    Some(Fill {
        prompt: format!("{}{GAP}{}", &prompt[..*start], &prompt[*end..]),
        answer: fill.to_string(),
        explanation: rest.trim().to_string(),
    })
}

/// The byte ranges of runs of three or more underscores.
fn blank_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c == '_', start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if i - s >= 3 {
                    runs.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// An ordering question: its prompt without the numbered items, and the items in the
/// right order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub prompt: String,
    pub items: Vec<String>,
    pub explanation: String,
}

/// Reads items numbered "(1) ..., (2) ..." in the prompt and the order the answer states
/// with the same numbers. `None` unless the prompt numbers at least two items 1, 2, ...
/// in turn and the answer names every number once before naming any again, each
/// followed (when followed by words at all) by its own item's text.
pub fn order(prompt: &str, answer: &str) -> Option<Order> {
    let markers = numbered(prompt);
    let in_turn = markers.iter().enumerate().all(|(i, m)| m.number == i + 1);
    if markers.len() < 2 || !in_turn {
        return None;
    }
    let items: Vec<String> = markers
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let end = markers.get(i + 1).map_or(prompt.len(), |next| next.start);
            item_text(&prompt[m.end..end])
        })
        .collect();
    if items.iter().any(String::is_empty) {
        return None;
    }
    let mut order: Vec<usize> = Vec::new();
    for marker in numbered(answer) {
        if order.len() == items.len() {
            break;
        }
        let index = marker.number.checked_sub(1)?;
        let item = items.get(index)?;
        if order.contains(&index) {
            return None;
        }
        let follows = answer[marker.end..].trim_start();
        let has_words = follows.chars().next().is_some_and(char::is_alphanumeric);
        if has_words && !starts_with_text(follows, &short_prefix(item)) {
            return None;
        }
        order.push(index);
    }
    if order.len() != items.len() {
        return None;
    }
    let stem = prompt[..markers[0].start].trim();
    Some(Order {
        prompt: if stem.is_empty() {
            "Put these in order.".into()
        } else {
            stem.to_string()
        },
        items: order.iter().map(|i| items[*i].clone()).collect(),
        explanation: without_markers(answer),
    })
}

/// A `(n)` in a text: its number and byte range.
struct Marker {
    number: usize,
    start: usize,
    end: usize,
}

fn numbered(text: &str) -> Vec<Marker> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'(' {
            let digits = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let close = i + 1 + digits;
            if (1..=2).contains(&digits) && bytes.get(close) == Some(&b')') {
                let number = text[i + 1..close].parse().unwrap_or(0);
                out.push(Marker {
                    number,
                    start: i,
                    end: close + 1,
                });
                i = close + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// An item's text between two markers, without the list's joining words and stops.
fn item_text(raw: &str) -> String {
    let mut text = raw.trim();
    loop {
        let before = text;
        text = text.trim_end_matches([',', ';', '.', ':']).trim_end();
        for joiner in [" and", " then", " or"] {
            if text.len() > joiner.len() && text.ends_with(joiner) {
                text = text[..text.len() - joiner.len()].trim_end();
            }
        }
        if text == before {
            return text.to_string();
        }
    }
}

/// The first words of an item (up to about 24 characters), enough to recognise it.
fn short_prefix(item: &str) -> String {
    let mut out = String::new();
    for word in item.split_whitespace() {
        if out.len() >= 24 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The answer prose with its "(n)" numbers taken out: the items are shown unnumbered
/// and shuffled, so the numbers would point at nothing.
fn without_markers(text: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for marker in numbered(text) {
        out.push_str(&text[last..marker.start]);
        last = marker.end;
        if text[last..].starts_with(' ') && (out.is_empty() || out.ends_with(' ')) {
            last += 1;
        }
    }
    out.push_str(&text[last..]);
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_stated_letter_picks_its_choice_and_keeps_the_reason() {
        let c = choices(&["Disk", "Cache", "Tape"]);
        let read = multiple_choice(
            &c,
            "The correct answer is B. Cache. It sits close to the core.",
        );
        assert_eq!(
            read,
            Ok(Some(Choice {
                index: 1,
                explanation: "It sits close to the core.".into()
            }))
        );
        let bare = multiple_choice(&c, "C) because tape is sequential");
        assert_eq!(bare.map(|c| c.map(|c| c.index)), Ok(Some(2)));
    }

    #[test]
    fn a_letter_that_contradicts_the_choices_is_a_fault_not_a_key() {
        let c = choices(&["Disk", "Cache", "Tape"]);
        assert_eq!(
            multiple_choice(&c, "The correct answer is D. Nothing."),
            Err("the answer names choice D but there are only 3 choices".into())
        );
        assert_eq!(
            multiple_choice(&c, "The correct answer is A. Cache, because it is close."),
            Err("the answer names choice A but quotes the text of choice B".into())
        );
    }

    #[test]
    fn prose_without_a_punctuated_letter_gives_no_key() {
        let c = choices(&["a cache", "a disk"]);
        assert_eq!(
            multiple_choice(&c, "The correct answer is A cache."),
            Ok(None)
        );
        assert_eq!(multiple_choice(&c, "Caches are fast."), Ok(None));
    }

    #[test]
    fn lettered_choices_lose_their_letters_only_when_all_have_them() {
        assert_eq!(
            strip_choice_letters(&choices(&["A) one", "B) two"])),
            ["one", "two"]
        );
        assert_eq!(
            strip_choice_letters(&choices(&["A) one", "two"])),
            ["A) one", "two"]
        );
    }

    #[test]
    fn true_and_false_are_read_from_the_first_word_only() {
        assert_eq!(true_false("True. Because."), Some(true));
        assert_eq!(true_false("**False**, since"), Some(false));
        assert_eq!(true_false("Truly not"), None);
        assert_eq!(true_false("It depends."), None);
        assert_eq!(
            true_false_prompt("True or False: caches are slow."),
            "Caches are slow."
        );
        assert_eq!(true_false_prompt("Caches are slow."), "Caches are slow.");
    }

    #[test]
    fn a_fill_takes_the_words_before_the_first_sentence_end() {
        let read = fill(
            "A value kept near the core lives in the ____ hierarchy.",
            "memory. Registers and caches come first.",
        )
        .expect("a fill");
        assert_eq!(
            read.prompt,
            "A value kept near the core lives in the ___ hierarchy."
        );
        assert_eq!(read.answer, "memory");
        assert_eq!(read.explanation, "Registers and caches come first.");
        assert_eq!(
            fill("x ____ y", "3.5 GB. More.").map(|f| f.answer),
            Some("3.5 GB".into())
        );
    }

    #[test]
    fn a_fill_with_two_blanks_or_a_long_answer_is_not_graded() {
        assert_eq!(fill("a ____ and ____", "x. y"), None);
        assert_eq!(fill("no blank here", "x"), None);
        assert_eq!(
            fill(
                "a ____ b",
                "a long sentence that explains rather than fills the blank."
            ),
            None
        );
    }

    #[test]
    fn an_order_follows_the_numbers_the_answer_states() {
        let read = order(
            "Order these: (1) fetch, (2) decode, and (3) execute.",
            "The correct order is: (1) fetch, (3) execute, (2) decode. Later (1) again.",
        )
        .expect("an order");
        assert_eq!(read.prompt, "Order these:");
        assert_eq!(read.items, ["fetch", "execute", "decode"]);
        assert!(!read.explanation.contains("(1)"), "{}", read.explanation);
        let bare = order("Steps: (1) a b c, (2) d e f", "(2), (1).").expect("bare numbers");
        assert_eq!(bare.items, ["d e f", "a b c"]);
    }

    #[test]
    fn an_order_that_is_incomplete_or_contradicts_its_items_is_not_graded() {
        let prompt = "Order: (1) fetch, (2) decode, (3) execute.";
        assert_eq!(order(prompt, "(1) fetch, (2) decode."), None);
        assert_eq!(order(prompt, "(1) fetch, (1) fetch, (2), (3)"), None);
        assert_eq!(order(prompt, "(1) decode, (2) fetch, (3) execute"), None);
        assert_eq!(order("Order: (2) a, (1) b", "(1), (2)"), None);
        assert_eq!(order(prompt, "(1), (2), (4)"), None);
    }
}
