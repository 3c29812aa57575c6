//! The `[aws]` and `[profiles.<name>]` sections of config.toml: which profiles and regions to
//! open, and what each profile is — its environment label and colour (the banner on every
//! screen and confirm dialog) and whether it is read-only.
//!
//! Each value checks itself as it is read (through `try_from`), so a bad one is reported at its
//! own line and column, like a typo.

use std::collections::BTreeMap;
use std::str::FromStr;

use ratatui::style::Color;
use serde::{Deserialize, Serialize};

use crate::state::Writes;
use crate::state::environment::Environment;

/// `[aws]`: the profiles and regions to open when the command line names none.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AwsSettings {
    /// Profiles from ~/.aws/config; empty means the SDK's default chain (`AWS_PROFILE`, …).
    pub profiles: Vec<ProfileName>,
    /// Regions, e.g. "us-east-1"; empty means each profile's own region.
    pub regions: Vec<Region>,
}

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

/// `[profiles.<name>]`: what one AWS profile (or "demo", the simulated fleet) is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProfileSettings {
    /// Shown as a banner on every screen and in every confirm dialog, e.g. "prod".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<Label>,
    /// The banner's colour; without one, production-looking labels use the theme's
    /// `prod_banner` and others its accent.
    #[serde(alias = "color", skip_serializing_if = "Option::is_none")]
    pub colour: Option<ColourName>,
    /// Never write through this profile, whatever the command line says.
    pub read_only: bool,
}

/// The profiles of config.toml, by name.
pub type Profiles = BTreeMap<ProfileName, ProfileSettings>;

/// The profiles a console opens: "demo" on the simulated fleet; otherwise those the command
/// line names, else `[aws] profiles`, else `AWS_PROFILE`, else "default" (as the AWS SDK would).
pub fn profiles_in_use(demo: bool, asked: &[String], aws: &AwsSettings, aws_profile: Option<String>) -> Vec<String> {
    if demo {
        return vec!["demo".to_owned()];
    }
    if !asked.is_empty() {
        return asked.to_vec();
    }
    if !aws.profiles.is_empty() {
        return aws.profiles.iter().map(|p| p.0.clone()).collect();
    }
    vec![aws_profile.filter(|p| !p.is_empty()).unwrap_or_else(|| "default".to_owned())]
}

/// The environment to show for the profiles in use: a production one first, else the first
/// with a label (so a console on prod and staging at once says prod).
pub fn environment(profiles: &Profiles, active: &[String]) -> Option<Environment> {
    let labelled = active.iter().filter_map(|name| {
        let settings = profiles.get(&ProfileName(name.clone()))?;
        let label = settings.environment.as_ref()?;
        Some(Environment { profile: name.clone(), label: label.0.clone(), colour: settings.colour.map(|c| c.0) })
    });
    labelled.min_by_key(|env| !env.is_production())
}

/// Whether a profile in use is marked read-only (one is enough: it may be the one written to).
pub fn writes(profiles: &Profiles, active: &[String], asked: Writes) -> Writes {
    let read_only = active.iter().any(|name| profiles.get(&ProfileName(name.clone())).is_some_and(|p| p.read_only));
    if read_only { Writes::ReadOnly } else { asked }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles(text: &str) -> Profiles {
        #[derive(Deserialize)]
        struct File {
            profiles: Profiles,
        }
        toml::from_str::<File>(text).unwrap().profiles
    }

    #[test]
    fn production_wins_the_banner_and_read_only_wins_writes() {
        let p = profiles(
            "[profiles.stage]\nenvironment = \"staging\"\ncolour = \"yellow\"\n\
             [profiles.prod]\nenvironment = \"PROD\"\nread_only = true\n",
        );
        let both = ["stage".to_owned(), "prod".to_owned()];
        let env = environment(&p, &both).unwrap();
        assert_eq!((env.profile.as_str(), env.label.as_str(), env.colour), ("prod", "PROD", None));
        let env = environment(&p, &both[..1]).unwrap();
        assert_eq!(env.colour, Some(Color::Yellow));
        assert_eq!(environment(&p, &["other".to_owned()]), None);
        assert_eq!(writes(&p, &both, Writes::Allowed), Writes::ReadOnly);
        assert_eq!(writes(&p, &both[..1], Writes::DryRun), Writes::DryRun);
    }

    #[test]
    fn the_profiles_in_use_come_from_the_flags_then_the_file_then_the_sdk() {
        let aws = AwsSettings { profiles: vec![ProfileName("prod".into())], regions: Vec::new() };
        let none = AwsSettings::default();
        assert_eq!(profiles_in_use(true, &["x".into()], &aws, None), ["demo"]);
        assert_eq!(profiles_in_use(false, &["x".into()], &aws, None), ["x"]);
        assert_eq!(profiles_in_use(false, &[], &aws, Some("y".into())), ["prod"]);
        assert_eq!(profiles_in_use(false, &[], &none, Some("y".into())), ["y"]);
        assert_eq!(profiles_in_use(false, &[], &none, Some(String::new())), ["default"]);
    }

    #[test]
    fn values_check_themselves() {
        assert!(Region::try_from("us-east-1".to_owned()).is_ok());
        assert!(Region::try_from("US East".to_owned()).is_err());
        assert!(ProfileName::try_from(String::new()).is_err());
        assert!(Label::try_from("a very long environment name".to_owned()).is_err());
        assert_eq!(String::from(ColourName(Color::LightRed)), "lightred");
        assert_eq!(String::from(ColourName(Color::Rgb(0xd7, 0, 0))), "#d70000");
    }
}
