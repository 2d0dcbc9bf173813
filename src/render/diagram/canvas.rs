//! The canvas every layout draws on, and its assembly into lines of segments.
//!
//! Layouts place boxes, lines and text at absolute columns and rows without worrying about the
//! edge: the canvas clips whatever falls outside its width, keeps wide glyphs whole, merges
//! crossing lines into junctions, and finally centres the drawing and cuts every line to the
//! width. That last guarantee ("no line is ever wider than asked") lives here alone.

use super::glyphs::{DOWN, Dir, LEFT, RIGHT, Stroke, UP, head_char, line_char};
use super::text::{ascii_fold, clusters, text_width};
use super::{Part, Segment};
use crate::render::wrap::is_printable_ascii;
use unicode_width::UnicodeWidthChar;

/// Canvases are never wider than this, whatever width is asked for.
const MAX_CANVAS: usize = 1024;

#[derive(Debug, Clone, PartialEq)]
enum Glyph {
    None,
    Start(GlyphText, Part),
    /// The right half of a wide glyph that starts further left.
    Cont,
}

/// A glyph's text: nearly always one character, kept in the cell itself; a cluster of
/// several (a letter and its combining marks, an emoji sequence) in a string of its own.
#[derive(Debug, Clone, PartialEq)]
enum GlyphText {
    Char(char),
    Cluster(String),
}

impl GlyphText {
    fn new(text: &str) -> Self {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => GlyphText::Char(c),
            _ => GlyphText::Cluster(text.to_string()),
        }
    }

    /// The text, encoded into `buf` when it is one character.
    fn as_str<'a>(&'a self, buf: &'a mut [u8; 4]) -> &'a str {
        match self {
            GlyphText::Char(c) => c.encode_utf8(buf),
            GlyphText::Cluster(text) => text,
        }
    }
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
            Glyph::Start(text, _) => *text == GlyphText::Char(' '),
            Glyph::Cont => false,
        }
    }
}

/// A grid of cells, grown downwards on demand, never wider than its width.
pub(super) struct Canvas {
    width: usize,
    ascii: bool,
    rows: Vec<Vec<Cell>>,
}

impl Canvas {
    pub(super) fn new(width: usize, ascii: bool) -> Self {
        Canvas {
            width: width.min(MAX_CANVAS),
            ascii,
            rows: Vec::new(),
        }
    }

    /// The width lines are clipped to.
    pub(super) fn width(&self) -> usize {
        self.width
    }

    /// Whether text is folded to ASCII and lines drawn with ASCII characters.
    pub(super) fn ascii(&self) -> bool {
        self.ascii
    }

    pub(super) fn height(&self) -> usize {
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
            cell.glyph = Glyph::Start(GlyphText::new(text), part);
        }
        for i in 1..w {
            if let Some(cell) = self.cell_mut(x + i, y) {
                cell.glyph = Glyph::Cont;
            }
        }
    }

    /// Writes `s` from column `x`, clipped at the canvas edge.
    pub(super) fn text(&mut self, x: usize, y: usize, s: &str, part: Part) {
        let folded;
        let s = if self.ascii {
            folded = ascii_fold(s);
            folded.as_str()
        } else {
            s
        };
        let mut cx = x;
        if is_printable_ascii(s) {
            // Every character its own cluster, one column wide: no clusters to build.
            for i in 0..s.len().min(self.width.saturating_sub(cx)) {
                self.put(cx, y, &s[i..=i], 1, part);
                cx += 1;
            }
            return;
        }
        for cluster in clusters(s) {
            if cx + cluster.width > self.width {
                break;
            }
            self.put(cx, y, &cluster.text, cluster.width, part);
            cx += cluster.width;
        }
    }

    pub(super) fn glyph(&mut self, x: usize, y: usize, ch: char, part: Part) {
        let mut utf8 = [0; 4];
        let text = ch.encode_utf8(&mut utf8);
        self.put(x, y, text, ch.width().unwrap_or(1).max(1), part);
    }

    pub(super) fn head(&mut self, x: usize, y: usize, dir: Dir, part: Part) {
        self.glyph(x, y, head_char(dir, self.ascii), part);
    }

    fn bit(&mut self, x: usize, y: usize, dir: usize, stroke: Stroke, part: Part) {
        if let Some(cell) = self.cell_mut(x, y) {
            cell.bits[dir] = cell.bits[dir].max(stroke as u8);
            cell.line_part = part;
        }
    }

    /// A horizontal line through columns x0..=x1 (in either order) on row y.
    pub(super) fn hline(&mut self, x0: usize, x1: usize, y: usize, stroke: Stroke, part: Part) {
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
    pub(super) fn vline(&mut self, x: usize, y0: usize, y1: usize, stroke: Stroke, part: Part) {
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

    pub(super) fn rect(
        &mut self,
        x: usize,
        y: usize,
        w: usize,
        h: usize,
        stroke: Stroke,
        part: Part,
    ) {
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
    pub(super) fn into_lines(self) -> Vec<Vec<Segment>> {
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
            push_segment(&mut segments, &" ".repeat(shift), Part::Text, 0);
        }
        for (i, cell) in row.iter().take(end).enumerate() {
            // A new segment gets room for the rest of the row (box drawing is 3 bytes).
            let room = (end - i) * 3;
            match &cell.glyph {
                Glyph::Start(text, part) => {
                    let mut utf8 = [0; 4];
                    push_segment(&mut segments, text.as_str(&mut utf8), *part, room);
                }
                Glyph::Cont => {}
                Glyph::None if cell.bits != [0; 4] => {
                    let mut utf8 = [0; 4];
                    let ch = line_char(cell.bits, self.ascii).encode_utf8(&mut utf8);
                    push_segment(&mut segments, ch, cell.line_part, room);
                }
                Glyph::None => push_segment(&mut segments, " ", Part::Text, room),
            }
        }
        fit_segments(segments, self.width)
    }
}

fn row_end(row: &[Cell]) -> usize {
    row.iter().rposition(|c| !c.is_blank()).map_or(0, |i| i + 1)
}

/// Appends `text` to the last segment when it has the same part, else starts a segment
/// with room for `room` bytes.
fn push_segment(segments: &mut Vec<Segment>, text: &str, part: Part, room: usize) {
    match segments.last_mut() {
        Some((last, last_part)) if *last_part == part => last.push_str(text),
        _ => {
            let mut owned = String::with_capacity(room.max(text.len()));
            owned.push_str(text);
            segments.push((owned, part));
        }
    }
}

/// Last line of defence: drops characters from the end until the line fits.
fn fit_segments(mut segments: Vec<Segment>, width: usize) -> Vec<Segment> {
    // Text is never wider than its bytes (render::wrap's tests hold unicode-width to it).
    let bytes: usize = segments.iter().map(|(s, _)| s.len()).sum();
    if bytes <= width {
        return segments;
    }
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
