//! Who the console is: each profile in use with the identity its credentials resolved to, and
//! what config.toml says of it — the banner, read-only, the account's alias, and the account a
//! profile must be in.
//!
//! `[accounts."ID"]` wins over `[profiles.NAME]`: the SDK takes environment credentials before
//! a named profile, so the name can be wrong about the account, and the account cannot.

use std::collections::BTreeMap;
use std::path::Path;

use crate::cloud::Inventory;
use crate::cloud::model::{Identity, Scope};
use crate::printable;
use crate::state::Writes;
use crate::state::environment::Environment;

use super::accounts::{AccountSettings, Accounts};
use super::profiles::{ProfileSettings, Profiles};
use super::values::{AccountId, ProfileName};

/// One profile in use, and who its credentials are (when the backend knows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InUse {
    pub profile: String,
    pub identity: Option<Identity>,
    /// Why a backend that asks could not tell who the credentials are: writes are then off.
    pub unknown: Option<String>,
}

/// The identity with config.toml's alias for its account, where there is one.
pub fn with_alias(mut identity: Identity, accounts: &Accounts) -> Identity {
    if let Some(alias) = account(accounts, Some(&identity)).and_then(|a| a.alias.as_ref()) {
        identity.alias = Some(alias.0.clone());
    }
    identity
}

/// The identity of each scope of `inventory`, with aliases from config.toml.
pub fn identities(inventory: &dyn Inventory, accounts: &Accounts) -> BTreeMap<Scope, Identity> {
    let scopes = inventory.scopes().into_iter();
    scopes.filter_map(|s| inventory.identity(&s).map(|id| (s, with_alias(id, accounts)))).collect()
}

/// The profiles `inventory`'s scopes are in, each once and in order; a scope without a named
/// profile is in `default_profile` (the one the SDK chose, or "demo").
pub fn in_use(inventory: &dyn Inventory, default_profile: &str, accounts: &Accounts) -> Vec<InUse> {
    let mut profiles: Vec<InUse> = Vec::new();
    for scope in inventory.scopes() {
        let profile = scope.profile.clone().unwrap_or_else(|| default_profile.to_owned());
        if profiles.iter().all(|p| p.profile != profile) {
            let identity = inventory.identity(&scope).map(|id| with_alias(id, accounts));
            profiles.push(InUse { profile, identity, unknown: inventory.identity_unknown(&scope) });
        }
    }
    profiles
}

fn profile<'a>(profiles: &'a Profiles, name: &str) -> Option<&'a ProfileSettings> {
    profiles.get(&ProfileName(name.to_owned()))
}

fn account<'a>(accounts: &'a Accounts, identity: Option<&Identity>) -> Option<&'a AccountSettings> {
    accounts.get(&AccountId(identity?.account.clone()))
}

/// A profile whose credentials are not in the account `[profiles.NAME] account` names: the
/// reason not to start, saying which credentials won and why. (A profile whose account is not
/// known starts read-only instead: see `read_only_because`.)
pub fn check_accounts(profiles: &Profiles, in_use: &[InUse], file: Option<&Path>) -> Result<(), String> {
    for used in in_use {
        let Some(expected) = profile(profiles, &used.profile).and_then(|p| p.account.as_ref()) else { continue };
        let Some(identity) = &used.identity else { continue };
        if identity.account != expected.0 {
            let file = file.map_or_else(|| "config.toml".to_owned(), |f| f.display().to_string());
            return Err(format!(
                "profile `{}` must be in AWS account {} (`account` of [profiles.{}] in {file}), but its credentials \
                 are in account {}, as {}.\n\nThe credentials that won: {}.\n\nNothing was drawn or sent. Unset \
                 what should not be there (e.g. `unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN`), \
                 or correct `account`, and start opsdeck again.",
                used.profile,
                expected.0,
                used.profile,
                identity.account_words(),
                identity.arn,
                identity.credentials,
            ));
        }
    }
    Ok(())
}

/// The environment banner for what is in use: a production one first, else the first with a
/// label (so a console on prod and staging at once says prod). An account's label wins over
/// its profile's.
pub fn environment(profiles: &Profiles, accounts: &Accounts, in_use: &[InUse]) -> Option<Environment> {
    let labelled = in_use.iter().filter_map(|used| {
        let by_profile = profile(profiles, &used.profile);
        let by_account = account(accounts, used.identity.as_ref());
        let label = by_account.and_then(|a| a.environment.as_ref()).or(by_profile?.environment.as_ref())?;
        let colour = by_account.and_then(|a| a.colour).or(by_profile.and_then(|p| p.colour)).map(|c| c.0);
        Some(Environment { profile: used.profile.clone(), label: label.0.clone(), colour })
    });
    labelled.min_by_key(|env| !env.is_production())
}

/// Read-only when any profile in use is (one is enough: it may be the one written to); an
/// account's `read_only`, when it has one, wins over its profile's.
pub fn writes(profiles: &Profiles, accounts: &Accounts, in_use: &[InUse], asked: Writes) -> Writes {
    if read_only_because(profiles, accounts, in_use).is_some() { Writes::ReadOnly } else { asked }
}

/// Why the console must not write, from who it is: an account not known (what to show and
/// refuse follows the account, so not knowing it writes nothing), or config.toml's read_only,
/// e.g. "account shop-prod (111111111111) is read_only in config.toml"; `None` otherwise.
pub fn read_only_because(profiles: &Profiles, accounts: &Accounts, in_use: &[InUse]) -> Option<String> {
    let unknown = in_use.iter().find_map(|used| {
        let why = used.unknown.as_ref()?;
        Some(format!("the AWS account of profile `{}` is not known ({why}); restart to ask again", used.profile))
    });
    unknown.or_else(|| {
        in_use.iter().find_map(|used| {
            let by_account = account(accounts, used.identity.as_ref()).and_then(|a| a.read_only);
            match (by_account, &used.identity) {
                (Some(true), Some(id)) => Some(format!("account {} is read_only in config.toml", id.account_words())),
                (Some(_), _) => None,
                (None, _) => profile(profiles, &used.profile)
                    .is_some_and(|p| p.read_only)
                    .then(|| format!("profile `{}` is read_only in config.toml", used.profile)),
            }
        })
    })
}

/// What `opsdeck config` says of each profile in use: its account, principal and credentials.
/// The ARN came from AWS, so it is escaped.
pub fn report_lines(in_use: &[InUse]) -> Vec<String> {
    let mut lines = Vec::new();
    for used in in_use {
        if let Some(id) = &used.identity {
            let arn = printable::escape(&id.arn);
            lines.push(format!("profile `{}`: account {} as {arn}", used.profile, id.account_words()));
            lines.push(format!("  credentials: {}", id.credentials));
        } else {
            let why = used.unknown.as_deref().unwrap_or("the backend does not say");
            lines.push(format!("profile `{}`: account not known: {}", used.profile, printable::escape(why)));
        }
    }
    lines
}

#[cfg(test)]
mod tests;
