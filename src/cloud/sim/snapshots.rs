//! Manual DB and cluster snapshots and their cross-region copies.
//!
//! A snapshot exists from the moment it is asked for: `creating` (a cross-region copy:
//! `copying`) while `PercentProgress` climbs, then `available` at 100 %. Creating takes two to
//! three virtual minutes, more for bigger storage; a copy to another region three to four and a
//! half. The instance or cluster shows `backing-up` for the first half-minute. Identifiers are
//! stored in lower case, as RDS stores them.

use crate::cloud::CloudError;
use crate::cloud::model::{DbSnapshot, DbStatus, ResourceKey, SnapshotKind, Timestamp};

use super::REGIONS;
use super::interventions::Action;
use super::noise::{at_secs, hash, key_of, secs_of};
use super::snapshot_record::{Origin, SnapshotRecord};
use super::world::{Moment, World};

/// How long the source shows `backing-up` after a snapshot starts.
pub(super) const BACKING_UP_SECS: f64 = 30.0;
/// Storage (GiB) from which a snapshot takes the longest; smaller ones are quicker.
const LARGE_GIB: f64 = 2000.0;
/// Aurora reports no allocated storage; its cluster volume is taken as this big.
const AURORA_GIB: u32 = 200;

/// Checks an identifier the way RDS does and returns it in lower case.
fn checked_id(id: &str) -> Result<String, CloudError> {
    let valid = id.len() <= 255
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !id.ends_with('-')
        && !id.contains("--");
    if valid {
        Ok(id.to_ascii_lowercase())
    } else {
        let message = format!(
            "InvalidParameterValue: The parameter DBSnapshotIdentifier is not a valid identifier ({id}). Identifiers \
             must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a \
             hyphen or contain two consecutive hyphens."
        );
        Err(CloudError::Other { message })
    }
}

/// Seconds a snapshot of `gib` takes: `base`, plus up to `extra` for the largest storage.
fn duration(gib: u32, base: f64, extra: f64, jitter: u64) -> f64 {
    base + extra * (f64::from(gib) / LARGE_GIB).min(1.0) + (jitter % 10) as f64
}

impl World {
    /// The snapshot `id` of `kind` in `region` and when it was made, if made by `tau`.
    pub fn snapshot_record(
        &self,
        region: &str,
        id: &str,
        kind: SnapshotKind,
        tau: f64,
    ) -> Option<(f64, SnapshotRecord)> {
        let id = id.to_ascii_lowercase();
        self.journal
            .find(tau, |at, action| match action {
                Action::Snapshot(r) if r.region == region && r.id == id && r.kind == kind => Some((at, r.clone())),
                _ => None,
            })
            .pop()
    }

    /// `DescribeDBSnapshots` / `DescribeDBClusterSnapshots` for one identifier at `now`.
    pub fn describe_snapshot(
        &self,
        key: &ResourceKey,
        kind: SnapshotKind,
        now: Timestamp,
    ) -> Result<DbSnapshot, CloudError> {
        let tau = secs_of(now) - self.t0_secs();
        let (made, record) = self.snapshot_record(&key.scope.region, &key.id, kind, tau).ok_or_else(|| {
            let what = match kind {
                SnapshotKind::Instance => format!("DB snapshot {key}"),
                SnapshotKind::Cluster => format!("DB cluster snapshot {key}"),
            };
            CloudError::NotFound { what }
        })?;
        Ok(record.describe(tau - made, at_secs(made + self.t0_secs())))
    }

    /// Whether a snapshot of `origin` started less than [`BACKING_UP_SECS`] before `tau`.
    pub fn snapshot_starting(&self, origin: &Origin, tau: f64) -> bool {
        let recent = self.journal.find(tau, |at, action| match action {
            Action::Snapshot(r) if r.origin == *origin && tau - at < BACKING_UP_SECS => Some(()),
            _ => None,
        });
        !recent.is_empty()
    }

    fn ensure_new(&self, region: &str, id: &str, kind: SnapshotKind, tau: f64) -> Result<(), CloudError> {
        if self.snapshot_record(region, id, kind, tau).is_none() {
            return Ok(());
        }
        let message = match kind {
            SnapshotKind::Instance => format!(
                "DBSnapshotAlreadyExists: Cannot create the snapshot because a snapshot with the identifier {id} \
                 already exists."
            ),
            SnapshotKind::Cluster => format!(
                "DBClusterSnapshotAlreadyExistsFault: Cannot create the cluster snapshot because one with the \
                 identifier {id} already exists."
            ),
        };
        Err(CloudError::Other { message })
    }

    fn jitter(&self, name: &str, tau: f64) -> u64 {
        hash(&[self.seed, key_of(name), (tau * 1000.0) as u64])
    }

    /// Checks `CreateDBSnapshot` of the instance `key` at `m`.
    pub fn plan_db_snapshot(&self, key: &ResourceKey, snapshot_id: &str, m: &Moment) -> Result<Action, CloudError> {
        let id = checked_id(snapshot_id)?;
        let (idx, instance) = self.db_now(key, m)?;
        if let Some(c) = self.dbs[idx].cluster {
            let message = format!(
                "InvalidDBInstanceState: {} is a member of the Aurora cluster {}; snapshot the cluster with \
                 CreateDBClusterSnapshot.",
                instance.id, self.clusters[c].base.id
            );
            return Err(CloudError::Other { message });
        }
        if !matches!(instance.status, DbStatus::Available | DbStatus::BackingUp | DbStatus::Stopped) {
            let message = format!(
                "InvalidDBInstanceState: Cannot create a snapshot because the database instance {} is not currently \
                 in the available state (it is {}).",
                instance.id, instance.status
            );
            return Err(CloudError::Other { message });
        }
        self.ensure_new(&key.scope.region, &id, SnapshotKind::Instance, m.tau)?;
        let storage_gib = instance.allocated_storage_gib.unwrap_or(100);
        let takes = duration(storage_gib, 120.0, 60.0, self.jitter(&id, m.tau));
        let encrypted = instance.storage_encrypted == Some(true);
        let (region, kind, origin) = (key.scope.region.clone(), SnapshotKind::Instance, Origin::Instance(idx));
        Ok(Action::Snapshot(SnapshotRecord { region, id, kind, origin, takes, encrypted, storage_gib }))
    }

    /// Checks `CreateDBClusterSnapshot` of the cluster `key` at `m`.
    pub fn plan_cluster_snapshot(
        &self,
        key: &ResourceKey,
        snapshot_id: &str,
        m: &Moment,
    ) -> Result<Action, CloudError> {
        let id = checked_id(snapshot_id)?;
        let c = self.cluster_for(key)?;
        let cluster = self.cluster_at(c, m);
        if !matches!(cluster.status, DbStatus::Available | DbStatus::BackingUp) {
            let message = format!(
                "InvalidDBClusterStateFault: Cannot create a snapshot because the DB cluster {} is not in the \
                 available state (it is {}).",
                cluster.id, cluster.status
            );
            return Err(CloudError::Other { message });
        }
        self.ensure_new(&key.scope.region, &id, SnapshotKind::Cluster, m.tau)?;
        let takes = duration(AURORA_GIB, 120.0, 60.0, self.jitter(&id, m.tau));
        let encrypted = cluster.storage_encrypted == Some(true);
        let (region, kind, origin) = (key.scope.region.clone(), SnapshotKind::Cluster, Origin::Cluster(c));
        Ok(Action::Snapshot(SnapshotRecord { region, id, kind, origin, takes, encrypted, storage_gib: AURORA_GIB }))
    }

    /// Checks `CopyDBSnapshot` of `source` into `target.0`, named `target.1`, at `m`.
    pub fn plan_copy(
        &self,
        source: &ResourceKey,
        target: (&str, &str),
        kms: Option<&str>,
        m: &Moment,
    ) -> Result<Action, CloudError> {
        let (target_region, id) = (target.0, checked_id(target.1)?);
        let region = &source.scope.region;
        let (made, original) = self
            .snapshot_record(region, &source.id, SnapshotKind::Instance, m.tau)
            .ok_or_else(|| CloudError::NotFound { what: format!("DB snapshot {source}") })?;
        if m.tau - made < original.takes {
            let message = format!(
                "InvalidDBSnapshotState: Cannot copy DB snapshot {} because it is not in the available state.",
                original.id
            );
            return Err(CloudError::Other { message });
        }
        check_copy_target(&original, target_region, kms)?;
        self.ensure_new(target_region, &id, SnapshotKind::Instance, m.tau)?;
        let takes = duration(original.storage_gib, 180.0, 90.0, self.jitter(&id, m.tau));
        Ok(Action::Snapshot(SnapshotRecord {
            region: target_region.to_owned(),
            id,
            kind: SnapshotKind::Instance,
            origin: Origin::Copy { region: region.clone(), id: original.id },
            takes,
            encrypted: original.encrypted || kms.is_some(),
            storage_gib: original.storage_gib,
        }))
    }
}

/// A copy goes to a region the account uses, and an encrypted one to another region needs a
/// KMS key of that region.
fn check_copy_target(original: &SnapshotRecord, target_region: &str, kms: Option<&str>) -> Result<(), CloudError> {
    let message = if !REGIONS.contains(&target_region) {
        format!("InvalidParameterValue: {target_region} is not a region this account can copy to.")
    } else if original.encrypted && target_region != original.region && kms.is_none() {
        "InvalidParameterCombination: KmsKeyId must be specified to copy an encrypted DB snapshot to another region."
            .to_owned()
    } else if let Some(kms) =
        kms.filter(|k| k.starts_with("arn:aws:kms:") && !k.starts_with(&format!("arn:aws:kms:{target_region}:")))
    {
        format!("KMSKeyNotAccessibleFault: The KMS key {kms} is not in {target_region}.")
    } else {
        return Ok(());
    };
    Err(CloudError::Other { message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_follow_the_rds_rules() {
        assert_eq!(checked_id("opsdeck-Shop-20261127T150000Z").ok().as_deref(), Some("opsdeck-shop-20261127t150000z"));
        for bad in ["", "1abc", "a--b", "a-", "a_b", "a.b"] {
            assert!(checked_id(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn bigger_storage_takes_longer() {
        assert!(duration(100, 120.0, 60.0, 9) < duration(1000, 120.0, 60.0, 0));
        assert!((duration(5000, 120.0, 60.0, 0) - 180.0).abs() < 1e-9);
    }
}
