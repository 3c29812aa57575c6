//! Rules on RDS instances and Aurora clusters: encryption, exposure, redundancy, backups,
//! protection, observability, certificates and credentials, plus the health rules on metrics.
//!
//! Which rule applies depends on the role. Storage, backups, deletion protection and the master
//! password of Aurora belong to the cluster, so they are judged there and not on each member;
//! replicas inherit their source's backups and password, so only primaries are judged on them.

use std::sync::OnceLock;

use super::alarms::{AlarmIndex, cluster_alarms, instance_alarms};
use super::metrics::{health_rules, lag_rule, load_rule};
use super::network::port_open;
use super::{Outcome, Policy, Posture, RuleId};
use crate::cloud::model::{
    Alarm, CaCertificate, DbCluster, DbInstance, DbRole, DbSeries, DbStatus, Metrics, Timestamp, TlsRequirement,
};
use crate::judging::{Level, format_secs};

/// What the DB rules of one scope consult besides the resource.
#[derive(Debug, Clone)]
pub struct DbContext<'a> {
    pub policy: Policy<'a>,
    pub metrics: Option<&'a Metrics>,
    /// None when the scope's alarms were not fetched.
    pub alarms: Option<&'a [Alarm]>,
    /// What the alarms watch, indexed at the first rule that asks: a minute's metrics judge
    /// only the health rules, which read no alarms.
    pub(super) watched: OnceLock<Option<AlarmIndex>>,
}

impl DbContext<'_> {
    /// Every rule that applies to an instance, given its role.
    pub fn instance(&self, db: &DbInstance) -> Posture {
        let mut p = self.instance_fixed(db);
        self.instance_health(db, &mut p);
        p.sort();
        p
    }

    /// The rules on an instance that read no metrics: its settings, exposure, backups and
    /// alarms, as of its scope's fleet and the policy's clock (which only `clocked`'s rules
    /// read). Unsorted: `instance` adds the health rules and sorts.
    pub fn instance_fixed(&self, db: &DbInstance) -> Posture {
        let mut p = Posture::default();
        let record = |p: &mut Posture, rule, outcome| self.policy.record(p, rule, outcome);
        let member = db.role.is_cluster_member();
        let primary = db.role == DbRole::Primary;
        if !member {
            record(&mut p, RuleId::StorageUnencrypted, encryption(db.storage_encrypted));
            record(&mut p, RuleId::DefaultKmsKey, kms_key(db.storage_encrypted, db.kms_key_aws_managed, &self.policy));
            record(&mut p, RuleId::DeletionProtectionOff, deletion_protection(db.deletion_protection));
            let rotation = kms_rotation(db.storage_encrypted, db.kms_key_aws_managed, db.hardening.kms_rotation);
            record(&mut p, RuleId::KmsRotationOff, rotation);
            record(&mut p, RuleId::TlsNotRequired, tls(db.hardening.tls.as_ref(), db.publicly_accessible));
        }
        record(&mut p, RuleId::PubliclyAccessible, public_access(db.publicly_accessible));
        record(&mut p, RuleId::DbPortOpenToWorld, port_open(db));
        record(&mut p, RuleId::PerformanceInsightsOff, performance_insights(db.performance_insights));
        record(&mut p, RuleId::CaCertExpiring, certificate(db.ca_certificate.as_ref(), &self.policy));
        if primary {
            record(&mut p, RuleId::NoMultiAz, multi_az(db.multi_az));
            record(&mut p, RuleId::BackupRetentionShort, retention(db.backup_retention_days, &self.policy));
            record(&mut p, RuleId::BackupsNotReplicated, backup_copies(db.backup_replica_regions.as_deref()));
            record(&mut p, RuleId::DrBackupStale, dr_backup(db, &self.policy));
            record(&mut p, RuleId::MasterPasswordUnmanaged, master_password(db.master_secret_arn.as_deref()));
        }
        if !member {
            record(&mut p, RuleId::AlarmsMissing, instance_alarms(db, self.watched()));
        }
        p
    }

    /// What the clock decides among `instance_fixed`'s rules, were they judged at `now`: the CA
    /// certificate's expiry and the DR backup's age. An instance that did not change between
    /// two fleet snapshots keeps its fixed posture while these come out the same.
    pub fn clocked(&self, db: &DbInstance, now: Timestamp) -> [Outcome; 2] {
        let policy = Policy { now, ..self.policy };
        [certificate(db.ca_certificate.as_ref(), &policy), dr_backup(db, &policy)]
    }

    /// The health rules on an instance's metrics, added to `p` (unsorted).
    pub fn instance_health(&self, db: &DbInstance, p: &mut Posture) {
        self.instance_health_of(db, self.metrics.and_then(|m| m.db.get(&db.id)), p);
    }

    /// `instance_health` with the instance's series already found in the scope's metrics.
    pub fn instance_health_of(&self, db: &DbInstance, series: Option<&DbSeries>, p: &mut Posture) {
        let record = |p: &mut Posture, rule, outcome| self.policy.record(p, rule, outcome);
        if db.status != DbStatus::Stopped {
            for (rule, outcome) in health_rules(series, self.policy.thresholds) {
                record(p, rule, outcome);
            }
            if db.role.is_replica() {
                record(p, RuleId::ReplicaLagHigh, lag_rule(series, self.policy.thresholds));
            }
            if db.performance_insights == Some(true) {
                record(p, RuleId::DbLoadHigh, load_rule(series, self.policy.thresholds));
            }
        }
    }

    /// Every rule that applies to an Aurora cluster; `members` are its instances found in the data.
    pub fn cluster(&self, cluster: &DbCluster, members: &[&DbInstance]) -> Posture {
        let mut p = Posture::default();
        let record = |p: &mut Posture, rule, outcome| self.policy.record(p, rule, outcome);
        record(&mut p, RuleId::StorageUnencrypted, encryption(cluster.storage_encrypted));
        let kms = kms_key(cluster.storage_encrypted, cluster.kms_key_aws_managed, &self.policy);
        record(&mut p, RuleId::DefaultKmsKey, kms);
        let rotation =
            kms_rotation(cluster.storage_encrypted, cluster.kms_key_aws_managed, cluster.hardening.kms_rotation);
        record(&mut p, RuleId::KmsRotationOff, rotation);
        // Critical when any member has an endpoint on the internet.
        let public = members.iter().any(|m| m.publicly_accessible == Some(true));
        record(&mut p, RuleId::TlsNotRequired, tls(cluster.hardening.tls.as_ref(), Some(public)));
        record(&mut p, RuleId::AuroraSingleAz, reader_azs(cluster, members));
        record(&mut p, RuleId::BackupRetentionShort, retention(cluster.backup_retention_days, &self.policy));
        record(&mut p, RuleId::DeletionProtectionOff, deletion_protection(cluster.deletion_protection));
        record(&mut p, RuleId::MasterPasswordUnmanaged, master_password(cluster.master_secret_arn.as_deref()));
        record(&mut p, RuleId::AlarmsMissing, cluster_alarms(cluster, self.watched()));
        p.sort();
        p
    }
}

/// A yes/no fact that is a finding when it is `bad`, unknown when not reported.
fn flag(value: Option<bool>, bad: bool, finding: &str, what: &str, rule: RuleId) -> Outcome {
    match value {
        Some(v) if v == bad => Outcome::fail(rule, finding),
        Some(_) => Outcome::Pass,
        None => Outcome::unknown(format!("{what} was not reported")),
    }
}

pub fn encryption(encrypted: Option<bool>) -> Outcome {
    flag(encrypted, false, "storage is not encrypted", "encryption", RuleId::StorageUnencrypted)
}

pub fn kms_key(encrypted: Option<bool>, aws_managed: Option<bool>, policy: &Policy<'_>) -> Outcome {
    if !policy.settings.expect_customer_kms || encrypted != Some(true) {
        return Outcome::Pass;
    }
    let finding = "encrypted with the default aws/rds key, not a customer KMS key";
    flag(aws_managed, true, finding, "which kind of KMS key encrypts it", RuleId::DefaultKmsKey)
}

/// A customer managed key should rotate; AWS rotates its managed keys itself.
pub fn kms_rotation(encrypted: Option<bool>, aws_managed: Option<bool>, rotation: Option<bool>) -> Outcome {
    match (encrypted, aws_managed, rotation) {
        (Some(false), ..) | (_, Some(true), _) => Outcome::Pass,
        (None, ..) => Outcome::unknown("encryption was not reported"),
        (_, None, _) => Outcome::unknown("which kind of KMS key encrypts it was not reported"),
        (_, _, None) => Outcome::unknown("the KMS key's rotation was not reported"),
        (_, _, Some(true)) => Outcome::Pass,
        (_, _, Some(false)) => Outcome::fail(RuleId::KmsRotationOff, "the customer KMS key does not rotate"),
    }
}

/// Connections without TLS: critical when the database has an endpoint on the internet (where
/// traffic leaves the VPC), else a warning.
pub fn tls(tls: Option<&TlsRequirement>, public: Option<bool>) -> Outcome {
    match tls {
        None => Outcome::unknown("whether the parameter group requires TLS was not reported"),
        Some(t) if t.required => Outcome::Pass,
        Some(t) if public == Some(true) => {
            Outcome::Fail(Level::Critical, format!("TLS is not required, on a public endpoint: {}", t.source))
        }
        Some(t) => Outcome::fail(RuleId::TlsNotRequired, format!("TLS is not required: {}", t.source)),
    }
}

pub fn public_access(public: Option<bool>) -> Outcome {
    let finding = "publicly accessible: it has an endpoint on the internet";
    flag(public, true, finding, "public accessibility", RuleId::PubliclyAccessible)
}

pub fn multi_az(multi_az: Option<bool>) -> Outcome {
    let finding = "primary without Multi-AZ: no standby in another AZ";
    flag(multi_az, false, finding, "Multi-AZ", RuleId::NoMultiAz)
}

pub fn deletion_protection(on: Option<bool>) -> Outcome {
    flag(on, false, "deletion protection is off", "deletion protection", RuleId::DeletionProtectionOff)
}

pub fn performance_insights(on: Option<bool>) -> Outcome {
    flag(on, false, "Performance Insights is off", "Performance Insights", RuleId::PerformanceInsightsOff)
}

/// RDS reports a managed master password as the secret's ARN; without one, the password
/// lives wherever someone put it.
pub fn master_password(secret_arn: Option<&str>) -> Outcome {
    match secret_arn {
        Some(_) => Outcome::Pass,
        None => Outcome::fail(RuleId::MasterPasswordUnmanaged, "master password is not managed in Secrets Manager"),
    }
}

pub fn retention(days: Option<u32>, policy: &Policy<'_>) -> Outcome {
    let min = policy.settings.backup_min_days;
    match days {
        None => Outcome::unknown("backup retention was not reported"),
        Some(0) if min > 0 => Outcome::Fail(Level::Critical, "automated backups are off (retention 0 days)".into()),
        Some(d) if d < min => {
            let unit = if d == 1 { "day" } else { "days" };
            Outcome::fail(RuleId::BackupRetentionShort, format!("backup retention {d} {unit}, under {min}"))
        }
        Some(_) => Outcome::Pass,
    }
}

pub fn backup_copies(regions: Option<&[String]>) -> Outcome {
    match regions {
        None => Outcome::unknown("whether automated backups are replicated was not reported"),
        Some([]) => {
            Outcome::fail(RuleId::BackupsNotReplicated, "automated backups are not replicated to another region")
        }
        Some(_) => Outcome::Pass,
    }
}

/// A primary whose backups are replicated: the newest restorable time in the DR region within
/// the RPO (`[thresholds] dr_backup_rpo`).
pub fn dr_backup(db: &DbInstance, policy: &Policy<'_>) -> Outcome {
    if db.backup_replica_regions.as_ref().is_none_or(Vec::is_empty) {
        return Outcome::Pass; // backups-not-replicated speaks for it
    }
    let Some(dr) = &db.hardening.dr_backup else {
        return Outcome::unknown("the DR region's newest restorable backup was not reported");
    };
    let Some(latest) = dr.latest_restorable else {
        return Outcome::fail(RuleId::DrBackupStale, format!("no restorable backup in {}", dr.region));
    };
    let age = (policy.now - latest).num_seconds().max(0);
    let rpo = policy.thresholds.dr_backup_rpo_secs;
    if u64::try_from(age).unwrap_or(0) <= rpo {
        return Outcome::Pass;
    }
    let (age, rpo) = (format_secs(age as f64), format_secs(rpo as f64));
    Outcome::fail(
        RuleId::DrBackupStale,
        format!("newest restorable backup in {} is {age} old, over the {rpo} RPO", dr.region),
    )
}

/// Critical once expired, a warning within `cert_warn_days`.
pub fn certificate(ca: Option<&CaCertificate>, policy: &Policy<'_>) -> Outcome {
    let Some(ca) = ca else { return Outcome::unknown("the CA certificate was not reported") };
    let Some(until) = ca.valid_until else { return Outcome::unknown("the CA certificate's expiry was not reported") };
    let date = until.format("%Y-%m-%d");
    if until <= policy.now {
        return Outcome::Fail(Level::Critical, format!("CA certificate {} expired on {date}", ca.id));
    }
    let days = (until - policy.now).num_days();
    if days < i64::from(policy.settings.cert_warn_days) {
        let unit = if days == 1 { "day" } else { "days" };
        Outcome::fail(RuleId::CaCertExpiring, format!("CA certificate {} expires in {days} {unit} ({date})", ca.id))
    } else {
        Outcome::Pass
    }
}

/// An Aurora cluster survives an AZ failure only with a reader outside the writer's AZ.
pub fn reader_azs(cluster: &DbCluster, members: &[&DbInstance]) -> Outcome {
    let writer_id = cluster.writer();
    let writer = members.iter().find(|m| Some(m.id.as_str()) == writer_id);
    let readers: Vec<&&DbInstance> = members.iter().filter(|m| Some(m.id.as_str()) != writer_id).collect();
    if readers.is_empty() && cluster.members.len() <= 1 {
        return Outcome::fail(RuleId::AuroraSingleAz, "no reader: a writer failure waits for a new instance");
    }
    let Some(writer_az) = writer.and_then(|w| w.az.as_deref()) else {
        return Outcome::unknown("the writer's AZ was not reported");
    };
    if readers.iter().any(|r| r.az.as_deref().is_some_and(|az| az != writer_az)) {
        return Outcome::Pass;
    }
    if readers.is_empty() || readers.iter().any(|r| r.az.is_none()) {
        return Outcome::unknown("the readers' AZs were not reported");
    }
    Outcome::fail(RuleId::AuroraSingleAz, format!("every reader is in {writer_az}, the writer's AZ"))
}

#[cfg(test)]
#[path = "db_tests.rs"]
mod tests;
