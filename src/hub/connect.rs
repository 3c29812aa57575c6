//! Connecting to NATS, for the hub, a console on it and `opsdeck hub status` alike.

use super::HubError;

/// Connects to NATS, reconnecting by itself if the server goes away later; `wait` keeps trying
/// a server that is not up yet (a hub starting beside it) instead of failing at once.
pub async fn connect(url: &str, wait: bool) -> Result<async_nats::Client, HubError> {
    let options = async_nats::ConnectOptions::new();
    let options = if wait { options.retry_on_initial_connect() } else { options };
    options.connect(url).await.map_err(|e| HubError::Connect { url: url.to_owned(), message: e.to_string() })
}
