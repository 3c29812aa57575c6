//! The last line of the audit log, read from the end: an append links to it without reading
//! the whole file, however long the log has grown.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

/// How much is read at a time, going back from the end.
const CHUNK: u64 = 8 * 1024;

/// The file's last line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastLine {
    /// Its bytes, without the newline.
    pub bytes: Vec<u8>,
    /// Whether a newline ends it; a line without one was torn by a crash mid-write.
    pub ended: bool,
}

/// The last line of `file`, or `None` when it is empty.
pub fn last_line(file: &mut File) -> io::Result<Option<LastLine>> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(None);
    }
    let mut last = [0u8];
    file.seek(SeekFrom::Start(len - 1))?;
    file.read_exact(&mut last)?;
    let ended = last[0] == b'\n';
    let end = if ended { len - 1 } else { len };
    // `bytes` holds the file from `start` to `end`; it grows backwards until a newline.
    let mut bytes = Vec::new();
    let mut start = end;
    while start > 0 {
        let from = start.saturating_sub(CHUNK);
        let mut piece = vec![0u8; usize::try_from(start - from).map_err(io::Error::other)?];
        file.seek(SeekFrom::Start(from))?;
        file.read_exact(&mut piece)?;
        let newline = piece.iter().rposition(|&b| b == b'\n');
        if let Some(i) = newline {
            piece.drain(..=i);
        }
        piece.append(&mut bytes);
        bytes = piece;
        if newline.is_some() {
            break;
        }
        start = from;
    }
    Ok(Some(LastLine { bytes, ended }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn last_of(content: &[u8]) -> Option<LastLine> {
        let path = std::env::temp_dir().join(format!("opsdeck-tail-{}-{}", std::process::id(), content.len()));
        std::fs::File::create(&path).unwrap().write_all(content).unwrap();
        let last = last_line(&mut std::fs::File::open(&path).unwrap()).unwrap();
        std::fs::remove_file(path).unwrap();
        last
    }

    #[test]
    fn the_last_line_is_found_across_chunks_and_a_torn_one_is_told() {
        assert_eq!(last_of(b""), None);
        assert_eq!(last_of(b"one\ntwo\n"), Some(LastLine { bytes: b"two".to_vec(), ended: true }));
        assert_eq!(last_of(b"one\ntw"), Some(LastLine { bytes: b"tw".to_vec(), ended: false }));
        assert_eq!(last_of(b"\n"), Some(LastLine { bytes: Vec::new(), ended: true }));
        let long = "x".repeat(20_000);
        let content = format!("first\n{long}\n");
        assert_eq!(last_of(content.as_bytes()), Some(LastLine { bytes: long.into_bytes(), ended: true }));
        let single = "y".repeat(9_000);
        assert_eq!(last_of(single.as_bytes()), Some(LastLine { bytes: single.into_bytes(), ended: false }));
    }
}
