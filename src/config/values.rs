//! The values of config.toml's `[aws]`, `[profiles.NAME]` and `[accounts."ID"]` sections that
//! check themselves as they are read (through `try_from`), so that a bad one is reported at its
//! own line and column, like a typo: profile and region names, colours, labels, account ids.

use std::str::FromStr;

use ratatui::style::Color;
use schemars::Schema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A profile name as AWS accepts it: not empty, no spaces or brackets.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProfileName(pub String);

impl TryFrom<String> for ProfileName {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        let ok = !name.is_empty()
            && name.len() <= 64
            && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.@+=,/".contains(c));
        if ok {
            Ok(Self(name))
        } else {
            Err(format!("expected a profile name (letters, digits, -_.@+=,/), found `{name}`"))
        }
    }
}

impl From<ProfileName> for String {
    fn from(name: ProfileName) -> Self {
        name.0
    }
}

/// A region name, e.g. "eu-west-1".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Region(pub String);

impl TryFrom<String> for Region {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        let ok = name.len() >= 6
            && name.len() <= 32
            && name.contains('-')
            && name.ends_with(|c: char| c.is_ascii_digit())
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok { Ok(Self(name)) } else { Err(format!("expected a region such as \"us-east-1\", found `{name}`")) }
    }
}

impl From<Region> for String {
    fn from(region: Region) -> Self {
        region.0
    }
}

/// A colour as a theme writes it: a name ("red", "lightred") or "#rrggbb".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ColourName(pub Color);

impl TryFrom<String> for ColourName {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        Color::from_str(&name)
            .map(Self)
            .map_err(|_| format!("expected a colour such as \"red\", \"yellow\" or \"#d70000\", found `{name}`"))
    }
}

impl From<ColourName> for String {
    fn from(colour: ColourName) -> Self {
        colour.0.to_string().to_lowercase()
    }
}

/// An environment label: short enough for the header, printable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Label(pub String);

impl TryFrom<String> for Label {
    type Error = String;

    fn try_from(label: String) -> Result<Self, String> {
        let length = label.trim().chars().count();
        if (1..=16).contains(&length) && !label.chars().any(char::is_control) {
            Ok(Self(label.trim().to_owned()))
        } else {
            Err(format!("expected an environment label of 1 to 16 characters, found `{label}`"))
        }
    }
}

impl From<Label> for String {
    fn from(label: Label) -> Self {
        label.0
    }
}

/// A twelve-digit AWS account id, checked as it is read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AccountId(pub String);

impl TryFrom<String> for AccountId {
    type Error = String;

    fn try_from(id: String) -> Result<Self, String> {
        if id.len() == 12 && id.chars().all(|c| c.is_ascii_digit()) {
            Ok(Self(id))
        } else {
            Err(format!("expected a twelve-digit AWS account id such as \"123456789012\", found `{id}`"))
        }
    }
}

impl From<AccountId> for String {
    fn from(id: AccountId) -> Self {
        id.0
    }
}

/// Lists `alias` (a serde alias of `name`) among the properties of an object schema, with the
/// same schema; the two may not both be given.
pub(crate) fn schema_alias(schema: &mut Schema, name: &str, alias: &str) {
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else { return };
    let Some(mut same) = properties.get(name).cloned() else { return };
    if let Some(object) = same.as_object_mut() {
        object.insert("description".to_owned(), Value::from(format!("The same as `{name}`.")));
    }
    properties.insert(alias.to_owned(), same);
    schema.insert("not".to_owned(), serde_json::json!({ "required": [name, alias] }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_check_themselves() {
        assert!(Region::try_from("us-east-1".to_owned()).is_ok());
        assert!(Region::try_from("US East".to_owned()).is_err());
        assert!(ProfileName::try_from(String::new()).is_err());
        assert!(Label::try_from("a very long environment name".to_owned()).is_err());
        assert_eq!(String::from(ColourName(Color::LightRed)), "lightred");
        assert_eq!(String::from(ColourName(Color::Rgb(0xd7, 0, 0))), "#d70000");
    }

    #[test]
    fn account_ids_are_twelve_digits() {
        assert!(AccountId::try_from("123456789012".to_owned()).is_ok());
        for bad in ["12345678901", "1234567890123", "12345678901x", ""] {
            let error = AccountId::try_from(bad.to_owned()).unwrap_err();
            assert!(error.contains("twelve-digit"), "{error}");
        }
    }
}
