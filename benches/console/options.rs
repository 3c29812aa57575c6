//! The console bench's command line: what to run, how often, and — in the moto mode — which
//! peer to run beside opsdeck on the same fleet and how to tell that it shows the fleet.
//!
//! Plain `std`: the integration tests include this file to check the parsing.

use std::path::PathBuf;
use std::time::Duration;

/// How a demo run is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub idle: Duration,
    pub keys: usize,
}

/// A binary run against the moto fleet beside opsdeck, and how to drive it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub exe: PathBuf,
    /// Its arguments (`--peer-args`, split on whitespace).
    pub args: Vec<String>,
    /// Keys typed once `prompt` is on screen, e.g. `:rds\r` to open a view of RDS instances.
    pub keys: Option<String>,
    pub prompt: Option<String>,
}

/// The moto mode: one fleet of `instances` RDS instances in one region, opsdeck on it, then
/// the peer if there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fleet {
    pub instances: usize,
    pub region: String,
    pub peer: Option<Peer>,
    /// What every row of the fleet shows (default: the seeded names' prefix).
    pub ready: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub sizes: Vec<usize>,
    pub runs: usize,
    pub plan: Plan,
    /// The opsdeck under test: the one cargo built, or in the demo mode `--exe` (in the moto
    /// mode `--exe` names the peer instead).
    pub exe: PathBuf,
    /// Keep the runs' log files (and say where) instead of removing them.
    pub keep: bool,
    pub fleet: Option<Fleet>,
    /// The hub mode: each size also on a hub of its own (`opsdeck --hub`), beside the direct run.
    pub hub: bool,
    /// Whether cargo asked for a measurement (`--bench`) rather than a test.
    pub bench: bool,
}

/// The region the moto fleet is seeded in unless `--region` says otherwise.
pub const REGION: &str = "us-east-1";

/// `\r`, `\n`, `\t`, `\e` (escape) and `\\` in a `--peer-keys` value, as the keys they name.
pub fn keys(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('r') => out.push('\r'),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('e') => out.push('\u{1b}'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn number(raw: &str) -> Result<usize, String> {
    raw.replace([',', '_'], "").parse::<usize>().map_err(|e| format!("`{raw}`: {e}"))
}

/// Parses the bench's arguments; `opsdeck` is the binary cargo built.
pub fn parse(args: &[String], opsdeck: &str) -> Result<Options, String> {
    let mut options = Options {
        sizes: vec![100, 1_000, 5_000],
        runs: 1,
        plan: Plan { idle: Duration::from_mins(1), keys: 70 },
        exe: PathBuf::from(opsdeck),
        keep: false,
        fleet: None,
        hub: false,
        bench: false,
    };
    let (mut moto, mut region, mut ready) = (None, None, None);
    let (mut exe, mut peer_args, mut peer_keys, mut prompt) = (None, None, None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--sizes" => options.sizes = value(arg)?.split(',').map(number).collect::<Result<_, _>>()?,
            "--runs" => options.runs = number(&value(arg)?)?.max(1),
            "--idle-secs" => options.plan.idle = Duration::from_secs(number(&value(arg)?)? as u64),
            "--keys" => options.plan.keys = number(&value(arg)?)?.max(1),
            "--exe" => exe = Some(PathBuf::from(value(arg)?)),
            "--keep-logs" => options.keep = true,
            "--hub" => options.hub = true,
            "--moto" => match number(&value(arg)?)? {
                0 => return Err("--moto needs at least one instance".to_owned()),
                n => moto = Some(n),
            },
            "--region" => region = Some(value(arg)?),
            "--ready" => ready = Some(value(arg)?),
            "--peer-args" => peer_args = Some(value(arg)?.split_whitespace().map(str::to_owned).collect()),
            "--peer-keys" => peer_keys = Some(keys(&value(arg)?)),
            "--peer-prompt" => prompt = Some(value(arg)?),
            // What cargo adds: `--bench`, and a filter when one is given.
            "--bench" => options.bench = true,
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            _ => {}
        }
    }
    if options.hub && moto.is_some() {
        return Err("--hub is an option of the demo mode, not of the moto mode (--moto N)".to_owned());
    }
    let Some(instances) = moto else {
        for (given, name) in [
            (region.is_some(), "--region"),
            (ready.is_some(), "--ready"),
            (peer_args.is_some(), "--peer-args"),
            (peer_keys.is_some(), "--peer-keys"),
            (prompt.is_some(), "--peer-prompt"),
        ] {
            if given {
                return Err(format!("{name} is an option of the moto mode (--moto N)"));
            }
        }
        if let Some(exe) = exe {
            options.exe = exe;
        }
        return Ok(options);
    };
    if peer_keys.is_some() != prompt.is_some() {
        return Err("--peer-keys and --peer-prompt go together: the keys are typed once the prompt shows".to_owned());
    }
    let peer = match exe {
        Some(exe) => Some(Peer { exe, args: peer_args.unwrap_or_default(), keys: peer_keys, prompt }),
        None if peer_args.is_some() || peer_keys.is_some() => {
            return Err("--peer-args and --peer-keys need a peer: --exe PATH".to_owned());
        }
        None => None,
    };
    options.fleet = Some(Fleet { instances, region: region.unwrap_or_else(|| REGION.to_owned()), peer, ready });
    Ok(options)
}
