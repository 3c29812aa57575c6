//! How fresh a primary's backups are in its DR region: `DescribeDBInstanceAutomatedBackups` in
//! that region (every page, one listing per region), the replicated backup of the primary found
//! by its source region and identifier, and its `RestoreWindow.LatestTime`. Each region's listing
//! is kept for `REFRESH`; a failed one is asked again after `RETRY` and leaves the primary's fact
//! None (rule `dr-backup-stale` not evaluated).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use aws_sdk_rds::types::DbInstanceAutomatedBackup;
use chrono::Duration;
use futures_util::future::join_all;

use super::convert::opt_time;
use super::errors::classify;
use crate::cloud::CloudError;
use crate::cloud::model::{DbFleet, DrBackup, Scope, Timestamp};

/// Backups age by the minute, so the listing is kept shorter than KMS or parameter facts.
const REFRESH: Duration = Duration::minutes(10);
const RETRY: Duration = Duration::minutes(5);

/// (source region, instance id, newest restorable time) of every backup listed in a region.
type Listing = Vec<(Option<String>, Option<String>, Option<Timestamp>)>;

/// A region's listing until it goes stale; None when it could not be had.
type Cached = (Timestamp, Option<Listing>);

/// Each DR region's listing, by (scope, DR region).
#[derive(Debug, Default)]
pub struct DrBackups(Mutex<HashMap<(Scope, String), Cached>>);

fn entry(b: &DbInstanceAutomatedBackup) -> (Option<String>, Option<String>, Option<Timestamp>) {
    let latest = opt_time(b.restore_window().and_then(|w| w.latest_time()));
    (b.region().map(str::to_owned), b.db_instance_identifier().map(str::to_owned), latest)
}

/// The newest restorable time of `id` of `source_region` in a listing; None when the listing
/// holds no backup of it, or none with a restorable time.
fn latest(listing: &Listing, source_region: &str, id: &str) -> Option<Timestamp> {
    listing
        .iter()
        .filter(|(region, ident, _)| region.as_deref() == Some(source_region) && ident.as_deref() == Some(id))
        .filter_map(|(_, _, latest)| *latest)
        .max()
}

async fn list(rds: &aws_sdk_rds::Client) -> Result<Listing, CloudError> {
    let mut pages = rds.describe_db_instance_automated_backups().into_paginator().send();
    let mut all = Vec::new();
    while let Some(page) = pages.try_next().await.map_err(|e| classify(&e, "rds:DescribeDBInstanceAutomatedBackups"))? {
        all.extend(page.db_instance_automated_backups().iter().map(entry));
    }
    Ok(all)
}

/// The listing of each DR region a fleet's primaries replicate their backups to, as read or
/// cached: `None` for one that could not be had.
#[derive(Debug, Default)]
pub struct ListingsRead(HashMap<String, Option<Listing>>);

impl ListingsRead {
    /// Sets `hardening.dr_backup` of each primary whose backups are replicated.
    pub fn apply(&self, fleet: &mut DbFleet) {
        for db in fleet.instances_mut() {
            let Some(region) = db.backup_replica_regions.as_ref().and_then(|r| r.first()) else { continue };
            let Some(Some(listing)) = self.0.get(region) else { continue };
            let latest_restorable = latest(listing, &db.region, &db.id);
            db.hardening.dr_backup = Some(DrBackup { region: region.clone(), latest_restorable });
        }
    }
}

impl DrBackups {
    /// A DR region's listing, from the cache or asked now.
    async fn listing(
        &self,
        scope: &Scope,
        region: String,
        now: Timestamp,
        rds_in: &impl Fn(&str) -> aws_sdk_rds::Client,
    ) -> (String, Option<Listing>) {
        let key = (scope.clone(), region.clone());
        let cached = self.0.lock().unwrap_or_else(PoisonError::into_inner).get(&key).cloned();
        let listing = match cached {
            Some((until, listing)) if until > now => listing,
            _ => {
                let listing =
                    list(&rds_in(&region)).await.map_err(|e| tracing::debug!("DR backups in {region}: {e}")).ok();
                let until = now + if listing.is_some() { REFRESH } else { RETRY };
                self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(key, (until, listing.clone()));
                listing
            }
        };
        (region, listing)
    }

    /// The listings of the DR regions of a scope's fleet, each region's asked at once when not
    /// cached; `rds_in` gives an RDS client of the scope's profile in another region.
    pub async fn look_up(
        &self,
        scope: &Scope,
        fleet: &DbFleet,
        now: Timestamp,
        rds_in: impl Fn(&str) -> aws_sdk_rds::Client,
    ) -> ListingsRead {
        let mut regions: Vec<String> =
            fleet.instances.iter().filter_map(|db| db.backup_replica_regions.as_ref()?.first().cloned()).collect();
        regions.sort_unstable();
        regions.dedup();
        let asked: Vec<_> = regions.into_iter().map(|region| self.listing(scope, region, now, &rds_in)).collect();
        ListingsRead(join_all(asked).await.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_rds::types::{DbInstanceAutomatedBackup, RestoreWindow};
    use aws_smithy_types::DateTime;

    use super::*;

    fn backup(region: &str, id: &str, latest: Option<i64>) -> DbInstanceAutomatedBackup {
        let window = RestoreWindow::builder().set_latest_time(latest.map(DateTime::from_secs)).build();
        DbInstanceAutomatedBackup::builder().region(region).db_instance_identifier(id).restore_window(window).build()
    }

    #[test]
    fn the_primary_s_replicated_backup_is_found_by_source_region_and_identifier() {
        let listing: Listing = [
            backup("us-east-1", "shop-prod-db", Some(1_700_000_000)),
            backup("eu-west-1", "shop-prod-db", Some(1_700_009_999)),
            backup("us-east-1", "orders", None),
        ]
        .iter()
        .map(entry)
        .collect();
        let at = |secs| chrono::DateTime::from_timestamp(secs, 0);
        assert_eq!(latest(&listing, "us-east-1", "shop-prod-db"), at(1_700_000_000), "not the other region's");
        assert_eq!(latest(&listing, "us-east-1", "orders"), None, "listed, nothing restorable yet");
        assert_eq!(latest(&listing, "us-east-1", "legacy"), None, "not replicated there");
    }
}
