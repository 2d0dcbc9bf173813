//! Turns a chapter's Markdown body into typed blocks and numbered sections. pulldown-cmark
//! gives a flat stream of start/end events; this builder keeps an explicit stack of open
//! containers (no recursion, so hostile nesting cannot overflow the stack), numbers
//! tables, figures and equations, and recognises the course's own constructs: sections with
//! ids, callouts, in-text checks, captions and diagrams.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use super::callout::finish_quote;
use super::diagram;
use super::fences::{self, Closed};
use super::model::{Align, Block, Emphasis, Figure, Inline, Pos, Section, Table, walk_blocks};
use super::source::{Reporter, is_valid_id};
use crate::math::problems;

/// Containers nested deeper than this are flattened into their parent, with one error.
const MAX_DEPTH: usize = 48;

/// The blocks of a chapter body.
pub struct Body {
    pub intro: Vec<Block>,
    pub sections: Vec<Section>,
}

impl Body {
    /// Visits every block, depth first (see [`walk_blocks`]).
    fn visit_all<'a>(&'a self, visit: &mut dyn FnMut(&'a Block)) {
        walk_blocks(&self.intro, visit);
        for section in &self.sections {
            walk_blocks(&section.blocks, visit);
        }
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
}

/// Parses `body`, which starts at byte `base` of its file, for chapter `chapter`. A code
/// fence left open is reported at its opening and closed before the next section, so it
/// does not swallow the rest of the chapter.
pub fn parse_body(body: &str, base: usize, chapter: u32, report: &mut Reporter<'_>) -> Body {
    let runaways = fences::runaways(body);
    for runaway in &runaways {
        report.error(
            base + runaway.open,
            format!(
                "code fence '{0}' is never closed: end the block with a line '{0}'",
                runaway.fence
            ),
        );
    }
    let closed = fences::close(body, &runaways);
    let mut builder = Builder::new(&closed, base, chapter, report);
    for (event, range) in Parser::new_ext(&closed.text, options()).into_offset_iter() {
        builder.event(event, range);
    }
    builder.finish()
}

/// Inline Markdown of a short text (a quiz prompt or option): emphasis, code, math.
pub fn parse_inline(text: &str) -> Vec<Inline> {
    let mut report = Reporter::new("", text);
    let body = parse_body(text, 0, 0, &mut report);
    let mut inlines = Vec::new();
    for block in &body.intro {
        if let Block::Paragraph(p) = block {
            if !inlines.is_empty() {
                inlines.push(Inline::HardBreak);
            }
            inlines.extend(p.iter().cloned());
        }
    }
    if inlines.is_empty() && !text.trim().is_empty() {
        inlines.push(Inline::Text(text.to_string(), Emphasis::default()));
    }
    inlines
}

enum ContainerKind {
    Root,
    Quote(Option<BlockQuoteKind>),
    List(Option<u64>),
    Item,
    DefinitionList,
    DefinitionBody,
}

struct Container {
    kind: ContainerKind,
    blocks: Vec<Block>,
    /// Finished items, for a list.
    items: Vec<Vec<Block>>,
    /// The term awaiting its definition, for a definition list.
    term: Option<(String, Pos)>,
    start: usize,
}

enum LeafKind {
    Paragraph,
    Heading { level: u8, id: Option<String> },
    Cell,
    Term,
}

struct Leaf {
    kind: LeafKind,
    inlines: Vec<Inline>,
    /// Where the last display formula of this leaf ends, if it holds one.
    display_math_end: Option<usize>,
    start: usize,
}

struct TableBuf {
    align: Vec<Align>,
    header: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    row: Vec<Vec<Inline>>,
    start: usize,
}

struct CodeBuf {
    lang: String,
    text: String,
    /// (offset in `text`, offset in the file) of each chunk, to place diagram errors.
    chunks: Vec<(usize, usize)>,
    start: usize,
}

#[derive(Default)]
struct Counters {
    tables: usize,
    figures: usize,
    equations: usize,
}

struct Builder<'r, 's, 'p> {
    source: &'s str,
    /// Where `source` came from: its closing fences put in, to map offsets back.
    closed: &'s Closed,
    base: usize,
    chapter: u32,
    report: &'r mut Reporter<'p>,
    stack: Vec<Container>,
    /// Containers opened past `MAX_DEPTH` and not pushed.
    overflow: usize,
    leaf: Option<Leaf>,
    style: StyleDepth,
    table: Option<TableBuf>,
    code: Option<CodeBuf>,
    counters: Counters,
    intro: Option<Vec<Block>>,
    sections: Vec<Section>,
    /// The ids of `sections`, to find a duplicate without a quadratic scan.
    section_ids: HashSet<String>,
    /// Source up to here has been scanned for math that never closed.
    dollars_scanned: usize,
    /// The `details` of each cycle figure, checked against the tables once all are read.
    details: Vec<(diagram::Details, Pos)>,
    /// The end of the paragraph last scanned for math (found once per paragraph, so a
    /// paragraph of many stray dollars is still read in linear time).
    paragraph_end: usize,
}

/// How many emphasis spans of each kind are open.
#[derive(Default)]
struct StyleDepth {
    emph: u32,
    strong: u32,
    link: u32,
    strike: u32,
}

impl StyleDepth {
    fn current(&self, code: bool) -> Emphasis {
        Emphasis {
            emph: self.emph > 0,
            strong: self.strong > 0,
            code,
            link: self.link > 0,
            strike: self.strike > 0,
        }
    }
}

impl<'r, 's, 'p> Builder<'r, 's, 'p> {
    fn new(closed: &'s Closed, base: usize, chapter: u32, report: &'r mut Reporter<'p>) -> Self {
        Self {
            source: &closed.text,
            closed,
            base,
            chapter,
            report,
            stack: vec![Container::new(ContainerKind::Root, 0)],
            overflow: 0,
            leaf: None,
            style: StyleDepth::default(),
            table: None,
            code: None,
            counters: Counters::default(),
            intro: None,
            sections: Vec::new(),
            section_ids: HashSet::new(),
            dollars_scanned: 0,
            paragraph_end: 0,
            details: Vec::new(),
        }
    }

    /// The file offset of `offset` in `source`.
    fn file(&self, offset: usize) -> usize {
        self.base + self.closed.original(offset)
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.report.error(self.file(offset), message);
    }

    fn pos(&self, offset: usize) -> Pos {
        self.report.pos(self.file(offset))
    }

    fn number(&self, n: usize) -> String {
        format!("{}.{n}", self.chapter)
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => {
                self.check_stray_dollars(&range);
                self.text(&text, range);
            }
            Event::Code(code) => self.push_inline(
                Inline::Text(code.to_string(), self.style.current(true)),
                range.start,
            ),
            Event::InlineMath(tex) => {
                self.check_math(&tex, &range);
                self.push_inline(Inline::Math(tex.to_string()), range.start);
            }
            Event::DisplayMath(tex) => {
                self.check_math(&tex, &range);
                self.push_inline(Inline::Math(tex.trim().to_string()), range.start);
                if let Some(leaf) = &mut self.leaf {
                    leaf.display_math_end = Some(range.end);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => self.text(&html, range),
            Event::FootnoteReference(name) => self.text(&format!("[^{name}]"), range),
            Event::SoftBreak => self.push_inline(Inline::SoftBreak, range.start),
            Event::HardBreak => self.push_inline(Inline::HardBreak, range.start),
            Event::Rule => self.push_block(Block::Rule),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }, range),
        }
    }

    /// Reports every problem of a formula the math renderer cannot read, at its position.
    fn check_math(&mut self, tex: &str, range: &Range<usize>) {
        let written = self.source.get(range.clone()).unwrap_or("");
        let start = range.start + written.find(tex).unwrap_or(0);
        self.report_math_problems(tex, start);
    }

    fn report_math_problems(&mut self, tex: &str, start: usize) {
        for problem in problems(tex) {
            self.error(start + problem.offset, problem.message);
        }
    }

    /// A `$` left in the text opens math that pulldown-cmark did not close: either the
    /// formula inside is broken (an open brace hides its closing `$`), or it has no end.
    fn check_stray_dollars(&mut self, range: &Range<usize>) {
        if self.code.is_some() {
            return;
        }
        let mut at = range.start.max(self.dollars_scanned);
        while let Some(found) = self.source.get(at..range.end).and_then(|t| t.find('$')) {
            let open = at + found;
            at = open + 1;
            if open >= self.paragraph_end {
                self.paragraph_end = open + paragraph_length(&self.source[open..]);
            }
            let Some(stray) = stray_math(self.source, open, self.paragraph_end) else {
                continue;
            };
            at = stray.end;
            self.dollars_scanned = stray.end;
            let delimiter = &self.source[open..stray.content.start];
            let tex = &self.source[stray.content.clone()];
            if stray.closed && !problems(tex).is_empty() {
                self.report_math_problems(tex, stray.content.start);
            } else if delimiter == "$$" {
                self.error(open, "display math '$$' is never closed: end it with '$$'");
            } else {
                self.error(
                    open,
                    "math '$' is never closed: end it with '$' (write '\\$' for a dollar sign)",
                );
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.open_leaf(LeafKind::Paragraph, range.start),
            Tag::Heading { level, id, .. } => {
                let level = heading_level(level);
                let id = id.map(|id| id.to_string());
                self.open_leaf(LeafKind::Heading { level, id }, range.start);
            }
            Tag::BlockQuote(kind) => self.open(ContainerKind::Quote(kind), range.start),
            Tag::List(start) => self.open(ContainerKind::List(start), range.start),
            Tag::Item => self.open(ContainerKind::Item, range.start),
            Tag::DefinitionList => self.open(ContainerKind::DefinitionList, range.start),
            Tag::DefinitionListTitle => self.open_leaf(LeafKind::Term, range.start),
            Tag::DefinitionListDefinition => self.open(ContainerKind::DefinitionBody, range.start),
            Tag::FootnoteDefinition(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {}
            Tag::CodeBlock(kind) => self.open_code(kind, range.start),
            Tag::Table(align) => self.open_table(&align, range.start),
            Tag::TableHead | Tag::TableRow => {}
            Tag::TableCell => self.open_leaf(LeafKind::Cell, range.start),
            Tag::Emphasis => self.style.emph += 1,
            Tag::Strong => self.style.strong += 1,
            Tag::Strikethrough => self.style.strike += 1,
            Tag::Link { .. } => self.style.link += 1,
            Tag::Image { .. } => self.text("[image: ", range),
            Tag::Superscript | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph => self.close_paragraph(),
            TagEnd::Heading(_) => self.close_heading(),
            TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListDefinition => self.close(),
            TagEnd::DefinitionListTitle => self.close_term(),
            TagEnd::CodeBlock => self.close_code(),
            TagEnd::Table => self.close_table(),
            TagEnd::TableHead => self.close_header(),
            TagEnd::TableRow => self.close_row(range),
            TagEnd::TableCell => self.close_cell(),
            TagEnd::Emphasis => self.style.emph = self.style.emph.saturating_sub(1),
            TagEnd::Strong => self.style.strong = self.style.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.style.strike = self.style.strike.saturating_sub(1),
            TagEnd::Link => self.style.link = self.style.link.saturating_sub(1),
            TagEnd::Image => self.text("]", range),
            TagEnd::FootnoteDefinition
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
        }
    }

    // ----- containers -----

    fn open(&mut self, kind: ContainerKind, start: usize) {
        self.close_implicit_paragraph();
        if self.stack.len() >= MAX_DEPTH {
            if self.overflow == 0 {
                self.error(
                    start,
                    "content is nested too deeply; inner levels are flattened",
                );
            }
            self.overflow += 1;
            return;
        }
        self.stack.push(Container::new(kind, start));
    }

    fn close(&mut self) {
        self.close_implicit_paragraph();
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        if self.stack.len() <= 1 {
            return;
        }
        let Some(mut container) = self.stack.pop() else {
            return;
        };
        // The blocks of a list item, callout or definition are kept in the model: drop the
        // spare capacity (a `Block` is large, and most of these hold one or two).
        container.blocks.shrink_to_fit();
        match container.kind {
            ContainerKind::Root => {}
            ContainerKind::Quote(kind) => {
                let pos = self.pos(container.start);
                let block = finish_quote(kind, container.blocks, pos, self.report);
                self.push_block(block);
            }
            ContainerKind::List(start) => self.push_block(Block::List {
                start,
                items: container.items,
            }),
            ContainerKind::Item => {
                if let Some(list) = self.stack.last_mut() {
                    list.items.push(container.blocks);
                }
            }
            ContainerKind::DefinitionList => {
                for block in container.blocks {
                    self.push_block(block);
                }
            }
            ContainerKind::DefinitionBody => self.finish_definition(container.blocks),
        }
    }

    fn finish_definition(&mut self, body: Vec<Block>) {
        let Some(list) = self.stack.last_mut() else {
            return;
        };
        let Some((term, pos)) = list.term.clone() else {
            return;
        };
        // A second definition of the same term in a row extends the first.
        if let Some(Block::Definition {
            term: last,
            body: b,
            ..
        }) = list.blocks.last_mut()
            && *last == term
        {
            b.extend(body);
            return;
        }
        list.blocks.push(Block::Definition { term, body, pos });
    }

    fn push_block(&mut self, block: Block) {
        self.close_implicit_paragraph();
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        top.blocks.push(block);
    }

    // ----- leaves -----

    fn open_leaf(&mut self, kind: LeafKind, start: usize) {
        if !matches!(kind, LeafKind::Cell) {
            self.close_implicit_paragraph();
        }
        self.leaf = Some(Leaf {
            kind,
            inlines: Vec::new(),
            display_math_end: None,
            start,
        });
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        if let Some(code) = &mut self.code {
            let file = self.base + self.closed.original(range.start);
            code.chunks.push((code.text.len(), file));
            code.text.push_str(text);
            return;
        }
        self.push_inline(
            Inline::Text(text.to_string(), self.style.current(false)),
            range.start,
        );
    }

    fn push_inline(&mut self, inline: Inline, start: usize) {
        if self.leaf.is_none() {
            // Tight list items and definitions carry text without a paragraph.
            self.open_leaf(LeafKind::Paragraph, start);
        }
        let Some(leaf) = &mut self.leaf else {
            return;
        };
        if let (Inline::Text(text, style), Some(Inline::Text(last, last_style))) =
            (&inline, leaf.inlines.last_mut())
            && style == last_style
        {
            last.push_str(text);
            return;
        }
        leaf.inlines.push(inline);
    }

    fn close_implicit_paragraph(&mut self) {
        if matches!(
            self.leaf,
            Some(Leaf {
                kind: LeafKind::Paragraph,
                ..
            })
        ) {
            self.close_paragraph();
        }
    }

    fn close_paragraph(&mut self) {
        let Some(leaf) = self.leaf.take() else {
            return;
        };
        if leaf.display_math_end.is_some()
            && let Some(tex) = lone_math(&leaf.inlines)
        {
            self.counters.equations += 1;
            let number = self.number(self.counters.equations);
            self.push_block(Block::Math { number, tex });
            return;
        }
        if leaf.inlines.iter().all(is_blank) {
            return;
        }
        let inlines = trim_breaks(leaf.inlines);
        if !self.attach_caption(&inlines, leaf.start) {
            self.push_block(Block::Paragraph(inlines));
        }
    }

    /// A paragraph that starts with "Table:" right after a table is its caption. A caption
    /// that writes the number itself would read "Table 3.1: Table 3.1: ...".
    fn attach_caption(&mut self, inlines: &[Inline], start: usize) -> bool {
        let Some((caption, id)) = caption_of(inlines) else {
            return false;
        };
        let Some(Block::Table(table)) = self.stack.last_mut().and_then(|c| c.blocks.last_mut())
        else {
            return false;
        };
        if !table.caption.is_empty() {
            return false;
        }
        let text = Inline::plain(&caption);
        table.caption = caption;
        table.id = id;
        if let Some(written) = written_number(&text) {
            let after = self.source.get(start..).unwrap_or("");
            let at = after.find(written).map_or(start, |n| start + n);
            self.error(
                at,
                format!("the caption writes the table number '{written}': tables are numbered automatically, so write only what the table shows after 'Table:'"),
            );
        }
        true
    }

    fn close_heading(&mut self) {
        let Some(Leaf {
            kind: LeafKind::Heading { level, id },
            inlines,
            start,
            ..
        }) = self.leaf.take()
        else {
            return;
        };
        let title = Inline::plain(&inlines).trim().to_string();
        if self.stack.len() > 1 || level >= 3 {
            self.push_block(Block::Heading {
                level: level.max(3),
                text: inlines,
                id,
            });
            return;
        }
        if level == 1 {
            self.error(
                start,
                format!("'# {title}': the chapter title comes from the front matter; start sections with '##'"),
            );
            return;
        }
        self.start_section(title, id, start);
    }

    fn start_section(&mut self, title: String, id: Option<String>, start: usize) {
        self.flush_root();
        let id = match id {
            Some(id) if is_valid_id(&id) => id,
            Some(id) => {
                self.error(
                    start,
                    format!("invalid section id '{id}': use lowercase letters, digits and '-'"),
                );
                id
            }
            None => {
                self.error(
                    start,
                    format!("section '{title}' has no id: write '## {title} {{#some-id}}'"),
                );
                String::new()
            }
        };
        if !id.is_empty() && !self.section_ids.insert(id.clone()) {
            self.error(start, format!("duplicate section id '{id}'"));
        }
        let number = self.number(self.sections.len() + 1);
        let pos = self.pos(start);
        self.sections.push(Section {
            id,
            number,
            title,
            blocks: Vec::new(),
            pos,
        });
    }

    /// Moves what the root holds into the current section (or the introduction).
    fn flush_root(&mut self) {
        self.close_implicit_paragraph();
        let blocks = std::mem::take(&mut self.stack[0].blocks);
        match self.sections.last_mut() {
            Some(section) => section.blocks.extend(blocks),
            None => self.intro.get_or_insert_with(Vec::new).extend(blocks),
        }
    }

    fn close_term(&mut self) {
        let Some(leaf) = self.leaf.take() else {
            return;
        };
        let term = Inline::plain(&leaf.inlines).trim().to_string();
        let pos = self.pos(leaf.start);
        if let Some(end) = leaf.display_math_end {
            self.report_term_after_math(end);
        }
        if let Some(top) = self.stack.last_mut() {
            top.term = Some((term, pos));
        }
    }

    /// A term on the line right after `$$ ... $$` joins the formula's paragraph, which
    /// then vanishes into the term.
    fn report_term_after_math(&mut self, math_end: usize) {
        let rest = self.source.get(math_end..).unwrap_or("");
        let line_start = math_end + rest.find('\n').map_or(rest.len(), |n| n + 1);
        let line = self.source.get(line_start..).unwrap_or("");
        let term = line.lines().next().unwrap_or("").trim();
        let indent = line.len() - line.trim_start().len();
        self.error(
            line_start + indent,
            format!("definition term '{term}' is on the line right after display math: leave a blank line after the '$$ ... $$'"),
        );
    }

    // ----- tables -----

    fn open_table(&mut self, align: &[Alignment], start: usize) {
        self.close_implicit_paragraph();
        self.table = Some(TableBuf {
            align: align.iter().map(|a| convert_align(*a)).collect(),
            header: Vec::new(),
            rows: Vec::new(),
            row: Vec::new(),
            start,
        });
    }

    fn close_cell(&mut self) {
        let inlines = self
            .leaf
            .take()
            .map(|l| trim_breaks(l.inlines))
            .unwrap_or_default();
        if let Some(table) = &mut self.table {
            table.row.push(inlines);
        }
    }

    fn close_header(&mut self) {
        if let Some(table) = &mut self.table {
            table.header = std::mem::take(&mut table.row);
        }
    }

    fn close_row(&mut self, range: Range<usize>) {
        let Some(table) = &mut self.table else {
            return;
        };
        let row = std::mem::take(&mut table.row);
        let columns = table.header.len();
        table.rows.push(row);
        let written = self.source.get(range.clone()).map_or(columns, count_cells);
        if written != columns {
            self.error(
                range.start,
                format!("table row has {written} cell(s) but the header has {columns}"),
            );
        }
    }

    fn close_table(&mut self) {
        let Some(table) = self.table.take() else {
            return;
        };
        self.counters.tables += 1;
        let table = Table {
            number: self.number(self.counters.tables),
            id: None,
            caption: Vec::new(),
            align: table.align,
            header: table.header,
            rows: table.rows,
            pos: self.pos(table.start),
        };
        self.push_block(Block::Table(table));
    }

    // ----- code and diagrams -----

    fn open_code(&mut self, kind: CodeBlockKind<'_>, start: usize) {
        self.close_implicit_paragraph();
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some(CodeBuf {
            lang,
            text: String::new(),
            chunks: Vec::new(),
            start,
        });
    }

    fn close_code(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        if code.lang != "diagram" {
            self.push_block(Block::Code {
                lang: code.lang,
                text: code.text,
            });
            return;
        }
        if let Some(details) = diagram::details(&code.text) {
            let at = file_offset(&code.chunks, details.at).unwrap_or(self.file(code.start));
            let pos = self.report.pos(at);
            self.details.push((details, pos));
        }
        match diagram::parse_all(&code.text) {
            Ok(diagram) => {
                self.counters.figures += 1;
                let figure = Figure {
                    number: self.number(self.counters.figures),
                    diagram,
                    pos: self.pos(code.start),
                };
                self.push_block(Block::Figure(figure));
            }
            Err(errors) => {
                for error in errors {
                    let offset =
                        file_offset(&code.chunks, error.offset).unwrap_or(self.file(code.start));
                    self.report.error(offset, error.message);
                }
            }
        }
    }

    fn finish(mut self) -> Body {
        self.close_implicit_paragraph();
        while self.stack.len() > 1 {
            self.close();
        }
        self.flush_root();
        let body = Body {
            intro: self.intro.unwrap_or_default(),
            sections: self.sections,
        };
        report_uncaptioned_tables(&body, self.report);
        report_details_that_do_not_fit(&body, &self.details, self.report);
        body
    }
}

impl Container {
    fn new(kind: ContainerKind, start: usize) -> Self {
        Self {
            kind,
            blocks: Vec::new(),
            items: Vec::new(),
            term: None,
            start,
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn convert_align(align: Alignment) -> Align {
    match align {
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
        Alignment::Left | Alignment::None => Align::Left,
    }
}

fn is_blank(inline: &Inline) -> bool {
    match inline {
        Inline::Text(text, _) => text.trim().is_empty(),
        Inline::Math(_) => false,
        Inline::SoftBreak | Inline::HardBreak => true,
    }
}

/// The formula of a paragraph that holds nothing but one display formula.
fn lone_math(inlines: &[Inline]) -> Option<String> {
    let mut formulas = inlines.iter().filter(|i| !is_blank(i));
    match (formulas.next(), formulas.next()) {
        (Some(Inline::Math(tex)), None) => Some(tex.clone()),
        _ => None,
    }
}

/// Math that a `$` at `open` starts but that pulldown-cmark left as text.
struct StrayMath {
    /// The formula, after the opening delimiter.
    content: Range<usize>,
    /// Whether a closing delimiter follows in the same paragraph.
    closed: bool,
    /// Where scanning goes on.
    end: usize,
}

/// Reads the stray math at `open`, in a paragraph ending at `paragraph_end`, or `None`
/// when the `$` is escaped or a price (`$5`).
fn stray_math(source: &str, open: usize, paragraph_end: usize) -> Option<StrayMath> {
    if source[..open].ends_with('\\') {
        return None;
    }
    let delimiter = if source[open..].starts_with("$$") {
        "$$"
    } else {
        "$"
    };
    let after = open + delimiter.len();
    let next = source[after..].chars().next();
    if delimiter == "$" && next.is_none_or(|c| c.is_whitespace() || c.is_ascii_digit()) {
        return None;
    }
    let paragraph_end = paragraph_end.max(after);
    let mut from = after;
    while let Some(found) = source[from..paragraph_end].find(delimiter) {
        let close = from + found;
        if !source[..close].ends_with('\\') {
            return Some(StrayMath {
                content: after..close,
                closed: true,
                end: close + delimiter.len(),
            });
        }
        from = close + 1;
    }
    Some(StrayMath {
        content: after..paragraph_end,
        closed: false,
        end: paragraph_end,
    })
}

/// The length of `text` up to the first blank line (a line of only spaces and `>`).
fn paragraph_length(text: &str) -> usize {
    let mut length = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if index > 0
            && line
                .trim_matches(|c: char| c.is_whitespace() || c == '>')
                .is_empty()
        {
            break;
        }
        length += line.len();
    }
    length
}

/// Drops line breaks at either end of a run of inlines.
fn trim_breaks(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while matches!(inlines.last(), Some(Inline::SoftBreak | Inline::HardBreak)) {
        inlines.pop();
    }
    let lead = inlines
        .iter()
        .take_while(|i| matches!(i, Inline::SoftBreak | Inline::HardBreak))
        .count();
    inlines.drain(..lead);
    inlines
}

/// A table without a caption would show "Table 3.3:" and nothing after it.
fn report_uncaptioned_tables(body: &Body, report: &mut Reporter<'_>) {
    let mut uncaptioned = Vec::new();
    body.visit_all(&mut |block| {
        if let Block::Table(table) = block
            && Inline::plain(&table.caption).trim().is_empty()
        {
            uncaptioned.push((table.number.clone(), table.pos));
        }
    });
    for (number, pos) in uncaptioned {
        report.error_at(
            pos,
            format!("table {number} has no caption: write a paragraph 'Table: what it shows.' right after the table"),
        );
    }
}

/// A cycle's `details` names a table of the chapter whose first column names its stages.
fn report_details_that_do_not_fit(
    body: &Body,
    details: &[(diagram::Details, Pos)],
    report: &mut Reporter<'_>,
) {
    if details.is_empty() {
        return;
    }
    let mut first_columns: HashMap<String, Vec<String>> = HashMap::new();
    body.visit_all(&mut |block| {
        if let Block::Table(table) = block
            && let Some(id) = &table.id
        {
            let names = table.rows.iter().filter_map(|row| row.first());
            let names = names.map(|cell| Inline::plain(cell).trim().to_string());
            first_columns
                .entry(id.clone())
                .or_insert_with(|| names.collect());
        }
    });
    for (details, pos) in details {
        let table = &details.table;
        let Some(names) = first_columns.get(table) else {
            report.error_at(
                *pos,
                format!("diagram details name table '{table}', which the chapter does not have"),
            );
            continue;
        };
        for stage in &details.stages {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(stage)) {
                report.error_at(
                    *pos,
                    format!("stage '{stage}' has no row in table '{table}'"),
                );
            }
        }
    }
}

/// "Table 3.1" when a caption starts by writing a table number itself.
fn written_number(caption: &str) -> Option<&str> {
    let rest = caption
        .strip_prefix("Table")
        .or_else(|| caption.strip_prefix("table"))?;
    let number = rest.trim_start();
    let digits = number
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(number.len());
    let written = number[..digits].trim_end_matches('.');
    let starts_with_digit = written.starts_with(|c: char| c.is_ascii_digit());
    (number.len() < rest.len() && starts_with_digit)
        .then(|| &caption[..caption.len() - number.len() + written.len()])
}

/// Reads a "Table: caption {#id}" paragraph.
fn caption_of(inlines: &[Inline]) -> Option<(Vec<Inline>, Option<String>)> {
    let Some(Inline::Text(first, style)) = inlines.first() else {
        return None;
    };
    let rest = first.strip_prefix("Table:")?;
    let mut caption = inlines.to_vec();
    caption[0] = Inline::Text(rest.trim_start().to_string(), *style);
    let mut id = None;
    if let Some(Inline::Text(last, _)) = caption.last_mut() {
        let trimmed = last.trim_end();
        if let Some(open) = trimmed.rfind("{#")
            && trimmed.ends_with('}')
        {
            id = Some(trimmed[open + 2..trimmed.len() - 1].trim().to_string());
            *last = trimmed[..open].trim_end().to_string();
        }
    }
    Some((trim_breaks(caption), id))
}

/// Counts the cells written in one table row of source, per GFM (unescaped pipes).
fn count_cells(row: &str) -> usize {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let mut cells = 1;
    let mut escaped = false;
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => {
                if chars.peek().is_some() {
                    cells += 1;
                }
            }
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    cells
}

/// Maps an offset in a code block's text to an offset in the file.
fn file_offset(chunks: &[(usize, usize)], offset: usize) -> Option<usize> {
    let index = chunks
        .partition_point(|(start, _)| *start <= offset)
        .checked_sub(1)?;
    let (text_start, file_start) = chunks[index];
    Some(file_start + offset - text_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> (Body, Vec<String>) {
        let mut report = Reporter::new("c.md", text);
        let body = parse_body(text, 0, 1, &mut report);
        let messages = report.diagnostics.iter().map(ToString::to_string).collect();
        (body, messages)
    }

    #[test]
    fn sections_are_numbered_and_keep_their_ids() {
        let (body, messages) =
            body("Intro.\n\n## One {#one}\n\nA.\n\n## Two {#two}\n\n### Sub\n\nB.\n");
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(body.intro.len(), 1);
        let ids: Vec<_> = body
            .sections
            .iter()
            .map(|s| (s.number.as_str(), s.id.as_str()))
            .collect();
        assert_eq!(ids, [("1.1", "one"), ("1.2", "two")]);
        assert!(matches!(
            body.sections[1].blocks[0],
            Block::Heading { level: 3, .. }
        ));
    }

    #[test]
    fn table_caption_and_id_attach_to_the_table() {
        let (body, messages) =
            body("## S {#s}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Numbers. {#tbl-n}\n");
        assert!(messages.is_empty(), "{messages:?}");
        let Block::Table(table) = &body.sections[0].blocks[0] else {
            panic!("expected a table, got {:?}", body.sections[0].blocks);
        };
        assert_eq!(table.number, "1.1");
        assert_eq!(table.id.as_deref(), Some("tbl-n"));
        assert_eq!(Inline::plain(&table.caption), "Numbers.");
        assert_eq!(body.sections[0].blocks.len(), 1);
    }

    #[test]
    fn ragged_rows_are_reported_at_the_row() {
        let (_, messages) =
            body("## S {#s}\n\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n\nTable: Numbers.\n");
        assert_eq!(
            messages,
            ["c.md:5:1: table row has 3 cell(s) but the header has 2"]
        );
    }

    #[test]
    fn display_math_is_a_numbered_block() {
        let (body, _) = body("## S {#s}\n\n$$\nL = x^2\n$$\n");
        assert!(
            matches!(&body.sections[0].blocks[0], Block::Math { number, tex } if number == "1.1" && tex == "L = x^2"),
            "{:?}",
            body.sections[0].blocks
        );
    }

    #[test]
    fn definitions_and_tight_lists() {
        let (body, messages) = body("## S {#s}\n\nTerm\n: Its meaning.\n\n- one\n- two\n");
        assert!(messages.is_empty(), "{messages:?}");
        assert!(
            matches!(&body.sections[0].blocks[0], Block::Definition { term, .. } if term == "Term")
        );
        assert!(
            matches!(&body.sections[0].blocks[1], Block::List { items, .. } if items.len() == 2)
        );
    }

    #[test]
    fn deep_nesting_is_flattened_not_overflowed() {
        let text = format!("## S {{#s}}\n\n{}deep\n", "> ".repeat(5000));
        let (_, messages) = body(&text);
        assert_eq!(messages.len(), 1);
        assert!(messages[0].contains("nested too deeply"));
    }

    #[test]
    fn prices_and_escaped_dollars_are_not_math() {
        let (_, messages) =
            body("## S {#s}\n\nIt costs $5 or US$ 7, and \\$x is text; $y$ is math.\n");
        assert!(messages.is_empty(), "{messages:?}");
        let (_, messages) = body("## S {#s}\n\nOpen $x and\n\nthe next $paragraph$ is fine.\n");
        assert_eq!(
            messages,
            ["c.md:3:6: math '$' is never closed: end it with '$' (write '\\$' for a dollar sign)"]
        );
    }

    #[test]
    fn a_caption_that_writes_its_number_is_caught() {
        assert_eq!(written_number("Table 3.1: Costs."), Some("Table 3.1"));
        assert_eq!(written_number("table 12. Costs"), Some("table 12"));
        assert_eq!(written_number("Tables of costs."), None);
        assert_eq!(written_number("Table tennis scores."), None);
        assert_eq!(written_number("Costs per Table 3.1."), None);
    }

    #[test]
    fn cells_are_counted_with_escaped_pipes() {
        assert_eq!(count_cells("| a | b \\| c |"), 2);
        assert_eq!(count_cells("a | b"), 2);
        assert_eq!(count_cells("| a |"), 1);
    }
}
