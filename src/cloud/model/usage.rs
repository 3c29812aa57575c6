//! API usage: the calls, throttles and errors the console has caused, per operation since the
//! start and over the last minutes. The status bar's budget meter shows the recent figures;
//! update compares them (`ApiUsage::shown`) to redraw only when the meter would change.

/// Calls, throttles and errors of one API operation since the console started.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OperationUsage {
    /// The service as the SDK names it, e.g. "RDS", "CloudWatch".
    pub service: String,
    /// The operation, e.g. "GetMetricData".
    pub operation: String,
    /// Requests sent, retries included: what counts against the account's rate limits.
    pub calls: u64,
    pub throttles: u64,
    pub errors: u64,
}

/// How much of the cloud's API the console has used: what the status bar's budget meter shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApiUsage {
    /// Requests sent in the last 60 seconds.
    pub calls_last_minute: u64,
    /// Throttled answers in the last 10 minutes.
    pub recent_throttles: u64,
    /// Per service and operation since the start, sorted by service then operation.
    pub operations: Vec<OperationUsage>,
}

impl ApiUsage {
    /// Requests sent to one operation since the start.
    pub fn calls(&self, service: &str, operation: &str) -> u64 {
        self.operations.iter().find(|o| o.service == service && o.operation == operation).map_or(0, |o| o.calls)
    }

    pub fn total_calls(&self) -> u64 {
        self.operations.iter().map(|o| o.calls).sum()
    }

    pub fn total_throttles(&self) -> u64 {
        self.operations.iter().map(|o| o.throttles).sum()
    }

    /// The figures the status bar shows; the screen changes only when these do.
    pub fn shown(&self) -> (u64, u64) {
        (self.calls_last_minute, self.recent_throttles)
    }
}
