//! The small expression language of runbook files: numbers, durations (`90s`, `15m`, `12h`,
//! `2d`: numbers of seconds), 'text' (or "text"), true/false, names of the target's properties
//! and the runbook's parameters, `+ - * /`, comparisons, `&& || !`, and a fixed set of
//! functions (`min`, `max`, `ceil`, `floor`, `if`, `known`, `secs`, `status_of`, `lag_of`,
//! `scheduled_of`). Nothing else: there is no way to name a file, a command or an API.
//!
//! Parsing is separate from evaluating so a file's every expression is checked when it loads;
//! errors carry the byte offset in the expression where they are.

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    /// A fixed instant (a time parameter's default written as a date).
    Time(crate::cloud::model::Timestamp),
    Text(String),
    Bool(bool),
    /// A property or parameter, with its offset in the source.
    Name(String, usize),
    Unary(char, Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    /// A function, its offset, its arguments.
    Call(String, usize, Vec<Expr>),
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
}

/// The functions an expression may call, with how many arguments each takes.
pub const FUNCTIONS: &[(&str, usize)] = &[
    ("min", 2),
    ("max", 2),
    ("ceil", 1),
    ("floor", 1),
    ("if", 3),
    ("known", 1),
    ("secs", 1),
    ("status_of", 1),
    ("lag_of", 1),
    ("scheduled_of", 1),
];

/// What is wrong with an expression, and where (a byte offset into it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub offset: usize,
    pub message: String,
}

/// Seconds per duration unit (`s`, `m`, `h`, `d`).
pub fn unit_secs(unit: u8) -> Option<f64> {
    match unit {
        b's' => Some(1.0),
        b'm' => Some(60.0),
        b'h' => Some(3600.0),
        b'd' => Some(86_400.0),
        _ => None,
    }
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, ExprError> {
    Err(ExprError { offset, message: message.into() })
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num(f64),
    Str(String),
    Ident(String),
    Sym(&'static str),
}

const SYMBOLS: [&str; 16] = ["<=", ">=", "==", "!=", "&&", "||", "<", ">", "+", "-", "*", "/", "!", "(", ")", ","];

fn tokens(text: &str) -> Result<Vec<(Token, usize)>, ExprError> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let Ok(n) = text[start..i].parse::<f64>() else { return err(start, "not a number") };
            // A unit right after the number makes it a duration in seconds: `12h`.
            let unit = bytes.get(i).copied().and_then(unit_secs);
            let alone = !bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
            let scale = match unit {
                Some(secs) if alone => {
                    i += 1;
                    secs
                }
                _ => 1.0,
            };
            out.push((Token::Num(n * scale), start));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push((Token::Ident(text[start..i].to_owned()), start));
        } else if c == b'\'' || c == b'"' {
            let start = i;
            let quote = char::from(c);
            let Some(len) = text[i + 1..].find(quote) else { return err(start, "unterminated text") };
            out.push((Token::Str(text[i + 1..i + 1 + len].to_owned()), start));
            i += len + 2;
        } else if let Some(sym) = SYMBOLS.iter().find(|s| text[i..].starts_with(**s)) {
            out.push((Token::Sym(sym), i));
            i += sym.len();
        } else {
            let ch = text[i..].chars().next().unwrap_or('?');
            return err(i, format!("unexpected `{}`", ch.escape_default()));
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    at: usize,
    end: usize,
    depth: usize,
}

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(t, _)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.at).map_or(self.end, |(_, o)| *o)
    }

    fn eat(&mut self, sym: &str) -> bool {
        let found = matches!(self.peek(), Some(Token::Sym(s)) if *s == sym);
        if found {
            self.at += 1;
        }
        found
    }

    fn binary(&mut self, level: usize) -> Result<Expr, ExprError> {
        const LEVELS: [&[(&str, Op)]; 5] = [
            &[("||", Op::Or)],
            &[("&&", Op::And)],
            &[("<=", Op::Le), (">=", Op::Ge), ("==", Op::Eq), ("!=", Op::Ne), ("<", Op::Lt), (">", Op::Gt)],
            &[("+", Op::Add), ("-", Op::Sub)],
            &[("*", Op::Mul), ("/", Op::Div)],
        ];
        let Some(ops) = LEVELS.get(level) else { return self.unary() };
        let mut left = self.binary(level + 1)?;
        'more: loop {
            for (sym, op) in *ops {
                if self.eat(sym) {
                    let right = self.binary(level + 1)?;
                    left = Expr::Binary(*op, Box::new(left), Box::new(right));
                    continue 'more;
                }
            }
            return Ok(left);
        }
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err(self.offset(), "nested too deeply");
        }
        let result = self.unary_inner();
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Expr, ExprError> {
        for sym in ["!", "-"] {
            if self.eat(sym) {
                let c = if sym == "!" { '!' } else { '-' };
                return Ok(Expr::Unary(c, Box::new(self.unary()?)));
            }
        }
        let offset = self.offset();
        let Some((token, _)) = self.tokens.get(self.at).cloned() else { return err(offset, "expected a value") };
        self.at += 1;
        match token {
            Token::Num(n) => Ok(Expr::Number(n)),
            Token::Str(s) => Ok(Expr::Text(s)),
            Token::Ident(name) if name == "true" || name == "false" => Ok(Expr::Bool(name == "true")),
            Token::Ident(name) if self.eat("(") => self.call(name, offset),
            Token::Ident(name) => Ok(Expr::Name(name, offset)),
            Token::Sym("(") => {
                let inner = self.binary(0)?;
                if !self.eat(")") {
                    return err(self.offset(), "expected `)`");
                }
                Ok(inner)
            }
            Token::Sym(s) => err(offset, format!("unexpected `{s}`")),
        }
    }

    fn call(&mut self, name: String, offset: usize) -> Result<Expr, ExprError> {
        let Some((_, arity)) = FUNCTIONS.iter().find(|(f, _)| *f == name) else {
            let known: Vec<&str> = FUNCTIONS.iter().map(|(f, _)| *f).collect();
            return err(offset, format!("unknown function `{name}`: expected one of {}", known.join(", ")));
        };
        let mut args = Vec::new();
        if !self.eat(")") {
            loop {
                args.push(self.binary(0)?);
                if self.eat(")") {
                    break;
                }
                if !self.eat(",") {
                    return err(self.offset(), "expected `,` or `)`");
                }
            }
        }
        if args.len() != *arity {
            return err(offset, format!("`{name}` takes {arity} argument(s), not {}", args.len()));
        }
        Ok(Expr::Call(name, offset, args))
    }
}

/// Parses one expression.
pub fn parse(text: &str) -> Result<Expr, ExprError> {
    let mut parser = Parser { tokens: tokens(text)?, at: 0, end: text.len(), depth: 0 };
    let expr = parser.binary(0)?;
    if parser.at < parser.tokens.len() {
        return err(parser.offset(), "unexpected text after the expression");
    }
    Ok(expr)
}

impl Expr {
    /// Every name the expression reads, with its offset.
    pub fn names(&self, out: &mut Vec<(String, usize)>) {
        match self {
            Self::Name(name, offset) => out.push((name.clone(), *offset)),
            Self::Unary(_, e) => e.names(out),
            Self::Binary(_, a, b) => {
                a.names(out);
                b.names(out);
            }
            Self::Call(_, _, args) => args.iter().for_each(|a| a.names(out)),
            Self::Number(_) | Self::Time(_) | Self::Text(_) | Self::Bool(_) => {}
        }
    }
}

/// A text with `{expression}` holes, e.g. "Scale up {id} to {capacity}".
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    /// The expression and the offset of its first character in the template.
    Hole(Expr, usize),
}

/// Parses a template; `{{` and `}}` are literal braces.
pub fn template(text: &str) -> Result<Vec<Piece>, ExprError> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(i) = rest.find(['{', '}']) {
        literal.push_str(&rest[..i]);
        let brace = &rest[i..=i];
        if rest[i + 1..].starts_with(brace) {
            literal.push_str(brace);
            rest = &rest[i + 2..];
            offset += i + 2;
            continue;
        }
        if brace == "}" {
            return err(offset + i, "a `}` without its `{` (write `}}` for a brace)");
        }
        let Some(len) = rest[i + 1..].find('}') else { return err(offset + i, "a `{` without its `}`") };
        let inner = &rest[i + 1..i + 1 + len];
        let expr = parse(inner).map_err(|e| ExprError { offset: offset + i + 1 + e.offset, message: e.message })?;
        if !literal.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut literal)));
        }
        pieces.push(Piece::Hole(expr, offset + i + 1));
        rest = &rest[i + len + 2..];
        offset += i + len + 2;
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    Ok(pieces)
}

/// Every name a template reads, with its offset in the template.
pub fn template_names(pieces: &[Piece]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for piece in pieces {
        if let Piece::Hole(expr, start) = piece {
            let mut names = Vec::new();
            expr.names(&mut names);
            out.extend(names.into_iter().map(|(n, o)| (n, o + start)));
        }
    }
    out
}
