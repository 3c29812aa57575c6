//! Security groups against moto: an instance whose group lets `0.0.0.0/0` in on 5432 fires
//! `db-port-open-to-world`; one whose group admits a private CIDR on 5432 (and the world on
//! another port only) passes it, evaluated; and 250 distinct groups cost two
//! `DescribeSecurityGroups` calls on the first fleet refresh and none on the next.

use aws_sdk_ec2::types::{IpPermission, IpRange};
use opsdeck::cloud::Inventory;
use opsdeck::cloud::aws::security_group_calls;
use opsdeck::cloud::model::Scope;
use opsdeck::posture::RuleId;

use super::judged::{finding, message, not_evaluated, report};
use super::{adapter, moto, sdk, seed};

const OPEN: RuleId = RuleId::DbPortOpenToWorld;

/// A security group with one TCP ingress rule per (port, CIDR); its id.
async fn group(ec2: &aws_sdk_ec2::Client, name: &str, rules: &[(i32, &str)]) -> String {
    let created = ec2.create_security_group().group_name(name).description("shop db").send().await.unwrap();
    let id = created.group_id.unwrap();
    let permissions = rules.iter().map(|(port, cidr)| {
        IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(*port)
            .to_port(*port)
            .ip_ranges(IpRange::builder().cidr_ip(*cidr).build())
            .build()
    });
    ec2.authorize_security_group_ingress()
        .group_id(&id)
        .set_ip_permissions(Some(permissions.collect()))
        .send()
        .await
        .unwrap();
    id
}

async fn instance(rds: &aws_sdk_rds::Client, id: &str, group: &str) {
    seed::bare_postgres(rds, id).vpc_security_group_ids(group).send().await.unwrap();
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn a_group_open_to_the_world_on_the_db_port_fires() {
    let region = "me-south-1";
    let config = sdk(moto(), region).await;
    let (rds, ec2) = (aws_sdk_rds::Client::new(&config), aws_sdk_ec2::Client::new(&config));
    let sg = group(&ec2, "reports-temp", &[(5432, "0.0.0.0/0")]).await;
    instance(&rds, "net-open", &sg).await;
    let report = report(region).await;
    let expected = format!("port 5432 is open to the world: {sg} (reports-temp) admits 0.0.0.0/0 on 5432");
    assert_eq!(message(&report, "net-open", OPEN), Some(expected.as_str()), "{report:#?}");
    let open = finding(&report, "net-open", OPEN).unwrap();
    assert_eq!(open.level, opsdeck::judging::Level::Critical);
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn a_group_restricted_to_a_cidr_passes() {
    let region = "ap-east-1";
    let config = sdk(moto(), region).await;
    let (rds, ec2) = (aws_sdk_rds::Client::new(&config), aws_sdk_ec2::Client::new(&config));
    let sg = group(&ec2, "shop-db", &[(5432, "10.20.0.0/16"), (22, "0.0.0.0/0")]).await;
    instance(&rds, "net-private", &sg).await;
    let report = report(region).await;
    assert_eq!(message(&report, "net-private", OPEN), None, "{report:#?}");
    assert!(!not_evaluated(&report, "net-private", OPEN), "evaluated: {report:#?}");
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn distinct_groups_are_looked_up_two_hundred_to_a_call_and_then_kept() {
    let region = "af-south-1";
    let config = sdk(moto(), region).await;
    let (rds, ec2) = (aws_sdk_rds::Client::new(&config), aws_sdk_ec2::Client::new(&config));
    // 250 instances, each behind a group of its own: 250 distinct groups.
    for n in 0..250 {
        let sg = group(&ec2, &format!("calls-{n:03}"), &[(5432, "10.0.0.0/8")]).await;
        instance(&rds, &format!("calls-{n:03}"), &sg).await;
    }
    let aws = adapter(moto(), &[region]).await;
    let scope = Scope::region(region);
    let fleet = aws.db_fleet(&scope).await.unwrap();
    assert_eq!(fleet.instances.len(), 250);
    assert!(fleet.instances.iter().all(|db| db.hardening.open_to_world == Some(Vec::new())), "{fleet:#?}");
    let calls = || aws.usage().unwrap().calls("EC2", "DescribeSecurityGroups");
    assert_eq!(calls(), security_group_calls(250) as u64);
    assert_eq!(calls(), 2, "200 ids to a call");
    aws.db_fleet(&scope).await.unwrap();
    assert_eq!(calls(), 2, "the next refresh within the hour asks for none");
}
