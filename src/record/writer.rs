//! Recording while the console runs: entries go down a channel to a writer thread, which
//! encodes them (`Encoder`) and appends each line with one write, so the console's loop never
//! waits for the disk and a killed process loses at most the record being written. A file
//! that exists is appended to if it is a recording of the version this opsdeck writes (an
//! older one it reads, but never extends); a last line torn by a crash is cut off first.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;

use super::encode::Encoder;
use super::envelope::Entry;
use super::file::{ReadError, header, shown};
use super::line::{Header, KEYFRAME_PREFIX, Line, VERSION};

/// A running recording. Dropping it (or `finish`) writes what is queued and closes the file.
#[derive(Debug)]
pub struct Recorder {
    path: PathBuf,
    tx: Option<mpsc::Sender<Option<Entry>>>,
    thread: Option<JoinHandle<()>>,
}

/// Where the file's next line goes (its byte offset, and the number of lines before it), and
/// where its last keyframe starts: what the next keyframe links back to.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Position {
    offset: u64,
    lines: usize,
    keyframe: Option<u64>,
}

impl Position {
    /// Gives a keyframe its line number and its link to the keyframe before it.
    fn link(&self, record: &mut Line) {
        if let Line::Keyframe { line, prev, .. } = record {
            (*line, *prev) = (Some(self.lines + 1), self.keyframe);
        }
    }

    /// Moves past a record written in `len` bytes.
    fn advance(&mut self, record: &Line, len: usize) {
        if matches!(record, Line::Keyframe { .. }) {
            self.keyframe = Some(self.offset);
        }
        self.offset += len as u64;
        self.lines += 1;
    }
}

/// Opens (or creates, owner-only) the file and checks or writes its header.
fn prepare(path: &Path, new_header: &Header) -> Result<(File, Position), ReadError> {
    let io = |error: io::Error| ReadError::Io { path: shown(path), error };
    let mut file = crate::owner_only::open_append(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len == 0 {
        let mut line = serde_json::to_vec(new_header).map_err(|e| io(io::Error::other(e)))?;
        line.push(b'\n');
        file.write_all(&line).map_err(io)?;
        return Ok((file, Position { offset: line.len() as u64, lines: 1, keyframe: None }));
    }
    let mut reader = BufReader::with_capacity(1 << 18, File::open(path).map_err(io)?);
    let (found, _) = header(path, &mut reader)?;
    if found.version != VERSION {
        return Err(ReadError::AppendVersion { path: shown(path), found: found.version });
    }
    // Count the lines and find the last keyframe; cut a torn last line, so that the next
    // record starts a line of its own.
    reader.seek(SeekFrom::Start(0)).map_err(io)?;
    let mut at = Position::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line).map_err(io)?;
        if read == 0 {
            break;
        }
        if !line.ends_with(b"\n") {
            tracing::warn!(path = %path.display(), cut = read, "the recording's last line was torn; cut");
            file.set_len(at.offset).map_err(io)?;
            break;
        }
        if line.starts_with(KEYFRAME_PREFIX) {
            at.keyframe = Some(at.offset);
        }
        at.offset += read as u64;
        at.lines += 1;
    }
    Ok((file, at))
}

impl Recorder {
    /// Starts recording to `path`.
    pub fn start(path: &Path, header: &Header) -> Result<Self, ReadError> {
        let (mut file, mut position) = prepare(path, header)?;
        let (tx, rx) = mpsc::channel::<Option<Entry>>();
        let shown_path = path.display().to_string();
        let thread = std::thread::Builder::new()
            .name("recorder".to_owned())
            .spawn(move || {
                let mut encoder = Encoder::new();
                let mut line = Vec::new();
                // `None` says stop: copies of the sender (the audit log's) may outlive the recorder.
                for entry in rx.iter().map_while(|e| e) {
                    for mut record in encoder.encode(&entry) {
                        position.link(&mut record);
                        line.clear();
                        let written =
                            serde_json::to_writer(&mut line, &record).map_err(io::Error::other).and_then(|()| {
                                line.push(b'\n');
                                file.write_all(&line)
                            });
                        position.advance(&record, line.len());
                        if let Err(error) = written {
                            tracing::error!(path = %shown_path, %error, "recording stopped: cannot write");
                            return;
                        }
                    }
                }
                let _ = file.sync_data();
            })
            .map_err(|error| ReadError::Io { path: shown(path), error })?;
        Ok(Self { path: path.to_path_buf(), tx: Some(tx), thread: Some(thread) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Queues an entry (never blocks).
    pub fn record(&self, entry: Entry) {
        if let Some(tx) = &self.tx {
            // A writer that stopped has logged why; the console goes on.
            let _ = tx.send(Some(entry));
        }
    }

    /// Writes everything queued and closes the file.
    pub fn finish(mut self) {
        self.close();
    }

    fn close(&mut self) {
        if let Some(tx) = self.tx.take() {
            let _ = tx.send(None);
        }
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!(path = %self.path.display(), "the recording's writer panicked");
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.close();
    }
}
