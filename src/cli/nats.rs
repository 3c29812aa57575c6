//! The NATS flags of the hub and of a console on it: credentials and TLS, as the NATS tools
//! take them (`--nats-creds`, `--nats-nkey`, `--nats-user`/`--nats-password`, `--nats-token`,
//! `--nats-ca`, `--nats-cert`/`--nats-key`).

use std::path::PathBuf;

use clap::Args;

/// NATS credentials and TLS for the hub and the consoles on it, as the NATS tools take them
/// [defaults: `[hub]` in config.toml].
#[derive(Debug, Clone, Default, Args)]
pub struct NatsFlags {
    /// A NATS `.creds` file (user JWT and nkey seed).
    #[arg(long, value_name = "PATH", global = true)]
    pub nats_creds: Option<PathBuf>,
    /// A file holding a NATS nkey seed.
    #[arg(long, value_name = "PATH", global = true)]
    pub nats_nkey: Option<PathBuf>,
    #[arg(long, value_name = "USER", global = true)]
    pub nats_user: Option<String>,
    #[arg(long, value_name = "PASSWORD", env = "OPSDECK_NATS_PASSWORD", hide_env_values = true, global = true)]
    pub nats_password: Option<String>,
    #[arg(long, value_name = "TOKEN", env = "OPSDECK_NATS_TOKEN", hide_env_values = true, global = true)]
    pub nats_token: Option<String>,
    /// The CA certificate (PEM) to check the NATS server's against; implies TLS.
    #[arg(long, value_name = "PATH", global = true)]
    pub nats_ca: Option<PathBuf>,
    /// A TLS client certificate (PEM) and, with `--nats-key`, its key.
    #[arg(long, value_name = "PATH", global = true)]
    pub nats_cert: Option<PathBuf>,
    #[arg(long, value_name = "PATH", global = true)]
    pub nats_key: Option<PathBuf>,
}
