//! Requests sent once: the SDK's retries off for one call. Probes use it so a struggling API is
//! asked for little; writes use it so a timed-out or dropped write is never sent again behind
//! the operator's back (the runner reads the resource to find out what happened instead).

/// Sends a request of the `$sdk` crate once, without retries; the answer, or the classified
/// error naming the IAM `$action`.
macro_rules! send_once {
    ($sdk:ident, $request:expr, $action:literal) => {{
        let once = $sdk::config::Builder::default().retry_config(aws_config::retry::RetryConfig::disabled());
        $request.customize().config_override(once).send().await.map_err(|e| classify(&e, $action))
    }};
}

pub(super) use send_once;
