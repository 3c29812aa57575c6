//! Snapshots on the simulator: they exist at once, climb through `PercentProgress` in virtual
//! time and become available; copies appear in the target region; refusals read like RDS's.

use std::time::Duration;

use super::*;
use crate::cloud::Operations;
use crate::cloud::model::{DbSnapshot, SnapshotKind};
use crate::cloud::sim::names::kms_key_arn;

async fn snapshot(s: &Simulator, key: &ResourceKey, kind: SnapshotKind) -> DbSnapshot {
    s.db_snapshot(key, kind).await.unwrap_or_else(|e| panic!("{key}: {e}"))
}

/// Advances in 5 s steps until the snapshot is available, checking progress only rises.
async fn wait_available(s: &Simulator, clock: &SimClock, key: &ResourceKey, kind: SnapshotKind, busy: &str) -> u64 {
    let (mut waited, mut last) = (0, 0);
    loop {
        let snap = snapshot(s, key, kind).await;
        if snap.is_available() {
            assert_eq!(snap.progress_percent, Some(100));
            return waited;
        }
        assert_eq!(snap.status, busy);
        let progress = snap.progress_percent.unwrap_or(0);
        assert!(progress >= last && progress < 100, "{last} -> {progress}");
        last = progress;
        clock.advance(Duration::from_secs(5));
        waited += 5;
        assert!(waited < 600, "{key} still {} after {waited}s", snap.status);
    }
}

#[tokio::test(start_paused = true)]
async fn a_db_snapshot_is_creating_then_available() {
    let (s, clock) = sim(Scenario::Steady);
    let db = ResourceKey::new(east(), "shop-prod-db");
    let snap = ResourceKey::new(east(), "opsdeck-shop-prod-db-20261127-150000");
    assert!(matches!(s.db_snapshot(&snap, SnapshotKind::Instance).await, Err(CloudError::NotFound { .. })));
    let receipt = s.create_db_snapshot(&db, &snap.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(receipt.request_id.is_some());
    let first = snapshot(&s, &snap, SnapshotKind::Instance).await;
    assert_eq!((first.status.as_str(), first.progress_percent, first.created), ("creating", Some(0), Some(start())));
    assert_eq!(instance(&s, &east(), "shop-prod-db").await.status, DbStatus::BackingUp);
    clock.advance(MINUTE);
    let midway = snapshot(&s, &snap, SnapshotKind::Instance).await;
    assert!(midway.progress_percent.is_some_and(|p| (25..=50).contains(&p)), "{midway:?}");
    assert_eq!(instance(&s, &east(), "shop-prod-db").await.status, DbStatus::Available);
    let waited = 60 + wait_available(&s, &clock, &snap, SnapshotKind::Instance, "creating").await;
    assert!((150..=165).contains(&waited), "1000 GiB took {waited}s");
    let again = s.create_db_snapshot(&db, "OPSDECK-shop-prod-db-20261127-150000").await;
    assert!(
        matches!(&again, Err(CloudError::Other { message }) if message.starts_with("DBSnapshotAlreadyExists")),
        "{again:?}"
    );
    assert!(matches!(s.db_snapshot(&snap, SnapshotKind::Cluster).await, Err(CloudError::NotFound { .. })));
}

#[tokio::test(start_paused = true)]
async fn bigger_storage_takes_longer_and_clusters_snapshot_too() {
    let (s, clock) = sim(Scenario::Steady);
    let small = ResourceKey::new(east(), "legacy-before-upgrade");
    let large = ResourceKey::new(east(), "prod-before-upgrade");
    let cluster = ResourceKey::new(east(), "catalog-before-upgrade");
    assert!(s.create_db_snapshot(&ResourceKey::new(east(), "legacy-reports-2014"), &small.id).await.is_ok());
    assert!(s.create_db_snapshot(&ResourceKey::new(east(), "shop-prod-db"), &large.id).await.is_ok());
    assert!(s.create_cluster_snapshot(&ResourceKey::new(east(), "shop-catalog"), &cluster.id).await.is_ok());
    let fleet = s.db_fleet(&east()).await.unwrap_or_default();
    assert_eq!(fleet.clusters[0].status, DbStatus::BackingUp);
    clock.advance(Duration::from_secs(140));
    assert!(snapshot(&s, &small, SnapshotKind::Instance).await.is_available());
    assert_eq!(snapshot(&s, &large, SnapshotKind::Instance).await.status, "creating");
    let waited = 140 + wait_available(&s, &clock, &cluster, SnapshotKind::Cluster, "creating").await;
    assert!((120..=180).contains(&waited), "cluster took {waited}s");
    assert_eq!(s.db_fleet(&east()).await.unwrap_or_default().clusters[0].status, DbStatus::Available);
}

#[tokio::test(start_paused = true)]
async fn snapshot_requests_are_checked() {
    let (s, _) = sim(Scenario::Steady);
    let ghost = s.create_db_snapshot(&ResourceKey::new(east(), "ghost"), "snap-1").await;
    assert!(matches!(ghost, Err(CloudError::NotFound { .. })));
    let ghost = s.create_cluster_snapshot(&ResourceKey::new(east(), "ghost"), "snap-1").await;
    assert!(matches!(ghost, Err(CloudError::NotFound { .. })));
    let member = s.create_db_snapshot(&ResourceKey::new(east(), "shop-catalog-1"), "snap-1").await;
    assert!(
        matches!(&member, Err(CloudError::Other { message }) if message.contains("CreateDBClusterSnapshot")),
        "{member:?}"
    );
    let bad = s.create_db_snapshot(&ResourceKey::new(east(), "shop-prod-db"), "2026--snap").await;
    assert!(
        matches!(&bad, Err(CloudError::Other { message }) if message.starts_with("InvalidParameterValue")),
        "{bad:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_copy_appears_in_the_dr_region() {
    let (s, clock) = sim(Scenario::Steady);
    let source = ResourceKey::new(east(), "opsdeck-shop-prod-db-1");
    let copy = ResourceKey::new(west(), "opsdeck-shop-prod-db-1-dr");
    let west_key = kms_key_arn("us-west-2", "shop-data");
    let missing = s.copy_db_snapshot(&source, "us-west-2", &copy.id, Some(&west_key)).await;
    assert!(matches!(missing, Err(CloudError::NotFound { .. })), "{missing:?}");
    assert!(s.create_db_snapshot(&ResourceKey::new(east(), "shop-prod-db"), &source.id).await.is_ok());
    let early = s.copy_db_snapshot(&source, "us-west-2", &copy.id, Some(&west_key)).await;
    assert!(
        matches!(&early, Err(CloudError::Other { message }) if message.starts_with("InvalidDBSnapshotState")),
        "{early:?}"
    );
    clock.advance(MINUTE * 4);
    let keyless = s.copy_db_snapshot(&source, "us-west-2", &copy.id, None).await;
    assert!(matches!(&keyless, Err(CloudError::Other { message }) if message.contains("KmsKeyId")), "{keyless:?}");
    let east_key = kms_key_arn("us-east-1", "shop-data");
    let wrong = s.copy_db_snapshot(&source, "us-west-2", &copy.id, Some(&east_key)).await;
    assert!(matches!(&wrong, Err(CloudError::Other { message }) if message.contains("not in us-west-2")), "{wrong:?}");
    assert!(s.copy_db_snapshot(&source, "us-west-2", &copy.id, Some(&west_key)).await.is_ok());
    assert!(matches!(
        s.db_snapshot(&ResourceKey::new(east(), &copy.id), SnapshotKind::Instance).await,
        Err(CloudError::NotFound { .. })
    ));
    let first = snapshot(&s, &copy, SnapshotKind::Instance).await;
    assert_eq!((first.status.as_str(), first.progress_percent), ("copying", Some(0)));
    let waited = wait_available(&s, &clock, &copy, SnapshotKind::Instance, "copying").await;
    assert!((180..=290).contains(&waited), "copy took {waited}s");
    assert!(snapshot(&s, &source, SnapshotKind::Instance).await.is_available());
}
