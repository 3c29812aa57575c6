//! What a named profile's credentials are, as the AWS config and credentials files set it up:
//! SSO, an assumed role, a credential process, a web identity token or static keys. Read from
//! the files the SDK reads (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/`),
//! for `opsdeck doctor` to say where credentials came from; nothing here loads credentials.

use std::path::PathBuf;

/// The `key = value` pairs of one `[section]` of an INI-style AWS file.
fn section<'a>(text: &'a str, name: &str) -> Option<Vec<(&'a str, &'a str)>> {
    let mut found = None;
    for line in text.lines().map(str::trim) {
        if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if found.is_some() {
                break;
            }
            if header.split_whitespace().collect::<Vec<_>>().join(" ") == name {
                found = Some(Vec::new());
            }
            continue;
        }
        if let (Some(pairs), Some((key, value))) = (found.as_mut(), line.split_once('=')) {
            pairs.push((key.trim(), value.trim()));
        }
    }
    found
}

/// The kind of credentials `profile` has, from the texts of the config and credentials files.
pub fn kind_in(profile: &str, config: Option<&str>, credentials: Option<&str>) -> Option<String> {
    let header = if profile == "default" { "default".to_owned() } else { format!("profile {profile}") };
    let mut pairs = config.and_then(|text| section(text, &header)).unwrap_or_default();
    let in_credentials = credentials.and_then(|text| section(text, profile));
    let get = |pairs: &[(&str, &str)], key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned());
    if let Some(keys) = &in_credentials {
        if get(keys, "aws_access_key_id").is_some() {
            return Some("static keys in the shared credentials file".to_owned());
        }
        pairs.extend(keys.iter().copied());
    }
    if let Some(role) = get(&pairs, "role_arn") {
        let from = get(&pairs, "source_profile")
            .map(|p| format!(" with the credentials of profile `{p}`"))
            .or_else(|| get(&pairs, "credential_source").map(|s| format!(" with the credentials of {s}")))
            .or_else(|| get(&pairs, "web_identity_token_file").map(|_| " with a web identity token".to_owned()))
            .unwrap_or_default();
        return Some(format!("assume-role of {role}{from}"));
    }
    if get(&pairs, "sso_session").is_some() || get(&pairs, "sso_start_url").is_some() {
        return Some(format!("SSO (when it expires: aws sso login --profile {profile})"));
    }
    if get(&pairs, "credential_process").is_some() {
        return Some("credential_process (an external program)".to_owned());
    }
    if get(&pairs, "aws_access_key_id").is_some() {
        return Some("static keys in the config file".to_owned());
    }
    None
}

/// A file the SDK reads: the environment variable's path, else `~/.aws/NAME`.
fn aws_file(var: &str, name: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|dirs| dirs.home_dir().join(".aws").join(name)))
}

/// The kind of credentials `profile` has, from the files the SDK reads; `None` when they say
/// nothing of it (then the SDK's chain goes on to the instance or container role).
pub fn profile_kind(profile: &str) -> Option<String> {
    let read = |var, name| aws_file(var, name).and_then(|path| std::fs::read_to_string(path).ok());
    let config = read("AWS_CONFIG_FILE", "config");
    let credentials = read("AWS_SHARED_CREDENTIALS_FILE", "credentials");
    kind_in(profile, config.as_deref(), credentials.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
[default]
region = us-east-1

[profile prod]
sso_session = shop
sso_account_id = 123456789012

[profile  oncall]
role_arn = arn:aws:iam::123456789012:role/oncall
source_profile = prod

[profile ci]
credential_process = /usr/local/bin/creds
; a comment = not a key
[profile ec2]
role_arn = arn:aws:iam::123456789012:role/ops
credential_source = Ec2InstanceMetadata
";

    #[test]
    fn each_kind_of_profile_is_named() {
        let credentials = "[default]\naws_access_key_id = AKIA\naws_secret_access_key = s\n";
        let kind = |p| kind_in(p, Some(CONFIG), Some(credentials));
        assert_eq!(kind("default").as_deref(), Some("static keys in the shared credentials file"));
        assert_eq!(kind("prod").as_deref(), Some("SSO (when it expires: aws sso login --profile prod)"));
        assert_eq!(
            kind("oncall").as_deref(),
            Some("assume-role of arn:aws:iam::123456789012:role/oncall with the credentials of profile `prod`")
        );
        assert_eq!(kind("ci").as_deref(), Some("credential_process (an external program)"));
        assert!(kind("ec2").unwrap().ends_with("with the credentials of Ec2InstanceMetadata"));
        assert_eq!(kind("missing"), None);
        assert_eq!(kind_in("default", Some(CONFIG), None), None, "a region alone says nothing of credentials");
    }
}
