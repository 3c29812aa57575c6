//! Auto Scaling Groups: capacity, instances per zone and recent scaling activities.

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
}
