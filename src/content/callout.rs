//! Blockquotes that are really callouts. GFM alerts arrive already typed; the course's own
//! kinds (`[!INSIGHT]`, `[!EXAMPLE]`, `[!CHECK] id` ...) are plain blockquotes whose first
//! line carries the marker, which this module reads, along with a check's `Hint:` paragraph.

use pulldown_cmark::BlockQuoteKind;

use super::model::{Block, CalloutKind, Inline, Pos};
use super::source::Reporter;

const MARKERS: &str =
    "NOTE, TIP, IMPORTANT, WARNING, CAUTION, INSIGHT, ANALOGY, EXAMPLE, CHECK or TAKEAWAYS";

/// Turns a finished blockquote into a callout, a check, or a plain quote.
pub fn finish_quote(
    kind: Option<BlockQuoteKind>,
    mut blocks: Vec<Block>,
    pos: Pos,
    report: &mut Reporter<'_>,
) -> Block {
    if let Some(kind) = kind {
        return Block::Callout {
            kind: alert_kind(kind),
            title: Vec::new(),
            body: blocks,
        };
    }
    let Some((marker, title, rest)) = blocks.first().and_then(split_marker) else {
        return Block::Callout {
            kind: CalloutKind::Quote,
            title: Vec::new(),
            body: blocks,
        };
    };
    match rest {
        Some(rest) => blocks[0] = Block::Paragraph(rest),
        None => {
            blocks.remove(0);
        }
    }
    if marker.eq_ignore_ascii_case("CHECK") {
        return check(&title, blocks, pos, report);
    }
    let kind = CalloutKind::from_marker(&marker).unwrap_or_else(|| {
        report.error_at(
            pos,
            format!("unknown callout '[!{marker}]' (expected {MARKERS})"),
        );
        CalloutKind::Note
    });
    Block::Callout {
        kind,
        title,
        body: blocks,
    }
}

fn alert_kind(kind: BlockQuoteKind) -> CalloutKind {
    match kind {
        BlockQuoteKind::Note => CalloutKind::Note,
        BlockQuoteKind::Tip => CalloutKind::Tip,
        BlockQuoteKind::Important => CalloutKind::Important,
        BlockQuoteKind::Warning => CalloutKind::Warning,
        BlockQuoteKind::Caution => CalloutKind::Caution,
    }
}

/// Splits `[!WORD] title` off the first paragraph: the marker word, the title (the rest of
/// the first line) and what remains of the paragraph, if anything.
fn split_marker(block: &Block) -> Option<(String, Vec<Inline>, Option<Vec<Inline>>)> {
    let Block::Paragraph(inlines) = block else {
        return None;
    };
    let Some(Inline::Text(first, style)) = inlines.first() else {
        return None;
    };
    let after = first.strip_prefix("[!")?;
    let close = after.find(']')?;
    let marker = &after[..close];
    if marker.is_empty() || !marker.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut line = vec![Inline::Text(
        after[close + 1..].trim_start().to_string(),
        *style,
    )];
    let mut rest = inlines[1..].iter();
    for inline in rest.by_ref() {
        if matches!(inline, Inline::SoftBreak | Inline::HardBreak) {
            break;
        }
        line.push(inline.clone());
    }
    let rest: Vec<Inline> = rest.cloned().collect();
    line.retain(|i| !matches!(i, Inline::Text(t, _) if t.is_empty()));
    if let Some(Inline::Text(last, _)) = line.last_mut() {
        *last = last.trim_end().to_string();
    }
    Some((marker.to_string(), line, (!rest.is_empty()).then_some(rest)))
}

/// A `[!CHECK] question-id` callout: the prompt, and a `Hint:` paragraph if there is one.
fn check(title: &[Inline], blocks: Vec<Block>, pos: Pos, report: &mut Reporter<'_>) -> Block {
    let question = Inline::plain(title).trim().to_string();
    if question.is_empty() {
        report.error_at(
            pos,
            "a '[!CHECK]' callout must name a quiz question: '[!CHECK] question-id'",
        );
    }
    let mut hint = None;
    let mut prompt = Vec::new();
    for block in blocks {
        match hint_of(&block) {
            Some(text) if hint.is_none() => hint = Some(text),
            _ => prompt.push(block),
        }
    }
    Block::Check {
        question,
        prompt,
        hint,
        pos,
    }
}

/// The text of a paragraph that starts with "Hint:" (plain or emphasised).
fn hint_of(block: &Block) -> Option<Vec<Inline>> {
    let Block::Paragraph(inlines) = block else {
        return None;
    };
    let Some(Inline::Text(first, style)) = inlines.first() else {
        return None;
    };
    let rest = first.trim_start().strip_prefix("Hint:")?;
    let mut hint = Vec::with_capacity(inlines.len());
    if !rest.trim().is_empty() {
        hint.push(Inline::Text(rest.trim_start().to_string(), *style));
    }
    hint.extend(inlines[1..].iter().cloned());
    if let Some(Inline::Text(t, _)) = hint.first_mut() {
        *t = t.trim_start().to_string();
    }
    Some(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown::parse_body;

    fn blocks(text: &str) -> (Vec<Block>, Vec<String>) {
        let mut report = Reporter::new("c.md", text);
        let body = parse_body(text, 0, 1, &mut report);
        let messages = report.diagnostics.iter().map(ToString::to_string).collect();
        (body.intro, messages)
    }

    #[test]
    fn insight_with_title_body_and_nested_analogy() {
        let (blocks, messages) = blocks(
            "> [!INSIGHT] Only **5%** is model code.\n> Body text.\n>\n> > [!ANALOGY]\n> > An iceberg.\n",
        );
        assert!(messages.is_empty(), "{messages:?}");
        let Block::Callout { kind, title, body } = &blocks[0] else {
            panic!("{blocks:?}");
        };
        assert_eq!(*kind, CalloutKind::Insight);
        assert_eq!(Inline::plain(title), "Only 5% is model code.");
        assert_eq!(body.len(), 2);
        assert!(matches!(&body[0], Block::Paragraph(p) if Inline::plain(p) == "Body text."));
        assert!(matches!(
            &body[1],
            Block::Callout {
                kind: CalloutKind::Analogy,
                ..
            }
        ));
    }

    #[test]
    fn gfm_alerts_are_typed() {
        let (blocks, _) = blocks("> [!WARNING]\n> Careful.\n");
        assert!(matches!(
            &blocks[0],
            Block::Callout {
                kind: CalloutKind::Warning,
                ..
            }
        ));
    }

    #[test]
    fn check_reads_question_prompt_and_hint() {
        let (blocks, messages) = blocks("> [!CHECK] intro-q1\n> What is it?\n>\n> Hint: think.\n");
        assert!(messages.is_empty(), "{messages:?}");
        let Block::Check {
            question,
            prompt,
            hint,
            ..
        } = &blocks[0]
        else {
            panic!("{blocks:?}");
        };
        assert_eq!(question, "intro-q1");
        assert_eq!(prompt.len(), 1);
        assert_eq!(
            hint.as_deref().map(Inline::plain).as_deref(),
            Some("think.")
        );
    }

    #[test]
    fn unknown_marker_is_reported() {
        let (_, messages) = blocks("text\n\n> [!BOGUS] x\n");
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].starts_with("c.md:3:1: unknown callout '[!BOGUS]'"),
            "{messages:?}"
        );
    }

    #[test]
    fn plain_quote_stays_a_quote() {
        let (blocks, _) = blocks("> just a quote\n");
        assert!(matches!(
            &blocks[0],
            Block::Callout {
                kind: CalloutKind::Quote,
                ..
            }
        ));
    }
}
