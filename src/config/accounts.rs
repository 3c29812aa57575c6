//! The `[accounts."ID"]` sections of config.toml: what an AWS account is, keyed by its id — its
//! alias, environment label and colour, and whether it is read-only. These win over the
//! `[profiles.NAME]` of the same meaning, because the account is what the credentials really
//! are in, whatever the profile is called (see `identity`).

use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema};
use serde::{Deserialize, Serialize};

use super::values::{AccountId, ColourName, Label};

/// `[accounts."123456789012"]`: what one AWS account is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(transform = colour_alias)]
pub struct AccountSettings {
    /// A name for the account, shown beside its id in the header and the Region column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<Label>,
    /// The environment banner, over the profile's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<Label>,
    /// The banner's colour, over the profile's.
    #[serde(alias = "color", skip_serializing_if = "Option::is_none")]
    pub colour: Option<ColourName>,
    /// Whether writes to this account are refused; when set, over the profile's `read_only`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}

/// The accounts of config.toml, by id.
pub type Accounts = BTreeMap<AccountId, AccountSettings>;

fn colour_alias(schema: &mut Schema) {
    super::values::schema_alias(schema, "colour", "color");
}
