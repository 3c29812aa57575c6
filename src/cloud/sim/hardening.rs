//! The simulated fleet's hardening facts: parameter groups that require TLS (or leave the
//! engine default), rotating customer KMS keys, and DR backups whose newest restorable time the
//! scenario moves (`scenario` stalls the replication in the AZ outage), and security groups
//! that admit the VPC only, except the one `legacy-reports-2014` was given in 2014.

use crate::cloud::model::{DrBackup, Hardening, Ingress, SecurityGroup, TlsRequirement};

/// The port an engine listens on by default.
fn port(engine: &str) -> u16 {
    if engine.contains("mysql") || engine.starts_with("mariadb") { 3306 } else { 5432 }
}

/// A group that admits the VPC's CIDR on the engine's port: open to no one outside.
fn private(engine: &str) -> Hardening {
    let port = port(engine);
    let group = SecurityGroup {
        id: "sg-0db5e1ec7ed".to_owned(),
        name: Some("shop-db".to_owned()),
        ingress: vec![Ingress {
            protocol: "tcp".to_owned(),
            ports: Some((i32::from(port), i32::from(port))),
            cidrs: vec!["10.20.0.0/16".to_owned()],
        }],
    };
    Hardening {
        open_to_world: Some(group.open_on(port)),
        security_groups: vec![group.id],
        port: Some(port),
        ..Hardening::default()
    }
}

/// `hardening` with the group of a database someone once opened to the internet "for a quick
/// test" in place of its private one.
pub(super) fn open_to_the_world(hardening: Hardening, engine: &str) -> Hardening {
    let port = port(engine);
    let group = SecurityGroup {
        id: "sg-02014ab0a11d0e5".to_owned(),
        name: Some("reports-temp".to_owned()),
        ingress: vec![Ingress {
            protocol: "tcp".to_owned(),
            ports: Some((i32::from(port), i32::from(port))),
            cidrs: vec!["0.0.0.0/0".to_owned()],
        }],
    };
    Hardening { open_to_world: Some(group.open_on(port)), security_groups: vec![group.id], ..hardening }
}

/// A custom parameter group that requires TLS, and a customer KMS key that rotates.
pub(super) fn hardened(engine: &str, version: Option<&str>, group: &str) -> Hardening {
    let on = if engine.contains("mysql") || engine.starts_with("mariadb") { "ON" } else { "1" };
    Hardening {
        parameter_group: Some(group.to_owned()),
        kms_rotation: Some(true),
        tls: TlsRequirement::from_group(engine, version, group, Some(on)),
        dr_backup: None,
        ..private(engine)
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
        ..private(engine)
    }
}

/// Replicated backups in `region`; the scenario fills in the newest restorable time.
pub(super) fn dr_backup(region: &str) -> DrBackup {
    DrBackup { region: region.to_owned(), latest_restorable: None }
}
