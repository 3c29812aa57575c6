//! The typed catalog a runbook file may use: target kinds and their properties, the calls
//! (each one AWS operation opsdeck already makes, with its risk, whether it is idempotent and
//! the read that verifies it), the waits and the re-checks. A name not here is a load error:
//! a runbook can never name an arbitrary API or a command.

use crate::runbook::plan::Risk;

/// What a runbook acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    DbInstance,
    AuroraCluster,
    ReadReplica,
    AutoScalingGroup,
    Alarm,
}

/// Every target kind, by the name a file uses.
pub const TARGETS: [(&str, TargetKind); 5] = [
    ("db_instance", TargetKind::DbInstance),
    ("aurora_cluster", TargetKind::AuroraCluster),
    ("read_replica", TargetKind::ReadReplica),
    ("auto_scaling_group", TargetKind::AutoScalingGroup),
    ("alarm", TargetKind::Alarm),
];

/// What every target has: its id and region, the time now (a time, and as `20261127-150000`
/// for names), and the replica-lag limit from config.toml in seconds.
const COMMON: &[&str] = &["id", "region", "now", "stamp", "lag_limit"];
const INSTANCE: &[&str] = &[
    "status",
    "engine",
    "class",
    "next_class",
    "multi_az",
    "az",
    "standby_az",
    "encrypted",
    "pi_enabled",
    "resource_id",
    "dr_region",
    "dr_kms_key",
    "lag",
    "latest_lag",
    "source",
    "cpu",
    "connections",
    "free_storage_gib",
];
const CLUSTER: &[&str] =
    &["status", "engine", "writer", "readers", "encrypted", "members", "writer_class", "fewest_az", "azs"];
const GROUP: &[&str] = &["desired", "min", "max", "in_service", "pending", "scheduled", "next_scheduled"];
const ALARM: &[&str] = &["state", "actions_enabled", "resource", "siblings"];

impl TargetKind {
    pub fn name(self) -> &'static str {
        TARGETS.iter().find(|(_, k)| *k == self).map_or("?", |(n, _)| n)
    }

    /// What a missing target is called in the plan ("the group is known").
    pub fn noun(self) -> &'static str {
        match self {
            Self::DbInstance => "the instance",
            Self::ReadReplica => "the replica",
            Self::AuroraCluster => "the cluster",
            Self::AutoScalingGroup => "the group",
            Self::Alarm => "the alarm",
        }
    }

    /// The properties an expression may read on a target of this kind.
    pub fn properties(self) -> impl Iterator<Item = &'static str> {
        let own = match self {
            Self::DbInstance | Self::ReadReplica => INSTANCE,
            Self::AuroraCluster => CLUSTER,
            Self::AutoScalingGroup => GROUP,
            Self::Alarm => ALARM,
        };
        COMMON.iter().chain(own).copied()
    }
}

/// A call's argument.
#[derive(Debug, Clone, Copy)]
pub struct Arg {
    pub name: &'static str,
    pub required: bool,
    pub what: &'static str,
}

const fn arg(name: &'static str, what: &'static str) -> Arg {
    Arg { name, required: true, what }
}

/// One operation of the catalog.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    pub name: &'static str,
    pub api: &'static str,
    pub target: TargetKind,
    pub args: &'static [Arg],
    pub risk: Risk,
    pub idempotent: bool,
    /// The read that shows it took effect (what the following wait polls).
    pub verify: &'static str,
}

/// The other alarms of the target's region an alarm call or wait covers too.
const ALSO: Arg = Arg { name: "also", required: false, what: "other alarms of the region, by name, comma separated" };

/// The calls a runbook may make.
pub const CALLS: &[Operation] = &[
    Operation {
        name: "set_desired_capacity",
        api: "autoscaling:SetDesiredCapacity",
        target: TargetKind::AutoScalingGroup,
        args: &[arg("to", "the new desired capacity")],
        risk: Risk::Low,
        idempotent: true,
        verify: "autoscaling:DescribeAutoScalingGroups DesiredCapacity",
    },
    Operation {
        name: "set_max_size",
        api: "autoscaling:UpdateAutoScalingGroup MaxSize",
        target: TargetKind::AutoScalingGroup,
        args: &[arg("to", "the new maximum")],
        risk: Risk::High,
        idempotent: true,
        verify: "autoscaling:DescribeAutoScalingGroups MaxSize",
    },
    Operation {
        name: "put_scheduled_action",
        api: "autoscaling:PutScheduledUpdateGroupAction",
        target: TargetKind::AutoScalingGroup,
        args: &[
            arg("name", "the action's name (the same name replaces it)"),
            arg("start", "when it runs (a time)"),
            arg("min", "the minimum from then on"),
            arg("desired", "the desired capacity from then on"),
            arg("max", "the maximum from then on"),
        ],
        risk: Risk::Low,
        idempotent: true,
        verify: "autoscaling:DescribeScheduledActions",
    },
    Operation {
        name: "delete_scheduled_action",
        api: "autoscaling:DeleteScheduledAction",
        target: TargetKind::AutoScalingGroup,
        args: &[arg("name", "the scheduled action to remove")],
        risk: Risk::Low,
        idempotent: false,
        verify: "autoscaling:DescribeScheduledActions",
    },
    Operation {
        name: "create_db_snapshot",
        api: "rds:CreateDBSnapshot",
        target: TargetKind::DbInstance,
        args: &[arg("snapshot_id", "the new snapshot's identifier")],
        risk: Risk::Low,
        idempotent: false,
        verify: "rds:DescribeDBSnapshots Status",
    },
    Operation {
        name: "copy_db_snapshot",
        api: "rds:CopyDBSnapshot",
        target: TargetKind::DbInstance,
        args: &[
            arg("snapshot_id", "the snapshot to copy (kept as the copy's identifier)"),
            arg("region", "the region to copy to"),
            Arg { name: "kms_key", required: false, what: "the KMS key in that region ('' for none)" },
        ],
        risk: Risk::Low,
        idempotent: false,
        verify: "rds:DescribeDBSnapshots Status (in the target region)",
    },
    Operation {
        name: "create_cluster_snapshot",
        api: "rds:CreateDBClusterSnapshot",
        target: TargetKind::AuroraCluster,
        args: &[arg("snapshot_id", "the new snapshot's identifier")],
        risk: Risk::Low,
        idempotent: false,
        verify: "rds:DescribeDBClusterSnapshots Status",
    },
    Operation {
        name: "reboot_with_failover",
        api: "rds:RebootDBInstance ForceFailover=true",
        target: TargetKind::DbInstance,
        args: &[],
        risk: Risk::High,
        idempotent: false,
        verify: "rds:DescribeDBInstances AvailabilityZone",
    },
    Operation {
        name: "failover_cluster",
        api: "rds:FailoverDBCluster",
        target: TargetKind::AuroraCluster,
        args: &[arg("reader", "the reader that becomes the writer")],
        risk: Risk::High,
        idempotent: false,
        verify: "rds:DescribeDBClusters DBClusterMembers IsClusterWriter",
    },
    Operation {
        name: "promote_read_replica",
        api: "rds:PromoteReadReplica",
        target: TargetKind::ReadReplica,
        args: &[],
        risk: Risk::High,
        idempotent: false,
        verify: "rds:DescribeDBInstances ReadReplicaSourceDBInstanceIdentifier",
    },
    Operation {
        name: "disable_alarm_actions",
        api: "cloudwatch:DisableAlarmActions",
        target: TargetKind::Alarm,
        args: &[ALSO],
        risk: Risk::Low,
        idempotent: true,
        verify: "cloudwatch:DescribeAlarms ActionsEnabled",
    },
    Operation {
        name: "enable_alarm_actions",
        api: "cloudwatch:EnableAlarmActions",
        target: TargetKind::Alarm,
        args: &[ALSO],
        risk: Risk::Low,
        idempotent: true,
        verify: "cloudwatch:DescribeAlarms ActionsEnabled",
    },
    Operation {
        name: "create_cluster_instance",
        api: "rds:CreateDBInstance",
        target: TargetKind::AuroraCluster,
        args: &[
            arg("instance_id", "the new instance's identifier"),
            arg("class", "its instance class"),
            arg("az", "its Availability Zone"),
        ],
        // Adds capacity beside the others: nothing is interrupted.
        risk: Risk::Low,
        idempotent: false,
        verify: "rds:DescribeDBClusters DBClusterMembers",
    },
    Operation {
        name: "modify_instance_class",
        api: "rds:ModifyDBInstance DBInstanceClass ApplyImmediately=true",
        target: TargetKind::DbInstance,
        args: &[arg("class", "the new instance class")],
        risk: Risk::High,
        idempotent: false,
        verify: "rds:DescribeDBInstances DBInstanceClass",
    },
];

/// The conditions a wait may wait for, each reading the one resource, with their arguments.
pub const WAITS: &[(&str, TargetKind, &[Arg])] = &[
    ("in_service", TargetKind::AutoScalingGroup, &[arg("count", "instances InService")]),
    (
        "snapshot_available",
        TargetKind::DbInstance,
        &[
            arg("snapshot_id", "the snapshot"),
            Arg { name: "region", required: false, what: "where it is (default: the target's region)" },
        ],
    ),
    ("cluster_snapshot_available", TargetKind::AuroraCluster, &[arg("snapshot_id", "the snapshot")]),
    ("failed_over", TargetKind::DbInstance, &[]),
    ("cluster_writer", TargetKind::AuroraCluster, &[arg("writer", "the instance that must be the writer")]),
    ("standalone", TargetKind::ReadReplica, &[]),
    ("actions_disabled", TargetKind::Alarm, &[ALSO]),
    ("actions_enabled", TargetKind::Alarm, &[ALSO]),
    ("cluster_member", TargetKind::AuroraCluster, &[arg("instance", "the instance that must be an available member")]),
    ("instance_class", TargetKind::DbInstance, &[arg("class", "the class the instance must be available as")]),
];

/// The facts an `assert` step re-reads just before the next call.
pub const ASSERTS: &[(&str, &[Arg])] = &[
    ("available", &[Arg { name: "instance", required: false, what: "another instance (default: the target)" }]),
    ("lag_below_limit", &[Arg { name: "instance", required: false, what: "another instance (default: the target)" }]),
    ("desired_unchanged", &[]),
    ("max_unchanged", &[]),
    ("writer_unchanged", &[]),
];

/// Whether an operation or wait made for targets of kind `made_for` applies to `kind` (a read
/// replica is a DB instance too).
pub fn fits(made_for: TargetKind, kind: TargetKind) -> bool {
    made_for == kind || (made_for == TargetKind::DbInstance && kind == TargetKind::ReadReplica)
}

pub fn call(name: &str) -> Option<&'static Operation> {
    CALLS.iter().find(|op| op.name == name)
}
