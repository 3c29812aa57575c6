//! Generated services that fill the fleet up to `--fleet-size`, to try opsdeck at scale.
//!
//! Instance `i` is `svc-NNNN-db`; every choice about it (region, engine, class, settings, load)
//! is a hash of (seed, i), so the same seed gives the same fleet. About one in five is a read
//! replica of an earlier primary in its region; every tenth gets an Auto Scaling Group.

use std::collections::HashMap;

use chrono::Duration;

use crate::cloud::model::{Comparison, DbInstance, DbMetric, DbRole, DbStatus, Timestamp, class_vcpus};

use super::fleet::Fleet;
use super::hardening::{default_group, dr_backup, hardened};
use super::names::{ca_certificate, kms_key_arn, master_secret_arn, resource_id};
use super::noise::{hash, key_of, mix, unit};
use super::platform_ops::{db_alarm, group, group_cpu_alarm};
use super::spec::{DbSpec, EAST, Lag, Profile, WEST, Workload};

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

const ENGINES: [(&str, &str, f64); 5] = [
    ("postgres", "16.4", 0.35),
    ("postgres", "15.8", 0.15),
    ("postgres", "14.13", 0.10),
    ("mysql", "8.0.39", 0.30),
    ("mariadb", "10.11.9", 0.10),
];
const CLASSES: [&str; 9] = [
    "db.t4g.medium",
    "db.m6g.large",
    "db.m6g.xlarge",
    "db.r6g.large",
    "db.r6g.xlarge",
    "db.r6g.2xlarge",
    "db.r7g.xlarge",
    "db.m7g.2xlarge",
    "db.r6g.4xlarge",
];
const STORAGE_GIB: [u32; 7] = [20, 50, 100, 200, 500, 1000, 2000];
const BACKUP_DAYS: [u32; 5] = [1, 7, 7, 14, 35];

/// An independent draw in `[0, 1)` for decision `n` about instance `h`.
fn draw(h: u64, n: u64) -> f64 {
    unit(mix(h ^ n.wrapping_mul(0x9E37_79B9)))
}

/// An independent draw in `[lo, hi)` for decision `n` about instance `h`.
fn span(h: u64, n: u64, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * draw(h, n)
}

fn pick<T: Copy>(h: u64, n: u64, items: &[T]) -> T {
    items[(mix(h ^ n.wrapping_mul(0x85EB_CA6B)) % items.len() as u64) as usize]
}

fn pick_engine(h: u64) -> (&'static str, &'static str) {
    let mut roll = draw(h, 1);
    for (engine, version, share) in ENGINES {
        if roll < share {
            return (engine, version);
        }
        roll -= share;
    }
    ("postgres", "16.4")
}

fn profile(h: u64, storage_gib: u32, class: &str, replica: bool) -> Profile {
    let hot = draw(h, 20) < 0.03;
    let vcpu = class_vcpus(class).unwrap_or(2.0);
    Profile {
        cpu_base: if hot { span(h, 21, 70.0, 92.0) } else { span(h, 22, 4.0, 45.0) },
        conns_base: span(h, 23, 5.0, 280.0),
        max_conns: (vcpu * 600.0).min(5000.0),
        read_iops: span(h, 24, 30.0, 3000.0),
        write_iops: span(h, 25, 10.0, 1500.0),
        lag: replica.then(|| Lag { base: span(h, 26, 0.2, 8.0), exponent: span(h, 27, 1.0, 1.6) }),
        storage_bytes: f64::from(storage_gib) * GIB,
        free_frac: span(h, 28, 0.12, 0.85),
        growth_per_day: f64::from(storage_gib) * GIB * span(h, 29, 0.001, 0.006),
        sensitivity: span(h, 30, 0.0, 0.6),
    }
}

/// The other region automated backups are copied to, when they are.
fn backup_copies(region: &str, replicated: bool) -> Vec<String> {
    let other = if region == EAST { WEST } else { EAST };
    if replicated { vec![other.to_owned()] } else { Vec::new() }
}

/// The instance's static description, dated back from `t0`; `source` is its primary when it
/// is a replica.
fn instance(t0: Timestamp, i: usize, h: u64, source: Option<&DbInstance>) -> DbInstance {
    let region = source.map_or_else(|| if draw(h, 2) < 0.65 { EAST } else { WEST }.to_owned(), |s| s.region.clone());
    let letters = ["a", "b", "c"];
    let az_at = |n: u64| format!("{region}{}", letters[((mix(h ^ 3) + n) % 3) as usize]);
    let (engine, version) = if let Some(s) = source {
        (s.engine.clone(), s.engine_version.clone())
    } else {
        let (engine, version) = pick_engine(h);
        (engine.to_owned(), Some(version.to_owned()))
    };
    let id = format!("svc-{i:04}-db");
    let multi_az = source.is_none() && draw(h, 4) < 0.4;
    let encrypted = draw(h, 5) < 0.85;
    let backup = if source.is_some() { 0 } else { pick(h, 7, &BACKUP_DAYS) };
    let ca_days = if draw(h, 9) < 0.04 { span(h, 10, 3.0, 30.0) } else { span(h, 11, 60.0, 400.0) };
    let aws_managed = encrypted.then(|| draw(h, 31) < 0.2);
    let copies = backup_copies(&region, backup > 0 && draw(h, 32) < 0.3);
    let mut hardening = if draw(h, 33) < 0.6 {
        hardened(&engine, version.as_deref(), &format!("svc-{engine}"))
    } else {
        let major = version.as_deref().and_then(|v| v.split('.').next()).unwrap_or_default();
        default_group(&engine, version.as_deref(), &format!("{engine}{major}"))
    };
    hardening.kms_rotation = (aws_managed == Some(false)).then(|| draw(h, 34) < 0.8);
    hardening.dr_backup = copies.first().map(|r| dr_backup(r));
    DbInstance {
        resource_id: Some(resource_id(&id)),
        engine,
        engine_version: version,
        class: source.map_or_else(|| Some(pick(h, 6, &CLASSES).to_owned()), |s| s.class.clone()),
        role: source.map_or(DbRole::Primary, |s| DbRole::Replica { source: s.id.clone() }),
        replicas: Vec::new(),
        az: Some(az_at(0)),
        secondary_az: multi_az.then(|| az_at(1)),
        status: DbStatus::Available,
        multi_az: Some(multi_az),
        storage_encrypted: Some(encrypted),
        kms_key_id: encrypted.then(|| kms_key_arn(&region, pick(h, 8, &["svc-data", "svc-data-2", "platform"]))),
        kms_key_aws_managed: aws_managed,
        publicly_accessible: Some(draw(h, 12) < 0.03),
        backup_retention_days: Some(backup),
        backup_replica_regions: Some(copies),
        deletion_protection: Some(draw(h, 13) < 0.5),
        performance_insights: Some(draw(h, 14) < 0.55),
        ca_certificate: Some(ca_certificate(t0, ca_days as i64)),
        master_secret_arn: (source.is_none() && draw(h, 15) < 0.7).then(|| master_secret_arn(&region, &id)),
        allocated_storage_gib: source.map_or_else(|| Some(pick(h, 16, &STORAGE_GIB)), |s| s.allocated_storage_gib),
        created: t0.checked_sub_signed(Duration::days(span(h, 17, 30.0, 3650.0) as i64)),
        hardening,
        region,
        id,
    }
}

fn spec(fleet: &Fleet, seed: u64, t0: Timestamp, i: usize, source: Option<usize>) -> DbSpec {
    let h = hash(&[seed, i as u64, 0x5EC]);
    let base = instance(t0, i, h, source.map(|s| &fleet.dbs[s].base));
    let storage = base.allocated_storage_gib.unwrap_or(100);
    let class = base.class.clone().unwrap_or_default();
    let backs_up = base.backup_retention_days.unwrap_or(0) > 0;
    DbSpec {
        key: key_of(&format!("{}/{}", base.region, base.id)),
        profile: profile(h, storage, &class, source.is_some()),
        workload: Workload::Generic,
        source,
        cluster: None,
        stopped: source.is_none() && draw(h, 18) < 0.01,
        backup_minute: backs_up.then_some(((h >> 20) % 1440) as u32),
        slow_query: false,
        base,
    }
}

fn add_instances(fleet: &mut Fleet, seed: u64, t0: Timestamp, count: usize) -> Vec<usize> {
    let mut last_primary: HashMap<String, usize> = HashMap::new();
    let mut added = Vec::with_capacity(count);
    for i in 1..=count {
        let h = hash(&[seed, i as u64, 0x5EC]);
        let home = if draw(h, 2) < 0.65 { EAST } else { WEST };
        let source = (draw(h, 19) < 0.2).then(|| last_primary.get(home).copied()).flatten();
        let spec = spec(fleet, seed, t0, i, source);
        let id = spec.base.id.clone();
        let region = spec.base.region.clone();
        let idx = fleet.add_db(spec);
        match source {
            Some(s) => fleet.dbs[s].base.replicas.push(id),
            None => {
                last_primary.insert(region, idx);
            }
        }
        added.push(idx);
    }
    added
}

/// Adds `count` generated instances, a group per ten and alarms in proportion; `seed` picks
/// every choice and `t0` dates them.
pub(super) fn populate(fleet: &mut Fleet, seed: u64, t0: Timestamp, count: usize) {
    let added = add_instances(fleet, seed, t0, count);
    let mut alarms = Vec::new();
    for (n, &idx) in added.iter().enumerate() {
        let i = n + 1;
        let (region, id) = (fleet.dbs[idx].base.region.clone(), fleet.dbs[idx].base.id.clone());
        if i % 4 == 0 && fleet.dbs[idx].source.is_none() {
            alarms.extend(db_alarm(
                fleet,
                &region,
                &format!("{id}-cpu-high"),
                &id,
                DbMetric::Cpu,
                (Comparison::Greater, 80.0),
            ));
        }
        if i % 10 == 0 {
            let h = hash(&[seed, i as u64, 0xA56]);
            let min = 1 + (h % 3) as u32;
            let max = min + 2 + (mix(h) % 11) as u32;
            let name = format!("svc-{i:04}-asg");
            let base_units = span(h, 1, 1.0, f64::from(max) * 0.6);
            fleet.add_group(group(&name, &region, (min, max, base_units), span(h, 2, 0.0, 0.6)));
            alarms.extend(group_cpu_alarm(fleet, &region, &name, 75.0));
        }
    }
    for alarm in alarms {
        fleet.add_alarm(alarm);
    }
}
