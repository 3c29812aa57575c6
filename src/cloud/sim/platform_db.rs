//! The platform's databases, as the team that runs the shop would recognise them.
//!
//! `shop-prod-db` is the Multi-AZ Postgres primary with a BI replica next to it and a DR
//! replica in us-west-2; `shop-catalog` is an Aurora cluster; `legacy-reports-2014` is the
//! instance nobody dares to touch, and every one of its settings says so.

use chrono::{TimeZone, Utc};

use crate::cloud::model::{DbCluster, DbInstance, DbRole, DbStatus, Hardening, Timestamp};

use super::fleet::Fleet;
use super::hardening::{default_group, dr_backup, hardened, open_to_the_world};
use super::names::{ca_certificate, db_arn, kms_key_arn, master_secret_arn, resource_id};
use super::noise::key_of;
use super::spec::{ClusterSpec, DbSpec, EAST, Lag, Profile, WEST, Workload};

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

fn date(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<Timestamp> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single()
}

/// An encrypted, protected, private Postgres instance; callers adjust what differs.
fn instance(id: &str, class: &str, region: &str, az: &str) -> DbInstance {
    DbInstance {
        id: id.to_owned(),
        resource_id: Some(resource_id(id)),
        engine: "postgres".to_owned(),
        engine_version: Some("16.4".to_owned()),
        class: Some(class.to_owned()),
        role: DbRole::Primary,
        replicas: Vec::new(),
        region: region.to_owned(),
        az: Some(az.to_owned()),
        secondary_az: None,
        status: DbStatus::Available,
        multi_az: Some(false),
        storage_encrypted: Some(true),
        kms_key_id: Some(kms_key_arn(region, "shop-data")),
        kms_key_aws_managed: Some(false),
        publicly_accessible: Some(false),
        backup_retention_days: Some(7),
        backup_replica_regions: Some(Vec::new()),
        deletion_protection: Some(true),
        performance_insights: Some(true),
        ca_certificate: None,
        master_secret_arn: Some(master_secret_arn(region, id)),
        allocated_storage_gib: None,
        created: None,
        hardening: hardened("postgres", Some("16.4"), "shop-postgres16"),
    }
}

/// Profile of a shop database at traffic 1, sized by storage and load.
fn profile(cpu: f64, conns: f64, read: f64, write: f64, lag: Option<Lag>, storage_gib: f64) -> Profile {
    Profile {
        cpu_base: cpu,
        conns_base: conns,
        max_conns: 5000.0,
        read_iops: read,
        write_iops: write,
        lag,
        storage_bytes: storage_gib * GIB,
        free_frac: 0.42,
        growth_per_day: 3.0 * GIB,
        sensitivity: 1.0,
    }
}

fn spec(base: DbInstance, profile: Profile, workload: Workload) -> DbSpec {
    let key = key_of(&format!("{}/{}", base.region, base.id));
    DbSpec {
        base,
        key,
        profile,
        workload,
        source: None,
        cluster: None,
        stopped: false,
        backup_minute: None,
        slow_query: false,
    }
}

fn shop_prod_db(t0: Timestamp) -> DbSpec {
    let base = DbInstance {
        replicas: vec!["shop-prod-analytics".to_owned(), db_arn(WEST, "shop-prod-db-dr")],
        secondary_az: Some("us-east-1b".to_owned()),
        multi_az: Some(true),
        backup_retention_days: Some(14),
        backup_replica_regions: Some(vec![WEST.to_owned()]),
        ca_certificate: Some(ca_certificate(t0, 294)),
        allocated_storage_gib: Some(1000),
        created: date(2021, 3, 14, 9, 22, 31),
        hardening: Hardening {
            dr_backup: Some(dr_backup(WEST)),
            ..hardened("postgres", Some("16.4"), "shop-postgres16")
        },
        ..instance("shop-prod-db", "db.r6g.2xlarge", EAST, "us-east-1a")
    };
    let mut spec = spec(base, profile(28.0, 240.0, 2400.0, 1300.0, None, 1000.0), Workload::Oltp);
    spec.backup_minute = Some(3 * 60 + 10);
    spec.slow_query = true;
    spec
}

fn shop_prod_analytics(t0: Timestamp) -> DbSpec {
    let base = DbInstance {
        role: DbRole::Replica { source: "shop-prod-db".to_owned() },
        backup_retention_days: Some(0),
        ca_certificate: Some(ca_certificate(t0, 294)),
        allocated_storage_gib: Some(1000),
        created: date(2022, 6, 1, 13, 5, 10),
        master_secret_arn: None,
        ..instance("shop-prod-analytics", "db.r6g.xlarge", EAST, "us-east-1c")
    };
    let lag = Lag { base: 3.0, exponent: 2.0 };
    spec(base, profile(35.0, 45.0, 3800.0, 1250.0, Some(lag), 1000.0), Workload::Reporting)
}

fn shop_prod_db_dr(t0: Timestamp) -> DbSpec {
    let base = DbInstance {
        role: DbRole::Replica { source: db_arn(EAST, "shop-prod-db") },
        ca_certificate: Some(ca_certificate(t0, 301)),
        allocated_storage_gib: Some(1000),
        created: date(2023, 1, 20, 16, 12, 44),
        master_secret_arn: None,
        ..instance("shop-prod-db-dr", "db.r6g.2xlarge", WEST, "us-west-2a")
    };
    let lag = Lag { base: 15.0, exponent: 1.1 };
    spec(base, profile(12.0, 4.0, 150.0, 1300.0, Some(lag), 1000.0), Workload::Oltp)
}

fn legacy_reports(t0: Timestamp) -> DbSpec {
    let base = DbInstance {
        engine: "mysql".to_owned(),
        engine_version: Some("5.7.44".to_owned()),
        storage_encrypted: Some(false),
        kms_key_id: None,
        kms_key_aws_managed: None,
        publicly_accessible: Some(true),
        backup_retention_days: Some(1),
        deletion_protection: Some(false),
        performance_insights: Some(false),
        ca_certificate: Some(ca_certificate(t0, 17)),
        master_secret_arn: None,
        allocated_storage_gib: Some(100),
        created: date(2014, 9, 17, 22, 41, 7),
        hardening: open_to_the_world(default_group("mysql", Some("5.7.44"), "mysql5.7"), "mysql"),
        ..instance("legacy-reports-2014", "db.m4.large", EAST, "us-east-1a")
    };
    let profile = Profile {
        max_conns: 600.0,
        free_frac: 0.145,
        growth_per_day: 0.35 * GIB,
        sensitivity: 0.0,
        ..profile(18.0, 38.0, 320.0, 90.0, None, 100.0)
    };
    let mut spec = spec(base, profile, Workload::Generic);
    spec.backup_minute = Some(6 * 60);
    spec
}

/// Aurora members report local (temporary) storage, not the cluster volume.
fn aurora_profile(cpu: f64, conns: f64, read: f64, write: f64, lag: Option<Lag>) -> Profile {
    Profile {
        max_conns: 2700.0,
        free_frac: 0.82,
        growth_per_day: 0.02 * GIB,
        ..profile(cpu, conns, read, write, lag, 64.0)
    }
}

fn catalog_member(t0: Timestamp, n: u32, az: &str) -> DbSpec {
    let id = format!("shop-catalog-{n}");
    let base = DbInstance {
        engine: "aurora-postgresql".to_owned(),
        role: DbRole::ClusterReader { cluster: "shop-catalog".to_owned() },
        backup_retention_days: Some(7),
        ca_certificate: Some(ca_certificate(t0, 321)),
        master_secret_arn: None,
        created: date(2023, 2, 8, 10, 30 + n, 0),
        ..instance(&id, "db.r6g.xlarge", EAST, az)
    };
    let reader = aurora_profile(22.0, 140.0, 900.0, 20.0, Some(Lag { base: 0.02, exponent: 0.5 }));
    spec(base, reader, Workload::Catalog)
}

fn catalog_cluster() -> DbCluster {
    DbCluster {
        id: "shop-catalog".to_owned(),
        engine: "aurora-postgresql".to_owned(),
        engine_version: Some("16.4".to_owned()),
        region: EAST.to_owned(),
        status: DbStatus::Available,
        members: Vec::new(),
        multi_az: Some(true),
        storage_encrypted: Some(true),
        kms_key_id: Some(kms_key_arn(EAST, "shop-data")),
        kms_key_aws_managed: Some(false),
        backup_retention_days: Some(7),
        deletion_protection: Some(true),
        master_secret_arn: Some(master_secret_arn(EAST, "shop-catalog")),
        hardening: hardened("aurora-postgresql", Some("16.4"), "shop-aurora-postgres16"),
    }
}

fn add_catalog(fleet: &mut Fleet, t0: Timestamp) {
    let cluster = fleet.clusters.len();
    let members: Vec<usize> = [(1, "us-east-1a"), (2, "us-east-1b"), (3, "us-east-1c")]
        .into_iter()
        .map(|(n, az)| {
            let mut member = catalog_member(t0, n, az);
            member.cluster = Some(cluster);
            fleet.add_db(member)
        })
        .collect();
    let spares = (0..super::spec::SPARES)
        .map(|n| {
            let mut spare = catalog_member(t0, 4 + n, "us-east-1a");
            (spare.cluster, spare.backup_minute) = (Some(cluster), None);
            fleet.add_spare(spare)
        })
        .collect();
    let writer_profile = aurora_profile(30.0, 180.0, 1500.0, 600.0, None);
    fleet.add_cluster(ClusterSpec { base: catalog_cluster(), members, writer_profile, spares });
}

/// Adds the platform's instances and cluster, their certificates dated from `t0`; sources go
/// before their replicas.
pub(super) fn populate(fleet: &mut Fleet, t0: Timestamp) {
    fleet.add_db(shop_prod_db(t0));
    fleet.add_db(shop_prod_analytics(t0));
    add_catalog(fleet, t0);
    fleet.add_db(legacy_reports(t0));
    fleet.add_db(shop_prod_db_dr(t0));
}
