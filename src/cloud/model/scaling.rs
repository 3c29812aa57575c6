//! Auto Scaling Groups: capacity, instances per zone, recent scaling activities and the
//! scheduled actions waiting to change their bounds.

use super::Timestamp;

/// One entry of an Auto Scaling Group's activity history.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScalingActivity {
    pub started: Option<Timestamp>,
    pub description: String,
    pub cause: Option<String>,
    /// `StatusCode`: Successful, InProgress, Failed, …
    pub status: String,
}

/// An EC2 Auto Scaling Group.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScalingGroup {
    pub name: String,
    pub region: String,
    pub min: u32,
    pub desired: u32,
    pub max: u32,
    pub in_service: u32,
    pub pending: u32,
    pub terminating: u32,
    /// Since when fewer instances than desired have been in service, while that is so; None
    /// when in service meets desired, or when the backend cannot tell.
    pub below_desired_since: Option<Timestamp>,
    /// Instances per Availability Zone, sorted by AZ.
    pub instances_by_az: Vec<(String, u32)>,
    /// Most recent first.
    pub activities: Vec<ScalingActivity>,
    /// The scheduled actions that have not run yet, soonest first.
    #[serde(default)]
    pub scheduled: Vec<ScheduledAction>,
}

/// A scheduled action of a group (`PutScheduledUpdateGroupAction`): from `start` on, the
/// group's bounds and desired capacity are the ones given (`None` leaves a value as it is). A
/// one-off action is gone once it has run; a recurring one runs again by its cron expression.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScheduledAction {
    pub name: String,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    /// A cron expression (UTC unless the action names a time zone).
    pub recurrence: Option<String>,
    pub min: Option<u32>,
    pub desired: Option<u32>,
    pub max: Option<u32>,
}
