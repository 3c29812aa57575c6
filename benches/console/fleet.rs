//! The moto mode: opsdeck, then a peer console, each on the same seeded moto fleet in the same
//! 200×50 pty, each measured the same way from outside: time until the fleet's rows are on
//! screen, CPU over an idle window, and the resident set as `/proc` reports it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::moto::{self, Moto};
use crate::options::Fleet;
use crate::probe::{Outcome, cpu_seconds, status_field};
use crate::session::{self, ROWS, Record, Session};

/// Rows of the fleet that must be on screen at once: the first screenful, not one name.
const ROWS_SHOWN: usize = 10;

/// The wait after the first rows before the idle window opens, so the rest of the first
/// wave of results (metrics, alarms) lands outside it.
const SETTLE: Duration = Duration::from_secs(5);

/// The wait after a console quits before the next starts: moto is single-threaded Python and
/// finishes a request a console left in flight (a `GetMetricData` of 123 instances takes it over
/// a second), which would otherwise land on the next console's first rows.
const BETWEEN: Duration = Duration::from_secs(3);

/// One console to measure, and how to drive it.
#[derive(Debug, Clone)]
pub struct Contender {
    /// What the table calls it: the binary's file name.
    pub label: String,
    pub exe: PathBuf,
    pub args: Vec<String>,
    /// Keys to type once the text is on screen (e.g. `:rds⏎` once the peer's main view shows).
    pub keys: Option<(String, String)>,
}

impl Contender {
    /// The opsdeck under test, on the fleet's region, read-only, its log files in `logs`.
    pub fn opsdeck(exe: &Path, fleet: &Fleet, logs: &Path) -> Self {
        let file = |f: &str| logs.join(f).display().to_string();
        let args = [
            "--region",
            &fleet.region,
            "--read-only",
            "--log-file",
            &file("opsdeck.log"),
            "--audit-log",
            &file("audit.jsonl"),
        ];
        Self { label: label(exe), exe: exe.to_owned(), args: args.map(str::to_owned).to_vec(), keys: None }
    }

    /// The fleet's peer, if `--exe` named one.
    pub fn peer(fleet: &Fleet) -> Option<Self> {
        let peer = fleet.peer.as_ref()?;
        let keys = peer.prompt.clone().zip(peer.keys.clone());
        Some(Self { label: label(&peer.exe), exe: peer.exe.clone(), args: peer.args.clone(), keys })
    }
}

fn label(exe: &Path) -> String {
    exe.file_name().map_or_else(|| exe.display().to_string(), |f| f.to_string_lossy().into_owned())
}

/// What one run of one console measured.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sample {
    /// From the spawn to the read that put the fleet's first rows on screen.
    pub first_rows_ms: f64,
    /// CPU time over the idle window, as a percentage of one core.
    pub idle_cpu_pct: f64,
    /// `/proc/PID/status` at the end of the idle window, sizes in KiB.
    pub peak_rss_kib: f64,
    pub rss_kib: f64,
    pub rss_anon_kib: f64,
    pub rss_file_kib: f64,
    pub threads: f64,
}

/// Whether the screen shows at least `wanted` rows holding `text`.
pub fn shows_rows(record: &Record, text: &str, wanted: usize) -> bool {
    (0..ROWS).filter(|&y| record.row(y).contains(text)).count() >= wanted
}

/// Runs `contender` once on the moto fleet and measures it; its files go under `home`. Without
/// an `idle` window it stops at the first rows: a warm-up.
pub fn run(contender: &Contender, moto: &Moto, fleet: &Fleet, idle: Option<Duration>, home: &Path) -> Outcome<Sample> {
    std::fs::create_dir_all(home).map_err(|e| format!("{}: {e}", home.display()))?;
    let mut command = session::command(&contender.exe, &contender.args, home)
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN");
    for (name, value) in moto::environment(moto, &fleet.region, home) {
        command = command.env(name, value);
    }
    let session = Session::spawn(command).map_err(|e| format!("cannot start {}: {e}", contender.exe.display()))?;
    let result = measure(&session, contender, fleet, idle);
    if result.is_err() {
        let screen: Vec<String> = (0..ROWS).map(|y| session.record().row(y)).collect();
        eprintln!("{} showed:\n{}", contender.label, screen.join("\n").trim_end());
    }
    session.quit();
    std::thread::sleep(BETWEEN);
    result
}

fn measure(session: &Session, contender: &Contender, fleet: &Fleet, idle: Option<Duration>) -> Outcome<Sample> {
    let mut sample = Sample::default();
    let wait = Duration::from_mins(3);
    if let Some((prompt, keys)) = &contender.keys {
        let prompt = prompt.clone();
        session
            .wait_for(wait, move |r| (0..ROWS).any(|y| r.row(y).contains(&prompt)))
            .ok_or_else(|| format!("{} never showed {:?} within 180 s", contender.label, contender.keys))?;
        session.send(keys).map_err(|e| format!("cannot type: {e}"))?;
    }
    let ready = fleet.ready.clone().unwrap_or_else(|| moto::PREFIX.to_owned());
    let wanted = fleet.instances.min(ROWS_SHOWN);
    let shown = session
        .wait_for(wait, move |r| shows_rows(r, &ready, wanted))
        .ok_or_else(|| format!("{} never showed {wanted} rows of the fleet within 180 s", contender.label))?;
    sample.first_rows_ms = (shown - session.launched).as_secs_f64() * 1000.0;
    let Some(idle) = idle else { return Ok(sample) };
    std::thread::sleep(SETTLE);
    let pid = session.pid();
    let before = cpu_seconds(pid)?;
    let opened = Instant::now();
    std::thread::sleep(idle);
    let after = cpu_seconds(pid)?;
    sample.idle_cpu_pct = (after - before) / opened.elapsed().as_secs_f64() * 100.0;
    sample.peak_rss_kib = status_field(pid, "VmHWM")?;
    sample.rss_kib = status_field(pid, "VmRSS")?;
    sample.rss_anon_kib = status_field(pid, "RssAnon")?;
    sample.rss_file_kib = status_field(pid, "RssFile")?;
    sample.threads = status_field(pid, "Threads")?;
    Ok(sample)
}

/// Seeds the fleet on a moto server of its own, then measures opsdeck and the peer on it,
/// `runs` times each, one after the other (never at once: they share two cores). Each
/// contender first runs once to its first rows unmeasured: moto loads a service's backend on
/// that service's first request (half a second for EC2's), and each console asks different
/// services, so without the warm-up the first console measured would wait on moto's imports
/// the second one never sees.
pub fn measure_all(
    opsdeck: &Path,
    fleet: &Fleet,
    runs: usize,
    idle: Duration,
    home: &Path,
) -> Outcome<Vec<(Contender, Vec<Sample>)>> {
    let moto = moto::start(home)?;
    let seeding = Instant::now();
    moto::seed(&moto, &fleet.region, fleet.instances)?;
    eprintln!(
        "moto at {}: {} instances seeded in {} in {:.1} s",
        moto.endpoint,
        fleet.instances,
        fleet.region,
        seeding.elapsed().as_secs_f64()
    );
    let logs = home.join("opsdeck");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let contenders: Vec<Contender> =
        std::iter::once(Contender::opsdeck(opsdeck, fleet, &logs)).chain(Contender::peer(fleet)).collect();
    for (i, contender) in contenders.iter().enumerate() {
        let warm = run(contender, &moto, fleet, None, &home.join(format!("{i}-warm-up")))?;
        eprintln!("  {}, warm-up: first rows in {:.0} ms", contender.label, warm.first_rows_ms);
    }
    let mut results = Vec::new();
    for (i, contender) in contenders.into_iter().enumerate() {
        let mut samples = Vec::new();
        for n in 1..=runs {
            let sample = run(&contender, &moto, fleet, Some(idle), &home.join(format!("{i}-{n}")))?;
            eprintln!("  {}, run {n}: {sample:?}", contender.label);
            samples.push(sample);
        }
        results.push((contender, samples));
    }
    Ok(results)
}
