//! What the Overview (the wall) draws from: one cell per DB instance, worst first, and the
//! headline figures a war room reads from across the room. Built with the Fleet rows (never per
//! frame), from every row whatever the Fleet tab's filter.

use std::sync::Arc;

use crate::cloud::model::{AlarmState, ResourceKey};
use crate::judging::Level;
use crate::parallel::sort_in_parallel;

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
/// `rows` come a scope at a time, in the scopes' order, `per_scope[i]` rows of the `i`th.
///
/// Sorted every minute (the loads move), so by one number per cell (`order`), with the cell's
/// place beside it: the key is compared only where two numbers tie (an instance judged outside
/// its fleet's order).
pub fn cells(rows: &[Arc<FleetRow>], per_scope: &[usize]) -> Vec<Cell> {
    let places = per_scope.iter().enumerate().flat_map(|(place, &n)| std::iter::repeat_n(place, n));
    let mut keyed: Vec<(u128, u32)> = Vec::with_capacity(rows.len());
    for (at, (r, place)) in rows.iter().zip(places).enumerate().filter(|(_, (r, _))| r.facts.kind != FleetKind::Cluster)
    {
        keyed.push((order(r, place), at as u32));
    }
    // Unstable is enough: no two cells have the same key.
    let by = |(a, i): &(u128, u32), (b, j): &(u128, u32)| {
        a.cmp(b).then_with(|| rows[*i as usize].facts.key.cmp(&rows[*j as usize].facts.key))
    };
    sort_in_parallel(&mut keyed, by);
    // Each cell made once, in its place.
    keyed.iter().filter_map(|&(_, at)| rows.get(at as usize)).map(cell).collect()
}

fn cell(row: &Arc<FleetRow>) -> Cell {
    Cell {
        row: Arc::clone(row),
        level: row.verdict.level,
        load_relative: row.load_relative,
        measured: row.cpu.is_some() || row.connections.is_some() || row.free_gib.is_some(),
        name_width: row.facts.name_width,
    }
}

/// A cell's place in the wall's order as one number, smallest first: its level, worst first
/// (2 bits), its load per vCPU, highest first (64), its scope's place among the scopes (30)
/// and its id's among its scope's (32), which order equal cells as their keys would.
fn order(row: &FleetRow, place: usize) -> u128 {
    let level: u128 = match row.verdict.level {
        Level::Critical => 0,
        Level::Warn => 1,
        Level::Ok => 2,
    };
    let load = u128::from(!ordered_bits(row.load_relative.unwrap_or(-1.0)));
    let place = (place as u128).min((1 << 30) - 1);
    level << 126 | load << 62 | place << 32 | u128::from(row.facts.name_rank)
}

/// `f64::total_cmp`'s order as an unsigned integer's.
fn ordered_bits(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 { !bits } else { bits | (1 << 63) }
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

#[cfg(test)]
mod tests {
    use super::ordered_bits;

    #[test]
    fn load_bits_order_as_total_cmp_does() {
        let values =
            [f64::NEG_INFINITY, -2.5, -1.0, -f64::MIN_POSITIVE, -0.0, 0.0, 1e-300, 0.5, 2.0, f64::INFINITY, f64::NAN];
        for a in values {
            for b in values {
                assert_eq!(ordered_bits(a).cmp(&ordered_bits(b)), a.total_cmp(&b), "{a} against {b}");
            }
        }
    }
}
