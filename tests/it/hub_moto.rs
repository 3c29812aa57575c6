//! The war room on moto, end to end: one hub polls a seeded moto fleet, three consoles on the
//! hub (driven through the app loop) show it, and the AWS requests moto receives meanwhile are
//! exactly those of one console polling moto directly.
//!
//! moto here is a server of this test's own, with its recorder on, so that every request it
//! counts comes from the hub or the direct console. Every feed polls once an hour: within the
//! test each poller asks once, and the counts compare exactly. Requests are told apart by the
//! region and service of their signature and the `Action` of their body.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use opsdeck::cloud::ReadOnly;
use opsdeck::config::hub::NatsAuth;
use opsdeck::feed::Intervals;
use opsdeck::hub::{self, HubConfig, HubInventory};

use crate::aws::{self, Moto, seed};
use crate::hub::{Console, config, distinct, watch};
use crate::nats::Nats;

const REGIONS: [&str; 2] = ["eu-west-1", "us-east-2"];

fn hourly() -> Intervals {
    let every = Duration::from_hours(1);
    Intervals { fleet: every, metrics: every, alarms: every, groups: every, performance: every, events: every }
}

/// Two regions: two primaries with a replica each, Auto Scaling Groups and an alarm in one, a
/// lone primary in the other; an hour of CPU for every instance.
async fn seeded(moto: &Moto) {
    let west = aws::sdk(moto, REGIONS[0]).await;
    let rds = aws_sdk_rds::Client::new(&west);
    seed::many(&rds, "shop", 2, 1).await;
    seed::groups(&aws_sdk_autoscaling::Client::new(&west), REGIONS[0]).await;
    let cw = aws_sdk_cloudwatch::Client::new(&west);
    seed::alarm(
        &cw,
        "shop-000-cpu",
        ("shop-000", "CPUUtilization"),
        (aws_sdk_cloudwatch::types::ComparisonOperator::GreaterThanThreshold, 80.0),
        aws_sdk_cloudwatch::types::StateValue::Ok,
    )
    .await;
    let cpu: Vec<f64> = (0..60).map(|m| 20.0 + f64::from(m % 7)).collect();
    for id in ["shop-000", "shop-000-r000", "shop-001", "shop-001-r000"] {
        seed::series(&cw, "AWS/RDS", ("DBInstanceIdentifier", id), "CPUUtilization", &cpu).await;
    }
    let east = aws::sdk(moto, REGIONS[1]).await;
    seed::postgres(&aws_sdk_rds::Client::new(&east), "ledger", None, true).await;
    seed::series(
        &aws_sdk_cloudwatch::Client::new(&east),
        "AWS/RDS",
        ("DBInstanceIdentifier", "ledger"),
        "CPUUtilization",
        &cpu,
    )
    .await;
}

/// What the recorder holds: requests by (service, region, action).
fn requests(recording: &Path) -> BTreeMap<(String, String, String), usize> {
    let text = std::fs::read_to_string(recording).unwrap_or_default();
    let mut counts = BTreeMap::new();
    // Read as a stream of JSON values, not lines: moto writes an entry and its newline in two
    // writes, so two requests recorded at once can share a line.
    for request in serde_json::Deserializer::from_str(&text).into_iter::<serde_json::Value>() {
        let request = request.unwrap();
        let signature = request["headers"]["Authorization"].as_str().unwrap_or_default();
        // `Credential=KEY/DATE/REGION/SERVICE/aws4_request`
        let scope: Vec<&str> = signature.split("Credential=").nth(1).unwrap_or_default().split('/').collect();
        let (region, service) = (scope.get(2).copied().unwrap_or("?"), scope.get(3).copied().unwrap_or("?"));
        let body = request["body"].as_str().unwrap_or_default();
        let body = if request["body_encoded"].as_bool() == Some(true) { decoded(body) } else { body.to_owned() };
        let action = body
            .split('&')
            .find_map(|pair| pair.strip_prefix("Action="))
            .map_or_else(|| request["headers"]["X-Amz-Target"].as_str().unwrap_or("?").to_owned(), str::to_owned);
        *counts.entry((service.to_owned(), region.to_owned(), action)).or_insert(0) += 1;
    }
    counts
}

/// Standard base64, as moto's recorder writes a request body.
fn decoded(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bytes = Vec::new();
    let (mut buffer, mut bits) = (0_u32, 0_u32);
    for c in text.bytes().filter(|&c| c != b'=') {
        let Some(value) = ALPHABET.iter().position(|&a| a == c) else { continue };
        buffer = (buffer << 6) | u32::try_from(value).unwrap();
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push(u8::try_from((buffer >> bits) & 0xff).unwrap());
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn total(counts: &BTreeMap<(String, String, String), usize>) -> usize {
    counts.values().sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server and nats-server: bash tests/run runs it"]
async fn three_consoles_on_one_hub_cost_moto_the_requests_of_one_direct_console() {
    let recording = std::env::temp_dir().join(format!("opsdeck-it-hub-moto-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&recording);
    let moto = aws::own_recording(&recording);
    seeded(&moto).await;
    let nats = Nats::start();

    // The war room: one hub, three consoles joining it.
    moto.record();
    let mut keyframes = watch(&nats.url, "opsdeck.v2.state.*.*.key").await;
    let polled = Arc::new(aws::adapter(&moto, &REGIONS).await);
    let hub_config = HubConfig { intervals: hourly(), ..config(&nats.url) };
    let hub = tokio::spawn(hub::serve(Arc::clone(&polled) as _, hub_config));
    distinct(&mut keyframes, REGIONS.len() * 5).await;
    let mut consoles = Vec::new();
    for _ in 0..3 {
        let joined = hub::join::join(&nats.url, &NatsAuth::default(), Duration::from_secs(10)).await.unwrap();
        let inventory = HubInventory::new(&nats.url, joined, chrono::Duration::minutes(5));
        consoles.push(Console::polling(Arc::new(inventory), Arc::new(ReadOnly), hourly()));
    }
    for console in &mut consoles {
        console.until_answered("every feed answered on the hub").await;
    }
    moto.stop_recording();
    let war_room = requests(&recording);
    let fleet_rows = |console: &Console| {
        let mut ids: Vec<String> = console.app.state.rows.fleet.iter().map(|r| r.facts.key.id.clone()).collect();
        ids.sort();
        ids
    };
    let shown = fleet_rows(&consoles[0]);
    for id in ["shop-000", "shop-000-r000", "shop-001", "shop-001-r000", "ledger"] {
        assert!(shown.contains(&id.to_owned()), "{id} on the hub-fed console: {shown:?}");
    }
    for console in &consoles[1..] {
        assert_eq!(fleet_rows(console), shown, "every console on the hub shows the same fleet");
    }
    hub.abort();
    let _ = hub.await;

    // One console on moto directly, over the same feeds.
    moto.record();
    let direct_inventory = Arc::new(aws::adapter(&moto, &REGIONS).await);
    let mut direct = Console::polling(Arc::clone(&direct_inventory) as _, Arc::new(ReadOnly), hourly());
    direct.until_answered("every feed answered on moto").await;
    moto.stop_recording();
    let alone = requests(&recording);
    assert_eq!(fleet_rows(&direct), shown, "the direct console shows the fleet the hub-fed ones show");

    assert!(total(&alone) > 0, "the direct console's requests were recorded");
    assert!(
        war_room == alone,
        "one hub and three consoles cost moto {} requests, one direct console {}:\nwar room {war_room:#?}\ndirect {alone:#?}",
        total(&war_room),
        total(&alone)
    );
    let _ = std::fs::remove_file(&recording);
}
