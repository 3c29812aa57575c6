//! One measured run of the console at one fleet size: launch, load, sit idle, take keys while
//! the pollers are busy, and read what the process cost.
//!
//! Every figure comes from outside the process: the screen through the pty, CPU time and peak
//! RSS from /proc. Nothing in opsdeck knows it is being measured.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::options::Plan;
use crate::session::{Chunk, ROWS, Record, Session};

/// Bytes that arrive closer together than this belong to the same frame.
const FRAME_GAP: Duration = Duration::from_millis(5);

/// Status bar marks of every feed when all are fresh (the Performance feed once it has a focus).
const FRESH: [&str; 5] = ["rds ●", "metrics ●", "alarms ●", "asg ●", "pi ●"];

/// Keys pressed while the pollers are busy, each with what the screen shows once it is handled:
/// a tab's title on the table border (row 2), or the selection's position there.
const KEYS: [(&str, &str); 7] = [
    ("2", "Replication —"),
    ("3", "Performance Insights"),
    ("4", "Auto Scaling Groups"),
    ("5", "CloudWatch alarms"),
    ("1", "DB instances & clusters"),
    ("j", " 2/"),
    ("k", " 1/"),
];

/// What one run measured.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub first_frame_ms: f64,
    pub first_frame_bytes: f64,
    pub complete_ms: f64,
    /// Everything written from launch until every feed showed fresh.
    pub complete_bytes: f64,
    /// CPU time over the idle window, as a percentage of one core.
    pub idle_cpu_pct: f64,
    /// Bytes of idle-window frames that left the screen as it was.
    pub idle_wasted_bytes: f64,
    /// Frames in the idle window that changed the screen, and their sizes.
    pub refreshes: f64,
    pub refresh_bytes_median: f64,
    pub refresh_bytes_max: f64,
    pub key_p50_ms: f64,
    pub key_p99_ms: f64,
    /// Keys whose effect never showed within the timeout.
    pub key_misses: f64,
    /// Peak resident set through loading and the idle window.
    pub idle_rss_mib: f64,
    /// Peak resident set by the end, after the busy-key phase.
    pub peak_rss_mib: f64,
}

/// A failed run, said plainly.
pub type Outcome<T> = Result<T, String>;

/// Runs the console once with `--demo --fleet-size size` and measures it.
pub fn run(exe: &Path, size: usize, plan: &Plan, home: &Path) -> Outcome<Figures> {
    run_on(exe, &["--demo", "--fleet-size", &size.to_string()], plan, home)
}

/// Runs the console once on `source` (`--demo …`, or `--hub URL`) and measures it.
pub fn run_on(exe: &Path, source: &[&str], plan: &Plan, home: &Path) -> Outcome<Figures> {
    let args: Vec<String> = [
        "--log-file",
        &home.join("opsdeck.log").display().to_string(),
        "--audit-log",
        &home.join("audit.jsonl").display().to_string(),
    ]
    .iter()
    .copied()
    .chain(source.iter().copied())
    .map(ToString::to_string)
    .collect();
    let session = Session::launch(exe, &args, home).map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    let result = measure(&session, plan);
    session.quit();
    result
}

fn measure(session: &Session, plan: &Plan) -> Outcome<Figures> {
    let mut figures = Figures::default();
    let launched = session.launched;
    let first = session
        .wait_for(Duration::from_mins(1), |r| r.row(0).contains("opsdeck") && r.row(ROWS - 1).contains("NORMAL"))
        .ok_or("no first frame within 60 s")?;
    figures.first_frame_ms = ms(first - launched);
    let complete = session
        .wait_for(Duration::from_mins(3), |r| {
            let status = r.row(ROWS - 1);
            FRESH.iter().all(|mark| status.contains(mark))
        })
        .ok_or("the status bar never showed every feed fresh within 180 s")?;
    figures.complete_ms = ms(complete - launched);
    let record = session.record();
    figures.first_frame_bytes = first_frame_bytes(&record.chunks, first) as f64;
    figures.complete_bytes = record.chunks.iter().filter(|c| c.at <= complete).map(|c| c.bytes).sum::<usize>() as f64;
    drop(record);
    // Let the first wave of results settle before the idle window opens.
    std::thread::sleep(Duration::from_secs(2));
    idle(session, plan.idle, &mut figures)?;
    figures.idle_rss_mib = peak_rss_kib(session.pid())? / 1024.0;
    keys(session, plan.keys, &mut figures)?;
    figures.peak_rss_mib = peak_rss_kib(session.pid())? / 1024.0;
    Ok(figures)
}

/// Bytes written from launch to the end of the frame that first showed the screen.
fn first_frame_bytes(chunks: &[Chunk], first: Instant) -> usize {
    let frames = frames(chunks);
    let upto = frames.iter().position(|f| f.iter().any(|c| c.at >= first)).unwrap_or(frames.len());
    frames.iter().take(upto + 1).flat_map(|f| f.iter()).map(|c| c.bytes).sum()
}

/// Reads into frames: runs of chunks with less than `FRAME_GAP` between them.
fn frames(chunks: &[Chunk]) -> Vec<&[Chunk]> {
    let mut frames = Vec::new();
    let mut start = 0;
    for i in 1..=chunks.len() {
        if i == chunks.len() || chunks[i].at.duration_since(chunks[i - 1].at) >= FRAME_GAP {
            if i > start {
                frames.push(&chunks[start..i]);
            }
            start = i;
        }
    }
    frames
}

fn idle(session: &Session, window: Duration, figures: &mut Figures) -> Outcome<()> {
    let cpu_before = cpu_seconds(session.pid())?;
    let opened = Instant::now();
    std::thread::sleep(window);
    let cpu_after = cpu_seconds(session.pid())?;
    let closed = Instant::now();
    figures.idle_cpu_pct = (cpu_after - cpu_before) / (closed - opened).as_secs_f64() * 100.0;
    let record = session.record();
    let inside: Vec<Chunk> = record.chunks.iter().filter(|c| c.at >= opened && c.at < closed).copied().collect();
    drop(record);
    let mut refresh_sizes = Vec::new();
    for frame in frames(&inside) {
        let bytes: usize = frame.iter().map(|c| c.bytes).sum();
        let (Some(first), Some(last)) = (frame.first(), frame.last()) else { continue };
        if first.before == last.after {
            figures.idle_wasted_bytes += bytes as f64;
        } else {
            refresh_sizes.push(bytes as f64);
        }
    }
    figures.refreshes = refresh_sizes.len() as f64;
    figures.refresh_bytes_median = percentile(&mut refresh_sizes, 50.0);
    figures.refresh_bytes_max = percentile(&mut refresh_sizes, 100.0);
    Ok(())
}

/// Presses keys right after asking every poller to refresh (`r`), so that each key lands while
/// results are being fetched, applied and drawn; times each key until its effect is on screen.
fn keys(session: &Session, count: usize, figures: &mut Figures) -> Outcome<()> {
    let mut latencies = Vec::with_capacity(count);
    let mut jitter: u64 = 0x2545_F491_4F6C_DD1D;
    for i in 0..count {
        let (key, sign) = KEYS[i % KEYS.len()];
        session.send("r").map_err(|e| format!("cannot type: {e}"))?;
        // A different moment of the refresh each time: 0–200 ms after asking for it.
        jitter = jitter.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        std::thread::sleep(Duration::from_millis((jitter >> 33) % 200));
        let pressed = Instant::now();
        session.send(key).map_err(|e| format!("cannot type: {e}"))?;
        let expected = sign.to_owned();
        let shown = session.wait_for(Duration::from_secs(2), move |r: &Record| r.row(2).contains(&expected));
        if let Some(at) = shown {
            latencies.push(ms(at.saturating_duration_since(pressed)));
        } else {
            figures.key_misses += 1.0;
            latencies.push(2000.0);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    figures.key_p50_ms = percentile(&mut latencies, 50.0);
    figures.key_p99_ms = percentile(&mut latencies, 99.0);
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The nearest-rank percentile (0 for no values).
pub fn percentile(values: &mut [f64], pct: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((pct / 100.0) * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

/// User + system CPU time of the process (all its threads, live and exited), in seconds.
pub fn cpu_seconds(pid: u32) -> Outcome<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).map_err(|e| format!("/proc/{pid}/stat: {e}"))?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map(|(_, rest)| rest).ok_or("unreadable /proc stat")?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).ok_or("unreadable /proc stat");
    // utime and stime are fields 14 and 15 of stat(5); `rest` starts at field 3.
    let total = ticks(11)? + ticks(12)?;
    Ok(total as f64 / rustix::param::clock_ticks_per_second() as f64)
}

/// The process's peak resident set (VmHWM), in KiB.
fn peak_rss_kib(pid: u32) -> Outcome<f64> {
    status_field(pid, "VmHWM")
}

/// A number from `/proc/PID/status` (`VmHWM`, `RssAnon`, `Threads`, …; sizes are in KiB).
pub fn status_field(pid: u32, name: &str) -> Outcome<f64> {
    let status =
        std::fs::read_to_string(format!("/proc/{pid}/status")).map_err(|e| format!("/proc/{pid}/status: {e}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(name).and_then(|rest| rest.strip_prefix(':')))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .ok_or_else(|| format!("no {name} in /proc/{pid}/status"))
}
