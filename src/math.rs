//! Plain-Unicode rendering of LaTeX math for the terminal.
//!
//! It stands below both content and render and uses neither: the loader checks a
//! chapter's math with `to_unicode` (reporting `path:line:col`), and render draws it with
//! `to_unicode_lossy`, with no loop between those layers.
//!
//! Lessons write formulas in LaTeX, but a terminal cannot typeset them and raw
//! LaTeX such as `\frac{1}{N}\sum_{i=1}^{N}` is hard to read. This module turns
//! the small subset of LaTeX that the course uses into one line of Unicode text:
//! `L = \frac{1}{N}\sum_{i=1}^{N}(y_i - \hat{y}_i)^2` becomes
//! `L = 1/N Σᵢ₌₁ᴺ (yᵢ − ŷᵢ)²`.
//!
//! Conversion rules:
//! - Source whitespace is ignored, as in TeX; `%` starts a comment. Output
//!   spacing comes from the class of each atom: one space on each side of a
//!   binary operator (`+ − · × ±` …) or relation (`= ≤ → ∈` …), one after `,`
//!   and `;`, one between a fraction, big operator or function name (`log`)
//!   and a neighbouring term, and none inside sub/superscripts. A binary
//!   operator without a left or right operand is unary (`−x`, `a = −b`).
//!   ASCII `-` is printed as `−`. Explicit `\,` `\;` `\:` `~` give one space,
//!   `\quad` two, `\qquad` four, `\!` none.
//! - `\frac{a}{b}` is `a/b`. A numerator or denominator of more than one term
//!   (a top-level operator, relation, comma, space, function, fraction or big
//!   operator) is parenthesised: `(a + b)/c`. A fraction carrying a script is
//!   parenthesised too: `(a/b)²`.
//! - Scripts use Unicode sub/superscript characters when every character has
//!   one; otherwise `_x`/`^x` for a single character and `_(…)`/`^(…)` for
//!   more. The subscript is printed before the superscript. Limits of big
//!   operators are ordinary scripts: `\sum_{i=1}^{N}` is `Σᵢ₌₁ᴺ`, and a space
//!   separates the operator from its operand.
//! - Accents (`\hat`, `\bar`, `\tilde`, `\vec`, `\dot`, …) put a combining mark
//!   after every base character of their argument: `\hat{y}` is `ŷ`.
//! - `\sqrt{x}` is `√x`; a radicand other than one symbol or a number is
//!   parenthesised (`√(x + 1)`); `\sqrt[3]{x}` is `∛x`, `\sqrt[n]{x}` is `ⁿ√x`.
//! - `\text{…}` keeps its text verbatim (whitespace runs collapsed);
//!   `\mathrm`, `\mathbf`, … render their argument as math; `\mathbb` and
//!   `\mathcal` use Unicode letterlike symbols (`ℝ`, `𝔼`, `ℒ`).
//! - `\left`, `\right`, `\big`, … print only their delimiter; `\left.` prints
//!   nothing.
//! - `\epsilon` and `\varepsilon` are both `ε`, because the lunate `ϵ` looks
//!   like `∈` in terminal fonts. `^\circ` is `°`; `\limits`, `\nolimits`
//!   and `\displaystyle` are ignored.
//!
//! [`to_unicode`] reports the first problem and [`problems`] every one (a
//! brace left open does not hide an unknown command before it);
//! [`to_unicode_lossy`] applies the same recovery silently. Nesting deeper than `MAX_DEPTH` groups or arguments
//! is an error, so the recursive parser cannot overflow the stack.

use std::fmt;

/// Deepest allowed nesting of groups and command arguments.
const MAX_DEPTH: usize = 32;

const TOO_DEEP: &str = "formula nested too deeply";

/// At most this many problems are kept for one formula.
const MAX_PROBLEMS: usize = 8;

/// A problem in a formula, at a byte offset into the LaTeX source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    /// Byte offset of the problem in the LaTeX source (always a char boundary).
    pub offset: usize,
    /// Lowercase description quoting the bad value, e.g. `unclosed '{' in math`.
    pub message: String,
}

impl fmt::Display for MathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for MathError {}

/// Converts LaTeX to Unicode, reporting the first problem (unknown command, unbalanced braces, missing argument).
pub fn to_unicode(latex: &str) -> Result<String, MathError> {
    let (text, mut errors) = convert(latex);
    if errors.is_empty() {
        Ok(text)
    } else {
        Err(errors.swap_remove(0))
    }
}

/// Every problem of a formula, in source order: one per position, and nothing that only
/// follows from a brace left open (the formula then ends early).
pub fn problems(latex: &str) -> Vec<MathError> {
    let mut errors = convert(latex).1;
    errors.sort_by_key(|e| e.offset);
    errors.dedup_by_key(|e| e.offset);
    errors
}

/// Best effort: never fails; unknown commands are kept as their name without the backslash, unbalanced braces tolerated.
pub fn to_unicode_lossy(latex: &str) -> String {
    convert(latex).0
}

fn convert(latex: &str) -> (String, Vec<MathError>) {
    let mut parser = Parser::new(latex);
    let pieces = parser.list(End::Input);
    (render(&pieces, false), parser.errors)
}

// ---------------------------------------------------------------------------
// Atoms and their spacing
// ---------------------------------------------------------------------------

/// TeX-like atom class, which decides the spacing between neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Ord,
    Bin,
    Rel,
    Open,
    Close,
    Punct,
    Space,
    Frac,
    Large,
    Func,
}

/// A rendered atom: its final text (scripts included) and its class.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    class: Class,
}

impl Piece {
    fn new(text: impl Into<String>, class: Class) -> Self {
        Self {
            text: text.into(),
            class,
        }
    }
}

/// Joins pieces; in a script nothing is spaced, elsewhere the class rules apply.
fn render(pieces: &[Piece], script: bool) -> String {
    if script {
        return pieces.iter().map(|p| p.text.as_str()).collect();
    }
    let mut out = String::new();
    let mut prev = None;
    for (text, class) in classified(pieces) {
        if prev.is_some_and(|p| spaced(p, class)) {
            out.push(' ');
        }
        out.push_str(text);
        prev = Some(class);
    }
    out
}

/// Visible pieces with their effective class: a binary operator lacking an
/// operand on either side is ordinary (unary), as in TeX.
fn classified(pieces: &[Piece]) -> Vec<(&str, Class)> {
    let visible: Vec<&Piece> = pieces.iter().filter(|p| !p.text.is_empty()).collect();
    let mut next_solid = vec![None; visible.len()];
    let mut upcoming = None;
    for (slot, piece) in next_solid.iter_mut().zip(&visible).rev() {
        *slot = upcoming;
        if piece.class != Class::Space {
            upcoming = Some(piece.class);
        }
    }
    let mut out = Vec::with_capacity(visible.len());
    let mut prev = None;
    for (piece, next) in visible.iter().zip(next_solid) {
        let class = match piece.class {
            Class::Bin if lacks_left_operand(prev) || lacks_right_operand(next) => Class::Ord,
            class => class,
        };
        if class != Class::Space {
            prev = Some(class);
        }
        out.push((piece.text.as_str(), class));
    }
    out
}

fn lacks_left_operand(prev: Option<Class>) -> bool {
    use Class::*;
    matches!(prev, None | Some(Bin | Rel | Open | Punct | Large | Func))
}

fn lacks_right_operand(next: Option<Class>) -> bool {
    matches!(next, None | Some(Class::Rel | Class::Close | Class::Punct))
}

/// Whether one space goes between two neighbouring atoms.
fn spaced(left: Class, right: Class) -> bool {
    use Class::*;
    match (left, right) {
        (Space, _) | (_, Space) => false,
        (Bin, _) | (_, Bin) => true,
        (Rel, Rel | Close | Punct) | (Open, Rel) => false,
        (Rel, _) | (_, Rel) => true,
        (Punct, Close) => false,
        (Punct, _) => true,
        (Frac | Large, Ord | Open | Frac | Large | Func) => true,
        (Ord | Close, Frac | Large | Func) => true,
        (Func, Ord | Frac | Large | Func) => true,
        _ => false,
    }
}

/// More than one term: something other than ordinary atoms outside brackets.
fn needs_parens(pieces: &[Piece]) -> bool {
    let mut depth = 0usize;
    for (_, class) in classified(pieces) {
        match class {
            Class::Open => depth += 1,
            Class::Close => depth = depth.saturating_sub(1),
            Class::Ord => {}
            _ if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

fn fraction_part(pieces: &[Piece], script: bool) -> String {
    let text = render(pieces, script);
    if needs_parens(pieces) {
        format!("({text})")
    } else {
        text
    }
}

fn radicand(pieces: &[Piece], script: bool) -> String {
    let text = render(pieces, script);
    if is_simple(pieces) {
        text
    } else {
        format!("({text})")
    }
}

/// One symbol (accents and subscripts allowed), a number, or a bracketed whole.
fn is_simple(pieces: &[Piece]) -> bool {
    let visible: Vec<&Piece> = pieces.iter().filter(|p| !p.text.is_empty()).collect();
    if let [only] = visible.as_slice() {
        return only.class == Class::Ord && base_count(&only.text) <= 1;
    }
    let number = visible
        .iter()
        .all(|p| p.class == Class::Ord && p.text.chars().all(|c| c.is_ascii_digit() || c == '.'));
    number || is_wrapped(&visible)
}

/// Starts with an opening bracket whose partner is the final piece.
fn is_wrapped(pieces: &[&Piece]) -> bool {
    let Some((last, body)) = pieces.split_last() else {
        return false;
    };
    let bare_close = last.class == Class::Close && last.text.chars().count() == 1;
    if !bare_close || body.first().is_none_or(|p| p.class != Class::Open) {
        return false;
    }
    let mut depth = 0usize;
    for piece in body {
        match piece.class {
            Class::Open => depth += 1,
            Class::Close => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            return false;
        }
    }
    depth == 1
}

/// Characters other than combining marks and subscripts.
fn base_count(text: &str) -> usize {
    text.chars()
        .filter(|&c| !is_combining(c) && lookup_output(SUBSCRIPTS, c).is_none())
        .count()
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c) || ('\u{20D0}'..='\u{20FF}').contains(&c)
}

// ---------------------------------------------------------------------------
// Scripts, accents and letterlike fonts
// ---------------------------------------------------------------------------

#[rustfmt::skip]
const SUBSCRIPTS: &[(char, char)] = &[
    ('0', '₀'), ('1', '₁'), ('2', '₂'), ('3', '₃'), ('4', '₄'),
    ('5', '₅'), ('6', '₆'), ('7', '₇'), ('8', '₈'), ('9', '₉'),
    ('+', '₊'), ('−', '₋'), ('=', '₌'), ('(', '₍'), (')', '₎'),
    ('a', 'ₐ'), ('e', 'ₑ'), ('h', 'ₕ'), ('i', 'ᵢ'), ('j', 'ⱼ'),
    ('k', 'ₖ'), ('l', 'ₗ'), ('m', 'ₘ'), ('n', 'ₙ'), ('o', 'ₒ'),
    ('p', 'ₚ'), ('r', 'ᵣ'), ('s', 'ₛ'), ('t', 'ₜ'), ('u', 'ᵤ'),
    ('v', 'ᵥ'), ('x', 'ₓ'), ('β', 'ᵦ'), ('γ', 'ᵧ'), ('ρ', 'ᵨ'),
    ('φ', 'ᵩ'), ('ϕ', 'ᵩ'), ('χ', 'ᵪ'),
];

#[rustfmt::skip]
const SUPERSCRIPTS: &[(char, char)] = &[
    ('0', '⁰'), ('1', '¹'), ('2', '²'), ('3', '³'), ('4', '⁴'),
    ('5', '⁵'), ('6', '⁶'), ('7', '⁷'), ('8', '⁸'), ('9', '⁹'),
    ('+', '⁺'), ('−', '⁻'), ('=', '⁼'), ('(', '⁽'), (')', '⁾'),
    ('a', 'ᵃ'), ('b', 'ᵇ'), ('c', 'ᶜ'), ('d', 'ᵈ'), ('e', 'ᵉ'),
    ('f', 'ᶠ'), ('g', 'ᵍ'), ('h', 'ʰ'), ('i', 'ⁱ'), ('j', 'ʲ'),
    ('k', 'ᵏ'), ('l', 'ˡ'), ('m', 'ᵐ'), ('n', 'ⁿ'), ('o', 'ᵒ'),
    ('p', 'ᵖ'), ('r', 'ʳ'), ('s', 'ˢ'), ('t', 'ᵗ'), ('u', 'ᵘ'),
    ('v', 'ᵛ'), ('w', 'ʷ'), ('x', 'ˣ'), ('y', 'ʸ'), ('z', 'ᶻ'),
    ('A', 'ᴬ'), ('B', 'ᴮ'), ('D', 'ᴰ'), ('E', 'ᴱ'), ('G', 'ᴳ'),
    ('H', 'ᴴ'), ('I', 'ᴵ'), ('J', 'ᴶ'), ('K', 'ᴷ'), ('L', 'ᴸ'),
    ('M', 'ᴹ'), ('N', 'ᴺ'), ('O', 'ᴼ'), ('P', 'ᴾ'), ('R', 'ᴿ'),
    ('T', 'ᵀ'), ('U', 'ᵁ'), ('V', 'ⱽ'), ('W', 'ᵂ'), ('α', 'ᵅ'),
    ('β', 'ᵝ'), ('γ', 'ᵞ'), ('δ', 'ᵟ'), ('θ', 'ᶿ'), ('φ', 'ᵠ'),
    ('ϕ', 'ᵠ'), ('χ', 'ᵡ'), ('⊤', 'ᵀ'), ('′', '′'), ('*', '*'),
    ('∗', '*'), ('∘', '°'),
];

fn lookup_char(table: &[(char, char)], c: char) -> Option<char> {
    table
        .iter()
        .find(|&&(from, _)| from == c)
        .map(|&(_, to)| to)
}

fn lookup_output(table: &[(char, char)], c: char) -> Option<char> {
    table
        .iter()
        .find(|&&(_, to)| to == c)
        .map(|&(from, _)| from)
}

fn is_script_char(c: char) -> bool {
    lookup_output(SUBSCRIPTS, c).is_some() || lookup_output(SUPERSCRIPTS, c).is_some()
}

/// A rendered script as Unicode script characters, or `_x` / `_(…)`.
fn script_text(raw: &str, superscript: bool) -> String {
    let table = if superscript {
        SUPERSCRIPTS
    } else {
        SUBSCRIPTS
    };
    if let Some(text) = raw.chars().map(|c| lookup_char(table, c)).collect() {
        return text;
    }
    let mark = if superscript { '^' } else { '_' };
    if raw.chars().filter(|&c| !is_combining(c)).count() <= 1 {
        format!("{mark}{raw}")
    } else {
        format!("{mark}({raw})")
    }
}

/// Hangs rendered scripts on the last piece of an atom.
fn attach(out: &mut Vec<Piece>, start: usize, scripts: &str) {
    if out.len() == start {
        out.push(Piece::new("", Class::Ord));
    }
    if let Some(base) = out.last_mut() {
        if base.class == Class::Frac {
            base.text = format!("({})", base.text);
        }
        base.text.push_str(scripts);
    }
}

fn root_sign(index: &[Piece]) -> String {
    match render(index, true).as_str() {
        "" | "2" => "√".to_string(),
        "3" => "∛".to_string(),
        "4" => "∜".to_string(),
        other => format!("{}√", script_text(other, true)),
    }
}

/// Adds `mark` after each base character (with its own marks) of `text`.
fn with_mark(text: &str, mark: char) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut chars = text.chars().peekable();
    let mut markable = false;
    while let Some(c) = chars.next() {
        if !is_combining(c) {
            markable = !c.is_whitespace() && !is_script_char(c);
        }
        out.push(c);
        if markable && !chars.peek().copied().is_some_and(is_combining) {
            out.push(mark);
        }
    }
    out
}

fn double_struck(c: char) -> char {
    match c {
        'C' => 'ℂ',
        'H' => 'ℍ',
        'N' => 'ℕ',
        'P' => 'ℙ',
        'Q' => 'ℚ',
        'R' => 'ℝ',
        'Z' => 'ℤ',
        'A'..='Z' => shifted(c, 'A', 0x1D538),
        'a'..='z' => shifted(c, 'a', 0x1D552),
        '0'..='9' => shifted(c, '0', 0x1D7D8),
        _ => c,
    }
}

fn calligraphic(c: char) -> char {
    match c {
        'B' => 'ℬ',
        'E' => 'ℰ',
        'F' => 'ℱ',
        'H' => 'ℋ',
        'I' => 'ℐ',
        'L' => 'ℒ',
        'M' => 'ℳ',
        'R' => 'ℛ',
        'A'..='Z' => shifted(c, 'A', 0x1D49C),
        _ => c,
    }
}

fn shifted(c: char, first: char, base: u32) -> char {
    char::from_u32(base + (u32::from(c) - u32::from(first))).unwrap_or(c)
}

// ---------------------------------------------------------------------------
// Command tables
// ---------------------------------------------------------------------------

#[rustfmt::skip]
const GREEK: &[(&str, &str)] = &[
    ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"),
    ("epsilon", "ε"), ("varepsilon", "ε"), ("zeta", "ζ"), ("eta", "η"),
    ("theta", "θ"), ("vartheta", "ϑ"), ("iota", "ι"), ("kappa", "κ"),
    ("lambda", "λ"), ("mu", "μ"), ("nu", "ν"), ("xi", "ξ"),
    ("omicron", "ο"), ("pi", "π"), ("varpi", "ϖ"), ("rho", "ρ"),
    ("varrho", "ϱ"), ("sigma", "σ"), ("varsigma", "ς"), ("tau", "τ"),
    ("upsilon", "υ"), ("phi", "ϕ"), ("varphi", "φ"), ("chi", "χ"),
    ("psi", "ψ"), ("omega", "ω"), ("Gamma", "Γ"), ("Delta", "Δ"),
    ("Theta", "Θ"), ("Lambda", "Λ"), ("Xi", "Ξ"), ("Pi", "Π"),
    ("Sigma", "Σ"), ("Upsilon", "Υ"), ("Phi", "Φ"), ("Psi", "Ψ"),
    ("Omega", "Ω"),
];

#[rustfmt::skip]
const ORDINARY: &[(&str, &str)] = &[
    ("infty", "∞"), ("partial", "∂"), ("nabla", "∇"), ("forall", "∀"),
    ("exists", "∃"), ("nexists", "∄"), ("emptyset", "∅"), ("varnothing", "∅"),
    ("neg", "¬"), ("lnot", "¬"), ("ell", "ℓ"), ("hbar", "ℏ"),
    ("prime", "′"), ("top", "⊤"), ("bot", "⊥"), ("angle", "∠"),
    ("triangle", "△"), ("Re", "ℜ"), ("Im", "ℑ"), ("aleph", "ℵ"),
    ("dagger", "†"), ("cdots", "⋯"), ("ldots", "…"), ("dots", "…"),
    ("vdots", "⋮"), ("ddots", "⋱"), ("vert", "|"), ("Vert", "‖"),
    ("|", "‖"), ("_", "_"), ("%", "%"), ("&", "&"),
    ("#", "#"), ("$", "$"),
];

#[rustfmt::skip]
const BINARY: &[(&str, &str)] = &[
    ("cdot", "·"), ("times", "×"), ("pm", "±"), ("mp", "∓"),
    ("div", "÷"), ("circ", "∘"), ("odot", "⊙"), ("otimes", "⊗"),
    ("oplus", "⊕"), ("ast", "∗"), ("star", "⋆"), ("bullet", "∙"),
    ("cup", "∪"), ("cap", "∩"), ("wedge", "∧"), ("land", "∧"),
    ("vee", "∨"), ("lor", "∨"), ("setminus", "∖"), ("bmod", "mod"),
];

#[rustfmt::skip]
const RELATIONS: &[(&str, &str)] = &[
    ("le", "≤"), ("leq", "≤"), ("ge", "≥"), ("geq", "≥"),
    ("ne", "≠"), ("neq", "≠"), ("approx", "≈"), ("sim", "∼"),
    ("simeq", "≃"), ("cong", "≅"), ("equiv", "≡"), ("propto", "∝"),
    ("ll", "≪"), ("gg", "≫"), ("in", "∈"), ("notin", "∉"),
    ("ni", "∋"), ("subset", "⊂"), ("subseteq", "⊆"), ("supset", "⊃"),
    ("supseteq", "⊇"), ("to", "→"), ("rightarrow", "→"), ("leftarrow", "←"),
    ("gets", "←"), ("leftrightarrow", "↔"), ("Rightarrow", "⇒"), ("implies", "⇒"),
    ("Leftarrow", "⇐"), ("impliedby", "⇐"), ("Leftrightarrow", "⇔"), ("iff", "⇔"),
    ("mapsto", "↦"), ("longrightarrow", "⟶"), ("longleftarrow", "⟵"), ("uparrow", "↑"),
    ("downarrow", "↓"), ("mid", "|"), ("parallel", "∥"), ("perp", "⊥"),
    ("models", "⊨"), ("vdash", "⊢"), ("coloneqq", "≔"),
];

#[rustfmt::skip]
const OPENING: &[(&str, &str)] = &[
    ("{", "{"), ("langle", "⟨"), ("lceil", "⌈"), ("lfloor", "⌊"),
    ("lvert", "|"), ("lVert", "‖"),
];

#[rustfmt::skip]
const CLOSING: &[(&str, &str)] = &[
    ("}", "}"), ("rangle", "⟩"), ("rceil", "⌉"), ("rfloor", "⌋"),
    ("rvert", "|"), ("rVert", "‖"),
];

const PUNCTUATION: &[(&str, &str)] = &[("colon", ":")];

#[rustfmt::skip]
const SPACES: &[(&str, &str)] = &[
    (",", " "), (":", " "), (">", " "), (";", " "),
    (" ", " "), ("!", ""), ("quad", "  "), ("qquad", "    "),
    ("enspace", " "), ("thinspace", " "), ("medspace", " "), ("thickspace", " "),
    ("displaystyle", ""), ("textstyle", ""), ("scriptstyle", ""),
];

#[rustfmt::skip]
const LARGE: &[(&str, &str)] = &[
    ("sum", "Σ"), ("prod", "∏"), ("coprod", "∐"), ("int", "∫"),
    ("iint", "∬"), ("iiint", "∭"), ("oint", "∮"), ("bigcup", "⋃"),
    ("bigcap", "⋂"), ("bigoplus", "⨁"), ("bigotimes", "⨂"), ("bigvee", "⋁"),
    ("bigwedge", "⋀"),
];

const SYMBOLS: &[(Class, &[(&str, &str)])] = &[
    (Class::Ord, GREEK),
    (Class::Ord, ORDINARY),
    (Class::Bin, BINARY),
    (Class::Rel, RELATIONS),
    (Class::Open, OPENING),
    (Class::Close, CLOSING),
    (Class::Punct, PUNCTUATION),
    (Class::Space, SPACES),
    (Class::Large, LARGE),
];

/// Operator names printed upright as words.
#[rustfmt::skip]
const FUNCTIONS: &[&str] = &[
    "log", "ln", "lg", "exp", "max", "min", "sin", "cos", "tan", "cot",
    "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arg", "argmax",
    "argmin", "det", "dim", "ker", "deg", "gcd", "hom", "lim", "liminf", "limsup",
    "sup", "inf", "Pr",
];

#[rustfmt::skip]
const ACCENTS: &[(&str, char)] = &[
    ("hat", '\u{302}'), ("widehat", '\u{302}'), ("bar", '\u{304}'), ("overline", '\u{305}'),
    ("underline", '\u{332}'), ("tilde", '\u{303}'), ("widetilde", '\u{303}'), ("vec", '\u{20D7}'),
    ("dot", '\u{307}'), ("ddot", '\u{308}'), ("check", '\u{30C}'), ("breve", '\u{306}'),
    ("acute", '\u{301}'), ("grave", '\u{300}'), ("mathring", '\u{30A}'),
];

#[rustfmt::skip]
const TEXT_COMMANDS: &[&str] = &[
    "text", "textrm", "textit", "textbf", "textsf", "texttt", "textnormal", "mbox",
];

#[rustfmt::skip]
const FONT_COMMANDS: &[&str] = &[
    "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathnormal",
    "boldsymbol", "bm", "mathbb", "mathcal", "mathscr",
];

const OPENING_SIZES: &[&str] = &["left", "bigl", "Bigl", "biggl", "Biggl"];
const CLOSING_SIZES: &[&str] = &["right", "bigr", "Bigr", "biggr", "Biggr"];
const PLAIN_SIZES: &[&str] = &["big", "Big", "bigg", "Bigg", "middle"];

fn symbol(name: &str) -> Option<Piece> {
    let found = SYMBOLS.iter().find_map(|&(class, table)| {
        table
            .iter()
            .find(|&&(n, _)| n == name)
            .map(|&(_, text)| Piece::new(text, class))
    });
    found.or_else(|| {
        FUNCTIONS
            .contains(&name)
            .then(|| Piece::new(name, Class::Func))
    })
}

fn accent_mark(name: &str) -> Option<char> {
    ACCENTS
        .iter()
        .find(|&&(n, _)| n == name)
        .map(|&(_, mark)| mark)
}

/// The class a sizing command gives its delimiter; `None` when it is not one.
fn sizing_class(name: &str) -> Option<Option<Class>> {
    if OPENING_SIZES.contains(&name) {
        Some(Some(Class::Open))
    } else if CLOSING_SIZES.contains(&name) {
        Some(Some(Class::Close))
    } else if PLAIN_SIZES.contains(&name) {
        Some(None)
    } else {
        None
    }
}

fn bracket_class(text: &str) -> Class {
    match text {
        "(" | "[" | "{" | "⟨" | "⌈" | "⌊" => Class::Open,
        ")" | "]" | "}" | "⟩" | "⌉" | "⌋" => Class::Close,
        _ => Class::Ord,
    }
}

/// A literal source character as an atom.
fn char_piece(c: char) -> Piece {
    let class = match c {
        '+' | '-' | '*' | '−' | '·' | '×' | '±' | '∓' | '÷' | '∘' | '∪' | '∩' => {
            Class::Bin
        }
        '=' | '<' | '>' | ':' | '≤' | '≥' | '≠' | '≈' | '→' | '←' | '∈' | '≡' | '∼' => {
            Class::Rel
        }
        ',' | ';' => Class::Punct,
        '(' | '[' => Class::Open,
        ')' | ']' => Class::Close,
        '~' => return Piece::new(" ", Class::Space),
        '\'' => return Piece::new("′", Class::Ord),
        _ => Class::Ord,
    };
    let text = if c == '-' { '−' } else { c };
    Piece::new(text, class)
}

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

/// What closes the list being parsed (with the opener's offset).
#[derive(Debug, Clone, Copy)]
enum End {
    Input,
    Brace(usize),
    Bracket(usize),
}

/// Recursive-descent parser that renders as it goes. Problems are recorded
/// in the order met and recovered from, which is exactly the lossy behaviour.
struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
    scripts: usize,
    errors: Vec<MathError>,
    /// A group was still open at the end: what fails after it only follows from that.
    ended_open: bool,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Self {
            src,
            pos: 0,
            depth: 0,
            scripts: 0,
            errors: Vec::new(),
            ended_open: false,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn fail(&mut self, offset: usize, message: impl Into<String>) {
        let message = message.into();
        let repeated = self
            .errors
            .iter()
            .any(|e| e.offset == offset || (e.message == message && message == TOO_DEEP));
        if self.ended_open || repeated || self.errors.len() >= MAX_PROBLEMS {
            return;
        }
        self.errors.push(MathError { offset, message });
    }

    fn in_script(&self) -> bool {
        self.scripts > 0
    }

    /// Skips whitespace and `%` comments.
    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if c == '%' {
                while self.bump().is_some_and(|c| c != '\n') {}
            } else if c.is_whitespace() {
                self.bump();
            } else {
                break;
            }
        }
    }

    /// Atoms up to `end`, which is consumed.
    fn list(&mut self, end: End) -> Vec<Piece> {
        let mut out = Vec::new();
        loop {
            self.skip_space();
            let at = self.pos;
            match (self.peek(), end) {
                (None, _) => {
                    self.fail_unclosed(end);
                    break;
                }
                (Some('}'), End::Brace(_)) | (Some(']'), End::Bracket(_)) => {
                    self.bump();
                    break;
                }
                (Some('}'), _) => {
                    self.bump();
                    self.fail(at, "unmatched '}' in math");
                }
                _ => self.atom(&mut out),
            }
        }
        out
    }

    fn fail_unclosed(&mut self, end: End) {
        match end {
            End::Input => {}
            End::Brace(at) => self.fail(at, "unclosed '{' in math"),
            End::Bracket(at) => self.fail(at, "unclosed '[' in math"),
        }
        self.ended_open = true;
    }

    /// Runs `parse` one level deeper, or skips a unit flatly past the limit.
    fn nested(&mut self, parse: impl FnOnce(&mut Self) -> Vec<Piece>) -> Vec<Piece> {
        if self.depth >= MAX_DEPTH {
            self.fail(self.pos, TOO_DEEP);
            return vec![Piece::new(self.skip_unit(), Class::Ord)];
        }
        self.depth += 1;
        let out = parse(self);
        self.depth -= 1;
        out
    }

    /// Consumes one character, command or balanced group without recursing,
    /// keeping its plain characters.
    fn skip_unit(&mut self) -> String {
        match self.peek() {
            Some('{') => self.skip_balanced(),
            Some('\\') => {
                self.bump();
                self.command_name().unwrap_or_default().to_string()
            }
            Some(_) => self.bump().map(String::from).unwrap_or_default(),
            None => String::new(),
        }
    }

    fn skip_balanced(&mut self) -> String {
        let mut kept = String::new();
        let mut open = 0usize;
        while let Some(c) = self.bump() {
            match c {
                '{' => open += 1,
                '}' => {
                    open = open.saturating_sub(1);
                    if open == 0 {
                        break;
                    }
                }
                '\\' | '^' | '_' => {}
                c if c.is_whitespace() => {}
                c => kept.push(c),
            }
        }
        kept
    }

    /// A nucleus followed by its sub/superscripts.
    fn atom(&mut self, out: &mut Vec<Piece>) {
        let start = out.len();
        self.nucleus(out);
        self.scripts_of(out, start);
    }

    fn nucleus(&mut self, out: &mut Vec<Piece>) {
        let Some(c) = self.peek() else { return };
        match c {
            '\\' => self.command(out),
            '{' => {
                let group = self.nested(Self::group);
                out.extend(group);
            }
            '_' | '^' => {}
            _ => {
                self.bump();
                out.push(char_piece(c));
            }
        }
    }

    /// `{…}` at the current position.
    fn group(&mut self) -> Vec<Piece> {
        let at = self.pos;
        self.bump();
        self.list(End::Brace(at))
    }

    /// `[…]` at the current position.
    fn bracket(&mut self) -> Vec<Piece> {
        let at = self.pos;
        self.bump();
        self.list(End::Bracket(at))
    }

    /// A command argument: a group or a single token.
    fn argument(&mut self, owner: &str) -> Vec<Piece> {
        self.skip_space();
        match self.peek() {
            None | Some('}' | '_' | '^') => {
                self.fail(self.pos, format!("missing argument for '{owner}' in math"));
                Vec::new()
            }
            Some(_) => self.nested(Self::argument_body),
        }
    }

    fn argument_body(&mut self) -> Vec<Piece> {
        if self.peek() == Some('{') {
            return self.group();
        }
        let mut out = Vec::new();
        self.nucleus(&mut out);
        out
    }

    fn scripts_of(&mut self, out: &mut Vec<Piece>, start: usize) {
        let mut sub: Option<String> = None;
        let mut sup: Option<String> = None;
        loop {
            self.skip_space();
            if self.skip_limits() {
                continue;
            }
            let at = self.pos;
            let (slot, superscript) = match self.peek() {
                Some('_') => (&mut sub, false),
                Some('^') => (&mut sup, true),
                _ => break,
            };
            self.bump();
            let text = self.script(superscript);
            match slot {
                Some(existing) => {
                    existing.push_str(&text);
                    let kind = if superscript {
                        "superscript '^'"
                    } else {
                        "subscript '_'"
                    };
                    self.fail(at, format!("double {kind} in math"));
                }
                None => *slot = Some(text),
            }
        }
        if sub.is_some() || sup.is_some() {
            let scripts = sub.unwrap_or_default() + &sup.unwrap_or_default();
            attach(out, start, &scripts);
        }
    }

    /// Skips `\limits` or `\nolimits`, which only matter to typesetting.
    fn skip_limits(&mut self) -> bool {
        let rest = self.src.get(self.pos..).unwrap_or_default();
        for word in ["\\limits", "\\nolimits"] {
            if let Some(after) = rest.strip_prefix(word)
                && !after.starts_with(|c: char| c.is_ascii_alphabetic())
            {
                self.pos += word.len();
                return true;
            }
        }
        false
    }

    fn script(&mut self, superscript: bool) -> String {
        self.scripts += 1;
        let pieces = self.argument(if superscript { "^" } else { "_" });
        self.scripts -= 1;
        script_text(&render(&pieces, true), superscript)
    }

    /// The name after a backslash: a run of letters or one other character.
    fn command_name(&mut self) -> Option<&'a str> {
        let start = self.pos;
        if self.bump()?.is_ascii_alphabetic() {
            while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                self.bump();
            }
        }
        self.src.get(start..self.pos)
    }

    fn command(&mut self, out: &mut Vec<Piece>) {
        let at = self.pos;
        self.bump();
        let Some(name) = self.command_name() else {
            self.fail(at, "missing command name after '\\' in math");
            return;
        };
        if let Some(piece) = symbol(name) {
            out.push(piece);
        } else if let Some(mark) = accent_mark(name) {
            self.accent(name, mark, out);
        } else if let Some(class) = sizing_class(name) {
            self.delimiter(name, class, out);
        } else if TEXT_COMMANDS.contains(&name) {
            self.text(name, out);
        } else if FONT_COMMANDS.contains(&name) {
            self.font(name, out);
        } else {
            self.structure(at, name, out);
        }
    }

    /// Commands with their own layout, or an unknown command.
    fn structure(&mut self, at: usize, name: &str, out: &mut Vec<Piece>) {
        match name {
            "frac" | "dfrac" | "tfrac" | "cfrac" => self.frac(name, out),
            "sqrt" => self.sqrt(out),
            "operatorname" => self.operator_name(out),
            _ => {
                self.fail(at, format!("unknown command '\\{name}' in math"));
                out.push(Piece::new(name, Class::Ord));
            }
        }
    }

    fn frac(&mut self, name: &str, out: &mut Vec<Piece>) {
        let owner = format!("\\{name}");
        let numerator = self.argument(&owner);
        let denominator = self.argument(&owner);
        let script = self.in_script();
        let text = format!(
            "{}/{}",
            fraction_part(&numerator, script),
            fraction_part(&denominator, script)
        );
        out.push(Piece::new(text, Class::Frac));
    }

    fn sqrt(&mut self, out: &mut Vec<Piece>) {
        self.skip_space();
        let index = if self.peek() == Some('[') {
            self.nested(Self::bracket)
        } else {
            Vec::new()
        };
        let body = self.argument("\\sqrt");
        let text = root_sign(&index) + &radicand(&body, self.in_script());
        out.push(Piece::new(text, Class::Ord));
    }

    fn operator_name(&mut self, out: &mut Vec<Piece>) {
        self.skip_space();
        if self.peek() == Some('*') {
            self.bump();
        }
        let pieces = self.argument("\\operatorname");
        out.push(Piece::new(render(&pieces, true), Class::Func));
    }

    fn accent(&mut self, name: &str, mark: char, out: &mut Vec<Piece>) {
        let mut pieces = self.argument(&format!("\\{name}"));
        for piece in &mut pieces {
            piece.text = with_mark(&piece.text, mark);
        }
        out.extend(pieces);
    }

    fn font(&mut self, name: &str, out: &mut Vec<Piece>) {
        let mut pieces = self.argument(&format!("\\{name}"));
        let map: fn(char) -> char = match name {
            "mathbb" => double_struck,
            "mathcal" | "mathscr" => calligraphic,
            _ => |c| c,
        };
        for piece in &mut pieces {
            piece.text = piece.text.chars().map(map).collect();
        }
        out.extend(pieces);
    }

    /// `\left(`, `\right)`, `\big|`, …: just the delimiter.
    fn delimiter(&mut self, name: &str, class: Option<Class>, out: &mut Vec<Piece>) {
        self.skip_space();
        let at = self.pos;
        let text = match self.peek() {
            Some('.') => {
                self.bump();
                String::new()
            }
            Some('\\') => self.delimiter_command(at),
            Some('<') => self.replace_char("⟨"),
            Some('>') => self.replace_char("⟩"),
            Some(c) if c != '{' && c != '}' => self.replace_char(&c.to_string()),
            _ => {
                self.fail(at, format!("missing delimiter after '\\{name}' in math"));
                String::new()
            }
        };
        let class = class.unwrap_or_else(|| bracket_class(&text));
        out.push(Piece::new(text, class));
    }

    fn replace_char(&mut self, text: &str) -> String {
        self.bump();
        text.to_string()
    }

    fn delimiter_command(&mut self, at: usize) -> String {
        self.bump();
        let Some(name) = self.command_name() else {
            self.fail(at, "missing command name after '\\' in math");
            return String::new();
        };
        symbol(name).map(|p| p.text).unwrap_or_else(|| {
            self.fail(at, format!("unknown command '\\{name}' in math"));
            name.to_string()
        })
    }

    /// `\text{…}`: the argument verbatim.
    fn text(&mut self, name: &str, out: &mut Vec<Piece>) {
        self.skip_space();
        let text = match self.peek() {
            Some('{') => self.verbatim(),
            Some(c) if c != '}' => self.replace_char(&c.to_string()),
            _ => {
                self.fail(self.pos, format!("missing argument for '\\{name}' in math"));
                String::new()
            }
        };
        out.push(Piece::new(text, Class::Ord));
    }

    /// A braced group read as text: braces dropped, whitespace collapsed.
    fn verbatim(&mut self) -> String {
        let at = self.pos;
        self.bump();
        let mut text = String::new();
        let mut open = 1usize;
        while let Some(c) = self.bump() {
            match c {
                '{' => open += 1,
                '}' => {
                    open -= 1;
                    if open == 0 {
                        return text;
                    }
                }
                '\\' => self.text_escape(&mut text),
                c if c.is_whitespace() || c == '~' => {
                    if !text.ends_with(' ') {
                        text.push(' ');
                    }
                }
                c => text.push(c),
            }
        }
        self.fail(at, "unclosed '{' in math");
        text
    }

    /// After a backslash in text: `\%` is `%`, `\alpha` is `α`, nested text
    /// and font commands vanish, other names are kept without the backslash.
    fn text_escape(&mut self, text: &mut String) {
        let Some(name) = self.command_name() else {
            return;
        };
        let styling = TEXT_COMMANDS.contains(&name) || FONT_COMMANDS.contains(&name);
        if name == "\\" || name == " " {
            text.push(' ');
        } else if let Some(piece) = symbol(name).filter(|p| p.class != Class::Space) {
            text.push_str(&piece.text);
        } else if !styling {
            text.push_str(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    const TARGET: &str = r"L = \frac{1}{N}\sum_{i=1}^{N}(y_i - \hat{y}_i)^2";

    const CASES: &[(&str, &str)] = &[
        // The target formula.
        (TARGET, "L = 1/N Σᵢ₌₁ᴺ (yᵢ − y\u{302}ᵢ)²"),
        // Fractions.
        (r"\frac{a}{b}", "a/b"),
        (r"\frac{a+b}{c}", "(a + b)/c"),
        (r"\frac{1}{a-b}", "1/(a − b)"),
        (r"\frac{\frac{a}{b}}{c}", "(a/b)/c"),
        (r"\frac{(a+b)c}{2}", "(a + b)c/2"),
        (r"\frac12", "1/2"),
        (r"\frac{-1}{N}", "−1/N"),
        (r"\frac{\log x}{2}", "(log x)/2"),
        (r"y = \frac{1}{1 + e^{-x}}", "y = 1/(1 + e⁻ˣ)"),
        (r"\frac{a}{b}^2", "(a/b)²"),
        (r"\frac{1}{2}(a+b)", "1/2 (a + b)"),
        // Big operators and their limits.
        (r"\sum_{i=1}^{N} x_i", "Σᵢ₌₁ᴺ xᵢ"),
        (r"\prod_{k} a_k", "∏ₖ aₖ"),
        (r"\int_0^1 f(x)\,dx", "∫₀¹ f(x) dx"),
        (r"\sum_{x \in S} x", "Σ_(x∈S) x"),
        (r"\sum\limits_{k=0}^{n} k", "Σₖ₌₀ⁿ k"),
        (r"\displaystyle\int f", "∫ f"),
        // Sub- and superscripts.
        (r"x_i", "xᵢ"),
        (r"x_{ij}", "xᵢⱼ"),
        (r"x^2", "x²"),
        (r"x^{n+1}", "xⁿ⁺¹"),
        (r"x^{-1}", "x⁻¹"),
        (r"a_{n-1} = a_{n} + 1", "aₙ₋₁ = aₙ + 1"),
        (r"x_{i}^{2}", "xᵢ²"),
        (r"x^2_i", "xᵢ²"),
        (r"W^T x", "Wᵀx"),
        (r"W^\top", "Wᵀ"),
        (r"\theta^*", "θ*"),
        (r"x_{\theta}", "x_θ"),
        (r"x_{yz}", "x_(yz)"),
        (r"e^{\frac{x}{2}}", "e^(x/2)"),
        (r"e^{-x^2}", "e^(−x²)"),
        (r"\text{loss}_{\text{train}}", "lossₜᵣₐᵢₙ"),
        (r"f'(x)", "f′(x)"),
        (r"90^\circ", "90°"),
        // Accents.
        (r"\hat{y}", "y\u{302}"),
        (r"\bar{x}", "x\u{304}"),
        (r"\tilde{x}", "x\u{303}"),
        (r"\vec{v}", "v\u{20D7}"),
        (r"\dot{x}", "x\u{307}"),
        (r"\hat\theta", "θ\u{302}"),
        (r"\bar{xy}", "x\u{304}y\u{304}"),
        // Greek letters.
        (r"\alpha + \beta = \gamma", "α + β = γ"),
        (r"\delta\epsilon\lambda\mu\pi\sigma\omega", "δελμπσω"),
        (
            r"\Gamma \Delta \Theta \Lambda \Sigma \Phi \Omega",
            "ΓΔΘΛΣΦΩ",
        ),
        // Operators and relations.
        (r"a \cdot b \times c", "a · b × c"),
        (r"a \le b \leq c", "a ≤ b ≤ c"),
        (r"a \ge b \geq c", "a ≥ b ≥ c"),
        (r"a \ne b \neq c", "a ≠ b ≠ c"),
        (r"\pi \approx 3.14", "π ≈ 3.14"),
        (r"x \to \infty", "x → ∞"),
        (r"a \rightarrow b \leftarrow c", "a → b ← c"),
        (r"\mu \pm \sigma", "μ ± σ"),
        (r"\pm 1", "±1"),
        (r"\partial L / \partial w", "∂L/∂w"),
        (r"\nabla f", "∇f"),
        (r"x \in \{1, 2\}", "x ∈ {1, 2}"),
        (r"P(A \mid B)", "P(A | B)"),
        (r"a := b", "a := b"),
        (r"\|x\|_2", "‖x‖₂"),
        // Minus signs.
        (r"a - b", "a − b"),
        (r"-x", "−x"),
        (r"a = -b", "a = −b"),
        (r"(-1)", "(−1)"),
        (r"a+b=c", "a + b = c"),
        (r"a - -b", "a − −b"),
        // Function names.
        (r"\log x", "log x"),
        (r"\exp(x)", "exp(x)"),
        (r"\max_i x_i", "maxᵢ xᵢ"),
        (r"\min(a, b)", "min(a, b)"),
        (r"2\log n", "2 log n"),
        (r"\lim_{n \to \infty} a_n", "lim_(n→∞) aₙ"),
        (r"\operatorname{softmax}(z)_i", "softmax(z)ᵢ"),
        // Roots.
        (r"\sqrt{x}", "√x"),
        (r"\sqrt{x+1}", "√(x + 1)"),
        (r"\sqrt{10}", "√10"),
        (r"\sqrt{x_i}", "√xᵢ"),
        (r"\sqrt{x^2}", "√(x²)"),
        (r"\sqrt{(a+b)}", "√(a + b)"),
        (r"\sqrt[3]{x}", "∛x"),
        (r"\sqrt[n]{x}", "ⁿ√x"),
        // Text and fonts.
        (r"\text{if } x > 0", "if x > 0"),
        (r"x \text{ for all } i", "x for all i"),
        (r"\text{50\% off}", "50% off"),
        (r"\mathrm{d}x", "dx"),
        (r"\mathbb{R}^n", "ℝⁿ"),
        (r"\mathbb{E}[x]", "𝔼[x]"),
        (r"\mathcal{L}", "ℒ"),
        // Delimiters and spacing.
        (r"\left( \frac{a}{b} \right)", "(a/b)"),
        (r"\left\{ x \right\}", "{x}"),
        (r"\left. x \right|", "x|"),
        (r"\left\langle u, v \right\rangle", "⟨u, v⟩"),
        (r"a\,b", "a b"),
        (r"a\;b", "a b"),
        (r"a\quad b", "a  b"),
        (r"a =\, b", "a = b"),
        (r"f\colon X \to Y", "f: X → Y"),
        (
            r"a % comment
            + b",
            "a + b",
        ),
        (r"\sigma(Wx + b)", "σ(Wx + b)"),
    ];

    #[test]
    fn converts_table() {
        let failures: Vec<String> = CASES
            .iter()
            .filter_map(|&(input, want)| match to_unicode(input) {
                Ok(got) if got == want => None,
                other => Some(format!("{input:?}: want {want:?}, got {other:?}")),
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(CASES.len() >= 30);
    }

    #[test]
    fn lossy_agrees_on_valid_input() {
        for &(input, want) in CASES {
            assert_eq!(to_unicode_lossy(input), want, "{input:?}");
        }
    }

    fn error(latex: &str) -> MathError {
        match to_unicode(latex) {
            Err(e) => e,
            Ok(text) => panic!("{latex:?} converted to {text:?}"),
        }
    }

    #[test]
    fn reports_errors_with_offsets() {
        let cases: &[(&str, usize, &str)] = &[
            (r"\foo", 0, r"unknown command '\foo' in math"),
            (r"a + \foo{x}", 4, r"unknown command '\foo' in math"),
            (r"é\foo", 2, r"unknown command '\foo' in math"),
            (r"\frac{a", 5, "unclosed '{' in math"),
            (r"x^{2", 2, "unclosed '{' in math"),
            (r"a}", 1, "unmatched '}' in math"),
            (r"\frac{a}", 8, r"missing argument for '\frac' in math"),
            (r"\frac{a}}", 8, r"missing argument for '\frac' in math"),
            (r"x^", 2, "missing argument for '^' in math"),
            (r"{x_}", 3, "missing argument for '_' in math"),
            (r"\hat", 4, r"missing argument for '\hat' in math"),
            (r"\text", 5, r"missing argument for '\text' in math"),
            (r"\", 0, r"missing command name after '\' in math"),
            (r"x_1_2", 3, "double subscript '_' in math"),
            (r"x^1^2", 3, "double superscript '^' in math"),
            (r"\sqrt[3{x}", 5, "unclosed '[' in math"),
            (r"\left", 5, r"missing delimiter after '\left' in math"),
            (r"\left\foo", 5, r"unknown command '\foo' in math"),
            (r"\text{abc", 5, "unclosed '{' in math"),
            (r"\foo + \bar", 0, r"unknown command '\foo' in math"),
        ];
        for &(input, offset, message) in cases {
            let want = MathError {
                offset,
                message: message.to_string(),
            };
            assert_eq!(error(input), want, "{input:?}");
        }
    }

    #[test]
    fn problems_lists_every_error_and_no_echo_of_an_open_brace() {
        let found = |latex: &str| -> Vec<(usize, String)> {
            problems(latex)
                .into_iter()
                .map(|e| (e.offset, e.message))
                .collect()
        };
        assert_eq!(
            found(r"\frac{1}{2 + \frob"),
            [
                (8, "unclosed '{' in math".to_string()),
                (13, r"unknown command '\frob' in math".to_string()),
            ]
        );
        assert_eq!(found(r"x^{2"), [(2, "unclosed '{' in math".to_string())]);
        assert_eq!(
            found(r"\foo + \baz"),
            [
                (0, r"unknown command '\foo' in math".to_string()),
                (7, r"unknown command '\baz' in math".to_string()),
            ]
        );
        assert!(found(r"\frac{a}{b}").is_empty());
        assert_eq!(problems(&r"\foo ".repeat(1000)).len(), MAX_PROBLEMS);
    }

    #[test]
    fn lossy_recovers() {
        let cases: &[(&str, &str)] = &[
            (r"\foo + 1", "foo + 1"),
            (r"\foo{x}", "foox"),
            (r"\frac{a+b}{c", "(a + b)/c"),
            (r"{a", "a"),
            (r"a}}b", "ab"),
            (r"x^", "x"),
            (r"\", ""),
            (r"x_1_2", "x₁₂"),
            (r"\frac{a}", "a/"),
            (r"\left x \right", "x"),
        ];
        for &(input, want) in cases {
            assert_eq!(to_unicode_lossy(input), want, "{input:?}");
        }
    }

    #[test]
    fn error_display_mentions_offset() {
        let e = error(r"x + \foo");
        assert_eq!(e.to_string(), r"unknown command '\foo' in math (at byte 4)");
    }

    fn pathological() -> Vec<String> {
        let deep = |open: &str, mid: &str, close: &str| {
            format!("{}{mid}{}", open.repeat(10_000), close.repeat(10_000))
        };
        vec![
            deep("{", "x", "}"),
            "{".repeat(10_000),
            "}".repeat(10_000),
            deep(r"\frac{", "x", "}{y}"),
            deep(r"x^{", "y", "}"),
            deep(r"\sqrt[", "n", "]{x}"),
            r"\sqrt".repeat(10_000) + "x",
            r"\hat".repeat(10_000),
            r"\left(".repeat(10_000),
            r"\text{".repeat(10_000),
            "x^".repeat(10_000),
            "_^".repeat(10_000),
            r"\\".repeat(10_000),
            r"\".to_string(),
            "é".repeat(1_000) + r"\",
            "\u{302}\u{20D7}x\u{0}%".to_string(),
        ]
    }

    fn check_no_panic(input: &str) {
        let lossy = to_unicode_lossy(input);
        match to_unicode(input) {
            Ok(text) => assert_eq!(text, lossy),
            Err(e) => assert!(e.offset <= input.len() && input.is_char_boundary(e.offset)),
        }
    }

    #[test]
    fn never_panics_on_prefixes() {
        let mut inputs: Vec<String> = CASES.iter().map(|&(i, _)| i.to_string()).collect();
        inputs.extend(
            [
                r"\frac{\sqrt[3]{x_{i}^{\hat{}}}}{\left\{\text{a{b}c}\right.",
                r"é\ü{ß}_ñ^",
            ]
            .map(String::from),
        );
        for input in &inputs {
            for (i, _) in input.char_indices().chain([(input.len(), ' ')]) {
                check_no_panic(&input[..i]);
                check_no_panic(&input[i..]);
            }
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let handle = std::thread::Builder::new().stack_size(1 << 20).spawn(|| {
            for input in pathological() {
                check_no_panic(&input);
            }
            let deep = format!("{}x{}", "{".repeat(10_000), "}".repeat(10_000));
            assert_eq!(to_unicode_lossy(&deep), "x");
            let e = error(&deep);
            assert_eq!(
                (e.offset, e.message.as_str()),
                (MAX_DEPTH, "formula nested too deeply")
            );
            let e = error(&(r"\sqrt".repeat(100) + "x"));
            assert_eq!(e.message, "formula nested too deeply");
        });
        let joined = handle.map(|h| h.join());
        assert!(matches!(joined, Ok(Ok(()))), "worker failed");
    }

    #[test]
    fn large_inputs_never_panic() {
        let unit = r"\frac{a+b}{c}\sum_{i=1}^{N} x_i^{2} + \hat{y}\,\text{ok} - ";
        let mut inputs = pathological();
        inputs.push(unit.repeat(20_000));
        inputs.push(r"a\,".repeat(100_000));
        inputs.push("{}".repeat(100_000));
        inputs.push(format!("{}{}", "{".repeat(31), "{}".repeat(100_000)));
        for input in inputs {
            check_no_panic(&input);
        }
    }

    fn best_time(input: &str) -> Duration {
        let time = || {
            let start = Instant::now();
            to_unicode_lossy(input);
            start.elapsed()
        };
        (0..3).map(|_| time()).min().unwrap_or_default()
    }

    #[test]
    fn time_grows_linearly_with_input() {
        let units = [
            r"\frac{a+b}{c}\sum_{i=1}^{N} x_i^{2} - ",
            r"\hat",
            "{",
            r"a\,",
            "x^",
        ];
        for unit in units {
            let small = best_time(&unit.repeat(5_000));
            let large = best_time(&unit.repeat(40_000));
            let limit = small * 24 + Duration::from_millis(150);
            assert!(
                large < limit,
                "{unit:?}: 5k took {small:?}, 40k took {large:?}"
            );
        }
    }
}
