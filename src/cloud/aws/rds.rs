//! RDS inventory: `DescribeDBInstances` and `DescribeDBClusters`, every page of each, fetched
//! together and mapped into the domain's instances (with their replication role) and clusters.
//! Every field AWS may omit stays `None`.

use std::collections::HashMap;

use aws_sdk_rds::Client;
use aws_sdk_rds::types::{DbCluster as SdkCluster, DbInstance as SdkInstance};

use super::convert::{count, opt_time};
use super::errors::classify;
use crate::cloud::CloudError;
use crate::cloud::model::{CaCertificate, ClusterMember, DbCluster, DbFleet, DbInstance, DbRole, DbStatus, Hardening};

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_owned)
}

/// An instance's `DBInstanceStatus` or a cluster's `Status`; the failed states RDS tells apart
/// are one to the console, and one it does not know is kept verbatim.
fn status(raw: Option<&str>) -> DbStatus {
    match raw {
        None => DbStatus::Other("unknown".to_owned()),
        Some("available") => DbStatus::Available,
        Some("backing-up") => DbStatus::BackingUp,
        Some("modifying") => DbStatus::Modifying,
        Some("rebooting") => DbStatus::Rebooting,
        Some("creating") => DbStatus::Creating,
        Some("failing-over") => DbStatus::FailingOver,
        Some("stopped") => DbStatus::Stopped,
        Some("storage-full") => DbStatus::StorageFull,
        Some("failed" | "incompatible-parameters" | "incompatible-restore" | "inaccessible-encryption-credentials") => {
            DbStatus::Failed
        }
        Some(other) => DbStatus::Other(other.to_owned()),
    }
}

/// Whether each Aurora member is its cluster's writer, by instance id.
fn writers(clusters: &[SdkCluster]) -> HashMap<String, bool> {
    clusters
        .iter()
        .flat_map(SdkCluster::db_cluster_members)
        .filter_map(|m| Some((m.db_instance_identifier()?.to_owned(), m.is_cluster_writer().unwrap_or(false))))
        .collect()
}

fn role(db: &SdkInstance, writers: &HashMap<String, bool>) -> DbRole {
    if let Some(cluster) = db.db_cluster_identifier() {
        let cluster = cluster.to_owned();
        let writer = db.db_instance_identifier().and_then(|id| writers.get(id)).copied().unwrap_or(false);
        return if writer { DbRole::ClusterWriter { cluster } } else { DbRole::ClusterReader { cluster } };
    }
    match db.read_replica_source_db_instance_identifier() {
        Some(source) => DbRole::Replica { source: source.to_owned() },
        None => DbRole::Primary,
    }
}

/// The regions automated backups are replicated to, from the replications' ARNs
/// (`arn:aws:rds:REGION:ACCOUNT:auto-backup:ID`).
fn backup_regions(db: &SdkInstance) -> Vec<String> {
    db.db_instance_automated_backups_replications()
        .iter()
        .filter_map(|r| r.db_instance_automated_backups_arn()?.split(':').nth(3).map(str::to_owned))
        .collect()
}

/// The port the endpoint listens on (`DbInstancePort` is 0 for an Aurora member, so the
/// endpoint's comes first).
fn port(db: &SdkInstance) -> Option<u16> {
    let endpoint = db.endpoint().and_then(aws_sdk_rds::types::Endpoint::port);
    endpoint.into_iter().chain(db.db_instance_port()).find_map(|p| u16::try_from(p).ok().filter(|p| *p > 0))
}

/// Maps one instance; `writers` says which Aurora members write.
pub fn instance(db: &SdkInstance, region: &str, writers: &HashMap<String, bool>) -> DbInstance {
    DbInstance {
        id: db.db_instance_identifier().unwrap_or_default().to_owned(),
        resource_id: owned(db.dbi_resource_id()),
        engine: db.engine().unwrap_or_default().to_owned(),
        engine_version: owned(db.engine_version()),
        class: owned(db.db_instance_class()),
        role: role(db, writers),
        replicas: db.read_replica_db_instance_identifiers().to_vec(),
        region: region.to_owned(),
        az: owned(db.availability_zone()),
        secondary_az: owned(db.secondary_availability_zone()),
        status: status(db.db_instance_status()),
        multi_az: db.multi_az(),
        storage_encrypted: db.storage_encrypted(),
        kms_key_id: owned(db.kms_key_id()),
        // Telling an AWS managed key from a customer's takes KMS: `hardening` fills it in.
        kms_key_aws_managed: None,
        publicly_accessible: db.publicly_accessible(),
        backup_retention_days: count(db.backup_retention_period()),
        backup_replica_regions: Some(backup_regions(db)),
        deletion_protection: db.deletion_protection(),
        performance_insights: db.performance_insights_enabled(),
        ca_certificate: db.ca_certificate_identifier().map(|id| CaCertificate {
            id: id.to_owned(),
            valid_until: opt_time(db.certificate_details().and_then(|c| c.valid_till())),
        }),
        master_secret_arn: owned(db.master_user_secret().and_then(|s| s.secret_arn())),
        allocated_storage_gib: count(db.allocated_storage()),
        created: opt_time(db.instance_create_time()),
        hardening: Hardening {
            parameter_group: owned(db.db_parameter_groups().first().and_then(|g| g.db_parameter_group_name())),
            security_groups: db.vpc_security_groups().iter().filter_map(|g| owned(g.vpc_security_group_id())).collect(),
            port: port(db),
            ..Hardening::default()
        },
    }
}

/// Maps one Aurora (or other engine's) cluster.
pub fn cluster(c: &SdkCluster, region: &str) -> DbCluster {
    DbCluster {
        id: c.db_cluster_identifier().unwrap_or_default().to_owned(),
        engine: c.engine().unwrap_or_default().to_owned(),
        engine_version: owned(c.engine_version()),
        region: region.to_owned(),
        status: status(c.status()),
        members: c
            .db_cluster_members()
            .iter()
            .filter_map(|m| {
                Some(ClusterMember {
                    instance_id: m.db_instance_identifier()?.to_owned(),
                    is_writer: m.is_cluster_writer().unwrap_or(false),
                })
            })
            .collect(),
        multi_az: c.multi_az(),
        storage_encrypted: c.storage_encrypted(),
        kms_key_id: owned(c.kms_key_id()),
        kms_key_aws_managed: None,
        backup_retention_days: count(c.backup_retention_period()),
        deletion_protection: c.deletion_protection(),
        master_secret_arn: owned(c.master_user_secret().and_then(|s| s.secret_arn())),
        hardening: Hardening { parameter_group: owned(c.db_cluster_parameter_group()), ..Hardening::default() },
    }
}

async fn all_instances(client: &Client) -> Result<Vec<SdkInstance>, CloudError> {
    let mut pages = client.describe_db_instances().into_paginator().send();
    let mut all = Vec::new();
    while let Some(page) = pages.try_next().await.map_err(|e| classify(&e, "rds:DescribeDBInstances"))? {
        all.extend(page.db_instances().iter().cloned());
    }
    Ok(all)
}

async fn all_clusters(client: &Client) -> Result<Vec<SdkCluster>, CloudError> {
    let mut pages = client.describe_db_clusters().into_paginator().send();
    let mut all = Vec::new();
    while let Some(page) = pages.try_next().await.map_err(|e| classify(&e, "rds:DescribeDBClusters"))? {
        all.extend(page.db_clusters().iter().cloned());
    }
    Ok(all)
}

/// Every DB instance and cluster of a region.
pub async fn fleet(client: &Client, region: &str) -> Result<DbFleet, CloudError> {
    let (instances, clusters) = futures_util::future::join(all_instances(client), all_clusters(client)).await;
    let (instances, clusters) = (instances?, clusters?);
    let writers = writers(&clusters);
    Ok(DbFleet::new(
        instances.iter().map(|db| instance(db, region, &writers)).collect(),
        clusters.iter().map(|c| cluster(c, region)).collect(),
    ))
}

/// One cluster by id, with its members (a runbook's re-check or wait).
pub async fn one_cluster(client: &Client, region: &str, id: &str) -> Result<DbCluster, CloudError> {
    let output = client
        .describe_db_clusters()
        .db_cluster_identifier(id)
        .send()
        .await
        .map_err(|e| classify(&e, "rds:DescribeDBClusters"))?;
    let c = output.db_clusters().first().ok_or_else(|| CloudError::NotFound { what: format!("cluster {id}") })?;
    Ok(cluster(c, region))
}

/// One instance by id (for Performance Insights before the fleet has loaded, and a runbook's
/// re-checks and waits).
pub async fn one(client: &Client, region: &str, id: &str) -> Result<DbInstance, CloudError> {
    let output = client
        .describe_db_instances()
        .db_instance_identifier(id)
        .send()
        .await
        .map_err(|e| classify(&e, "rds:DescribeDBInstances"))?;
    let db = output.db_instances().first().ok_or_else(|| CloudError::NotFound { what: format!("instance {id}") })?;
    Ok(instance(db, region, &HashMap::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_as_rds_writes_them_and_failed_states_are_one() {
        let known = [
            DbStatus::Available,
            DbStatus::BackingUp,
            DbStatus::Modifying,
            DbStatus::Rebooting,
            DbStatus::Creating,
            DbStatus::FailingOver,
            DbStatus::Stopped,
            DbStatus::StorageFull,
            DbStatus::Failed,
        ];
        for s in known {
            assert_eq!(status(Some(s.as_str())), s);
        }
        assert_eq!(status(Some("incompatible-restore")), DbStatus::Failed);
        assert_eq!(status(Some("incompatible-network")), DbStatus::Other("incompatible-network".to_owned()));
        assert_eq!(status(None), DbStatus::Other("unknown".to_owned()));
    }
}
