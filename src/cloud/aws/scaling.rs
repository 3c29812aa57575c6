//! Auto Scaling: `DescribeAutoScalingGroups` (every page) for sizes and instances, one
//! `DescribeScalingActivities` call for the whole region (not one per group), whose newest
//! activities are shared out to their groups, and `DescribeScheduledActions` (every page) for
//! the region's scheduled actions, shared out the same way.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_autoscaling::Client;
use aws_sdk_autoscaling::types::{Activity, AutoScalingGroup, ScheduledUpdateGroupAction};

use super::convert::{count, opt_time};
use super::errors::classify;
use crate::cloud::CloudError;
use crate::cloud::model::{ScalingActivity, ScalingGroup, ScheduledAction};

/// Activities asked for per region (the API's page maximum), newest first.
const ACTIVITIES_PER_REGION: i32 = 100;
/// Activities kept per group.
const ACTIVITIES_PER_GROUP: usize = 10;

fn activity(a: &Activity) -> ScalingActivity {
    ScalingActivity {
        started: opt_time(a.start_time()),
        description: a.description().unwrap_or_default().to_owned(),
        cause: a.cause().map(str::to_owned),
        status: a.status_code().map_or_else(|| "Unknown".to_owned(), |s| s.as_str().to_owned()),
    }
}

/// Maps one group; `activities` are its own, newest first.
pub fn group(g: &AutoScalingGroup, region: &str, activities: Vec<ScalingActivity>) -> ScalingGroup {
    let mut by_az: BTreeMap<String, u32> = BTreeMap::new();
    let (mut in_service, mut pending, mut terminating) = (0, 0, 0);
    for instance in g.instances() {
        let lifecycle = instance.lifecycle_state().map_or("", |s| s.as_str());
        match lifecycle {
            "InService" => in_service += 1,
            s if s.starts_with("Pending") => pending += 1,
            s if s.starts_with("Terminating") => terminating += 1,
            _ => {}
        }
        *by_az.entry(instance.availability_zone().unwrap_or("?").to_owned()).or_default() += 1;
    }
    ScalingGroup {
        name: g.auto_scaling_group_name().unwrap_or_default().to_owned(),
        region: region.to_owned(),
        min: count(g.min_size()).unwrap_or_default(),
        desired: count(g.desired_capacity()).unwrap_or_default(),
        max: count(g.max_size()).unwrap_or_default(),
        in_service,
        pending,
        terminating,
        // The API says how many are in service now, not since when fewer than desired were:
        // `shortfall` fills it in from the launches and the polls before.
        below_desired_since: None,
        instances_by_az: by_az.into_iter().collect(),
        activities,
        scheduled: Vec::new(),
    }
}

fn scheduled(a: &ScheduledUpdateGroupAction) -> ScheduledAction {
    ScheduledAction {
        name: a.scheduled_action_name().unwrap_or_default().to_owned(),
        start: opt_time(a.start_time()),
        end: opt_time(a.end_time()),
        recurrence: a.recurrence().map(str::to_owned),
        min: count(a.min_size()),
        desired: count(a.desired_capacity()),
        max: count(a.max_size()),
    }
}

/// The scheduled actions of a region (or of one group), by group, soonest first.
async fn scheduled_actions(
    client: &Client,
    group: Option<&str>,
) -> Result<HashMap<String, Vec<ScheduledAction>>, CloudError> {
    let mut pages = client
        .describe_scheduled_actions()
        .set_auto_scaling_group_name(group.map(str::to_owned))
        .into_paginator()
        .send();
    let mut by_group: HashMap<String, Vec<ScheduledAction>> = HashMap::new();
    while let Some(page) = pages.try_next().await.map_err(|e| classify(&e, "autoscaling:DescribeScheduledActions"))? {
        for a in page.scheduled_update_group_actions() {
            by_group.entry(a.auto_scaling_group_name().unwrap_or_default().to_owned()).or_default().push(scheduled(a));
        }
    }
    for list in by_group.values_mut() {
        list.sort_by(|a, b| (a.start, &a.name).cmp(&(b.start, &b.name)));
    }
    Ok(by_group)
}

async fn activities(client: &Client) -> Result<HashMap<String, Vec<ScalingActivity>>, CloudError> {
    let output = client
        .describe_scaling_activities()
        .max_records(ACTIVITIES_PER_REGION)
        .send()
        .await
        .map_err(|e| classify(&e, "autoscaling:DescribeScalingActivities"))?;
    let mut by_group: HashMap<String, Vec<ScalingActivity>> = HashMap::new();
    for a in output.activities() {
        let entry = by_group.entry(a.auto_scaling_group_name().unwrap_or_default().to_owned()).or_default();
        if entry.len() < ACTIVITIES_PER_GROUP {
            entry.push(activity(a));
        }
    }
    for list in by_group.values_mut() {
        list.sort_by_key(|a| std::cmp::Reverse(a.started));
    }
    Ok(by_group)
}

/// Every Auto Scaling Group of a region with its recent activities.
pub async fn groups(client: &Client, region: &str) -> Result<Vec<ScalingGroup>, CloudError> {
    let mut pages = client.describe_auto_scaling_groups().into_paginator().send();
    let mut raw = Vec::new();
    while let Some(page) = pages.try_next().await.map_err(|e| classify(&e, "autoscaling:DescribeAutoScalingGroups"))? {
        raw.extend(page.auto_scaling_groups().iter().cloned());
    }
    if raw.is_empty() {
        return Ok(Vec::new());
    }
    let (mut activities, mut scheduled) = (activities(client).await?, scheduled_actions(client, None).await?);
    Ok(raw
        .iter()
        .map(|g| {
            let name = g.auto_scaling_group_name().unwrap_or_default();
            let mut mapped = group(g, region, activities.remove(name).unwrap_or_default());
            mapped.scheduled = scheduled.remove(name).unwrap_or_default();
            mapped
        })
        .collect())
}

/// One group's sizes and scheduled actions by name, without its activities (a runbook's
/// re-check or wait).
pub async fn one(client: &Client, region: &str, name: &str) -> Result<ScalingGroup, CloudError> {
    let output = client
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(name)
        .send()
        .await
        .map_err(|e| classify(&e, "autoscaling:DescribeAutoScalingGroups"))?;
    let g =
        output.auto_scaling_groups().first().ok_or_else(|| CloudError::NotFound { what: format!("group {name}") })?;
    let mut one = group(g, region, Vec::new());
    one.scheduled = scheduled_actions(client, Some(name)).await?.remove(name).unwrap_or_default();
    Ok(one)
}
