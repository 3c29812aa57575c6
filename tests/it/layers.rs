//! The module layering, as a test: every `.rs` file under `src/` is scanned for the paths it
//! names into the crate (`use crate::…`, `use super::…`, `self::…`, inline `crate::a::f()`),
//! each path is resolved to the module it names, and the resulting edges are checked against
//! the rank table below (imports point down, never up or across) and for cycles between the
//! submodules of every module folder. docs/architecture.md draws the same table.
//!
//! The scan is a small lexer, not a Rust parser: comments, string and char literals are blanked
//! first, then `use` trees and inline paths are read from the tokens. Paths without a `crate`,
//! `super` or `self` root are left out: they name external crates or the file's own children,
//! which can never point across modules. Test code counts like any other code.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Who may import whom among the top-level modules: a module may import any module of a lower
/// rank, never one of a higher rank, and never another module of its own rank unless the pair
/// is listed in `SAME_RANK`. The binary (`src/main.rs`) may import anything.
const RANKS: &[&[&str]] = &[
    // Below everything: text made safe to print, which the AWS adapter maps its answers with.
    &["printable", "parallel"],
    &["cloud", "command", "owner_only"],
    &["cli", "feed", "judging"],
    &["posture", "runbook", "backend", "shell", "record"],
    &["timeline"],
    &["state", "check", "iam"],
    &["config", "event"],
    &["ui", "poll", "doctor"],
    &["update", "hub"],
    &["terminal"],
    &["app"],
];

/// Same-rank pairs (importer, imported) that are allowed: none today. (`app` runs the loop on
/// the terminal that `terminal` sets up, so `terminal` has a rank of its own below `app`.)
const SAME_RANK: &[(&str, &str)] = &[];

/// Imports between sibling submodules that close a cycle, left out of the cycle check until
/// untangled: (folder, importer, imported). None today; a listed import that is gone fails the
/// test, so the list can only shrink.
const KNOWN_CYCLES: &[(&str, &str, &str)] = &[];

/// The module path a binary file is given; nothing can name it.
const BINARY: &str = "main";

/// Fewer distinct top-level edges than this means the scan has stopped seeing imports.
const MIN_EDGES: usize = 30;

/// A module path below the crate root: `["runbook", "plan"]` is `crate::runbook::plan`.
type ModPath = Vec<String>;

/// A path into the crate as written, and the module it was written in.
#[derive(Debug, Clone, PartialEq)]
struct Ref {
    line: usize,
    from: ModPath,
    path: Vec<String>,
}

/// A path resolved to the module it names.
#[derive(Debug, Clone)]
struct Edge {
    file: String,
    line: usize,
    from: ModPath,
    to: ModPath,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Colons,
    Open,
    Close,
    Comma,
    Star,
    Dollar,
    Other,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

/// Where the comment or literal starting at `i` ends, if one starts there.
fn literal_end(c: &[char], i: usize) -> Option<usize> {
    let at = |k: usize| c.get(k).copied();
    let after_ident = i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_');
    match c[i] {
        '/' if at(i + 1) == Some('/') => Some((i..c.len()).find(|&k| c[k] == '\n').unwrap_or(c.len())),
        '/' if at(i + 1) == Some('*') => {
            let (mut depth, mut k) = (0, i);
            while k < c.len() {
                if c[k] == '/' && at(k + 1) == Some('*') {
                    depth += 1;
                    k += 2;
                } else if c[k] == '*' && at(k + 1) == Some('/') {
                    depth -= 1;
                    k += 2;
                    if depth == 0 {
                        return Some(k);
                    }
                } else {
                    k += 1;
                }
            }
            Some(c.len())
        }
        '"' => Some(quoted_end(c, i + 1)),
        'b' if !after_ident && at(i + 1) == Some('"') => Some(quoted_end(c, i + 2)),
        'r' | 'b' if !after_ident => {
            let mut k = if c[i] == 'b' { i + 1 } else { i };
            if at(k) != Some('r') {
                return None;
            }
            k += 1;
            let hashes = (k..c.len()).take_while(|&h| c[h] == '#').count();
            k += hashes;
            if at(k) != Some('"') {
                return None;
            }
            let closes = |e: usize| c[e] == '"' && (1..=hashes).all(|h| at(e + h) == Some('#'));
            Some((k + 1..c.len()).find(|&e| closes(e)).map_or(c.len(), |e| e + 1 + hashes))
        }
        '\'' if at(i + 1) == Some('\\') => Some((i + 3..c.len()).find(|&k| c[k] == '\'').map_or(c.len(), |k| k + 1)),
        '\'' if at(i + 2) == Some('\'') => Some(i + 3),
        _ => None,
    }
}

fn quoted_end(c: &[char], mut k: usize) -> usize {
    while k < c.len() {
        match c[k] {
            '\\' => k += 2,
            '"' => return k + 1,
            _ => k += 1,
        }
    }
    c.len()
}

/// The source with comments, string and char literals replaced by spaces (newlines kept, so
/// line numbers stay true).
fn blank_comments_and_strings(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        if let Some(end) = literal_end(&c, i) {
            out.extend(c[i..end].iter().map(|&ch| if ch == '\n' { '\n' } else { ' ' }));
            i = end;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn tokens(src: &str) -> Vec<Token> {
    let c: Vec<char> = blank_comments_and_strings(src).chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < c.len() {
        let start = i;
        let word = |k: usize| c.get(k).is_some_and(|ch| ch.is_alphanumeric() || *ch == '_');
        let tok = match c[i] {
            '\n' => {
                line += 1;
                i += 1;
                continue;
            }
            ch if ch.is_whitespace() => {
                i += 1;
                continue;
            }
            ch if ch.is_alphanumeric() || ch == '_' => {
                while word(i) {
                    i += 1;
                }
                if ch.is_ascii_digit() {
                    continue;
                }
                Tok::Ident(c[start..i].iter().collect())
            }
            ':' if c.get(i + 1) == Some(&':') => {
                i += 2;
                Tok::Colons
            }
            ch => {
                i += 1;
                match ch {
                    '{' => Tok::Open,
                    '}' => Tok::Close,
                    ',' => Tok::Comma,
                    '*' => Tok::Star,
                    '$' => Tok::Dollar,
                    _ => Tok::Other,
                }
            }
        };
        out.push(Token { tok, line });
    }
    out
}

/// The first word of a path that names this crate (`opsdeck` from the binary).
fn is_root(word: &str) -> bool {
    matches!(word, "crate" | "super" | "self" | "opsdeck")
}

fn tok_at(toks: &[Token], i: usize) -> Option<&Tok> {
    toks.get(i).map(|t| &t.tok)
}

/// Reads one use tree from `*i`, pushing every leaf path (with the line of its last word).
fn use_tree(toks: &[Token], i: &mut usize, mut path: Vec<String>, out: &mut Vec<(usize, Vec<String>)>) {
    loop {
        match tok_at(toks, *i) {
            Some(Tok::Colons) => *i += 1,
            Some(Tok::Ident(word)) => {
                path.push(word.clone());
                let line = toks[*i].line;
                *i += 1;
                if tok_at(toks, *i) == Some(&Tok::Colons) {
                    *i += 1;
                    continue;
                }
                if tok_at(toks, *i) == Some(&Tok::Ident("as".into())) {
                    *i += 2;
                }
                out.push((line, path));
                return;
            }
            Some(Tok::Star) => {
                out.push((toks[*i].line, path));
                *i += 1;
                return;
            }
            Some(Tok::Open) => {
                *i += 1;
                loop {
                    match tok_at(toks, *i) {
                        None => return,
                        Some(Tok::Close) => {
                            *i += 1;
                            return;
                        }
                        Some(Tok::Comma) => *i += 1,
                        Some(_) => {
                            let before = *i;
                            use_tree(toks, i, path.clone(), out);
                            if *i == before {
                                *i += 1;
                            }
                        }
                    }
                }
            }
            _ => return,
        }
    }
}

/// What a scan of one file finds: its paths into the crate, and its inline modules.
#[derive(Debug, Default)]
struct Scan {
    refs: Vec<Ref>,
    inline_modules: Vec<ModPath>,
}

/// The module at a point of a file: the file's module and the inline modules open there.
fn here(module: &[String], inline: &[(String, usize)]) -> ModPath {
    module.iter().cloned().chain(inline.iter().map(|(name, _)| name.clone())).collect()
}

/// Every path into the crate in `src`, a file whose module path is `module`.
fn scan(src: &str, module: &[String]) -> Scan {
    let toks = tokens(src);
    let mut found = Scan::default();
    // Inline modules open at this point, each with the brace depth inside it.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].tok {
            Tok::Open => {
                depth += 1;
                i += 1;
            }
            Tok::Close => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
                i += 1;
            }
            Tok::Ident(word) if word == "mod" => {
                if let (Some(Tok::Ident(name)), Some(Tok::Open)) = (tok_at(&toks, i + 1), tok_at(&toks, i + 2)) {
                    depth += 1;
                    inline.push((name.clone(), depth));
                    found.inline_modules.push(here(module, &inline));
                    i += 3;
                } else {
                    i += 1;
                }
            }
            Tok::Ident(word) if word == "use" => {
                let mut paths = Vec::new();
                i += 1;
                use_tree(&toks, &mut i, Vec::new(), &mut paths);
                let from = here(module, &inline);
                found.refs.extend(paths.into_iter().filter(|(_, path)| is_root(&path[0])).map(|(line, path)| Ref {
                    line,
                    from: from.clone(),
                    path,
                }));
            }
            Tok::Ident(word)
                if is_root(word)
                    && tok_at(&toks, i + 1) == Some(&Tok::Colons)
                    && !(i > 0 && matches!(toks[i - 1].tok, Tok::Dollar | Tok::Colons)) =>
            {
                let line = toks[i].line;
                let mut path = vec![word.clone()];
                i += 1;
                while let (Some(Tok::Colons), Some(Tok::Ident(next))) = (tok_at(&toks, i), tok_at(&toks, i + 1)) {
                    path.push(next.clone());
                    i += 2;
                }
                found.refs.push(Ref { line, from: here(module, &inline), path });
            }
            _ => i += 1,
        }
    }
    found
}

/// The module path of a file, from its path under `src/` (`x/mod.rs` is `x`, `x/y.rs` is
/// `x::y`, `lib.rs` is the crate root).
fn file_module(rel: &str) -> ModPath {
    if rel == "main.rs" {
        return vec![BINARY.to_owned()];
    }
    let mut parts: ModPath = rel.trim_end_matches(".rs").split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|last| last == "mod") || parts == ["lib"] {
        parts.pop();
    }
    parts
}

/// The `#[path = "file"] mod name;` declarations in a file: (file, name).
fn path_attributes(src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending: Option<String> = None;
    for line in src.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("#[path = \"") {
            pending = rest.split('"').next().map(str::to_owned);
        } else if line.starts_with("#[") {
            // Other attributes between `#[path]` and its `mod` line.
        } else if let Some(file) = pending.take()
            && let Some((_, name)) = line.trim_end_matches(';').split_once("mod ")
        {
            out.push((file, name.trim().to_owned()));
        }
    }
    out
}

/// The absolute module path a path written in `from` names (items included), or `None` if it
/// climbs above the crate root.
fn resolve(from: &[String], path: &[String]) -> Option<ModPath> {
    let (mut abs, rest) = match path.first()?.as_str() {
        "crate" | "opsdeck" => (Vec::new(), &path[1..]),
        "self" | "super" => (from.to_vec(), path),
        _ => return None,
    };
    for segment in rest {
        match segment.as_str() {
            "self" => {}
            "super" => {
                abs.pop()?;
            }
            name => abs.push(name.to_owned()),
        }
    }
    Some(abs)
}

/// The crate as the scan sees it.
#[derive(Debug)]
struct Crate {
    edges: Vec<Edge>,
    modules: BTreeSet<ModPath>,
    unresolved: Vec<String>,
}

fn rs_files(dir: &Path, out: &mut Vec<String>, root: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rs_files(&path, out, root);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap();
            out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
        }
    }
}

fn load() -> Crate {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rs_files(&root, &mut files, &root);
    files.sort();
    let texts: Vec<(String, String)> = files
        .into_iter()
        .map(|rel| {
            let text = fs::read_to_string(root.join(&rel)).unwrap();
            (rel, text)
        })
        .collect();

    let mut module_of: BTreeMap<String, ModPath> =
        texts.iter().map(|(rel, _)| (rel.clone(), file_module(rel))).collect();
    for (rel, text) in &texts {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        for (file, name) in path_attributes(text) {
            let target = if dir.is_empty() { file } else { format!("{dir}/{file}") };
            let mut module = module_of[rel].clone();
            module.push(name);
            module_of.insert(target, module);
        }
    }

    let mut modules: BTreeSet<ModPath> = module_of.values().filter(|m| !m.is_empty()).cloned().collect();
    let mut refs = Vec::new();
    for (rel, text) in &texts {
        let found = scan(text, &module_of[rel]);
        modules.extend(found.inline_modules);
        refs.extend(found.refs.into_iter().map(|r| (rel.clone(), r)));
    }
    modules.remove(&vec![BINARY.to_owned()]);

    let mut edges = Vec::new();
    let mut unresolved = Vec::new();
    for (file, r) in refs {
        let Some(abs) = resolve(&r.from, &r.path) else {
            unresolved.push(format!("src/{file}:{} {} climbs above the crate", r.line, r.path.join("::")));
            continue;
        };
        // The longest prefix that is a module: `crate::cloud::model::Timestamp` names
        // `cloud::model`. A path naming the crate root itself (`crate::*`) has the empty module.
        let owner = (1..=abs.len()).rev().map(|n| abs[..n].to_vec()).find(|p| modules.contains(p));
        let to = match owner {
            Some(to) => to,
            None if abs.is_empty() => abs,
            None => {
                unresolved.push(format!("src/{file}:{} {} names no module", r.line, r.path.join("::")));
                continue;
            }
        };
        edges.push(Edge { file: format!("src/{file}"), line: r.line, from: r.from, to });
    }
    Crate { edges, modules, unresolved }
}

fn rank(module: &str) -> Option<usize> {
    RANKS.iter().position(|names| names.contains(&module))
}

/// The edges between top-level modules: importer -> imported.
fn top_level_graph(edges: &[Edge]) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in edges {
        if let (Some(from), Some(to)) = (e.from.first(), e.to.first())
            && from != to
        {
            graph.entry(from.clone()).or_default().insert(to.clone());
        }
    }
    graph
}

/// Every edge that breaks the rank table, as `file:line from -> to (why)`.
fn layer_violations(edges: &[Edge]) -> Vec<String> {
    let mut out = Vec::new();
    for e in edges {
        let (Some(from), Some(to)) = (e.from.first(), e.to.first()) else { continue };
        if from == to || from == BINARY {
            continue;
        }
        let why = match (rank(from), rank(to)) {
            (None, _) => format!("{from} has no rank in the table"),
            (_, None) => format!("{to} has no rank in the table"),
            (Some(f), Some(t)) if f < t => format!("rank {f} may not import rank {t}"),
            (Some(f), Some(t)) if f == t && !SAME_RANK.contains(&(from.as_str(), to.as_str())) => {
                format!("rank {f} may not import rank {t}: same rank")
            }
            _ => continue,
        };
        out.push(format!("{}:{} {from} -> {to} ({why})", e.file, e.line));
    }
    out
}

/// The imports between the children of `parent` (child -> child, one witness import each).
fn child_graph<'a>(edges: &'a [Edge], parent: &[String]) -> BTreeMap<&'a str, BTreeMap<&'a str, &'a Edge>> {
    let n = parent.len();
    let mut graph: BTreeMap<&str, BTreeMap<&str, &Edge>> = BTreeMap::new();
    for e in edges {
        if e.from.len() > n
            && e.to.len() > n
            && e.from.starts_with(parent)
            && e.to.starts_with(parent)
            && e.from[n] != e.to[n]
        {
            graph.entry(&e.from[n]).or_default().entry(&e.to[n]).or_insert(e);
        }
    }
    graph
}

/// A cycle in `graph`, described with one witness import per step.
fn cycle(graph: &BTreeMap<&str, BTreeMap<&str, &Edge>>) -> Option<String> {
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for &start in graph.keys() {
        let mut stack = vec![start];
        if let Some(cycle) = find_cycle(graph, &mut stack, &mut done) {
            let steps: Vec<String> = cycle
                .windows(2)
                .map(|w| {
                    let e = graph[w[0]][w[1]];
                    format!("{}:{} {} -> {}", e.file, e.line, display(&e.from), display(&e.to))
                })
                .collect();
            return Some(format!("{} ({})", cycle.join(" -> "), steps.join("; ")));
        }
    }
    None
}

/// Depth-first from the top of `stack`; returns the cycle (first node repeated at the end).
fn find_cycle<'a>(
    graph: &BTreeMap<&'a str, BTreeMap<&'a str, &Edge>>,
    stack: &mut Vec<&'a str>,
    done: &mut BTreeSet<&'a str>,
) -> Option<Vec<&'a str>> {
    let node = *stack.last()?;
    if done.contains(node) {
        return None;
    }
    for &next in graph.get(node).into_iter().flat_map(BTreeMap::keys) {
        if let Some(at) = stack.iter().position(|&s| s == next) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(next);
            return Some(cycle);
        }
        stack.push(next);
        if let Some(cycle) = find_cycle(graph, stack, done) {
            return Some(cycle);
        }
        stack.pop();
    }
    done.insert(node);
    None
}

fn display(module: &[String]) -> String {
    module.join("::")
}

#[test]
fn layers_point_one_way() {
    let krate = load();
    let violations = layer_violations(&krate.edges);
    assert!(violations.is_empty(), "imports that break the layering (see RANKS):\n{}", violations.join("\n"));
}

#[test]
fn every_top_level_module_has_a_rank() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let declared: Vec<&str> =
        lib.lines().filter_map(|l| l.trim().strip_prefix("pub mod ")?.strip_suffix(';')).collect();
    assert!(declared.len() >= 10, "src/lib.rs declares {declared:?}");
    let unranked: Vec<&&str> = declared.iter().filter(|m| rank(m).is_none()).collect();
    assert!(unranked.is_empty(), "modules in src/lib.rs with no rank in RANKS: {unranked:?}");
}

#[test]
fn submodules_import_each_other_without_cycles() {
    let krate = load();
    let mut problems = Vec::new();
    for parent in krate.modules.iter().chain([&Vec::new()]) {
        let name = display(parent);
        let mut graph = child_graph(&krate.edges, parent);
        for &(_, from, to) in KNOWN_CYCLES.iter().filter(|(folder, _, _)| *folder == name) {
            if graph.get_mut(from).and_then(|out| out.remove(to)).is_none() {
                problems.push(format!("{name}: {from} -> {to} is listed in KNOWN_CYCLES but gone: remove it"));
            }
        }
        if let Some(cycle) = cycle(&graph) {
            problems.push(format!("{name}: {cycle}"));
        }
    }
    let folders: BTreeSet<&str> = KNOWN_CYCLES.iter().map(|(folder, _, _)| *folder).collect();
    for folder in folders {
        if !krate.modules.iter().any(|m| display(m) == folder) {
            problems.push(format!("{folder} is listed in KNOWN_CYCLES but is no module"));
        }
    }
    assert!(problems.is_empty(), "cycles between submodules:\n{}", problems.join("\n"));
}

#[test]
fn the_scan_sees_the_crate() {
    let krate = load();
    assert!(krate.unresolved.is_empty(), "paths the scan could not resolve:\n{}", krate.unresolved.join("\n"));
    let graph = top_level_graph(&krate.edges);
    let lines: Vec<String> = graph
        .iter()
        .map(|(from, to)| format!("{from} -> {}", to.iter().map(String::as_str).collect::<Vec<_>>().join(", ")))
        .collect();
    let listing = lines.join("\n");
    println!("{listing}");
    let count: usize = graph.values().map(BTreeSet::len).sum();
    assert!(count >= MIN_EDGES, "only {count} top-level edges found:\n{listing}");
    for folder in ["runbook", "config", "state", "ui", "cloud"] {
        let inside = krate
            .edges
            .iter()
            .filter(|e| e.from.first().is_some_and(|f| f == folder) && e.from.first() == e.to.first());
        assert!(inside.count() >= 5, "few imports seen inside {folder}");
    }
}

/// The module paths `src` (written in module `module`) names, as `crate::…` strings.
fn named(src: &str, module: &str) -> Vec<String> {
    let module: ModPath = module.split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect();
    scan(src, &module).refs.iter().map(|r| display(&resolve(&r.from, &r.path).unwrap())).collect()
}

#[test]
fn the_scan_reads_each_import_form() {
    assert_eq!(named("use crate::a::x;", "m"), ["a::x"]);
    assert_eq!(named("pub use crate::a::x as y;", "m"), ["a::x"]);
    assert_eq!(named("use crate::{a::x, b};", "m"), ["a::x", "b"]);
    assert_eq!(named("use crate::{a::{x, y::{z, self}}, b::*, c};", "m"), ["a::x", "a::y::z", "a::y", "b", "c"]);
    assert_eq!(named("use super::x;", "p::q"), ["p::x"]);
    assert_eq!(named("use super::super::x;", "p::q::r"), ["p::x"]);
    assert_eq!(named("use super::{x, super::y};", "p::q::r"), ["p::q::x", "p::y"]);
    assert_eq!(named("use self::x::y;", "p"), ["p::x::y"]);
    assert_eq!(named("let s = crate::judging::format_secs(3);", "m"), ["judging::format_secs"]);
    assert_eq!(named("f(crate::config::paths::data_dir()?);", "m"), ["config::paths::data_dir"]);
    assert_eq!(named("x = super::super::a::f::<u8>();", "p::q"), ["a::f"]);
    assert_eq!(named("self::x::f()", "p"), ["p::x::f"]);
    assert_eq!(named("use opsdeck::state::State;", "main"), ["state::State"]);
    assert_eq!(named("use std::fmt;\nuse ratatui::Frame;\nuse child::x;", "m"), Vec::<String>::new());
}

#[test]
fn the_scan_ignores_comments_strings_and_macro_paths() {
    let src = r##"
        // use crate::a;
        //! crate::b::f()
        /// use crate::c;
        /* crate::d /* nested crate::e */ crate::f */
        let s = "crate::g::h() \" crate::i";
        let r = r#"crate::j "quoted" crate::k"#;
        let q = '"'; let e = '\''; let b = b"crate::l";
        fn f<'a>(x: &'a str) -> &'a str { x }
        macro_rules! m { () => { $crate::n::f() } }
        pub(crate) use crate::real::x;
    "##;
    assert_eq!(named(src, "m"), ["real::x"]);
}

#[test]
fn the_scan_keeps_lines_and_inline_modules() {
    let src = "use crate::a;\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use crate::{\n        b,\n    };\n}\nuse super::c;\n";
    let refs = scan(src, &["p".to_owned(), "q".to_owned()]).refs;
    let got: Vec<(usize, String)> =
        refs.iter().map(|r| (r.line, display(&resolve(&r.from, &r.path).unwrap()))).collect();
    let want = [(1, "a"), (5, "p::q"), (7, "b"), (10, "p::c")];
    assert_eq!(got, want.map(|(l, m)| (l, m.to_owned())));
}

#[test]
fn file_paths_map_to_module_paths() {
    assert_eq!(file_module("x/mod.rs"), ["x"]);
    assert_eq!(file_module("x/y.rs"), ["x", "y"]);
    assert_eq!(file_module("x/y/z.rs"), ["x", "y", "z"]);
    assert_eq!(file_module("x.rs"), ["x"]);
    assert!(file_module("lib.rs").is_empty());
    let attrs = path_attributes("#[cfg(test)]\n#[path = \"db_tests.rs\"]\n#[allow(dead_code)]\nmod tests;\n");
    assert_eq!(attrs, [("db_tests.rs".to_owned(), "tests".to_owned())]);
}

#[test]
fn a_layer_violation_names_file_line_and_edge() {
    let edge = |from: &str, to: &str| Edge {
        file: "src/state/palette.rs".into(),
        line: 3,
        from: vec![from.into()],
        to: vec![to.into(), "paths".into()],
    };
    assert_eq!(
        layer_violations(&[edge("state", "config"), edge("config", "state"), edge("ui", "poll"), edge("main", "app")]),
        [
            "src/state/palette.rs:3 state -> config (rank 5 may not import rank 6)",
            "src/state/palette.rs:3 ui -> poll (rank 7 may not import rank 7: same rank)",
        ]
    );
}

#[test]
fn a_cycle_names_each_import_in_it() {
    let edge = |from: &str, to: &str, line| Edge {
        file: format!("src/p/{from}.rs"),
        line,
        from: vec!["p".into(), from.into()],
        to: vec!["p".into(), to.into(), "Item".into()],
    };
    let edges = [edge("a", "b", 1), edge("b", "c", 2), edge("c", "a", 3), edge("c", "d", 4)];
    let parent = vec!["p".to_owned()];
    assert_eq!(
        cycle(&child_graph(&edges, &parent)).unwrap(),
        "a -> b -> c -> a (src/p/a.rs:1 p::a -> p::b::Item; src/p/b.rs:2 p::b -> p::c::Item; src/p/c.rs:3 p::c -> p::a::Item)"
    );
    assert_eq!(cycle(&child_graph(&edges[1..], &parent)), None);
}
