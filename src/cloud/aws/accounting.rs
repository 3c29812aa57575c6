//! API accounting: an SDK interceptor on every client counts each request sent (retries
//! included, since each one counts against the account's rate limits), each throttled answer
//! and each failure, per service and operation. The status bar's budget meter reads it.
//!
//! Throttles are recognised from the raw answer (HTTP 429, or a throttling code in the
//! `x-amzn-ErrorType` header or the body) so that a throttled attempt the SDK retried
//! successfully is still counted: those are the early warning.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use super::errors::is_throttle_code;
use crate::cloud::model::{ApiUsage, OperationUsage};

/// How far back "calls per minute" looks.
const RATE_WINDOW: Duration = Duration::from_mins(1);
/// How far back the status bar's throttle count looks.
const THROTTLE_WINDOW: Duration = Duration::from_mins(10);

/// What the interceptor saw of one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Throttled,
    Failed,
}

#[derive(Debug, Default)]
struct Ledger {
    operations: BTreeMap<(String, String), OperationUsage>,
    recent_calls: VecDeque<Instant>,
    recent_throttles: VecDeque<Instant>,
}

impl Ledger {
    fn entry(&mut self, service: &str, operation: &str) -> &mut OperationUsage {
        self.operations.entry((service.to_owned(), operation.to_owned())).or_insert_with(|| OperationUsage {
            service: service.to_owned(),
            operation: operation.to_owned(),
            ..OperationUsage::default()
        })
    }

    fn prune(&mut self, now: Instant) {
        prune(&mut self.recent_calls, now, RATE_WINDOW);
        prune(&mut self.recent_throttles, now, THROTTLE_WINDOW);
    }
}

fn prune(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times.front().is_some_and(|&t| now.duration_since(t) > window) {
        times.pop_front();
    }
}

/// The counts, shared by every client of one console.
#[derive(Debug, Default)]
pub struct Accounting {
    ledger: Mutex<Ledger>,
}

impl Accounting {
    fn ledger(&self) -> std::sync::MutexGuard<'_, Ledger> {
        // A panic while counting leaves counts, not broken invariants: keep using them.
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn record_call(&self, service: &str, operation: &str, now: Instant) {
        let mut ledger = self.ledger();
        ledger.entry(service, operation).calls += 1;
        ledger.recent_calls.push_back(now);
        ledger.prune(now);
    }

    pub fn record_outcome(&self, service: &str, operation: &str, outcome: Outcome, now: Instant) {
        let mut ledger = self.ledger();
        match outcome {
            Outcome::Ok => {}
            Outcome::Throttled => {
                let entry = ledger.entry(service, operation);
                entry.throttles += 1;
                entry.errors += 1;
                ledger.recent_throttles.push_back(now);
            }
            Outcome::Failed => ledger.entry(service, operation).errors += 1,
        }
        ledger.prune(now);
    }

    /// The counts as of `now`.
    pub fn usage(&self, now: Instant) -> ApiUsage {
        let mut ledger = self.ledger();
        ledger.prune(now);
        ApiUsage {
            calls_last_minute: ledger.recent_calls.len() as u64,
            recent_throttles: ledger.recent_throttles.len() as u64,
            operations: ledger.operations.values().cloned().collect(),
        }
    }
}

/// Whether a raw answer says "slow down".
pub fn is_throttle(status: u16, error_type_header: Option<&str>, body: &[u8]) -> bool {
    if status == 429 {
        return true;
    }
    // `x-amzn-ErrorType` may carry a namespace or a URL after the code: "Code:http://…".
    let header_code = error_type_header.map(|h| {
        let h = h.split(':').next().unwrap_or(h);
        h.rsplit('#').next().unwrap_or(h)
    });
    if header_code.is_some_and(is_throttle_code) {
        return true;
    }
    let text = String::from_utf8_lossy(body);
    ["Throttl", "RequestLimitExceeded", "TooManyRequests", "SlowDown"].iter().any(|needle| text.contains(needle))
}

/// The interceptor every client carries.
#[derive(Debug, Clone)]
pub struct CallCounter {
    accounting: Arc<Accounting>,
}

impl CallCounter {
    pub fn new(accounting: Arc<Accounting>) -> Self {
        Self { accounting }
    }
}

fn names(cfg: &ConfigBag) -> (String, String) {
    cfg.load::<Metadata>()
        .map_or_else(|| ("unknown".to_owned(), "unknown".to_owned()), |m| (m.service().to_owned(), m.name().to_owned()))
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "opsdeck-call-counter"
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, operation) = names(cfg);
        self.accounting.record_call(&service, &operation, Instant::now());
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let outcome = match (context.output_or_error(), context.response()) {
            (Some(Ok(_)), _) => Outcome::Ok,
            (_, Some(response)) => {
                let header = response.headers().get("x-amzn-errortype");
                let body = response.body().bytes().unwrap_or_default();
                if is_throttle(response.status().as_u16(), header, body) { Outcome::Throttled } else { Outcome::Failed }
            }
            (_, None) => Outcome::Failed,
        };
        let (service, operation) = names(cfg);
        self.accounting.record_outcome(&service, &operation, outcome, Instant::now());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttles_are_recognised_in_every_protocol() {
        assert!(is_throttle(429, None, b""));
        let query =
            b"<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>";
        assert!(is_throttle(400, None, query));
        assert!(is_throttle(400, Some("ThrottlingException:http://internal.amazon.com/coral/"), b""));
        assert!(is_throttle(400, None, b"{\"__type\":\"RequestLimitExceeded\"}"));
        assert!(!is_throttle(400, Some("AccessDeniedException"), b"{\"message\":\"no\"}"));
        assert!(!is_throttle(500, None, b"internal error"));
    }

    #[test]
    fn counts_per_operation_and_per_minute() {
        let accounting = Accounting::default();
        let t0 = Instant::now();
        for _ in 0..3 {
            accounting.record_call("CloudWatch", "GetMetricData", t0);
        }
        accounting.record_call("RDS", "DescribeDBInstances", t0);
        accounting.record_outcome("CloudWatch", "GetMetricData", Outcome::Throttled, t0);
        accounting.record_outcome("RDS", "DescribeDBInstances", Outcome::Failed, t0);
        let usage = accounting.usage(t0);
        assert_eq!(usage.calls("CloudWatch", "GetMetricData"), 3);
        assert_eq!(usage.calls("RDS", "DescribeDBInstances"), 1);
        assert_eq!(usage.total_calls(), 4);
        assert_eq!(usage.shown(), (4, 1));
        assert_eq!(usage.operations[0].throttles, 1);
        assert_eq!(usage.operations[1].errors, 1);
        // A minute later the rate has decayed; the throttle still shows; totals stay.
        let later = accounting.usage(t0 + Duration::from_secs(61));
        assert_eq!(later.shown(), (0, 1));
        assert_eq!(later.total_calls(), 4);
        assert_eq!(accounting.usage(t0 + Duration::from_secs(601)).recent_throttles, 0);
    }
}
