//! What a step's arguments become: the exact call (with the facts it assumes, re-read just
//! before it is made), the wait, or the re-check an `assert` adds to the next call.

use std::collections::BTreeMap;

use crate::cloud::model::{ResourceKey, Scope as AwsScope, Timestamp};
use crate::runbook::plan::{Action, Assumption, Check, SnapshotKindName, Wait};

use super::eval::{Scope, Value, eval};
use super::expr::Expr;
use super::ops::TargetKind;
use super::props::Target;

pub(super) fn assumption(fact: &str, args: &BTreeMap<&'static str, Expr>, target: &Target<'_>) -> Option<Assumption> {
    let id = target.key.id.clone();
    let instance = args.get("instance").map_or_else(|| id.clone(), |e| eval(e, target).to_string());
    let number = |name: &str| match target.get(name) {
        Some(Value::Number(n)) => Some(n as u32),
        _ => None,
    };
    Some(match fact {
        "available" if target.kind == TargetKind::AuroraCluster && !args.contains_key("instance") => {
            Assumption::ClusterAvailable { cluster: id }
        }
        "available" => Assumption::DbAvailable { instance },
        "lag_below_limit" => Assumption::LagBelow { instance, limit_secs: target.fleet.thresholds.replica_lag.warn },
        "desired_unchanged" => Assumption::GroupDesired { group: id, desired: number("desired")? },
        "max_unchanged" => Assumption::GroupMax { group: id, max: number("max")? },
        "writer_unchanged" => Assumption::ClusterWriter { cluster: id, writer: target.get("writer")?.to_string() },
        _ => return None,
    })
}

/// Arguments evaluated for a call or wait; one that is not known fails a check of the plan.
pub(super) struct Known<'a, 'b> {
    pub(super) target: &'a Target<'b>,
    pub(super) failed: Vec<Check>,
}

impl Known<'_, '_> {
    fn value(&mut self, what: &str, args: &BTreeMap<&'static str, Expr>, name: &str) -> Value {
        let value = args.get(name).map_or(Value::Text(String::new()), |e| eval(e, self.target));
        if let Value::Unknown(why) = &value {
            self.failed.push(Check::new(format!("{what} {name} is known"), false, why.clone()));
        }
        value
    }

    fn text(&mut self, what: &str, args: &BTreeMap<&'static str, Expr>, name: &str) -> String {
        match self.value(what, args, name) {
            Value::Unknown(_) => String::new(),
            v => v.to_string(),
        }
    }

    fn count(&mut self, what: &str, args: &BTreeMap<&'static str, Expr>, name: &str) -> u32 {
        match self.value(what, args, name) {
            Value::Number(n) => n.round().clamp(0.0, f64::from(u32::MAX)) as u32,
            Value::Unknown(_) => 0,
            other => {
                self.failed.push(Check::new(format!("{what} {name} is a number"), false, other.to_string()));
                0
            }
        }
    }

    fn time(&mut self, what: &str, args: &BTreeMap<&'static str, Expr>, name: &str) -> Option<Timestamp> {
        match self.value(what, args, name) {
            Value::Time(t) => Some(t),
            Value::Unknown(_) => None,
            other => {
                self.failed.push(Check::new(format!("{what} {name} is a time"), false, other.to_string()));
                None
            }
        }
    }

    /// The other alarms named in `also` (comma separated), each once and not the target; one
    /// not in the region's alarms on screen fails a check of the plan.
    fn alarms(&mut self, what: &str, args: &BTreeMap<&'static str, Expr>) -> Vec<String> {
        let text = self.text(what, args, "also");
        let mut names: Vec<String> = Vec::new();
        for name in text.split(',').map(str::trim).filter(|n| !n.is_empty() && *n != self.target.key.id) {
            let key = ResourceKey::new(self.target.key.scope.clone(), name);
            if self.target.fleet.alarm(&key).is_none() {
                self.failed.push(Check::new(
                    format!("{what} also: {name} is an alarm"),
                    false,
                    "not in the data on screen",
                ));
            } else if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
        names
    }

    fn group(&self, name: &str) -> u32 {
        match self.target.get(name) {
            Some(Value::Number(n)) => n as u32,
            _ => 0,
        }
    }

    pub(super) fn action(
        &mut self,
        op: &str,
        args: &BTreeMap<&'static str, Expr>,
    ) -> (Option<Action>, Vec<Assumption>) {
        let key = self.target.key.clone();
        let id = key.id.clone();
        let available = Assumption::DbAvailable { instance: id.clone() };
        let limit_secs = self.target.fleet.thresholds.replica_lag.warn;
        let action = match op {
            "set_desired_capacity" => {
                let (from, to) = (self.group("desired"), self.count(op, args, "to"));
                return (
                    Some(Action::SetDesiredCapacity { group: key, from, to }),
                    vec![Assumption::GroupDesired { group: id, desired: from }],
                );
            }
            "set_max_size" => {
                let (from, to) = (self.group("max"), self.count(op, args, "to"));
                return (
                    Some(Action::SetMaxSize { group: key, from, to }),
                    vec![Assumption::GroupMax { group: id, max: from }],
                );
            }
            "create_db_snapshot" => {
                let snapshot_id = self.text(op, args, "snapshot_id");
                return (Some(Action::CreateDbSnapshot { instance: key, snapshot_id }), vec![available]);
            }
            "create_cluster_snapshot" => {
                let snapshot_id = self.text(op, args, "snapshot_id");
                return (
                    Some(Action::CreateClusterSnapshot { cluster: key, snapshot_id }),
                    vec![Assumption::ClusterAvailable { cluster: id }],
                );
            }
            "copy_db_snapshot" => {
                let snapshot_id = self.text(op, args, "snapshot_id");
                let kms = self.text(op, args, "kms_key");
                Action::CopyDbSnapshot {
                    source: ResourceKey::new(key.scope.clone(), snapshot_id.clone()),
                    target_region: self.text(op, args, "region"),
                    target_snapshot_id: snapshot_id,
                    kms_key_id: (!kms.is_empty()).then_some(kms),
                }
            }
            "reboot_with_failover" => return (Some(Action::RebootWithFailover { instance: key }), vec![available]),
            "promote_read_replica" => {
                let lag = Assumption::LagBelow { instance: id, limit_secs };
                return (Some(Action::PromoteReadReplica { instance: key }), vec![available, lag]);
            }
            "failover_cluster" => {
                let reader = self.text(op, args, "reader");
                let writer = self.target.get("writer").map_or_else(String::new, |w| w.to_string());
                let expect = vec![
                    Assumption::ClusterAvailable { cluster: id.clone() },
                    Assumption::ClusterWriter { cluster: id, writer },
                    Assumption::DbAvailable { instance: reader.clone() },
                    Assumption::LagBelow { instance: reader.clone(), limit_secs },
                ];
                return (Some(Action::FailoverCluster { cluster: key, target: reader }), expect);
            }
            "create_cluster_instance" => {
                let engine = self.target.get("engine").map_or_else(String::new, |e| e.to_string());
                let action = Action::CreateClusterInstance {
                    instance_id: self.text(op, args, "instance_id"),
                    class: self.text(op, args, "class"),
                    az: self.text(op, args, "az"),
                    engine,
                    cluster: key,
                };
                return (Some(action), vec![Assumption::ClusterAvailable { cluster: id }]);
            }
            "modify_instance_class" => {
                let from = self.target.get("class").map_or_else(String::new, |c| c.to_string());
                let to = self.text(op, args, "class");
                return (Some(Action::ModifyInstanceClass { instance: key, from, to }), vec![available]);
            }
            _ => return self.schedule_or_alarm_action(op, args),
        };
        (Some(action), Vec::new())
    }

    /// The calls on a group's schedule and on an alarm's actions.
    fn schedule_or_alarm_action(
        &mut self,
        op: &str,
        args: &BTreeMap<&'static str, Expr>,
    ) -> (Option<Action>, Vec<Assumption>) {
        let key = self.target.key.clone();
        let id = key.id.clone();
        match op {
            "put_scheduled_action" => {
                let name = self.text(op, args, "name");
                let (min, desired, max) =
                    (self.count(op, args, "min"), self.count(op, args, "desired"), self.count(op, args, "max"));
                let Some(start) = self.time(op, args, "start") else { return (None, Vec::new()) };
                // Whole seconds: what Auto Scaling keeps, so the read-back can match it.
                let start = Timestamp::from_timestamp(start.timestamp(), 0).unwrap_or(start);
                let ahead = Assumption::Ahead { what: format!("{name} starts"), time: start };
                (Some(Action::PutScheduledAction { group: key, name, start, min, desired, max }), vec![ahead])
            }
            "delete_scheduled_action" => {
                let name = self.text(op, args, "name");
                let waiting = Assumption::ScheduledWaiting { group: id, name: name.clone() };
                (Some(Action::DeleteScheduledAction { group: key, name }), vec![waiting])
            }
            "disable_alarm_actions" | "enable_alarm_actions" => {
                // The call is made only while the actions are as the plan saw them.
                let expect = match self.target.get("actions_enabled") {
                    Some(Value::Bool(enabled)) => vec![Assumption::AlarmActions { alarm: id, enabled }],
                    _ => Vec::new(),
                };
                let also = self.alarms(op, args);
                let action = if op == "disable_alarm_actions" {
                    Action::DisableAlarmActions { alarm: key, also }
                } else {
                    Action::EnableAlarmActions { alarm: key, also }
                };
                (Some(action), expect)
            }
            _ => (None, Vec::new()),
        }
    }

    pub(super) fn wait(&mut self, until: &str, args: &BTreeMap<&'static str, Expr>) -> Option<Wait> {
        let key = self.target.key.clone();
        let snapshot = |this: &mut Self, kind| {
            let id = this.text(until, args, "snapshot_id");
            let region = match this.text(until, args, "region") {
                r if r.is_empty() => key.scope.region.clone(),
                r => r,
            };
            let scope = AwsScope { profile: key.scope.profile.clone(), region };
            Wait::SnapshotAvailable { snapshot: ResourceKey::new(scope, id), kind }
        };
        Some(match until {
            "in_service" => Wait::InService { target: self.count(until, args, "count"), group: key },
            "snapshot_available" => snapshot(self, SnapshotKindName::Instance),
            "cluster_snapshot_available" => snapshot(self, SnapshotKindName::Cluster),
            "failed_over" => {
                let left_az = self.target.instance_found().and_then(|db| db.az.clone());
                Wait::FailedOver { instance: key, left_az }
            }
            "cluster_writer" => Wait::ClusterWriter { writer: self.text(until, args, "writer"), cluster: key },
            "standalone" => Wait::Standalone { instance: key },
            "actions_disabled" => Wait::AlarmActions { also: self.alarms(until, args), alarm: key, enabled: false },
            "actions_enabled" => Wait::AlarmActions { also: self.alarms(until, args), alarm: key, enabled: true },
            "cluster_member" => Wait::ClusterMember { instance: self.text(until, args, "instance"), cluster: key },
            "instance_class" => Wait::InstanceClass { class: self.text(until, args, "class"), instance: key },
            _ => return None,
        })
    }
}
