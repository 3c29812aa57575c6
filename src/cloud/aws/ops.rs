//! The writes runbooks make (RDS, Auto Scaling and CloudWatch), one AWS call each, returning
//! AWS's request id; and the snapshot reads that let a runbook wait for its snapshot to be
//! ready.
//!
//! Every write is sent once, with the SDK's retries off: after a timeout or a dropped
//! connection its outcome is unknown, and the runner reads the resource to find out rather
//! than send it again. None of these APIs takes a client token that would make a retry safe.
//!
//! Nothing here decides whether a write is wise: the runbook's plan did that, and read-only
//! mode never reaches this module (it holds `cloud::ReadOnly` instead).

use aws_sdk_rds::operation::RequestId;

use super::convert::{opt_time, sdk_time};
use super::errors::classify;
use super::once::send_once;
use crate::cloud::model::{DbSnapshot, ScheduledAction, SnapshotKind};
use crate::cloud::{CloudError, NewMember, Receipt};

type Rds = aws_sdk_rds::Client;
type AutoScaling = aws_sdk_autoscaling::Client;
type CloudWatch = aws_sdk_cloudwatch::Client;

fn receipt(output: &impl RequestId) -> Receipt {
    Receipt { request_id: output.request_id().map(str::to_owned) }
}

fn size(n: u32) -> Result<i32, CloudError> {
    i32::try_from(n).map_err(|_| CloudError::Other { message: format!("{n} is more than AWS accepts") })
}

pub async fn set_desired_capacity(client: &AutoScaling, group: &str, desired: u32) -> Result<Receipt, CloudError> {
    let request = client
        .set_desired_capacity()
        .auto_scaling_group_name(group)
        .desired_capacity(size(desired)?)
        .honor_cooldown(false);
    let output = send_once!(aws_sdk_autoscaling, request, "autoscaling:SetDesiredCapacity")?;
    Ok(receipt(&output))
}

pub async fn set_max_size(client: &AutoScaling, group: &str, max: u32) -> Result<Receipt, CloudError> {
    let request = client.update_auto_scaling_group().auto_scaling_group_name(group).max_size(size(max)?);
    let output = send_once!(aws_sdk_autoscaling, request, "autoscaling:UpdateAutoScalingGroup")?;
    Ok(receipt(&output))
}

/// `PutScheduledUpdateGroupAction`: the action's start time and whichever sizes it sets.
pub async fn put_scheduled_action(
    client: &AutoScaling,
    group: &str,
    action: &ScheduledAction,
) -> Result<Receipt, CloudError> {
    let request = client
        .put_scheduled_update_group_action()
        .auto_scaling_group_name(group)
        .scheduled_action_name(&action.name)
        .set_start_time(action.start.map(sdk_time))
        .set_end_time(action.end.map(sdk_time))
        .set_recurrence(action.recurrence.clone())
        .set_min_size(action.min.map(size).transpose()?)
        .set_desired_capacity(action.desired.map(size).transpose()?)
        .set_max_size(action.max.map(size).transpose()?);
    let output = send_once!(aws_sdk_autoscaling, request, "autoscaling:PutScheduledUpdateGroupAction")?;
    Ok(receipt(&output))
}

pub async fn delete_scheduled_action(client: &AutoScaling, group: &str, name: &str) -> Result<Receipt, CloudError> {
    let request = client.delete_scheduled_action().auto_scaling_group_name(group).scheduled_action_name(name);
    let output = send_once!(aws_sdk_autoscaling, request, "autoscaling:DeleteScheduledAction")?;
    Ok(receipt(&output))
}

pub async fn create_db_snapshot(client: &Rds, instance: &str, snapshot: &str) -> Result<Receipt, CloudError> {
    let request = client.create_db_snapshot().db_instance_identifier(instance).db_snapshot_identifier(snapshot);
    let output = send_once!(aws_sdk_rds, request, "rds:CreateDBSnapshot")?;
    Ok(receipt(&output))
}

pub async fn create_cluster_snapshot(client: &Rds, cluster: &str, snapshot: &str) -> Result<Receipt, CloudError> {
    let request =
        client.create_db_cluster_snapshot().db_cluster_identifier(cluster).db_cluster_snapshot_identifier(snapshot);
    let output = send_once!(aws_sdk_rds, request, "rds:CreateDBClusterSnapshot")?;
    Ok(receipt(&output))
}

pub async fn reboot_with_failover(client: &Rds, instance: &str) -> Result<Receipt, CloudError> {
    let request = client.reboot_db_instance().db_instance_identifier(instance).force_failover(true);
    let output = send_once!(aws_sdk_rds, request, "rds:RebootDBInstance")?;
    Ok(receipt(&output))
}

pub async fn failover_cluster(client: &Rds, cluster: &str, target_reader: &str) -> Result<Receipt, CloudError> {
    let request =
        client.failover_db_cluster().db_cluster_identifier(cluster).target_db_instance_identifier(target_reader);
    let output = send_once!(aws_sdk_rds, request, "rds:FailoverDBCluster")?;
    Ok(receipt(&output))
}

pub async fn promote_read_replica(client: &Rds, instance: &str) -> Result<Receipt, CloudError> {
    let request = client.promote_read_replica().db_instance_identifier(instance);
    let output = send_once!(aws_sdk_rds, request, "rds:PromoteReadReplica")?;
    Ok(receipt(&output))
}

/// `EnableAlarmActions` (`enabled`) or `DisableAlarmActions` of an alarm and those in `also`. The answer carries
/// nothing but the request id: the run's wait reads the alarm back to see the change.
pub async fn alarm_actions(
    client: &CloudWatch,
    (alarm, also): (&str, &[String]),
    enabled: bool,
) -> Result<Receipt, CloudError> {
    let names: Vec<String> = std::iter::once(alarm.to_owned()).chain(also.iter().cloned()).collect();
    let output = if enabled {
        let request = client.enable_alarm_actions().set_alarm_names(Some(names));
        receipt(&send_once!(aws_sdk_cloudwatch, request, "cloudwatch:EnableAlarmActions")?)
    } else {
        let request = client.disable_alarm_actions().set_alarm_names(Some(names));
        receipt(&send_once!(aws_sdk_cloudwatch, request, "cloudwatch:DisableAlarmActions")?)
    };
    Ok(output)
}

/// `CreateDBInstance` of a member of `cluster`: Aurora makes it a reader. RDS requires the
/// cluster's engine; storage, parameter groups and networking are the cluster's.
pub async fn create_cluster_instance(client: &Rds, cluster: &str, new: NewMember<'_>) -> Result<Receipt, CloudError> {
    let request = client
        .create_db_instance()
        .db_cluster_identifier(cluster)
        .db_instance_identifier(new.instance_id)
        .engine(new.engine)
        .db_instance_class(new.class)
        .set_availability_zone((!new.az.is_empty()).then(|| new.az.to_owned()));
    let output = send_once!(aws_sdk_rds, request, "rds:CreateDBInstance")?;
    Ok(receipt(&output))
}

/// `ModifyDBInstance` to another class now, not in the next maintenance window.
pub async fn modify_instance_class(client: &Rds, instance: &str, class: &str) -> Result<Receipt, CloudError> {
    let request =
        client.modify_db_instance().db_instance_identifier(instance).db_instance_class(class).apply_immediately(true);
    let output = send_once!(aws_sdk_rds, request, "rds:ModifyDBInstance")?;
    Ok(receipt(&output))
}

/// Copies an instance snapshot from `source` (in its own region) with `target`, an RDS client
/// of the destination region. The source is named by ARN, as a cross-region copy requires.
pub async fn copy_db_snapshot(
    source: &Rds,
    target: &Rds,
    snapshot: &str,
    (target_id, kms_key_id): (&str, Option<&str>),
) -> Result<Receipt, CloudError> {
    let described = source
        .describe_db_snapshots()
        .db_snapshot_identifier(snapshot)
        .send()
        .await
        .map_err(|e| classify(&e, "rds:DescribeDBSnapshots"))?;
    let arn = described
        .db_snapshots()
        .first()
        .and_then(|s| s.db_snapshot_arn())
        .ok_or_else(|| CloudError::NotFound { what: format!("snapshot {snapshot}") })?;
    let request = target
        .copy_db_snapshot()
        .source_db_snapshot_identifier(arn)
        .target_db_snapshot_identifier(target_id)
        .set_kms_key_id(kms_key_id.map(str::to_owned))
        .copy_tags(true);
    let output = send_once!(aws_sdk_rds, request, "rds:CopyDBSnapshot")?;
    Ok(receipt(&output))
}

fn progress(percent: Option<i32>) -> Option<u8> {
    percent.and_then(|p| u8::try_from(p.clamp(0, 100)).ok())
}

async fn instance_snapshot(client: &Rds, id: &str) -> Result<DbSnapshot, CloudError> {
    let output = client
        .describe_db_snapshots()
        .db_snapshot_identifier(id)
        .send()
        .await
        .map_err(|e| classify(&e, "rds:DescribeDBSnapshots"))?;
    let s = output.db_snapshots().first().ok_or_else(|| CloudError::NotFound { what: format!("snapshot {id}") })?;
    Ok(DbSnapshot {
        id: s.db_snapshot_identifier().unwrap_or(id).to_owned(),
        kind: SnapshotKind::Instance,
        status: s.status().unwrap_or("unknown").to_owned(),
        progress_percent: progress(s.percent_progress()),
        created: opt_time(s.snapshot_create_time()),
    })
}

async fn cluster_snapshot(client: &Rds, id: &str) -> Result<DbSnapshot, CloudError> {
    let output = client
        .describe_db_cluster_snapshots()
        .db_cluster_snapshot_identifier(id)
        .send()
        .await
        .map_err(|e| classify(&e, "rds:DescribeDBClusterSnapshots"))?;
    let s =
        output.db_cluster_snapshots().first().ok_or_else(|| CloudError::NotFound { what: format!("snapshot {id}") })?;
    Ok(DbSnapshot {
        id: s.db_cluster_snapshot_identifier().unwrap_or(id).to_owned(),
        kind: SnapshotKind::Cluster,
        status: s.status().unwrap_or("unknown").to_owned(),
        progress_percent: progress(s.percent_progress()),
        created: opt_time(s.snapshot_create_time()),
    })
}

/// One instance or cluster snapshot's status.
pub async fn snapshot(client: &Rds, id: &str, kind: SnapshotKind) -> Result<DbSnapshot, CloudError> {
    match kind {
        SnapshotKind::Instance => instance_snapshot(client, id).await,
        SnapshotKind::Cluster => cluster_snapshot(client, id).await,
    }
}
