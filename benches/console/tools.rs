//! The local stand-ins the bench runs (moto_server, nats-server): where `bash tests/run`
//! installs them or where an environment variable says, and a free loopback port for one.

use std::net::TcpListener;
use std::path::PathBuf;

/// `binary` at `$variable`, else in target/moto-venv/bin (where `bash tests/run` installs it).
pub fn installed(variable: &str, binary: &str) -> Option<PathBuf> {
    let from_env = std::env::var_os(variable).map(PathBuf::from);
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/moto-venv/bin").join(binary);
    from_env.into_iter().chain([venv]).find(|p| p.is_file())
}

/// A loopback port free now.
pub fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free loopback port: {e}"))
}
