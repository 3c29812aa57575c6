//! The AWS adapter against moto, a real AWS-protocol server on loopback: seeded through the SDK,
//! read back through `Inventory` and `Operations`, counted by the adapter's API accounting.
//!
//! One moto server serves the whole test binary; each test works in regions of its own, so
//! tests never see each other's resources.
//!
//! Skips: every test that needs moto (here and in `faults`) is `#[ignore]`d, so a plain
//! `cargo test` reports it as ignored, not passed. `bash tests/run` installs moto[server]==5.2.5
//! into target/moto-venv and runs them with `-- --include-ignored`; without moto it runs the
//! rest and says at the end how many were skipped and why — and with `CI=true` it fails
//! instead. Run by hand (`cargo test --test it -- --include-ignored`), they find moto_server at
//! `$OPSDECK_MOTO_SERVER` or in target/moto-venv, and fail with a message saying so when it is
//! in neither. Under `CI=true`, [`ci_runs_every_moto_test`] fails a run that would skip them.
//!
//! moto's known gaps (5.2.5), which these tests work around rather than assert against:
//! - `RebootDBInstance` with `ForceFailover` is a no-op: no AZ swap, no status change;
//! - `PromoteReadReplica` is partial: the instance keeps some replica attributes;
//! - `SecondaryAvailabilityZone` and `PerformanceInsightsEnabled` come back empty;
//! - `DbiResourceId` is the same for every instance;
//! - `DescribeScalingActivities` is always empty; no status transitions (all `available`);
//! - `DescribeAlarms` ignores `MaxRecords` (one page); `DescribeAlarmHistory` is not
//!   implemented, and there is no Performance Insights at all: those mappings are tested with
//!   aws-smithy-mocks in `src/cloud/aws/tests.rs`;
//! - CloudWatch speaks awsQuery only, hence `aws-sdk-cloudwatch = "=1.99.0"`;
//! - `DisableAlarmActions` / `EnableAlarmActions` flip `ActionsEnabled` (an unknown name is
//!   ignored, no error), but moto runs no alarm actions either way.

mod alarm_actions;
mod check;
mod doctor;
mod events;
mod hardening;
mod history;
mod identity;
mod inventory;
mod judged;
mod members;
mod meter;
mod ops;
mod plan;
mod scheduled;
mod security_groups;
pub mod seed;

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use opsdeck::cloud::aws::{Aws, Settings, StaticCredentials, Timeouts};

/// The shared server.
#[derive(Debug)]
pub struct Moto {
    pub endpoint: String,
    /// The shell that runs the server and ends it with this process.
    _watchdog: Child,
}

static MOTO: OnceLock<Result<Moto, String>> = OnceLock::new();

/// The moto server, started on first use. Every test that calls this is marked
/// `#[ignore = "needs moto_server: bash tests/run runs it"]`, so it runs only when asked for;
/// without moto_server it fails the test, saying why.
pub fn moto() -> &'static Moto {
    match MOTO.get_or_init(start) {
        Ok(moto) => moto,
        Err(why) => panic!("{why}"),
    }
}

fn server_path() -> Option<PathBuf> {
    let from_env = std::env::var_os("OPSDECK_MOTO_SERVER").map(PathBuf::from);
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/moto-venv/bin/moto_server");
    from_env.into_iter().chain([venv]).find(|p| p.is_file())
}

/// moto's own log, for when a seeding call fails with a 500.
fn log_path() -> PathBuf {
    std::env::temp_dir().join(format!("opsdeck-moto-{}.log", std::process::id()))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap()
}

// The watchdog is never waited on: it lives exactly as long as this test process, by design.
fn start() -> Result<Moto, String> {
    spawn(&[], &log_path())
}

/// A moto server of the caller's own (not the shared one), whose every request is recorded in
/// `recording` (moto's recorder, one JSON object per line) once [`Moto::record`] starts it.
/// For tests that count the requests moto receives: no other test's requests reach it.
pub fn own_recording(recording: &std::path::Path) -> Moto {
    let log = recording.with_extension("log");
    let file = recording.display().to_string();
    spawn(&[("MOTO_ENABLE_RECORDING", "True"), ("MOTO_RECORDER_FILEPATH", &file)], &log)
        .unwrap_or_else(|why| panic!("{why}"))
}

#[allow(clippy::zombie_processes)]
fn spawn(env: &[(&str, &str)], log: &std::path::Path) -> Result<Moto, String> {
    let Some(server) = server_path() else {
        return Err("this test needs moto_server (moto[server]==5.2.5), found neither at \
                    $OPSDECK_MOTO_SERVER nor in target/moto-venv: run `bash tests/run`, which \
                    installs it there and runs the moto tests"
            .to_owned());
    };
    let port = free_port();
    // A watchdog shell ends the server when this test process ends, however it ends.
    let script = format!(
        "'{}' -H 127.0.0.1 -p {port} >'{}' 2>&1 & m=$!; \
         while kill -0 {} 2>/dev/null && kill -0 $m 2>/dev/null; do sleep 1; done; kill $m 2>/dev/null",
        server.display(),
        log.display(),
        std::process::id()
    );
    let mut watchdog =
        Command::new("sh").arg("-c").arg(script).envs(env.iter().copied()).stdin(Stdio::null()).spawn().unwrap();
    // The server listens within about half a second; a minute is a liveness guard. It says
    // nothing else when it is up, so the port is tried until it answers or the server is gone.
    let deadline = Instant::now() + Duration::from_mins(1);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            eprintln!("moto_server on port {port}, log in {}", log.display());
            return Ok(Moto { endpoint: format!("http://127.0.0.1:{port}"), _watchdog: watchdog });
        }
        if let Ok(Some(status)) = watchdog.try_wait() {
            let log = std::fs::read_to_string(log).unwrap_or_default();
            return Err(format!("{} ended ({status}) before listening:\n{log}", server.display()));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("{} did not listen on port {port} within a minute; log in {}", server.display(), log.display()))
}

impl Moto {
    /// Starts (or restarts) moto's recorder, forgetting what it recorded before.
    pub fn record(&self) {
        for step in ["reset-recording", "start-recording"] {
            self.recorder(step);
        }
    }

    /// Stops the recorder (what it recorded stays in its file).
    pub fn stop_recording(&self) {
        self.recorder("stop-recording");
    }

    /// One call to moto's recorder API (a loopback round trip of a millisecond).
    fn recorder(&self, step: &str) {
        use std::io::{Read as _, Write as _};
        let address = self.endpoint.trim_start_matches("http://");
        let request = format!(
            "POST /moto-api/recorder/{step} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        let mut stream = TcpStream::connect(address).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "moto's recorder ({step}): {answer}");
    }
}

/// Under `CI=true` the moto tests must run, not be reported as ignored: a CI run without
/// `--include-ignored` (or without moto_server) fails here. `bash tests/run` passes both.
#[test]
fn ci_runs_every_moto_test() {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        let asked = std::env::args().any(|a| a == "--include-ignored" || a == "--ignored");
        assert!(asked, "CI=true, but the tests that need moto are skipped (ignored): run `bash tests/run`");
        assert!(server_path().is_some(), "CI=true, but moto_server is missing: run `bash tests/run`");
    }
}

fn credentials() -> Credentials {
    Credentials::new("testing", "testing", None, None, "moto")
}

/// An SDK configuration pointing at moto, for seeding.
pub async fn sdk(moto: &Moto, region: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .endpoint_url(&moto.endpoint)
        .credentials_provider(credentials())
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .load()
        .await
}

/// The adapter under test, on `regions` of moto.
pub async fn adapter(moto: &Moto, regions: &[&str]) -> Aws {
    let settings = Settings {
        profiles: Vec::new(),
        regions: regions.iter().map(|r| (*r).to_owned()).collect(),
        // moto is slower than AWS under a thousand-instance load: generous, but still bounded.
        timeouts: Timeouts { attempt: Duration::from_mins(1), operation: Duration::from_mins(2) },
        endpoint_url: Some(moto.endpoint.clone()),
        static_credentials: Some(StaticCredentials {
            access_key_id: "testing".to_owned(),
            secret_access_key: "testing".to_owned(),
        }),
    };
    Aws::connect(&settings).await.unwrap()
}
