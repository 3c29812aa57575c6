//! Connecting: one SDK configuration per (profile, region) pair, loaded by aws-config's standard
//! chain (environment, shared config and credentials files, SSO, assume-role, instance and
//! container credentials; `AWS_PROFILE`, `AWS_REGION` and `AWS_ENDPOINT_URL` included), with
//! the timeouts and retry mode every call gets.
//!
//! Credentials and regions are checked here, before the console draws anything, so that a
//! missing region or an expired SSO session is a plain message saying what to run — not an
//! empty screen; and each profile's identity is asked for (`identity`), so that what the
//! console shows and refuses follows the account the credentials are really in.

use std::time::{Duration, SystemTime};

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_http_client::tls;
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_smithy_types::error::display::DisplayErrorContext;
use thiserror::Error;

use super::identity;
use crate::cloud::model::{Identity, Scope};

/// How long resolving credentials at startup may take (SSO and assume-role go to the network).
const CREDENTIALS_CHECK: Duration = Duration::from_secs(20);

/// Per-call time limits, applied by the SDK to every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// One HTTP attempt.
    pub attempt: Duration,
    /// The whole call, retries included.
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self { attempt: Duration::from_secs(5), operation: Duration::from_secs(15) }
    }
}

/// Fixed credentials instead of the standard chain: for a local test server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
}

/// Where to connect, and how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Named profiles; empty means the default chain (`AWS_PROFILE`, else `default`).
    pub profiles: Vec<String>,
    /// Regions polled in every profile; empty means each profile's configured region.
    pub regions: Vec<String>,
    pub timeouts: Timeouts,
    /// Send every call here instead of AWS (`AWS_ENDPOINT_URL` does the same from outside).
    pub endpoint_url: Option<String>,
    pub static_credentials: Option<StaticCredentials>,
}

/// Why the console cannot start on AWS; `advice` says what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConnectError {
    #[error("no AWS credentials found for {}", profile_words(.profile.as_deref()))]
    NoCredentials { profile: Option<String> },
    #[error("the SSO session of {} has expired", profile_words(.profile.as_deref()))]
    SsoExpired { profile: Option<String> },
    #[error("the AWS credentials of {} have expired", profile_words(.profile.as_deref()))]
    Expired { profile: Option<String> },
    #[error("no AWS region is configured for {}", profile_words(.profile.as_deref()))]
    NoRegion { profile: Option<String> },
    #[error("cannot load the AWS credentials of {}: {detail}", profile_words(.profile.as_deref()))]
    Credentials { profile: Option<String>, detail: String },
}

fn profile_words(profile: Option<&str>) -> String {
    match profile {
        Some(name) => format!("profile `{name}`"),
        None => "the default profile".to_owned(),
    }
}

fn login_command(profile: Option<&str>) -> String {
    match profile {
        Some(name) => format!("aws sso login --profile {name}"),
        None => "aws sso login".to_owned(),
    }
}

impl ConnectError {
    /// What the user can run or pass to get going.
    pub fn advice(&self) -> String {
        let demo = "or try the simulated fleet: opsdeck --demo";
        match self {
            Self::NoCredentials { .. } => format!(
                "Configure credentials (`aws configure`, or `aws sso login --profile NAME`), pick a profile with \
                 `--profile NAME`, {demo}"
            ),
            Self::SsoExpired { profile } | Self::Expired { profile } => {
                format!("Run `{}` and start opsdeck again, {demo}", login_command(profile.as_deref()))
            }
            Self::NoRegion { .. } => {
                format!("Pass `--region NAME` (repeatable), set AWS_REGION, or set `region` in the profile, {demo}")
            }
            Self::Credentials { .. } => format!("Check the profile in ~/.aws/config, {demo}"),
        }
    }
}

/// The HTTPS client every SDK client shares: rustls on ring (no C toolchain needed to build).
pub(super) fn https_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
        .build_https()
}

async fn load(settings: &Settings, profile: Option<&str>, http: &SharedHttpClient) -> SdkConfig {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_millis(3100))
        .operation_attempt_timeout(settings.timeouts.attempt)
        .operation_timeout(settings.timeouts.operation)
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http.clone())
        .timeout_config(timeouts)
        .retry_config(RetryConfig::standard());
    if let Some(name) = profile {
        loader = loader.profile_name(name);
    }
    if let Some(region) = settings.regions.first() {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    if let Some(keys) = &settings.static_credentials {
        let credentials = Credentials::new(&keys.access_key_id, &keys.secret_access_key, None, None, "opsdeck");
        loader = loader.credentials_provider(credentials);
    }
    loader.load().await
}

fn credentials_failure(error: &CredentialsError, profile: Option<&str>) -> ConnectError {
    let profile = profile.map(str::to_owned);
    let detail = DisplayErrorContext(error).to_string();
    let lower = detail.to_lowercase();
    match error {
        CredentialsError::CredentialsNotLoaded(_) => ConnectError::NoCredentials { profile },
        _ if lower.contains("sso") && (lower.contains("expired") || lower.contains("token")) => {
            ConnectError::SsoExpired { profile }
        }
        _ if lower.contains("expired") => ConnectError::Expired { profile },
        _ => ConnectError::Credentials { profile, detail },
    }
}

/// Resolves credentials once, so that failures are reported before the console starts.
async fn check_credentials(config: &SdkConfig, profile: Option<&str>) -> Result<(), ConnectError> {
    let Some(provider) = config.credentials_provider() else {
        return Err(ConnectError::NoCredentials { profile: profile.map(str::to_owned) });
    };
    match tokio::time::timeout(CREDENTIALS_CHECK, provider.provide_credentials()).await {
        Err(_) => Err(ConnectError::Credentials {
            profile: profile.map(str::to_owned),
            detail: format!("no answer within {}s", CREDENTIALS_CHECK.as_secs()),
        }),
        Ok(Err(error)) => Err(credentials_failure(&error, profile)),
        Ok(Ok(credentials)) if credentials.expiry().is_some_and(|at| at <= SystemTime::now()) => {
            Err(ConnectError::Expired { profile: profile.map(str::to_owned) })
        }
        Ok(Ok(_)) => Ok(()),
    }
}

/// One scope, ready: its SDK configuration and who its credentials are, or why that is not
/// known (`sts:GetCallerIdentity` unanswered: the console starts, and writes nothing).
#[derive(Debug)]
pub struct Connected {
    pub scope: Scope,
    pub config: SdkConfig,
    pub identity: Result<Identity, String>,
}

/// Loads and checks every profile and asks who its credentials are; returns one configuration
/// per scope, in display order.
pub async fn connect(settings: &Settings) -> Result<Vec<Connected>, ConnectError> {
    let http = https_client();
    let profiles: Vec<Option<&str>> = if settings.profiles.is_empty() {
        vec![None]
    } else {
        settings.profiles.iter().map(|p| Some(p.as_str())).collect()
    };
    let mut scopes = Vec::new();
    for profile in profiles {
        let config = load(settings, profile, &http).await;
        let Some(home) = config.region().map(ToString::to_string) else {
            return Err(ConnectError::NoRegion { profile: profile.map(str::to_owned) });
        };
        check_credentials(&config, profile).await?;
        let identity = identity::resolve(&config, settings.static_credentials.is_some(), profile).await;
        let regions = if settings.regions.is_empty() { vec![home] } else { settings.regions.clone() };
        for region in regions {
            let regional = config.to_builder().region(Region::new(region.clone())).build();
            let scope = Scope { profile: profile.map(str::to_owned), region };
            scopes.push(Connected { scope, config: regional, identity: identity.clone() });
        }
    }
    Ok(scopes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_names_the_command_to_run() {
        let expired = ConnectError::SsoExpired { profile: Some("prod".into()) };
        assert_eq!(expired.to_string(), "the SSO session of profile `prod` has expired");
        assert!(expired.advice().contains("aws sso login --profile prod"));
        assert!(ConnectError::NoRegion { profile: None }.advice().contains("--region"));
        assert!(ConnectError::NoCredentials { profile: None }.advice().contains("--demo"));
    }

    #[test]
    fn credential_failures_are_told_apart() {
        let not_loaded = CredentialsError::not_loaded("no providers in chain provided credentials");
        assert_eq!(credentials_failure(&not_loaded, None), ConnectError::NoCredentials { profile: None });
        let sso = CredentialsError::provider_error("the SSO token for this profile has expired");
        assert_eq!(credentials_failure(&sso, Some("dev")), ConnectError::SsoExpired { profile: Some("dev".into()) });
        let other = CredentialsError::invalid_configuration("profile `x` was not defined");
        assert!(matches!(credentials_failure(&other, None), ConnectError::Credentials { .. }));
    }
}
