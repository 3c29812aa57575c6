//! Which account am I in: the header, the Region column and the confirm dialog name the
//! account the credentials are really in (with its alias from config.toml), and a console made
//! read-only by who it is says why when an action key is pressed.

use opsdeck::cloud::model::{Identity, ResourceKey};
use opsdeck::command::Command;
use opsdeck::event::Event;
use opsdeck::runbook::plan::Request;
use opsdeck::state::{State, Writes};
use opsdeck::update::update;

use crate::fixtures::{self, east, west};
use crate::ui::screen;

const PROD: &str = "111111111111";

fn prod() -> Identity {
    Identity {
        account: PROD.to_owned(),
        arn: format!("arn:aws:iam::{PROD}:user/oncall"),
        credentials: "profile `prod` (named by --profile or [aws] profiles)".to_owned(),
        alias: Some("shop-prod".to_owned()),
    }
}

fn in_prod() -> State {
    let mut state = fixtures::ready();
    for scope in [east(), west()] {
        state.session.identities.insert(scope, prod());
    }
    state
}

#[test]
fn the_header_and_the_region_column_name_the_account() {
    let state = in_prod();
    let text = screen(&state, 120, 40);
    let header = text.lines().next().unwrap_or_default();
    assert!(header.contains("acct shop-prod (111111111111)"), "{header}");
    // One account: the header says it, and the Region column keeps its width for the region.
    assert!(!text.contains("@shop-prod"), "{text}");
    // Without an alias, the id itself.
    let mut bare = state.clone();
    for identity in bare.session.identities.values_mut() {
        identity.alias = None;
    }
    let text = screen(&bare, 120, 40);
    assert!(text.lines().next().unwrap_or_default().contains("acct 111111111111"), "{text}");
    // Two accounts: both in the header, and each row says which one it is in.
    let mut two = state;
    let mut other = prod();
    other.account = "222222222222".to_owned();
    other.alias = Some("shop-dr".to_owned());
    two.session.identities.insert(west(), other);
    let text = screen(&two, 200, 50);
    let header = text.lines().next().unwrap_or_default();
    assert!(header.contains("acct shop-prod (111111111111), shop-dr (222222222222)"), "{header}");
    assert!(text.contains("us-west-2 @shop-dr") && text.contains("us-east-1 @shop-prod"), "{text}");
}

#[test]
fn the_confirm_dialog_names_the_account_and_principal_it_acts_as() {
    let mut state = in_prod();
    opsdeck::update::open_confirm(
        &mut state,
        Request::Failover { target: ResourceKey::new(east(), "shop-prod-db"), reader: None },
    );
    let text = screen(&state, 120, 40);
    assert!(text.contains("Account  shop-prod (111111111111)  as arn:aws:iam::111111111111:user/oncall"), "{text}");
}

#[test]
fn a_console_read_only_by_its_account_says_so_and_why() {
    let mut state = in_prod();
    state.session.writes = Writes::ReadOnly;
    state.session.read_only_because = "account shop-prod (111111111111) is read_only in config.toml".to_owned();
    let text = screen(&state, 120, 40);
    assert!(text.lines().next().unwrap_or_default().contains("read-only"), "{text}");
    update(&mut state, Event::Command(Command::Failover));
    let notice = state.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(notice, "read-only: account shop-prod (111111111111) is read_only in config.toml, runbooks are off");
    assert!(!matches!(state.nav.mode, opsdeck::state::Mode::Confirm(_)));
}
