//! Who the console acts as: the AWS account and principal a scope's credentials belong to, as
//! `sts:GetCallerIdentity` tells it, and which credentials those were. Banners, read-only and
//! the audit log follow this, not the profile's name: the SDK takes environment credentials
//! before a named profile, so a name alone can be wrong about the account.

use serde::Serialize;

/// The account of the simulated fleet: twelve digits no AWS account has.
pub const SIMULATED_ACCOUNT: &str = "000000000000";

/// The identity of one scope's credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Identity {
    /// The twelve-digit account id.
    pub account: String,
    /// The ARN of the principal (user, assumed role, …).
    pub arn: String,
    /// Which credentials these are, and why they won, e.g. "the environment variables
    /// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, which the AWS SDK takes before any profile".
    pub credentials: String,
    /// A name for the account, from config.toml's `[accounts."ID"] alias` (or the simulator's).
    pub alias: Option<String>,
}

impl Identity {
    /// The identity every scope of the simulated fleet has.
    pub fn simulated() -> Self {
        Self {
            account: SIMULATED_ACCOUNT.to_owned(),
            arn: format!("arn:aws:iam::{SIMULATED_ACCOUNT}:user/demo"),
            credentials: "the simulated fleet (--demo): no AWS credentials are used".to_owned(),
            alias: Some("simulated".to_owned()),
        }
    }

    /// The account as people read it: "shop-prod (123456789012)", or the id alone.
    pub fn account_words(&self) -> String {
        match &self.alias {
            Some(alias) => format!("{alias} ({})", self.account),
            None => self.account.clone(),
        }
    }

    /// The account in a narrow column: the alias, else the id.
    pub fn short(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_reads_with_its_alias() {
        let mut id = Identity::simulated();
        assert_eq!(id.account_words(), "simulated (000000000000)");
        assert_eq!(id.short(), "simulated");
        id.alias = None;
        assert_eq!((id.account_words().as_str(), id.short()), ("000000000000", "000000000000"));
    }
}
