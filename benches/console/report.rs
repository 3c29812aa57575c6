//! The tables the harness prints: the machine, the console's figures per fleet size (medians of
//! the runs), CloudWatch calls per metrics refresh, and the moto mode's side-by-side table.
//!
//! Tables are Markdown, so that a run's output can go into the README as it is.

use std::fmt::Write as _;

use opsdeck::cloud::aws::planner;
use opsdeck::cloud::model::DbMetric;

use crate::fleet::{Contender, Sample};
use crate::probe::{Figures, percentile};

/// Series per DB instance that the metrics feed follows (with replica lag: every replica).
const METRICS_PER_INSTANCE: usize = DbMetric::ALL.len();

/// `GetMetricData` calls per metrics refresh of `instances`, as the AWS adapter's polling
/// planner packs their series (500 queries a call).
pub fn planned_metric_calls(instances: usize) -> usize {
    planner::calls_per_refresh(instances * METRICS_PER_INSTANCE)
}

/// Calls per refresh with one call per instance and metric.
pub fn naive_metric_calls(instances: usize) -> usize {
    planner::naive_calls(instances * METRICS_PER_INSTANCE)
}

/// "nproc 2 · Intel(R) Xeon(R) … · 23.4 GiB".
pub fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_owned()))
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let kib = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    format!("nproc {cpus} · {model} · {:.1} GiB RAM", kib / 1024.0 / 1024.0)
}

/// One row of the figures table: what, the target, and how to read it from `Figures`.
struct Measure {
    what: &'static str,
    target: &'static str,
    cell: fn(&[Figures]) -> String,
}

fn median(runs: &[Figures], pick: fn(&Figures) -> f64) -> f64 {
    let mut values: Vec<f64> = runs.iter().map(pick).collect();
    percentile(&mut values, 50.0)
}

/// "1,238 / 1,407": the medians of two byte counts.
fn byte_pair(runs: &[Figures], a: fn(&Figures) -> f64, b: fn(&Figures) -> f64) -> String {
    format!("{} / {}", thousands(median(runs, a)), thousands(median(runs, b)))
}

fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const MEASURES: [Measure; 9] = [
    Measure {
        what: "time to first frame",
        target: "≤ 200 ms",
        cell: |r| format!("{:.0} ms", median(r, |f| f.first_frame_ms)),
    },
    Measure {
        what: "time to complete data (every feed fresh)",
        target: "—",
        cell: |r| format!("{:.0} ms", median(r, |f| f.complete_ms)),
    },
    Measure {
        what: "idle CPU, % of one core",
        target: "≤ 0.5 % at 1,000",
        cell: |r| format!("{:.2} %", median(r, |f| f.idle_cpu_pct)),
    },
    Measure {
        what: "idle: bytes in frames that changed nothing",
        target: "0",
        cell: |r| thousands(median(r, |f| f.idle_wasted_bytes)),
    },
    Measure {
        what: "idle: frames that changed the screen",
        target: "—",
        cell: |r| format!("{:.0}", median(r, |f| f.refreshes)),
    },
    Measure {
        what: "bytes per data refresh, median / max",
        target: "≤ 4 KB",
        cell: |r| byte_pair(r, |f| f.refresh_bytes_median, |f| f.refresh_bytes_max),
    },
    Measure {
        what: "bytes to the first frame / to complete data",
        target: "—",
        cell: |r| byte_pair(r, |f| f.first_frame_bytes, |f| f.complete_bytes),
    },
    Measure {
        what: "key → frame while pollers are busy, p50 / p99",
        target: "p99 ≤ 50 ms",
        cell: |r| {
            let misses = median(r, |f| f.key_misses);
            let missed = if misses > 0.0 { format!(" ({misses:.0} missed)") } else { String::new() };
            format!("{:.1} / {:.1} ms{missed}", median(r, |f| f.key_p50_ms), median(r, |f| f.key_p99_ms))
        },
    },
    Measure {
        what: "peak RSS: loaded and idle / after the busy keys",
        target: "≤ 64 MB at 1,000; ≤ 150 MB at 5,000",
        cell: |r| format!("{:.1} / {:.1} MiB", median(r, |f| f.idle_rss_mib), median(r, |f| f.peak_rss_mib)),
    },
];

/// The figures table: one column per fleet size, medians over its runs.
pub fn figures(results: &[(usize, Vec<Figures>)]) -> String {
    let mut out = String::from("| measure (200×50, medians) | target |");
    let mut rule = String::from("|---|---|");
    for (size, _) in results {
        let _ = write!(out, " {} instances |", thousands(*size as f64));
        rule.push_str("---:|");
    }
    out.push('\n');
    out.push_str(&rule);
    out.push('\n');
    for measure in &MEASURES {
        let _ = write!(out, "| {} | {} |", measure.what, measure.target);
        for (_, runs) in results {
            let _ = write!(out, " {} |", (measure.cell)(runs));
        }
        out.push('\n');
    }
    out
}

/// CloudWatch calls per metrics refresh, planned against naive.
pub fn api_calls(sizes: &[usize]) -> String {
    let mut out = String::from(
        "| DB instances | naive calls (one per instance and metric) | planned `GetMetricData` calls (500 queries each) |\n|---:|---:|---:|\n",
    );
    for &n in sizes {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            thousands(n as f64),
            thousands(naive_metric_calls(n) as f64),
            thousands(planned_metric_calls(n) as f64)
        );
    }
    out
}

/// One row of the side-by-side table: what, the target, and the figure (or two) of one
/// console's runs.
struct Side {
    what: &'static str,
    target: &'static str,
    pick: fn(&Sample) -> f64,
    /// A second figure in the same cell, after a slash.
    and: Option<fn(&Sample) -> f64>,
    unit: &'static str,
    /// Whether the row gets the opsdeck / peer ratio.
    ratio: bool,
}

const MIB: f64 = 1024.0;

const SIDES: [Side; 5] = [
    Side {
        what: "time to first rows",
        target: "≤ 0.5× the peer's",
        pick: |s| s.first_rows_ms,
        and: None,
        unit: "ms",
        ratio: true,
    },
    Side {
        what: "idle CPU, % of one core",
        target: "≤ 0.2× the peer's",
        pick: |s| s.idle_cpu_pct,
        and: None,
        unit: "%",
        ratio: true,
    },
    Side {
        what: "peak RSS (VmHWM)",
        target: "≤ 12 MB",
        pick: |s| s.peak_rss_kib / MIB,
        and: None,
        unit: "MiB",
        ratio: true,
    },
    Side {
        what: "RSS at the end: anonymous (heap, stacks) / file-backed (binary, libraries)",
        target: "—",
        pick: |s| s.rss_anon_kib / MIB,
        and: Some(|s| s.rss_file_kib / MIB),
        unit: "MiB",
        ratio: false,
    },
    Side { what: "threads", target: "—", pick: |s| s.threads, and: None, unit: "", ratio: false },
];

fn median_of(samples: &[Sample], pick: fn(&Sample) -> f64) -> f64 {
    let mut values: Vec<f64> = samples.iter().map(pick).collect();
    percentile(&mut values, 50.0)
}

fn amount(value: f64, unit: &str) -> String {
    match unit {
        "ms" => format!("{} ms", thousands(value)),
        "%" => format!("{value:.2} %"),
        "MiB" => format!("{value:.1} MiB"),
        _ => format!("{value:.0}"),
    }
}

/// The moto mode's table: one column per console (medians of its runs), and opsdeck's figure
/// as a multiple of the peer's where there is a peer.
pub fn side_by_side(instances: usize, results: &[(Contender, Vec<Sample>)]) -> String {
    let mut out =
        format!("| {} instances on moto, one region (200×50, medians) | target |", thousands(instances as f64));
    let mut rule = String::from("|---|---|");
    for (contender, _) in results {
        let _ = write!(out, " {} |", contender.label);
        rule.push_str("---:|");
    }
    let ours = results.first();
    let peer = results.get(1);
    if let (Some((us, _)), Some((them, _))) = (ours, peer) {
        let _ = write!(out, " {} / {} |", us.label, them.label);
        rule.push_str("---:|");
    }
    let _ = write!(out, "\n{rule}\n");
    for side in &SIDES {
        let _ = write!(out, "| {} | {} |", side.what, side.target);
        for (_, samples) in results {
            let mut cell = amount(median_of(samples, side.pick), side.unit);
            if let Some(and) = side.and {
                let _ = write!(cell, " / {}", amount(median_of(samples, and), side.unit));
            }
            let _ = write!(out, " {cell} |");
        }
        if let (Some((_, ours)), Some((_, theirs))) = (ours, peer) {
            let (ours, theirs) = (median_of(ours, side.pick), median_of(theirs, side.pick));
            let cell = if side.ratio && theirs > 0.0 { format!("{:.2}×", ours / theirs) } else { "—".to_owned() };
            let _ = write!(out, " {cell} |");
        }
        out.push('\n');
    }
    out
}
