//! KMS and parameter groups against moto: a fleet seeded with a customer key that does not
//! rotate, the AWS managed `aws/rds` key and a group that turns TLS off fires the rules; one with
//! a rotating key and a group that requires TLS passes them.

use aws_sdk_rds::types::{ApplyMethod, Parameter};
use opsdeck::posture::RuleId;

use super::judged::{message, not_evaluated, report};
use super::{moto, sdk, seed};

/// A customer managed key, rotating or not; its ARN.
async fn key(kms: &aws_sdk_kms::Client, rotating: bool) -> String {
    let meta = kms.create_key().description("shop data").send().await.unwrap().key_metadata.unwrap();
    if rotating {
        kms.enable_key_rotation().key_id(meta.key_id()).send().await.unwrap();
    }
    meta.arn.unwrap()
}

/// The ARN of the key `alias/aws/rds` points at in `region`.
async fn aws_rds_key(kms: &aws_sdk_kms::Client, region: &str) -> String {
    let aliases = kms.list_aliases().send().await.unwrap();
    let alias = aliases.aliases().iter().find(|a| a.alias_name() == Some("alias/aws/rds")).unwrap();
    format!("arn:aws:kms:{region}:{}:key/{}", seed::ACCOUNT, alias.target_key_id().unwrap())
}

/// A PostgreSQL 16 parameter group that sets `rds.force_ssl`.
async fn group(rds: &aws_sdk_rds::Client, name: &str, force_ssl: &str) {
    rds.create_db_parameter_group()
        .db_parameter_group_name(name)
        .db_parameter_group_family("postgres16")
        .description("shop")
        .send()
        .await
        .unwrap();
    let param = Parameter::builder()
        .parameter_name("rds.force_ssl")
        .parameter_value(force_ssl)
        .apply_method(ApplyMethod::Immediate)
        .build();
    rds.modify_db_parameter_group().db_parameter_group_name(name).parameters(param).send().await.unwrap();
}

async fn instance(rds: &aws_sdk_rds::Client, id: &str, kms_key: &str, group: Option<&str>) {
    seed::bare_postgres(rds, id)
        .storage_encrypted(true)
        .kms_key_id(kms_key)
        .set_db_parameter_group_name(group.map(str::to_owned))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn a_key_that_does_not_rotate_the_aws_managed_key_and_tls_off_fire() {
    let region = "ap-south-1";
    let config = sdk(moto(), region).await;
    let (rds, kms) = (aws_sdk_rds::Client::new(&config), aws_sdk_kms::Client::new(&config));
    group(&rds, "shop-tls-off", "0").await;
    instance(&rds, "hard-static-key", &key(&kms, false).await, Some("shop-tls-off")).await;
    instance(&rds, "hard-aws-key", &aws_rds_key(&kms, region).await, None).await;
    let report = report(region).await;
    assert_eq!(
        message(&report, "hard-static-key", RuleId::KmsRotationOff),
        Some("the customer KMS key does not rotate")
    );
    assert_eq!(
        message(&report, "hard-static-key", RuleId::TlsNotRequired),
        Some("TLS is not required: rds.force_ssl = 0 in shop-tls-off")
    );
    assert!(message(&report, "hard-static-key", RuleId::DefaultKmsKey).is_none(), "a customer key");
    assert!(message(&report, "hard-aws-key", RuleId::DefaultKmsKey).is_some(), "{report:#?}");
    assert!(message(&report, "hard-aws-key", RuleId::KmsRotationOff).is_none(), "AWS rotates its own keys");
    // Created without a group, moto reports a default one: PostgreSQL 16's default requires TLS.
    assert!(message(&report, "hard-aws-key", RuleId::TlsNotRequired).is_none(), "{report:#?}");
    assert!(!not_evaluated(&report, "hard-aws-key", RuleId::TlsNotRequired));
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn a_rotating_customer_key_and_a_group_that_requires_tls_pass() {
    let region = "ap-southeast-2";
    let config = sdk(moto(), region).await;
    let (rds, kms) = (aws_sdk_rds::Client::new(&config), aws_sdk_kms::Client::new(&config));
    group(&rds, "shop-tls-on", "1").await;
    instance(&rds, "hard-rotating", &key(&kms, true).await, Some("shop-tls-on")).await;
    let report = report(region).await;
    for rule in [RuleId::KmsRotationOff, RuleId::TlsNotRequired, RuleId::DefaultKmsKey] {
        assert!(message(&report, "hard-rotating", rule).is_none(), "{rule}: {report:#?}");
        assert!(!not_evaluated(&report, "hard-rotating", rule), "{rule} evaluated: {report:#?}");
    }
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn more_keys_and_groups_than_are_asked_at_once_each_judge_their_own_instance() {
    // Ten instances, each with a key and a group of its own, more than the eight lookups of each
    // kind the adapter has in flight at once: every answer must land on the instance it is of.
    let region = "ap-northeast-2";
    let config = sdk(moto(), region).await;
    let (rds, kms) = (aws_sdk_rds::Client::new(&config), aws_sdk_kms::Client::new(&config));
    for i in 0..10 {
        let (rotating, tls) = (i % 2 == 0, i % 3 == 0);
        let name = format!("shop-many-{i}");
        group(&rds, &name, if tls { "1" } else { "0" }).await;
        instance(&rds, &format!("many-{i}"), &key(&kms, rotating).await, Some(&name)).await;
    }
    let report = report(region).await;
    for i in 0..10 {
        let (id, rotating, tls) = (format!("many-{i}"), i % 2 == 0, i % 3 == 0);
        let rotation = message(&report, &id, RuleId::KmsRotationOff);
        assert_eq!(rotation.is_none(), rotating, "{id}: {rotation:?}");
        let expected = format!("TLS is not required: rds.force_ssl = 0 in shop-many-{i}");
        let found = message(&report, &id, RuleId::TlsNotRequired);
        assert_eq!(found, (!tls).then_some(expected.as_str()), "{id}");
        for rule in [RuleId::KmsRotationOff, RuleId::TlsNotRequired] {
            assert!(!not_evaluated(&report, &id, rule), "{id} {rule} evaluated: {report:#?}");
        }
    }
}
