//! What Performance Insights reports for an instance, asked once per instance and kept:
//! `GetResourceMetadata` (features and their status, the Database Insights mode among them)
//! and `ListAvailableResourceDimensions` for `db.load` (which dimension groups the engine
//! has: blocking, execution plans and lock snapshots among them), and the per-statement
//! statistics each engine names.
//!
//! When either call fails (an older role without the permission, say), everything is offered,
//! as before these calls existed, and the answer is kept all the same: the refresh stays at
//! its three calls.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use aws_sdk_pi::Client;
use aws_sdk_pi::types::{FeatureMetadata, FeatureStatus, ServiceType};

use super::errors::classify;
use super::pi_query::{LOAD, Target};
use crate::cloud::CloudError;
use crate::cloud::model::{Capabilities, Dimension, InsightsMode};

/// What each instance (by `DbiResourceId`) reports, once asked.
pub type Known = Mutex<HashMap<String, Capabilities>>;

/// The group blocking is read from; an engine without it reports no blocking.
pub const BLOCKING_SQL: &str = "db.blocking_sql";
/// The group of a statement's execution plans.
pub const EXECUTION_PLAN: &str = "db.execution_plan";
/// The group of Aurora's lock snapshots.
pub const LOCK_SNAPSHOT: &str = "db.lock_snapshot";

/// Pages of `ListAvailableResourceDimensions` read at most (one is the norm).
const MAX_PAGES: usize = 4;

/// The `AdditionalMetrics` names of an engine's per-statement statistics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatNames {
    pub calls_per_sec: Option<&'static str>,
    pub rows_per_call: Option<&'static str>,
    pub latency_ms: Option<&'static str>,
}

impl StatNames {
    /// PostgreSQL's `pg_stat_statements` and MySQL's digest table, as PI names them.
    pub fn for_engine(engine: &str, capabilities: &Capabilities) -> Self {
        if capabilities.no_sql_stats.is_some() {
            return Self::default();
        }
        if engine.contains("postgres") {
            Self {
                calls_per_sec: Some("db.sql_tokenized.stats.calls_per_sec.avg"),
                rows_per_call: Some("db.sql_tokenized.stats.rows_per_call.avg"),
                latency_ms: Some("db.sql_tokenized.stats.total_time_per_call.avg"),
            }
        } else if engine.contains("mysql") || engine.contains("mariadb") {
            Self {
                calls_per_sec: Some("db.sql_tokenized.stats.count_star_per_sec.avg"),
                rows_per_call: Some("db.sql_tokenized.stats.sum_rows_sent_per_call.avg"),
                latency_ms: Some("db.sql_tokenized.stats.sum_timer_wait_per_call.avg"),
            }
        } else {
            Self::default()
        }
    }

    /// The names to send, or `None` for none.
    pub fn requested(self) -> Option<Vec<String>> {
        let names: Vec<String> = [self.calls_per_sec, self.rows_per_call, self.latency_ms]
            .into_iter()
            .flatten()
            .map(str::to_owned)
            .collect();
        (!names.is_empty()).then_some(names)
    }
}

/// Capabilities from what the two calls said (`None`: that call failed, so nothing is ruled out).
pub fn map(
    features: Option<&HashMap<String, FeatureMetadata>>,
    groups: Option<&[String]>,
    engine: &str,
) -> Capabilities {
    let missing = groups.map_or_else(Vec::new, |groups| {
        Dimension::ALL
            .into_iter()
            .filter(|d| !groups.iter().any(|g| g == d.group()))
            .map(|d| (d, format!("{} is not reported by this engine ({engine})", d.group())))
            .collect()
    });
    let mode = features.and_then(|features| {
        let (_, advanced) = features.iter().find(|(name, _)| name.to_ascii_lowercase().contains("advanced"))?;
        match advanced.status()? {
            FeatureStatus::Enabled | FeatureStatus::EnabledPendingReboot => Some(InsightsMode::Advanced),
            FeatureStatus::Disabled | FeatureStatus::DisabledPendingReboot => Some(InsightsMode::Standard),
            _ => None,
        }
    });
    let statistics = engine.contains("postgres") || engine.contains("mysql") || engine.contains("mariadb");
    let no_sql_stats = if let Some((_, why)) = missing.iter().find(|(d, _)| *d == Dimension::Sql) {
        Some(why.clone())
    } else if statistics {
        None
    } else {
        Some(format!("per-statement statistics are not reported by this engine ({engine})"))
    };
    let no_blocking = groups
        .filter(|groups| !groups.iter().any(|g| g == BLOCKING_SQL))
        .map(|_| format!("blocking is not reported by this engine ({engine})"));
    let has = |group: &str, documented: bool| groups.map_or(documented, |groups| groups.iter().any(|g| g == group));
    let no_plans = (!has(EXECUTION_PLAN, plans_documented(engine)))
        .then(|| format!("execution plans are not reported by this engine ({engine})"));
    let lock_snapshots = has(LOCK_SNAPSHOT, engine == "aurora-postgresql");
    Capabilities { mode, missing, no_sql_stats, no_blocking, no_plans, lock_snapshots }
}

/// The engines AWS documents execution plans for (Oracle and SQL Server on RDS, Aurora): what
/// is offered when the dimensions the instance reports could not be read.
fn plans_documented(engine: &str) -> bool {
    engine.starts_with("oracle") || engine.starts_with("sqlserver") || engine.starts_with("aurora")
}

async fn groups(client: &Client, resource_id: &str) -> Result<Vec<String>, CloudError> {
    let mut groups = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let output = client
            .list_available_resource_dimensions()
            .service_type(ServiceType::Rds)
            .identifier(resource_id)
            .metrics(LOAD.trim_end_matches(".avg"))
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| classify(&e, "pi:ListAvailableResourceDimensions"))?;
        let found = output
            .metric_dimensions()
            .iter()
            .flat_map(aws_sdk_pi::types::MetricDimensionGroups::groups)
            .filter_map(|g| g.group());
        groups.extend(found.map(str::to_owned));
        match output.next_token() {
            Some(next) => token = Some(next.to_owned()),
            None => break,
        }
    }
    Ok(groups)
}

/// What an instance reports: asked the first time, then from memory.
pub async fn capabilities(client: &Client, target: Target<'_>, known: &Known) -> Capabilities {
    let id = target.resource_id;
    if let Some(c) = known.lock().unwrap_or_else(PoisonError::into_inner).get(id) {
        return c.clone();
    }
    let metadata = client.get_resource_metadata().service_type(ServiceType::Rds).identifier(id).send();
    let (metadata, groups) = tokio::join!(metadata, groups(client, id));
    let metadata = metadata.map_err(|e| classify(&e, "pi:GetResourceMetadata"));
    for error in [metadata.as_ref().err(), groups.as_ref().err()].into_iter().flatten() {
        tracing::warn!(%error, instance = %target.key, "Performance Insights capabilities unknown; offering everything");
    }
    let features = metadata.as_ref().ok().and_then(|m| m.features());
    let capabilities = map(features, groups.as_deref().ok(), target.engine);
    known.lock().unwrap_or_else(PoisonError::into_inner).insert(id.to_owned(), capabilities.clone());
    capabilities
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(status: FeatureStatus) -> FeatureMetadata {
        FeatureMetadata::builder().status(status).build()
    }

    #[test]
    fn a_missing_group_is_said_with_its_engine() {
        let groups: Vec<String> =
            ["db.wait_event", "db.sql_tokenized", "db.host", "db.user", "db"].into_iter().map(str::to_owned).collect();
        let c = map(None, Some(&groups), "mysql");
        assert_eq!(c.why_not(Dimension::Application), Some("db.application is not reported by this engine (mysql)"));
        assert_eq!(c.why_not(Dimension::Host), None);
        assert_eq!(c.no_sql_stats, None);
        assert_eq!(c.mode, None);
    }

    #[test]
    fn nothing_known_offers_everything() {
        let c = map(None, None, "postgres");
        assert!(c.missing.is_empty());
        assert_eq!(StatNames::for_engine("postgres", &c).requested().map(|v| v.len()), Some(3));
    }

    #[test]
    fn engines_without_statistics_ask_for_none() {
        let c = map(None, None, "oracle-ee");
        assert!(c.no_sql_stats.is_some());
        assert_eq!(StatNames::for_engine("oracle-ee", &c).requested(), None);
    }

    #[test]
    fn plans_and_lock_snapshots_follow_the_reported_groups() {
        let groups: Vec<String> = ["db.wait_event", "db.sql_tokenized", "db.execution_plan", "db.lock_snapshot"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let c = map(None, Some(&groups), "postgres");
        assert_eq!((c.no_plans, c.lock_snapshots), (None, true));
        let c = map(None, Some(&groups[..2]), "aurora-postgresql");
        assert_eq!(c.no_plans.as_deref(), Some("execution plans are not reported by this engine (aurora-postgresql)"));
        assert!(!c.lock_snapshots);
    }

    #[test]
    fn unknown_groups_offer_plans_where_aws_documents_them() {
        assert_eq!(map(None, None, "oracle-ee").no_plans, None);
        assert_eq!(map(None, None, "sqlserver-se").no_plans, None);
        assert!(map(None, None, "aurora-postgresql").lock_snapshots);
        assert!(map(None, None, "mysql").no_plans.is_some());
        assert!(!map(None, None, "postgres").lock_snapshots);
    }

    #[test]
    fn the_advanced_feature_sets_the_mode() {
        let features = HashMap::from([("ADVANCED_DATABASE_INSIGHTS".to_owned(), feature(FeatureStatus::Enabled))]);
        assert_eq!(map(Some(&features), None, "postgres").mode, Some(InsightsMode::Advanced));
        let features = HashMap::from([("ADVANCED_DATABASE_INSIGHTS".to_owned(), feature(FeatureStatus::Disabled))]);
        assert_eq!(map(Some(&features), None, "postgres").mode, Some(InsightsMode::Standard));
        let features = HashMap::from([("SOMETHING_ELSE".to_owned(), feature(FeatureStatus::from("UNKNOWN")))]);
        assert_eq!(map(Some(&features), None, "postgres").mode, None);
    }
}
