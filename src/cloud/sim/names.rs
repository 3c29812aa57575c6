//! How AWS spells the identifiers the simulator invents: resource ids, ARNs, CA certificates.
//!
//! All derive from a hash of the resource's name, so they stay the same from run to run.

use chrono::Duration;

use crate::cloud::model::{CaCertificate, Timestamp};

use super::noise::{UPPER_ALNUM, key_of, mix, token, uuid};
use super::spec::ACCOUNT;

/// The CA every instance uses; only the expiry differs.
const CA_ID: &str = "rds-ca-rsa2048-g1";

/// A `DbiResourceId`: "db-" and 26 upper-case letters and digits.
pub(super) fn resource_id(id: &str) -> String {
    format!("db-{}", token(key_of(id), 26, UPPER_ALNUM))
}

pub(super) fn db_arn(region: &str, id: &str) -> String {
    format!("arn:aws:rds:{region}:{ACCOUNT}:db:{id}")
}

/// A customer-managed KMS key; `alias` picks one of a region's few keys.
pub(super) fn kms_key_arn(region: &str, alias: &str) -> String {
    format!("arn:aws:kms:{region}:{ACCOUNT}:key/{}", uuid(key_of(&format!("{region}/{alias}"))))
}

/// The Secrets Manager secret RDS creates when it manages the master password.
pub(super) fn master_secret_arn(region: &str, id: &str) -> String {
    let k = key_of(id);
    let suffix = token(mix(k), 6, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    format!("arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:rds!db-{}-{suffix}", uuid(k))
}

/// The instance's server certificate, valid until `days` after `t0`.
pub(super) fn ca_certificate(t0: Timestamp, days: i64) -> CaCertificate {
    CaCertificate { id: CA_ID.to_owned(), valid_until: t0.checked_add_signed(Duration::days(days)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_have_aws_shapes() {
        let rid = resource_id("shop-prod-db");
        assert!(rid.starts_with("db-") && rid.len() == 29, "{rid}");
        assert_eq!(rid, resource_id("shop-prod-db"));
        assert!(
            master_secret_arn("us-east-1", "x")
                .starts_with("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-")
        );
        assert_eq!(db_arn("us-east-1", "a"), "arn:aws:rds:us-east-1:123456789012:db:a");
    }
}
