use ratatui::style::Color;
use serde::Deserialize;

use super::*;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    profiles: Profiles,
    #[serde(default)]
    accounts: Accounts,
}

fn file(text: &str) -> File {
    toml::from_str(text).unwrap()
}

fn identity(account: &str) -> Identity {
    Identity {
        account: account.to_owned(),
        arn: format!("arn:aws:iam::{account}:user/ops"),
        credentials: "the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".to_owned(),
        alias: None,
    }
}

fn used(profile: &str, account: &str) -> InUse {
    InUse { profile: profile.to_owned(), identity: Some(identity(account)), unknown: None }
}

const PROD: &str = "111111111111";
const STAGE: &str = "222222222222";

#[test]
fn production_wins_the_banner_and_read_only_wins_writes() {
    let f = file(
        "[profiles.stage]\nenvironment = \"staging\"\ncolour = \"yellow\"\n\
         [profiles.prod]\nenvironment = \"PROD\"\nread_only = true\n",
    );
    let both = [used("stage", STAGE), used("prod", PROD)];
    let env = environment(&f.profiles, &f.accounts, &both).unwrap();
    assert_eq!((env.profile.as_str(), env.label.as_str(), env.colour), ("prod", "PROD", None));
    let env = environment(&f.profiles, &f.accounts, &both[..1]).unwrap();
    assert_eq!(env.colour, Some(Color::Yellow));
    assert_eq!(environment(&f.profiles, &f.accounts, &[used("other", PROD)]), None);
    assert_eq!(writes(&f.profiles, &f.accounts, &both, Writes::Allowed), Writes::ReadOnly);
    assert_eq!(writes(&f.profiles, &f.accounts, &both[..1], Writes::DryRun), Writes::DryRun);
}

/// Production keys exported, `--profile staging` asked for: the banner and read-only follow the
/// account the keys are in, not the profile's name.
#[test]
fn the_account_wins_over_the_profile_name() {
    let f = file(&format!(
        "[profiles.staging]\nenvironment = \"staging\"\n\
         [accounts.\"{PROD}\"]\nalias = \"shop-prod\"\nenvironment = \"prod\"\ncolour = \"red\"\nread_only = true\n"
    ));
    let staging_on_prod_keys = [used("staging", PROD)];
    let env = environment(&f.profiles, &f.accounts, &staging_on_prod_keys).unwrap();
    assert_eq!((env.label.as_str(), env.colour), ("prod", Some(Color::Red)));
    assert_eq!(writes(&f.profiles, &f.accounts, &staging_on_prod_keys, Writes::Allowed), Writes::ReadOnly);
    assert_eq!(
        read_only_because(&f.profiles, &f.accounts, &staging_on_prod_keys).as_deref(),
        Some("account 111111111111 is read_only in config.toml")
    );
    // On its own keys, staging is staging and may write.
    let staging = [used("staging", STAGE)];
    assert_eq!(environment(&f.profiles, &f.accounts, &staging).unwrap().label, "staging");
    assert_eq!(writes(&f.profiles, &f.accounts, &staging, Writes::Allowed), Writes::Allowed);
    // An account that says read_only = false lets a read-only-named profile write.
    let g = file(&format!("[profiles.x]\nread_only = true\n[accounts.\"{STAGE}\"]\nread_only = false\n"));
    assert_eq!(writes(&g.profiles, &g.accounts, &[used("x", STAGE)], Writes::Allowed), Writes::Allowed);
    assert_eq!(writes(&g.profiles, &g.accounts, &[used("x", PROD)], Writes::Allowed), Writes::ReadOnly);
    assert_eq!(with_alias(identity(PROD), &f.accounts).account_words(), "shop-prod (111111111111)");
}

#[test]
fn a_profile_in_the_wrong_account_stops_naming_the_credentials_that_won() {
    let f = file(&format!("[profiles.staging]\naccount = \"{STAGE}\"\n"));
    assert_eq!(check_accounts(&f.profiles, &[used("staging", STAGE)], None), Ok(()));
    assert_eq!(check_accounts(&f.profiles, &[used("other", PROD)], None), Ok(()), "no expectation, no check");
    let why = check_accounts(&f.profiles, &[used("staging", PROD)], Some(Path::new("/etc/od.toml"))).unwrap_err();
    for says in [
        "profile `staging` must be in AWS account 222222222222",
        "[profiles.staging] in /etc/od.toml",
        "in account 111111111111, as arn:aws:iam::111111111111:user/ops",
        "The credentials that won: the environment variables AWS_ACCESS_KEY_ID",
        "Nothing was drawn or sent",
    ] {
        assert!(why.contains(says), "{says}: {why}");
    }
    // Not knowing the account is no mismatch: the console starts, and writes nothing.
    let unknown = InUse { profile: "staging".into(), identity: None, unknown: Some("timed out".into()) };
    assert_eq!(check_accounts(&f.profiles, std::slice::from_ref(&unknown), None), Ok(()));
    assert_eq!(writes(&f.profiles, &f.accounts, std::slice::from_ref(&unknown), Writes::Allowed), Writes::ReadOnly);
    let why = read_only_because(&f.profiles, &f.accounts, &[unknown]).unwrap();
    assert!(why.contains("AWS account of profile `staging` is not known (timed out)"), "{why}");
}

#[test]
fn a_bad_account_id_is_an_error_at_its_line() {
    let error = toml::from_str::<File>("[profiles.p]\naccount = \"12345\"\n").err().unwrap();
    assert!(error.to_string().contains("twelve-digit"), "{error}");
    let error = toml::from_str::<File>("[accounts.\"abc\"]\nalias = \"x\"\n").err().unwrap();
    assert!(error.to_string().contains("twelve-digit"), "{error}");
}
