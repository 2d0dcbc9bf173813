//! A whole chapter laid out as styled lines at one width: title, objectives, numbered
//! sections, callout boxes, definitions, checks, tables with captions, figures and
//! numbered equations. Also records where each section starts, for navigation.

use super::diagram::{DrawOptions, draw, is_interactive};
use super::table::table_lines;
use super::wrap::{fit, hard_wrap, indent, inline_spans, pad, width_of, wrap};
use crate::math::to_unicode_lossy;
use std::cell::Cell;

use super::{Insights, Line, Mark, RenderOptions, Role, Span, Style};
use crate::content::{Block, CalloutKind, Chapter, Course, Inline};

/// Where a section begins in the rendered lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionMark {
    pub id: String,
    pub number: String,
    pub title: String,
    pub line: usize,
}

/// A chapter rendered at one width.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub lines: Vec<Line>,
    pub sections: Vec<SectionMark>,
    pub width: usize,
}

/// Boxes narrower than this draw their content without a frame.
const MIN_BOX: usize = 12;

struct Ctx<'a> {
    opts: &'a RenderOptions,
    chapter: &'a Chapter,
    insights: Insights<'a>,
    /// How many insights have been rendered so far (their numbers).
    insight_count: Cell<usize>,
    /// The course's folder, for the commands the text advises (`None`: built in).
    folder: Option<&'a std::path::Path>,
}

impl<'a> Ctx<'a> {
    fn new(opts: &'a RenderOptions, chapter: &'a Chapter, insights: Insights<'a>) -> Self {
        Self {
            opts,
            chapter,
            insights,
            insight_count: Cell::new(0),
            folder: None,
        }
    }
}

/// Renders `chapter` of `course` at `opts.width`, every insight open.
pub fn render_chapter(course: &Course, chapter: &Chapter, opts: &RenderOptions) -> Rendered {
    render_chapter_with(course, chapter, opts, Insights::AllOpen)
}

/// Renders `chapter` with the given insights open (the reader's view).
pub fn render_chapter_with(
    course: &Course,
    chapter: &Chapter,
    opts: &RenderOptions,
    insights: Insights<'_>,
) -> Rendered {
    let ctx = Ctx {
        folder: course.folder.as_deref(),
        ..Ctx::new(opts, chapter, insights)
    };
    let width = opts.width.max(1);
    let mut lines = header(course, chapter, width, opts);
    if !chapter.intro.is_empty() {
        lines.push(Line::blank());
        lines.extend(blocks(&chapter.intro, &ctx, width));
    }
    let mut sections = Vec::new();
    for section in &chapter.sections {
        lines.push(Line::blank());
        sections.push(SectionMark {
            id: section.id.clone(),
            number: section.number.clone(),
            title: section.title.clone(),
            line: lines.len(),
        });
        let heading = vec![
            Span::new(format!("{}  ", section.number), Style::of(Role::Heading)),
            Span::new(section.title.clone(), Style::of(Role::Heading)),
        ];
        let heading = wrap(&heading, width);
        let rule = heading.iter().map(Line::width).max().unwrap_or(0);
        lines.extend(heading);
        lines.push(Line::text(
            opts.glyphs().h.repeat(rule),
            Style::of(Role::Frame),
        ));
        lines.push(Line::blank());
        lines.extend(blocks(&section.blocks, &ctx, width));
    }
    let lines = lines.into_iter().map(|l| fit(l, opts.width)).collect();
    Rendered {
        lines,
        sections,
        width: opts.width,
    }
}

fn header(course: &Course, chapter: &Chapter, width: usize, opts: &RenderOptions) -> Vec<Line> {
    let g = opts.glyphs();
    let mut lines = Vec::new();
    if let Some(part) = course.part(&chapter.part) {
        lines.extend(wrap(
            &[Span::new(
                format!("Part {}: {}", part.number, part.title),
                Style::of(Role::Dim),
            )],
            width,
        ));
    }
    let title = [Span::new(
        format!(
            "Chapter {} {} {}",
            chapter.number,
            if opts.ascii { "-" } else { "·" },
            chapter.title
        ),
        Style::of(Role::Title),
    )];
    let title = wrap(&title, width);
    let rule = title.iter().map(Line::width).max().unwrap_or(0);
    lines.extend(title);
    lines.push(Line::text(g.heavy.repeat(rule), Style::of(Role::Frame)));
    if !chapter.summary.is_empty() {
        lines.push(Line::blank());
        lines.extend(wrap(
            &[Span::new(chapter.summary.clone(), Style::of(Role::Body))],
            width,
        ));
    }
    if !chapter.objectives.is_empty() {
        lines.push(Line::blank());
        lines.push(Line::text(
            "Learning objectives",
            Style::of(Role::Subheading),
        ));
        for objective in &chapter.objectives {
            let text = wrap(
                &[Span::new(objective.text.clone(), Style::of(Role::Body))],
                width.saturating_sub(4).max(1),
            );
            lines.extend(bullet(text, &format!("  {} ", g.bullet)));
        }
    }
    lines
}

/// Hangs `lines` behind a bullet or number.
fn bullet(lines: Vec<Line>, marker: &str) -> Vec<Line> {
    let w = width_of(marker);
    indent(
        lines,
        &[Span::new(marker, Style::of(Role::Frame))],
        &[Span::new(" ".repeat(w), Style::of(Role::Body))],
    )
}

/// Blocks with one blank line between them.
fn blocks(blocks: &[Block], ctx: &Ctx<'_>, width: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            lines.push(Line::blank());
        }
        lines.extend(block_lines(block, ctx, width));
    }
    lines
}

fn block_lines(block: &Block, ctx: &Ctx<'_>, width: usize) -> Vec<Line> {
    match block {
        Block::Paragraph(inlines) => wrap(&inline_spans(inlines, Role::Body), width),
        Block::Heading { level, text, .. } => {
            let role = if *level <= 3 {
                Role::Subheading
            } else {
                Role::Body
            };
            let mut spans = inline_spans(text, role);
            for span in &mut spans {
                span.style.strong = true;
            }
            wrap(&spans, width)
        }
        Block::List { start, items } => list(*start, items, ctx, width),
        Block::Code { text, .. } => code(text, width),
        Block::Math { number, tex } => display_math(number, tex, width),
        Block::Definition { term, body, .. } => definition(term, body, ctx, width),
        Block::Callout { kind, title, body } => callout(*kind, title, body, ctx, width),
        Block::Check {
            question,
            prompt,
            hint,
            ..
        } => check(question, prompt, hint.as_deref(), ctx, width),
        Block::Table(table) => {
            let mut lines = table_lines(table, ctx.opts);
            lines.extend(caption(
                &format!("Table {}", table.number),
                &table.caption,
                width,
            ));
            mark_first(lines, Mark::Table(table.number.clone()))
        }
        Block::Figure(figure) => {
            let opts = DrawOptions {
                width,
                ascii: ctx.opts.ascii,
                selected: None,
            };
            let mut lines: Vec<Line> = draw(&figure.diagram, &opts)
                .into_iter()
                .map(|segments| {
                    Line::new(
                        segments
                            .into_iter()
                            .map(|(text, part)| Span::new(text, Style::of(Role::Diagram(part))))
                            .collect(),
                    )
                })
                .collect();
            let caption_text = if is_interactive(&figure.diagram) {
                format!("{} (interactive)", figure.diagram.caption)
            } else {
                figure.diagram.caption.clone()
            };
            let text = vec![Inline::Text(caption_text, Default::default())];
            lines.extend(caption(&format!("Figure {}", figure.number), &text, width));
            mark_first(lines, Mark::Figure(figure.number.clone()))
        }
        Block::Rule => vec![Line::text(
            ctx.opts.glyphs().h.repeat(width),
            Style::of(Role::Frame),
        )],
    }
}

fn mark_first(mut lines: Vec<Line>, mark: Mark) -> Vec<Line> {
    if let Some(first) = lines.first_mut() {
        first.mark = Some(mark);
    }
    lines
}

fn caption(label: &str, text: &[Inline], width: usize) -> Vec<Line> {
    let mut spans = vec![Span::new(
        format!("{label}: "),
        Style::of(Role::Caption).strong(),
    )];
    spans.extend(inline_spans(text, Role::Caption));
    wrap(&spans, width)
}

fn list(start: Option<u64>, items: &[Vec<Block>], ctx: &Ctx<'_>, width: usize) -> Vec<Line> {
    let g = ctx.opts.glyphs();
    let last = start.map_or(0, |s| s + items.len() as u64);
    let number_width = last.to_string().len();
    let mut lines = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let marker = match start {
            Some(s) => format!("{:>number_width$}. ", s + i as u64),
            None => format!("{} ", g.bullet),
        };
        let inner = width.saturating_sub(width_of(&marker)).max(1);
        lines.extend(bullet(blocks(item, ctx, inner), &marker));
    }
    lines
}

fn code(text: &str, width: usize) -> Vec<Line> {
    let inner = width.saturating_sub(4).max(1);
    let style = Style::of(Role::Code);
    text.trim_end_matches('\n')
        .lines()
        .flat_map(|line| {
            let wrapped = hard_wrap(&line.replace('\t', "    "), style, inner);
            indent(
                wrapped,
                &[Span::new("    ", style)],
                &[Span::new("    ", style)],
            )
        })
        .collect()
}

fn display_math(number: &str, tex: &str, width: usize) -> Vec<Line> {
    let formula = to_unicode_lossy(tex);
    let label = format!("({number})");
    let formula_width = width_of(&formula);
    let label_width = width_of(&label);
    if formula_width + label_width + 4 > width {
        let mut lines = wrap(&[Span::new(formula, Style::of(Role::Math))], width);
        lines.push(Line::text(label, Style::of(Role::Dim)));
        return lines;
    }
    let left = (width - formula_width) / 2;
    let gap = width - left - formula_width - label_width;
    vec![Line::new(vec![
        Span::new(" ".repeat(left), Style::of(Role::Body)),
        Span::new(formula, Style::of(Role::Math)),
        Span::new(" ".repeat(gap), Style::of(Role::Body)),
        Span::new(label, Style::of(Role::Dim)),
    ])]
}

fn definition(term: &str, body: &[Block], ctx: &Ctx<'_>, width: usize) -> Vec<Line> {
    let g = ctx.opts.glyphs();
    let mut lines = wrap(
        &[
            Span::new(format!("{} ", g.term), Style::of(Role::Term)),
            Span::new(term, Style::of(Role::Term).strong()),
        ],
        width,
    );
    let inner = width.saturating_sub(2).max(1);
    let pad2 = [Span::new("  ", Style::of(Role::Body))];
    lines.extend(indent(blocks(body, ctx, inner), &pad2, &pad2));
    lines
}

/// A framed box with a label in its top border.
pub fn boxed(label: Vec<Span>, body: Vec<Line>, width: usize, ctx_ascii: bool) -> Vec<Line> {
    let g = if ctx_ascii {
        &super::ASCII
    } else {
        &super::UNICODE
    };
    let frame = Style::of(Role::Frame);
    if width < MIN_BOX {
        let mut lines = wrap(&label, width);
        lines.extend(body);
        return lines;
    }
    let inner = width - 4;
    let mut top = vec![Span::new(format!("{}{} ", g.tl, g.h), frame)];
    let label = fit(Line::new(label), inner.saturating_sub(1));
    let used = 3 + label.width();
    top.extend(label.spans);
    top.push(Span::new(
        format!(" {}{}", g.h.repeat(width.saturating_sub(used + 2)), g.tr),
        frame,
    ));
    let mut lines = vec![fit(Line::new(top), width)];
    for mut line in body {
        let mark = line.mark.take();
        let mut spans = vec![Span::new(format!("{} ", g.v), frame)];
        spans.extend(pad(line, inner, Style::of(Role::Body)).spans);
        spans.push(Span::new(format!(" {}", g.v), frame));
        lines.push(Line { spans, mark });
    }
    lines.push(Line::text(
        format!("{}{}{}", g.bl, g.h.repeat(width - 2), g.br),
        frame,
    ));
    lines
}

fn callout(
    kind: CalloutKind,
    title: &[Inline],
    body: &[Block],
    ctx: &Ctx<'_>,
    width: usize,
) -> Vec<Line> {
    let inner = if width < MIN_BOX { width } else { width - 4 };
    if kind == CalloutKind::Quote {
        let bar = [Span::new(
            format!("{} ", ctx.opts.glyphs().v),
            Style::of(Role::Frame),
        )];
        return indent(
            blocks(body, ctx, width.saturating_sub(2).max(1)),
            &bar,
            &bar,
        );
    }
    let insight = (kind == CalloutKind::Insight).then(|| {
        let n = ctx.insight_count.get();
        ctx.insight_count.set(n + 1);
        n
    });
    let open = match (insight, ctx.insights) {
        (Some(n), Insights::Open(open)) => open.contains(&n),
        _ => true,
    };
    let mut lines = Vec::new();
    if !title.is_empty() {
        let mut spans = inline_spans(title, Role::Body);
        for span in &mut spans {
            span.style.strong = true;
        }
        lines.extend(wrap(&spans, inner));
        if !body.is_empty() && open {
            lines.push(Line::blank());
        }
    }
    if !open {
        lines.push(Line::text(
            "▸ Enter: read the deeper insight",
            Style::of(Role::Dim),
        ));
    } else if kind == CalloutKind::Takeaways {
        lines.extend(numbered_takeaways(body, ctx, inner));
    } else {
        lines.extend(blocks(body, ctx, inner));
    }
    let label = vec![Span::new(
        kind.label(),
        Style::of(Role::Label(kind)).strong(),
    )];
    let boxed = boxed(label, lines, width, ctx.opts.ascii);
    match insight {
        Some(n) => mark_first(boxed, Mark::Insight(n)),
        None => boxed,
    }
}

/// Takeaways are numbered even when written as a bullet list.
fn numbered_takeaways(body: &[Block], ctx: &Ctx<'_>, width: usize) -> Vec<Line> {
    let numbered: Vec<Block> = body
        .iter()
        .map(|block| match block {
            Block::List { start: None, items } => Block::List {
                start: Some(1),
                items: items.clone(),
            },
            other => other.clone(),
        })
        .collect();
    blocks(&numbered, ctx, width)
}

fn check(
    question: &str,
    prompt: &[Block],
    hint: Option<&[Inline]>,
    ctx: &Ctx<'_>,
    width: usize,
) -> Vec<Line> {
    let inner = if width < MIN_BOX { width } else { width - 4 };
    let quiz_hint = ctx
        .chapter
        .quiz
        .as_ref()
        .and_then(|q| q.questions.iter().find(|x| x.id == question))
        .map(|q| vec![Inline::Text(q.hint.clone(), Default::default())]);
    let mut lines = blocks(prompt, ctx, inner);
    if let Some(hint) = hint.map(<[Inline]>::to_vec).or(quiz_hint) {
        lines.push(Line::blank());
        let mut spans = vec![Span::new("Hint: ", Style::of(Role::CheckLabel).strong())];
        spans.extend(inline_spans(&hint, Role::Hint));
        lines.extend(wrap(&spans, inner));
    }
    lines.push(Line::blank());
    lines.extend(wrap(
        &[Span::new(
            format!(
                "Answer it in the quiz: {}",
                super::command::command_in(ctx.folder, &format!("quiz {}", ctx.chapter.number))
            ),
            Style::of(Role::Dim),
        )],
        inner,
    ));
    let label = vec![Span::new(
        "Check your understanding",
        Style::of(Role::CheckLabel).strong(),
    )];
    mark_first(
        boxed(label, lines, width, ctx.opts.ascii),
        Mark::Check(question.to_string()),
    )
}

/// A definition on its own (for the glossary), at `opts.width`.
pub fn definition_lines(
    term: &str,
    body: &[Block],
    chapter: &Chapter,
    opts: &RenderOptions,
) -> Vec<Line> {
    let ctx = Ctx::new(opts, chapter, Insights::AllOpen);
    definition(term, body, &ctx, opts.width.max(1))
        .into_iter()
        .map(|l| fit(l, opts.width))
        .collect()
}

impl Rendered {
    /// The lines of one section, from its heading to the next section.
    pub fn section(&self, id: &str) -> &[Line] {
        let Some(i) = self.sections.iter().position(|s| s.id == id) else {
            return &[];
        };
        let start = self.sections[i].line;
        let end = self
            .sections
            .get(i + 1)
            .map_or(self.lines.len(), |s| s.line.saturating_sub(1));
        &self.lines[start.min(end)..end]
    }
}

#[cfg(test)]
mod tests {
    use crate::content::load::load;
    use crate::content::source::SourceFile;
    use crate::render::RenderOptions;

    #[test]
    fn code_blocks_keep_their_indentation() {
        let chapter = "+++\nnumber = 1\nslug = \"c\"\ntitle = \"C\"\npart = \"p\"\n+++\n\n## S {#s}\n\n```python\ndef f():\n    return  1\n```\n";
        let course = "title = \"T\"\n[[parts]]\nid = \"p\"\nnumber = \"I\"\ntitle = \"P\"\nquestion = \"Q?\"\n";
        let loaded = load(&[
            SourceFile {
                path: "course.toml".into(),
                text: course.into(),
            },
            SourceFile {
                path: "chapters/01-c.md".into(),
                text: chapter.into(),
            },
        ]);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let opts = RenderOptions {
            width: 60,
            ascii: false,
        };
        let rendered = super::render_chapter(&loaded.course, &loaded.course.chapters[0], &opts);
        let text: Vec<String> = rendered
            .lines
            .iter()
            .map(crate::render::Line::plain)
            .collect();
        assert!(text.contains(&"    def f():".to_string()), "{text:?}");
        assert!(text.contains(&"        return  1".to_string()), "{text:?}");
    }
}
