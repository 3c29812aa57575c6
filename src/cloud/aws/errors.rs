//! SDK errors into the typed `CloudError`, so every pane can say what happened and what to do:
//! throttling backs off, a denied call names the IAM action to grant, expired credentials point
//! at `aws sso login`, and timeouts or unreachable endpoints are network trouble to retry — never
//! a reason to exit.

use std::error::Error as StdError;

use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::cloud::CloudError;

/// Error codes AWS uses for "slow down", across the query, JSON and CBOR protocols.
const THROTTLE_CODES: [&str; 9] = [
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottled",
    "RequestThrottledException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "SlowDown",
    "PriorRequestNotComplete",
];

const DENIED_CODES: [&str; 6] = [
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedException",
    "NotAuthorized",
    "AuthorizationError",
];

const CREDENTIAL_CODES: [&str; 9] = [
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "InvalidToken",
    "TokenRefreshRequired",
    "RequestExpired",
    "AuthFailure",
    "InvalidSignatureException",
];

/// Codes of transient server-side failures: retried later with backoff, like network trouble.
const TRANSIENT_CODES: [&str; 4] = ["InternalFailure", "InternalError", "ServiceUnavailable", "InternalServerError"];

/// Whether an error code means the caller is being throttled.
pub fn is_throttle_code(code: &str) -> bool {
    THROTTLE_CODES.contains(&code)
}

/// Classifies a failed SDK call. `action` is the IAM action the call needs, e.g.
/// `rds:DescribeDBInstances`; its prefix names the service.
pub fn classify<E, R>(error: &SdkError<E, R>, action: &str) -> CloudError
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: std::fmt::Debug + 'static,
{
    let service = action.split(':').next().unwrap_or(action).to_owned();
    match error {
        SdkError::TimeoutError(_) => CloudError::Network { message: format!("{action} timed out") },
        SdkError::DispatchFailure(failure) => {
            if let Some(credentials) = credentials_error(error) {
                return CloudError::ExpiredCredentials { message: credentials };
            }
            let what = if failure.is_timeout() { "timed out" } else { "could not be sent" };
            CloudError::Network { message: format!("{action} {what}: {}", DisplayErrorContext(error)) }
        }
        SdkError::ServiceError(_) => by_code(error.code().unwrap_or("Unknown"), error.message(), action, service),
        _ => match credentials_error(error) {
            Some(message) => CloudError::ExpiredCredentials { message },
            None => CloudError::Other { message: format!("{action} failed: {}", DisplayErrorContext(error)) },
        },
    }
}

/// Classifies an error code returned by the service.
pub fn by_code(code: &str, message: Option<&str>, action: &str, service: String) -> CloudError {
    let message = message.map_or_else(|| code.to_owned(), |m| format!("{code}: {m}"));
    if is_throttle_code(code) {
        CloudError::Throttled { service, message }
    } else if DENIED_CODES.contains(&code) {
        CloudError::AccessDenied { action: action.to_owned(), message }
    } else if CREDENTIAL_CODES.contains(&code) {
        CloudError::ExpiredCredentials { message }
    } else if code.contains("NotFound") {
        CloudError::NotFound { what: message }
    } else if TRANSIENT_CODES.contains(&code) {
        CloudError::Network { message: format!("{action}: {message}") }
    } else {
        CloudError::Other { message: format!("{action}: {message}") }
    }
}

/// The message of a credentials failure anywhere in the error's chain of causes.
fn credentials_error(error: &(dyn StdError + 'static)) -> Option<String> {
    let mut cause: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(current) = cause {
        if current.downcast_ref::<CredentialsError>().is_some() {
            return Some(DisplayErrorContext(current).to_string());
        }
        cause = current.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_what_the_user_can_do() {
        let throttled = by_code("Throttling", Some("Rate exceeded"), "cloudwatch:GetMetricData", "cloudwatch".into());
        assert!(matches!(throttled, CloudError::Throttled { ref service, .. } if service == "cloudwatch"));
        assert!(throttled.wants_backoff());
        assert!(matches!(by_code("ThrottlingException", None, "pi:X", "pi".into()), CloudError::Throttled { .. }));
        assert!(matches!(by_code("RequestLimitExceeded", None, "ec2:X", "ec2".into()), CloudError::Throttled { .. }));
        let denied = by_code("AccessDenied", Some("not authorized"), "rds:DescribeDBInstances", "rds".into());
        assert_eq!(denied.hint(), "grant rds:DescribeDBInstances to this role");
        assert!(matches!(by_code("UnauthorizedOperation", None, "a:B", "a".into()), CloudError::AccessDenied { .. }));
        assert!(matches!(by_code("ExpiredToken", None, "a:B", "a".into()), CloudError::ExpiredCredentials { .. }));
        assert!(matches!(by_code("DBInstanceNotFound", None, "a:B", "a".into()), CloudError::NotFound { .. }));
        assert!(matches!(by_code("ResourceNotFoundException", None, "a:B", "a".into()), CloudError::NotFound { .. }));
        assert!(matches!(by_code("ServiceUnavailable", None, "a:B", "a".into()), CloudError::Network { .. }));
        assert!(matches!(by_code("InvalidParameterValue", None, "a:B", "a".into()), CloudError::Other { .. }));
    }
}
