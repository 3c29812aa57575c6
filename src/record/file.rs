//! Reading a recording file: its header checked first (format, version), then its lines one by
//! one. What is wrong is said with the file and the line: an empty file, a file that is not a
//! recording, another format version, a line that is not a record. A last line cut short by a
//! crash is skipped with a warning (`Lines::torn`), never read as data.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::line::{FORMAT, Header, Line, OLDEST_READ, VERSION};

/// Why a recording cannot be read.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("{path}: cannot read: {error}")]
    Io { path: String, error: io::Error },
    #[error("{path}: the file is empty: not an opsdeck recording")]
    Empty { path: String },
    #[error("{path}:1: not an opsdeck recording: {why}")]
    NotARecording { path: String, why: String },
    #[error(
        "{path}:1: recording format version {found} (written by opsdeck {writer}); this opsdeck reads versions {OLDEST_READ} to {VERSION}"
    )]
    Version { path: String, found: u32, writer: String },
    #[error(
        "{path}:1: recording format version {found}; this opsdeck appends to version {VERSION} only: record to a new file"
    )]
    AppendVersion { path: String, found: u32 },
    #[error("{path}:{line}: not a record: {why}")]
    BadLine { path: String, line: usize, why: String },
}

/// A path as error messages print it (it may hold anything: it is escaped).
pub fn shown(path: &Path) -> String {
    crate::printable::escape(&path.display().to_string()).into_owned()
}

/// Reads and checks the header line; the reader is left at the first record.
pub fn header(path: &Path, reader: &mut impl BufRead) -> Result<(Header, u64), ReadError> {
    let mut first = Vec::new();
    let read = reader.read_until(b'\n', &mut first).map_err(|error| ReadError::Io { path: shown(path), error })?;
    if read == 0 {
        return Err(ReadError::Empty { path: shown(path) });
    }
    let not = |why: String| ReadError::NotARecording { path: shown(path), why };
    let value: serde_json::Value = serde_json::from_slice(&first).map_err(|e| {
        not(if first.ends_with(b"\n") {
            format!("the first line is not JSON ({e})")
        } else {
            "the header line is cut short".to_owned()
        })
    })?;
    if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
        return Err(not(format!("the first line does not say \"format\": \"{FORMAT}\"")));
    }
    let found = value.get("version").and_then(serde_json::Value::as_u64).unwrap_or(0);
    if !(u64::from(OLDEST_READ)..=u64::from(VERSION)).contains(&found) {
        let writer = value.get("opsdeck").and_then(serde_json::Value::as_str).unwrap_or("unknown").to_owned();
        return Err(ReadError::Version { path: shown(path), found: u32::try_from(found).unwrap_or(u32::MAX), writer });
    }
    let header = serde_json::from_value(value).map_err(|e| not(format!("the header is incomplete ({e})")))?;
    Ok((header, read as u64))
}

/// The records of a file, in order, each with its line number and byte offset.
#[derive(Debug)]
pub struct Lines {
    path: PathBuf,
    reader: BufReader<File>,
    line: usize,
    offset: u64,
    /// A warning about a last line cut short, once it has been met.
    pub torn: Option<String>,
    buffer: Vec<u8>,
}

/// Opens a recording: its header, and its records to read.
pub fn open(path: &Path) -> Result<(Header, Lines), ReadError> {
    let file = File::open(path).map_err(|error| ReadError::Io { path: shown(path), error })?;
    let mut reader = BufReader::with_capacity(1 << 18, file);
    let (header, offset) = header(path, &mut reader)?;
    let lines = Lines { path: path.to_path_buf(), reader, line: 1, offset, torn: None, buffer: Vec::new() };
    Ok((header, lines))
}

impl Lines {
    /// Where the next line starts: its byte offset and its number.
    pub fn position(&self) -> (u64, usize) {
        (self.offset, self.line + 1)
    }

    /// The byte offset of the last line that begins with `prefix` (never the header), looked
    /// for from the end of the file back, a megabyte at a time.
    pub fn last_starting(&mut self, prefix: &[u8]) -> Result<Option<u64>, ReadError> {
        const CHUNK: u64 = 1 << 20;
        let io = |error: std::io::Error| ReadError::Io { path: shown(&self.path), error };
        let len = self.reader.get_ref().metadata().map_err(io)?.len();
        let mut end = len;
        let mut buffer = Vec::new();
        while end > 0 {
            let start = end.saturating_sub(CHUNK);
            // A little past the chunk's end, so that a line start on its edge is seen whole.
            let stop = (end + prefix.len() as u64).min(len);
            buffer.resize(usize::try_from(stop - start).unwrap_or(0), 0);
            self.reader.seek(SeekFrom::Start(start)).map_err(io)?;
            self.reader.read_exact(&mut buffer).map_err(io)?;
            let found = buffer.windows(prefix.len() + 1).rposition(|w| w[0] == b'\n' && &w[1..] == prefix);
            if let Some(i) = found {
                return Ok(Some(start + i as u64 + 1));
            }
            end = start;
        }
        Ok(None)
    }

    /// Goes to a byte offset that starts a line (a keyframe's), numbered `line`.
    pub fn seek(&mut self, offset: u64, line: usize) -> Result<(), ReadError> {
        self.reader.seek(SeekFrom::Start(offset)).map_err(|error| ReadError::Io { path: shown(&self.path), error })?;
        (self.offset, self.line, self.torn) = (offset, line.saturating_sub(1), None);
        Ok(())
    }

    /// The next raw line: (its number, its byte offset, its bytes without the newline, whether
    /// it ended with one); `None` at the end.
    #[allow(clippy::type_complexity)] // one raw line's four facts, read once by the caller
    pub fn next_raw(&mut self) -> Result<Option<(usize, u64, &[u8], bool)>, ReadError> {
        self.buffer.clear();
        let read = self
            .reader
            .read_until(b'\n', &mut self.buffer)
            .map_err(|error| ReadError::Io { path: shown(&self.path), error })?;
        if read == 0 {
            return Ok(None);
        }
        let offset = self.offset;
        self.offset += read as u64;
        self.line += 1;
        let ended = self.buffer.ends_with(b"\n");
        let bytes = if ended { &self.buffer[..self.buffer.len() - 1] } else { &self.buffer[..] };
        Ok(Some((self.line, offset, bytes, ended)))
    }

    /// The next record with its line number and offset; `None` at the end (a torn last line
    /// is skipped, with `torn` saying so). Blank lines are skipped.
    pub fn next_line(&mut self) -> Result<Option<(usize, u64, Line)>, ReadError> {
        loop {
            let path = shown(&self.path);
            let Some((n, offset, bytes, ended)) = self.next_raw()? else { return Ok(None) };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return match serde_json::from_slice::<Line>(bytes) {
                Ok(line) => Ok(Some((n, offset, line))),
                Err(_) if !ended => {
                    self.torn = Some(format!(
                        "{path}:{n}: the last record is cut short (the recording stopped mid-write); it is skipped"
                    ));
                    Ok(None)
                }
                Err(e) => Err(ReadError::BadLine { path, line: n, why: e.to_string() }),
            };
        }
    }
}

/// Every entry of a recording, oldest first, rebuilt from its lines, with the warning about a
/// torn last line if there was one.
pub fn read_all(path: &Path) -> Result<(Header, Vec<super::Entry>, Option<String>), ReadError> {
    let (header, mut lines) = open(path)?;
    let mut decoder = super::Decoder::new();
    let mut entries = Vec::new();
    while let Some((n, _, line)) = lines.next_line()? {
        let entry = decoder.read(line).map_err(|why| ReadError::BadLine { path: shown(path), line: n, why })?;
        entries.extend(entry);
    }
    Ok((header, entries, lines.torn))
}
