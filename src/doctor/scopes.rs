//! Doctor's look at each scope the console would poll: the credentials that won, the identity
//! they have, and one cheap call per feed (`Inventory::checkup`), all scopes and calls at once,
//! each bounded by the timeout.

use std::time::Duration;

use futures_util::future::join_all;
use serde::Serialize;

use crate::cloud::aws::{credential_words, profile_kind};
use crate::cloud::model::Scope;
use crate::cloud::{Checked, Checkup, CloudError, Inventory};
use crate::feed::FeedKind;

/// What one call found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    NotApplicable(String),
    Failed(CloudError),
    /// The backend has no such call.
    NotChecked,
}

impl Outcome {
    /// Whether the API answered (or had nothing to answer).
    pub fn is_answered(&self) -> bool {
        matches!(self, Self::Ok | Self::NotApplicable(_))
    }

    /// The result word: ok, not applicable, not checked, or the error's kind (access denied,
    /// throttled, network, credentials, …).
    pub fn word(&self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::NotApplicable(_) => "not applicable",
            Self::NotChecked => "not checked",
            Self::Failed(error) => error.kind(),
        }
    }
}

/// One call of one scope.
#[derive(Debug, Clone)]
pub struct CallReport {
    /// The feed that needs it (`rds`, `metrics`, `alarms`, `asg`, `pi`).
    pub feed: &'static str,
    /// The request sent, e.g. "DescribeDBInstances of 20".
    pub request: &'static str,
    /// The IAM action it needs.
    pub action: &'static str,
    pub outcome: Outcome,
}

/// One scope.
#[derive(Debug, Clone, Serialize)]
pub struct ScopeReport {
    pub profile: Option<String>,
    pub region: String,
    /// Which credentials the SDK's chain took, and why.
    pub credentials: String,
    pub account: Option<String>,
    pub principal: Option<String>,
    /// Why the identity is not known (then the console writes nothing in this scope).
    pub identity_unknown: Option<String>,
    /// Written out by `json`, with each outcome in words.
    #[serde(skip)]
    pub calls: Vec<CallReport>,
}

impl ScopeReport {
    /// Some call failed, or who the credentials are is not known.
    pub fn is_degraded(&self) -> bool {
        self.identity_unknown.is_some() || self.calls.iter().any(|c| !c.outcome.is_answered())
    }
}

/// What to do about a failed call, said for someone setting up rather than watching a pane.
pub fn fix(error: &CloudError) -> String {
    match error {
        CloudError::Throttled { .. } => {
            "the console backs off and recovers by itself; if it lasts, poll less often ([poll] in config.toml)"
                .to_owned()
        }
        CloudError::Network { .. } => {
            "check the network, a proxy, or AWS_ENDPOINT_URL; the console retries by itself".to_owned()
        }
        CloudError::NotFound { .. } => "the region or resource may not exist: check --region".to_owned(),
        CloudError::Other { .. } => "see the message; the console retries by itself".to_owned(),
        _ => error.hint(),
    }
}

/// The feed a call belongs to.
pub fn feed(call: Checkup) -> FeedKind {
    match call {
        Checkup::DbInstances | Checkup::DbClusters => FeedKind::Fleet,
        Checkup::MetricData => FeedKind::Metrics,
        Checkup::Alarms => FeedKind::Alarms,
        Checkup::ScalingGroups | Checkup::ScalingActivities => FeedKind::Groups,
        Checkup::Performance => FeedKind::Performance,
        Checkup::Events => FeedKind::Events,
    }
}

async fn call(inventory: &dyn Inventory, scope: &Scope, checkup: Checkup, timeout: Duration) -> CallReport {
    let outcome = match inventory.checkup(scope, checkup) {
        None => Outcome::NotChecked,
        Some(future) => match tokio::time::timeout(timeout, future).await {
            Ok(Ok(Checked::Ok)) => Outcome::Ok,
            Ok(Ok(Checked::NotApplicable(why))) => Outcome::NotApplicable(why),
            Ok(Err(error)) => Outcome::Failed(error),
            Err(_) => {
                Outcome::Failed(CloudError::Network { message: format!("no answer within {}s", timeout.as_secs()) })
            }
        },
    };
    CallReport { feed: feed(checkup).label(), request: checkup.request(), action: checkup.action(), outcome }
}

async fn scope_report(inventory: &dyn Inventory, scope: Scope, timeout: Duration) -> ScopeReport {
    let calls = join_all(Checkup::ALL.into_iter().map(|c| call(inventory, &scope, c, timeout))).await;
    let identity = inventory.identity(&scope);
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mut credentials = identity
        .as_ref()
        .map_or_else(|| credential_words(scope.profile.as_deref(), false, var), |i| i.credentials.clone());
    // When a profile won, what kind it is: SSO, an assumed role, a process, static keys.
    if credentials.starts_with("profile `") {
        let name = scope.profile.clone().or_else(|| var("AWS_PROFILE")).unwrap_or_else(|| "default".to_owned());
        match profile_kind(&name) {
            Some(kind) => credentials = format!("{credentials}: {kind}"),
            None if name == "default" => {}
            None => credentials.push_str(": the AWS files say nothing of its credentials"),
        }
    }
    let identity_unknown = match &identity {
        Some(_) => None,
        None => Some(inventory.identity_unknown(&scope).unwrap_or_else(|| "the backend does not say".to_owned())),
    };
    ScopeReport {
        profile: scope.profile.clone(),
        region: scope.region.clone(),
        credentials,
        account: identity.as_ref().map(|i| i.account.clone()),
        principal: identity.map(|i| i.arn),
        identity_unknown,
        calls,
    }
}

/// Every scope of the inventory, examined at once.
pub async fn examine_scopes(inventory: &dyn Inventory, timeout: Duration) -> Vec<ScopeReport> {
    join_all(inventory.scopes().into_iter().map(|scope| scope_report(inventory, scope, timeout))).await
}
