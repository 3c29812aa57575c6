//! A fault-injecting HTTP/1.1 proxy on loopback, between the AWS SDK and moto.
//!
//! Rules say which requests to spoil (service signing name and region from the SigV4 credential
//! scope, operation from the awsQuery `Action=` field or the `X-Amz-Target` header) and how:
//! throttle in the service's own protocol, answer 500/503, add latency, hang, drop the
//! connection, or cut or garble the body. A rule applies to a share of the matching requests,
//! chosen by a seeded hash of the request's ordinal (deterministic), until it is removed.
//!
//! A gate ([`FaultProxy::gate`]) holds the matching calls until the test lets them through one
//! by one, so that what the console reports can be matched with the requests that made it; the
//! log ([`FaultProxy::seen`]) says, in order, what was asked and what was done to it.
//!
//! Blocking std I/O on one thread per connection: the SDK's requests are small, each connection
//! carries one exchange (`Connection: close` both ways), and the tests need nothing faster.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::watch;

/// What to do to a matching request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// HTTP 400 with the protocol's throttling error (`Throttling` / `ThrottlingException`).
    Throttle,
    /// HTTP 500 (`InternalFailure`) or 503 (`ServiceUnavailable`).
    Status(u16),
    /// Forward, after this delay.
    Latency(Duration),
    /// Never answer (until the rule is removed, then the connection is dropped).
    Hang,
    /// Close the connection without answering.
    Reset,
    /// Forward, but cut the answer's body in half (Content-Length unchanged).
    Truncate,
    /// HTTP 200 with a body that is not the protocol's XML.
    Malformed,
    /// Any other error answer in the protocol, e.g. `(403, "ExpiredToken")`.
    Error(u16, &'static str),
}

/// Which requests a rule spoils; `None` matches anything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Match {
    /// The SigV4 signing name: `rds`, `monitoring` (CloudWatch), `autoscaling`, `pi`.
    pub service: Option<&'static str>,
    pub operation: Option<&'static str>,
    pub region: Option<&'static str>,
}

#[derive(Debug)]
struct Rule {
    id: u64,
    on: Match,
    fault: Fault,
    /// Per mille of the matching requests.
    share: u64,
    seed: u64,
    seen: u64,
}

/// Calls held until the test admits them.
#[derive(Debug)]
struct Gate {
    id: u64,
    on: Match,
    /// Calls that may still pass.
    permits: u64,
    /// Invocations let through: their retries pass without a permit.
    admitted: HashSet<String>,
    /// Requests waiting for a permit.
    held: u64,
}

/// What the proxy saw of one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub service: String,
    pub operation: String,
    pub region: String,
    /// The SDK's `amz-sdk-invocation-id`: the same for every attempt of one call.
    pub invocation: String,
    /// The awsQuery form fields, e.g. `("MaxRecords", "1")`.
    pub params: Vec<(String, String)>,
    pub fault: Option<Fault>,
}

impl Seen {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug)]
struct Shared {
    rules: Mutex<Vec<Rule>>,
    gates: Mutex<Vec<Gate>>,
    /// Signalled when a gate opens or goes.
    gate_moved: Condvar,
    seen: Mutex<Vec<Seen>>,
    /// Bumped when a request is logged or held, for [`FaultProxy::wait_until`].
    changed: watch::Sender<u64>,
    next_id: AtomicU64,
}

impl Shared {
    fn new() -> Self {
        Self {
            rules: Mutex::default(),
            gates: Mutex::default(),
            gate_moved: Condvar::new(),
            seen: Mutex::default(),
            changed: watch::Sender::new(0),
            next_id: AtomicU64::new(0),
        }
    }

    fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }
}

/// A running proxy; it lives as long as the test process.
#[derive(Debug, Clone)]
pub struct FaultProxy {
    pub endpoint: String,
    upstream: String,
    shared: Arc<Shared>,
}

/// A rule in force; `FaultProxy::lift` removes it.
#[derive(Debug, Clone, Copy)]
pub struct RuleId(u64);

/// A gate in place; `FaultProxy::ungate` removes it.
#[derive(Debug, Clone, Copy)]
pub struct GateId(u64);

/// The longest a request is held (by a hang or a gate) before the proxy gives up on the test.
const HOLD_AT_MOST: Duration = Duration::from_mins(5);

impl FaultProxy {
    /// Listens on a free loopback port and forwards to `upstream` (`http://host:port`).
    pub fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fault proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let upstream = upstream.trim_start_matches("http://").trim_end_matches('/').to_owned();
        let proxy = Self { endpoint: format!("http://127.0.0.1:{port}"), upstream, shared: Arc::new(Shared::new()) };
        let accepting = proxy.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let p = accepting.clone();
                std::thread::spawn(move || p.serve(stream));
            }
        });
        proxy
    }

    /// Spoils `share` (0.0..=1.0) of the matching requests, chosen by `seed`, until lifted.
    pub fn inject(&self, on: Match, fault: Fault, share: f64, seed: u64) -> RuleId {
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        let share = (share.clamp(0.0, 1.0) * 1000.0).round() as u64;
        self.rules().push(Rule { id, on, fault, share, seed, seen: 0 });
        RuleId(id)
    }

    pub fn lift(&self, rule: RuleId) {
        self.rules().retain(|r| r.id != rule.0);
    }

    /// Holds every new call matching `on` (the first request of an SDK invocation; the retries
    /// of a call let through pass) until [`FaultProxy::admit`] lets it through. Held requests
    /// are not in the log yet; the rules apply once they pass. First matching gate wins.
    pub fn gate(&self, on: Match) -> GateId {
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        self.gates().push(Gate { id, on, permits: 0, admitted: HashSet::new(), held: 0 });
        GateId(id)
    }

    /// Lets `calls` more calls through `gate`, now or as they come.
    pub fn admit(&self, gate: GateId, calls: u64) {
        if let Some(g) = self.gates().iter_mut().find(|g| g.id == gate.0) {
            g.permits += calls;
        }
        self.shared.gate_moved.notify_all();
    }

    /// Requests waiting at `gate` for a permit.
    pub fn held(&self, gate: GateId) -> u64 {
        self.gates().iter().find(|g| g.id == gate.0).map_or(0, |g| g.held)
    }

    /// Removes `gate`: what it holds, and whatever comes later, passes.
    pub fn ungate(&self, gate: GateId) {
        self.gates().retain(|g| g.id != gate.0);
        self.shared.gate_moved.notify_all();
    }

    /// Every request seen so far (held ones excepted), in the order the proxy decided on them.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Waits until `done` holds of the proxy (checked whenever a request is logged or held);
    /// fails after `limit`, a liveness guard.
    pub async fn wait_until(&self, what: &str, limit: Duration, mut done: impl FnMut(&Self) -> bool) {
        let mut changed = self.shared.changed.subscribe();
        let deadline = tokio::time::Instant::now() + limit;
        while !done(self) {
            let waited = tokio::time::timeout_at(deadline, changed.changed()).await;
            assert!(waited.is_ok(), "not within {limit:?}: {what}\n{:#?}", self.seen());
        }
    }

    fn rules(&self) -> MutexGuard<'_, Vec<Rule>> {
        self.shared.rules.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn gates(&self) -> MutexGuard<'_, Vec<Gate>> {
        self.shared.gates.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits while a gate holds this request's call.
    fn pass_gates(&self, request: &Request) {
        let mut gates = self.gates();
        let Some(id) = gates.iter().find(|g| g.on.matches(request)).map(|g| g.id) else { return };
        let known = |g: &Gate| !request.invocation.is_empty() && g.admitted.contains(&request.invocation);
        let until = Instant::now() + HOLD_AT_MOST;
        let mut holding = false;
        loop {
            let Some(gate) = gates.iter_mut().find(|g| g.id == id) else { return };
            let admitted = known(gate)
                || (gate.permits > 0 && {
                    gate.permits -= 1;
                    gate.admitted.insert(request.invocation.clone());
                    true
                });
            let left = until.saturating_duration_since(Instant::now());
            if admitted || left.is_zero() {
                gate.held -= u64::from(holding);
                return;
            }
            if !holding {
                holding = true;
                gate.held += 1;
                self.shared.bump();
            }
            gates = self.shared.gate_moved.wait_timeout(gates, left).unwrap_or_else(PoisonError::into_inner).0;
        }
    }

    fn rule_alive(&self, id: u64) -> bool {
        self.rules().iter().any(|r| r.id == id)
    }

    /// The fault for this request, if any rule picks it (first matching rule wins).
    fn pick(&self, request: &Request) -> Option<(u64, Fault)> {
        let mut rules = self.rules();
        rules.iter_mut().filter(|r| r.on.matches(request)).find_map(|rule| {
            rule.seen += 1;
            (mix(rule.seed, rule.seen) % 1000 < rule.share).then_some((rule.id, rule.fault))
        })
    }

    fn serve(&self, mut client: TcpStream) {
        let Some(request) = Request::read(&client) else { return };
        self.pass_gates(&request);
        // Decided and logged in one step, so that the log is in the order of the decisions: what
        // is logged after a rule changed was decided under the new rules.
        let picked = {
            let mut seen = self.shared.seen.lock().unwrap_or_else(PoisonError::into_inner);
            let picked = self.pick(&request);
            seen.push(Seen {
                service: request.service.clone(),
                operation: request.operation.clone(),
                region: request.region.clone(),
                invocation: request.invocation.clone(),
                params: request.params.clone(),
                fault: picked.map(|(_, f)| f),
            });
            picked
        };
        self.shared.bump();
        let answer = match picked {
            None => self.forward(&request),
            Some((_, Fault::Latency(delay))) => {
                std::thread::sleep(delay);
                self.forward(&request)
            }
            Some((_, Fault::Throttle)) => Some(error_answer(&request, 400, "Throttling", "Rate exceeded")),
            Some((_, Fault::Status(503))) => {
                Some(error_answer(&request, 503, "ServiceUnavailable", "Service unavailable"))
            }
            Some((_, Fault::Status(code))) => Some(error_answer(&request, code, "InternalFailure", "internal error")),
            Some((_, Fault::Error(status, code))) => Some(error_answer(&request, status, code, "injected by the test")),
            Some((id, Fault::Hang)) => {
                let until = Instant::now() + HOLD_AT_MOST;
                while self.rule_alive(id) && Instant::now() < until {
                    std::thread::sleep(Duration::from_millis(20));
                }
                None
            }
            Some((_, Fault::Reset)) => None,
            Some((_, Fault::Truncate)) => self.forward(&request).map(|a| truncate(&a)),
            Some((_, Fault::Malformed)) => Some(answer(200, "text/xml", b"<DescribeResponse><Resul\x00t>{{oops", &[])),
        };
        if let Some(bytes) = answer {
            client.write_all(&bytes).ok();
            client.flush().ok();
        }
        client.shutdown(Shutdown::Both).ok();
    }

    fn forward(&self, request: &Request) -> Option<Vec<u8>> {
        let mut upstream = TcpStream::connect(&self.upstream).ok()?;
        upstream.write_all(&request.raw_for_upstream()).ok()?;
        let mut bytes = Vec::new();
        upstream.read_to_end(&mut bytes).ok()?;
        Some(with_connection_close(&bytes))
    }
}

impl Match {
    fn matches(&self, r: &Request) -> bool {
        self.service.is_none_or(|s| s == r.service)
            && self.operation.is_none_or(|o| o == r.operation)
            && self.region.is_none_or(|g| g == r.region)
    }
}

/// splitmix64 of (seed, n): deterministic and well spread.
fn mix(seed: u64, n: u64) -> u64 {
    let mut z = seed.wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One parsed request.
#[derive(Debug)]
struct Request {
    head: Vec<String>,
    body: Vec<u8>,
    service: String,
    operation: String,
    region: String,
    invocation: String,
    /// The awsQuery form fields.
    params: Vec<(String, String)>,
}

impl Request {
    fn read(stream: &TcpStream) -> Option<Self> {
        let mut reader = BufReader::new(stream);
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim_end_matches(['\r', '\n']).to_owned();
            if line.is_empty() {
                break;
            }
            head.push(line);
        }
        let header = |name: &str| {
            head.iter().skip(1).find_map(|h| {
                let (k, v) = h.split_once(':')?;
                k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
            })
        };
        let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        // Credential=AKID/20261127/us-west-2/rds/aws4_request
        let scope: Vec<String> = header("authorization")
            .and_then(|a| a.split("Credential=").nth(1).map(|c| c.split(',').next().unwrap_or(c).to_owned()))
            .map(|c| c.split('/').map(str::to_owned).collect())
            .unwrap_or_default();
        let form = header("content-type").is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        let params: Vec<(String, String)> = if form {
            String::from_utf8_lossy(&body)
                .split('&')
                .filter_map(|kv| kv.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
                .collect()
        } else {
            Vec::new()
        };
        let action = params.iter().find(|(k, _)| k == "Action").map(|(_, v)| v.clone());
        let target = header("x-amz-target").map(|t| t.rsplit('.').next().unwrap_or(&t).to_owned());
        Some(Self {
            service: scope.get(3).cloned().unwrap_or_default(),
            region: scope.get(2).cloned().unwrap_or_default(),
            operation: action.or(target).unwrap_or_default(),
            invocation: header("amz-sdk-invocation-id").unwrap_or_default(),
            params,
            head,
            body,
        })
    }

    /// The request as sent on, asking the server to close after answering.
    fn raw_for_upstream(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for line in self.head.iter().filter(|h| !h.to_ascii_lowercase().starts_with("connection:")) {
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"Connection: close\r\n\r\n");
        out.extend_from_slice(&self.body);
        out
    }

    fn is_query(&self) -> bool {
        matches!(self.service.as_str(), "rds" | "monitoring" | "autoscaling")
    }
}

fn answer(status: u16, content_type: &str, body: &[u8], extra: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} Fault\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in extra {
        out.extend([*k, ": ", *v, "\r\n"]);
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// An error in the request's protocol: awsQuery XML, or JSON with `x-amzn-ErrorType`.
fn error_answer(request: &Request, status: u16, code: &str, message: &str) -> Vec<u8> {
    if request.is_query() {
        let body = format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>\
             <RequestId>fault-proxy</RequestId></ErrorResponse>"
        );
        answer(status, "text/xml", body.as_bytes(), &[])
    } else {
        let code = if code == "Throttling" { "ThrottlingException" } else { code };
        let body = format!("{{\"__type\":\"{code}\",\"message\":\"{message}\"}}");
        answer(status, "application/x-amz-json-1.1", body.as_bytes(), &[("x-amzn-ErrorType", code)])
    }
}

fn split_head(bytes: &[u8]) -> (&[u8], &[u8]) {
    let at = bytes.windows(4).position(|w| w == b"\r\n\r\n").map_or(bytes.len(), |p| p + 4);
    bytes.split_at(at)
}

fn with_connection_close(bytes: &[u8]) -> Vec<u8> {
    let (head, body) = split_head(bytes);
    let text = String::from_utf8_lossy(head);
    let mut out = String::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty() && !l.to_ascii_lowercase().starts_with("connection:")) {
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn truncate(bytes: &[u8]) -> Vec<u8> {
    let (head, body) = split_head(bytes);
    let mut out = head.to_vec();
    out.extend_from_slice(&body[..body.len() / 2]);
    out
}
