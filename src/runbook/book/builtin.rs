//! The console's requests (scale up, snapshot, fail over) as runs of the built-in runbooks —
//! or of the user's runbooks that override them by name. Which one a request means follows
//! from what the target is: an Aurora cluster or member, a read replica, any other instance.

use std::collections::BTreeMap;

use crate::cloud::model::{DbRole, ResourceKey};
use crate::runbook::checks;
use crate::runbook::fleet::FleetView;
use crate::runbook::plan::{Plan, Request, RunbookKind};

use super::interpret::{Approval, defaults, plan, push_busy};
use super::{Library, Value};

/// The runbook a request means, the key it is planned on, and the parameters it gives;
/// `None` for a request no runbook file covers (the analysis report).
pub fn runbook_for<'r>(
    fleet: &FleetView<'_>,
    request: &'r Request,
) -> Option<(&'r str, ResourceKey, BTreeMap<String, Value>)> {
    // One lookup of the instance (a lookup scans its scope's list), a cluster's only if none.
    let role = |key: &ResourceKey| fleet.instance(key).map(|db| db.role.clone());
    let member = |role: &Option<DbRole>, key: &ResourceKey| match role {
        Some(DbRole::ClusterWriter { .. } | DbRole::ClusterReader { .. }) => true,
        Some(_) => false,
        None => fleet.cluster(key).is_some(),
    };
    let text = |s: &str| Value::Text(s.to_owned());
    Some(match request {
        Request::ScaleUp { group, target } => {
            ("scale-up", group.clone(), [("capacity".to_owned(), Value::Number(f64::from(*target)))].into())
        }
        Request::Snapshot { target, snapshot_id, .. } if member(&role(target), target) => {
            ("snapshot-cluster", target.clone(), [("snapshot_id".to_owned(), text(snapshot_id))].into())
        }
        Request::Snapshot { target, snapshot_id, copy_to_dr } => (
            "snapshot",
            target.clone(),
            [("snapshot_id".to_owned(), text(snapshot_id)), ("copy_to_dr".to_owned(), Value::Bool(*copy_to_dr))].into(),
        ),
        Request::Failover { target, reader } => {
            let role = role(target);
            if member(&role, target) {
                let given = reader.iter().map(|r| ("reader".to_owned(), text(r))).collect();
                ("failover-aurora", target.clone(), given)
            } else if matches!(role, Some(DbRole::Replica { .. })) {
                ("promote-replica", target.clone(), BTreeMap::new())
            } else {
                ("failover-multi-az", target.clone(), BTreeMap::new())
            }
        }
        Request::Runbook { name, target, at, given } => {
            let mut params: BTreeMap<String, Value> = given.iter().map(|(k, v)| (k.clone(), text(v))).collect();
            if let Some(at) = at {
                params.insert(super::interpret::CLOCK.to_owned(), Value::Time(*at));
            }
            (name.as_str(), target.clone(), params)
        }
        Request::AnalysisReport { .. } => return None,
    })
}

/// The plan for a request, from the runbook it means in `library` (the analysis report, which
/// no file covers, from its planner).
pub fn plan_request(library: &Library, fleet: &FleetView<'_>, request: &Request, approval: Approval) -> Plan {
    if let Request::AnalysisReport { target, start, end } = request {
        let mut plan = crate::runbook::analysis::plan(fleet, target, (*start, *end));
        push_busy(fleet, &mut plan);
        return plan;
    }
    let found = runbook_for(fleet, request).and_then(|(name, key, given)| Some((library.get(name)?, key, given)));
    if let Some((book, key, given)) = found {
        return plan(book, fleet, &key, &given, approval);
    }
    // Only a library without the built-ins gets here: nothing to confirm.
    let mut plan = checks::missing(RunbookKind::Snapshot, request.target(), "the runbook");
    "no runbook file for this request is loaded".clone_into(&mut plan.title);
    push_busy(fleet, &mut plan);
    plan
}

/// The default of a built-in runbook's parameter on a target, e.g. the scale-up capacity.
pub fn default_param(
    library: &Library,
    fleet: &FleetView<'_>,
    runbook: &str,
    key: &ResourceKey,
    param: &str,
) -> Option<Value> {
    let book = library.get(runbook)?;
    defaults(book, fleet, key).remove(param)
}
