//! RDS events: `DescribeEvents` for `db-instance` and for `db-cluster` sources, every page of
//! each (`Marker`), from where the scope's `EventLog` says the last fetch left off: the last
//! hour at first, then only what is new. Text is escaped as it is mapped: event messages are
//! written by RDS, but identifiers are the account's, and neither may reach a terminal as control.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use aws_sdk_rds::Client;
use aws_sdk_rds::types::{Event as SdkEvent, SourceType};

use super::convert::{opt_time, sdk_time};
use super::errors::classify;
use super::planner::EVENTS_PAGE;
use crate::cloud::CloudError;
use crate::cloud::model::{DbEvent, EventLog, EventSource, Scope, Timestamp};
use crate::printable::escape;

/// Each scope's events so far.
#[derive(Debug, Default)]
pub struct EventLogs(Mutex<HashMap<Scope, EventLog>>);

impl EventLogs {
    fn since(&self, scope: &Scope, now: Timestamp) -> Timestamp {
        let logs = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        logs.get(scope).map_or_else(|| EventLog::default().since(now), |log| log.since(now))
    }

    fn merge(&self, scope: &Scope, asked: Timestamp, fetched: Vec<DbEvent>) -> Vec<DbEvent> {
        let mut logs = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let log = logs.entry(scope.clone()).or_default();
        log.merge(asked, fetched);
        log.events().to_vec()
    }
}

/// Maps one event; `None` without a date (nothing to place it by). The source is the event's
/// own type, or the one asked for when RDS leaves it out.
pub fn event(e: &SdkEvent, asked: EventSource) -> Option<DbEvent> {
    let source = match e.source_type() {
        Some(SourceType::DbCluster) => EventSource::Cluster,
        Some(SourceType::DbInstance) => EventSource::Instance,
        _ => asked,
    };
    let text = |s: Option<&str>| escape(s.unwrap_or_default()).into_owned();
    Some(DbEvent {
        at: opt_time(e.date())?,
        source,
        source_id: text(e.source_identifier()),
        categories: e.event_categories().iter().map(|c| escape(c).into_owned()).collect(),
        message: text(e.message()),
        arn: e.source_arn().map(|a| escape(a).into_owned()),
    })
}

/// Every event of one source type from `since`, every page.
async fn of_type(client: &Client, source: EventSource, since: Timestamp) -> Result<Vec<DbEvent>, CloudError> {
    let source_type = match source {
        EventSource::Instance => SourceType::DbInstance,
        EventSource::Cluster => SourceType::DbCluster,
    };
    let request = client.describe_events().source_type(source_type).start_time(sdk_time(since));
    let mut pages = request.max_records(EVENTS_PAGE).into_paginator().send();
    let mut all = Vec::new();
    while let Some(page) = pages.try_next().await.map_err(|e| classify(&e, "rds:DescribeEvents"))? {
        let mapped = page.events().iter().filter_map(|e| event(e, source));
        all.extend(mapped);
        let undated = page.events().iter().filter(|e| e.date().is_none()).count();
        if undated > 0 {
            tracing::debug!(undated, "RDS events without a date left out");
        }
    }
    Ok(all)
}

/// A scope's recent events, oldest first: what is new since the last fetch, folded into what
/// was fetched before.
pub async fn fetch(
    client: &Client,
    logs: &EventLogs,
    scope: &Scope,
    now: Timestamp,
) -> Result<Vec<DbEvent>, CloudError> {
    let since = logs.since(scope, now);
    let (instances, clusters) = futures_util::future::join(
        of_type(client, EventSource::Instance, since),
        of_type(client, EventSource::Cluster, since),
    )
    .await;
    let mut fetched = instances?;
    fetched.extend(clusters?);
    Ok(logs.merge(scope, now, fetched))
}
