//! The console as its users run it: the real `opsdeck --demo` binary (built by `cargo bench`
//! with the release settings) in a 200×50 pseudo-terminal, for several fleet sizes.
//!
//! For each size it measures time to first frame and to complete data, idle CPU over a window
//! with no input, the bytes written while idle (frames that changed nothing, and frames that
//! did), the bytes of the first full frame, key → frame latency while the pollers are busy, and
//! peak RSS; then it prints a table of medians, and the CloudWatch calls per metrics refresh.
//!
//! ```sh
//! cargo bench --bench console                               # 100 / 1,000 / 5,000, 60 s idle, 1 run
//! cargo bench --bench console -- --runs 3 --idle-secs 60    # what the README reports
//! cargo bench --bench console -- --sizes 1000 --idle-secs 10 --keys 20   # a quick look
//! ```
//!
//! Under `cargo test` (no `--bench` argument) it only checks its arguments and exits, so the
//! test suite stays fast; it never asserts a timing.

mod probe;
mod report;
mod session;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use probe::{Figures, Plan};

/// The binary cargo built for this bench, with the bench (= release) profile.
const OPSDECK: &str = env!("CARGO_BIN_EXE_opsdeck");

#[derive(Debug)]
struct Options {
    sizes: Vec<usize>,
    runs: usize,
    plan: Plan,
    exe: PathBuf,
    /// Keep the runs' log files (and say where) instead of removing them.
    keep: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        sizes: vec![100, 1_000, 5_000],
        runs: 1,
        plan: Plan { idle: Duration::from_mins(1), keys: 70 },
        exe: PathBuf::from(OPSDECK),
        keep: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        let number = |raw: String| raw.replace([',', '_'], "").parse::<usize>().map_err(|e| format!("`{raw}`: {e}"));
        match arg.as_str() {
            "--sizes" => {
                options.sizes = value("--sizes")?.split(',').map(|s| number(s.to_owned())).collect::<Result<_, _>>()?;
            }
            "--runs" => options.runs = number(value("--runs")?)?.max(1),
            "--idle-secs" => options.plan.idle = Duration::from_secs(number(value("--idle-secs")?)? as u64),
            "--keys" => options.plan.keys = number(value("--keys")?)?.max(1),
            "--exe" => options.exe = PathBuf::from(value("--exe")?),
            "--keep-logs" => options.keep = true,
            // What cargo adds: `--bench`, and a filter when one is given.
            "--bench" => {}
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            _ => {}
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(options) => options,
        Err(why) => {
            eprintln!("console bench: {why}");
            return ExitCode::from(2);
        }
    };
    if !args.iter().any(|a| a == "--bench") {
        println!("console bench: arguments ok; run it with `cargo bench --bench console`");
        return ExitCode::SUCCESS;
    }
    match measure(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("console bench: {why}");
            ExitCode::FAILURE
        }
    }
}

fn measure(options: &Options) -> Result<(), String> {
    let home = std::env::temp_dir().join(format!("opsdeck-bench-{}", std::process::id()));
    std::fs::create_dir_all(&home).map_err(|e| format!("{}: {e}", home.display()))?;
    println!("machine: {}", report::machine());
    println!("binary:  {}", options.exe.display());
    println!(
        "idle window {} s, {} keys per run, {} run(s) per size\n",
        options.plan.idle.as_secs(),
        options.plan.keys,
        options.runs
    );
    let mut results: Vec<(usize, Vec<Figures>)> = Vec::new();
    for &size in &options.sizes {
        let mut runs = Vec::new();
        for run in 1..=options.runs {
            let figures = probe::run(&options.exe, size, &options.plan, &home)?;
            eprintln!("  {size} instances, run {run}: {figures:?}");
            runs.push(figures);
        }
        results.push((size, runs));
    }
    if options.keep {
        println!("logs kept in {}", home.display());
    } else {
        let _ = std::fs::remove_dir_all(&home);
    }
    println!("\n{}", report::figures(&results));
    println!("CloudWatch calls per metrics refresh:\n\n{}", report::api_calls(&[10, 100, 1_000, 5_000]));
    Ok(())
}
