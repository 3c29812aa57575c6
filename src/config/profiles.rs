//! The `[aws]` and `[profiles.<name>]` sections of config.toml: which profiles and regions to
//! open, and what each profile is — its environment label and colour (the banner on every
//! screen and confirm dialog), whether it is read-only, and the account it must be in.
//!
//! Each value checks itself as it is read (see `values`), so a bad one is reported at its own
//! line and column, like a typo.

use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema};
use serde::{Deserialize, Serialize};

use super::values::{AccountId, ColourName, Label, ProfileName, Region};

/// `[aws]`: the profiles and regions to open when the command line names none.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AwsSettings {
    /// Profiles from ~/.aws/config; empty means the SDK's default chain (`AWS_PROFILE`, …).
    pub profiles: Vec<ProfileName>,
    /// Regions, e.g. "us-east-1"; empty means each profile's own region.
    pub regions: Vec<Region>,
}

/// `[profiles.<name>]`: what one AWS profile (or "demo", the simulated fleet) is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(transform = colour_alias)]
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
    /// The AWS account this profile's credentials must be in: opsdeck stops before drawing
    /// when they are in another (environment variables win over a named profile, for one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountId>,
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

fn colour_alias(schema: &mut Schema) {
    super::values::schema_alias(schema, "colour", "color");
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
