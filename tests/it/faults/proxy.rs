//! A fault-injecting HTTP/1.1 proxy on loopback, between the AWS SDK and moto.
//!
//! Rules say which requests to spoil (service signing name and region from the SigV4 credential
//! scope, operation from the awsQuery `Action=` field or the `X-Amz-Target` header) and how:
//! throttle in the service's own protocol, answer 500/503, add latency, hang, drop the
//! connection, or cut or garble the body. A rule applies to a share of the matching requests,
//! chosen by a seeded hash of the request's ordinal (deterministic), until it is removed.
//!
//! Blocking std I/O on one thread per connection: the SDK's requests are small, each connection
//! carries one exchange (`Connection: close` both ways), and the tests need nothing faster.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

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

/// What the proxy saw of one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub service: String,
    pub operation: String,
    pub region: String,
    pub at: Instant,
    pub fault: Option<Fault>,
}

#[derive(Debug, Default)]
struct Shared {
    rules: Mutex<Vec<Rule>>,
    seen: Mutex<Vec<Seen>>,
    next_id: AtomicU64,
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

impl FaultProxy {
    /// Listens on a free loopback port and forwards to `upstream` (`http://host:port`).
    pub fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fault proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let upstream = upstream.trim_start_matches("http://").trim_end_matches('/').to_owned();
        let proxy = Self { endpoint: format!("http://127.0.0.1:{port}"), upstream, shared: Arc::default() };
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

    /// Every request seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn rules(&self) -> std::sync::MutexGuard<'_, Vec<Rule>> {
        self.shared.rules.lock().unwrap_or_else(PoisonError::into_inner)
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
        let picked = self.pick(&request);
        self.shared.seen.lock().unwrap_or_else(PoisonError::into_inner).push(Seen {
            service: request.service.clone(),
            operation: request.operation.clone(),
            region: request.region.clone(),
            at: Instant::now(),
            fault: picked.map(|(_, f)| f),
        });
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
                let until = Instant::now() + Duration::from_mins(5);
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
        let form = String::from_utf8_lossy(&body);
        let action = form.split('&').find_map(|kv| kv.strip_prefix("Action=").map(str::to_owned));
        let target = header("x-amz-target").map(|t| t.rsplit('.').next().unwrap_or(&t).to_owned());
        Some(Self {
            service: scope.get(3).cloned().unwrap_or_default(),
            region: scope.get(2).cloned().unwrap_or_default(),
            operation: action.or(target).unwrap_or_default(),
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
