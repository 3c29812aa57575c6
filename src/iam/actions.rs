//! The one table of IAM actions opsdeck needs: what each feed and runbook calls, and why. The
//! policy `opsdeck iam-policy` prints, the README's permission list and the test that every
//! call in `cloud::aws` is covered all read this table, so they cannot disagree.

use crate::feed::FeedKind;
use crate::runbook::plan::RunbookKind;

/// What an action is needed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Who the credentials are, asked once at connect.
    Identity,
    /// A feed the console polls (and `opsdeck check` fetches, Performance Insights and RDS
    /// events aside).
    Feed(FeedKind),
    /// A runbook's writes and the reads only its runs make.
    Runbook(RunbookKind),
}

/// Whether the policy has to grant an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// Granted in the policy; opsdeck sends it.
    Sent,
    /// Sent, but AWS allows it to every principal: not in the policy.
    Always,
    /// Never sent by opsdeck: AWS checks it on the caller's behalf during another call.
    OnBehalf,
}

/// One IAM action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permission {
    pub action: &'static str,
    pub part: Part,
    pub grant: Grant,
    /// What it is used for, in a few words.
    pub why: &'static str,
}

const fn sent(action: &'static str, part: Part, why: &'static str) -> Permission {
    Permission { action, part, grant: Grant::Sent, why }
}

/// Every IAM action opsdeck needs, by what needs it.
pub const PERMISSIONS: &[Permission] = &[
    Permission {
        action: "sts:GetCallerIdentity",
        part: Part::Identity,
        grant: Grant::Always,
        why: "which account and principal the credentials are",
    },
    sent("rds:DescribeDBInstances", Part::Feed(FeedKind::Fleet), "DB instances; a runbook's re-checks and waits"),
    sent("rds:DescribeDBClusters", Part::Feed(FeedKind::Fleet), "Aurora clusters; a runbook's re-checks and waits"),
    sent("kms:ListAliases", Part::Feed(FeedKind::Fleet), "which keys are the AWS managed aws/rds key"),
    sent("kms:GetKeyRotationStatus", Part::Feed(FeedKind::Fleet), "whether a customer managed key rotates"),
    sent("rds:DescribeDBParameters", Part::Feed(FeedKind::Fleet), "whether an instance's parameter group requires TLS"),
    sent(
        "rds:DescribeDBClusterParameters",
        Part::Feed(FeedKind::Fleet),
        "whether a cluster's parameter group requires TLS",
    ),
    sent(
        "rds:DescribeDBInstanceAutomatedBackups",
        Part::Feed(FeedKind::Fleet),
        "how fresh the backups replicated to the DR region are",
    ),
    sent(
        "ec2:DescribeSecurityGroups",
        Part::Feed(FeedKind::Fleet),
        "whether a DB instance's security groups admit the internet on its port",
    ),
    sent(
        "cloudwatch:GetMetricData",
        Part::Feed(FeedKind::Metrics),
        "the last hour of metrics; a DB instance's detail over 6 h, 24 h or 7 days",
    ),
    sent("cloudwatch:DescribeAlarms", Part::Feed(FeedKind::Alarms), "CloudWatch alarms"),
    sent("cloudwatch:DescribeAlarmHistory", Part::Feed(FeedKind::Alarms), "an alarm's history, in its detail view"),
    sent("autoscaling:DescribeAutoScalingGroups", Part::Feed(FeedKind::Groups), "Auto Scaling Groups"),
    sent("autoscaling:DescribeScalingActivities", Part::Feed(FeedKind::Groups), "each group's recent activities"),
    sent(
        "autoscaling:DescribeScheduledActions",
        Part::Feed(FeedKind::Groups),
        "each group's scheduled actions; a scheduled-capacity run's re-read",
    ),
    sent("rds:DescribeEvents", Part::Feed(FeedKind::Events), "RDS events: failovers, reboots, backups, maintenance"),
    sent("pi:GetResourceMetrics", Part::Feed(FeedKind::Performance), "database load over the last hour"),
    sent("pi:DescribeDimensionKeys", Part::Feed(FeedKind::Performance), "top SQL and wait events"),
    sent("pi:GetDimensionKeyDetails", Part::Feed(FeedKind::Performance), "a statement's full SQL text"),
    sent(
        "pi:GetResourceMetadata",
        Part::Feed(FeedKind::Performance),
        "which Database Insights features an instance has",
    ),
    sent(
        "pi:ListAvailableResourceDimensions",
        Part::Feed(FeedKind::Performance),
        "which slices (host, user, database, …) the engine reports",
    ),
    sent(
        "pi:ListPerformanceAnalysisReports",
        Part::Feed(FeedKind::Performance),
        "the analysis reports of the instance in focus (R); a report run's wait",
    ),
    sent(
        "pi:GetPerformanceAnalysisReport",
        Part::Feed(FeedKind::Performance),
        "one analysis report's insights and recommendations",
    ),
    sent(
        "autoscaling:UpdateAutoScalingGroup",
        Part::Runbook(RunbookKind::ScaleUp),
        "raise the group's max size (only when the target is above it)",
    ),
    sent("autoscaling:SetDesiredCapacity", Part::Runbook(RunbookKind::ScaleUp), "set the desired capacity"),
    sent("rds:CreateDBSnapshot", Part::Runbook(RunbookKind::Snapshot), "snapshot a DB instance"),
    sent("rds:CreateDBClusterSnapshot", Part::Runbook(RunbookKind::Snapshot), "snapshot an Aurora cluster"),
    sent("rds:DescribeDBSnapshots", Part::Runbook(RunbookKind::Snapshot), "wait for the snapshot; the copy's source"),
    sent("rds:DescribeDBClusterSnapshots", Part::Runbook(RunbookKind::Snapshot), "wait for the cluster snapshot"),
    sent("rds:CopyDBSnapshot", Part::Runbook(RunbookKind::Snapshot), "copy the snapshot to the DR region"),
    sent(
        "kms:DescribeKey",
        Part::Feed(FeedKind::Fleet),
        "whether a key is AWS or customer managed (and the DR region's key for an encrypted copy)",
    ),
    Permission {
        action: "kms:CreateGrant",
        part: Part::Runbook(RunbookKind::Snapshot),
        grant: Grant::OnBehalf,
        why: "the DR region's KMS key, which RDS uses on your behalf for the encrypted copy",
    },
    sent("rds:RebootDBInstance", Part::Runbook(RunbookKind::ForcedFailover), "reboot with ForceFailover=true"),
    sent("rds:FailoverDBCluster", Part::Runbook(RunbookKind::ClusterFailover), "fail the cluster over to a reader"),
    sent("rds:PromoteReadReplica", Part::Runbook(RunbookKind::Promote), "promote the read replica"),
    sent("rds:CreateDBInstance", Part::Runbook(RunbookKind::AddReader), "add a reader to an Aurora cluster"),
    sent(
        "rds:ModifyDBInstance",
        Part::Runbook(RunbookKind::Resize),
        "change an instance's class, applied now (its snapshot first: the snapshot runbook's actions)",
    ),
    sent(
        "pi:CreatePerformanceAnalysisReport",
        Part::Runbook(RunbookKind::AnalysisReport),
        "an analysis report of the window on the Performance tab (A)",
    ),
    sent(
        "autoscaling:PutScheduledUpdateGroupAction",
        Part::Runbook(RunbookKind::ScheduleCapacity),
        "schedule a group's min/desired/max for a window (prescale-window)",
    ),
    sent(
        "autoscaling:DeleteScheduledAction",
        Part::Runbook(RunbookKind::ScheduleCapacity),
        "remove a scheduled action (remove-scheduled-action)",
    ),
    sent(
        "cloudwatch:DisableAlarmActions",
        Part::Runbook(RunbookKind::PauseAlarmActions),
        "pause an alarm's actions (it still changes state)",
    ),
    sent("cloudwatch:EnableAlarmActions", Part::Runbook(RunbookKind::ResumeAlarmActions), "resume an alarm's actions"),
];

/// The runbooks, in the order the policy lists them.
pub const RUNBOOKS: [RunbookKind; 11] = [
    RunbookKind::ScaleUp,
    RunbookKind::Snapshot,
    RunbookKind::ForcedFailover,
    RunbookKind::ClusterFailover,
    RunbookKind::Promote,
    RunbookKind::AnalysisReport,
    RunbookKind::ScheduleCapacity,
    RunbookKind::PauseAlarmActions,
    RunbookKind::ResumeAlarmActions,
    RunbookKind::AddReader,
    RunbookKind::Resize,
];

/// The actions a feed's poll sends (what `opsdeck doctor` names for it).
pub fn of_feed(feed: FeedKind) -> impl Iterator<Item = &'static Permission> {
    PERMISSIONS.iter().filter(move |p| p.part == Part::Feed(feed))
}
