//! Connecting to NATS, for the hub, a console on it and `opsdeck hub status` alike: the URL
//! (`nats://`, `tls://`, a user and password in it), and the credentials and TLS of
//! `NatsAuth` (a creds file, an nkey seed, a user and password, a token; a CA, a client
//! certificate), as the NATS tools take them.

use super::HubError;
use crate::config::hub::NatsAuth;

fn failed(url: &str, message: impl std::fmt::Display) -> HubError {
    HubError::Connect { url: shown(url), message: message.to_string() }
}

/// The connect options for `auth`; a file that cannot be read is an error naming it.
async fn options(url: &str, auth: &NatsAuth) -> Result<async_nats::ConnectOptions, HubError> {
    let mut options = async_nats::ConnectOptions::new();
    if let Some(path) = &auth.creds {
        options = options
            .credentials_file(path)
            .await
            .map_err(|e| failed(url, format!("cannot read the creds file {}: {e}", path.display())))?;
    }
    if let Some(path) = &auth.nkey {
        let seed = std::fs::read_to_string(path)
            .map_err(|e| failed(url, format!("cannot read the nkey seed {}: {e}", path.display())))?;
        options = options.nkey(seed.trim().to_owned());
    }
    match (&auth.user, &auth.password) {
        (Some(user), Some(password)) => options = options.user_and_password(user.clone(), password.clone()),
        (Some(_), None) | (None, Some(_)) => {
            return Err(failed(url, "a NATS user needs its password, and a password its user"));
        }
        (None, None) => {}
    }
    if let Some(token) = &auth.token {
        options = options.token(token.clone());
    }
    if let Some(ca) = &auth.tls_ca {
        options = options.add_root_certificates(ca.clone()).require_tls(true);
    }
    match (&auth.tls_cert, &auth.tls_key) {
        (Some(cert), Some(key)) => options = options.add_client_certificate(cert.clone(), key.clone()),
        (Some(_), None) | (None, Some(_)) => return Err(failed(url, "a TLS client certificate needs its key")),
        (None, None) => {}
    }
    Ok(options)
}

/// Connects to NATS, reconnecting by itself if the server goes away later; `wait` keeps trying
/// a server that is not up yet (a hub starting beside it) instead of failing at once.
pub async fn connect(url: &str, auth: &NatsAuth, wait: bool) -> Result<async_nats::Client, HubError> {
    let options = options(url, auth).await?;
    let options = if wait { options.retry_on_initial_connect() } else { options };
    options.connect(url).await.map_err(|e| failed(url, e))
}

/// A URL as the header shows it: without a user or password, printable.
pub fn shown(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    let url = if scheme.is_empty() { rest.to_owned() } else { format!("{scheme}://{rest}") };
    crate::printable::escape(&url).into_owned()
}
