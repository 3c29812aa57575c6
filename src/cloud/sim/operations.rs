//! The simulator's write side: every runbook call is checked against the fleet as it is at the
//! current virtual time and, if RDS or Auto Scaling would accept it, recorded in the journal.
//!
//! Calls wait the same small latency as reads, then check and record under the journal's write
//! lock, so concurrent writes cannot both pass a check only one may pass. The receipt's request
//! id is derived from the seed, the call's ordinal and its virtual time: UUID-shaped, like
//! AWS's, and the same on every run that makes the same calls at the same times.

use super::Simulator;
use super::interventions::Action;
use super::noise::{hash, uuid};
use super::world::{Moment, World};
use crate::cloud::model::{ResourceKey, ScheduledAction, Timestamp};
use crate::cloud::{Clock, CloudError, CloudFuture, NewMember, Operations, Receipt};

impl Simulator {
    /// Waits a round trip, then checks and records one write at the current virtual time.
    async fn write(
        &self,
        plan: impl FnOnce(&World, &Moment) -> Result<Action, CloudError>,
    ) -> Result<Receipt, CloudError> {
        self.latency().await;
        let _writes = self.world.journal.lock_writes();
        let m = self.world.moment_at(self.clock.now());
        let action = plan(&self.world, &m)?;
        tracing::debug!(?action, tau = m.tau, "simulated write");
        let ordinal = self.world.journal.record(m.tau, action);
        let request = hash(&[self.config.seed, ordinal as u64, m.secs.to_bits()]);
        Ok(Receipt { request_id: Some(uuid(request)) })
    }
}

impl Operations for Simulator {
    fn set_desired_capacity<'a>(&'a self, group: &'a ResourceKey, desired: u32) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_desired(group, desired, m)))
    }

    fn set_max_size<'a>(&'a self, group: &'a ResourceKey, max: u32) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_max(group, max, m)))
    }

    fn create_db_snapshot<'a>(&'a self, instance: &'a ResourceKey, snapshot_id: &'a str) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_db_snapshot(instance, snapshot_id, m)))
    }

    fn create_cluster_snapshot<'a>(
        &'a self,
        cluster: &'a ResourceKey,
        snapshot_id: &'a str,
    ) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_cluster_snapshot(cluster, snapshot_id, m)))
    }

    fn reboot_with_failover<'a>(&'a self, instance: &'a ResourceKey) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_reboot(instance, m)))
    }

    fn failover_cluster<'a>(&'a self, cluster: &'a ResourceKey, target_reader: &'a str) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_failover(cluster, target_reader, m)))
    }

    fn promote_read_replica<'a>(&'a self, instance: &'a ResourceKey) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_promote(instance, m)))
    }

    fn disable_alarm_actions<'a>(&'a self, alarm: &'a ResourceKey, also: &'a [String]) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, _| w.plan_alarm_actions((alarm, also), false)))
    }

    fn enable_alarm_actions<'a>(&'a self, alarm: &'a ResourceKey, also: &'a [String]) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, _| w.plan_alarm_actions((alarm, also), true)))
    }

    fn copy_db_snapshot<'a>(
        &'a self,
        source: &'a ResourceKey,
        target_region: &'a str,
        target_snapshot_id: &'a str,
        kms_key_id: Option<&'a str>,
    ) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_copy(source, (target_region, target_snapshot_id), kms_key_id, m)))
    }

    fn create_analysis_report<'a>(
        &'a self,
        instance: &'a ResourceKey,
        resource_id: &'a str,
        window: (Timestamp, Timestamp),
    ) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_report(instance, resource_id, window, m)))
    }

    fn put_scheduled_action<'a>(
        &'a self,
        group: &'a ResourceKey,
        action: &'a ScheduledAction,
    ) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_schedule(group, action, m)))
    }

    fn delete_scheduled_action<'a>(&'a self, group: &'a ResourceKey, name: &'a str) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_unschedule(group, name, m)))
    }

    fn create_cluster_instance<'a>(&'a self, cluster: &'a ResourceKey, new: NewMember<'a>) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_add_member(cluster, new, m)))
    }

    fn modify_instance_class<'a>(&'a self, instance: &'a ResourceKey, class: &'a str) -> CloudFuture<'a, Receipt> {
        Box::pin(self.write(move |w, m| w.plan_resize(instance, class, m)))
    }
}
