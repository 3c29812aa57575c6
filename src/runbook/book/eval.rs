//! Evaluating runbook expressions against the selected target: values are numbers, text,
//! yes/no, times (UTC), or unknown (with the reason, e.g. "replica lag 10m old"). Unknown
//! spreads through arithmetic and comparisons; `if` only evaluates the branch it takes, and
//! `known(x)` asks. A time plus or minus seconds is a time; two times differ by seconds.

use std::fmt;

use chrono::Duration;

use super::expr::{Expr, Op, Piece};
use crate::cloud::model::Timestamp;
use crate::judging::format_secs;

/// A value an expression has.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(f64),
    Text(String),
    Bool(bool),
    Time(Timestamp),
    /// Not known from the data on screen, and why.
    Unknown(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Whole numbers read as integers: "desired 4 → 6".
            Self::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => write!(f, "{n:.0}"),
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(s) => f.write_str(s),
            Self::Bool(b) => write!(f, "{b}"),
            Self::Time(t) => f.write_str(&super::time::show(*t)),
            Self::Unknown(why) => write!(f, "unknown ({why})"),
        }
    }
}

/// What names and the lookup functions mean for one target.
pub trait Scope {
    /// A property or parameter; `None` when there is none of that name.
    fn get(&self, name: &str) -> Option<Value>;
    /// The status of another DB instance in the target's region.
    fn status_of(&self, id: &str) -> Value;
    /// The recent replica lag of another DB instance, unknown when missing or old.
    fn lag_of(&self, id: &str) -> Value;
    /// A scheduled action of the target group, in words ("at 2026-11-27 06:00 UTC: min/desired/max 6/12/18").
    fn scheduled_of(&self, name: &str) -> Value {
        Value::Unknown(format!("no scheduled action {name}"))
    }
}

/// Evaluates an expression; a name the scope does not have is unknown (validation has already
/// refused names that no target of the runbook's kind has).
pub fn eval(expr: &Expr, scope: &dyn Scope) -> Value {
    match expr {
        Expr::Number(n) => Value::Number(*n),
        Expr::Text(s) => Value::Text(s.clone()),
        Expr::Bool(b) => Value::Bool(*b),
        Expr::Time(t) => Value::Time(*t),
        Expr::Name(name, _) => scope.get(name).unwrap_or_else(|| Value::Unknown(format!("no `{name}`"))),
        Expr::Unary(op, inner) => match (op, eval(inner, scope)) {
            ('!', Value::Bool(b)) => Value::Bool(!b),
            ('-', Value::Number(n)) => Value::Number(-n),
            (_, Value::Unknown(why)) => Value::Unknown(why),
            (op, v) => Value::Unknown(format!("`{op}` of {v}")),
        },
        Expr::Binary(op, a, b) => binary(*op, a, b, scope),
        Expr::Call(name, _, args) => call(name, args, scope),
    }
}

fn binary(op: Op, a: &Expr, b: &Expr, scope: &dyn Scope) -> Value {
    use Value::{Bool, Number, Text, Unknown};
    let left = eval(a, scope);
    // `&&` and `||` decide on their left side alone where they can.
    match (op, &left) {
        (Op::And, Bool(false)) => return Bool(false),
        (Op::Or, Bool(true)) => return Bool(true),
        _ => {}
    }
    let right = eval(b, scope);
    let shift = |t: Timestamp, secs: f64| {
        Duration::try_milliseconds((secs * 1000.0).round() as i64)
            .and_then(|d| t.checked_add_signed(d))
            .map_or_else(|| Unknown("a time out of range".to_owned()), Value::Time)
    };
    match (op, left, right) {
        (_, Unknown(why), _) | (_, _, Unknown(why)) => Unknown(why),
        (Op::And | Op::Or, Bool(_), Bool(y)) => Bool(y),
        (Op::Add, Number(x), Number(y)) => Number(x + y),
        (Op::Add, Text(x), y) => Text(format!("{x}{y}")),
        (Op::Add, Value::Time(t), Number(s)) | (Op::Add, Number(s), Value::Time(t)) => shift(t, s),
        (Op::Sub, Value::Time(t), Number(s)) => shift(t, -s),
        (Op::Sub, Value::Time(x), Value::Time(y)) => Number((x - y).num_milliseconds() as f64 / 1000.0),
        (Op::Lt, Value::Time(x), Value::Time(y)) => Bool(x < y),
        (Op::Le, Value::Time(x), Value::Time(y)) => Bool(x <= y),
        (Op::Gt, Value::Time(x), Value::Time(y)) => Bool(x > y),
        (Op::Ge, Value::Time(x), Value::Time(y)) => Bool(x >= y),
        (Op::Sub, Number(x), Number(y)) => Number(x - y),
        (Op::Mul, Number(x), Number(y)) => Number(x * y),
        (Op::Div, Number(_), Number(0.0)) => Unknown("division by zero".to_owned()),
        (Op::Div, Number(x), Number(y)) => Number(x / y),
        (Op::Lt, Number(x), Number(y)) => Bool(x < y),
        (Op::Le, Number(x), Number(y)) => Bool(x <= y),
        (Op::Gt, Number(x), Number(y)) => Bool(x > y),
        (Op::Ge, Number(x), Number(y)) => Bool(x >= y),
        (Op::Eq, x, y) => Bool(x == y),
        (Op::Ne, x, y) => Bool(x != y),
        (op, x, y) => Unknown(format!("{x} {op:?} {y} means nothing")),
    }
}

fn call(name: &str, args: &[Expr], scope: &dyn Scope) -> Value {
    use Value::{Bool, Number, Text, Unknown};
    let arg = |i: usize| args.get(i).map_or(Unknown("missing argument".to_owned()), |a| eval(a, scope));
    match name {
        "if" => match arg(0) {
            Bool(true) => arg(1),
            Bool(false) => arg(2),
            Unknown(why) => Unknown(why),
            other => Unknown(format!("`if` on {other}")),
        },
        "known" => Bool(!matches!(arg(0), Unknown(_))),
        _ => match (name, arg(0), arg(1)) {
            (_, Unknown(why), _) | ("min" | "max", _, Unknown(why)) => Unknown(why),
            ("min", Number(x), Number(y)) => Number(x.min(y)),
            ("max", Number(x), Number(y)) => Number(x.max(y)),
            ("ceil", Number(x), _) => Number(x.ceil()),
            ("floor", Number(x), _) => Number(x.floor()),
            ("secs", Number(x), _) => Text(format_secs(x)),
            ("status_of", Text(id), _) => scope.status_of(&id),
            ("lag_of", Text(id), _) => scope.lag_of(&id),
            ("scheduled_of", Text(name), _) => scope.scheduled_of(&name),
            (name, x, _) => Unknown(format!("`{name}` of {x}")),
        },
    }
}

/// Fills a template's holes.
pub fn render(pieces: &[Piece], scope: &dyn Scope) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.clone(),
            Piece::Hole(expr, _) => eval(expr, scope).to_string(),
        })
        .collect()
}

/// Whether a condition holds; unknown counts as no.
pub fn holds(expr: &Expr, scope: &dyn Scope) -> bool {
    eval(expr, scope) == Value::Bool(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runbook::book::expr::{parse, template};

    struct Row;
    impl Scope for Row {
        fn get(&self, name: &str) -> Option<Value> {
            match name {
                "desired" => Some(Value::Number(4.0)),
                "max" => Some(Value::Number(5.0)),
                "lag" => Some(Value::Unknown("lag 10m old".into())),
                "now" => {
                    Some(Value::Time(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 27, 15, 0, 0).unwrap()))
                }
                _ => None,
            }
        }
        fn status_of(&self, id: &str) -> Value {
            Value::Text(format!("{id}-status"))
        }
        fn lag_of(&self, _: &str) -> Value {
            Value::Number(0.5)
        }
    }

    fn value(text: &str) -> Value {
        eval(&parse(text).unwrap(), &Row)
    }

    #[test]
    fn arithmetic_functions_and_max_as_a_name_and_a_function() {
        assert_eq!(value("min(desired * 1.5, max)"), Value::Number(5.0));
        assert_eq!(value("desired + max(ceil(desired / 2), 1)"), Value::Number(6.0));
        assert_eq!(value("if(desired < max, 'up', 'at max')"), Value::Text("up".into()));
        assert_eq!(value("-desired + 1 == -3 && !false"), Value::Bool(true));
        assert_eq!(value("'a' + desired"), Value::Text("a4".into()));
        assert_eq!(value("status_of('cat-2')"), Value::Text("cat-2-status".into()));
    }

    #[test]
    fn times_move_by_durations_and_compare() {
        assert_eq!(value("now + 1h").to_string(), "2026-11-27 16:00 UTC");
        assert_eq!(value("now + 12h - 30m").to_string(), "2026-11-28 02:30 UTC");
        assert_eq!(value("(now + 2d) - now"), Value::Number(172_800.0));
        assert_eq!(value("now + 1h > now"), Value::Bool(true));
        assert_eq!(value("secs((now + 90m) - now)"), Value::Text("1h30m".into()));
        assert_eq!(value("2h + 15m"), Value::Number(8100.0));
        assert!(matches!(value("now * 2"), Value::Unknown(_)));
    }

    #[test]
    fn unknown_spreads_but_if_and_known_contain_it() {
        assert_eq!(value("lag < 30"), Value::Unknown("lag 10m old".into()));
        assert_eq!(value("known(lag)"), Value::Bool(false));
        assert_eq!(value("if(known(lag), secs(lag), 'none')"), Value::Text("none".into()));
        assert_eq!(value("false && lag < 3"), Value::Bool(false));
        assert_eq!(value("desired / 0"), Value::Unknown("division by zero".into()));
    }

    #[test]
    fn templates_render_whole_numbers_as_integers() {
        let pieces = template("desired {desired} → {desired * 1.5} {{x}}").unwrap();
        assert_eq!(render(&pieces, &Row), "desired 4 → 6 {x}");
    }

    #[test]
    fn parse_errors_say_where() {
        let e = parse("desired +").unwrap_err();
        assert_eq!((e.offset, e.message.as_str()), (9, "expected a value"));
        let e = parse("system('ls')").unwrap_err();
        assert_eq!(e.offset, 0);
        assert!(e.message.starts_with("unknown function `system`"), "{}", e.message);
        assert_eq!(parse("min(1)").unwrap_err().message, "`min` takes 2 argument(s), not 1");
        assert_eq!(template("a {desired").unwrap_err().offset, 2);
        assert_eq!(parse(&"(".repeat(200)).unwrap_err().message, "nested too deeply");
    }
}
