//! The console bench's command line (benches/console/options.rs): the demo mode as before, the
//! moto mode with a peer beside opsdeck, and the mistakes it refuses before measuring anything.

use std::path::PathBuf;
use std::time::Duration;

#[path = "../../benches/console/options.rs"]
#[allow(dead_code)]
mod options;

use options::{Fleet, Peer, Plan};

const BUILT: &str = "/build/opsdeck";

fn parse(args: &[&str]) -> Result<options::Options, String> {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    options::parse(&args, BUILT)
}

#[test]
fn without_arguments_it_is_the_demo_mode_of_the_built_binary_in_test_mode() {
    let options = parse(&[]).unwrap();
    assert_eq!(options.sizes, [100, 1_000, 5_000]);
    assert_eq!((options.runs, options.keep, options.bench), (1, false, false));
    assert_eq!(options.plan, Plan { idle: Duration::from_mins(1), keys: 70 });
    assert_eq!(options.exe, PathBuf::from(BUILT));
    assert_eq!(options.fleet, None);
}

#[test]
fn the_demo_mode_measures_the_binary_exe_names() {
    let options = parse(&["--sizes", "1000,10_000", "--exe", "old/opsdeck", "--keep-logs", "--bench"]).unwrap();
    assert_eq!(options.sizes, [1_000, 10_000]);
    assert_eq!(
        (options.exe, options.keep, options.bench, options.fleet),
        (PathBuf::from("old/opsdeck"), true, true, None)
    );
}

#[test]
fn the_moto_mode_runs_the_built_opsdeck_and_exe_as_its_peer_with_the_keys_decoded() {
    let options = parse(&[
        "--bench",
        "--moto",
        "123",
        "--exe",
        "/src/taws/target/release/taws",
        "--peer-args",
        "--region  eu-west-1 --readonly",
        "--peer-prompt",
        "<:>",
        "--peer-keys",
        r":rds\r",
        "--region",
        "eu-west-1",
        "--idle-secs",
        "20",
    ])
    .unwrap();
    assert_eq!(options.exe, PathBuf::from(BUILT), "opsdeck is always the built one in the moto mode");
    assert_eq!(options.plan.idle, Duration::from_secs(20));
    let peer = Peer {
        exe: PathBuf::from("/src/taws/target/release/taws"),
        args: vec!["--region".to_owned(), "eu-west-1".to_owned(), "--readonly".to_owned()],
        keys: Some(":rds\r".to_owned()),
        prompt: Some("<:>".to_owned()),
    };
    assert_eq!(
        options.fleet,
        Some(Fleet { instances: 123, region: "eu-west-1".to_owned(), peer: Some(peer), ready: None })
    );
}

#[test]
fn the_moto_mode_alone_measures_opsdeck_in_one_region_and_ready_names_the_rows() {
    let options = parse(&["--moto", "1,000", "--ready", "shop-db-"]).unwrap();
    let fleet = options.fleet.unwrap();
    assert_eq!(
        (fleet.instances, fleet.region.as_str(), fleet.peer, fleet.ready.as_deref()),
        (1_000, options::REGION, None, Some("shop-db-"))
    );
}

#[test]
fn peer_keys_name_enter_escape_tab_and_a_backslash() {
    assert_eq!(options::keys(r":rds\r"), ":rds\r");
    assert_eq!(options::keys(r"\e\t\n\\x\"), "\u{1b}\t\n\\x\\");
    assert_eq!(options::keys("plain"), "plain");
}

#[test]
fn mistakes_are_refused_before_anything_runs() {
    for (args, says) in [
        (&["--moto", "0"][..], "--moto needs at least one instance"),
        (&["--moto", "ten"], "`ten`: invalid digit"),
        (&["--moto"], "--moto needs a value"),
        (&["--moto", "5", "--exe", "taws", "--peer-keys", ":rds"], "--peer-keys and --peer-prompt go together"),
        (&["--moto", "5", "--peer-args", "--readonly"], "--peer-args and --peer-keys need a peer: --exe PATH"),
        (&["--region", "eu-west-1"], "--region is an option of the moto mode (--moto N)"),
        (&["--peer-args", "x"], "--peer-args is an option of the moto mode (--moto N)"),
        (&["--ready", "x", "--sizes", "10"], "--ready is an option of the moto mode (--moto N)"),
        (&["--fleet", "10"], "unknown option --fleet"),
    ] {
        let got = parse(args).map(|_| ()).unwrap_err();
        assert!(got.starts_with(says), "{args:?}: {got}");
    }
}

#[test]
fn the_hub_mode_measures_each_size_on_a_hub_too_and_is_not_a_moto_option() {
    let options = parse(&["--bench", "--hub", "--sizes", "1000"]).unwrap();
    assert!(options.hub && options.fleet.is_none(), "{options:?}");
    assert!(!parse(&["--bench"]).unwrap().hub, "off unless asked");
    let refused = parse(&["--bench", "--hub", "--moto", "123"]).unwrap_err();
    assert!(refused.contains("--hub") && refused.contains("moto"), "{refused}");
}
