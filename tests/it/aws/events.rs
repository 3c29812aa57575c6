//! RDS events against moto, which records the creation of every instance it is asked to make:
//! the events of a seeded fleet come back through the adapter, and a second refresh, asking
//! only for what is new, repeats none of them.

use opsdeck::cloud::Inventory;
use opsdeck::cloud::aws::planner::event_calls_per_refresh;
use opsdeck::cloud::model::{EventSource, Scope};

use super::{adapter, moto, sdk, seed};

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn the_events_of_a_seeded_fleet_come_back_once() {
    let region = "ap-southeast-3";
    let rds = aws_sdk_rds::Client::new(&sdk(moto(), region).await);
    seed::postgres(&rds, "ev-orders", None, true).await;
    seed::postgres(&rds, "ev-billing", None, false).await;
    let aws = adapter(moto(), &[region]).await;
    let scope = Scope::region(region);

    let first = aws.db_events(&scope).await.unwrap();
    for id in ["ev-orders", "ev-billing"] {
        assert!(
            first.iter().any(|e| e.source == EventSource::Instance && e.source_id == id),
            "no event of {id}: {first:#?}"
        );
    }
    assert!(first.windows(2).all(|w| w[0].at <= w[1].at), "oldest first");
    let calls = |aws: &opsdeck::cloud::aws::Aws| aws.usage().unwrap().calls("RDS", "DescribeEvents");
    let sent = calls(&aws);
    assert_eq!(sent, event_calls_per_refresh(first.len(), 0) as u64, "every page of both source types");

    let second = aws.db_events(&scope).await.unwrap();
    assert_eq!(second, first, "the overlap brings nothing twice");
    assert!(calls(&aws) > sent);
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn the_events_of_a_seeded_fleet_show_on_the_timeline_tab() {
    use std::sync::Arc;

    use crossterm::event::KeyCode;
    use opsdeck::runbook::audit::AuditLog;
    use opsdeck::state::Writes;
    use opsdeck::timeline::Source;

    use crate::record::{console, temp};

    let region = "ap-south-2";
    let rds = aws_sdk_rds::Client::new(&sdk(moto(), region).await);
    seed::postgres(&rds, "tl-orders", None, false).await;
    let aws = Arc::new(adapter(moto(), &[region]).await);
    let mut live = console(Arc::clone(&aws) as _, aws, AuditLog::new(temp("moto-timeline.audit")), Writes::ReadOnly);
    let seen = |live: &crate::record::Console| {
        live.app
            .state
            .rows
            .timeline
            .iter()
            .any(|r| r.event.source == Source::RdsEvent && r.event.resource == "tl-orders")
    };
    for _ in 0..1_000 {
        if seen(&live) {
            break;
        }
        assert!(live.app.step().await, "input closed");
    }
    assert!(seen(&live), "the events feed never brought tl-orders's events");
    live.press(KeyCode::Char('6')).await;
    let body = live.body();
    assert!(body.iter().any(|l| l.contains("rds event") && l.contains("tl-orders")), "{body:#?}");
}
