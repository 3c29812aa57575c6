//! `opsdeck iam-policy`: the least-privilege IAM policy for what the user asks (read-only, with
//! the runbooks), as JSON to paste into IAM or as the markdown table the README carries, both
//! from the one table in `actions`.

pub mod actions;

use std::fmt::Write as _;

use serde::Serialize;

pub use actions::{Grant, PERMISSIONS, Part, Permission, RUNBOOKS};

use crate::cli::{IamPolicyArgs, PolicyFormat};
use crate::runbook::plan::RunbookKind;

/// What the policy is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wanted {
    /// Each runbook's writes (and the reads only its runs make), a statement per runbook.
    pub runbooks: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Document {
    version: &'static str,
    statement: Vec<Statement>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Statement {
    sid: String,
    effect: &'static str,
    action: Vec<&'static str>,
    resource: &'static str,
}

/// The actions of a part of the table that the policy has to grant, sorted, each once.
fn granted(of: impl Fn(Part) -> bool) -> Vec<&'static str> {
    let mut actions: Vec<&'static str> =
        PERMISSIONS.iter().filter(|p| p.grant != Grant::Always && of(p.part)).map(|p| p.action).collect();
    actions.sort_unstable();
    actions.dedup();
    actions
}

/// The actions the console and `opsdeck check` need.
pub fn read_only() -> Vec<&'static str> {
    granted(|part| matches!(part, Part::Feed(_)))
}

/// The actions one runbook needs besides the read-only ones.
pub fn runbook(kind: RunbookKind) -> Vec<&'static str> {
    granted(|part| part == Part::Runbook(kind))
}

fn sid(kind: RunbookKind) -> &'static str {
    match kind {
        RunbookKind::ScaleUp => "OpsdeckRunbookScaleUp",
        RunbookKind::Snapshot => "OpsdeckRunbookSnapshot",
        RunbookKind::ForcedFailover => "OpsdeckRunbookMultiAzFailover",
        RunbookKind::ClusterFailover => "OpsdeckRunbookAuroraFailover",
        RunbookKind::Promote => "OpsdeckRunbookPromoteReplica",
        RunbookKind::AnalysisReport => "OpsdeckRunbookAnalysisReport",
        RunbookKind::ScheduleCapacity => "OpsdeckRunbookScheduledCapacity",
        RunbookKind::PauseAlarmActions => "OpsdeckRunbookPauseAlarmActions",
        RunbookKind::ResumeAlarmActions => "OpsdeckRunbookResumeAlarmActions",
        RunbookKind::AddReader => "OpsdeckRunbookAddAuroraReader",
        RunbookKind::Resize => "OpsdeckRunbookResizeInstance",
    }
}

/// The policy document, pretty-printed JSON ending in a newline.
pub fn policy(wanted: Wanted) -> Result<String, serde_json::Error> {
    // Describe and List calls cannot be narrowed to resources; the writes could be, to the
    // ARNs of your fleet, which only you know.
    let statement = |sid: &str, action| Statement { sid: sid.to_owned(), effect: "Allow", action, resource: "*" };
    let mut statements = vec![statement("OpsdeckReadOnly", read_only())];
    if wanted.runbooks {
        statements.extend(RUNBOOKS.into_iter().map(|kind| statement(sid(kind), runbook(kind))));
    }
    let document = Document { version: "2012-10-17", statement: statements };
    serde_json::to_string_pretty(&document).map(|text| text + "\n")
}

fn part_name(part: Part) -> String {
    match part {
        Part::Identity => "identity".to_owned(),
        Part::Feed(feed) => format!("`{}` feed", feed.label()),
        Part::Runbook(kind) => format!("{} runbook", kind.label()),
    }
}

/// What `opsdeck iam-policy` prints for its arguments (`--hub` is the read-only policy: the
/// hub only polls).
pub fn render(args: &IamPolicyArgs) -> Result<String, serde_json::Error> {
    match args.format {
        PolicyFormat::Json => policy(Wanted { runbooks: args.runbooks }),
        PolicyFormat::Markdown => Ok(markdown()),
    }
}

/// The permission list as a markdown table, as the README has it.
pub fn markdown() -> String {
    let mut out = String::from("| action | needed by | for |\n|---|---|---|\n");
    for p in PERMISSIONS {
        let note = match p.grant {
            Grant::Sent => String::new(),
            Grant::Always => " (allowed to everyone: not in the policy)".to_owned(),
            Grant::OnBehalf => " (never sent by opsdeck itself)".to_owned(),
        };
        let _ = writeln!(out, "| `{}` | {} | {}{note} |", p.action, part_name(p.part), p.why);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_read_only_policy_is_every_feed_and_nothing_that_writes() {
        let actions = read_only();
        assert_eq!(actions.len(), 23, "{actions:?}");
        assert!(
            actions.iter().all(|a| a.contains(":Describe") || a.contains(":Get") || a.contains(":List")),
            "{actions:?}"
        );
        assert!(!actions.contains(&"sts:GetCallerIdentity"), "allowed to everyone");
        let document: serde_json::Value = serde_json::from_str(&policy(Wanted::default()).unwrap()).unwrap();
        assert_eq!(document["Version"], "2012-10-17");
        assert_eq!(document["Statement"].as_array().unwrap().len(), 1);
        assert_eq!(document["Statement"][0]["Effect"], "Allow");
        assert_eq!(document["Statement"][0]["Resource"], "*");
    }

    #[test]
    fn runbooks_add_a_statement_each_with_their_writes() {
        let document: serde_json::Value = serde_json::from_str(&policy(Wanted { runbooks: true }).unwrap()).unwrap();
        let statements = document["Statement"].as_array().unwrap();
        assert_eq!(statements.len(), 12);
        let actions = |sid: &str| -> Vec<String> {
            let s = statements.iter().find(|s| s["Sid"] == sid).unwrap();
            s["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect()
        };
        assert_eq!(
            actions("OpsdeckRunbookScaleUp"),
            ["autoscaling:SetDesiredCapacity", "autoscaling:UpdateAutoScalingGroup"]
        );
        assert_eq!(actions("OpsdeckRunbookPromoteReplica"), ["rds:PromoteReadReplica"]);
        assert_eq!(
            actions("OpsdeckRunbookScheduledCapacity"),
            ["autoscaling:DeleteScheduledAction", "autoscaling:PutScheduledUpdateGroupAction"]
        );
        assert_eq!(actions("OpsdeckRunbookPauseAlarmActions"), ["cloudwatch:DisableAlarmActions"]);
        assert_eq!(actions("OpsdeckRunbookResumeAlarmActions"), ["cloudwatch:EnableAlarmActions"]);
        assert_eq!(actions("OpsdeckRunbookAddAuroraReader"), ["rds:CreateDBInstance"]);
        assert_eq!(actions("OpsdeckRunbookResizeInstance"), ["rds:ModifyDBInstance"]);
        assert!(actions("OpsdeckRunbookSnapshot").contains(&"kms:CreateGrant".to_owned()));
    }

    #[test]
    fn every_action_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for p in PERMISSIONS {
            assert!(seen.insert(p.action), "{} twice", p.action);
        }
    }
}
