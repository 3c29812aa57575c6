//! The environment the console is looking at (e.g. "prod"), from the profile in use: shown as a
//! banner in the header of every screen and in every confirm dialog, so production is never
//! mistaken for anything else.

use ratatui::style::Color;

/// A labelled environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// The AWS profile (or "demo") it belongs to.
    pub profile: String,
    /// What the banner says, e.g. "prod".
    pub label: String,
    /// The banner's colour, when config.toml gives one; otherwise the theme decides.
    pub colour: Option<Color>,
}

impl Environment {
    /// Whether the label reads as production ("prod", "production", "prd", "live", "prod-eu", …):
    /// such a banner uses the theme's `prod_banner` when no colour is given.
    pub fn is_production(&self) -> bool {
        let label = self.label.to_ascii_lowercase();
        label.starts_with("prod") || label.starts_with("prd") || label == "live"
    }

    /// The banner text, e.g. " PROD ".
    pub fn banner(&self) -> String {
        format!(" {} ", self.label.to_uppercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_is_read_from_the_label() {
        let env = |label: &str| Environment { profile: "p".into(), label: label.into(), colour: None };
        assert!(env("prod").is_production());
        assert!(env("Production").is_production());
        assert!(env("prod-eu").is_production());
        assert!(env("live").is_production());
        assert!(!env("staging").is_production());
        assert!(!env("preprod").is_production());
        assert_eq!(env("prod").banner(), " PROD ");
    }
}
