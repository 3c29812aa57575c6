//! How a database is hardened, as told by other APIs than RDS's describe calls: the rotation of
//! its customer KMS key, whether its parameter group requires TLS, how fresh its backups are in
//! the DR region, and whether its security groups let the internet in on its port. Each fact is None until looked up (or when the lookup failed): the
//! posture rules then say "not evaluated", never "passed".

use super::{OpenToWorld, Timestamp};

/// Whether a parameter group makes the engine refuse connections without TLS.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TlsRequirement {
    pub required: bool,
    /// Where that comes from: "rds.force_ssl = 1 in shop-pg16", or "default.postgres16 does
    /// not set rds.force_ssl: the engine default, off".
    pub source: String,
}

/// The newest automated backup of a primary in its DR region.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DrBackup {
    pub region: String,
    /// `RestoreWindow.LatestTime` of the replicated backups; None when RDS lists none.
    pub latest_restorable: Option<Timestamp>,
}

/// The parameter that makes an engine require TLS, and the values that turn it on.
fn tls_parameter(engine: &str) -> Option<(&'static str, &'static [&'static str])> {
    if engine.contains("postgres") || engine.starts_with("sqlserver") {
        Some(("rds.force_ssl", &["1", "on", "true"]))
    } else if engine.contains("mysql") || engine.starts_with("mariadb") {
        Some(("require_secure_transport", &["1", "on", "true"]))
    } else {
        None
    }
}

/// Whether the engine requires TLS when its parameter group does not set the parameter: RDS
/// for PostgreSQL from major version 15 on (`rds.force_ssl` defaults to 1 there and to 0
/// before, as the RDS User Guide's page on rotating PostgreSQL certificates says), no other
/// engine (Aurora PostgreSQL's default is 0).
fn default_on(engine: &str, version: Option<&str>) -> bool {
    let major = version.and_then(|v| v.split('.').next()).and_then(|m| m.parse::<u32>().ok());
    engine == "postgres" && major.is_some_and(|m| m >= 15)
}

impl TlsRequirement {
    /// What a parameter group says: `value` is the TLS parameter's value as the group sets it,
    /// None when the group does not set it (a `default.*` group, or one where it was never
    /// modified), which leaves the engine default. None for an engine without such a parameter.
    pub fn from_group(engine: &str, version: Option<&str>, group: &str, value: Option<&str>) -> Option<Self> {
        let (param, on) = tls_parameter(engine)?;
        if let Some(v) = value {
            let required = on.contains(&v.to_ascii_lowercase().as_str());
            return Some(Self { required, source: format!("{param} = {v} in {group}") });
        }
        let required = default_on(engine, version);
        let word = if required { "on" } else { "off" };
        Some(Self { required, source: format!("{group} does not set {param}: the engine default, {word}") })
    }

    /// The parameter that decides it for `engine`.
    pub fn parameter(engine: &str) -> Option<&'static str> {
        tls_parameter(engine).map(|(name, _)| name)
    }
}

/// The facts beside an instance's or cluster's own description.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Hardening {
    /// The DB parameter group (of an instance) or DB cluster parameter group (of a cluster).
    pub parameter_group: Option<String>,
    /// Whether the customer managed KMS key rotates (`kms:GetKeyRotationStatus`); None for an
    /// AWS managed key, an unencrypted database, or when not looked up.
    pub kms_rotation: Option<bool>,
    /// From the instance's (or cluster's) parameter group.
    pub tls: Option<TlsRequirement>,
    /// For a primary whose backups are replicated; None when not looked up.
    pub dr_backup: Option<DrBackup>,
    /// An instance's VPC security groups (ids), as RDS lists them.
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// The port an instance's endpoint listens on.
    #[serde(default)]
    pub port: Option<u16>,
    /// The rules of those groups that let `0.0.0.0/0` or `::/0` in on the port: `Some(empty)`
    /// when none does; None when not looked up, or when a group could not be read and none of
    /// the others is open.
    #[serde(default)]
    pub open_to_world: Option<Vec<OpenToWorld>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_group_decides_else_the_engine_default_and_the_source_says_which() {
        let pg = |version, value| TlsRequirement::from_group("postgres", Some(version), "shop-pg", value);
        assert_eq!(
            pg("13.4", Some("1")).map(|t| (t.required, t.source)),
            Some((true, "rds.force_ssl = 1 in shop-pg".into()))
        );
        assert_eq!(pg("13.4", Some("0")).map(|t| t.required), Some(false));
        let default = pg("13.4", None).unwrap();
        assert!(!default.required);
        assert_eq!(default.source, "shop-pg does not set rds.force_ssl: the engine default, off");
        assert_eq!(pg("16.4", None).map(|t| t.required), Some(true), "on by default from PostgreSQL 15");
        let mysql = TlsRequirement::from_group("mysql", Some("8.0.36"), "default.mysql8.0", Some("ON")).unwrap();
        assert!(mysql.required);
        let aurora = TlsRequirement::from_group("aurora-mysql", None, "default.aurora-mysql8.0", None).unwrap();
        assert!(!aurora.required && aurora.source.contains("require_secure_transport"));
        assert_eq!(TlsRequirement::from_group("oracle-ee", None, "default.oracle-ee-19", None), None);
    }
}
