//! Terminal drawing of course figures (`crate::content::diagram`).
//!
//! Chapters describe figures as small specs rather than fixed ASCII art, so that the reader can
//! draw them to fit whatever width the terminal has: a ring of boxes when there is room, a
//! vertical stack when there is less, bare truncated labels when there is almost none. The
//! output is lines of text segments tagged with the [`Part`] they belong to, so the UI can
//! colour them and highlight a selected stage without this module knowing about colours or the
//! terminal library. No line is ever wider than the width asked for.

use crate::content::diagram::{Cycle, Diagram, DiagramKind, Lane, Lanes, Link, Proportion};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// What a piece of drawn text belongs to, so a UI can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Box-drawing lines that are not a stage (e.g. the frame around a bar).
    Frame,
    /// Other labels: lane names, link labels, legends.
    Text,
    /// Flow arrows between stages or steps.
    Arrow,
    /// The feedback arrow of a cycle and its label.
    Feedback,
    /// The box and label of stage `i` (cycle) or of step `i` counted over all lanes in order.
    Stage(usize),
    /// The bar segment and legend of proportion part `i`.
    Share(usize),
}

/// How to draw: the width available, ASCII-only output, and an optional stage to mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawOptions {
    pub width: usize,
    pub ascii: bool,
    pub selected: Option<usize>,
}

/// A run of text and what it belongs to.
pub type Segment = (String, Part);

/// Draws `diagram` into lines no wider than `opts.width` (the caption is left to the caller).
pub fn draw(diagram: &Diagram, opts: &DrawOptions) -> Vec<Vec<Segment>> {
    if opts.width == 0 {
        return Vec::new();
    }
    let canvas = match &diagram.kind {
        DiagramKind::Cycle(cycle) => draw_cycle(cycle, opts),
        DiagramKind::Lanes(lanes) => draw_lanes(lanes, opts),
        DiagramKind::Proportion(proportion) => draw_proportion(proportion, opts),
    };
    canvas.into_lines()
}

/// Space left between two boxes joined by a horizontal arrow, and the most we spread them.
const MIN_GAP: usize = 3;
const MAX_GAP: usize = 5;
/// Labels are wrapped to at most this many lines before a narrower layout is preferred.
const MAX_LABEL_LINES: usize = 2;
/// Words longer than this may be broken inside a box rather than giving up on boxes.
const BREAKABLE_WORD: usize = 12;
/// The proportion bar never gets wider than this.
const MAX_BAR: usize = 60;
/// Canvases are never wider than this, whatever width is asked for.
const MAX_CANVAS: usize = 1024;

// =============================================================================================
// Text: cleaning, measuring, wrapping and truncating labels.

/// A base character with the zero-width characters that follow or join it.
struct Cluster {
    text: String,
    width: usize,
}

fn clusters(s: &str) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::new();
    let mut joined = false;
    for ch in s.chars() {
        let ch = if ch.is_control() { ' ' } else { ch };
        let zero = ch.width().unwrap_or(0) == 0;
        match out.last_mut() {
            Some(last) if zero || joined => last.text.push(ch),
            _ if zero => {}
            _ => out.push(Cluster {
                text: ch.to_string(),
                width: 0,
            }),
        }
        joined = ch == '\u{200D}';
    }
    for cluster in &mut out {
        cluster.width = UnicodeWidthStr::width(cluster.text.as_str());
    }
    out.retain(|c| c.width > 0);
    out
}

fn text_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// A label as drawn: one line, whitespace collapsed, folded to ASCII in ASCII mode.
fn clean(s: &str, ascii: bool) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if ascii {
        ascii_fold(&one_line)
    } else {
        one_line
    }
}

const LATIN1_FROM: &str = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ";
const LATIN1_TO: &str = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy";

fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if ch.is_ascii() {
            out.push(if ch.is_ascii_control() { ' ' } else { ch });
        } else if let Some(i) = LATIN1_FROM.chars().position(|c| c == ch) {
            out.extend(LATIN1_TO.chars().nth(i));
        } else {
            out.push_str(ascii_substitute(ch));
        }
    }
    out
}

fn ascii_substitute(ch: char) -> &'static str {
    match ch {
        '‘' | '’' | '′' => "'",
        '“' | '”' | '″' => "\"",
        '–' | '—' | '−' | '‐' => "-",
        '…' => "...",
        '×' => "x",
        '→' => "->",
        '←' => "<-",
        '≤' => "<=",
        '≥' => ">=",
        '≈' => "~",
        'ß' => "ss",
        '\u{a0}' => " ",
        c if c.width().unwrap_or(0) == 0 => "",
        _ => "?",
    }
}

/// Word-wraps `s` to lines of at most `w` columns; words longer than `w` are broken.
fn wrap(s: &str, w: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if w == 0 {
        return lines;
    }
    let mut line = String::new();
    let mut line_w = 0;
    for word in s.split_whitespace() {
        for piece in split_word(word, w) {
            let piece_w = text_width(&piece);
            if line_w > 0 && line_w + 1 + piece_w > w {
                lines.push(std::mem::take(&mut line));
                line_w = 0;
            }
            if line_w > 0 {
                line.push(' ');
                line_w += 1;
            }
            line.push_str(&piece);
            line_w += piece_w;
        }
    }
    if line_w > 0 {
        lines.push(line);
    }
    lines
}

/// Like [`wrap`], but as narrow as possible for the same number of lines, so that a short
/// label does not leave one word dangling on its last line.
fn wrap_balanced(s: &str, w: usize) -> Vec<String> {
    let mut best = wrap(s, w);
    if best.len() < 2 {
        return best;
    }
    let floor = longest_word([&s.to_string()]).max(1);
    let mut narrower = w;
    while narrower > floor {
        narrower -= 1;
        let lines = wrap(s, narrower);
        if lines.len() != best.len() {
            break;
        }
        best = lines;
    }
    best
}

fn split_word(word: &str, w: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut piece_w = 0;
    for cluster in clusters(word) {
        if cluster.width > w {
            continue;
        }
        if piece_w + cluster.width > w {
            pieces.push(std::mem::take(&mut piece));
            piece_w = 0;
        }
        piece.push_str(&cluster.text);
        piece_w += cluster.width;
    }
    if piece_w > 0 {
        pieces.push(piece);
    }
    pieces
}

/// Cuts `s` to `w` columns, ending in an ellipsis when something was cut.
fn truncate(s: &str, w: usize, ascii: bool) -> String {
    if text_width(s) <= w {
        return s.to_string();
    }
    let ellipsis = if ascii { "." } else { "…" };
    let mut out = String::new();
    let mut used = 0;
    for cluster in clusters(s) {
        if used + cluster.width + 1 > w {
            break;
        }
        out.push_str(&cluster.text);
        used += cluster.width;
    }
    let mut out = out.trim_end().to_string();
    if w > 0 {
        out.push_str(ellipsis);
    }
    out
}

fn widest(texts: &[String]) -> usize {
    texts.iter().map(|t| text_width(t)).max().unwrap_or(0)
}

fn longest_word<'a>(texts: impl IntoIterator<Item = &'a String>) -> usize {
    texts
        .into_iter()
        .flat_map(|t| t.split_whitespace())
        .map(text_width)
        .max()
        .unwrap_or(0)
}

/// "5%" or "12.5%".
fn format_percent(p: f64) -> String {
    if (p - p.round()).abs() < 0.05 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

// =============================================================================================
// Canvas: a grid of cells holding either a text glyph or line-drawing directions.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stroke {
    Light = 1,
    Heavy = 2,
    Double = 3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Up,
    Down,
    Left,
    Right,
}

const UP: usize = 0;
const DOWN: usize = 1;
const LEFT: usize = 2;
const RIGHT: usize = 3;

#[derive(Debug, Clone, PartialEq)]
enum Glyph {
    None,
    Start(String, Part),
    /// The right half of a wide glyph that starts further left.
    Cont,
}

/// One column of one row. Lines are kept as the strokes leaving the cell in each direction, so
/// that crossings and junctions with box borders get the right box-drawing character.
#[derive(Debug, Clone)]
struct Cell {
    glyph: Glyph,
    bits: [u8; 4],
    line_part: Part,
}

impl Cell {
    fn blank() -> Self {
        Cell {
            glyph: Glyph::None,
            bits: [0; 4],
            line_part: Part::Frame,
        }
    }

    fn is_blank(&self) -> bool {
        match &self.glyph {
            Glyph::None => self.bits == [0; 4],
            Glyph::Start(s, _) => s == " ",
            Glyph::Cont => false,
        }
    }
}

struct Canvas {
    width: usize,
    ascii: bool,
    rows: Vec<Vec<Cell>>,
}

impl Canvas {
    fn new(width: usize, ascii: bool) -> Self {
        Canvas {
            width: width.min(MAX_CANVAS),
            ascii,
            rows: Vec::new(),
        }
    }

    fn height(&self) -> usize {
        self.rows.len()
    }

    fn cell_mut(&mut self, x: usize, y: usize) -> Option<&mut Cell> {
        if x >= self.width {
            return None;
        }
        while self.rows.len() <= y {
            self.rows.push(vec![Cell::blank(); self.width]);
        }
        self.rows.get_mut(y).and_then(|row| row.get_mut(x))
    }

    /// Removes whatever glyph covers (x, y), including both halves of a wide one.
    fn clear_glyph(&mut self, x: usize, y: usize) {
        let Some(row) = self.rows.get_mut(y) else {
            return;
        };
        let mut start = x;
        while start > 0 && row.get(start).is_some_and(|c| c.glyph == Glyph::Cont) {
            start -= 1;
        }
        if let Some(cell) = row.get_mut(start) {
            cell.glyph = Glyph::None;
        }
        let mut next = start + 1;
        while let Some(cell) = row.get_mut(next).filter(|c| c.glyph == Glyph::Cont) {
            cell.glyph = Glyph::None;
            next += 1;
        }
    }

    fn put(&mut self, x: usize, y: usize, text: &str, w: usize, part: Part) {
        if w == 0 || x + w > self.width {
            return;
        }
        for i in 0..w {
            self.cell_mut(x + i, y);
            self.clear_glyph(x + i, y);
        }
        if let Some(cell) = self.cell_mut(x, y) {
            cell.glyph = Glyph::Start(text.to_string(), part);
        }
        for i in 1..w {
            if let Some(cell) = self.cell_mut(x + i, y) {
                cell.glyph = Glyph::Cont;
            }
        }
    }

    /// Writes `s` from column `x`, clipped at the canvas edge.
    fn text(&mut self, x: usize, y: usize, s: &str, part: Part) {
        let folded;
        let s = if self.ascii {
            folded = ascii_fold(s);
            folded.as_str()
        } else {
            s
        };
        let mut cx = x;
        for cluster in clusters(s) {
            if cx + cluster.width > self.width {
                break;
            }
            self.put(cx, y, &cluster.text, cluster.width, part);
            cx += cluster.width;
        }
    }

    fn glyph(&mut self, x: usize, y: usize, ch: char, part: Part) {
        self.put(x, y, &ch.to_string(), ch.width().unwrap_or(1).max(1), part);
    }

    fn head(&mut self, x: usize, y: usize, dir: Dir, part: Part) {
        let ch = match (dir, self.ascii) {
            (Dir::Up, false) => '▲',
            (Dir::Down, false) => '▼',
            (Dir::Left, false) => '◀',
            (Dir::Right, false) => '▶',
            (Dir::Up, true) => '^',
            (Dir::Down, true) => 'v',
            (Dir::Left, true) => '<',
            (Dir::Right, true) => '>',
        };
        self.glyph(x, y, ch, part);
    }

    fn bit(&mut self, x: usize, y: usize, dir: usize, stroke: Stroke, part: Part) {
        if let Some(cell) = self.cell_mut(x, y) {
            cell.bits[dir] = cell.bits[dir].max(stroke as u8);
            cell.line_part = part;
        }
    }

    /// A horizontal line through columns x0..=x1 (in either order) on row y.
    fn hline(&mut self, x0: usize, x1: usize, y: usize, stroke: Stroke, part: Part) {
        let (a, b) = (x0.min(x1), x0.max(x1).min(self.width));
        for x in a..=b {
            if x > a {
                self.bit(x, y, LEFT, stroke, part);
            }
            if x < b {
                self.bit(x, y, RIGHT, stroke, part);
            }
        }
    }

    /// A vertical line through rows y0..=y1 (in either order) in column x.
    fn vline(&mut self, x: usize, y0: usize, y1: usize, stroke: Stroke, part: Part) {
        let (a, b) = (y0.min(y1), y0.max(y1));
        for y in a..=b {
            if y > a {
                self.bit(x, y, UP, stroke, part);
            }
            if y < b {
                self.bit(x, y, DOWN, stroke, part);
            }
        }
    }

    fn rect(&mut self, x: usize, y: usize, w: usize, h: usize, stroke: Stroke, part: Part) {
        if w < 2 || h < 2 {
            return;
        }
        let (right, bottom) = (x + w - 1, y + h - 1);
        self.hline(x, right, y, stroke, part);
        self.hline(x, right, bottom, stroke, part);
        self.vline(x, y, bottom, stroke, part);
        self.vline(right, y, bottom, stroke, part);
    }

    /// Columns used by the widest row.
    fn used_width(&self) -> usize {
        self.rows.iter().map(|r| row_end(r)).max().unwrap_or(0)
    }

    /// The finished lines, centred in the width, without trailing blanks or blank last rows.
    fn into_lines(self) -> Vec<Vec<Segment>> {
        let shift = self.width.saturating_sub(self.used_width()) / 2;
        let mut lines: Vec<Vec<Segment>> = self
            .rows
            .iter()
            .map(|row| self.render_row(row, shift))
            .collect();
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        lines
    }

    fn render_row(&self, row: &[Cell], shift: usize) -> Vec<Segment> {
        let end = row_end(row);
        let mut segments = Vec::new();
        if end > 0 && shift > 0 {
            push_segment(&mut segments, &" ".repeat(shift), Part::Text);
        }
        for cell in row.iter().take(end) {
            match &cell.glyph {
                Glyph::Start(text, part) => push_segment(&mut segments, text, *part),
                Glyph::Cont => {}
                Glyph::None if cell.bits != [0; 4] => {
                    let ch = line_char(cell.bits, self.ascii).to_string();
                    push_segment(&mut segments, &ch, cell.line_part);
                }
                Glyph::None => push_segment(&mut segments, " ", Part::Text),
            }
        }
        fit_segments(segments, self.width)
    }
}

fn row_end(row: &[Cell]) -> usize {
    row.iter().rposition(|c| !c.is_blank()).map_or(0, |i| i + 1)
}

fn push_segment(segments: &mut Vec<Segment>, text: &str, part: Part) {
    match segments.last_mut() {
        Some((last, last_part)) if *last_part == part => last.push_str(text),
        _ => segments.push((text.to_string(), part)),
    }
}

/// Last line of defence: drops characters from the end until the line fits.
fn fit_segments(mut segments: Vec<Segment>, width: usize) -> Vec<Segment> {
    while segments.iter().map(|(s, _)| text_width(s)).sum::<usize>() > width {
        let Some((last, _)) = segments.last_mut() else {
            break;
        };
        last.pop();
        if last.is_empty() {
            segments.pop();
        }
    }
    segments
}

/// The box-drawing character for the strokes leaving a cell (up, down, left, right).
fn line_char(bits: [u8; 4], ascii: bool) -> char {
    if ascii {
        return ascii_line_char(bits);
    }
    let attempts = [
        bits,
        uniform_axes(bits),
        replace_stroke(uniform_axes(bits), Stroke::Heavy, Stroke::Light),
        replace_stroke(bits, Stroke::Double, Stroke::Light),
        replace_stroke(
            replace_stroke(bits, Stroke::Double, Stroke::Light),
            Stroke::Heavy,
            Stroke::Light,
        ),
    ];
    attempts.iter().find_map(|b| box_lookup(*b)).unwrap_or('+')
}

/// ASCII lines: `-` `|` (`=` `:` heavy, `=` `#` double). A tee shows its through line, so a
/// junction on a box border keeps the border's look; corners and crossings are `+` (`#` for
/// the corners of a double box).
fn ascii_line_char(bits: [u8; 4]) -> char {
    let vertical = bits[UP].max(bits[DOWN]);
    let horizontal = bits[LEFT].max(bits[RIGHT]);
    let through_v = bits[UP] > 0 && bits[DOWN] > 0;
    let through_h = bits[LEFT] > 0 && bits[RIGHT] > 0;
    let double = Stroke::Double as u8;
    match (vertical, horizontal) {
        (_, 0) => ascii_vertical(vertical),
        (0, _) => ascii_horizontal(horizontal),
        _ if through_v && !through_h => ascii_vertical(vertical),
        _ if through_h && !through_v => ascii_horizontal(horizontal),
        (v, h) if v == double && h == double => '#',
        _ => '+',
    }
}

fn ascii_vertical(stroke: u8) -> char {
    match stroke {
        1 => '|',
        2 => ':',
        _ => '#',
    }
}

fn ascii_horizontal(stroke: u8) -> char {
    if stroke == 1 { '-' } else { '=' }
}

/// Gives both halves of each axis the stronger stroke (mixed halves rarely have a glyph).
fn uniform_axes(mut bits: [u8; 4]) -> [u8; 4] {
    for (a, b) in [(UP, DOWN), (LEFT, RIGHT)] {
        let strongest = bits[a].max(bits[b]);
        for i in [a, b] {
            if bits[i] != 0 {
                bits[i] = strongest;
            }
        }
    }
    bits
}

fn replace_stroke(mut bits: [u8; 4], from: Stroke, to: Stroke) -> [u8; 4] {
    for b in &mut bits {
        if *b == from as u8 {
            *b = to as u8;
        }
    }
    bits
}

fn box_lookup(bits: [u8; 4]) -> Option<char> {
    let index = bits
        .iter()
        .fold(0usize, |acc, b| acc * 4 + usize::from((*b).min(3)));
    BOX_CHARS.get(index).copied().filter(|c| *c != ' ')
}

/// Box-drawing characters indexed by up*64 + down*16 + left*4 + right, each 0 (none),
/// 1 (light), 2 (heavy) or 3 (double); ' ' where Unicode has no such character.
/// Generated from the Unicode character names of U+2500..U+257F.
#[rustfmt::skip]
const BOX_CHARS: [char; 256] = [
    ' ', '╶', '╺', ' ', '╴', '─', '╼', ' ', '╸', '╾', '━', ' ', ' ', ' ', ' ', '═',
    '╷', '┌', '┍', '╒', '┐', '┬', '┮', ' ', '┑', '┭', '┯', ' ', '╕', ' ', ' ', '╤',
    '╻', '┎', '┏', ' ', '┒', '┰', '┲', ' ', '┓', '┱', '┳', ' ', ' ', ' ', ' ', ' ',
    ' ', '╓', ' ', '╔', '╖', '╥', ' ', ' ', ' ', ' ', ' ', ' ', '╗', ' ', ' ', '╦',
    '╵', '└', '┕', '╘', '┘', '┴', '┶', ' ', '┙', '┵', '┷', ' ', '╛', ' ', ' ', '╧',
    '│', '├', '┝', '╞', '┤', '┼', '┾', ' ', '┥', '┽', '┿', ' ', '╡', ' ', ' ', '╪',
    '╽', '┟', '┢', ' ', '┧', '╁', '╆', ' ', '┪', '╅', '╈', ' ', ' ', ' ', ' ', ' ',
    ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
    '╹', '┖', '┗', ' ', '┚', '┸', '┺', ' ', '┛', '┹', '┻', ' ', ' ', ' ', ' ', ' ',
    '╿', '┞', '┡', ' ', '┦', '╀', '╄', ' ', '┩', '╃', '╇', ' ', ' ', ' ', ' ', ' ',
    '┃', '┠', '┣', ' ', '┨', '╂', '╊', ' ', '┫', '╉', '╋', ' ', ' ', ' ', ' ', ' ',
    ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
    ' ', '╙', ' ', '╚', '╜', '╨', ' ', ' ', ' ', ' ', ' ', ' ', '╝', ' ', ' ', '╩',
    ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
    ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
    '║', '╟', ' ', '╠', '╢', '╫', ' ', ' ', ' ', ' ', ' ', ' ', '╣', ' ', ' ', '╬',
];

// =============================================================================================
// Boxes and arrows shared by the layouts.

/// A stage or step box placed on the canvas; its label lines are centred inside.
#[derive(Debug, Clone)]
struct Boxed {
    x: usize,
    y: usize,
    w: usize,
    h: usize,
    lines: Vec<String>,
    part: Part,
    selected: bool,
}

impl Boxed {
    fn new(lines: Vec<String>, part: Part, selected: bool) -> Self {
        let w = widest(&lines) + 4;
        let h = lines.len() + 2;
        Boxed {
            x: 0,
            y: 0,
            w,
            h,
            lines,
            part,
            selected,
        }
    }

    fn right(&self) -> usize {
        self.x + self.w.saturating_sub(1)
    }

    fn bottom(&self) -> usize {
        self.y + self.h.saturating_sub(1)
    }

    fn center(&self) -> usize {
        self.x + self.w / 2
    }

    fn mid(&self) -> usize {
        self.y + self.h / 2
    }
}

/// Width of a box around label lines: a border and a space on each side.
fn box_width(lines: &[String]) -> usize {
    widest(lines) + 4
}

fn draw_box(canvas: &mut Canvas, b: &Boxed) {
    let stroke = if b.selected {
        Stroke::Double
    } else {
        Stroke::Light
    };
    canvas.rect(b.x, b.y, b.w, b.h, stroke, b.part);
    let inner_h = b.h.saturating_sub(2);
    // Rounded down the box, so that a one-line label sits on the row its arrows leave from.
    let top = b.y + 1 + inner_h.saturating_sub(b.lines.len()).div_ceil(2);
    for (i, line) in b.lines.iter().enumerate() {
        let x = b.x + b.w.saturating_sub(text_width(line)) / 2;
        canvas.text(x, top + i, line, b.part);
    }
}

/// A horizontal arrow from the side of `from` to the side of `to`, on row `y`.
fn arrow_across(canvas: &mut Canvas, from: &Boxed, to: &Boxed, y: usize, part: Part) {
    if to.x > from.x {
        let head = to.x.saturating_sub(1);
        canvas.hline(from.right(), head, y, Stroke::Light, part);
        canvas.head(head, y, Dir::Right, part);
    } else {
        let head = to.right() + 1;
        canvas.hline(head, from.x, y, Stroke::Light, part);
        canvas.head(head, y, Dir::Left, part);
    }
}

/// A straight arrow down from the bottom border of `from` to the row above `to`.
fn arrow_down(canvas: &mut Canvas, from: &Boxed, to: &Boxed, x: usize, part: Part) {
    let head = to.y.saturating_sub(1);
    canvas.vline(x, from.bottom(), head, Stroke::Light, part);
    canvas.head(x, head, Dir::Down, part);
}

/// "A ─▶ B: label", for arrows that are listed under a figure instead of drawn.
fn arrow_text(from: &str, to: &str, label: Option<&str>, stroke: Stroke, ascii: bool) -> String {
    let arrow = match (stroke, ascii) {
        (Stroke::Light, false) => "─▶",
        (_, false) => "━▶",
        (Stroke::Light, true) => "->",
        (_, true) => "=>",
    };
    match label {
        Some(label) => format!("{from} {arrow} {to}: {label}"),
        None => format!("{from} {arrow} {to}"),
    }
}

/// Lines listed under a figure, each wrapped (or, when very narrow, cut) to the width.
fn draw_legend(canvas: &mut Canvas, y: usize, entries: &[(String, Part)]) -> usize {
    let mut y = y;
    for (text, part) in entries {
        let lines = if canvas.width >= 8 {
            wrap(text, canvas.width)
        } else {
            vec![truncate(text, canvas.width, canvas.ascii)]
        };
        for line in lines {
            canvas.text(0, y, &line, *part);
            y += 1;
        }
    }
    y
}

// =============================================================================================
// Cycle: a ring of two rows when it fits, otherwise a column.

/// The feedback arrow, as stage indexes.
struct Back {
    from: usize,
    to: usize,
    label: Option<String>,
}

fn draw_cycle(cycle: &Cycle, opts: &DrawOptions) -> Canvas {
    let labels: Vec<String> = cycle.stages.iter().map(|s| clean(s, opts.ascii)).collect();
    let back = cycle
        .feedback
        .as_ref()
        .and_then(|f| resolve_back(cycle, f, opts.ascii));
    if let Some(ring) = plan_ring(&labels, back.as_ref(), opts.width) {
        return draw_ring(&ring, &labels, back.as_ref(), opts);
    }
    draw_column(&cycle_column(&labels, back.as_ref(), opts), opts)
}

fn resolve_back(cycle: &Cycle, link: &Link, ascii: bool) -> Option<Back> {
    let from = cycle.stages.iter().position(|s| *s == link.from)?;
    let to = cycle.stages.iter().position(|s| *s == link.to)?;
    let label = link.label.as_deref().map(|l| clean(l, ascii));
    (from != to).then_some(Back { from, to, label })
}

/// Two rows of boxes: stages 0..k left to right on top, the rest right to left below, so the
/// stages go round clockwise and the arrow from the last stage back to the first closes the
/// loop on the left.
struct Ring {
    k: usize,
    lines: Vec<Vec<String>>,
    col_x: Vec<usize>,
    col_w: Vec<usize>,
    note: Vec<String>,
}

impl Ring {
    fn column_of(&self, stage: usize) -> usize {
        if stage < self.k {
            stage
        } else {
            (2 * self.k - 1).saturating_sub(stage)
        }
    }

    fn row_height(&self, stages: std::ops::Range<usize>) -> usize {
        stages.map(|s| self.lines[s].len()).max().unwrap_or(1) + 2
    }
}

fn plan_ring(labels: &[String], back: Option<&Back>, width: usize) -> Option<Ring> {
    let n = labels.len();
    let closes_loop = back.is_none_or(|b| b.from + 1 == n && b.to == 0);
    if n < 3 || !closes_loop {
        return None;
    }
    let widest = widest(labels);
    let narrowest = longest_word(labels).clamp(1, widest.max(1));
    let note = back.and_then(|b| b.label.as_deref());
    (narrowest..=widest)
        .rev()
        .find_map(|m| ring_at(labels, note, width, m))
}

fn ring_at(labels: &[String], note: Option<&str>, width: usize, m: usize) -> Option<Ring> {
    let n = labels.len();
    let k = n.div_ceil(2);
    let lines: Vec<Vec<String>> = labels.iter().map(|l| wrap(l, m)).collect();
    if lines.iter().any(|l| l.len() > MAX_LABEL_LINES) {
        return None;
    }
    let col_w: Vec<usize> = (0..k)
        .map(|c| {
            let bottom = (2 * k - 1 - c < n).then(|| box_width(&lines[2 * k - 1 - c]));
            box_width(&lines[c]).max(bottom.unwrap_or(0))
        })
        .collect();
    let gap = ring_gap(&col_w, note, width)?;
    let col_x = column_starts(&col_w, gap);
    let area = note_area(&col_w, gap);
    let note = match note {
        Some(text) if area < text_width(text).min(12) => return None,
        Some(text) => wrap_balanced(text, area),
        None => Vec::new(),
    };
    (note.len() <= 3).then_some(Ring {
        k,
        lines,
        col_x,
        col_w,
        note,
    })
}

/// Room for the feedback label between the arrows on the left and right of a ring.
fn note_area(col_w: &[usize], gap: usize) -> usize {
    let starts = column_starts(col_w, gap);
    let (Some(first), Some(last), Some(start)) = (col_w.first(), col_w.last(), starts.last())
    else {
        return 0;
    };
    (start + last / 2).saturating_sub(first / 2 + 3)
}

/// The ring's gap: spread out up to `MAX_GAP`, or wider if that puts the feedback label on a
/// single line.
fn ring_gap(col_w: &[usize], note: Option<&str>, width: usize) -> Option<usize> {
    let boxes: usize = col_w.iter().sum();
    let gap = spread_gap(width, boxes, col_w.len())?;
    let widest_gap = (width - boxes) / col_w.len().saturating_sub(1).max(1);
    let one_line =
        note.and_then(|text| (gap..=widest_gap).find(|g| note_area(col_w, *g) >= text_width(text)));
    Some(one_line.unwrap_or(gap))
}

/// The gap between `count` boxes of total width `boxes` so that they fill `width` up to
/// `MAX_GAP`, or `None` when even `MIN_GAP` does not fit.
fn spread_gap(width: usize, boxes: usize, count: usize) -> Option<usize> {
    let gaps = count.saturating_sub(1);
    if boxes + gaps * MIN_GAP > width {
        return None;
    }
    if gaps == 0 {
        return Some(MIN_GAP);
    }
    Some(((width - boxes) / gaps).clamp(MIN_GAP, MAX_GAP))
}

fn column_starts(widths: &[usize], gap: usize) -> Vec<usize> {
    let mut x = 0;
    widths
        .iter()
        .map(|w| {
            let start = x;
            x += w + gap;
            start
        })
        .collect()
}

fn draw_ring(ring: &Ring, labels: &[String], back: Option<&Back>, opts: &DrawOptions) -> Canvas {
    let mut canvas = Canvas::new(opts.width, opts.ascii);
    let boxes = ring_boxes(ring, labels.len(), opts.selected);
    for b in &boxes {
        draw_box(&mut canvas, b);
    }
    for i in 0..boxes.len().saturating_sub(1) {
        ring_flow(&mut canvas, ring, &boxes, i);
    }
    ring_closure(&mut canvas, ring, &boxes, back.is_some());
    canvas
}

fn ring_boxes(ring: &Ring, n: usize, selected: Option<usize>) -> Vec<Boxed> {
    let top_h = ring.row_height(0..ring.k);
    let bottom_y = top_h + ring.note.len().max(2);
    let bottom_h = ring.row_height(ring.k..n);
    (0..n)
        .map(|s| {
            let c = ring.column_of(s);
            let mut b = Boxed::new(ring.lines[s].clone(), Part::Stage(s), selected == Some(s));
            b.x = ring.col_x[c];
            b.w = ring.col_w[c];
            (b.y, b.h) = if s < ring.k {
                (0, top_h)
            } else {
                (bottom_y, bottom_h)
            };
            b
        })
        .collect()
}

/// The arrow from stage `i` to stage `i + 1`: right along the top, down at the right end,
/// left along the bottom.
fn ring_flow(canvas: &mut Canvas, ring: &Ring, boxes: &[Boxed], i: usize) {
    let (from, to) = (&boxes[i], &boxes[i + 1]);
    if i + 1 == ring.k {
        arrow_down(canvas, from, to, from.center(), Part::Arrow);
    } else {
        arrow_across(canvas, from, to, from.mid(), Part::Arrow);
    }
}

/// The arrow from the last stage up to the first, on the left; the feedback arrow when the
/// cycle has one (heavy, with its label beside it).
fn ring_closure(canvas: &mut Canvas, ring: &Ring, boxes: &[Boxed], is_feedback: bool) {
    let (Some(first), Some(last)) = (boxes.first(), boxes.last()) else {
        return;
    };
    let (stroke, part) = if is_feedback {
        (Stroke::Heavy, Part::Feedback)
    } else {
        (Stroke::Light, Part::Arrow)
    };
    let x = first.center();
    let head = first.bottom() + 1;
    if last.x == first.x {
        canvas.vline(x, head, last.y, stroke, part);
    } else {
        canvas.hline(x, last.x, last.mid(), stroke, part);
        canvas.vline(x, head, last.mid(), stroke, part);
    }
    canvas.head(x, head, Dir::Up, part);
    for (i, line) in ring.note.iter().enumerate() {
        canvas.text(x + 2, head + i, line, part);
    }
}

fn cycle_column(labels: &[String], back: Option<&Back>, opts: &DrawOptions) -> Column {
    let n = labels.len();
    let items = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            ColItem::Step(Step {
                label: label.clone(),
                part: Part::Stage(i),
                selected: opts.selected == Some(i),
                chained: i + 1 < n,
            })
        })
        .collect();
    let mut sides = Vec::new();
    if let Some(b) = back {
        sides.push(Side {
            from: b.from,
            to: b.to,
            stroke: Stroke::Heavy,
            part: Part::Feedback,
            label: b.label.clone(),
            left: false,
        });
    }
    let closes_loop = back.is_some_and(|b| b.from + 1 == n && b.to == 0);
    if !closes_loop && n > 1 {
        sides.push(Side {
            from: n - 1,
            to: 0,
            stroke: Stroke::Light,
            part: Part::Arrow,
            label: None,
            left: back.is_some(),
        });
    }
    Column { items, sides }
}

// =============================================================================================
// Column: boxes stacked top to bottom with ▼ between them and arrows up or down the sides.
// Used by the cycle and the lanes when they are too wide for rows; below the width that boxes
// need, it draws bare truncated labels instead.

struct Column {
    items: Vec<ColItem>,
    sides: Vec<Side>,
}

enum ColItem {
    Heading(String),
    Step(Step),
}

struct Step {
    label: String,
    part: Part,
    selected: bool,
    /// Whether a ▼ leads from this step to the next item (which is then a step too).
    chained: bool,
}

/// An arrow between two items (by index) drawn up or down the left or right side.
struct Side {
    from: usize,
    to: usize,
    stroke: Stroke,
    part: Part,
    label: Option<String>,
    left: bool,
}

impl Column {
    fn steps(&self) -> impl Iterator<Item = &Step> {
        self.items.iter().filter_map(|item| match item {
            ColItem::Step(step) => Some(step),
            ColItem::Heading(_) => None,
        })
    }

    fn label_of(&self, index: usize) -> &str {
        match self.items.get(index) {
            Some(ColItem::Step(step)) => &step.label,
            Some(ColItem::Heading(h)) => h,
            None => "",
        }
    }

    /// Which side arrows get drawn: one per box and side, so that their lines never merge;
    /// the others are listed under the figure.
    fn drawable(&self) -> Vec<bool> {
        let mut used: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
        self.sides
            .iter()
            .map(|side| {
                let taken = &mut used[usize::from(side.left)];
                let free = !taken.contains(&side.from) && !taken.contains(&side.to);
                if free {
                    taken.extend([side.from, side.to]);
                }
                free
            })
            .collect()
    }

    fn side_text(&self, side: &Side, ascii: bool) -> String {
        arrow_text(
            self.label_of(side.from),
            self.label_of(side.to),
            side.label.as_deref(),
            side.stroke,
            ascii,
        )
    }
}

/// Where the boxes of a column go: `box_x` leaves room for arrows on the left.
struct ColGeom {
    box_x: usize,
    inner: usize,
}

fn draw_column(column: &Column, opts: &DrawOptions) -> Canvas {
    match column_geometry(column, opts.width) {
        Some(geom) => draw_column_boxes(column, &geom, opts),
        None => draw_column_bare(column, opts),
    }
}

/// Columns taken by `n` side arrows: two per arrow plus one for the arrowhead's line.
fn side_room(n: usize) -> usize {
    if n == 0 { 0 } else { 2 * n + 1 }
}

fn column_geometry(column: &Column, width: usize) -> Option<ColGeom> {
    let drawable = column.drawable();
    let count = |left: bool| {
        column
            .sides
            .iter()
            .zip(&drawable)
            .filter(|(s, ok)| **ok && s.left == left)
            .count()
    };
    let (left, right) = (count(true), count(false));
    let box_x = side_room(left);
    let avail = width.checked_sub(box_x + side_room(right) + 4)?;
    let labels: Vec<String> = column.steps().map(|s| s.label.clone()).collect();
    let widest = widest(&labels);
    let need = longest_word(&labels).min(BREAKABLE_WORD).min(widest).max(1);
    (avail >= need).then_some(ColGeom {
        box_x,
        inner: widest.min(avail).max(1),
    })
}

/// Items of a column placed from the top: headings as text rows, steps as boxes.
enum Placed {
    Heading(usize, Vec<String>),
    Box(Boxed),
}

fn place_column(column: &Column, geom: &ColGeom, selected_style: bool) -> (Vec<Placed>, usize) {
    let bw = geom.inner + 4;
    let mut y = 0;
    let mut placed = Vec::with_capacity(column.items.len());
    for item in &column.items {
        match item {
            ColItem::Heading(text) => {
                let lines = wrap(text, bw);
                let rows = lines.len();
                placed.push(Placed::Heading(y, lines));
                y += rows;
            }
            ColItem::Step(step) => {
                let mut b = Boxed::new(
                    wrap(&step.label, geom.inner),
                    step.part,
                    step.selected && selected_style,
                );
                (b.x, b.y, b.w) = (geom.box_x, y, bw);
                y += b.h + 1;
                placed.push(Placed::Box(b));
            }
        }
    }
    (placed, y)
}

fn placed_box(placed: &[Placed], index: usize) -> Option<&Boxed> {
    match placed.get(index) {
        Some(Placed::Box(b)) => Some(b),
        _ => None,
    }
}

fn draw_column_boxes(column: &Column, geom: &ColGeom, opts: &DrawOptions) -> Canvas {
    let mut canvas = Canvas::new(opts.width, opts.ascii);
    let (placed, height) = place_column(column, geom, true);
    for (i, item) in placed.iter().enumerate() {
        match item {
            Placed::Heading(y, lines) => {
                for (row, line) in lines.iter().enumerate() {
                    canvas.text(geom.box_x, y + row, line, Part::Text);
                }
            }
            Placed::Box(b) => {
                draw_box(&mut canvas, b);
                chain_arrow(&mut canvas, column, &placed, i);
            }
        }
    }
    let legend = draw_sides(&mut canvas, column, &placed);
    let entries: Vec<(String, Part)> = legend
        .iter()
        .map(|s| (column.side_text(s, opts.ascii), s.part))
        .collect();
    draw_legend(&mut canvas, height, &entries);
    canvas
}

fn chain_arrow(canvas: &mut Canvas, column: &Column, placed: &[Placed], i: usize) {
    let chained = matches!(column.items.get(i), Some(ColItem::Step(s)) if s.chained);
    if let (true, Some(from), Some(to)) =
        (chained, placed_box(placed, i), placed_box(placed, i + 1))
    {
        arrow_down(canvas, from, to, from.center(), Part::Arrow);
    }
}

/// Draws the side arrows; returns those that must be listed under the figure instead (or
/// whose labels must).
fn draw_sides<'a>(canvas: &mut Canvas, column: &'a Column, placed: &[Placed]) -> Vec<&'a Side> {
    let mut listed: Vec<&Side> = Vec::new();
    let mut todo: Vec<(&Side, &Boxed, &Boxed)> = Vec::new();
    for (side, ok) in column.sides.iter().zip(column.drawable()) {
        match (
            ok,
            placed_box(placed, side.from),
            placed_box(placed, side.to),
        ) {
            (true, Some(from), Some(to)) => todo.push((side, from, to)),
            _ => listed.push(side),
        }
    }
    // Shorter arrows nearer the boxes, so that nested arrows do not cross.
    todo.sort_by_key(|(_, from, to)| from.mid().abs_diff(to.mid()));
    let mut drawn: Vec<(&Side, usize)> = Vec::new();
    for (side, from, to) in todo {
        let slot = drawn.iter().filter(|(s, _)| s.left == side.left).count();
        drawn.push((side, draw_side(canvas, side, from, to, slot)));
    }
    let labelled: Vec<&Side> = drawn
        .iter()
        .map(|(s, _)| *s)
        .filter(|s| s.label.is_some())
        .collect();
    let outer = drawn
        .iter()
        .filter(|(s, _)| !s.left)
        .map(|(_, x)| *x)
        .max()
        .unwrap_or(0);
    let inline = matches!(labelled.as_slice(), [only] if !only.left && side_label(canvas, only, placed, outer));
    if !inline {
        listed.extend(labelled);
    }
    listed
}

/// One arrow down or up the side, in lane `slot` (0 = nearest the boxes); returns its column.
fn draw_side(canvas: &mut Canvas, side: &Side, from: &Boxed, to: &Boxed, slot: usize) -> usize {
    let (y1, y2) = (from.mid(), to.mid());
    if side.left {
        let x = from.x.saturating_sub(3 + 2 * slot);
        canvas.hline(x, from.x, y1, side.stroke, side.part);
        canvas.hline(x, to.x.saturating_sub(1), y2, side.stroke, side.part);
        canvas.vline(x, y1, y2, side.stroke, side.part);
        canvas.head(to.x.saturating_sub(1), y2, Dir::Right, side.part);
        x
    } else {
        let x = from.right() + 3 + 2 * slot;
        canvas.hline(from.right(), x, y1, side.stroke, side.part);
        canvas.hline(to.right() + 1, x, y2, side.stroke, side.part);
        canvas.vline(x, y1, y2, side.stroke, side.part);
        canvas.head(to.right() + 1, y2, Dir::Left, side.part);
        x
    }
}

/// Puts a side arrow's label to the right of the outermost lane, centred along the arrow.
/// Returns false when there is not enough room.
fn side_label(canvas: &mut Canvas, side: &Side, placed: &[Placed], lane_x: usize) -> bool {
    let (Some(label), Some(from), Some(to)) = (
        side.label.as_deref(),
        placed_box(placed, side.from),
        placed_box(placed, side.to),
    ) else {
        return false;
    };
    let x = lane_x + 2;
    let avail = canvas.width.saturating_sub(x);
    if avail < text_width(label).min(10) {
        return false;
    }
    let lines = wrap_balanced(label, avail);
    let (top, bottom) = (from.mid().min(to.mid()), from.mid().max(to.mid()));
    let span = bottom - top + 1;
    let start = top + span.saturating_sub(lines.len()) / 2;
    for (i, line) in lines.iter().enumerate() {
        canvas.text(x, start + i, line, side.part);
    }
    true
}

/// The narrowest form: one (truncated) line per item, ▼ between steps, side arrows as text.
fn draw_column_bare(column: &Column, opts: &DrawOptions) -> Canvas {
    let width = opts.width;
    let mut canvas = Canvas::new(width, opts.ascii);
    let indent = if width >= 12 { 2 } else { 0 };
    let mut y = 0;
    for (i, item) in column.items.iter().enumerate() {
        match item {
            ColItem::Heading(text) => {
                y += usize::from(i > 0);
                canvas.text(0, y, &truncate(text, width, opts.ascii), Part::Text);
                y += 1;
            }
            ColItem::Step(step) => {
                y = bare_step(&mut canvas, step, indent, y);
            }
        }
    }
    let entries: Vec<(String, Part)> = column
        .sides
        .iter()
        .map(|s| (column.side_text(s, opts.ascii), s.part))
        .collect();
    draw_legend(&mut canvas, y + 1, &entries);
    canvas
}

fn bare_step(canvas: &mut Canvas, step: &Step, indent: usize, y: usize) -> usize {
    let width = canvas.width;
    let text = if step.selected {
        format!("* {}", step.label)
    } else {
        step.label.clone()
    };
    let x = indent.min(width.saturating_sub(1));
    let shown = truncate(&text, width - x, canvas.ascii);
    canvas.text(x, y, &shown, step.part);
    if !step.chained {
        return y + 1;
    }
    canvas.head(x + 1.min(width - x - 1), y + 1, Dir::Down, Part::Arrow);
    y + 2
}

// =============================================================================================
// Lanes: one row of boxes per lane, stacked, with links routed between rows; a column when
// the rows do not fit.

/// A link between two steps, as (lane, step) positions.
struct Route {
    from: (usize, usize),
    to: (usize, usize),
    label: Option<String>,
}

fn draw_lanes(lanes: &Lanes, opts: &DrawOptions) -> Canvas {
    let names: Vec<String> = lanes
        .lanes
        .iter()
        .map(|l| clean(&l.name, opts.ascii))
        .collect();
    let labels: Vec<Vec<String>> = lanes
        .lanes
        .iter()
        .map(|l| l.steps.iter().map(|s| clean(s, opts.ascii)).collect())
        .collect();
    let routes: Vec<Route> = lanes
        .links
        .iter()
        .filter_map(|link| resolve_route(&lanes.lanes, link, opts.ascii))
        .collect();
    if let Some(canvas) = draw_lane_rows(&names, &labels, &routes, opts) {
        return canvas;
    }
    draw_column(&lanes_column(&names, &labels, &routes, opts), opts)
}

/// Finds the steps a link joins; a name found in several lanes means, for `to`, the first
/// lane other than the one `from` is in.
fn resolve_route(lanes: &[Lane], link: &Link, ascii: bool) -> Option<Route> {
    let find = |name: &str, skip: Option<usize>| {
        lanes.iter().enumerate().find_map(|(li, lane)| {
            let si = lane.steps.iter().position(|s| s == name)?;
            (Some(li) != skip).then_some((li, si))
        })
    };
    let from = find(&link.from, None)?;
    let to = find(&link.to, Some(from.0)).or_else(|| find(&link.to, None))?;
    let label = link.label.as_deref().map(|l| clean(l, ascii));
    (from.0 != to.0).then_some(Route { from, to, label })
}

/// Global step number (over all lanes in order) of each lane's first step.
fn lane_offsets(labels: &[Vec<String>]) -> Vec<usize> {
    let mut total = 0;
    labels
        .iter()
        .map(|lane| {
            let start = total;
            total += lane.len();
            start
        })
        .collect()
}

fn lanes_column(
    names: &[String],
    labels: &[Vec<String>],
    routes: &[Route],
    opts: &DrawOptions,
) -> Column {
    let offsets = lane_offsets(labels);
    let mut items = Vec::new();
    let mut index_of = Vec::with_capacity(labels.len());
    for (li, lane) in labels.iter().enumerate() {
        items.push(ColItem::Heading(names[li].clone()));
        index_of.push(items.len());
        for (si, label) in lane.iter().enumerate() {
            let global = offsets[li] + si;
            items.push(ColItem::Step(Step {
                label: label.clone(),
                part: Part::Stage(global),
                selected: opts.selected == Some(global),
                chained: si + 1 < lane.len(),
            }));
        }
    }
    let sides = routes
        .iter()
        .map(|r| Side {
            from: index_of[r.from.0] + r.from.1,
            to: index_of[r.to.0] + r.to.1,
            stroke: Stroke::Light,
            part: Part::Arrow,
            label: r.label.clone(),
            left: false,
        })
        .collect();
    Column { items, sides }
}

/// Lanes as rows of boxes: the boxes of each lane, positioned.
struct Rows {
    boxes: Vec<Vec<Boxed>>,
    heading_y: Vec<usize>,
}

/// How a link between adjacent rows is routed: down (or up) from the source box, along a
/// "jog" row to above (or below) the target box, then into it.
struct Path {
    from: (usize, usize),
    to: (usize, usize),
    /// Columns of the vertical line at the source and at the target.
    sx: usize,
    tx: usize,
    jog: usize,
    label: Vec<String>,
    label_at: (usize, usize),
}

fn draw_lane_rows(
    names: &[String],
    labels: &[Vec<String>],
    routes: &[Route],
    opts: &DrawOptions,
) -> Option<Canvas> {
    let (wrapped, gap) = fit_lane_rows(labels, opts.width)?;
    let mut rows = Rows {
        boxes: lane_boxes(&wrapped, gap, opts.selected),
        heading_y: Vec::new(),
    };
    let (paths, unrouted) = stack_rows(&mut rows, routes, opts.width);
    let mut canvas = Canvas::new(opts.width, opts.ascii);
    draw_rows(&mut canvas, &rows);
    for path in &paths {
        draw_path(&mut canvas, &rows, path);
    }
    draw_headings(&mut canvas, &rows, names, &paths);
    let entries: Vec<(String, Part)> = unrouted
        .iter()
        .map(|r| (route_text(r, labels, opts.ascii), Part::Arrow))
        .collect();
    let legend_y = canvas.height() + 1;
    draw_legend(&mut canvas, legend_y, &entries);
    Some(canvas)
}

fn route_text(route: &Route, labels: &[Vec<String>], ascii: bool) -> String {
    let name = |(li, si): (usize, usize)| labels[li][si].as_str();
    arrow_text(
        name(route.from),
        name(route.to),
        route.label.as_deref(),
        Stroke::Light,
        ascii,
    )
}

/// The widest label wrap (at most `MAX_LABEL_LINES` lines) at which every lane fits the
/// width, and the gap between boxes.
fn fit_lane_rows(labels: &[Vec<String>], width: usize) -> Option<(Vec<Vec<Vec<String>>>, usize)> {
    let all: Vec<String> = labels.iter().flatten().cloned().collect();
    let widest = widest(&all);
    let narrowest = longest_word(&all).clamp(1, widest.max(1));
    (narrowest..=widest).rev().find_map(|m| {
        let wrapped: Vec<Vec<Vec<String>>> = labels
            .iter()
            .map(|lane| lane.iter().map(|l| wrap(l, m)).collect())
            .collect();
        let too_tall = wrapped.iter().flatten().any(|l| l.len() > MAX_LABEL_LINES);
        let gap = lanes_gap(&wrapped, width)?;
        (!too_tall).then_some((wrapped, gap))
    })
}

/// The largest gap (up to `MAX_GAP`) with which every lane fits, if `MIN_GAP` fits at all.
fn lanes_gap(wrapped: &[Vec<Vec<String>>], width: usize) -> Option<usize> {
    wrapped
        .iter()
        .map(|lane| {
            let boxes: usize = lane.iter().map(|l| box_width(l)).sum();
            spread_gap(width, boxes, lane.len())
        })
        .try_fold(MAX_GAP, |gap, lane_gap| lane_gap.map(|g| gap.min(g)))
}

fn lane_boxes(
    wrapped: &[Vec<Vec<String>>],
    gap: usize,
    selected: Option<usize>,
) -> Vec<Vec<Boxed>> {
    let mut global = 0;
    wrapped
        .iter()
        .map(|lane| {
            let h = lane.iter().map(Vec::len).max().unwrap_or(1) + 2;
            let mut x = 0;
            lane.iter()
                .map(|lines| {
                    let mut b =
                        Boxed::new(lines.clone(), Part::Stage(global), selected == Some(global));
                    (b.x, b.h) = (x, h);
                    x += b.w + gap;
                    global += 1;
                    b
                })
                .collect()
        })
        .collect()
}

/// Gives every row its vertical place, routing links between adjacent rows in the space
/// between them. Returns the routed paths and the links that could not be drawn.
fn stack_rows<'a>(
    rows: &mut Rows,
    routes: &'a [Route],
    width: usize,
) -> (Vec<Path>, Vec<&'a Route>) {
    let mut paths = Vec::new();
    let mut unrouted = Vec::new();
    let mut y = 0;
    for li in 0..rows.boxes.len() {
        if li > 0 {
            let zone = y;
            for route in routes.iter().filter(|r| joins(r, li - 1, li)) {
                match plan_path(rows, route, zone, y, width) {
                    Some((path, next)) => {
                        paths.push(path);
                        y = next;
                    }
                    None => unrouted.push(route),
                }
            }
            y = y.max(zone) + 1;
        }
        rows.heading_y.push(y);
        y += 1;
        for b in &mut rows.boxes[li] {
            b.y = y;
        }
        y += rows.boxes[li].first().map_or(3, |b| b.h);
    }
    unrouted.extend(routes.iter().filter(|r| r.from.0.abs_diff(r.to.0) != 1));
    (paths, unrouted)
}

fn joins(route: &Route, upper: usize, lower: usize) -> bool {
    (route.from.0 == upper && route.to.0 == lower) || (route.from.0 == lower && route.to.0 == upper)
}

/// Plans a path in the zone between two rows that starts at row `zone`; `y` is the first row
/// still free. Returns the path and the next free row.
fn plan_path(
    rows: &Rows,
    route: &Route,
    zone: usize,
    y: usize,
    width: usize,
) -> Option<(Path, usize)> {
    let source = &rows.boxes[route.from.0][route.from.1];
    let target = &rows.boxes[route.to.0][route.to.1];
    let (sx, tx) = path_columns(source, target);
    let (label, label_x) = place_link_label(route.label.as_deref(), sx, width)?;
    let down = route.from.0 < route.to.0;
    let (jog, label_y, next) = if down {
        (y + label.len(), y, y + label.len() + 1)
    } else {
        let jog = y.max(zone + 1);
        (jog, jog + 1, jog + 1 + label.len())
    };
    let path = Path {
        from: route.from,
        to: route.to,
        sx,
        tx,
        jog,
        label,
        label_at: (label_x, label_y),
    };
    Some((path, next))
}

/// Where a link leaves its source and enters its target: straight down (or up) where the two
/// boxes overlap, else from centre to centre with a jog.
fn path_columns(source: &Boxed, target: &Boxed) -> (usize, usize) {
    let lo = source.x.max(target.x) + 1;
    let hi = source.right().min(target.right()).saturating_sub(1);
    if lo > hi {
        return (source.center(), target.center());
    }
    let x = [source.center(), target.center()]
        .into_iter()
        .find(|x| (lo..=hi).contains(x))
        .unwrap_or((lo + hi) / 2);
    (x, x)
}

/// A link label beside the vertical line at column `x`: right of it if it fits, else left,
/// else wrapped on the roomier side. `None` when there is no sensible room.
fn place_link_label(label: Option<&str>, x: usize, width: usize) -> Option<(Vec<String>, usize)> {
    let Some(label) = label else {
        return Some((Vec::new(), 0));
    };
    let w = text_width(label);
    let right = width.saturating_sub(x + 2);
    let left = x.saturating_sub(1);
    if w <= right {
        return Some((vec![label.to_string()], x + 2));
    }
    if w <= left {
        return Some((vec![label.to_string()], x - 1 - w));
    }
    let avail = right.max(left);
    if avail < 6 {
        return None;
    }
    let lines = wrap_balanced(label, avail);
    let lx = if right >= left {
        x + 2
    } else {
        x.saturating_sub(1 + widest(&lines))
    };
    Some((lines, lx))
}

fn draw_rows(canvas: &mut Canvas, rows: &Rows) {
    for lane in &rows.boxes {
        for b in lane {
            draw_box(canvas, b);
        }
        for pair in lane.windows(2) {
            arrow_across(canvas, &pair[0], &pair[1], pair[0].mid(), Part::Arrow);
        }
    }
}

fn draw_path(canvas: &mut Canvas, rows: &Rows, path: &Path) {
    let source = &rows.boxes[path.from.0][path.from.1];
    let target = &rows.boxes[path.to.0][path.to.1];
    let (sx, tx) = (path.sx, path.tx);
    let part = Part::Arrow;
    if path.from.0 < path.to.0 {
        let head = target.y.saturating_sub(1);
        canvas.vline(sx, source.bottom(), path.jog, Stroke::Light, part);
        canvas.vline(tx, path.jog, head, Stroke::Light, part);
        canvas.hline(sx, tx, path.jog, Stroke::Light, part);
        canvas.head(tx, head, Dir::Down, part);
    } else {
        let head = target.bottom() + 1;
        canvas.vline(sx, source.y, path.jog, Stroke::Light, part);
        canvas.vline(tx, head, path.jog, Stroke::Light, part);
        canvas.hline(sx, tx, path.jog, Stroke::Light, part);
        canvas.head(tx, head, Dir::Up, part);
    }
    let (lx, ly) = path.label_at;
    for (i, line) in path.label.iter().enumerate() {
        canvas.text(lx, ly + i, line, Part::Text);
    }
}

/// Lane names above their rows, moved right past any link line that crosses their row.
fn draw_headings(canvas: &mut Canvas, rows: &Rows, names: &[String], paths: &[Path]) {
    for (li, name) in names.iter().enumerate() {
        let Some(&y) = rows.heading_y.get(li) else {
            continue;
        };
        let name = truncate(name, canvas.width, canvas.ascii);
        let mut crossings: Vec<usize> = paths.iter().filter_map(|p| crossing(p, li)).collect();
        crossings.sort_unstable();
        let x = heading_x(text_width(&name), &crossings, canvas.width);
        canvas.text(x, y, &name, Part::Text);
    }
}

/// The column where `path` crosses the heading row of lane `li`, if it does.
fn crossing(path: &Path, li: usize) -> Option<usize> {
    let down = path.from.0 < path.to.0;
    if down && path.to.0 == li {
        Some(path.tx)
    } else if !down && path.from.0 == li {
        Some(path.sx)
    } else {
        None
    }
}

fn heading_x(w: usize, crossings: &[usize], width: usize) -> usize {
    let mut x = 0;
    for &c in crossings {
        if c >= x && c <= x + w {
            x = c + 2;
        }
    }
    if x + w > width { 0 } else { x }
}

// =============================================================================================
// Proportion: a framed bar filled in proportion, with a legend of percentages and labels.

fn draw_proportion(proportion: &Proportion, opts: &DrawOptions) -> Canvas {
    let width = opts.width;
    let mut canvas = Canvas::new(width, opts.ascii);
    let framed = width >= 6;
    let border = if framed { 1 } else { 0 };
    let bar_w = (width - 2 * border).min(MAX_BAR);
    let bar_h = if width >= 20 { 2 } else { 1 };
    let percents: Vec<f64> = proportion.parts.iter().map(|p| p.percent).collect();
    let cells = allocate(&percents, bar_w);
    if framed {
        canvas.rect(0, 0, bar_w + 2, bar_h + 2, Stroke::Light, Part::Frame);
    }
    let mut x = border;
    for (i, n) in cells.iter().enumerate() {
        for row in 0..bar_h {
            for dx in 0..*n {
                canvas.glyph(x + dx, border + row, fill(i, opts.ascii), Part::Share(i));
            }
        }
        x += n;
    }
    let legend_y = bar_h + 2 * border + 1;
    draw_shares(&mut canvas, proportion, opts, bar_w + 2 * border, legend_y);
    canvas
}

fn fill(i: usize, ascii: bool) -> char {
    const BOX: [char; 4] = ['█', '░', '▓', '▒'];
    const ASCII: [char; 6] = ['#', '.', '=', ':', '%', '+'];
    if ascii {
        ASCII[i % ASCII.len()]
    } else {
        BOX[i % BOX.len()]
    }
}

/// Cells per part out of `total`: proportional, at least one for any part above zero
/// (when there are enough cells), adding up to `total`.
fn allocate(percents: &[f64], total: usize) -> Vec<usize> {
    let clean: Vec<f64> = percents
        .iter()
        .map(|p| if p.is_finite() { p.max(0.0) } else { 0.0 })
        .collect();
    let sum: f64 = clean.iter().sum();
    if total == 0 || sum <= 0.0 {
        return vec![0; percents.len()];
    }
    let exact: Vec<f64> = clean.iter().map(|p| p / sum * total as f64).collect();
    let mut cells: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    for (c, p) in cells.iter_mut().zip(&clean) {
        if *p > 0.0 && *c == 0 {
            *c = 1;
        }
    }
    shrink_to(&mut cells, total);
    grow_to(&mut cells, &exact, total);
    cells
}

fn shrink_to(cells: &mut [usize], total: usize) {
    while cells.iter().sum::<usize>() > total {
        let floor = if cells.iter().any(|c| *c > 1) { 1 } else { 0 };
        let Some(i) = (0..cells.len())
            .filter(|i| cells[*i] > floor)
            .max_by_key(|i| cells[*i])
        else {
            break;
        };
        cells[i] -= 1;
    }
}

fn grow_to(cells: &mut [usize], exact: &[f64], total: usize) {
    while cells.iter().sum::<usize>() < total {
        let shortfall = |i: usize| exact[i] - cells[i] as f64;
        let Some(i) = (0..cells.len()).max_by(|a, b| shortfall(*a).total_cmp(&shortfall(*b)))
        else {
            break;
        };
        cells[i] += 1;
    }
}

/// Where the legend's columns go: marker for the selected part, swatch, percentage, label.
struct LegendGeom {
    marker_w: usize,
    swatch_w: usize,
    pct_w: usize,
    block_w: usize,
    /// Labels beside the percentages (else on the lines below them).
    inline: bool,
}

impl LegendGeom {
    fn label_x(&self) -> usize {
        self.marker_w + self.swatch_w + self.pct_w + 2
    }
}

fn legend_geometry(
    labels: &[String],
    percents: &[String],
    selected: bool,
    block_w: usize,
) -> LegendGeom {
    let mut geom = LegendGeom {
        marker_w: if selected && block_w >= 10 { 2 } else { 0 },
        swatch_w: if block_w >= 8 { 3 } else { 0 },
        pct_w: widest(percents),
        block_w,
        inline: false,
    };
    let need = longest_word(labels).clamp(10, 16);
    geom.inline = block_w.saturating_sub(geom.label_x()) >= need;
    geom
}

/// The legend: a swatch, the percentage and the wrapped label of each part.
fn draw_shares(
    canvas: &mut Canvas,
    proportion: &Proportion,
    opts: &DrawOptions,
    block_w: usize,
    y: usize,
) {
    let percents: Vec<String> = proportion
        .parts
        .iter()
        .map(|p| format_percent(p.percent))
        .collect();
    let labels: Vec<String> = proportion
        .parts
        .iter()
        .map(|p| clean(&p.label, opts.ascii))
        .collect();
    let geom = legend_geometry(&labels, &percents, opts.selected.is_some(), block_w);
    let mut y = y;
    for (i, (label, pct)) in labels.iter().zip(&percents).enumerate() {
        let marked = opts.selected == Some(i) && geom.marker_w > 0;
        y = draw_share(canvas, &geom, i, (label, pct), marked, y);
    }
}

/// One legend entry starting at row `y`; returns the row after it.
fn draw_share(
    canvas: &mut Canvas,
    geom: &LegendGeom,
    i: usize,
    (label, pct): (&str, &str),
    marked: bool,
    y: usize,
) -> usize {
    let part = Part::Share(i);
    if marked {
        canvas.head(0, y, Dir::Right, part);
    }
    if geom.swatch_w > 0 {
        let swatch: String = std::iter::repeat_n(fill(i, canvas.ascii), 2).collect();
        canvas.text(geom.marker_w, y, &swatch, part);
    }
    let pct_x = geom.marker_w + geom.swatch_w + geom.pct_w - text_width(pct);
    canvas.text(pct_x, y, pct, part);
    let (x, first) = if geom.inline {
        (geom.label_x(), y)
    } else {
        (0, y + 1)
    };
    let lines = wrap(label, geom.block_w.saturating_sub(x));
    for (row, line) in lines.iter().enumerate() {
        canvas.text(x, first + row, line, part);
    }
    let after = first + lines.len().max(1);
    if geom.inline { after } else { after + 1 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::diagram::parse;

    const LIFECYCLE: &str = r#"kind = "cycle"
id = "fig-lifecycle"
caption = "The ML pipeline lifecycle"
stages = ["Data Collection", "Preprocessing", "Training", "Evaluation", "Deployment", "Monitoring"]
details = "tbl-pipeline-stages"
[feedback]
from = "Monitoring"
to = "Data Collection"
label = "drift and failures send you back to the data"
"#;

    const LANES: &str = r#"kind = "lanes"
caption = "Training vs. inference data flow"
[[lanes]]
name = "Training (offline)"
steps = ["Historical data", "Feature pipeline", "Training", "Model registry"]
[[lanes]]
name = "Inference (online)"
steps = ["Live request", "Feature pipeline", "Model server", "Prediction"]
[[links]]
from = "Model registry"
to = "Model server"
label = "deploy"
"#;

    const PROPORTION: &str = r#"kind = "proportion"
caption = "ML code is a small fraction of a production ML system"
[[parts]]
label = "ML code"
percent = 5
[[parts]]
label = "Data pipelines, configuration, serving, monitoring, feature engineering"
percent = 95
"#;

    /// Wide characters, emoji sequences and a long word, to stress widths.
    const UNICODE_CYCLE: &str = r#"kind = "cycle"
caption = "c"
stages = ["数据收集", "前处理 👩‍🔬", "Entraînement", "Évaluation ❤️", "Supercalifragilisticexpialidocious", "🇫🇷 Monitoring"]
[feedback]
from = "🇫🇷 Monitoring"
to = "前处理 👩‍🔬"
label = "ドリフト → retrain"
"#;

    const WIDTHS: [usize; 5] = [20, 40, 60, 80, 120];

    fn diagram(spec: &str) -> Diagram {
        parse(spec).expect("test spec parses")
    }

    fn opts(width: usize, ascii: bool) -> DrawOptions {
        DrawOptions {
            width,
            ascii,
            selected: None,
        }
    }

    fn render(d: &Diagram, o: &DrawOptions) -> Vec<String> {
        draw(d, o)
            .iter()
            .map(|line| line.iter().map(|(s, _)| s.as_str()).collect())
            .collect()
    }

    fn all_specs() -> Vec<(&'static str, Diagram)> {
        vec![
            ("lifecycle", diagram(LIFECYCLE)),
            ("lanes", diagram(LANES)),
            ("proportion", diagram(PROPORTION)),
            ("unicode", diagram(UNICODE_CYCLE)),
        ]
    }

    fn assert_fits(name: &str, d: &Diagram, o: &DrawOptions) {
        for line in render(d, o) {
            assert!(
                text_width(&line) <= o.width,
                "{name} at {} (ascii {}): {:?} is {} wide",
                o.width,
                o.ascii,
                line,
                text_width(&line)
            );
        }
    }

    /// The words of stage `i`'s label, read from the segments tagged `Stage(i)`.
    fn stage_words(lines: &[Vec<Segment>], i: usize) -> String {
        let text: String = lines
            .iter()
            .flatten()
            .filter(|(_, p)| *p == Part::Stage(i))
            .map(|(s, _)| format!("{s} "))
            .collect();
        text.split(|c: char| c.is_whitespace() || "─│┌┐└┘═║╔╗╚╝┬┴├┤╤╧╟╢+-|#=*".contains(c))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn stage_labels(d: &Diagram) -> Vec<String> {
        match &d.kind {
            DiagramKind::Cycle(c) => c.stages.clone(),
            DiagramKind::Lanes(l) => l.lanes.iter().flat_map(|l| l.steps.clone()).collect(),
            DiagramKind::Proportion(p) => p.parts.iter().map(|s| s.label.clone()).collect(),
        }
    }

    #[test]
    fn never_wider_than_width_in_box_and_ascii_mode() {
        for (name, d) in all_specs() {
            for width in WIDTHS {
                for ascii in [false, true] {
                    assert_fits(name, &d, &opts(width, ascii));
                }
            }
        }
    }

    #[test]
    fn all_stage_labels_appear_from_40_columns() {
        for (name, d) in all_specs().into_iter().take(2) {
            for width in WIDTHS.into_iter().filter(|w| *w >= 40) {
                for ascii in [false, true] {
                    let lines = draw(&d, &opts(width, ascii));
                    for (i, label) in stage_labels(&d).iter().enumerate() {
                        assert_eq!(
                            stage_words(&lines, i),
                            *label,
                            "{name} at {width} ascii {ascii}:\n{}",
                            render(&d, &opts(width, ascii)).join("\n")
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn proportion_labels_and_percents_appear() {
        let d = diagram(PROPORTION);
        for width in WIDTHS.into_iter().filter(|w| *w >= 40) {
            let text = render(&d, &opts(width, false)).join(" ");
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(words.contains("5% ML code"), "{text}");
            assert!(
                words.contains("95% Data pipelines, configuration, serving"),
                "{text}"
            );
            assert!(words.contains("feature engineering"), "{text}");
        }
    }

    #[test]
    fn ascii_mode_is_pure_ascii() {
        for (name, d) in all_specs() {
            for width in WIDTHS {
                for line in render(&d, &opts(width, true)) {
                    assert!(line.is_ascii(), "{name} at {width}: {line:?}");
                }
            }
        }
    }

    #[test]
    fn sweep_widths_0_to_200_without_panics() {
        for (name, d) in all_specs() {
            for width in 0..=200 {
                for ascii in [false, true] {
                    for selected in [None, Some(0), Some(3), Some(99)] {
                        let o = DrawOptions {
                            width,
                            ascii,
                            selected,
                        };
                        assert_fits(name, &d, &o);
                    }
                }
            }
        }
    }

    #[test]
    fn width_zero_is_empty() {
        for (_, d) in all_specs() {
            assert!(draw(&d, &opts(0, false)).is_empty());
        }
    }

    #[test]
    fn very_narrow_cycle_truncates_labels() {
        let d = diagram(LIFECYCLE);
        let lines = render(&d, &opts(8, false));
        assert!(lines.iter().any(|l| l.contains('…')), "{lines:#?}");
        assert!(lines.iter().any(|l| l.trim() == "▼"), "{lines:#?}");
        let ascii = render(&d, &opts(8, true));
        assert!(ascii.iter().any(|l| l.ends_with('.')), "{ascii:#?}");
    }

    #[test]
    fn selected_stage_is_marked() {
        for (name, d) in all_specs().into_iter().take(2) {
            for width in [20, 40, 80, 120] {
                for ascii in [false, true] {
                    let plain = render(&d, &opts(width, ascii));
                    let o = DrawOptions {
                        selected: Some(2),
                        ..opts(width, ascii)
                    };
                    let lines = draw(&d, &o);
                    let marked: String = lines
                        .iter()
                        .flatten()
                        .filter(|(_, p)| *p == Part::Stage(2))
                        .map(|(s, _)| s.as_str())
                        .collect();
                    let mark = if ascii { ['#', '*'] } else { ['║', '*'] };
                    assert!(marked.contains(mark), "{name} at {width}: {marked:?}");
                    assert_ne!(plain, render(&d, &o), "{name} at {width}");
                }
            }
        }
    }

    #[test]
    fn selected_share_is_marked() {
        let d = diagram(PROPORTION);
        let o = DrawOptions {
            selected: Some(0),
            ..opts(60, false)
        };
        let lines = render(&d, &o);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with('▶') && l.contains("ML code")),
            "{lines:#?}"
        );
    }

    #[test]
    fn lifecycle_for_review() {
        let d = diagram(LIFECYCLE);
        for width in [80, 40] {
            let lines = render(&d, &opts(width, false));
            println!("--- lifecycle at {width} columns ---");
            for line in &lines {
                println!("{line}");
            }
            let text = lines.join("\n");
            assert!(text.contains("drift and"), "{text}");
            let tagged = draw(&d, &opts(width, false));
            let heads = |part: Part| -> usize {
                tagged
                    .iter()
                    .flatten()
                    .filter(|(_, p)| *p == part)
                    .map(|(s, _)| s.chars().filter(|c| "▲▼◀▶".contains(*c)).count())
                    .sum()
            };
            assert_eq!(heads(Part::Arrow), 5, "five flow arrows:\n{text}");
            assert_eq!(heads(Part::Feedback), 1, "one feedback arrow:\n{text}");
            assert!(
                text.contains('━') || text.contains('┃'),
                "heavy feedback line:\n{text}"
            );
        }
        let wide = render(&d, &opts(80, false));
        // Ring: the first three stages share the top row, the last three the bottom row.
        let top = wide
            .iter()
            .find(|l| l.contains("Data Collection"))
            .cloned()
            .unwrap_or_default();
        assert!(
            top.contains("Preprocessing") && top.contains("Training"),
            "{top}"
        );
        let bottom = wide
            .iter()
            .find(|l| l.contains("Monitoring"))
            .cloned()
            .unwrap_or_default();
        assert!(
            bottom.contains("Deployment") && bottom.contains("Evaluation"),
            "{bottom}"
        );
        assert!(
            bottom.find("Monitoring") < bottom.find("Evaluation"),
            "{bottom}"
        );
        // Column: one stage per row, in order.
        let narrow = render(&d, &opts(40, false));
        let order: Vec<usize> = stage_labels(&d)
            .iter()
            .filter_map(|s| narrow.iter().position(|l| l.contains(s.as_str())))
            .collect();
        assert_eq!(order.len(), 6, "{narrow:#?}");
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{narrow:#?}");
    }

    #[test]
    fn parts_are_tagged() {
        let d = diagram(LIFECYCLE);
        let lines = draw(&d, &opts(80, false));
        let parts: Vec<Part> = lines.iter().flatten().map(|(_, p)| *p).collect();
        for part in [Part::Arrow, Part::Feedback, Part::Stage(0), Part::Stage(5)] {
            assert!(parts.contains(&part), "{part:?} missing");
        }
        let feedback: String = lines
            .iter()
            .flatten()
            .filter(|(_, p)| *p == Part::Feedback)
            .map(|(s, _)| s.as_str())
            .collect();
        assert!(feedback.contains("drift and"), "{feedback}");
        let bar = draw(&diagram(PROPORTION), &opts(60, false));
        let parts: Vec<Part> = bar.iter().flatten().map(|(_, p)| *p).collect();
        for part in [Part::Frame, Part::Share(0), Part::Share(1)] {
            assert!(parts.contains(&part), "{part:?} missing");
        }
    }

    #[test]
    fn lanes_link_is_drawn_with_its_label() {
        let d = diagram(LANES);
        for width in [60, 80, 120, 40, 30] {
            let lines = render(&d, &opts(width, false));
            let text = lines.join("\n");
            assert!(text.contains("deploy"), "{width}:\n{text}");
            assert!(text.contains("Training (offline)"), "{width}:\n{text}");
            assert!(text.contains("Inference (online)"), "{width}:\n{text}");
        }
        let wide = render(&d, &opts(80, false));
        let training = wide.iter().position(|l| l.contains("Historical data"));
        let inference = wide.iter().position(|l| l.contains("Live request"));
        assert!(training < inference, "lanes stack: {wide:#?}");
        assert!(
            wide.iter()
                .any(|l| l.contains("Historical data") && l.contains("Model registry")),
            "{wide:#?}"
        );
    }

    #[test]
    fn proportion_bar_is_proportional() {
        let d = diagram(PROPORTION);
        let lines = render(&d, &opts(80, false));
        let bar = lines
            .iter()
            .find(|l| l.contains('█'))
            .cloned()
            .unwrap_or_default();
        let full = bar.matches('█').count();
        let light = bar.matches('░').count();
        assert_eq!(full + light, MAX_BAR, "{bar}");
        assert_eq!(full, 3, "{bar}");
        let tiny = render(&d, &opts(8, false));
        assert!(
            tiny.iter().any(|l| l.contains('█')),
            "5% still gets a cell: {tiny:#?}"
        );
    }

    #[test]
    fn allocate_keeps_small_parts_visible() {
        assert_eq!(allocate(&[5.0, 95.0], 10), vec![1, 9]);
        assert_eq!(allocate(&[1.0, 1.0, 98.0], 20), vec![1, 1, 18]);
        assert_eq!(allocate(&[50.0, 50.0], 1).iter().sum::<usize>(), 1);
        assert_eq!(allocate(&[100.0], 0), vec![0]);
        assert_eq!(allocate(&[0.0, 100.0], 7), vec![0, 7]);
    }

    #[test]
    fn lanes_without_links_and_three_lanes() {
        let spec = r#"kind = "lanes"
caption = "c"
[[lanes]]
name = "A"
steps = ["one", "two"]
[[lanes]]
name = "B"
steps = ["three"]
[[lanes]]
name = "C"
steps = ["four", "five", "six"]
[[links]]
from = "six"
to = "one"
label = "far away"
[[links]]
from = "five"
to = "three"
"#;
        let d = diagram(spec);
        for width in [0, 5, 11, 20, 40, 80] {
            for ascii in [false, true] {
                assert_fits("three lanes", &d, &opts(width, ascii));
            }
        }
        let text = render(&d, &opts(80, false)).join("\n");
        assert!(
            text.contains("far away"),
            "non-adjacent link listed:\n{text}"
        );
        assert!(text.contains('▲'), "upward link drawn:\n{text}");
    }

    #[test]
    fn two_stage_cycle_and_inner_feedback() {
        let two = diagram("kind = \"cycle\"\ncaption = \"c\"\nstages = [\"Train\", \"Serve\"]\n");
        let inner = diagram(
            "kind = \"cycle\"\ncaption = \"c\"\nstages = [\"a\", \"b\", \"c\", \"d\"]\n[feedback]\nfrom = \"c\"\nto = \"b\"\nlabel = \"retry\"\n",
        );
        for d in [two, inner] {
            for width in [1, 10, 30, 80] {
                for ascii in [false, true] {
                    assert_fits("small cycle", &d, &opts(width, ascii));
                }
            }
        }
    }

    #[test]
    fn hand_built_degenerate_diagrams_do_not_panic() {
        use crate::content::diagram::{Lane, Share};
        let link = |from: &str, to: &str| Link {
            from: from.into(),
            to: to.into(),
            label: Some(String::new()),
        };
        let kinds = vec![
            DiagramKind::Cycle(Cycle {
                stages: vec![],
                details: None,
                feedback: None,
            }),
            DiagramKind::Cycle(Cycle {
                stages: vec![String::new(), " ".into(), "x".into()],
                details: None,
                feedback: Some(link("nope", "x")),
            }),
            DiagramKind::Lanes(Lanes {
                lanes: vec![],
                links: vec![link("a", "b")],
            }),
            DiagramKind::Lanes(Lanes {
                lanes: vec![
                    Lane {
                        name: String::new(),
                        steps: vec![],
                    },
                    Lane {
                        name: "B".into(),
                        steps: vec!["b".into(), "b".into()],
                    },
                ],
                links: vec![link("b", "b")],
            }),
            DiagramKind::Proportion(Proportion { parts: vec![] }),
            DiagramKind::Proportion(Proportion {
                parts: vec![
                    Share {
                        label: String::new(),
                        percent: f64::NAN,
                    },
                    Share {
                        label: "x".into(),
                        percent: -3.0,
                    },
                ],
            }),
        ];
        for kind in kinds {
            let d = Diagram {
                id: None,
                caption: String::new(),
                kind,
            };
            for width in 0..=90 {
                for ascii in [false, true] {
                    assert_fits("degenerate", &d, &opts(width, ascii));
                }
            }
        }
    }

    #[test]
    fn wrap_and_truncate() {
        assert_eq!(wrap("drift and failures", 9), vec!["drift and", "failures"]);
        assert_eq!(wrap("Preprocessing", 5), vec!["Prepr", "ocess", "ing"]);
        assert_eq!(wrap("数据收集", 3), vec!["数", "据", "收", "集"]);
        assert!(wrap("x", 0).is_empty());
        assert_eq!(truncate("Data Collection", 9, false), "Data Col…");
        assert_eq!(truncate("Data Collection", 6, true), "Data.");
        assert_eq!(truncate("数据收集", 5, false), "数据…");
        assert_eq!(truncate("ab", 1, false), "…");
    }

    #[test]
    fn junctions_and_crossings_use_matching_glyphs() {
        assert_eq!(line_char([0, 1, 1, 1], false), '┬');
        assert_eq!(line_char([2, 0, 1, 1], false), '┸');
        assert_eq!(line_char([0, 1, 3, 3], false), '╤');
        assert_eq!(line_char([2, 0, 3, 3], false), '╧');
        assert_eq!(line_char([1, 1, 1, 1], false), '┼');
        assert_eq!(line_char([0, 1, 1, 1], true), '-');
        assert_eq!(line_char([1, 1, 0, 1], true), '|');
        assert_eq!(line_char([0, 1, 0, 1], true), '+');
        assert_eq!(line_char([0, 1, 0, 3], true), '+');
        assert_eq!(line_char([0, 3, 0, 3], true), '#');
        assert_eq!(line_char([0, 0, 3, 3], true), '=');
    }
}
