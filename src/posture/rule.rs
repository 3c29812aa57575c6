//! The rule catalogue: every posture and health rule's stable id, its usual severity and what to
//! do when it fires.
//!
//! Ids are part of the interface: config.toml names them to disable or re-level a rule, and
//! `opsdeck check --format json` prints them, so scripts may match on them. Never rename one.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::judging::Level;

/// One rule, by its stable id (the kebab-case spelling is the id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    StorageUnencrypted,
    DefaultKmsKey,
    PubliclyAccessible,
    NoMultiAz,
    AuroraSingleAz,
    BackupRetentionShort,
    BackupsNotReplicated,
    DeletionProtectionOff,
    PerformanceInsightsOff,
    CaCertExpiring,
    MasterPasswordUnmanaged,
    ReplicaLagHigh,
    CpuHigh,
    FreeStorageLow,
    ConnectionsHigh,
    DbLoadHigh,
    AsgAtMax,
    AsgCapacityStuck,
    AlarmsMissing,
    FailoverNotReady,
    KmsRotationOff,
    TlsNotRequired,
    DrBackupStale,
    DbPortOpenToWorld,
}

impl RuleId {
    pub const ALL: [Self; 24] = [
        Self::StorageUnencrypted,
        Self::DefaultKmsKey,
        Self::PubliclyAccessible,
        Self::NoMultiAz,
        Self::AuroraSingleAz,
        Self::BackupRetentionShort,
        Self::BackupsNotReplicated,
        Self::DeletionProtectionOff,
        Self::PerformanceInsightsOff,
        Self::CaCertExpiring,
        Self::MasterPasswordUnmanaged,
        Self::ReplicaLagHigh,
        Self::CpuHigh,
        Self::FreeStorageLow,
        Self::ConnectionsHigh,
        Self::DbLoadHigh,
        Self::AsgAtMax,
        Self::AsgCapacityStuck,
        Self::AlarmsMissing,
        Self::FailoverNotReady,
        Self::KmsRotationOff,
        Self::TlsNotRequired,
        Self::DrBackupStale,
        Self::DbPortOpenToWorld,
    ];

    /// The stable id, as config.toml and the JSON report spell it.
    pub fn id(self) -> &'static str {
        match self {
            Self::StorageUnencrypted => "storage-unencrypted",
            Self::DefaultKmsKey => "default-kms-key",
            Self::PubliclyAccessible => "publicly-accessible",
            Self::NoMultiAz => "no-multi-az",
            Self::AuroraSingleAz => "aurora-single-az",
            Self::BackupRetentionShort => "backup-retention-short",
            Self::BackupsNotReplicated => "backups-not-replicated",
            Self::DeletionProtectionOff => "deletion-protection-off",
            Self::PerformanceInsightsOff => "performance-insights-off",
            Self::CaCertExpiring => "ca-cert-expiring",
            Self::MasterPasswordUnmanaged => "master-password-unmanaged",
            Self::ReplicaLagHigh => "replica-lag-high",
            Self::CpuHigh => "cpu-high",
            Self::FreeStorageLow => "free-storage-low",
            Self::ConnectionsHigh => "connections-high",
            Self::DbLoadHigh => "db-load-high",
            Self::AsgAtMax => "asg-at-max",
            Self::AsgCapacityStuck => "asg-capacity-stuck",
            Self::AlarmsMissing => "alarms-missing",
            Self::FailoverNotReady => "failover-not-ready",
            Self::KmsRotationOff => "kms-rotation-off",
            Self::TlsNotRequired => "tls-not-required",
            Self::DrBackupStale => "dr-backup-stale",
            Self::DbPortOpenToWorld => "db-port-open-to-world",
        }
    }

    /// The severity a firing rule has unless config.toml re-levels it. Some rules escalate on
    /// their own: an expired certificate, backups switched off, a metric past its critical line.
    pub fn level(self) -> Level {
        match self {
            Self::StorageUnencrypted | Self::PubliclyAccessible | Self::DbPortOpenToWorld => Level::Critical,
            _ => Level::Warn,
        }
    }

    /// What to do about it, in one line.
    pub fn remedy(self) -> &'static str {
        match self {
            Self::StorageUnencrypted => {
                "encryption cannot be turned on in place: restore an encrypted copy of a snapshot and cut over"
            }
            Self::DefaultKmsKey => "copy a snapshot with a customer managed KMS key, restore from it and cut over",
            Self::PubliclyAccessible => "modify the instance with PubliclyAccessible=false; reach it through the VPC",
            Self::NoMultiAz => "modify the instance with MultiAZ=true (a standby in another AZ)",
            Self::AuroraSingleAz => "add a reader in another AZ than the writer, to fail over to",
            Self::BackupRetentionShort => "raise the backup retention period (BackupRetentionPeriod)",
            Self::BackupsNotReplicated => "start cross-region automated backup replication to the DR region",
            Self::DeletionProtectionOff => "modify the database with DeletionProtection=true",
            Self::PerformanceInsightsOff => "enable Performance Insights (7 days of history are free)",
            Self::CaCertExpiring => "rotate to a current CA certificate and make sure clients trust it",
            Self::MasterPasswordUnmanaged => "modify the database with ManageMasterUserPassword=true",
            Self::ReplicaLagHigh => "check the replica's load and the write volume on its source",
            Self::CpuHigh => "look at top SQL in Performance Insights; scale up if the load is expected",
            Self::FreeStorageLow => "grow the allocated storage or enable storage autoscaling",
            Self::ConnectionsHigh => "look for connection leaks or storms; consider RDS Proxy or a pooler",
            Self::DbLoadHigh => {
                "sessions queue past the vCPUs: read the top waits and SQL on the Performance tab; scale up if expected"
            }
            Self::AsgAtMax => "raise the group's max size if the load is real, before the next peak",
            Self::AsgCapacityStuck => "read the group's scaling activities for failed launches (quota, AZ capacity)",
            Self::AlarmsMissing => "create CloudWatch alarms for the metrics named, with an on-call action",
            Self::KmsRotationOff => "enable automatic rotation of the customer KMS key (kms:EnableKeyRotation)",
            Self::TlsNotRequired => {
                "set rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = ON (MySQL, MariaDB) in a custom parameter group"
            }
            Self::DrBackupStale => {
                "check the cross-region backup replication (stop and start it after a failover) in the DR region"
            }
            Self::DbPortOpenToWorld => {
                "remove the 0.0.0.0/0 and ::/0 ingress rules on the DB port; admit the application's subnets or groups only"
            }
            Self::FailoverNotReady => {
                "fix the failed precondition before the failover is needed; F in the console shows the plan"
            }
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_serde_names_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for rule in RuleId::ALL {
            let json = serde_json::to_string(&rule).unwrap();
            assert_eq!(json, format!("\"{}\"", rule.id()));
            assert!(seen.insert(rule.id()), "{rule} twice");
        }
    }
}
