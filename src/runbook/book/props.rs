//! The properties a runbook reads on its target, from the fleet as fetched: the same values
//! the tables show, with replica lag only when its datapoint is recent enough to vouch for it
//! (`lag`; `latest_lag` is the last one however old).

use std::collections::BTreeMap;

use crate::cloud::model::DbMetric;
use crate::cloud::model::{Alarm, DbCluster, DbInstance, DbRole, ResourceKey, ScalingGroup, Timestamp, replica_source};
use crate::runbook::fleet::{FleetView, LAG_MAX_PERIODS};

use super::eval::{Scope, Value};
use super::model::ParamKind;
use super::ops::TargetKind;

/// A target of a runbook, and the parameters resolved so far.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    pub fleet: &'a FleetView<'a>,
    pub key: ResourceKey,
    pub kind: TargetKind,
    pub params: BTreeMap<String, Value>,
    /// What `now` and `stamp` are: the fleet's clock, or the time a dialog was opened at, so
    /// the plan it shows does not move with the clock.
    pub clock: Option<Timestamp>,
    /// The resource, looked up once (a lookup scans its scope's list).
    found: Found<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Found<'a> {
    Instance(&'a DbInstance),
    Cluster(&'a DbCluster),
    Group(&'a ScalingGroup),
    Alarm(&'a Alarm),
}

impl<'a> Target<'a> {
    /// The target a runbook of `kind` acts on when `key` is selected: an Aurora member stands
    /// for its cluster; `None` when the data on screen holds no such target.
    pub fn resolve(fleet: &'a FleetView<'a>, kind: TargetKind, key: &ResourceKey) -> Option<Self> {
        let is_member = |db: &DbInstance| db.role.is_cluster_member();
        let (key, found) = match kind {
            TargetKind::AuroraCluster => {
                let cluster = fleet.run_target(key);
                let found = Found::Cluster(fleet.cluster(&cluster)?);
                (cluster, found)
            }
            // An Aurora member is acted on through its cluster (snapshot, failover), never alone.
            TargetKind::DbInstance => (key.clone(), Found::Instance(fleet.instance(key).filter(|db| !is_member(db))?)),
            TargetKind::ReadReplica => {
                let replica = fleet.instance(key).filter(|db| matches!(db.role, DbRole::Replica { .. }))?;
                (key.clone(), Found::Instance(replica))
            }
            TargetKind::AutoScalingGroup => (key.clone(), Found::Group(fleet.group(key)?)),
            TargetKind::Alarm => (key.clone(), Found::Alarm(fleet.alarm(key)?)),
        };
        Some(Self { fleet, key, kind, params: BTreeMap::new(), clock: fleet.now, found })
    }

    /// The group, when the target is one.
    pub fn group_found(&self) -> Option<&'a ScalingGroup> {
        if let Found::Group(g) = self.found { Some(g) } else { None }
    }

    /// The DB instance, when the target is one.
    pub fn instance_found(&self) -> Option<&'a DbInstance> {
        if let Found::Instance(db) = self.found { Some(db) } else { None }
    }
}

/// The region and KMS key of a cross-region replica of `db`, where snapshots are copied to.
pub fn dr_target(fleet: &FleetView<'_>, db: &DbInstance) -> Option<(String, Option<String>)> {
    fleet.cross_region_replicas(db).next().map(|other| (other.region.clone(), other.kms_key_id.clone()))
}

fn text(value: Option<&str>) -> Value {
    Value::Text(value.unwrap_or_default().to_owned())
}

fn number(value: u32) -> Value {
    Value::Number(f64::from(value))
}

impl Target<'_> {
    fn common(&self, name: &str) -> Option<Value> {
        if matches!(name, "stamp" | "now") {
            self.fleet.moving();
        }
        Some(match name {
            "id" => Value::Text(self.key.id.clone()),
            "region" => Value::Text(self.key.scope.region.clone()),
            "stamp" => match self.clock {
                Some(now) => Value::Text(now.format("%Y%m%d-%H%M%S").to_string()),
                None => Value::Unknown("no clock yet".to_owned()),
            },
            "now" => self.clock.map_or_else(|| Value::Unknown("no clock yet".to_owned()), Value::Time),
            "lag_limit" => Value::Number(self.fleet.thresholds.replica_lag.warn),
            _ => return None,
        })
    }

    fn instance(&self, db: &DbInstance, name: &str) -> Value {
        let dr = || dr_target(self.fleet, db);
        match name {
            "status" => Value::Text(db.status.to_string()),
            "engine" => Value::Text(db.engine.clone()),
            "class" => text(db.class.as_deref()),
            "next_class" => db.class.as_deref().and_then(super::choices::next_class).map_or_else(
                || Value::Unknown(format!("no larger class than {} in its family", db.class.as_deref().unwrap_or("—"))),
                Value::Text,
            ),
            "multi_az" => Value::Bool(db.multi_az == Some(true)),
            "az" => text(db.az.as_deref()),
            "standby_az" => text(db.secondary_az.as_deref()),
            "encrypted" => Value::Bool(db.storage_encrypted == Some(true)),
            "pi_enabled" => Value::Bool(db.performance_insights == Some(true)),
            "resource_id" => text(db.resource_id.as_deref()),
            "dr_region" => text(dr().map(|(r, _)| r).as_deref()),
            "dr_kms_key" => text(dr().and_then(|(_, k)| k).as_deref()),
            "lag" => self.lag_of(&db.id),
            "cpu" => self.metric(DbMetric::Cpu, 1.0),
            "connections" => self.metric(DbMetric::Connections, 1.0),
            "free_storage_gib" => self.metric(DbMetric::FreeStorage, 1.0 / 1_073_741_824.0),
            "latest_lag" => self
                .fleet
                .lag(&self.key)
                .map_or_else(|| Value::Unknown(format!("no replica lag reported for {}", db.id)), Value::Number),
            "source" => Value::Text(match &db.role {
                DbRole::Replica { source } => {
                    let (region, id) = replica_source(source, &db.region);
                    format!("{id} ({region})")
                }
                _ => "its source".to_owned(),
            }),
            _ => Value::Unknown(format!("no `{name}` on a DB instance")),
        }
    }
}

impl Target<'_> {
    /// A metric of the target as fetched, scaled; unknown when missing or older than two
    /// periods (`LAG_MAX_PERIODS`), since an old figure cannot vouch for the target now.
    fn metric(&self, metric: DbMetric, scale: f64) -> Value {
        self.fleet.moving();
        let Some(now) = self.fleet.now else { return Value::Unknown("no clock yet".to_owned()) };
        let Some(series) = self.fleet.db_series(&self.key) else {
            return Value::Unknown(format!("no metrics reported for {}", self.key.id));
        };
        series.recent(metric, now, LAG_MAX_PERIODS).map_or_else(Value::Unknown, |v| Value::Number(v * scale))
    }
}

impl Scope for Target<'_> {
    fn get(&self, name: &str) -> Option<Value> {
        if let Some(value) = self.params.get(name) {
            return Some(value.clone());
        }
        if let Some(value) = self.common(name) {
            return Some(value);
        }
        if !self.kind.properties().any(|p| p == name) {
            return None;
        }
        let unknown = || Value::Unknown(format!("{} {} is not in the data on screen", self.kind.name(), self.key.id));
        Some(match self.found {
            Found::Instance(db) => self.instance(db, name),
            Found::Cluster(c) => match name {
                "status" => Value::Text(c.status.to_string()),
                "engine" => Value::Text(c.engine.clone()),
                "writer" => Value::Text(c.writer().unwrap_or("—").to_owned()),
                "readers" => Value::Number(c.members.iter().filter(|m| !m.is_writer).count() as f64),
                "encrypted" => Value::Bool(c.storage_encrypted == Some(true)),
                "members" => Value::Number(c.members.len() as f64),
                "writer_class" => {
                    let writer = c.writer().map(|w| ResourceKey::new(self.key.scope.clone(), w));
                    match writer.as_ref().and_then(|w| self.fleet.instance(w)).and_then(|db| db.class.clone()) {
                        Some(class) => Value::Text(class),
                        None => Value::Unknown(format!(
                            "the writer of {} and its class are not in the data on screen",
                            c.id
                        )),
                    }
                }
                "fewest_az" | "azs" => {
                    let azs = super::choices::cluster_azs(self.fleet, &self.key);
                    match (name, super::choices::fewest_az(&azs)) {
                        ("azs", _) => {
                            Value::Text(azs.iter().map(|(az, n)| format!("{az} ({n})")).collect::<Vec<_>>().join(", "))
                        }
                        (_, Some(az)) => Value::Text(az.to_owned()),
                        (_, None) => {
                            Value::Unknown(format!("no AZ of {} in the data on screen", self.key.scope.region))
                        }
                    }
                }
                _ => unknown(),
            },
            Found::Group(g) => match name {
                "desired" => number(g.desired),
                "min" => number(g.min),
                "max" => number(g.max),
                "in_service" => number(g.in_service),
                "pending" => number(g.pending),
                "scheduled" => Value::Number(g.scheduled.len() as f64),
                "next_scheduled" => text(g.scheduled.first().map(|a| a.name.as_str())),
                _ => unknown(),
            },
            Found::Alarm(a) => match name {
                "state" => Value::Text(a.state.as_str().to_owned()),
                "actions_enabled" => Value::Bool(a.actions_enabled),
                "resource" => text(a.dimensions.first().map(|(_, v)| v.as_str())),
                "siblings" => {
                    let names: Vec<&str> =
                        self.fleet.sibling_alarms(&self.key).iter().map(|s| s.name.as_str()).collect();
                    Value::Text(names.join(", "))
                }
                _ => unknown(),
            },
        })
    }

    fn status_of(&self, id: &str) -> Value {
        let key = ResourceKey::new(self.key.scope.clone(), id);
        Value::Text(self.fleet.instance(&key).map_or_else(|| "unknown".to_owned(), |db| db.status.to_string()))
    }

    fn lag_of(&self, id: &str) -> Value {
        let key = ResourceKey::new(self.key.scope.clone(), id);
        self.fleet.recent_lag(&key).map_or_else(Value::Unknown, Value::Number)
    }

    fn scheduled_of(&self, name: &str) -> Value {
        let found = self.group_found().and_then(|g| g.scheduled.iter().find(|a| a.name == name));
        let Some(a) = found else { return Value::Unknown(format!("no scheduled action {name} on {}", self.key.id)) };
        let size = |n: Option<u32>| n.map_or_else(|| "—".to_owned(), |n| n.to_string());
        let at = a.start.map_or_else(|| "—".to_owned(), super::time::show);
        let every = a.recurrence.as_ref().map(|r| format!(", then `{r}`")).unwrap_or_default();
        Value::Text(format!("at {at}{every}: min/desired/max {}/{}/{}", size(a.min), size(a.desired), size(a.max)))
    }
}

/// What a choice parameter of `kind` offers on `target`, in the order ←/→ go through it: the
/// planner takes a value given only from these, and the confirm dialog cycles them. `None` for
/// a parameter that is no choice.
pub fn offered(kind: &ParamKind, target: &Target<'_>) -> Option<Vec<String>> {
    Some(match kind {
        ParamKind::Reader => readers(target.fleet, &target.key),
        ParamKind::Scheduled => scheduled_actions(target.fleet, &target.key),
        ParamKind::Class { .. } => match target.get("class").or_else(|| target.get("writer_class")) {
            Some(Value::Text(current)) => super::choices::classes(&current),
            _ => Vec::new(),
        },
        ParamKind::Zone { .. } => {
            super::choices::cluster_azs(target.fleet, &target.key).into_iter().map(|(az, _)| az).collect()
        }
        ParamKind::Integer { .. } | ParamKind::Boolean { .. } | ParamKind::Text { .. } | ParamKind::Time { .. } => {
            return None;
        }
    })
}

/// The names of a group's scheduled actions, soonest first.
pub fn scheduled_actions(fleet: &FleetView<'_>, group: &ResourceKey) -> Vec<String> {
    fleet.group(group).map(|g| g.scheduled.iter().map(|a| a.name.clone()).collect()).unwrap_or_default()
}

/// The readers of an Aurora cluster, lowest replica lag first (unknown lag last).
pub fn readers(fleet: &FleetView<'_>, cluster: &ResourceKey) -> Vec<String> {
    let Some(c) = fleet.cluster(cluster) else { return Vec::new() };
    let mut readers: Vec<(Option<f64>, String)> = c
        .members
        .iter()
        .filter(|m| !m.is_writer)
        .map(|m| (fleet.lag(&ResourceKey::new(cluster.scope.clone(), m.instance_id.clone())), m.instance_id.clone()))
        .collect();
    readers.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.1.cmp(&b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(&b.1),
    });
    readers.into_iter().map(|(_, id)| id).collect()
}
