//! Moodle GIFT, read and written. Reading takes every question type GIFT has that we
//! can grade the same way (choices with `=`/`~` and `%n%` weights, true/false, short
//! answer, numerical with tolerance or range, missing word, essays with a model answer in
//! their general feedback) and lists the rest (matching, descriptions) as skipped.
//! Writing carries everything GIFT can; what it cannot (ordering, several gaps) is
//! skipped. Hints, units and the explanation of an `open` question, which GIFT has no
//! place for, travel as `// hint:`, `// unit:` and `// explanation:` comments that
//! Moodle ignores and this reader takes back, so ours -> GIFT -> ours keeps them.

use super::{Bank, ChapterDraft, Draft, Ids, Malformed, SectionDraft, Skipped, draft_id};
use crate::content::quiz::{GAP, QuestionKind};

/// Reads a GIFT file. `path` is used in messages; `stem` titles the chapter of the
/// questions that come before any `$CATEGORY`.
pub fn read(path: &str, stem: &str, text: &str) -> Result<Bank, Malformed> {
    let records = split(path, text)?;
    let mut bank = Bank::default();
    let mut chapter = new_chapter(stem, path);
    let mut pending = Comments::default();
    for record in records {
        match record {
            Piece::Category(name) => {
                if !chapter.questions.is_empty() {
                    bank.chapters.push(chapter);
                }
                chapter = new_chapter(&name, path);
            }
            Piece::Comment(comment) => pending.take(&comment),
            Piece::Question(record) => {
                let comments = std::mem::take(&mut pending);
                match question(path, &record, comments)? {
                    Ok(draft) => chapter.questions.push(draft),
                    Err(why) => bank.skipped.push(Skipped {
                        at: format!("{path}:{}", record.first_line()),
                        why,
                    }),
                }
            }
        }
    }
    if !chapter.questions.is_empty() {
        bank.chapters.push(chapter);
    }
    Ok(bank)
}

fn new_chapter(title: &str, path: &str) -> ChapterDraft {
    ChapterDraft {
        title: title.to_string(),
        source: path.to_string(),
        sections: vec![SectionDraft {
            id: None,
            title: title.to_string(),
            objectives: Vec::new(),
        }],
        ..ChapterDraft::default()
    }
}

/// Our extensions, read from `// key: value` comments before a question.
#[derive(Debug, Default)]
struct Comments {
    hint: Option<String>,
    unit: Option<String>,
    explanation: Option<String>,
}

impl Comments {
    fn take(&mut self, comment: &str) {
        let Some((key, value)) = comment.split_once(':') else {
            return;
        };
        let value = Some(unescape(value.trim()));
        match key.trim() {
            "hint" => self.hint = value,
            "unit" => self.unit = value,
            "explanation" => self.explanation = value,
            _ => {}
        }
    }
}

/// A question's text as lines of the file, joined with '\n'.
#[derive(Debug)]
struct Record {
    text: String,
    /// (line number, byte offset in `text` where that line starts).
    lines: Vec<(usize, usize)>,
}

impl Record {
    fn first_line(&self) -> usize {
        self.lines.first().map_or(1, |l| l.0)
    }

    /// `path:line:col` of byte `offset` of the record's text.
    fn at(&self, path: &str, offset: usize) -> String {
        let i = self.lines.partition_point(|l| l.1 <= offset).max(1) - 1;
        let (line, start) = self.lines.get(i).copied().unwrap_or((1, 0));
        let col = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        format!("{path}:{line}:{col}")
    }
}

#[derive(Debug)]
enum Piece {
    Category(String),
    Comment(String),
    Question(Record),
}

/// Cuts the file into questions (separated by blank lines), categories and comments,
/// checking that every `{` is closed.
fn split(path: &str, text: &str) -> Result<Vec<Piece>, Malformed> {
    let mut pieces = Vec::new();
    let mut record = Record {
        text: String::new(),
        lines: Vec::new(),
    };
    let mut open_at: Option<(usize, usize)> = None;
    let flush = |record: &mut Record, pieces: &mut Vec<Piece>| {
        if !record.text.trim().is_empty() {
            pieces.push(Piece::Question(std::mem::replace(
                record,
                Record {
                    text: String::new(),
                    lines: Vec::new(),
                },
            )));
        } else {
            record.text.clear();
            record.lines.clear();
        }
    };
    for (n, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let number = n + 1;
        let trimmed = line.trim();
        if let Some(comment) = trimmed.strip_prefix("//") {
            pieces.push(Piece::Comment(comment.trim().to_string()));
            continue;
        }
        if open_at.is_none() {
            if trimmed.is_empty() {
                flush(&mut record, &mut pieces);
                continue;
            }
            if let Some(category) = trimmed.strip_prefix("$CATEGORY:") {
                flush(&mut record, &mut pieces);
                pieces.push(Piece::Category(category_title(category)));
                continue;
            }
        }
        if !record.text.is_empty() {
            record.text.push('\n');
        }
        record.lines.push((number, record.text.len()));
        record.text.push_str(line);
        open_at = track_braces(path, number, line, open_at)?;
    }
    if let Some((line, col)) = open_at {
        return Err(Malformed::new(
            format!("{path}:{line}:{col}"),
            "'{' is never closed: an answer block ends with '}'",
        ));
    }
    flush(&mut record, &mut pieces);
    Ok(pieces)
}

/// Follows `{` and `}` (not escaped) along a line; returns where the open block began.
fn track_braces(
    path: &str,
    number: usize,
    line: &str,
    mut open_at: Option<(usize, usize)>,
) -> Result<Option<(usize, usize)>, Malformed> {
    let mut escaped = false;
    for (col, c) in line.chars().enumerate() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' if open_at.is_some() => {
                return Err(Malformed::new(
                    format!("{path}:{number}:{}", col + 1),
                    "'{' inside an answer block: write '\\{' for a literal brace",
                ));
            }
            '{' => open_at = Some((number, col + 1)),
            '}' if open_at.is_none() => {
                return Err(Malformed::new(
                    format!("{path}:{number}:{}", col + 1),
                    "'}' closes no '{': write '\\}' for a literal brace",
                ));
            }
            '}' => open_at = None,
            _ => {}
        }
    }
    Ok(open_at)
}

/// "$course$/Networks/Routing" -> "Routing".
fn category_title(category: &str) -> String {
    let last = category
        .trim()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .trim();
    if last.is_empty() || last == "$course$" || last == "top" {
        "Imported".to_string()
    } else {
        last.to_string()
    }
}

/// Byte offsets of the characters of `text` that are not escaped by a backslash.
fn unescaped(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut escaped = false;
    text.char_indices().filter(move |(_, c)| {
        if escaped {
            escaped = false;
            return false;
        }
        if *c == '\\' {
            escaped = true;
            return false;
        }
        true
    })
}

fn find_unescaped(text: &str, wanted: &str) -> Option<usize> {
    unescaped(text)
        .map(|(i, _)| i)
        .find(|i| text[*i..].starts_with(wanted))
}

/// Resolves GIFT escapes: `\~ \= \# \{ \} \:` stand for the character, `\n` for a new line.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some(next @ ('~' | '=' | '#' | '{' | '}' | ':' | '\\')) => out.push(next),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// One question: a draft, a reason it is skipped, or malformed input.
fn question(
    path: &str,
    record: &Record,
    comments: Comments,
) -> Result<Result<Draft, String>, Malformed> {
    let text = record.text.as_str();
    let lead = text.len() - text.trim_start().len();
    let (id, body_at) = match text[lead..].strip_prefix("::") {
        Some(rest) => match find_unescaped(rest, "::") {
            Some(end) => (Some(unescape(rest[..end].trim())), lead + 2 + end + 2),
            None => {
                return Err(Malformed::new(
                    record.at(path, lead),
                    "the title's '::' is never closed",
                ));
            }
        },
        None => (None, lead),
    };
    let Some(open) = find_unescaped(&text[body_at..], "{").map(|i| body_at + i) else {
        return Ok(Err(
            "a description (text without an answer block), not a question".into(),
        ));
    };
    let close = find_unescaped(&text[open..], "}").map_or(text.len(), |i| open + i);
    let after = &text[close + 1..];
    if find_unescaped(after, "{").is_some() {
        return Ok(Err(
            "more than one answer block in a question (embedded answers)".into(),
        ));
    }
    let before = strip_format(text[body_at..open].trim());
    let gap = !after.trim().is_empty();
    let prompt = if gap {
        let after = unescape(after.trim());
        let glue = if after.starts_with(|c: char| c.is_ascii_punctuation()) {
            ""
        } else {
            " "
        };
        format!("{} {GAP}{glue}{after}", unescape(before.trim_end()))
            .trim()
            .to_string()
    } else {
        unescape(before.trim())
    };
    let block = Block {
        text: &text[open + 1..close],
        at: open + 1,
        record,
        path,
    };
    let (kind, explanation) = match answer_block(&block, gap, &comments)? {
        Ok(found) => found,
        Err(why) => return Ok(Err(why)),
    };
    Ok(Ok(Draft {
        id,
        prompt,
        kind,
        hint: comments.hint.unwrap_or_default(),
        explanation: comments.explanation.unwrap_or(explanation),
        section: 0,
        objective: None,
    }))
}

/// Drops a leading `[markdown]`, `[html]`, `[plain]` or `[moodle]` format marker.
fn strip_format(text: &str) -> &str {
    for marker in ["[markdown]", "[html]", "[plain]", "[moodle]"] {
        if let Some(rest) = text.strip_prefix(marker) {
            return rest;
        }
    }
    text
}

/// The text between `{` and `}`, with where it is for messages.
struct Block<'a> {
    text: &'a str,
    /// Byte offset of `text` in the record.
    at: usize,
    record: &'a Record,
    path: &'a str,
}

impl Block<'_> {
    fn malformed(&self, offset: usize, message: String) -> Malformed {
        Malformed::new(self.record.at(self.path, self.at + offset), message)
    }
}

type Found = Result<(QuestionKind, String), String>;

fn answer_block(block: &Block<'_>, gap: bool, comments: &Comments) -> Result<Found, Malformed> {
    let (answers, general) = match find_unescaped(block.text, "####") {
        Some(i) => (&block.text[..i], unescape(block.text[i + 4..].trim())),
        None => (block.text, String::new()),
    };
    let trimmed = answers.trim();
    let lead = answers.len() - answers.trim_start().len();
    if trimmed.is_empty() {
        if general.is_empty() {
            return Ok(Err(
                "an essay question with no model answer (give one as '####' general feedback)"
                    .into(),
            ));
        }
        return Ok(Ok((QuestionKind::Open { answer: general }, String::new())));
    }
    if let Some(numbers) = trimmed.strip_prefix('#') {
        return numeric(block, lead + 1, numbers, general, comments);
    }
    let (head, feedback) = split_feedback(trimmed);
    if let Some(answer) = true_false(head.trim()) {
        // The first feedback is shown for a wrong answer, the second for a right one.
        let mut parts = feedback.map(|f| f.splitn(2, '#').map(str::to_string).collect::<Vec<_>>());
        let right = parts
            .as_mut()
            .and_then(|p| p.get(1).cloned())
            .unwrap_or_default();
        let wrong = parts.and_then(|p| p.first().cloned()).unwrap_or_default();
        let explanation = first_nonempty([general, unescape(right.trim()), unescape(wrong.trim())]);
        return Ok(Ok((QuestionKind::TrueFalse { answer }, explanation)));
    }
    let options = options(block, lead, trimmed)?;
    if options.iter().any(|o| o.text.contains("->")) {
        return Ok(Err(
            "a matching question: there is no matching type to convert it to".into(),
        ));
    }
    Ok(choices_or_short(options, general, gap))
}

fn first_nonempty<const N: usize>(texts: [String; N]) -> String {
    texts
        .into_iter()
        .find(|t| !t.trim().is_empty())
        .unwrap_or_default()
}

fn true_false(word: &str) -> Option<bool> {
    match word.to_ascii_uppercase().as_str() {
        "T" | "TRUE" => Some(true),
        "F" | "FALSE" => Some(false),
        _ => None,
    }
}

/// "answer#feedback" -> ("answer", Some("feedback")), at the first unescaped '#'.
fn split_feedback(text: &str) -> (&str, Option<&str>) {
    match find_unescaped(text, "#") {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    }
}

/// One `=` or `~` answer of a choice or short-answer block.
#[derive(Debug)]
struct Choice {
    right: bool,
    weight: Option<f64>,
    text: String,
    feedback: String,
}

impl Choice {
    /// Counts as a right answer: `=`, or a positive weight.
    fn counts(&self) -> bool {
        self.weight.map_or(self.right, |w| w > 0.0)
    }
}

fn options(block: &Block<'_>, lead: usize, trimmed: &str) -> Result<Vec<Choice>, Malformed> {
    let starts: Vec<usize> = unescaped(trimmed)
        .filter(|(_, c)| matches!(c, '=' | '~'))
        .map(|(i, _)| i)
        .collect();
    if starts.first() != Some(&0) {
        let word = trimmed.split_whitespace().next().unwrap_or(trimmed);
        return Err(block.malformed(
            lead,
            format!("answer '{word}' has no '=' (right) or '~' (wrong) in front of it"),
        ));
    }
    let mut options = Vec::new();
    for (n, start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(trimmed.len());
        let raw = &trimmed[*start + 1..end];
        let (weight, rest) = weight(block, lead + start + 1, raw)?;
        let (text, feedback) = split_feedback(rest);
        options.push(Choice {
            right: trimmed[*start..].starts_with('='),
            weight,
            text: unescape(text.trim()),
            feedback: feedback.map(|f| unescape(f.trim())).unwrap_or_default(),
        });
    }
    Ok(options)
}

/// Reads a leading `%n%` weight.
fn weight<'t>(
    block: &Block<'_>,
    at: usize,
    raw: &'t str,
) -> Result<(Option<f64>, &'t str), Malformed> {
    let Some(rest) = raw.strip_prefix('%') else {
        return Ok((None, raw));
    };
    let Some(end) = rest.find('%') else {
        return Err(block.malformed(at, "a weight '%' is never closed (write '%50%')".into()));
    };
    match rest[..end].trim().parse::<f64>() {
        Ok(w) if w.is_finite() => Ok((Some(w), &rest[end + 1..])),
        _ => Err(block.malformed(at, format!("weight '%{}%' is not a number", &rest[..end]))),
    }
}

fn choices_or_short(options: Vec<Choice>, general: String, gap: bool) -> Found {
    let has_wrong = options.iter().any(|o| !o.counts());
    let weighted = options.iter().any(|o| !o.right);
    let (right, wrong): (Vec<Choice>, Vec<Choice>) = options.into_iter().partition(Choice::counts);
    if right.is_empty() {
        return Err("no answer is marked right ('=' or a positive '%n%' weight)".into());
    }
    let feedback = match right.as_slice() {
        [one] => one.feedback.clone(),
        several => several
            .iter()
            .filter(|o| !o.feedback.is_empty())
            .map(|o| format!("{}: {}", o.text, o.feedback))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let explanation = first_nonempty([general, feedback]);
    let texts: Vec<String> = right.into_iter().map(|o| o.text).collect();
    let kind = if !has_wrong && !weighted {
        // Only `=` answers: a typed answer, every one accepted.
        let mut texts = texts;
        if gap {
            QuestionKind::Gaps { gaps: vec![texts] }
        } else {
            let answer = texts.remove(0);
            QuestionKind::Short {
                answer,
                alternatives: texts,
            }
        }
    } else if wrong.is_empty() {
        return Err("every choice is right: nothing to choose between".into());
    } else {
        let distractors = wrong.into_iter().map(|o| o.text).collect();
        match <[String; 1]>::try_from(texts) {
            Ok([answer]) => QuestionKind::Single {
                answer,
                distractors,
                shuffle: true,
            },
            Err(answers) => QuestionKind::Multiple {
                answers,
                distractors,
                shuffle: true,
            },
        }
    };
    Ok((kind, explanation))
}

fn numeric(
    block: &Block<'_>,
    at: usize,
    numbers: &str,
    general: String,
    comments: &Comments,
) -> Result<Found, Malformed> {
    // `#=1822:0 =%50%1822:2`: the first fully right answer.
    let first = if numbers.trim_start().starts_with('=') {
        let options = options(block, at, numbers.trim())?;
        match options
            .into_iter()
            .find(|o| o.weight.is_none_or(|w| w >= 100.0))
        {
            Some(o) => (o.text, o.feedback),
            None => return Ok(Err("no numerical answer is fully right".into())),
        }
    } else {
        let (value, feedback) = split_feedback(numbers);
        (
            value.trim().to_string(),
            feedback.map(|f| unescape(f.trim())).unwrap_or_default(),
        )
    };
    let (value, feedback) = first;
    let (answer, tolerance) = number_and_tolerance(&value).ok_or_else(|| {
        block.malformed(
            at,
            format!("'{value}' is not a number (write '#5', '#5:0.5' or '#4.5..5.5')"),
        )
    })?;
    Ok(Ok((
        QuestionKind::Numeric {
            answer,
            tolerance,
            unit: comments.unit.clone(),
        },
        first_nonempty([general, feedback]),
    )))
}

/// `5`, `5:0.5` (answer and tolerance) or `4.5..5.5` (a range).
fn number_and_tolerance(text: &str) -> Option<(f64, f64)> {
    let num = |s: &str| s.trim().parse::<f64>().ok().filter(|n| n.is_finite());
    if let Some((low, high)) = text.split_once("..") {
        let (low, high) = (num(low)?, num(high)?);
        let (low, high) = (low.min(high), low.max(high));
        // Rounded so that 2.99..3.01 reads back as 3 ± 0.01.
        let tidy = |x: f64| (x * 1e9).round() / 1e9;
        return Some((tidy((low + high) / 2.0), tidy((high - low) / 2.0)));
    }
    if let Some((answer, tolerance)) = text.split_once(':') {
        return Some((num(answer)?, num(tolerance)?.abs()));
    }
    Some((num(text)?, 0.0))
}

/// Writes the bank as GIFT, one `$CATEGORY` per chapter. Returns the text and what GIFT
/// cannot carry.
pub fn write(bank: &Bank) -> (String, Vec<Skipped>) {
    let mut out = String::new();
    let mut skipped = Vec::new();
    let mut ids = Ids::default();
    for chapter in &bank.chapters {
        out.push_str(&format!("$CATEGORY: {}\n\n", one_line(&chapter.title)));
        for draft in &chapter.questions {
            let id = draft_id(draft, &chapter.title, &mut ids);
            match question_text(&id, draft) {
                Ok(text) => {
                    out.push_str(&text);
                    out.push_str("\n\n");
                }
                Err(why) => skipped.push(Skipped {
                    at: format!("{} question '{id}'", chapter.source),
                    why,
                }),
            }
        }
    }
    (out, skipped)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes GIFT's special characters and new lines.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

fn comment(key: &str, value: &str) -> String {
    format!("// {key}: {}\n", escape(value))
}

fn question_text(id: &str, draft: &Draft) -> Result<String, String> {
    let mut out = String::new();
    if !draft.hint.is_empty() {
        out.push_str(&comment("hint", &draft.hint));
    }
    let mut general = draft.explanation.clone();
    let block = match &draft.kind {
        QuestionKind::Single {
            answer,
            distractors,
            ..
        } => {
            let wrong: String = distractors
                .iter()
                .map(|d| format!(" ~{}", escape(d)))
                .collect();
            format!("={}{wrong}", escape(answer))
        }
        QuestionKind::Multiple {
            answers,
            distractors,
            ..
        } => {
            let share = weight_text(100.0 / answers.len() as f64);
            let right: String = answers
                .iter()
                .map(|a| format!(" ~%{share}%{}", escape(a)))
                .collect();
            let wrong: String = distractors
                .iter()
                .map(|d| format!(" ~%-100%{}", escape(d)))
                .collect();
            format!("{}{wrong}", right.trim_start())
        }
        QuestionKind::TrueFalse { answer } => if *answer { "TRUE" } else { "FALSE" }.to_string(),
        QuestionKind::Short {
            answer,
            alternatives,
        } => std::iter::once(answer)
            .chain(alternatives)
            .map(|a| format!("={}", escape(a)))
            .collect::<Vec<_>>()
            .join(" "),
        QuestionKind::Gaps { gaps } => match gaps.as_slice() {
            [accepted] => accepted
                .iter()
                .map(|a| format!("={}", escape(a)))
                .collect::<Vec<_>>()
                .join(" "),
            _ => {
                return Err(format!(
                    "GIFT has one gap per question; this one has {}",
                    gaps.len()
                ));
            }
        },
        QuestionKind::Order { .. } => {
            return Err("GIFT has no ordering questions".into());
        }
        QuestionKind::Numeric {
            answer,
            tolerance,
            unit,
        } => {
            if let Some(unit) = unit {
                out.push_str(&comment("unit", unit));
            }
            format!("#{answer}:{tolerance}")
        }
        QuestionKind::Open { answer } => {
            if !draft.explanation.is_empty() {
                out.push_str(&comment("explanation", &draft.explanation));
            }
            general = answer.clone();
            String::new()
        }
    };
    let feedback = if general.is_empty() {
        String::new()
    } else {
        format!(" ####{}", escape(&general))
    };
    let block = format!("{{{block}{feedback}}}");
    out.push_str(&format!("::{id}::[markdown]"));
    match &draft.kind {
        QuestionKind::Gaps { .. } => {
            let (before, after) = draft.prompt.split_once(GAP).unwrap_or((&draft.prompt, ""));
            out.push_str(&format!(
                "{} {block} {}",
                escape(before.trim_end()),
                escape(after.trim_start())
            ));
        }
        _ => out.push_str(&format!("{} {block}", escape(&draft.prompt))),
    }
    Ok(out.trim_end().to_string())
}

/// A weight as Moodle writes it: up to five decimals, no trailing zeros.
fn weight_text(weight: f64) -> String {
    let text = format!("{weight:.5}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
#[path = "gift_tests.rs"]
mod tests;
