//! NATS credentials and TLS against real nats-servers: a token, a user and password, an nkey
//! seed, and `tls://` with the server's CA; each refused without them, with the server's reason.

use std::path::Path;
use std::process::Command;

use opsdeck::config::hub::NatsAuth;
use opsdeck::hub::connect::connect;

use crate::check::scratch;
use crate::nats::Nats;

async fn refused_then_accepted(url: &str, auth: NatsAuth) {
    let refused = connect(url, &NatsAuth::default(), false).await.expect_err("no credentials: refused");
    assert!(refused.to_string().starts_with(&format!("cannot connect to the hub at {url}")), "{refused}");
    let client = connect(url, &auth, false).await.unwrap_or_else(|e| panic!("{auth:?}: {e}"));
    client.flush().await.unwrap();
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn a_token_a_user_and_password_and_an_nkey_seed_are_taken() {
    let nats = Nats::start_with(&["--auth", "s3cret-token"]);
    refused_then_accepted(&nats.url, NatsAuth { token: Some("s3cret-token".into()), ..NatsAuth::default() }).await;

    let nats = Nats::start_with(&["--user", "ops", "--pass", "pa55"]);
    let auth = NatsAuth { user: Some("ops".into()), password: Some("pa55".into()), ..NatsAuth::default() };
    refused_then_accepted(&nats.url, auth).await;
    let half = NatsAuth { user: Some("ops".into()), ..NatsAuth::default() };
    let error = connect(&nats.url, &half, false).await.expect_err("a user without its password");
    assert!(error.to_string().contains("needs its password"), "{error}");

    let dir = scratch("nats-nkey");
    let user = nkeys::KeyPair::new_user();
    let seed = dir.join("user.nk");
    std::fs::write(&seed, user.seed().unwrap()).unwrap();
    let config = dir.join("server.conf");
    std::fs::write(&config, format!("authorization {{ users = [ {{ nkey: \"{}\" }} ] }}\n", user.public_key()))
        .unwrap();
    let nats = Nats::start_with(&["-c", config.to_str().unwrap()]);
    refused_then_accepted(&nats.url, NatsAuth { nkey: Some(seed), ..NatsAuth::default() }).await;
    let missing = NatsAuth { nkey: Some(dir.join("absent.nk")), ..NatsAuth::default() };
    let error = connect(&nats.url, &missing, false).await.expect_err("a seed file that is not there");
    assert!(error.to_string().contains("absent.nk"), "{error}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl to make test certificates");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn tls_with_the_servers_ca() {
    let dir = scratch("nats-tls");
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    openssl(
        &dir,
        &[&["req", "-x509"][..], &ec, &["-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=test-ca"]]
            .concat(),
    );
    openssl(&dir, &[&["req"][..], &ec, &["-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=localhost"]].concat());
    std::fs::write(
        dir.join("ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    let sign = ["x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"];
    openssl(&dir, &[&sign[..], &["-out", "srv.pem", "-days", "1", "-extfile", "ext"]].concat());
    let (cert, key) = (dir.join("srv.pem"), dir.join("srv.key"));
    let nats = Nats::start_with(&["--tls", "--tlscert", cert.to_str().unwrap(), "--tlskey", key.to_str().unwrap()]);
    let url = format!("tls://127.0.0.1:{}", nats.port);
    let untrusted = connect(&url, &NatsAuth::default(), false).await.expect_err("a CA nobody trusts");
    assert!(untrusted.to_string().starts_with("cannot connect to the hub at tls://127.0.0.1"), "{untrusted}");
    let auth = NatsAuth { tls_ca: Some(dir.join("ca.pem")), ..NatsAuth::default() };
    connect(&url, &auth, false).await.unwrap().flush().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
