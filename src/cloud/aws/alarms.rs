//! CloudWatch alarms: `DescribeAlarms` (every page, metric and composite alarms) for the Alarms
//! tab, and `DescribeAlarmHistory` for the one alarm whose detail view is open.

use aws_sdk_cloudwatch::Client;
use aws_sdk_cloudwatch::types::{
    AlarmHistoryItem as SdkHistoryItem, AlarmType, CompositeAlarm, HistoryItemType, MetricAlarm, ScanBy, StateValue,
};

use super::convert::opt_time;
use super::errors::classify;
use crate::cloud::CloudError;
use crate::cloud::model::{Alarm, AlarmHistoryItem, AlarmHistoryKind, AlarmState, Comparison};

/// History entries the detail view shows.
const HISTORY_ENTRIES: i32 = 50;

fn state(raw: Option<&str>) -> AlarmState {
    match raw {
        Some("ALARM") => AlarmState::Alarm,
        Some("OK") => AlarmState::Ok,
        _ => AlarmState::InsufficientData,
    }
}

fn comparison(raw: &str) -> Option<Comparison> {
    match raw {
        "GreaterThanThreshold" => Some(Comparison::Greater),
        "GreaterThanOrEqualToThreshold" => Some(Comparison::GreaterOrEqual),
        "LessThanThreshold" => Some(Comparison::Less),
        "LessThanOrEqualToThreshold" => Some(Comparison::LessOrEqual),
        // Anomaly-detection bands have no single threshold to compare with.
        _ => None,
    }
}

fn metric_alarm(alarm: &MetricAlarm, region: &str) -> Alarm {
    Alarm {
        name: alarm.alarm_name().unwrap_or_default().to_owned(),
        region: region.to_owned(),
        state: state(alarm.state_value().map(StateValue::as_str)),
        reason: alarm.state_reason().map(str::to_owned),
        updated: opt_time(alarm.state_updated_timestamp()),
        namespace: alarm.namespace().map(str::to_owned),
        metric: alarm.metric_name().map(str::to_owned),
        dimensions: alarm
            .dimensions()
            .iter()
            .map(|d| (d.name().unwrap_or_default().to_owned(), d.value().unwrap_or_default().to_owned()))
            .collect(),
        comparison: alarm.comparison_operator().and_then(|c| comparison(c.as_str())),
        threshold: alarm.threshold(),
        // AWS always says; an alarm is created with its actions enabled.
        actions_enabled: alarm.actions_enabled().unwrap_or(true),
    }
}

fn composite_alarm(alarm: &CompositeAlarm, region: &str) -> Alarm {
    Alarm {
        name: alarm.alarm_name().unwrap_or_default().to_owned(),
        region: region.to_owned(),
        state: state(alarm.state_value().map(StateValue::as_str)),
        reason: alarm.state_reason().map(str::to_owned),
        updated: opt_time(alarm.state_updated_timestamp()),
        namespace: None,
        metric: None,
        dimensions: Vec::new(),
        comparison: None,
        threshold: None,
        actions_enabled: alarm.actions_enabled().unwrap_or(true),
    }
}

/// Every alarm of a region.
pub async fn alarms(client: &Client, region: &str) -> Result<Vec<Alarm>, CloudError> {
    let mut pages = client
        .describe_alarms()
        .alarm_types(AlarmType::MetricAlarm)
        .alarm_types(AlarmType::CompositeAlarm)
        .into_paginator()
        .send();
    let mut alarms = Vec::new();
    while let Some(page) = pages.try_next().await.map_err(|e| classify(&e, "cloudwatch:DescribeAlarms"))? {
        alarms.extend(page.metric_alarms().iter().map(|a| metric_alarm(a, region)));
        alarms.extend(page.composite_alarms().iter().map(|a| composite_alarm(a, region)));
    }
    Ok(alarms)
}

/// "Alarm updated from OK to ALARM" → (Ok, Alarm).
pub fn transition(summary: &str) -> Option<(AlarmState, AlarmState)> {
    let rest = summary.strip_prefix("Alarm updated from ")?;
    let (from, to) = rest.split_once(" to ")?;
    let parse = |s: &str| match s.trim() {
        "ALARM" => Some(AlarmState::Alarm),
        "OK" => Some(AlarmState::Ok),
        "INSUFFICIENT_DATA" => Some(AlarmState::InsufficientData),
        _ => None,
    };
    Some((parse(from)?, parse(to)?))
}

fn history_item(item: &SdkHistoryItem) -> AlarmHistoryItem {
    let summary = item.history_summary().unwrap_or_default().to_owned();
    let kind = match item.history_item_type().map(HistoryItemType::as_str) {
        Some("StateUpdate" | "AlarmContributorStateUpdate") => AlarmHistoryKind::StateUpdate,
        Some("Action" | "AlarmContributorAction") => AlarmHistoryKind::Action,
        _ => AlarmHistoryKind::ConfigurationUpdate,
    };
    let transition = if kind == AlarmHistoryKind::StateUpdate { transition(&summary) } else { None };
    AlarmHistoryItem { at: opt_time(item.timestamp()), kind, summary, transition }
}

/// The newest entries of one alarm's history, newest first.
pub async fn history(client: &Client, alarm: &str) -> Result<Vec<AlarmHistoryItem>, CloudError> {
    let output = client
        .describe_alarm_history()
        .alarm_name(alarm)
        .alarm_types(AlarmType::MetricAlarm)
        .alarm_types(AlarmType::CompositeAlarm)
        .scan_by(ScanBy::TimestampDescending)
        .max_records(HISTORY_ENTRIES)
        .send()
        .await
        .map_err(|e| classify(&e, "cloudwatch:DescribeAlarmHistory"))?;
    let mut items: Vec<AlarmHistoryItem> = output.alarm_history_items().iter().map(history_item).collect();
    items.sort_by_key(|item| std::cmp::Reverse(item.at));
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_name_their_transition() {
        assert_eq!(transition("Alarm updated from OK to ALARM"), Some((AlarmState::Ok, AlarmState::Alarm)));
        assert_eq!(
            transition("Alarm updated from INSUFFICIENT_DATA to OK"),
            Some((AlarmState::InsufficientData, AlarmState::Ok))
        );
        assert_eq!(transition("Alarm \"x\" created"), None);
        assert_eq!(comparison("LessThanLowerOrGreaterThanUpperThreshold"), None);
        assert_eq!(comparison("GreaterThanOrEqualToThreshold"), Some(Comparison::GreaterOrEqual));
    }
}
