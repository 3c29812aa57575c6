//! `opsdeck runbook list | show | lint`: the runbooks in use, the plan one would build on a
//! target (fetched once, as `check` fetches; nothing is called that changes anything), and
//! a file's errors at their line and column. Everything printed passes through `printable`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use crate::check::fetch::{Fetched, fetch};
use crate::cloud::Inventory;
use crate::cloud::model::{Alarm, DbFleet, Metrics, ResourceKey, ScalingGroup};
use crate::feed::{Feeds, Snapshot};
use crate::judging::Thresholds;
use crate::printable::escape;
use crate::runbook::book::{Library, Runbook, Value, interpret, load_file};
use crate::runbook::fleet::FleetView;
use crate::runbook::plan::{Plan, Risk};

/// `show`'s exit codes: the plan could be confirmed, a precondition fails, no plan.
pub const EXIT_READY: u8 = 0;
pub const EXIT_NOT_READY: u8 = 1;
pub const EXIT_UNUSABLE: u8 = 4;

fn risk(risk: Risk) -> &'static str {
    match risk {
        Risk::Low => "low",
        Risk::High => "high",
    }
}

/// One line per runbook: name, target kind, risk, origin, calls.
pub fn list(library: &Library) -> String {
    let mut out = String::new();
    let width = library.all().iter().map(|b| b.name.chars().count()).max().unwrap_or(0);
    for book in library.all() {
        let origin = if book.builtin { "built in".to_owned() } else { book.origin.clone() };
        let calls: Vec<&str> = book.calls().map(|op| op.name).collect();
        let line = format!(
            "{:width$}  {:18}  {:4}  {}  [{}]  ({origin})",
            book.name,
            book.target.name(),
            risk(book.risk),
            book.description,
            calls.join(", ")
        );
        let _ = writeln!(out, "{}", escape(&line));
    }
    out
}

/// `lint FILE`: "FILE: ok (…)" and 0, or the located error and 1.
pub fn lint(path: &Path) -> (String, u8) {
    match load_file(path) {
        Ok(book) => {
            let text = format!(
                "{}: ok: runbook {} on target kind {}, {} risk",
                path.display(),
                book.name,
                book.target.name(),
                risk(book.risk)
            );
            (format!("{}\n", escape(&text)), 0)
        }
        Err(error) => (format!("{}\n", escape(&error.to_string())), 1),
    }
}

/// The fetched data as the planners read it.
struct View {
    fleet: Feeds<DbFleet>,
    metrics: Feeds<Metrics>,
    groups: Feeds<Vec<ScalingGroup>>,
    alarms: Feeds<Vec<Alarm>>,
    thresholds: Thresholds,
    at: crate::cloud::model::Timestamp,
    scopes: Vec<crate::cloud::model::Scope>,
}

impl View {
    fn new(fetched: &Fetched, thresholds: Thresholds) -> Self {
        let scopes: Vec<_> = fetched.scopes.iter().map(|(s, _)| s.clone()).collect();
        let mut view = Self {
            fleet: Feeds::new(&scopes),
            metrics: Feeds::new(&scopes),
            groups: Feeds::new(&scopes),
            alarms: Feeds::new(&scopes),
            thresholds,
            at: fetched.at,
            scopes: scopes.clone(),
        };
        let at = fetched.at;
        for (scope, data) in &fetched.scopes {
            if let Some(f) = &data.fleet {
                view.fleet.apply(scope.clone(), Ok(Snapshot { data: f.clone(), fetched_at: at }));
            }
            if let Some(m) = &data.metrics {
                view.metrics.apply(scope.clone(), Ok(Snapshot { data: m.clone(), fetched_at: at }));
            }
            if let Some(g) = &data.groups {
                view.groups.apply(scope.clone(), Ok(Snapshot { data: g.clone(), fetched_at: at }));
            }
            if let Some(a) = &data.alarms {
                view.alarms.apply(scope.clone(), Ok(Snapshot { data: a.clone(), fetched_at: at }));
            }
        }
        view
    }

    fn planners(&self) -> FleetView<'_> {
        FleetView {
            fleet: &self.fleet,
            metrics: &self.metrics,
            groups: &self.groups,
            alarms: &self.alarms,
            thresholds: &self.thresholds,
            busy: &[],
            now: Some(self.at),
            reads: None,
        }
    }

    /// The first resource with this id, in any scope: an instance, a cluster, a group or an
    /// alarm.
    fn find(&self, id: &str) -> Option<ResourceKey> {
        let planners = self.planners();
        self.scopes.iter().map(|scope| ResourceKey::new(scope.clone(), id)).find(|key| {
            planners.instance(key).is_some()
                || planners.cluster(key).is_some()
                || planners.group(key).is_some()
                || planners.alarm(key).is_some()
        })
    }
}

/// `show NAME --target ID`: the plan as text and the exit code.
pub async fn show(
    inventory: &dyn Inventory,
    library: &Library,
    (name, target, params): (&str, &str, &[(String, String)]),
    thresholds: Thresholds,
    timeout: Duration,
) -> (String, u8) {
    let Some(book) = library.get(name) else {
        let names: Vec<&str> = library.all().iter().map(|b| b.name.as_str()).collect();
        return (
            format!("{}\n", escape(&format!("unknown runbook `{name}`: expected one of {}", names.join(", ")))),
            EXIT_UNUSABLE,
        );
    };
    if let Some((unknown, _)) = params.iter().find(|(p, _)| !book.params.iter().any(|d| d.name == *p)) {
        let names: Vec<&str> = book.params.iter().map(|d| d.name.as_str()).collect();
        let expected =
            if names.is_empty() { "it has none".to_owned() } else { format!("expected one of {}", names.join(", ")) };
        return (format!("{}\n", escape(&format!("{name} has no parameter `{unknown}`: {expected}"))), EXIT_UNUSABLE);
    }
    let given: BTreeMap<String, Value> = params.iter().map(|(p, v)| (p.clone(), Value::Text(v.clone()))).collect();
    let fetched = fetch(inventory, timeout).await;
    let view = View::new(&fetched, thresholds);
    let Some(key) = view.find(target) else {
        return (
            format!("{}\n", escape(&format!("no DB instance, cluster, group or alarm `{target}` in the data fetched"))),
            EXIT_UNUSABLE,
        );
    };
    let fleet = view.planners();
    let plan = interpret::plan(book, &fleet, &key, &given, library.approval);
    let code = if plan.can_confirm() { EXIT_READY } else { EXIT_NOT_READY };
    let values = interpret::values(book, &fleet, &key, &given);
    let mut text = render(book, &plan);
    if !book.params.is_empty() {
        // After the title line: what the plan was built from.
        let mut lines = String::from("parameters:\n");
        for p in &book.params {
            let value = values.get(&p.name).map_or_else(|| "—".to_owned(), ToString::to_string);
            let how = if given.contains_key(&p.name) { "given" } else { "default" };
            let _ = writeln!(lines, "{}", escape(&format!("  {} = {value} ({how})", p.name)));
        }
        let at = text.find('\n').map_or(0, |i| i + 1);
        text.insert_str(at, &lines);
    }
    (text, code)
}

/// A plan as text: what the confirm dialog shows.
pub fn render(book: &Runbook, plan: &Plan) -> String {
    let mut lines = vec![
        format!("{} ({} on {}, {})", plan.title, book.name, plan.target.id, plan.target.scope),
        format!(
            "risk: {}{}",
            risk(plan.risk),
            if plan.risk == Risk::High { " (type the target's name to confirm)" } else { " (y confirms)" }
        ),
        "preconditions:".to_owned(),
    ];
    lines.extend(plan.checks.iter().map(|c| format!("  {} {}: {}", if c.ok { "ok  " } else { "FAIL" }, c.what, c.why)));
    lines.push("steps:".to_owned());
    lines.extend(plan.steps.iter().enumerate().map(|(i, step)| format!("  {}. {step}", i + 1)));
    if !plan.effects.is_empty() {
        lines.push("expected effect:".to_owned());
        lines.extend(plan.effects.iter().map(|e| format!("  {e}")));
    }
    if let Some(risk) = &plan.data_at_risk {
        lines.push(format!("data at risk: {risk}"));
    }
    lines.push(if plan.can_confirm() {
        "could be confirmed now".to_owned()
    } else {
        "cannot run now: a precondition fails".to_owned()
    });
    lines.iter().fold(String::new(), |mut out, line| {
        let _ = writeln!(out, "{}", escape(line));
        out
    })
}
