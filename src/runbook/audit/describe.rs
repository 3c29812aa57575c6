//! An audit entry as one line for people: time, run, event, runbook, target, where (backend,
//! account, region), who (the OS user and the AWS principal), and what
//! happened. The entry's text came from AWS and from the file, so the line is escaped
//! (`printable`) before anyone prints it: a name cannot move the cursor or recolour a terminal.

use serde_json::Value;

use crate::printable;

/// How much of the run id is shown: enough to tell runs apart by eye; `--json` has all of it.
const SHORT_ID: usize = 8;

/// One entry as a line for people.
pub fn describe(entry: &Value) -> String {
    let field = |name: &str| entry.get(name).and_then(Value::as_str).unwrap_or("—").to_owned();
    let run = entry.get("run").and_then(Value::as_u64).map_or("—".to_owned(), |r| format!("run {r}"));
    let id: String = entry.get("run_id").and_then(Value::as_str).unwrap_or("—").chars().take(SHORT_ID).collect();
    let head = format!(
        "{}  {run:<7} {id:<8} {:<9} {} {} ({} {} {}) by {}{}",
        field("time"),
        field("event"),
        field("runbook"),
        field("target"),
        field("backend"),
        field("account"),
        field("region"),
        field("user"),
        entry.get("principal").and_then(Value::as_str).map(|p| format!(" as {p}")).unwrap_or_default()
    );
    let tail = match field("event").as_str() {
        "confirmed" => {
            let steps = entry.pointer("/plan/steps").and_then(Value::as_array).map_or(0, Vec::len);
            let file = entry.pointer("/plan/runbook_file").and_then(Value::as_str);
            format!("{steps} steps{}", file.map(|f| format!(", runbook {f}")).unwrap_or_default())
        }
        "step" => {
            let id =
                entry.get("request_id").and_then(Value::as_str).map(|r| format!(" request {r}")).unwrap_or_default();
            let detail = entry.get("detail").and_then(Value::as_str).map(|d| format!(" — {d}")).unwrap_or_default();
            format!(
                "#{} {}: {}{id}{detail}",
                entry.get("index").and_then(Value::as_u64).unwrap_or(0) + 1,
                field("outcome"),
                field("step")
            )
        }
        "finished" => {
            let reason = entry.get("reason").and_then(Value::as_str).map(|r| format!(": {r}")).unwrap_or_default();
            format!("{}{reason}", field("outcome"))
        }
        "note" => format!("“{}”", field("text")),
        _ => String::new(),
    };
    printable::escape(&format!("{head}  {tail}")).into_owned()
}
