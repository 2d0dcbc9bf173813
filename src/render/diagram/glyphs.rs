//! Which character draws a line, a junction or an arrowhead.
//!
//! The canvas records lines as the stroke leaving each cell in each direction; this module
//! turns those strokes into a box-drawing character (falling back to a near match where Unicode
//! has none) or, in ASCII mode, into `-` `|` `+` and friends. Keeping the glyph sets apart from
//! the canvas keeps the 256-entry table and its fallbacks out of the drawing logic.

/// How heavy a line is; the values are the stroke codes in the cell bits and in [`BOX_CHARS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stroke {
    Light = 1,
    Heavy = 2,
    Double = 3,
}

/// Which way an arrowhead points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dir {
    Up,
    Down,
    Left,
    Right,
}

/// Indexes of a cell's stroke bits, in [`BOX_CHARS`] order.
pub(super) const UP: usize = 0;
pub(super) const DOWN: usize = 1;
pub(super) const LEFT: usize = 2;
pub(super) const RIGHT: usize = 3;

/// The arrowhead pointing `dir`.
pub(super) fn head_char(dir: Dir, ascii: bool) -> char {
    match (dir, ascii) {
        (Dir::Up, false) => '▲',
        (Dir::Down, false) => '▼',
        (Dir::Left, false) => '◀',
        (Dir::Right, false) => '▶',
        (Dir::Up, true) => '^',
        (Dir::Down, true) => 'v',
        (Dir::Left, true) => '<',
        (Dir::Right, true) => '>',
    }
}

/// The box-drawing character for the strokes leaving a cell (up, down, left, right).
pub(super) fn line_char(bits: [u8; 4], ascii: bool) -> char {
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
