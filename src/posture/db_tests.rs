//! Each DB rule against crafted instances and clusters: it fires on the bad value, stays quiet on
//! the good one, and says "unknown" when the fact is missing.

use chrono::Duration;

use super::*;
use crate::cloud::model::{Alarm, ClusterMember};
use crate::judging::Thresholds;
use crate::posture::fixtures::{alarm, good, now};
use crate::posture::{PostureSettings, RuleSetting};

fn all_alarms() -> Vec<Alarm> {
    vec![alarm("db", "CPUUtilization"), alarm("db", "FreeStorageSpace"), alarm("ro", "ReplicaLag")]
}

/// Judges `db` with default settings, the standard alarms and no metric rules in the way.
fn judge_with(db: &DbInstance, settings: &PostureSettings, alarms: Option<&[Alarm]>) -> Posture {
    let thresholds = Thresholds::default();
    let policy = Policy { settings, thresholds: &thresholds, now: now() };
    let mut p = DbContext::new(policy, None, alarms).instance(db);
    p.unknown.retain(|u| {
        !matches!(
            u.rule,
            RuleId::CpuHigh
                | RuleId::FreeStorageLow
                | RuleId::ConnectionsHigh
                | RuleId::ReplicaLagHigh
                | RuleId::DbLoadHigh
        )
    });
    p
}

fn judge(db: &DbInstance) -> Posture {
    judge_with(db, &PostureSettings::default(), Some(&all_alarms()))
}

fn rules(p: &Posture) -> Vec<RuleId> {
    p.findings.iter().map(|f| f.rule).collect()
}

/// Asserts that changing one fact makes exactly `rule` fire (at `level`), and nothing else.
fn fires(rule: RuleId, level: Level, change: impl FnOnce(&mut DbInstance)) -> Posture {
    let mut db = good("db", DbRole::Primary);
    change(&mut db);
    let p = judge(&db);
    assert_eq!(rules(&p), vec![rule], "{p:#?}");
    assert_eq!(p.findings[0].level, level);
    p
}

#[test]
fn a_hardened_primary_and_replica_pass() {
    let p = judge(&good("db", DbRole::Primary));
    assert_eq!(p, Posture::default());
    let replica = DbInstance {
        backup_retention_days: Some(0),
        master_secret_arn: None,
        backup_replica_regions: Some(vec![]),
        multi_az: Some(false),
        ..good("ro", DbRole::Replica { source: "db".into() })
    };
    assert_eq!(judge(&replica), Posture::default(), "replicas inherit backups and the password");
}

#[test]
fn each_flag_rule_fires_on_its_bad_value() {
    fires(RuleId::StorageUnencrypted, Level::Critical, |d| {
        d.storage_encrypted = Some(false);
        d.kms_key_id = None;
        d.kms_key_aws_managed = None;
    });
    fires(RuleId::DefaultKmsKey, Level::Warn, |d| d.kms_key_aws_managed = Some(true));
    fires(RuleId::PubliclyAccessible, Level::Critical, |d| d.publicly_accessible = Some(true));
    fires(RuleId::NoMultiAz, Level::Warn, |d| d.multi_az = Some(false));
    fires(RuleId::DeletionProtectionOff, Level::Warn, |d| d.deletion_protection = Some(false));
    fires(RuleId::PerformanceInsightsOff, Level::Warn, |d| d.performance_insights = Some(false));
    fires(RuleId::MasterPasswordUnmanaged, Level::Warn, |d| d.master_secret_arn = None);
    fires(RuleId::BackupsNotReplicated, Level::Warn, |d| d.backup_replica_regions = Some(Vec::new()));
}

#[test]
fn backup_retention_under_the_minimum() {
    let p = fires(RuleId::BackupRetentionShort, Level::Warn, |d| d.backup_retention_days = Some(1));
    assert_eq!(&*p.findings[0].message, "backup retention 1 day, under 7");
    fires(RuleId::BackupRetentionShort, Level::Critical, |d| d.backup_retention_days = Some(0));
    let seven = judge(&DbInstance { backup_retention_days: Some(7), ..good("db", DbRole::Primary) });
    assert!(!seven.has(RuleId::BackupRetentionShort));
    let strict = PostureSettings { backup_min_days: 30, ..PostureSettings::default() };
    let p = judge_with(&good("db", DbRole::Primary), &strict, Some(&all_alarms()));
    assert_eq!(&*p.findings[0].message, "backup retention 14 days, under 30");
}

#[test]
fn certificates_warn_then_go_critical() {
    let expiring = |days| {
        move |d: &mut DbInstance| {
            if let Some(ca) = d.ca_certificate.as_mut() {
                ca.valid_until = Some(now() + Duration::days(days) + Duration::hours(1));
            }
        }
    };
    let p = fires(RuleId::CaCertExpiring, Level::Warn, expiring(17));
    assert_eq!(&*p.findings[0].message, "CA certificate rds-ca-rsa2048-g1 expires in 17 days (2026-12-14)");
    let p = fires(RuleId::CaCertExpiring, Level::Critical, expiring(-3));
    assert!(p.findings[0].message.contains("expired on 2026-11-24"), "{p:?}");
    let mut fine = good("db", DbRole::Primary);
    expiring(31)(&mut fine);
    assert!(judge(&fine).findings.is_empty());
}

#[test]
fn the_customer_key_expectation_can_be_switched_off() {
    let db = DbInstance { kms_key_aws_managed: Some(true), ..good("db", DbRole::Primary) };
    let relaxed = PostureSettings { expect_customer_kms: false, ..PostureSettings::default() };
    assert!(judge_with(&db, &relaxed, Some(&all_alarms())).findings.is_empty());
}

#[test]
fn missing_facts_are_unknown_not_findings() {
    let db = DbInstance {
        storage_encrypted: None,
        kms_key_aws_managed: None,
        publicly_accessible: None,
        multi_az: None,
        backup_retention_days: None,
        backup_replica_regions: None,
        deletion_protection: None,
        performance_insights: None,
        ca_certificate: None,
        ..good("db", DbRole::Primary)
    };
    let p = judge_with(&db, &PostureSettings::default(), None);
    assert!(p.findings.is_empty(), "{p:#?}");
    let unknown: Vec<RuleId> = p.unknown.iter().map(|u| u.rule).collect();
    assert_eq!(
        unknown,
        [
            RuleId::StorageUnencrypted,
            RuleId::PubliclyAccessible,
            RuleId::NoMultiAz,
            RuleId::BackupRetentionShort,
            RuleId::BackupsNotReplicated,
            RuleId::DeletionProtectionOff,
            RuleId::PerformanceInsightsOff,
            RuleId::CaCertExpiring,
            RuleId::AlarmsMissing,
            RuleId::KmsRotationOff,
        ]
    );
    let encrypted_unknown_key = DbInstance { kms_key_aws_managed: None, ..good("db", DbRole::Primary) };
    let p = judge(&encrypted_unknown_key);
    assert_eq!(p.unknown.iter().map(|u| u.rule).collect::<Vec<_>>(), [RuleId::DefaultKmsKey, RuleId::KmsRotationOff]);
}

#[test]
fn alarms_missing_names_what_is_not_watched() {
    let lone = [alarm("db", "CPUUtilization")];
    let p = judge_with(&good("db", DbRole::Primary), &PostureSettings::default(), Some(&lone));
    assert_eq!(rules(&p), [RuleId::AlarmsMissing]);
    assert_eq!(&*p.findings[0].message, "no CloudWatch alarm on free storage");
    let replica = good("ro", DbRole::Replica { source: "db".into() });
    let p = judge_with(&replica, &PostureSettings::default(), Some(&lone));
    assert_eq!(&*p.findings[0].message, "no CloudWatch alarm on replica lag");
    let p = judge_with(&good("db", DbRole::Primary), &PostureSettings::default(), Some(&[]));
    assert_eq!(&*p.findings[0].message, "no CloudWatch alarms on CPU, free storage");
}

#[test]
fn overrides_disable_and_relevel() {
    let db = DbInstance {
        publicly_accessible: Some(true),
        performance_insights: Some(false),
        ..good("db", DbRole::Primary)
    };
    let mut settings = PostureSettings::default();
    settings.rules.insert(RuleId::PubliclyAccessible, RuleSetting::Warn);
    settings.rules.insert(RuleId::PerformanceInsightsOff, RuleSetting::Off);
    settings.rules.insert(RuleId::AlarmsMissing, RuleSetting::Critical);
    let p = judge_with(&db, &settings, Some(&[]));
    assert_eq!(rules(&p), [RuleId::AlarmsMissing, RuleId::PubliclyAccessible]);
    assert_eq!(p.findings[0].level, Level::Critical);
    assert_eq!(p.findings[1].level, Level::Warn);
    settings.rules.insert(RuleId::CaCertExpiring, RuleSetting::Off);
    let off = judge_with(&DbInstance { ca_certificate: None, ..db }, &settings, Some(&[]));
    assert!(!off.unknown.iter().any(|u| u.rule == RuleId::CaCertExpiring), "an off rule says nothing at all");
}

fn cluster(members: &[(&str, bool)]) -> DbCluster {
    DbCluster {
        id: "orders".to_owned(),
        engine: "aurora-postgresql".to_owned(),
        engine_version: None,
        region: "us-east-1".to_owned(),
        status: DbStatus::Available,
        members: members.iter().map(|&(id, w)| ClusterMember { instance_id: id.to_owned(), is_writer: w }).collect(),
        multi_az: Some(true),
        storage_encrypted: Some(true),
        kms_key_id: None,
        kms_key_aws_managed: Some(false),
        backup_retention_days: Some(7),
        deletion_protection: Some(true),
        master_secret_arn: Some("arn:aws:secretsmanager:us-east-1:1:secret:rds!cluster".to_owned()),
        hardening: good("x", DbRole::Primary).hardening,
    }
}

fn member(id: &str, az: &str, writer: bool) -> DbInstance {
    let cluster = "orders".to_owned();
    let role = if writer { DbRole::ClusterWriter { cluster } } else { DbRole::ClusterReader { cluster } };
    DbInstance { az: Some(az.to_owned()), master_secret_arn: None, backup_retention_days: None, ..good(id, role) }
}

fn judge_cluster(c: &DbCluster, members: &[&DbInstance], alarms: &[Alarm]) -> Posture {
    let (settings, thresholds) = (PostureSettings::default(), Thresholds::default());
    let policy = Policy { settings: &settings, thresholds: &thresholds, now: now() };
    DbContext::new(policy, None, Some(alarms)).cluster(c, members)
}

#[test]
fn aurora_needs_a_reader_in_another_az() {
    let c = cluster(&[("orders-1", true), ("orders-2", false)]);
    let cpu = [alarm("orders-1", "CPUUtilization")];
    let (w, r) = (member("orders-1", "us-east-1a", true), member("orders-2", "us-east-1b", false));
    assert_eq!(judge_cluster(&c, &[&w, &r], &cpu), Posture::default());
    let same = member("orders-2", "us-east-1a", false);
    let p = judge_cluster(&c, &[&w, &same], &cpu);
    assert_eq!(rules(&p), [RuleId::AuroraSingleAz]);
    assert_eq!(&*p.findings[0].message, "every reader is in us-east-1a, the writer's AZ");
    let alone = cluster(&[("orders-1", true)]);
    assert_eq!(rules(&judge_cluster(&alone, &[&w], &cpu)), [RuleId::AuroraSingleAz]);
    let p = judge_cluster(&c, &[&w, &same], &[]);
    assert!(p.has(RuleId::AlarmsMissing));
}

#[test]
fn aurora_cluster_level_settings_are_judged_on_the_cluster() {
    let mut c = cluster(&[("orders-1", true), ("orders-2", false)]);
    c.deletion_protection = Some(false);
    c.master_secret_arn = None;
    c.backup_retention_days = Some(3);
    c.storage_encrypted = Some(false);
    let cpu = [alarm("orders-1", "CPUUtilization")];
    let (w, r) = (member("orders-1", "us-east-1a", true), member("orders-2", "us-east-1b", false));
    let p = judge_cluster(&c, &[&w, &r], &cpu);
    assert_eq!(
        rules(&p),
        [
            RuleId::StorageUnencrypted,
            RuleId::BackupRetentionShort,
            RuleId::DeletionProtectionOff,
            RuleId::MasterPasswordUnmanaged
        ]
    );
    let member_posture = judge(&w);
    assert!(member_posture.findings.is_empty(), "members are not judged on cluster settings: {member_posture:?}");
}

#[test]
fn a_customer_key_must_rotate_and_the_aws_managed_key_need_not() {
    let mut db = good("db", DbRole::Primary);
    db.hardening.kms_rotation = Some(false);
    assert_eq!(judge(&db).findings.iter().map(|f| f.rule).collect::<Vec<_>>(), [RuleId::KmsRotationOff]);
    let aws_key = DbInstance { kms_key_aws_managed: Some(true), ..db.clone() };
    assert!(!judge(&aws_key).has(RuleId::KmsRotationOff), "AWS rotates its managed keys");
    let plain = DbInstance { storage_encrypted: Some(false), ..db };
    assert!(!judge(&plain).has(RuleId::KmsRotationOff));
}

#[test]
fn tls_not_required_is_critical_on_a_public_endpoint_and_says_where_it_comes_from() {
    let mut db = good("db", DbRole::Primary);
    db.hardening.tls = TlsRequirement::from_group("postgres", Some("13.4"), "default.postgres13", None);
    let private = judge(&db);
    let finding = private.findings.iter().find(|f| f.rule == RuleId::TlsNotRequired).unwrap();
    assert_eq!(finding.level, Level::Warn);
    assert_eq!(
        &*finding.message,
        "TLS is not required: default.postgres13 does not set rds.force_ssl: the engine default, off"
    );
    db.publicly_accessible = Some(true);
    let public = judge(&db);
    assert_eq!(
        public.findings.iter().find(|f| f.rule == RuleId::TlsNotRequired).map(|f| f.level),
        Some(Level::Critical)
    );
    db.hardening.tls = None;
    assert!(judge(&db).unknown.iter().any(|u| u.rule == RuleId::TlsNotRequired));
}

#[test]
fn dr_backups_older_than_the_rpo_are_stale() {
    let mut db = good("db", DbRole::Primary);
    assert!(!judge(&db).has(RuleId::DrBackupStale), "ten minutes old");
    let dr = db.hardening.dr_backup.as_mut().unwrap();
    dr.latest_restorable = Some(now() - Duration::minutes(75));
    let stale = judge(&db);
    let finding = stale.findings.iter().find(|f| f.rule == RuleId::DrBackupStale).unwrap();
    assert_eq!(&*finding.message, "newest restorable backup in us-west-2 is 1h15m old, over the 1h00m RPO");
    db.hardening.dr_backup = None;
    assert!(judge(&db).unknown.iter().any(|u| u.rule == RuleId::DrBackupStale), "not looked up: not evaluated");
    db.backup_replica_regions = Some(Vec::new());
    let p = judge(&db);
    assert!(!p.has(RuleId::DrBackupStale) && !p.unknown.iter().any(|u| u.rule == RuleId::DrBackupStale));
}
