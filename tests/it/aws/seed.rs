//! Seeding moto through the SDK, the way a real account gets its resources.

use aws_sdk_autoscaling::Client as AutoScaling;
use aws_sdk_cloudwatch::Client as CloudWatch;
use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, MetricDatum, StateValue, Statistic};
use aws_sdk_rds::Client as Rds;
use aws_sdk_rds::operation::create_db_instance::builders::CreateDBInstanceFluentBuilder;
use aws_smithy_types::DateTime;

/// moto's account.
pub const ACCOUNT: &str = "123456789012";

/// A PostgreSQL 16 instance with nothing but what CreateDBInstance requires; callers add the
/// settings their test is about.
pub fn bare_postgres(rds: &Rds, id: &str) -> CreateDBInstanceFluentBuilder {
    rds.create_db_instance()
        .db_instance_identifier(id)
        .db_instance_class("db.r6g.large")
        .engine("postgres")
        .engine_version("16.3")
        .allocated_storage(100)
        .master_username("admin")
        .master_user_password("not-a-secret-1")
}

pub async fn postgres(rds: &Rds, id: &str, az: Option<&str>, multi_az: bool) {
    bare_postgres(rds, id)
        .set_availability_zone(az.map(str::to_owned))
        .multi_az(multi_az)
        .storage_encrypted(true)
        .kms_key_id(format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/shop-data"))
        .backup_retention_period(7)
        .deletion_protection(true)
        .publicly_accessible(false)
        .enable_performance_insights(true)
        .send()
        .await
        .unwrap();
}

pub async fn replica(rds: &Rds, id: &str, source: &str, az: Option<&str>) {
    rds.create_db_instance_read_replica()
        .db_instance_identifier(id)
        .source_db_instance_identifier(source)
        .db_instance_class("db.r6g.large")
        .set_availability_zone(az.map(str::to_owned))
        .send()
        .await
        .unwrap();
}

/// An Aurora PostgreSQL cluster with a writer and a reader.
pub async fn aurora(rds: &Rds, cluster: &str) {
    rds.create_db_cluster()
        .db_cluster_identifier(cluster)
        .engine("aurora-postgresql")
        .master_username("admin")
        .master_user_password("not-a-secret-1")
        .storage_encrypted(true)
        .backup_retention_period(14)
        .send()
        .await
        .unwrap();
    for member in [format!("{cluster}-1"), format!("{cluster}-2")] {
        rds.create_db_instance()
            .db_instance_identifier(member)
            .db_cluster_identifier(cluster)
            .engine("aurora-postgresql")
            .db_instance_class("db.r6g.xlarge")
            .send()
            .await
            .unwrap();
    }
}

/// `primaries` primaries with `replicas_each` same-region replicas each. One request at a time:
/// moto's RDS is not thread-safe within a region (a describe during a create can fail with
/// "OrderedDict mutated during iteration").
pub async fn many(rds: &Rds, prefix: &str, primaries: usize, replicas_each: usize) {
    for p in 0..primaries {
        let primary = format!("{prefix}-{p:03}");
        postgres(rds, &primary, None, false).await;
        for r in 0..replicas_each {
            replica(rds, &format!("{primary}-r{r:03}"), &primary, None).await;
        }
    }
}

/// Auto Scaling Groups `web` (2 of 1–4) and `api` (1 of 1–3) over two AZs.
pub async fn groups(asg: &AutoScaling, region: &str) {
    asg.create_launch_configuration()
        .launch_configuration_name("opsdeck-lc")
        .image_id("ami-12c6146b")
        .instance_type("t3.micro")
        .send()
        .await
        .unwrap();
    for (name, min, desired, max) in [("web", 1, 2, 4), ("api", 1, 1, 3)] {
        asg.create_auto_scaling_group()
            .auto_scaling_group_name(name)
            .launch_configuration_name("opsdeck-lc")
            .min_size(min)
            .desired_capacity(desired)
            .max_size(max)
            .availability_zones(format!("{region}a"))
            .availability_zones(format!("{region}b"))
            .send()
            .await
            .unwrap();
    }
}

/// One value per minute for the last `minutes` minutes (oldest first), at most 100 per request.
pub async fn series(cw: &CloudWatch, namespace: &str, (name, value): (&str, &str), metric: &str, values: &[f64]) {
    let now = chrono::Utc::now().timestamp() / 60 * 60;
    let last = i64::try_from(values.len()).unwrap() - 1;
    let data: Vec<MetricDatum> = (0_i64..)
        .zip(values)
        .map(|(i, &v)| {
            let at = now - 60 * (last - i);
            MetricDatum::builder()
                .metric_name(metric)
                .dimensions(Dimension::builder().name(name).value(value).build())
                .timestamp(DateTime::from_secs(at))
                .value(v)
                .build()
        })
        .collect();
    for chunk in data.chunks(100) {
        cw.put_metric_data().namespace(namespace).set_metric_data(Some(chunk.to_vec())).send().await.unwrap();
    }
}

/// An alarm on an instance metric, forced into `state`.
pub async fn alarm(
    cw: &CloudWatch,
    name: &str,
    (instance, metric): (&str, &str),
    rule: (ComparisonOperator, f64),
    state: StateValue,
) {
    cw.put_metric_alarm()
        .alarm_name(name)
        .namespace("AWS/RDS")
        .metric_name(metric)
        .dimensions(Dimension::builder().name("DBInstanceIdentifier").value(instance).build())
        .statistic(Statistic::Average)
        .period(60)
        .evaluation_periods(3)
        .comparison_operator(rule.0)
        .threshold(rule.1)
        .send()
        .await
        .unwrap();
    cw.set_alarm_state()
        .alarm_name(name)
        .state_value(state)
        .state_reason(format!("seeded {name}"))
        .send()
        .await
        .unwrap();
}
