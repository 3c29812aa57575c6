//! The AWS adapter against moto, a real AWS-protocol server on loopback: seeded through the SDK,
//! read back through `Inventory` and `Operations`, counted by the adapter's API accounting.
//!
//! One moto server serves the whole test binary; each test works in regions of its own, so
//! tests never see each other's resources. `bash tests/run` installs moto into target/; without
//! it the tests say so loudly and skip — except in CI (`CI=true`), where a missing moto fails.
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
//! - CloudWatch speaks awsQuery only, hence `aws-sdk-cloudwatch = "=1.99.0"`.

mod check;
mod inventory;
mod meter;
mod ops;
mod plan;
pub mod seed;

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

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

static MOTO: OnceLock<Option<Moto>> = OnceLock::new();

/// The moto server, started on first use; `None` when moto is missing outside CI.
pub fn moto() -> Option<&'static Moto> {
    MOTO.get_or_init(start).as_ref()
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
#[allow(clippy::zombie_processes)]
fn start() -> Option<Moto> {
    let Some(server) = server_path() else {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(!ci, "CI=true but moto_server is missing: `bash tests/run` installs moto[server]==5.2.5");
        eprintln!(
            "\n**********\n* SKIPPING the AWS adapter tests against moto: moto_server not found.\n\
             * Run `bash tests/run` (it installs moto[server]==5.2.5 into target/moto-venv).\n**********\n"
        );
        return None;
    };
    let port = free_port();
    // A watchdog shell ends the server when this test process ends, however it ends.
    let script = format!(
        "'{}' -H 127.0.0.1 -p {port} >'{}' 2>&1 & m=$!; \
         while kill -0 {} 2>/dev/null && kill -0 $m 2>/dev/null; do sleep 1; done; kill $m 2>/dev/null",
        server.display(),
        log_path().display(),
        std::process::id()
    );
    let watchdog = Command::new("sh").arg("-c").arg(script).stdin(Stdio::null()).spawn().unwrap();
    // Bounded wait for the server to listen (it starts in about half a second).
    for _ in 0..300 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            eprintln!("moto_server on port {port}, log in {}", log_path().display());
            return Some(Moto { endpoint: format!("http://127.0.0.1:{port}"), _watchdog: watchdog });
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("moto_server did not listen on port {port} within 15 s");
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
