//! `opsdeck doctor`'s calls: one cheap request per API the console's feeds use, each sent on
//! its own, so that a permission that is missing is named for the call that needs it.

/// One of doctor's calls in a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Checkup {
    DbInstances,
    DbClusters,
    MetricData,
    Alarms,
    ScalingGroups,
    ScalingActivities,
    Performance,
    Events,
}

impl Checkup {
    pub const ALL: [Self; 8] = [
        Self::DbInstances,
        Self::DbClusters,
        Self::MetricData,
        Self::Alarms,
        Self::ScalingGroups,
        Self::ScalingActivities,
        Self::Performance,
        Self::Events,
    ];

    /// The IAM action the call needs.
    pub fn action(self) -> &'static str {
        match self {
            Self::DbInstances => "rds:DescribeDBInstances",
            Self::DbClusters => "rds:DescribeDBClusters",
            Self::MetricData => "cloudwatch:GetMetricData",
            Self::Alarms => "cloudwatch:DescribeAlarms",
            Self::ScalingGroups => "autoscaling:DescribeAutoScalingGroups",
            Self::ScalingActivities => "autoscaling:DescribeScalingActivities",
            Self::Performance => "pi:GetResourceMetrics",
            Self::Events => "rds:DescribeEvents",
        }
    }

    /// The request as sent, e.g. "DescribeDBInstances of 20".
    pub fn request(self) -> &'static str {
        match self {
            Self::DbInstances => "DescribeDBInstances of 20",
            Self::DbClusters => "DescribeDBClusters of 20",
            Self::MetricData => "GetMetricData of one series",
            Self::Alarms => "DescribeAlarms of 1",
            Self::ScalingGroups => "DescribeAutoScalingGroups of 1",
            Self::ScalingActivities => "DescribeScalingActivities of 1",
            Self::Performance => "GetResourceMetrics of one instance",
            Self::Events => "DescribeEvents of 20",
        }
    }
}

/// What a call that did not fail found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// Answered.
    Ok,
    /// Nothing to ask in this scope, and why (no instance has Performance Insights on).
    NotApplicable(String),
}
