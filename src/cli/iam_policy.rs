//! The options of `opsdeck iam-policy`: which policy it prints, and in what format.

use clap::{Args, ValueEnum};

/// Options of `opsdeck iam-policy`.
#[derive(Debug, Clone, Args)]
pub struct IamPolicyArgs {
    /// Add each runbook's actions (scale up, snapshot and its DR copy, the failovers, promote),
    /// a statement per runbook.
    #[arg(long)]
    pub runbooks: bool,

    /// The policy of `opsdeck hub`, which polls once for several consoles: the read-only
    /// policy, as the hub only reads.
    #[arg(long)]
    pub hub: bool,

    /// json (an IAM policy document) or markdown (the README's table: each action and what it
    /// is used for).
    #[arg(long, value_name = "FORMAT", default_value = "json")]
    pub format: PolicyFormat,
}

/// How `opsdeck iam-policy` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyFormat {
    Json,
    Markdown,
}
