//! Auto Scaling: `DescribeAutoScalingGroups` (every page) for sizes and instances, and one
//! `DescribeScalingActivities` call for the whole region (not one per group), whose newest
//! activities are shared out to their groups.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_autoscaling::Client;
use aws_sdk_autoscaling::types::{Activity, AutoScalingGroup};

use super::convert::{count, opt_time};
use super::errors::classify;
use crate::cloud::CloudError;
use crate::cloud::model::{ScalingActivity, ScalingGroup};

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
    }
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
    let mut activities = if raw.is_empty() { HashMap::new() } else { activities(client).await? };
    Ok(raw
        .iter()
        .map(|g| {
            group(g, region, activities.remove(g.auto_scaling_group_name().unwrap_or_default()).unwrap_or_default())
        })
        .collect())
}

/// One group's sizes by name, without its activities (a runbook's re-check or wait).
pub async fn one(client: &Client, region: &str, name: &str) -> Result<ScalingGroup, CloudError> {
    let output = client
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(name)
        .send()
        .await
        .map_err(|e| classify(&e, "autoscaling:DescribeAutoScalingGroups"))?;
    let g =
        output.auto_scaling_groups().first().ok_or_else(|| CloudError::NotFound { what: format!("group {name}") })?;
    Ok(group(g, region, Vec::new()))
}
