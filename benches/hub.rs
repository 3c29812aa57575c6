#![allow(clippy::unwrap_used)] // a bench: a failure is a panic with its reason
//! The war-room hub on the simulated fleet, against a real nats-server (`$OPSDECK_NATS_SERVER`
//! or target/moto-venv, as the tests find it): simulator calls per minute of 20 direct
//! consoles and of 1 hub feeding 20 consoles; NATS bytes a console on the hub receives per
//! minute; the hub's CPU; how long a console joining late takes to have every feed at 5,000
//! instances, and how much its data adds to its RSS.
//!
//! `cargo bench --bench hub` prints the table the README quotes (`cargo test --bench hub --
//! --bench`: the same from a debug build; plain `cargo test` only builds it). Pollers run at
//! the default `[poll]` intervals for one minute each way.

use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use tokio::sync::mpsc;

use opsdeck::cloud::Inventory;
use opsdeck::cloud::sim::{SimConfig, Simulator};
use opsdeck::config::hub::NatsAuth;
use opsdeck::feed::Intervals;
use opsdeck::hub::{self, HubConfig, polling::Polling};

const CONSOLES: usize = 20;
const WINDOW: Duration = Duration::from_mins(1);

fn nats_server() -> (Child, String, std::path::PathBuf) {
    let venv = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/moto-venv/bin/nats-server");
    let server = std::env::var_os("OPSDECK_NATS_SERVER").map_or(venv, std::path::PathBuf::from);
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap();
    let store = std::env::temp_dir().join(format!("opsdeck-bench-hub-{}", std::process::id()));
    std::fs::create_dir_all(&store).unwrap();
    let child = Command::new(&server)
        .args(["-js", "-sd", store.to_str().unwrap(), "-a", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("this benchmark needs nats-server ({}): {e}; run `bash tests/run` once", server.display())
        });
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nats-server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    (child, format!("nats://127.0.0.1:{port}"), store)
}

/// A subject without its scope: `opsdeck.v2.state.<scope>.metrics.key` → `state.metrics.key`.
fn kind(subject: &str) -> String {
    let parts: Vec<&str> = subject.split('.').skip(2).collect();
    match parts.as_slice() {
        ["state", _scope, rest @ ..] => format!("state.{}", rest.iter().take(2).copied().collect::<Vec<_>>().join(".")),
        [first, ..] => (*first).to_owned(),
        [] => subject.to_owned(),
    }
}

fn sim(size: usize) -> Arc<Simulator> {
    Arc::new(Simulator::new(SimConfig { fleet_size: Some(size), ..SimConfig::default() }))
}

fn hub_config(url: &str, name: &str) -> HubConfig {
    HubConfig {
        url: url.to_owned(),
        name: name.to_owned(),
        retention: Duration::from_hours(1),
        keyframe_every: chrono::Duration::minutes(10),
        beat_every: Duration::from_secs(5),
        intervals: Intervals::default(),
        call_timeout: Duration::from_mins(1),
        auth: NatsAuth::default(),
        lease_ttl: Duration::from_secs(10),
        detail: None,
        replicas: 1,
    }
}

/// (user + system CPU seconds, RSS in MB) of this process.
fn usage() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    let cpu = (ticks(11) + ticks(12)) / 100.0;
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok());
    (cpu, rss.unwrap_or(0.0) / 1024.0)
}

/// One direct console's pollers: every scope, metrics following the fleet, as the app does.
fn direct_console(sim: &Arc<Simulator>) -> tokio::task::JoinHandle<()> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let inventory = Arc::clone(sim) as Arc<dyn Inventory>;
    let mut polling = Polling::new(Arc::clone(&inventory), Intervals::default(), Duration::from_mins(1), tx);
    for scope in inventory.scopes() {
        polling.start(&scope);
    }
    tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            if let opsdeck::event::Event::Polled(polled) = event {
                polling.update(&polled);
            }
        }
    })
}

/// Starts a hub on `sim` and waits until it has stated every feed whole.
async fn started_hub(url: &str, sim: &Arc<Simulator>, name: &str) -> tokio::task::JoinHandle<()> {
    let feeds = sim.scopes().len() * 5;
    let client = async_nats::connect(url).await.unwrap();
    let mut keys = client.subscribe("opsdeck.v2.state.*.*.key").await.unwrap();
    let config = hub_config(url, name);
    let inventory = Arc::clone(sim) as Arc<dyn Inventory>;
    let hub = tokio::spawn(async move {
        hub::serve(inventory, config).await.unwrap();
    });
    let mut seen = HashSet::new();
    while seen.len() < feeds {
        seen.insert(keys.next().await.unwrap().subject.to_string());
    }
    hub
}

async fn late_join(url: &str, size: usize) -> (Duration, f64) {
    let sim = sim(size);
    let hub = started_hub(url, &sim, "late").await;
    let (_, before) = usage();
    let started = Instant::now();
    let joined = hub::join::join(url, &NatsAuth::default(), Duration::from_secs(10)).await.unwrap();
    let console = hub::HubInventory::new(url, joined, chrono::Duration::seconds(60));
    for scope in console.scopes() {
        console.db_fleet(&scope).await.unwrap();
        console.alarms(&scope).await.unwrap();
    }
    let took = started.elapsed();
    let (_, after) = usage();
    hub.abort();
    (took, after - before)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // Under `cargo test` (no `--bench`) only built: it needs nats-server and two minutes.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let (mut server, url, store) = nats_server();
    println!(
        "1 hub + {CONSOLES} consoles vs {CONSOLES} direct consoles, 1,000 simulated instances, default [poll] intervals, {} s:",
        WINDOW.as_secs()
    );

    let direct = sim(1_000);
    let tasks: Vec<_> = (0..CONSOLES).map(|_| direct_console(&direct)).collect();
    let at_start = direct.calls();
    tokio::time::sleep(WINDOW).await;
    let direct_calls = direct.calls() - at_start;
    // Ending a console's task drops its pollers, which stop.
    tasks.iter().for_each(tokio::task::JoinHandle::abort);

    let fed = sim(1_000);
    let bytes = Arc::new(AtomicU64::new(0));
    let kinds: Arc<std::sync::Mutex<std::collections::BTreeMap<String, (u64, u64)>>> = Arc::default();
    let client = async_nats::connect(&url).await.unwrap();
    let mut everything = client.subscribe("opsdeck.v2.>").await.unwrap();
    let (counted, by_kind) = (Arc::clone(&bytes), Arc::clone(&kinds));
    tokio::spawn(async move {
        while let Some(m) = everything.next().await {
            // What a console receives: each message's subject and payload (headers are a few
            // bytes more).
            let size = (m.payload.len() + m.subject.len()) as u64;
            counted.fetch_add(size, Ordering::Relaxed);
            let mut kinds = by_kind.lock().unwrap();
            let entry = kinds.entry(kind(&m.subject)).or_default();
            *entry = (entry.0 + 1, entry.1 + size);
        }
    });
    let hub = started_hub(&url, &fed, "bench").await;
    // Every console on the hub joins (their reads never reach the simulator).
    let mut consoles = Vec::new();
    for _ in 0..CONSOLES {
        let joined = hub::join::join(&url, &NatsAuth::default(), Duration::from_secs(10)).await.unwrap();
        consoles.push(hub::HubInventory::new(&url, joined, chrono::Duration::seconds(60)));
    }
    let (at_start, (cpu0, _)) = (fed.calls(), usage());
    bytes.store(0, Ordering::Relaxed);
    kinds.lock().unwrap().clear();
    tokio::time::sleep(WINDOW).await;
    let hub_calls = fed.calls() - at_start;
    let per_console = bytes.load(Ordering::Relaxed);
    let (cpu1, rss) = usage();
    hub.abort();
    drop(consoles);

    println!("| | simulator calls per minute | NATS bytes per console per minute |");
    println!("|---|---:|---:|");
    println!("| {CONSOLES} direct consoles | {direct_calls} | — |");
    println!("| 1 hub + {CONSOLES} consoles | {hub_calls} | {:.0} KB |", per_console as f64 / 1000.0);
    println!();
    println!("what those bytes were (messages, KB):");
    for (kind, (messages, size)) in kinds.lock().unwrap().iter() {
        println!("  {kind:<28} {messages:>5} {:>8.1}", *size as f64 / 1000.0);
    }
    println!();
    println!(
        "process CPU during the hub's minute (the hub, {CONSOLES} consoles' readers, the simulator): {:.0} %; RSS {rss:.0} MB",
        (cpu1 - cpu0) / WINDOW.as_secs_f64() * 100.0
    );
    for size in [1_000, 5_000] {
        let (took, grew) = late_join(&url, size).await;
        println!(
            "a console joining late at {size} instances: every feed in {:.0} ms; its data adds {grew:.0} MB of RSS",
            took.as_secs_f64() * 1000.0
        );
    }
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&store);
}
