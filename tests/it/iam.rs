//! `opsdeck iam-policy` and the one table behind it: the README's permission list is the
//! table, every IAM action the AWS adapter names in a call is in it (and nothing it lists as
//! sent is gone from the adapter), and the built binary prints a policy IAM would take.

use std::path::Path;

use opsdeck::iam::{self, Grant, PERMISSIONS};

use crate::check::{opsdeck, scratch};

/// `"service:Action"` literals in a file's non-test code.
fn actions_named(source: &str) -> Vec<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    code.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            let Some((service, action)) = s.split_once(':') else { return false };
            !service.is_empty()
                && service.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && action.len() > 1
                && action.starts_with(|c: char| c.is_ascii_uppercase())
                && action.chars().all(|c| c.is_ascii_alphanumeric())
        })
        .map(str::to_owned)
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "tests.rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_call_of_the_aws_adapter_is_in_the_table_and_the_table_has_nothing_stale() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cloud/aws");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut named = std::collections::BTreeSet::new();
    for file in &files {
        named.extend(actions_named(&std::fs::read_to_string(file).unwrap()));
    }
    assert!(named.len() >= 20, "the scan sees the calls: {named:?}");
    for action in &named {
        let entry = PERMISSIONS.iter().find(|p| p.action == action.as_str());
        assert!(
            entry.is_some_and(|p| p.grant != Grant::OnBehalf),
            "{action} is called in src/cloud/aws but not in src/iam/actions.rs"
        );
    }
    for p in PERMISSIONS.iter().filter(|p| p.grant != Grant::OnBehalf) {
        assert!(
            named.contains(p.action),
            "{} is in src/iam/actions.rs but no call in src/cloud/aws sends it",
            p.action
        );
    }
    // Covered means granted: in the read-only policy or a runbook's statement.
    let runbooks: Vec<&str> = iam::RUNBOOKS.into_iter().flat_map(iam::runbook).collect();
    for action in named.iter().filter(|a| *a != "sts:GetCallerIdentity") {
        assert!(iam::read_only().contains(&action.as_str()) || runbooks.contains(&action.as_str()), "{action}");
    }
}

#[test]
fn the_readme_permission_list_is_the_table() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("<!-- BEGIN iam-permissions").expect("README has the permission table");
    let body = &readme[start..];
    let body = &body[body.find('\n').unwrap() + 1..];
    let body = &body[..body.find("<!-- END iam-permissions -->").unwrap()];
    assert_eq!(body, iam::markdown(), "README.md's table is stale: paste `opsdeck iam-policy --format markdown`");
}

#[test]
fn the_binary_prints_a_policy_document_even_with_a_broken_config() {
    let home = scratch("iam");
    let broken = home.join("config").join("opsdeck");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("config.toml"), "theme = \n").unwrap();
    let out = opsdeck(&["iam-policy", "--read-only"], &home);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let document: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let statements = document["Statement"].as_array().unwrap();
    assert_eq!((document["Version"].as_str(), statements.len()), (Some("2012-10-17"), 1));
    let actions = statements[0]["Action"].as_array().unwrap();
    assert!(actions.iter().any(|a| a == "rds:DescribeDBInstances"));
    assert!(!actions.iter().any(|a| a == "rds:RebootDBInstance"), "read-only writes nothing");
    let out = opsdeck(&["iam-policy", "--runbooks"], &home);
    let document: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sids: Vec<&str> =
        document["Statement"].as_array().unwrap().iter().map(|s| s["Sid"].as_str().unwrap()).collect();
    assert_eq!(
        sids,
        [
            "OpsdeckReadOnly",
            "OpsdeckRunbookScaleUp",
            "OpsdeckRunbookSnapshot",
            "OpsdeckRunbookMultiAzFailover",
            "OpsdeckRunbookAuroraFailover",
            "OpsdeckRunbookPromoteReplica",
            "OpsdeckRunbookAnalysisReport",
            "OpsdeckRunbookScheduledCapacity",
            "OpsdeckRunbookPauseAlarmActions",
            "OpsdeckRunbookResumeAlarmActions",
            "OpsdeckRunbookAddAuroraReader",
            "OpsdeckRunbookResizeInstance"
        ]
    );
    let hub = opsdeck(&["iam-policy", "--hub"], &home);
    let read_only = opsdeck(&["iam-policy"], &home);
    assert_eq!(hub.stdout, read_only.stdout, "the hub only reads: the read-only policy");
    let _ = std::fs::remove_dir_all(&home);
}
