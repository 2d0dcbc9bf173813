//! Code fences left open. CommonMark runs a fenced code block whose closing fence is missing
//! on until the next fence line that can close it, often the end of the next code block,
//! or to the end of the chapter: one forgotten "```" silently swallows the text and
//! sections after it, and `check` would then only complain, far away, about sections that
//! "do not exist". This module finds such runaway fences before the chapter is parsed, so
//! the error points at the opening fence, and closes each one just before the next section
//! heading or the next fence with an info string (which opens a block of its own), so the
//! rest of the chapter is still read and checked and no follow-on messages appear.

/// A top-level fenced code block that never closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runaway {
    /// Byte offset of the opening fence's first backtick or tilde.
    pub open: usize,
    /// The fence as written (for example "```"): its closing line repeats it.
    pub fence: String,
    /// Byte offset of the line before which it is closed: the next `#` or `##` heading, or
    /// the next opening fence with an info string, whichever comes first.
    pub resume: Option<usize>,
}

/// A body with its runaway fences closed, and where the closing lines were put.
pub struct Closed {
    pub text: String,
    /// (offset in `text`, length) of each inserted closing line, in order.
    pub inserted: Vec<(usize, usize)>,
}

impl Closed {
    /// The offset in the original body of `offset` in the closed text.
    pub fn original(&self, offset: usize) -> usize {
        let mut shift = 0;
        for &(at, len) in &self.inserted {
            if offset >= at + len {
                shift += len;
            } else if offset >= at {
                return at - shift;
            }
        }
        offset - shift
    }
}

/// An opening fence line: its character, its length, and whether an info string follows.
#[derive(Clone, Copy)]
struct Fence {
    c: char,
    run: usize,
    info: bool,
}

/// The opening fence on `line` (after at most three spaces).
fn opening(line: &str) -> Option<Fence> {
    let text = indented(line)?;
    let c = text.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let run = text.chars().take_while(|&x| x == c).count();
    let info = text[run..].trim();
    (run >= 3 && !(c == '`' && info.contains('`'))).then_some(Fence {
        c,
        run,
        info: !info.is_empty(),
    })
}

/// Whether `line` opens a new block of its own inside `fence`: a fence as long, with an
/// info string (```` ```python ````), which inside a block could only be content.
fn reopens(line: &str, fence: Fence) -> bool {
    opening(line).is_some_and(|inner| inner.c == fence.c && inner.run >= fence.run && inner.info)
}

/// Whether `line` closes `fence`.
fn closes(line: &str, fence: Fence) -> bool {
    indented(line).is_some_and(|text| {
        let text = text.trim_end();
        text.len() >= fence.run && text.chars().all(|x| x == fence.c)
    })
}

/// `line` without up to three leading spaces, or `None` when it is indented more.
fn indented(line: &str) -> Option<&str> {
    let text = line.trim_start_matches(' ');
    (line.len() - text.len() <= 3).then_some(text)
}

/// Whether `line` starts a section (or a misplaced chapter title): `#` or `##` and a space.
fn is_section_heading(line: &str) -> bool {
    let text = line.trim_end_matches(['\n', '\r']);
    text.starts_with("# ") || text.starts_with("## ") || text == "#" || text == "##"
}

/// Every top-level fenced code block of `body` that has no closing fence.
pub fn runaways(body: &str) -> Vec<Runaway> {
    let lines: Vec<(usize, &str)> = body
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    let mut found = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let (at, line) = lines[index];
        index += 1;
        let Some(fence) = opening(line) else {
            continue;
        };
        let rest = &lines[index..];
        let end = rest
            .iter()
            .position(|(_, l)| closes(l, fence) || reopens(l, fence));
        if let Some(n) = end
            && closes(rest[n].1, fence)
        {
            index += n + 1;
            continue;
        }
        let heading = rest.iter().position(|(_, l)| is_section_heading(l));
        let resume = match (heading, end) {
            (Some(h), Some(e)) => Some(h.min(e)),
            (h, e) => h.or(e),
        }
        .map(|n| index + n);
        found.push(Runaway {
            open: at + (line.len() - line.trim_start_matches(' ').len()),
            fence: fence.c.to_string().repeat(fence.run),
            resume: resume.map(|n| lines[n].0),
        });
        match resume {
            Some(n) => index = n,
            None => break,
        }
    }
    found
}

/// `body` with a closing fence put before the heading that follows each runaway fence.
pub fn close(body: &str, runaways: &[Runaway]) -> Closed {
    let mut text = String::with_capacity(body.len() + 8 * runaways.len());
    let mut inserted = Vec::new();
    let mut copied = 0;
    for runaway in runaways {
        let Some(resume) = runaway.resume else {
            continue;
        };
        // `resume` starts a line, so the closing fence gets a line of its own.
        text.push_str(&body[copied..resume]);
        let line = format!("{}\n", runaway.fence);
        inserted.push((text.len(), line.len()));
        text.push_str(&line);
        copied = resume;
    }
    text.push_str(&body[copied..]);
    Closed { text, inserted }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_fence_is_not_a_runaway() {
        assert!(runaways("```rust\nfn main() {}\n```\n\n## Next {#n}\n").is_empty());
        assert!(runaways("````md\n```\ninner\n```\n````\n").is_empty());
        assert!(runaways("~~~\nx\n~~~~\n").is_empty());
        assert!(runaways("Text with ``` in it.\n    ```\n").is_empty());
    }

    #[test]
    fn a_runaway_fence_is_found_at_its_opening_and_closed_before_the_next_section() {
        let body = "Intro.\n\n  ```python\nx = 1\n\n## Next {#n}\n\nText.\n";
        let found = runaways(body);
        assert_eq!(
            found,
            [Runaway {
                open: 10,
                fence: "```".to_string(),
                resume: Some(27),
            }]
        );
        let closed = close(body, &found);
        assert_eq!(
            closed.text,
            "Intro.\n\n  ```python\nx = 1\n\n```\n## Next {#n}\n\nText.\n"
        );
        assert_eq!(closed.original(10), 10);
        assert_eq!(closed.original(27), 27);
        assert_eq!(closed.original(31), 27);
        assert_eq!(closed.original(closed.text.len()), body.len());
    }

    #[test]
    fn scanning_goes_on_after_a_runaway() {
        let body = "```\na\n## One\n~~~\nb\n## Two\n";
        let found = runaways(body);
        assert_eq!(found.len(), 2, "{found:?}");
        let closed = close(body, &found);
        assert_eq!(closed.text, "```\na\n```\n## One\n~~~\nb\n~~~\n## Two\n");
        assert_eq!(closed.original(closed.text.len()), body.len());
    }

    #[test]
    fn a_fence_that_only_the_next_block_closes_is_a_runaway() {
        let body = "```python\nx = 1\n\nText.\n\n```diagram\nkind = 1\n```\n";
        let found = runaways(body);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].resume, Some(24));
        let closed = close(body, &found);
        assert!(runaways(&closed.text).is_empty(), "{}", closed.text);
        // A longer outer fence may hold shorter ones: a Markdown example.
        assert!(runaways("````md\n```python\nx\n```\n````\n").is_empty());
    }

    #[test]
    fn a_fence_open_to_the_end_has_nothing_to_resume() {
        let found = runaways("Text.\n\n```\ncode\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resume, None);
        assert_eq!(
            close("Text.\n\n```\ncode\n", &found).text,
            "Text.\n\n```\ncode\n"
        );
    }
}
