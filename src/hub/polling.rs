//! The hub's pollers, per scope: started when the hub takes a scope's lease, stopped when it
//! loses it; each scope's metrics follow its instances and groups as last fetched, and its RDS
//! and Auto Scaling polls slow down while a run holds a lock in its region.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::cloud::Inventory;
use crate::cloud::model::{MetricTargets, Scope};
use crate::event::{Event, Polled};
use crate::feed::Intervals;
use crate::poll::Pollers;

/// The pollers of the scopes this hub holds.
#[derive(Debug)]
pub struct Polling {
    inventory: Arc<dyn Inventory>,
    intervals: Intervals,
    timeout: Duration,
    tx: mpsc::UnboundedSender<Event>,
    pollers: HashMap<Scope, Pollers>,
    /// What each scope's metrics poller asks for, and whether its fleet and its groups have
    /// each answered once (`Targets`).
    targets: HashMap<Scope, Targets>,
    slowed: Vec<String>,
}

impl Polling {
    pub fn new(
        inventory: Arc<dyn Inventory>,
        intervals: Intervals,
        timeout: Duration,
        tx: mpsc::UnboundedSender<Event>,
    ) -> Self {
        Self { inventory, intervals, timeout, tx, pollers: HashMap::new(), targets: HashMap::new(), slowed: Vec::new() }
    }

    /// Starts polling `scope`.
    pub fn start(&mut self, scope: &Scope) {
        let pollers = Pollers::start_scopes(
            &self.inventory,
            std::slice::from_ref(scope),
            &self.intervals,
            self.timeout,
            &self.tx,
        );
        if self.slowed.contains(&scope.region) {
            pollers.slow_down(scope, 2);
        }
        self.pollers.insert(scope.clone(), pollers);
        self.targets.remove(scope);
    }

    /// Stops polling `scope` (its pollers end).
    pub fn stop(&mut self, scope: &Scope) {
        self.pollers.remove(scope);
    }

    pub fn polls(&self, scope: &Scope) -> bool {
        self.pollers.contains_key(scope)
    }

    /// A poll result: a fleet or groups result moves what the scope's metrics poller asks for.
    /// The first metrics poll waits until both have answered (or failed), so that a start
    /// costs one metrics call, not one for the instances and another for the groups.
    pub fn update(&mut self, polled: &Polled) {
        let (scope, entry) = match polled {
            Polled::Fleet(scope, result) => {
                let entry = self.targets.entry(scope.clone()).or_default();
                if let Ok(fleet) = result {
                    entry.asked.instances = fleet.data.instances.iter().map(|i| i.id.clone()).collect();
                }
                entry.fleet = true;
                (scope, entry)
            }
            Polled::Groups(scope, result) => {
                let entry = self.targets.entry(scope.clone()).or_default();
                if let Ok(groups) = result {
                    entry.asked.groups = groups.data.iter().map(|g| g.name.clone()).collect();
                }
                entry.groups = true;
                (scope, entry)
            }
            _ => return,
        };
        if let Some(pollers) = self.pollers.get(scope)
            && entry.fleet
            && entry.groups
        {
            pollers.set_metric_targets(scope, entry.asked.clone());
        }
    }

    /// One Performance Insights poll of each query whose scope this hub polls (what the
    /// consoles look at, bounded by `interest::MAX_INSTANCES`); the results come as events.
    pub fn poll_performance(&self, queries: Vec<crate::cloud::model::PiQuery>) {
        for query in queries.into_iter().filter(|q| self.polls(&q.instance.scope)) {
            let (inventory, tx, timeout) = (Arc::clone(&self.inventory), self.tx.clone(), self.timeout);
            tokio::spawn(async move {
                let result = tokio::time::timeout(timeout, inventory.performance(&query)).await.unwrap_or_else(|_| {
                    Err(crate::cloud::CloudError::Network {
                        message: format!("no answer within {}s", timeout.as_secs()),
                    })
                });
                let at = inventory.clock().now();
                tx.send(Event::Polled(Polled::Performance(query, crate::feed::stamped(result, at)))).ok();
            });
        }
    }

    /// Halves the RDS and Auto Scaling poll rate of the scopes in `slowed` (regions where a
    /// run holds a lock), and restores the others'.
    pub fn slow_down(&mut self, slowed: &[String]) {
        slowed.clone_into(&mut self.slowed);
        for (scope, pollers) in &self.pollers {
            pollers.slow_down(scope, if slowed.contains(&scope.region) { 2 } else { 1 });
        }
    }
}

/// A scope's metric targets, and whether its fleet and its groups have answered yet.
#[derive(Debug, Default)]
struct Targets {
    asked: MetricTargets,
    fleet: bool,
    groups: bool,
}
