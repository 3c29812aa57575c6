//! The runs of the other consoles in the war room (`opsdeck --hub`), as their shared audit
//! lines tell them: who runs what on which target, the step it is on, how it ended.

use serde_json::Value;

use crate::cloud::model::Timestamp;

/// Other consoles' runs kept, the newest last.
const KEPT: usize = 20;

/// One run of another console.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherRun {
    /// `user@host` of the console that runs it.
    pub origin: String,
    pub run_id: String,
    pub title: String,
    pub target: String,
    /// The last thing its audit lines said: the step, or how it ended.
    pub status: String,
    pub active: bool,
    pub at: Timestamp,
}

/// The other consoles' runs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OtherRuns {
    list: Vec<OtherRun>,
}

impl OtherRuns {
    /// One shared audit line (it names its origin); true when it changed a run.
    pub fn observe(&mut self, at: Timestamp, line: &Value) -> bool {
        let text = |key: &str| line.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
        let Some(origin) = line.get("origin").and_then(Value::as_str) else { return false };
        let run_id = text("run_id");
        match line.get("event").and_then(Value::as_str) {
            Some("confirmed") => {
                let title = line.pointer("/plan/title").and_then(Value::as_str).unwrap_or("a plan").to_owned();
                self.list.push(OtherRun {
                    origin: origin.to_owned(),
                    run_id,
                    title,
                    target: text("target"),
                    status: "confirmed".to_owned(),
                    active: true,
                    at,
                });
                let extra = self.list.len().saturating_sub(KEPT);
                self.list.drain(..extra);
            }
            Some("step") => {
                let Some(run) = self.list.iter_mut().find(|r| r.run_id == run_id) else { return false };
                let index = line.get("index").and_then(Value::as_u64).unwrap_or(0) + 1;
                run.status = format!("step {index} {}: {}", text("step"), text("outcome"));
                run.at = at;
            }
            Some("finished") => {
                let Some(run) = self.list.iter_mut().find(|r| r.run_id == run_id) else { return false };
                let reason = line.get("reason").and_then(Value::as_str).map(|r| format!(": {r}")).unwrap_or_default();
                run.status = format!("{}{reason}", text("outcome"));
                run.active = false;
                run.at = at;
            }
            _ => return false,
        }
        true
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &OtherRun> + ExactSizeIterator {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}
