//! What the Overview (the wall) draws from: one cell per DB instance, worst first, and the
//! headline figures a war room reads from across the room. Built with the Fleet rows (never per
//! frame), from every row whatever the Fleet tab's filter.

use std::sync::Arc;

use crate::cloud::model::{AlarmState, ResourceKey};
use crate::judging::Level;

use super::rows::{AlarmRow, FleetKind, FleetRow, GroupRow, ReplicationRow};

/// One DB instance on the wall: its Fleet row (shared, not copied), and what the wall sorts
/// and draws it by.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: Arc<FleetRow>,
    pub level: Level,
    /// DB load per vCPU, for the top-10 list.
    pub load_relative: Option<f64>,
    /// Whether any metric has come in for it: an ok verdict without one is not yet known.
    pub measured: bool,
    /// How many columns its name takes (measured once, not per frame).
    pub name_width: usize,
}

impl Cell {
    pub fn key(&self) -> &ResourceKey {
        &self.row.facts.key
    }

    /// Why, when it is not ok ("CPU 97%").
    pub fn reason(&self) -> &str {
        &self.row.verdict.reason
    }
}

/// Every instance (clusters are their members), critical first, then by DB load, then by name.
pub fn cells(rows: &[Arc<FleetRow>]) -> Vec<Cell> {
    let mut cells: Vec<Cell> = rows
        .iter()
        .filter(|r| r.facts.kind != FleetKind::Cluster)
        .map(|r| Cell {
            row: Arc::clone(r),
            level: r.verdict.level,
            load_relative: r.load_relative,
            measured: r.cpu.is_some() || r.connections.is_some() || r.free_gib.is_some(),
            name_width: crate::printable::width(&r.facts.key.id),
        })
        .collect();
    // Unstable is enough: no two cells have the same key.
    cells.sort_unstable_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then_with(|| b.load_relative.unwrap_or(-1.0).total_cmp(&a.load_relative.unwrap_or(-1.0)))
            .then_with(|| a.key().cmp(b.key()))
    });
    cells
}

/// How many cells are at each level: critical, warn, ok.
pub fn counts(cells: &[Cell]) -> [usize; 3] {
    let at = |level| cells.iter().filter(|c| c.level == level).count();
    [at(Level::Critical), at(Level::Warn), at(Level::Ok)]
}

/// The `n` cells with the highest DB load per vCPU (those without a load left out), highest
/// first; one pass over the cells, keeping the best `n` (it runs every frame).
pub fn top_load(cells: &[Cell], n: usize) -> Vec<&Cell> {
    let load = |c: &Cell| c.load_relative.unwrap_or(0.0);
    let mut top: Vec<&Cell> = Vec::with_capacity(n + 1);
    for cell in cells.iter().filter(|c| c.load_relative.is_some()) {
        if top.len() == n && top.last().is_some_and(|last| load(cell) <= load(last)) {
            continue;
        }
        // After the equal ones already kept: the cells' own order breaks ties, as a stable sort would.
        let at = top.partition_point(|kept| load(kept) >= load(cell));
        top.insert(at, cell);
        top.truncate(n);
    }
    top
}

/// The headline figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Headline {
    pub alarms_firing: usize,
    pub critical: usize,
    pub groups_at_max: usize,
    /// The worst replica lag, seconds, and whose.
    pub worst_lag: Option<(f64, ResourceKey)>,
}

pub fn headline(
    cells: &[Cell],
    alarms: &[AlarmRow],
    groups: &[GroupRow],
    replication: &[Arc<ReplicationRow>],
) -> Headline {
    let worst_lag =
        replication.iter().filter_map(|r| Some((r.lag_secs?, r.key.clone()))).max_by(|a, b| a.0.total_cmp(&b.0));
    Headline {
        alarms_firing: alarms.iter().filter(|a| a.alarm.state == AlarmState::Alarm).count(),
        critical: counts(cells)[0],
        groups_at_max: groups.iter().filter(|g| g.max > 0 && g.desired >= g.max).count(),
        worst_lag,
    }
}

/// The worst replica lag under each source: (source, its worst replica, lag seconds), worst
/// first. Rows come as the Replication tab orders them: each source followed by its replicas.
pub fn worst_lag_per_primary(replication: &[Arc<ReplicationRow>]) -> Vec<(ResourceKey, ResourceKey, f64)> {
    let mut worst: Vec<(ResourceKey, ResourceKey, f64)> = Vec::new();
    // Where each source's entry is: a fleet of thousands of primaries must not be searched
    // for every replica (this runs every frame of the Overview).
    let mut index: std::collections::HashMap<&ResourceKey, usize> = std::collections::HashMap::new();
    let mut source: Option<&ReplicationRow> = None;
    for row in replication {
        if row.depth == 0 {
            source = Some(row.as_ref());
            continue;
        }
        let (Some(src), Some(lag)) = (source, row.lag_secs) else { continue };
        match index.get(&src.key) {
            Some(&i) if worst[i].2 < lag => worst[i] = (src.key.clone(), row.key.clone(), lag),
            Some(_) => {}
            None => {
                index.insert(&src.key, worst.len());
                worst.push((src.key.clone(), row.key.clone(), lag));
            }
        }
    }
    worst.sort_by(|a, b| b.2.total_cmp(&a.2));
    worst
}
