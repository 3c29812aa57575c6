//! `--only` and `--skip`: which rules one check judges with. The rules left out are turned
//! off as config.toml's `off` would (no findings, no "not evaluated" notes); a rule config.toml
//! turns off stays off. A name that is no rule is a usage error that lists the rules.

use std::fmt;

use crate::posture::{PostureSettings, RuleId, RuleSetting};

/// Rule names on the command line that name no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRules {
    /// The flag they were given to: `--only` or `--skip`.
    pub flag: &'static str,
    pub names: Vec<String>,
}

impl fmt::Display for UnknownRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.names.iter().map(|n| format!("`{}`", crate::printable::escape(n))).collect();
        let what = if names.len() == 1 { "is no rule" } else { "are no rules" };
        let known: Vec<&str> = RuleId::ALL.iter().map(|r| r.id()).collect();
        write!(f, "{}: {} {what}; the rules are: {}", self.flag, names.join(", "), known.join(", "))
    }
}

impl std::error::Error for UnknownRules {}

fn parse(flag: &'static str, names: &[String]) -> Result<Vec<RuleId>, UnknownRules> {
    let names: Vec<&str> = names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).collect();
    let unknown: Vec<String> =
        names.iter().filter(|n| !RuleId::ALL.iter().any(|r| r.id() == **n)).map(|n| (*n).to_owned()).collect();
    if !unknown.is_empty() {
        return Err(UnknownRules { flag, names: unknown });
    }
    Ok(RuleId::ALL.into_iter().filter(|r| names.contains(&r.id())).collect())
}

/// `settings` with every rule outside `only` (when given) and every rule in `skip` off.
pub fn select(settings: &PostureSettings, only: &[String], skip: &[String]) -> Result<PostureSettings, UnknownRules> {
    let only = parse("--only", only)?;
    let skip = parse("--skip", skip)?;
    let mut selected = settings.clone();
    for rule in RuleId::ALL {
        if (!only.is_empty() && !only.contains(&rule)) || skip.contains(&rule) {
            selected.rules.insert(rule, RuleSetting::Off);
        }
    }
    Ok(selected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn only_and_skip_turn_the_other_rules_off() {
        let base = PostureSettings::default();
        let only = select(&base, &names(&["cpu-high", " no-multi-az", ""]), &names(&["no-multi-az"])).unwrap();
        let on: Vec<RuleId> = RuleId::ALL.into_iter().filter(|r| only.is_enabled(*r)).collect();
        assert_eq!(on, [RuleId::CpuHigh]);
        let skip = select(&base, &[], &names(&["cpu-high"])).unwrap();
        assert_eq!(RuleId::ALL.into_iter().filter(|r| !skip.is_enabled(*r)).collect::<Vec<_>>(), [RuleId::CpuHigh]);
        assert_eq!(select(&base, &[], &[]).unwrap(), base, "no flags, no change");
    }

    #[test]
    fn a_rule_config_turns_off_stays_off() {
        let mut base = PostureSettings::default();
        base.rules.insert(RuleId::CpuHigh, RuleSetting::Off);
        let only = select(&base, &names(&["cpu-high", "asg-at-max"]), &[]).unwrap();
        assert!(!only.is_enabled(RuleId::CpuHigh) && only.is_enabled(RuleId::AsgAtMax));
    }

    #[test]
    fn unknown_names_are_refused_listing_the_rules() {
        let error = select(&PostureSettings::default(), &[], &names(&["cpu-hgh", "no-multi-az", "x\u{1b}"]));
        let error = error.unwrap_err();
        assert_eq!(error.names, ["cpu-hgh", "x\u{1b}"]);
        let text = error.to_string();
        assert!(text.starts_with("--skip: `cpu-hgh`, `x\\u{1b}` are no rules; the rules are: storage-unencrypted,"));
        assert!(text.ends_with("dr-backup-stale, db-port-open-to-world"), "{text}");
    }
}
