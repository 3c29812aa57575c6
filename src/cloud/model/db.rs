//! RDS databases: instances and Aurora clusters, their replication roles and lifecycle
//! statuses, as one scope's fleet. The statuses are the console's own: each backend maps what it
//! reports into them (the RDS wire strings are read in `aws::rds`); `DbStatus::as_str` is how
//! the screens spell one.

use std::fmt;
use std::sync::Arc;

use super::{Hardening, Timestamp};

/// What part an instance plays in replication.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DbRole {
    /// A standalone (possibly Multi-AZ) instance that accepts writes.
    Primary,
    /// A read replica of `source` (an identifier, or an ARN when cross-region).
    Replica { source: String },
    /// The writer of an Aurora cluster.
    ClusterWriter { cluster: String },
    /// A reader of an Aurora cluster.
    ClusterReader { cluster: String },
}

impl DbRole {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Replica { .. } => "replica",
            Self::ClusterWriter { .. } => "writer",
            Self::ClusterReader { .. } => "reader",
        }
    }

    pub fn is_replica(&self) -> bool {
        matches!(self, Self::Replica { .. } | Self::ClusterReader { .. })
    }

    /// Whether the instance is an Aurora cluster's writer or reader.
    pub fn is_cluster_member(&self) -> bool {
        matches!(self, Self::ClusterWriter { .. } | Self::ClusterReader { .. })
    }
}

/// The (region, id) a replica's source names: a plain id in the replica's own region, or an
/// ARN (`arn:aws:rds:REGION:ACCOUNT:db:ID`) for a cross-region source.
pub fn replica_source<'a>(source: &'a str, own_region: &'a str) -> (&'a str, &'a str) {
    // Most sources are plain ids: every failover target's readiness asks, every minute.
    if !source.starts_with("arn:") {
        return (own_region, source);
    }
    let mut parts = source.splitn(8, ':');
    let mut next = || parts.next();
    match [next(), next(), next(), next(), next(), next(), next(), next()] {
        [Some("arn"), Some(_), Some("rds"), Some(region), Some(_), Some("db"), Some(id), None] => (region, id),
        _ => (own_region, source),
    }
}

/// The lifecycle status RDS reports (`DBInstanceStatus` / cluster `Status`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DbStatus {
    Available,
    BackingUp,
    Modifying,
    Rebooting,
    Creating,
    FailingOver,
    Stopped,
    StorageFull,
    Failed,
    /// Any status opsdeck has no special meaning for, kept verbatim.
    Other(String),
}

impl DbStatus {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Available => "available",
            Self::BackingUp => "backing-up",
            Self::Modifying => "modifying",
            Self::Rebooting => "rebooting",
            Self::Creating => "creating",
            Self::FailingOver => "failing-over",
            Self::Stopped => "stopped",
            Self::StorageFull => "storage-full",
            Self::Failed => "failed",
            Self::Other(raw) => raw,
        }
    }
}

impl fmt::Display for DbStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The CA certificate an instance's TLS endpoint uses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CaCertificate {
    pub id: String,
    pub valid_until: Option<Timestamp>,
}

/// One RDS DB instance (standalone, replica or Aurora cluster member).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DbInstance {
    pub id: String,
    /// `DbiResourceId`, the key Performance Insights uses.
    pub resource_id: Option<String>,
    pub engine: String,
    pub engine_version: Option<String>,
    pub class: Option<String>,
    pub role: DbRole,
    /// Identifiers (or ARNs, cross-region) of this instance's read replicas.
    pub replicas: Vec<String>,
    pub region: String,
    pub az: Option<String>,
    /// The standby's AZ of a Multi-AZ instance.
    pub secondary_az: Option<String>,
    pub status: DbStatus,
    pub multi_az: Option<bool>,
    pub storage_encrypted: Option<bool>,
    pub kms_key_id: Option<String>,
    /// Whether `kms_key_id` is the AWS managed default key (`aws/rds`) rather than a customer
    /// managed one (KMS `DescribeKey` `KeyManager`); None when not looked up.
    pub kms_key_aws_managed: Option<bool>,
    pub publicly_accessible: Option<bool>,
    pub backup_retention_days: Option<u32>,
    /// Regions the automated backups are replicated to (`DBInstanceAutomatedBackupsReplications`);
    /// `Some(empty)` means none, None that it is not known.
    pub backup_replica_regions: Option<Vec<String>>,
    pub deletion_protection: Option<bool>,
    pub performance_insights: Option<bool>,
    pub ca_certificate: Option<CaCertificate>,
    /// ARN of the Secrets Manager secret holding the master password, when RDS manages it.
    pub master_secret_arn: Option<String>,
    pub allocated_storage_gib: Option<u32>,
    pub created: Option<Timestamp>,
    /// What KMS, the parameter group and the DR region say (the AWS adapter looks them up
    /// slowly; see `Hardening`).
    pub hardening: Hardening,
}

/// One member of an Aurora cluster.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClusterMember {
    pub instance_id: String,
    pub is_writer: bool,
}

/// An Aurora DB cluster.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DbCluster {
    pub id: String,
    pub engine: String,
    pub engine_version: Option<String>,
    pub region: String,
    pub status: DbStatus,
    pub members: Vec<ClusterMember>,
    pub multi_az: Option<bool>,
    pub storage_encrypted: Option<bool>,
    pub kms_key_id: Option<String>,
    /// As for `DbInstance::kms_key_aws_managed`.
    pub kms_key_aws_managed: Option<bool>,
    pub backup_retention_days: Option<u32>,
    pub deletion_protection: Option<bool>,
    /// ARN of the Secrets Manager secret holding the master password, when RDS manages it
    /// (for Aurora it belongs to the cluster, not to the members).
    pub master_secret_arn: Option<String>,
    /// As for `DbInstance::hardening`.
    pub hardening: Hardening,
}

impl DbCluster {
    pub fn writer(&self) -> Option<&str> {
        self.members.iter().find(|m| m.is_writer).map(|m| m.instance_id.as_str())
    }
}

/// Everything RDS reports for one scope. The instances are shared (`Arc`) with their index:
/// a backend that answers the same fleet again (the simulator within a minute, the hub's
/// view) hands out the one it holds, and the state keeps that one, not a copy; two fleets
/// that share their instances compare by a pointer.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct DbFleet {
    /// Read-only here: changed through `instances_mut`.
    pub instances: Arc<Vec<DbInstance>>,
    pub clusters: Vec<DbCluster>,
    /// Where each instance is, by id (see `instance`), shared with the instances.
    #[serde(skip)]
    index: Arc<super::id_index::IdIndex>,
}

impl PartialEq for DbFleet {
    fn eq(&self, other: &Self) -> bool {
        (Arc::ptr_eq(&self.instances, &other.instances) || self.instances == other.instances)
            && self.clusters == other.clusters
    }
}

impl DbFleet {
    pub fn new(instances: Vec<DbInstance>, clusters: Vec<DbCluster>) -> Self {
        Self { instances: Arc::new(instances), clusters, index: Arc::default() }
    }

    /// The instances to change: this fleet's own (copied first if shared), with a new index.
    pub fn instances_mut(&mut self) -> &mut Vec<DbInstance> {
        self.index = Arc::default();
        Arc::make_mut(&mut self.instances)
    }

    /// The DB instance called `id`: found through an index built at the first lookup.
    pub fn instance(&self, id: &str) -> Option<&DbInstance> {
        self.index.find(&self.instances, id)
    }

    /// Where the DB instance called `id` is in `instances`, through the same index.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.position(&self.instances, id)
    }
}

/// vCPUs of an instance class from its size, e.g. `db.r6g.2xlarge` → 8: large = 2,
/// xlarge = 4, Nxlarge = 4N (micro to medium: 2). `None` for classes without a size
/// (`db.serverless`). Used where PI does not report `os.general.numVCPUs` and by the simulator.
pub fn class_vcpus(class: &str) -> Option<f64> {
    let size = class.rsplit('.').next()?;
    match size {
        "micro" | "small" | "medium" | "large" => Some(2.0),
        "xlarge" => Some(4.0),
        _ => size.strip_suffix("xlarge")?.parse::<f64>().ok().map(|n| n * 4.0),
    }
}

#[cfg(test)]
mod tests {
    use super::class_vcpus;

    #[test]
    fn vcpus_follow_the_class_size() {
        assert_eq!(class_vcpus("db.t3.micro"), Some(2.0));
        assert_eq!(class_vcpus("db.m4.large"), Some(2.0));
        assert_eq!(class_vcpus("db.m5.xlarge"), Some(4.0));
        assert_eq!(class_vcpus("db.r6g.2xlarge"), Some(8.0));
        assert_eq!(class_vcpus("db.r6g.16xlarge"), Some(64.0));
        assert_eq!(class_vcpus("db.serverless"), None);
    }
}
