//! The write side of a console that must not write: every call is refused here, whatever the
//! screens ask for, so read-only mode cannot leak a write through any view.

use super::model::{ResourceKey, ScheduledAction, Timestamp};
use super::{CloudError, CloudFuture, NewMember, Operations, Receipt};

/// Refuses every write.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReadOnly;

impl ReadOnly {
    fn refuse<'a>() -> CloudFuture<'a, Receipt> {
        Box::pin(async { Err(CloudError::Refused { message: "the console is read-only".to_owned() }) })
    }
}

impl Operations for ReadOnly {
    fn set_desired_capacity<'a>(&'a self, _: &'a ResourceKey, _: u32) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn set_max_size<'a>(&'a self, _: &'a ResourceKey, _: u32) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn create_db_snapshot<'a>(&'a self, _: &'a ResourceKey, _: &'a str) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn create_cluster_snapshot<'a>(&'a self, _: &'a ResourceKey, _: &'a str) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn reboot_with_failover<'a>(&'a self, _: &'a ResourceKey) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn failover_cluster<'a>(&'a self, _: &'a ResourceKey, _: &'a str) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn promote_read_replica<'a>(&'a self, _: &'a ResourceKey) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn copy_db_snapshot<'a>(
        &'a self,
        _: &'a ResourceKey,
        _: &'a str,
        _: &'a str,
        _: Option<&'a str>,
    ) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn create_analysis_report<'a>(
        &'a self,
        _: &'a ResourceKey,
        _: &'a str,
        _: (Timestamp, Timestamp),
    ) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn create_cluster_instance<'a>(&'a self, _: &'a ResourceKey, _: NewMember<'a>) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn disable_alarm_actions<'a>(&'a self, _: &'a ResourceKey, _: &'a [String]) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn enable_alarm_actions<'a>(&'a self, _: &'a ResourceKey, _: &'a [String]) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn put_scheduled_action<'a>(&'a self, _: &'a ResourceKey, _: &'a ScheduledAction) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn delete_scheduled_action<'a>(&'a self, _: &'a ResourceKey, _: &'a str) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
    fn modify_instance_class<'a>(&'a self, _: &'a ResourceKey, _: &'a str) -> CloudFuture<'a, Receipt> {
        Self::refuse()
    }
}
