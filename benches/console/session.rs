//! One `opsdeck` process in a pseudo-terminal, and a record of everything it wrote.
//!
//! A reader thread drains the pty as fast as the process writes (a full pty would block the
//! process and distort every figure), feeds the bytes to a VT100 emulator and notes, for each
//! read, when it arrived, how many bytes it held and whether the emulated screen changed. The
//! measurements then ask questions of that record: when did the screen first show X, how many
//! bytes arrived in this window, which of them changed nothing.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Child;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use pty_process::blocking::{Command, Pty};

/// The terminal size every measurement uses.
pub const COLUMNS: u16 = 200;
pub const ROWS: u16 = 50;

/// One read from the pty.
#[derive(Debug, Clone, Copy)]
pub struct Chunk {
    pub at: Instant,
    pub bytes: usize,
    /// Digest of the emulated screen (text and attributes) before and after these bytes.
    pub before: u64,
    pub after: u64,
}

/// A condition on the screen that a waiter wants to see, checked after every read so that
/// the time it became true is the arrival time of the bytes that made it so.
type Probe = Box<dyn Fn(&Record) -> bool + Send>;

/// What the process has written so far, and the screen it produced.
pub struct Record {
    parser: vt100::Parser,
    digest: u64,
    pub chunks: Vec<Chunk>,
    pub closed: bool,
    probe: Option<Probe>,
    hit: Option<Instant>,
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record")
            .field("chunks", &self.chunks.len())
            .field("closed", &self.closed)
            .field("hit", &self.hit)
            .finish_non_exhaustive()
    }
}

impl Record {
    /// Row `y` of the emulated screen as text.
    pub fn row(&self, y: u16) -> String {
        self.parser.screen().rows(0, COLUMNS).nth(usize::from(y)).unwrap_or_default()
    }
}

#[derive(Debug)]
struct Shared {
    record: Mutex<Record>,
    wake: Condvar,
}

/// A running console in a pty.
pub struct Session {
    child: Child,
    pty: Arc<Pty>,
    shared: Arc<Shared>,
    reader: Option<JoinHandle<()>>,
    pub launched: Instant,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("pid", &self.child.id())
            .field("launched", &self.launched)
            .finish_non_exhaustive()
    }
}

fn digest(parser: &vt100::Parser) -> u64 {
    let mut hasher = DefaultHasher::new();
    parser.screen().contents_formatted().hash(&mut hasher);
    hasher.finish()
}

fn size(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}

/// `exe args…` with its files under `home` and no user config: what `Session::spawn` runs.
pub fn command(exe: impl AsRef<Path>, args: &[String], home: &Path) -> Command {
    Command::new(exe.as_ref())
        .args(args)
        .env("TERM", "xterm-256color")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("OPSDECK_CONFIG")
        .env_remove("OPSDECK_LOG")
}

/// The same files and no user config for a plain (not pty) `command`: the hub, `hub status`.
pub fn environment(mut command: std::process::Command, home: &Path) -> std::process::Command {
    command
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("OPSDECK_CONFIG")
        .env_remove("OPSDECK_LOG")
        .env_remove("OPSDECK_HUB");
    command
}

impl Session {
    /// Starts `exe args…` in a fresh 200×50 pty, with its files under `home`.
    pub fn launch(exe: &Path, args: &[String], home: &Path) -> std::io::Result<Self> {
        Self::spawn(command(exe, args, home))
    }

    /// Starts `command` (from `command`, with what else it needs) in a fresh 200×50 pty.
    pub fn spawn(command: Command) -> std::io::Result<Self> {
        let (pty, pts) = pty_process::blocking::open().map_err(std::io::Error::other)?;
        pty.resize(pty_process::Size::new(ROWS, COLUMNS)).map_err(std::io::Error::other)?;
        let parser = vt100::Parser::new(size(ROWS), size(COLUMNS), 0);
        let record =
            Record { digest: digest(&parser), parser, chunks: Vec::new(), closed: false, probe: None, hit: None };
        let shared = Arc::new(Shared { record: Mutex::new(record), wake: Condvar::new() });
        let launched = Instant::now();
        let child = command.spawn(pts).map_err(std::io::Error::other)?;
        let pty = Arc::new(pty);
        let reader = {
            let (pty, shared) = (Arc::clone(&pty), Arc::clone(&shared));
            std::thread::spawn(move || drain(&pty, &shared))
        };
        Ok(Self { child, pty, shared, reader: Some(reader), launched })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The record so far (the reader waits while it is held: keep it short).
    pub fn record(&self) -> MutexGuard<'_, Record> {
        self.shared.record.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Types `keys` as a user would.
    pub fn send(&self, keys: &str) -> std::io::Result<()> {
        (&*self.pty).write_all(keys.as_bytes())
    }

    /// Waits until `done` holds for the screen; returns when the bytes that made it hold arrived
    /// (now, if it already holds).
    pub fn wait_for(&self, timeout: Duration, done: impl Fn(&Record) -> bool + Send + 'static) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        let mut record = self.record();
        if done(&record) {
            return Some(Instant::now());
        }
        record.hit = None;
        record.probe = Some(Box::new(done));
        let hit = loop {
            if let Some(hit) = record.hit {
                break Some(hit);
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else { break None };
            if record.closed {
                break None;
            }
            record = self.shared.wake.wait_timeout(record, left).unwrap_or_else(std::sync::PoisonError::into_inner).0;
        };
        record.probe = None;
        hit
    }

    /// Asks the console to quit, and makes sure it is gone.
    pub fn quit(mut self) {
        let _ = self.send("q");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // The pty closes with the process; the reader ends on EOF or EIO.
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

/// Reads the pty until the process closes it.
fn drain(pty: &Pty, shared: &Shared) {
    let mut buf = vec![0u8; 64 * 1024];
    let mut reader = pty;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let at = Instant::now();
        let mut record = shared.record.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let before = record.digest;
        record.parser.process(&buf[..n]);
        let after = digest(&record.parser);
        record.digest = after;
        record.chunks.push(Chunk { at, bytes: n, before, after });
        if record.hit.is_none() && record.probe.as_ref().is_some_and(|probe| probe(&record)) {
            record.hit = Some(at);
        }
        drop(record);
        shared.wake.notify_all();
    }
    shared.record.lock().unwrap_or_else(std::sync::PoisonError::into_inner).closed = true;
    shared.wake.notify_all();
}
