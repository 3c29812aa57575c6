//! The console as its users run it: the real `opsdeck --demo` binary (built by `cargo bench`
//! with the release settings) in a 200×50 pseudo-terminal, for several fleet sizes.
//!
//! For each size it measures time to first frame and to complete data, idle CPU over a window
//! with no input, the bytes written while idle (frames that changed nothing, and frames that
//! did), the bytes of the first full frame, key → frame latency while the pollers are busy, and
//! peak RSS; then it prints a table of medians, and the CloudWatch calls per metrics refresh.
//!
//! With `--moto N` it runs opsdeck instead against a moto server of its own, seeded with N RDS
//! instances in one region, and then `--exe PATH` (a peer console) on the same fleet; it
//! measures time to the fleet's first rows, idle CPU and resident memory of each, side by side.
//!
//! With `--hub` each size is measured twice: the demo console as above, then a console on a
//! hub of its own (`opsdeck hub --demo` on a nats-server the bench starts) with the same
//! figures, and the hub process's CPU and peak RSS over that run.
//!
//! ```sh
//! cargo bench --bench console                               # 100 / 1,000 / 5,000, 60 s idle, 1 run
//! cargo bench --bench console -- --runs 3 --idle-secs 60    # what the README reports
//! cargo bench --bench console -- --sizes 1000 --idle-secs 10 --keys 20   # a quick look
//! cargo bench --bench console -- --hub --sizes 1000,5000 --idle-secs 30   # beside a hub-fed one
//! cargo bench --bench console -- --moto 123 --exe ../taws/target/release/taws \
//!     --peer-prompt '<:>' --peer-keys ':rds\r'            # opsdeck beside a peer, on moto
//! ```
//!
//! Under `cargo test` (no `--bench` argument) it only checks its arguments and exits, so the
//! test suite stays fast; it never asserts a timing.

mod fleet;
mod hub;
mod moto;
mod options;
mod probe;
mod report;
mod session;
mod tools;

use std::process::ExitCode;

use options::Options;
use probe::Figures;

/// The binary cargo built for this bench, with the bench (= release) profile.
const OPSDECK: &str = env!("CARGO_BIN_EXE_opsdeck");

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match options::parse(&args, OPSDECK) {
        Ok(options) => options,
        Err(why) => {
            eprintln!("console bench: {why}");
            return ExitCode::from(2);
        }
    };
    if !options.bench {
        println!("console bench: arguments ok; run it with `cargo bench --bench console`");
        return ExitCode::SUCCESS;
    }
    let measured = if options.fleet.is_some() { side_by_side(&options) } else { measure(&options) };
    match measured {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("console bench: {why}");
            ExitCode::FAILURE
        }
    }
}

/// A directory for the runs' files, under the system's temporary directory.
fn scratch() -> Result<std::path::PathBuf, String> {
    let home = std::env::temp_dir().join(format!("opsdeck-bench-{}", std::process::id()));
    std::fs::create_dir_all(&home).map_err(|e| format!("{}: {e}", home.display()))?;
    Ok(home)
}

/// Removes the runs' files, or says where they are kept.
fn clean(options: &Options, home: &std::path::Path) {
    if options.keep {
        println!("logs kept in {}", home.display());
    } else {
        let _ = std::fs::remove_dir_all(home);
    }
}

fn measure(options: &Options) -> Result<(), String> {
    let home = scratch()?;
    println!("machine: {}", report::machine());
    println!("binary:  {}", options.exe.display());
    println!(
        "idle window {} s, {} keys per run, {} run(s) per size\n",
        options.plan.idle.as_secs(),
        options.plan.keys,
        options.runs
    );
    let mut results: Vec<(usize, Vec<Figures>)> = Vec::new();
    let mut on_hub: Vec<(usize, Vec<Figures>)> = Vec::new();
    let mut hub_costs = Vec::new();
    for &size in &options.sizes {
        let mut runs = Vec::new();
        for run in 1..=options.runs {
            let figures = probe::run(&options.exe, size, &options.plan, &home)?;
            eprintln!("  {size} instances, run {run}: {figures:?}");
            runs.push(figures);
        }
        results.push((size, runs));
        if options.hub {
            let mut runs = Vec::new();
            for run in 1..=options.runs {
                let hub = hub::start(&options.exe, size, &home)?;
                let figures = probe::run_on(&options.exe, &["--hub", &hub.url], &options.plan, &home)?;
                let cost = hub.cost()?;
                eprintln!("  {size} instances on a hub, run {run}: {figures:?}; hub {cost:?}");
                runs.push(figures);
                hub_costs.push((size, cost));
            }
            on_hub.push((size, runs));
        }
    }
    clean(options, &home);
    println!("\n{}", report::figures(&results));
    if options.hub {
        println!("On a hub of its own (`opsdeck --hub`, the hub `opsdeck hub --demo` at the same size):\n");
        println!("{}", report::figures(&on_hub));
        for (size, cost) in hub_costs {
            println!(
                "hub process at {size} instances: CPU {:.2} % of a core, peak RSS {:.1} MiB",
                cost.cpu_pct, cost.peak_rss_mib
            );
        }
        println!();
    }
    println!("CloudWatch calls per metrics refresh:\n\n{}", report::api_calls(&[10, 100, 1_000, 5_000]));
    Ok(())
}

/// The moto mode: opsdeck, then the peer if there is one, on one seeded moto fleet.
fn side_by_side(options: &Options) -> Result<(), String> {
    let Some(fleet) = &options.fleet else { return Ok(()) };
    let home = scratch()?;
    println!("machine: {}", report::machine());
    println!("opsdeck: {}", options.exe.display());
    if let Some(peer) = &fleet.peer {
        println!("peer:    {} {}", peer.exe.display(), peer.args.join(" "));
    }
    println!(
        "{} RDS instances in {} on moto, idle window {} s, {} run(s) each\n",
        fleet.instances,
        fleet.region,
        options.plan.idle.as_secs(),
        options.runs
    );
    let results = fleet::measure_all(&options.exe, fleet, options.runs, options.plan.idle, &home);
    clean(options, &home);
    println!("\n{}", report::side_by_side(fleet.instances, &results?));
    Ok(())
}
