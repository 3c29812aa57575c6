//! The moto fleet: a moto server of its own on a free loopback port, seeded through the SDK
//! with RDS instances in one region the way tests/it/aws seeds it, and the environment that
//! points a console at it as exported keys point one at an account.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_config::{BehaviorVersion, Region};
use aws_credential_types::Credentials;
use aws_sdk_rds::Client as Rds;

/// What every seeded instance's name starts with: `shop-db-000`, `shop-db-001`, …
pub const PREFIX: &str = "shop-db-";

/// moto's account.
const ACCOUNT: &str = "123456789012";

/// A running moto server, stopped when dropped.
#[derive(Debug)]
pub struct Moto {
    pub endpoint: String,
    child: Child,
    pub log: PathBuf,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts moto_server on a free loopback port, its log in `home`.
pub fn start(home: &Path) -> Result<Moto, String> {
    let server = crate::tools::installed("OPSDECK_MOTO_SERVER", "moto_server").ok_or(
        "the moto mode needs moto_server (moto[server]==5.2.5): set OPSDECK_MOTO_SERVER, or run \
         `bash tests/run`, which installs it into target/moto-venv",
    )?;
    let port = crate::tools::free_port()?;
    let log = home.join("moto.log");
    let out = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| format!("{}: {e}", log.display()))?;
    let child = Command::new(&server)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", server.display()))?;
    let mut moto = Moto { endpoint: format!("http://127.0.0.1:{port}"), child, log };
    // It listens within about half a second and says nothing else when it is up.
    let deadline = Instant::now() + Duration::from_mins(1);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(moto);
        }
        if let Ok(Some(status)) = moto.child.try_wait() {
            return Err(format!(
                "{} ended ({status}) before listening; log in {}",
                server.display(),
                moto.log.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("{} did not listen within a minute; log in {}", server.display(), moto.log.display()))
}

/// Seeds `count` PostgreSQL 16 instances `shop-db-000`… in `region`, shaped as tests/it/aws
/// seeds its fleets (encrypted, backups kept 7 days, deletion protection, Performance Insights
/// asked for), every third one Multi-AZ. One request at a time: moto's RDS is not thread-safe
/// within a region.
pub fn seed(moto: &Moto, region: &str, count: usize) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("no runtime to seed with: {e}"))?;
    runtime.block_on(async {
        let config = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(region.to_owned()))
            .endpoint_url(&moto.endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
            .http_client(aws_smithy_http_client::Builder::new().build_http())
            .load()
            .await;
        let rds = Rds::new(&config);
        for i in 0..count {
            let id = name(i);
            rds.create_db_instance()
                .db_instance_identifier(&id)
                .db_instance_class("db.r6g.large")
                .engine("postgres")
                .engine_version("16.3")
                .allocated_storage(100)
                .master_username("admin")
                .master_user_password("not-a-secret-1")
                .multi_az(i % 3 == 0)
                .storage_encrypted(true)
                .kms_key_id(format!("arn:aws:kms:{region}:{ACCOUNT}:key/shop-data"))
                .backup_retention_period(7)
                .deletion_protection(true)
                .publicly_accessible(false)
                .enable_performance_insights(true)
                .send()
                .await
                .map_err(|e| format!("CreateDBInstance {id}: {e:?}; moto's log is {}", moto.log.display()))?;
        }
        Ok(())
    })
}

/// The name of the `i`-th seeded instance.
pub fn name(i: usize) -> String {
    format!("{PREFIX}{i:03}")
}

/// The environment of a shell with keys exported and `AWS_ENDPOINT_URL` at moto, with no user
/// AWS config (its files are under `home`, and absent).
pub fn environment(moto: &Moto, region: &str, home: &Path) -> Vec<(&'static str, String)> {
    let path = |f: &str| home.join(f).display().to_string();
    vec![
        ("HOME", home.display().to_string()),
        ("AWS_CONFIG_FILE", path("aws-config")),
        ("AWS_SHARED_CREDENTIALS_FILE", path("aws-credentials")),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ("AWS_ENDPOINT_URL", moto.endpoint.clone()),
        ("AWS_ACCESS_KEY_ID", "testing".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "testing".to_owned()),
        ("AWS_REGION", region.to_owned()),
        ("AWS_DEFAULT_REGION", region.to_owned()),
        ("LANG", "C.UTF-8".to_owned()),
    ]
}
