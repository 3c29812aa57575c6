//! The simulated fleet's hardening facts: parameter groups that require TLS (or leave the
//! engine default), rotating customer KMS keys, and DR backups whose newest restorable time the
//! scenario moves (`scenario` stalls the replication in the AZ outage).

use crate::cloud::model::{DrBackup, Hardening, TlsRequirement};

/// A custom parameter group that requires TLS, and a customer KMS key that rotates.
pub(super) fn hardened(engine: &str, version: Option<&str>, group: &str) -> Hardening {
    let on = if engine.contains("mysql") || engine.starts_with("mariadb") { "ON" } else { "1" };
    Hardening {
        parameter_group: Some(group.to_owned()),
        kms_rotation: Some(true),
        tls: TlsRequirement::from_group(engine, version, group, Some(on)),
        dr_backup: None,
    }
}

/// The engine's default parameter group, which sets no TLS parameter.
pub(super) fn default_group(engine: &str, version: Option<&str>, family: &str) -> Hardening {
    let group = format!("default.{family}");
    Hardening {
        parameter_group: Some(group.clone()),
        kms_rotation: None,
        tls: TlsRequirement::from_group(engine, version, &group, None),
        dr_backup: None,
    }
}

/// Replicated backups in `region`; the scenario fills in the newest restorable time.
pub(super) fn dr_backup(region: &str) -> DrBackup {
    DrBackup { region: region.to_owned(), latest_restorable: None }
}
