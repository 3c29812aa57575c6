//! Who each profile's credentials are: `sts:GetCallerIdentity`, asked once per profile when
//! connecting (with the timeouts every call has), and which credentials won the SDK's chain.
//!
//! The chain takes `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` before any named profile,
//! so `--profile staging` with production keys exported acts as production: the words this
//! module gives say so, and config.toml's expected accounts catch it before anything is drawn.

use aws_config::SdkConfig;

use super::errors::classify;
use crate::cloud::model::Identity;

/// The identity of the credentials in `config`, which were loaded for `profile` (or are `fixed`
/// ones); or why it is not known, in words.
pub(super) async fn resolve(config: &SdkConfig, fixed: bool, profile: Option<&str>) -> Result<Identity, String> {
    let sts = aws_sdk_sts::Client::new(config);
    let answer = sts.get_caller_identity().send().await.map_err(|e| {
        let error = classify(&e, "sts:GetCallerIdentity");
        format!("sts:GetCallerIdentity failed: {error}")
    })?;
    let (Some(account), Some(arn)) = (answer.account(), answer.arn()) else {
        return Err("sts:GetCallerIdentity named no account or ARN".to_owned());
    };
    let vars = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let credentials = credential_words(profile, fixed, vars);
    Ok(Identity { account: account.to_owned(), arn: arn.to_owned(), credentials, alias: None })
}

/// Which credentials the SDK's chain took for `profile`, and why, from what decides it: fixed
/// credentials, then the environment's keys, then the profile (named, from `AWS_PROFILE`, or
/// `default`).
pub fn credential_words(profile: Option<&str>, fixed: bool, var: impl Fn(&str) -> Option<String>) -> String {
    if fixed {
        return "fixed credentials given to opsdeck (a local test server)".to_owned();
    }
    if var("AWS_ACCESS_KEY_ID").is_some() && var("AWS_SECRET_ACCESS_KEY").is_some() {
        let unless = match profile {
            Some(name) => format!(", so they won over profile `{name}`"),
            None => String::new(),
        };
        return format!(
            "the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, which the AWS SDK takes \
             before any profile{unless}"
        );
    }
    match (profile, var("AWS_PROFILE")) {
        (Some(name), _) => format!("profile `{name}` (named by --profile or [aws] profiles)"),
        (None, Some(name)) => format!("profile `{name}`, named by the environment variable AWS_PROFILE"),
        (None, None) => {
            "profile `default`, or the instance or container role when there is none (no --profile, no AWS_PROFILE)"
                .to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(set: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| set.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn the_words_say_which_credentials_won_and_why() {
        let keys = [("AWS_ACCESS_KEY_ID", "AKIA"), ("AWS_SECRET_ACCESS_KEY", "s"), ("AWS_PROFILE", "x")];
        let words = credential_words(Some("staging"), false, env(&keys));
        assert!(words.contains("AWS_ACCESS_KEY_ID") && words.contains("won over profile `staging`"), "{words}");
        assert!(credential_words(None, false, env(&keys)).ends_with("before any profile"));
        // A key id without its secret is not used by the chain.
        let half = [("AWS_ACCESS_KEY_ID", "AKIA"), ("AWS_PROFILE", "ops")];
        assert_eq!(
            credential_words(None, false, env(&half)),
            "profile `ops`, named by the environment variable AWS_PROFILE"
        );
        assert!(credential_words(Some("prod"), false, env(&half)).starts_with("profile `prod` (named by --profile"));
        assert!(credential_words(None, false, env(&[])).starts_with("profile `default`"));
        assert!(credential_words(Some("p"), true, env(&keys)).starts_with("fixed credentials"));
    }
}
