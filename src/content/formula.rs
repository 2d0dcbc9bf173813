//! The small arithmetic language of explorable figures: `volume * (1 - precision / 100)`.
//!
//! An explorable's outputs are formulas over its inputs, written by course authors and run
//! on every key press. The language is deliberately tiny (numbers, named variables, `+ - * /
//! ^`, parentheses and a fixed list of functions), parsed once into a tree whose variables are
//! already resolved to slots, so evaluating is a walk over a few nodes with no lookups.
//!
//! Why not a crate: exmex 0.21 (the candidate the issue named) rejects nested two-argument
//! functions (`min(a, max(b, 3))` is a "parentheses mismatch"), cannot read `1e12`, evaluates
//! `-a^2` as `(-a)^2`, and reports errors without a position; an author needs
//! `path:line:col` at the offending name. A recursive-descent parser of ~200 lines gives exact
//! offsets and school-book precedence (`-2^2` is -4, `2^3^2` is 512).

use std::fmt;

/// A parsed formula: variables are slot numbers into the values passed to [`Formula::eval`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Formula {
    root: Node,
    /// The slots this formula reads, in first-use order, without repeats.
    uses: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
enum Node {
    Number(f64),
    Var(usize),
    Neg(Box<Node>),
    Binary(Op, Box<Node>, Box<Node>),
    Call(Func, Vec<Node>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

/// The functions a formula may call, with their arity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Func {
    Min,
    Max,
    Pow,
    Log,
    Log2,
    Exp,
    Sqrt,
    Abs,
    Ceil,
    Floor,
}

const FUNCTIONS: &[(&str, Func, usize)] = &[
    ("min", Func::Min, 2),
    ("max", Func::Max, 2),
    ("pow", Func::Pow, 2),
    ("log", Func::Log, 1),
    ("log2", Func::Log2, 1),
    ("exp", Func::Exp, 1),
    ("sqrt", Func::Sqrt, 1),
    ("abs", Func::Abs, 1),
    ("ceil", Func::Ceil, 1),
    ("floor", Func::Floor, 1),
];

/// The names of the functions, for messages and the authoring guide.
pub fn function_names() -> String {
    FUNCTIONS
        .iter()
        .map(|(name, _, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `name` is one of the functions (and so cannot name a variable).
pub fn is_function(name: &str) -> bool {
    FUNCTIONS.iter().any(|(f, _, _)| *f == name)
}

/// A problem in a formula at a byte offset into its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for FormulaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for FormulaError {}

/// Parses `text`; `slot` resolves a variable name to its slot, or says why it cannot be used
/// (unknown, or an output defined later).
pub fn parse(
    text: &str,
    slot: &dyn Fn(&str) -> Result<usize, String>,
) -> Result<Formula, FormulaError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        end: text.len(),
        slot,
        uses: Vec::new(),
    };
    let root = parser.expression()?;
    if let Some(token) = parser.peek() {
        return Err(error(
            token.offset,
            format!("unexpected '{}' after a complete formula", token.kind),
        ));
    }
    Ok(Formula {
        root,
        uses: parser.uses,
    })
}

impl Formula {
    /// The value for `values` (indexed by slot). Never panics: a slot out of range reads NaN.
    pub fn eval(&self, values: &[f64]) -> f64 {
        eval(&self.root, values)
    }

    /// The slots this formula reads.
    pub fn uses(&self) -> &[usize] {
        &self.uses
    }
}

fn eval(node: &Node, values: &[f64]) -> f64 {
    match node {
        Node::Number(n) => *n,
        Node::Var(slot) => values.get(*slot).copied().unwrap_or(f64::NAN),
        Node::Neg(inner) => -eval(inner, values),
        Node::Binary(op, a, b) => {
            let (a, b) = (eval(a, values), eval(b, values));
            match op {
                Op::Add => a + b,
                Op::Sub => a - b,
                Op::Mul => a * b,
                Op::Div => a / b,
                Op::Pow => a.powf(b),
            }
        }
        Node::Call(func, args) => call(*func, args, values),
    }
}

fn call(func: Func, args: &[Node], values: &[f64]) -> f64 {
    let arg = |i: usize| args.get(i).map_or(f64::NAN, |a| eval(a, values));
    match func {
        Func::Min => arg(0).min(arg(1)),
        Func::Max => arg(0).max(arg(1)),
        Func::Pow => arg(0).powf(arg(1)),
        Func::Log => arg(0).ln(),
        Func::Log2 => arg(0).log2(),
        Func::Exp => arg(0).exp(),
        Func::Sqrt => arg(0).sqrt(),
        Func::Abs => arg(0).abs(),
        Func::Ceil => arg(0).ceil(),
        Func::Floor => arg(0).floor(),
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Number(f64),
    Name(String),
    Symbol(char),
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Number(n) => write!(f, "{n}"),
            Kind::Name(name) => f.write_str(name),
            Kind::Symbol(c) => write!(f, "{c}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Token {
    kind: Kind,
    offset: usize,
    len: usize,
}

fn tokenize(text: &str) -> Result<Vec<Token>, FormulaError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(offset, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_digit() || c == '.' {
            let len = number_len(&text[offset..]);
            let literal = &text[offset..offset + len];
            let value: f64 = literal
                .parse()
                .map_err(|_| error(offset, format!("'{literal}' is not a number")))?;
            tokens.push(Token {
                kind: Kind::Number(value),
                offset,
                len,
            });
            while chars.peek().is_some_and(|&(i, _)| i < offset + len) {
                chars.next();
            }
        } else if c.is_ascii_alphabetic() || c == '_' {
            let len = text[offset..]
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .unwrap_or(text.len() - offset);
            tokens.push(Token {
                kind: Kind::Name(text[offset..offset + len].to_string()),
                offset,
                len,
            });
            while chars.peek().is_some_and(|&(i, _)| i < offset + len) {
                chars.next();
            }
        } else if "+-*/^(),".contains(c) {
            tokens.push(Token {
                kind: Kind::Symbol(c),
                offset,
                len: 1,
            });
            chars.next();
        } else {
            return Err(error(
                offset,
                format!("'{}' cannot be used in a formula", c.escape_debug()),
            ));
        }
    }
    Ok(tokens)
}

/// The length of the number literal at the start of `text`: digits, one dot, an exponent.
fn number_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut j = i + 1;
        if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
            j += 1;
        }
        if j < bytes.len() && bytes[j].is_ascii_digit() {
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    i
}

// ---------------------------------------------------------------------------------------------
// Parser: expression := term (('+' | '-') term)*; term := unary (('*' | '/') unary)*;
// unary := '-' unary | power; power := atom ('^' unary)?; atom := number | name | call | '(' e ')'

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    end: usize,
    slot: &'a dyn Fn(&str) -> Result<usize, String>,
    uses: Vec<usize>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn peek_symbol(&self, symbol: char) -> bool {
        self.peek().is_some_and(|t| t.kind == Kind::Symbol(symbol))
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn expression(&mut self) -> Result<Node, FormulaError> {
        self.left_assoc(&[('+', Op::Add), ('-', Op::Sub)], Self::term)
    }

    fn term(&mut self) -> Result<Node, FormulaError> {
        self.left_assoc(&[('*', Op::Mul), ('/', Op::Div)], Self::unary)
    }

    /// `operand (op operand)*` for one precedence level, grouped to the left.
    fn left_assoc(
        &mut self,
        ops: &[(char, Op)],
        operand: fn(&mut Self) -> Result<Node, FormulaError>,
    ) -> Result<Node, FormulaError> {
        let mut left = operand(self)?;
        while let Some(op) = self.binary(ops) {
            let right = operand(self)?;
            left = Node::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn binary(&mut self, ops: &[(char, Op)]) -> Option<Op> {
        let op = ops.iter().find(|(c, _)| self.peek_symbol(*c))?.1;
        self.at += 1;
        Some(op)
    }

    fn unary(&mut self) -> Result<Node, FormulaError> {
        if self.peek_symbol('-') {
            self.at += 1;
            return Ok(Node::Neg(Box::new(self.unary()?)));
        }
        if self.peek_symbol('+') {
            self.at += 1;
            return self.unary();
        }
        self.power()
    }

    fn power(&mut self) -> Result<Node, FormulaError> {
        let base = self.atom()?;
        if self.peek_symbol('^') {
            self.at += 1;
            let exponent = self.unary()?;
            return Ok(Node::Binary(Op::Pow, Box::new(base), Box::new(exponent)));
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Node, FormulaError> {
        let end = self.end;
        let Some(token) = self.next() else {
            return Err(error(end, "the formula ends where a value is expected"));
        };
        match token.kind {
            Kind::Number(n) => Ok(Node::Number(n)),
            Kind::Symbol('(') => {
                let inner = self.expression()?;
                self.expect(')', token.offset, "'(' is never closed")?;
                Ok(inner)
            }
            Kind::Name(name) if self.peek_symbol('(') => self.call(&name, token.offset),
            Kind::Name(name) => self.variable(&name, token.offset),
            Kind::Symbol(c) => Err(error(
                token.offset,
                format!("expected a number, a name or '(' but found '{c}'"),
            )),
        }
    }

    fn variable(&mut self, name: &str, offset: usize) -> Result<Node, FormulaError> {
        if is_function(name) {
            return Err(error(
                offset,
                format!("'{name}' is a function: write {name}(...)"),
            ));
        }
        let slot = (self.slot)(name).map_err(|message| error(offset, message))?;
        if !self.uses.contains(&slot) {
            self.uses.push(slot);
        }
        Ok(Node::Var(slot))
    }

    fn call(&mut self, name: &str, offset: usize) -> Result<Node, FormulaError> {
        let Some(&(_, func, arity)) = FUNCTIONS.iter().find(|(f, _, _)| *f == name) else {
            return Err(error(
                offset,
                format!("unknown function '{name}' (known: {})", function_names()),
            ));
        };
        let open = self.next().map_or(offset, |t| t.offset);
        let mut args = vec![self.expression()?];
        while self.peek_symbol(',') {
            self.at += 1;
            args.push(self.expression()?);
        }
        self.expect(')', open, &format!("'{name}(' is never closed"))?;
        if args.len() != arity {
            let s = if arity == 1 { "" } else { "s" };
            return Err(error(
                offset,
                format!("{name}() takes {arity} argument{s}, found '{}'", args.len()),
            ));
        }
        Ok(Node::Call(func, args))
    }

    fn expect(&mut self, symbol: char, opened: usize, message: &str) -> Result<(), FormulaError> {
        match self.next() {
            Some(t) if t.kind == Kind::Symbol(symbol) => Ok(()),
            Some(t) => Err(error(
                t.offset,
                format!("expected '{symbol}' but found '{}'", t.kind),
            )),
            None => Err(error(opened, message)),
        }
    }
}

fn error(offset: usize, message: impl Into<String>) -> FormulaError {
    FormulaError {
        offset,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &["a", "b", "volume", "precision"];

    fn slot(name: &str) -> Result<usize, String> {
        NAMES
            .iter()
            .position(|n| *n == name)
            .ok_or_else(|| format!("unknown variable '{name}'"))
    }

    fn value(text: &str, values: &[f64]) -> f64 {
        parse(text, &slot).unwrap().eval(values)
    }

    fn fails(text: &str, message: &str, offset: usize) {
        let e = parse(text, &slot).unwrap_err();
        assert!(e.message.contains(message), "{text}: {e}");
        assert_eq!(e.offset, offset, "{text}: {e}");
    }

    #[test]
    fn arithmetic_with_school_precedence() {
        assert_eq!(value("1 + 2 * 3", &[]), 7.0);
        assert_eq!(value("(1 + 2) * 3", &[]), 9.0);
        assert_eq!(value("-2^2", &[]), -4.0);
        assert_eq!(value("2^3^2", &[]), 512.0);
        assert_eq!(value("2^-1", &[]), 0.5);
        assert_eq!(value("8 / 4 / 2", &[]), 1.0);
        assert_eq!(value("10 - 4 - 3", &[]), 3.0);
        assert_eq!(value("1e12 * 2", &[]), 2e12);
        assert_eq!(value("2.5E-3 * 1000", &[]), 2.5);
        assert_eq!(value("+3", &[]), 3.0);
    }

    #[test]
    fn variables_and_the_issue_example() {
        let v = value(
            "volume * (1 - precision / 100)",
            &[0.0, 0.0, 50_000.0, 87.0],
        );
        assert!((v - 6_500.0).abs() < 1e-6);
        let f = parse("b + a * b", &slot).unwrap();
        assert_eq!(f.uses(), &[1, 0]);
    }

    #[test]
    fn every_function() {
        assert_eq!(value("min(a, max(b, 3))", &[5.0, 1.0]), 3.0);
        assert_eq!(value("min(min(a, b), 0.5)", &[5.0, 1.0]), 0.5);
        assert_eq!(value("pow(2, 10)", &[]), 1024.0);
        assert_eq!(value("log2(1024)", &[]), 10.0);
        assert!((value("log(exp(2))", &[]) - 2.0).abs() < 1e-12);
        assert_eq!(value("sqrt(16) + abs(-2)", &[]), 6.0);
        assert_eq!(value("ceil(1.2) + floor(1.8)", &[]), 3.0);
    }

    #[test]
    fn errors_point_at_their_cause() {
        fails("volume * zzz", "unknown variable 'zzz'", 9);
        fails("sin(a)", "unknown function 'sin'", 0);
        fails("min(a)", "min() takes 2 arguments, found '1'", 0);
        fails("sqrt(a, b)", "sqrt() takes 1 argument, found '2'", 0);
        fails("(a + b", "'(' is never closed", 0);
        fails("min(a, b", "'min(' is never closed", 3);
        fails("a + ", "ends where a value is expected", 4);
        fails("a b", "unexpected 'b'", 2);
        fails("a # b", "'#' cannot be used", 2);
        fails("1.2.3", "'1.2.3' is not a number", 0);
        fails("a * )", "found ')'", 4);
        fails("min + 1", "'min' is a function", 0);
    }

    #[test]
    fn division_by_zero_is_not_finite_rather_than_a_panic() {
        assert!(!value("a / b", &[1.0, 0.0]).is_finite());
        assert!(value("sqrt(a)", &[-1.0]).is_nan());
        assert!(parse("a", &slot).unwrap().eval(&[]).is_nan());
    }
}
