//! Hand-made resources for the rule and report tests: a database that passes every posture
//! rule, to be spoiled one fact at a time, and alarms on it.

use chrono::{Duration, TimeZone, Utc};

use crate::cloud::model::{
    Alarm, AlarmState, CaCertificate, DbInstance, DbRole, DbStatus, DrBackup, Hardening, Timestamp, TlsRequirement,
};

pub fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap()
}

/// A primary that passes every posture rule.
pub fn good(id: &str, role: DbRole) -> DbInstance {
    DbInstance {
        id: id.to_owned(),
        resource_id: None,
        engine: "postgres".to_owned(),
        engine_version: None,
        class: None,
        role,
        replicas: Vec::new(),
        region: "us-east-1".to_owned(),
        az: Some("us-east-1a".to_owned()),
        secondary_az: Some("us-east-1b".to_owned()),
        status: DbStatus::Available,
        multi_az: Some(true),
        storage_encrypted: Some(true),
        kms_key_id: Some("arn:aws:kms:us-east-1:123456789012:key/k".to_owned()),
        kms_key_aws_managed: Some(false),
        publicly_accessible: Some(false),
        backup_retention_days: Some(14),
        backup_replica_regions: Some(vec!["us-west-2".to_owned()]),
        deletion_protection: Some(true),
        performance_insights: Some(true),
        ca_certificate: Some(CaCertificate {
            id: "rds-ca-rsa2048-g1".to_owned(),
            valid_until: Some(now() + Duration::days(300)),
        }),
        master_secret_arn: Some("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db".to_owned()),
        allocated_storage_gib: None,
        created: None,
        hardening: Hardening {
            parameter_group: Some("app-postgres".to_owned()),
            kms_rotation: Some(true),
            tls: Some(TlsRequirement { required: true, source: "rds.force_ssl = 1 in app-postgres".to_owned() }),
            dr_backup: Some(DrBackup {
                region: "us-west-2".to_owned(),
                latest_restorable: Some(now() - Duration::minutes(10)),
            }),
            security_groups: vec!["sg-1".to_owned()],
            port: Some(5432),
            open_to_world: Some(Vec::new()),
        },
    }
}

pub fn alarm(id: &str, metric: &str) -> Alarm {
    Alarm {
        name: format!("{id}-{metric}"),
        region: "us-east-1".to_owned(),
        state: AlarmState::Ok,
        reason: None,
        updated: None,
        namespace: Some("AWS/RDS".to_owned()),
        metric: Some(metric.to_owned()),
        dimensions: vec![("DBInstanceIdentifier".to_owned(), id.to_owned())],
        comparison: None,
        threshold: None,
        actions_enabled: true,
    }
}
