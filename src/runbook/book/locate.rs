//! Located errors and checked expressions for the runbook loader: an error names the file,
//! line and column; an expression or template is parsed and every name in it looked up.

use toml::Spanned;

use super::error::LoadError;
use super::expr::{self, Expr, Piece};
use super::ops::TargetKind;

/// Where errors are reported: the file's name and text.
pub(super) struct Loc<'a> {
    pub(super) origin: &'a str,
    pub(super) text: &'a str,
}

impl Loc<'_> {
    pub(super) fn at(&self, offset: usize, message: impl Into<String>) -> LoadError {
        LoadError::at(self.origin, self.text, offset, message)
    }
}

/// Everything an expression of this runbook may read.
pub(super) struct Names {
    pub(super) kind: TargetKind,
    pub(super) names: Vec<String>,
}

pub(super) type Result<T> = std::result::Result<T, LoadError>;

pub(super) fn lookup<T: Copy>(
    loc: &Loc<'_>,
    value: &Spanned<String>,
    what: &str,
    table: impl Iterator<Item = (&'static str, T)> + Clone,
) -> Result<T> {
    if let Some((_, found)) = table.clone().find(|(n, _)| n == value.get_ref()) {
        return Ok(found);
    }
    let expected: Vec<&str> = table.map(|(n, _)| n).collect();
    let message = format!("unknown {what} `{}`: expected one of {}", value.get_ref(), expected.join(", "));
    Err(loc.at(value.span().start, message))
}

pub(super) fn expression(loc: &Loc<'_>, source: &Spanned<String>, names: &Names) -> Result<Expr> {
    // The expression starts after the opening quote.
    let start = source.span().start + 1;
    let parsed = expr::parse(source.get_ref()).map_err(|e| loc.at(start + e.offset, e.message))?;
    let mut used = Vec::new();
    parsed.names(&mut used);
    check_names(loc, start, &used, names)?;
    Ok(parsed)
}

pub(super) fn template(loc: &Loc<'_>, source: &Spanned<String>, names: &Names) -> Result<Vec<Piece>> {
    template_with(loc, source, names, &[])
}

pub(super) fn template_with(
    loc: &Loc<'_>,
    source: &Spanned<String>,
    names: &Names,
    extra: &[&str],
) -> Result<Vec<Piece>> {
    let start = source.span().start + 1;
    let pieces = expr::template(source.get_ref()).map_err(|e| loc.at(start + e.offset, e.message))?;
    let used: Vec<(String, usize)> =
        expr::template_names(&pieces).into_iter().filter(|(n, _)| !extra.contains(&n.as_str())).collect();
    check_names(loc, start, &used, names)?;
    Ok(pieces)
}

fn check_names(loc: &Loc<'_>, start: usize, used: &[(String, usize)], names: &Names) -> Result<()> {
    match used.iter().find(|(n, _)| !names.names.contains(n)) {
        None => Ok(()),
        Some((name, offset)) => Err(loc.at(
            start + offset,
            format!(
                "unknown property or parameter `{name}` of target kind {}: expected one of {}",
                names.kind.name(),
                names.names.join(", ")
            ),
        )),
    }
}
