//! Text from outside as markdown that renders as itself: names in code spans fenced with more
//! backticks than they hold, other text with markdown's punctuation escaped, `|` escaped in
//! table cells. Used by `opsdeck check --format markdown` and `opsdeck timeline`.

/// Text as markdown that renders as itself, on one line.
pub fn text(raw: &str) -> String {
    let raw = super::escape(raw);
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// `raw` as a code span: fenced with one backtick more than its longest run of them, padded
/// with a space each side when it starts or ends with a backtick or a space (markdown takes
/// one off each side again). In a table cell `|` is escaped too, which GFM undoes inside the
/// span.
pub fn code(raw: &str, in_table: bool) -> String {
    let raw = super::escape(raw);
    let longest = raw.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if raw.starts_with(['`', ' ']) || raw.ends_with(['`', ' ']) { " " } else { "" };
    let body = if in_table { raw.replace('|', "\\|") } else { raw.into_owned() };
    format!("{fence}{pad}{body}{pad}{fence}")
}
