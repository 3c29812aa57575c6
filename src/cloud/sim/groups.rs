//! Auto Scaling Groups: a target-tracking policy that follows traffic a few minutes late.
//!
//! Desired capacity is what the traffic of five minutes ago needed at 50% CPU, clamped to the
//! group's bounds; instances come into service two minutes after they are asked for. The gap
//! between demand and capacity is what makes group CPU and the order queue spike in a surge.
//! Once a user changes a group, `capacity` takes over its desired and in-service counts.

use crate::cloud::model::{ScalingGroup, Timestamp};

use super::capacity::PolicyChange;
use super::config::Scenario;
use super::noise::{Channel, diurnal, noise, secs_of};
use super::scenario::{OUTAGE_AZ, OUTAGE_START};
use super::spec::EAST;
use super::world::{Moment, World};

/// Minutes between traffic changing and the policy's alarm changing desired capacity.
const DECISION_DELAY: i64 = 5;
const TARGET_CPU: f64 = 50.0;
/// Minutes `below_desired_since` looks back at most.
const SHORT_LOOKBACK: i64 = 120;
/// After the AZ fails, health checks take a minute to replace its instances, which then boot.
pub(super) const REPLACE_START: f64 = 180.0;
pub(super) const REPLACE_END: f64 = 300.0;

/// What the AZ outage is doing to a group's capacity right now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct OutageEffect {
    pub lost: u32,
    pub replacing: u32,
    pub terminating: u32,
}

/// `n` instances spread over `azs` the way Auto Scaling balances them (extras to the first).
pub(super) fn spread(n: u32, azs: &[&str]) -> Vec<(String, u32)> {
    let k = azs.len().max(1) as u32;
    azs.iter().enumerate().map(|(i, az)| ((*az).to_owned(), n / k + u32::from((i as u32) < n % k))).collect()
}

impl World {
    /// Traffic as the scaling policy sees it: no jitter, so capacity does not flap.
    ///
    /// Each group's daily curve is shifted by up to a quarter of an hour so that the groups do
    /// not all scale in the same minute, as they would not with real, differently shaped load.
    fn planned_traffic(&self, g: usize, minute: i64) -> f64 {
        let secs = minute as f64 * 60.0;
        let shift = ((self.groups[g].key % 31) as f64 - 15.0) * 60.0;
        diurnal(secs + shift) * self.traffic_multiplier(self.groups[g].sensitivity, secs - self.t0_secs())
    }

    /// What the policy asks for at `minute`, before the group's bounds.
    pub fn needed(&self, g: usize, minute: i64) -> u32 {
        let needed = (self.planned_traffic(g, minute - DECISION_DELAY) * self.groups[g].base_units - 1e-9).ceil();
        needed.max(0.0) as u32
    }

    pub fn desired_at(&self, g: usize, minute: i64) -> u32 {
        let spec = &self.groups[g];
        self.needed(g, minute).clamp(spec.min, spec.max)
    }

    /// In service before the outage: what was asked for at least two minutes ago and still is.
    pub fn settled_at(&self, g: usize, minute: i64) -> u32 {
        (0..=2).map(|back| self.desired_at(g, minute - back)).min().unwrap_or(0)
    }

    pub fn outage_hits(&self, g: usize) -> bool {
        let spec = &self.groups[g];
        self.scenario == Scenario::AzOutage
            && spec.region == EAST
            && spec.azs.len() > 1
            && spec.azs.iter().any(|az| az == OUTAGE_AZ)
    }

    /// How many of `n` instances sit in the failed AZ.
    pub fn share_in_outage_az(&self, g: usize, n: u32) -> u32 {
        let azs: Vec<&str> = self.groups[g].azs.iter().map(String::as_str).collect();
        spread(n, &azs).into_iter().find(|(az, _)| az == OUTAGE_AZ).map_or(0, |(_, count)| count)
    }

    fn outage_effect(&self, g: usize, tau: f64, settled: u32) -> OutageEffect {
        if !self.outage_hits(g) || !(OUTAGE_START..REPLACE_END).contains(&tau) {
            return OutageEffect::default();
        }
        let lost = self.share_in_outage_az(g, settled);
        if tau < REPLACE_START {
            OutageEffect { lost, replacing: 0, terminating: lost }
        } else {
            OutageEffect { lost, replacing: lost, terminating: 0 }
        }
    }

    fn by_az(&self, g: usize, tau: f64, settled: u32) -> Vec<(String, u32)> {
        let spec = &self.groups[g];
        let hit = self.outage_hits(g) && tau >= OUTAGE_START;
        let usable: Vec<&str> =
            spec.azs.iter().map(String::as_str).filter(|az| !(hit && tau >= REPLACE_END && *az == OUTAGE_AZ)).collect();
        let placed = spread(settled, &usable);
        spec.azs
            .iter()
            .map(|az| {
                let count = placed.iter().find(|(a, _)| a == az).map_or(0, |(_, c)| *c);
                (az.clone(), if hit && az == OUTAGE_AZ { 0 } else { count })
            })
            .collect()
    }

    fn in_service_at(&self, g: usize, m: &Moment) -> u32 {
        let settled = self.capacity(g, self.overrides(g, m.tau).as_ref(), m);
        settled - self.outage_effect(g, m.tau, settled).lost
    }

    /// The group as Auto Scaling would describe it at `m`, with the user's changes made by then.
    /// `policy` is the group's `policy_hour` of the same minute, when known.
    fn group_at(&self, g: usize, m: &Moment, policy: Option<&[PolicyChange]>) -> ScalingGroup {
        let spec = &self.groups[g];
        let minute = (m.secs / 60.0).floor() as i64;
        let overrides = self.overrides(g, m.tau);
        let (desired, max) = self.desired_and_max(g, overrides.as_ref(), m);
        let settled = self.capacity(g, overrides.as_ref(), m);
        let effect = self.outage_effect(g, m.tau, settled);
        // Once stepped, scale-in is immediate: nothing lingers in Terminating but the outage's.
        let shrinking = if overrides.is_some() { 0 } else { self.desired_at(g, minute - 1).saturating_sub(desired) };
        let (min, _) = self.bounds(g, overrides.as_ref(), m);
        ScalingGroup {
            name: spec.name.clone(),
            region: spec.region.clone(),
            min,
            desired,
            max,
            in_service: settled - effect.lost,
            pending: desired.saturating_sub(settled) + effect.replacing,
            terminating: shrinking + effect.terminating,
            below_desired_since: (desired > settled - effect.lost).then(|| self.short_since(g, minute)),
            instances_by_az: self.by_az(g, m.tau, settled),
            activities: self.activities(g, m, policy),
            scheduled: self.scheduled_at(g, m),
        }
    }

    /// The start of the minute from which the group has been short of its desired capacity
    /// without a break, looking back at most two hours.
    fn short_since(&self, g: usize, minute: i64) -> Timestamp {
        let short = |m: i64| {
            let moment = self.moment(m as f64 * 60.0);
            let (desired, _) = self.desired_and_max(g, self.overrides(g, moment.tau).as_ref(), &moment);
            self.in_service_at(g, &moment) < desired
        };
        let first = (1..=SHORT_LOOKBACK)
            .map(|back| minute - back)
            .find(|&m| !short(m))
            .map_or(minute - SHORT_LOOKBACK, |m| m + 1);
        self.moment(first as f64 * 60.0).at
    }

    /// The groups of one region at `now`.
    /// `policy` is the region's `policy_hour` of the same minute, when known.
    pub fn scaling_groups(
        &self,
        region: &str,
        now: Timestamp,
        policy: Option<&[Vec<PolicyChange>]>,
    ) -> Vec<ScalingGroup> {
        let Some(r) = self.region(region) else { return Vec::new() };
        let m = Moment { at: now, ..self.moment(secs_of(now)) };
        let policy = |at: usize| policy.and_then(|p| p.get(at)).map(Vec::as_slice);
        r.groups.iter().enumerate().map(|(at, &g)| self.group_at(g, &m, policy(at))).collect()
    }

    /// Demand over capacity: 1 means the group runs at its CPU target.
    fn pressure(&self, g: usize, m: &Moment) -> (f64, u32) {
        let spec = &self.groups[g];
        let jitter = 1.0 + 0.05 * noise(self.seed, spec.key, Channel::Traffic, m.secs);
        let traffic = m.diurnal * self.traffic_multiplier(spec.sensitivity, m.tau) * jitter;
        let in_service = self.in_service_at(g, m);
        (traffic * spec.base_units / f64::from(in_service.max(1)), in_service)
    }

    /// Average CPU of the group's instances, percent.
    pub fn group_cpu(&self, g: usize, m: &Moment) -> f64 {
        let (pressure, in_service) = self.pressure(g, m);
        if in_service == 0 {
            return 0.0;
        }
        let wobble = 2.0 * noise(self.seed, self.groups[g].key, Channel::Cpu, m.secs);
        let linear = TARGET_CPU * pressure + wobble;
        // Past 80% an overloaded fleet creeps towards 100% rather than hitting it flat.
        let cpu = if linear <= 80.0 { linear } else { 100.0 - 20.0 * (-(linear - 80.0) / 20.0).exp() };
        cpu.clamp(1.0, 99.9)
    }

    /// Messages waiting for the group's workers: a trickle, and a backlog once they fall behind.
    pub fn queue_depth(&self, g: usize, m: &Moment) -> f64 {
        let (pressure, _) = self.pressure(g, m);
        let trickle = 25.0 * m.diurnal * (1.0 + 0.3 * noise(self.seed, self.groups[g].key, Channel::Queue, m.secs));
        (trickle + 4000.0 * (pressure - 1.2).max(0.0)).round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_balances_with_extras_first() {
        let placed = spread(7, &["us-east-1a", "us-east-1b", "us-east-1c"]);
        let counts: Vec<u32> = placed.iter().map(|(_, c)| *c).collect();
        assert_eq!(counts, vec![3, 2, 2]);
        assert!(spread(3, &[]).is_empty());
    }
}
