//! `opsdeck check` against a fleet seeded in moto: what was seeded is what the report says.

use std::time::Duration;

use opsdeck::check::{self, EXIT_CRITICAL};
use opsdeck::judging::Thresholds;
use opsdeck::posture::{PostureSettings, RuleId};

use super::{adapter, moto, sdk, seed};

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn the_check_reports_what_was_seeded() {
    let moto = moto();
    let region = "eu-north-1";
    let config = sdk(moto, region).await;
    let rds = aws_sdk_rds::Client::new(&config);
    seed::postgres(&rds, "check-hardened", None, true).await;
    // The 2014 instance the daily check exists for: nothing of the hardening.
    rds.create_db_instance()
        .db_instance_identifier("check-legacy")
        .db_instance_class("db.m4.large")
        .engine("mysql")
        .engine_version("5.7.44")
        .allocated_storage(100)
        .master_username("admin")
        .master_user_password("not-a-secret-1")
        .multi_az(false)
        .storage_encrypted(false)
        .backup_retention_period(1)
        .deletion_protection(false)
        .publicly_accessible(true)
        .send()
        .await
        .unwrap();
    let aws = adapter(moto, &[region]).await;
    let fetched = check::fetch(&aws, Duration::from_mins(1)).await;
    let report = check::judge(&fetched, &PostureSettings::default(), &Thresholds::default());
    let rules = |id: &str| -> Vec<RuleId> {
        let judged = report.assessed.iter().find(|r| r.key.id == id).unwrap_or_else(|| panic!("{id} not judged"));
        judged.posture.findings.iter().map(|f| f.rule).collect()
    };
    let legacy = rules("check-legacy");
    for rule in [
        RuleId::StorageUnencrypted,
        RuleId::PubliclyAccessible,
        RuleId::NoMultiAz,
        RuleId::BackupRetentionShort,
        RuleId::DeletionProtectionOff,
    ] {
        assert!(legacy.contains(&rule), "legacy misses {rule:?}: {legacy:?}");
    }
    let hardened = rules("check-hardened");
    for rule in
        [RuleId::StorageUnencrypted, RuleId::PubliclyAccessible, RuleId::NoMultiAz, RuleId::DeletionProtectionOff]
    {
        assert!(!hardened.contains(&rule), "hardened flagged {rule:?}: {hardened:?}");
    }
    assert_eq!(report.exit_code(), EXIT_CRITICAL, "unencrypted and public storage are critical");
}
