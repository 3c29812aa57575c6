//! Finding a recording's keyframes. A keyframe links to the one before it, so a reader finds
//! the last one by looking back from the end of the file and follows the links: a day's
//! recording opens by reading a few lines rather than hundreds of megabytes. A file without
//! links (format version 1), or whose links do not lead to keyframes, is read line by line.

use std::path::Path;

use crate::cloud::model::Timestamp;
use crate::record::file::{Lines, ReadError, shown};
use crate::record::line::{KEYFRAME_PREFIX, Line};

/// A keyframe: its time, byte offset and line number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyframe {
    pub at: Timestamp,
    pub offset: u64,
    pub line: usize,
}

/// What the look at a file found: its keyframes, oldest first, and where its last whole line
/// starts (offset and number), from which its last time is read.
#[derive(Debug, Default)]
pub struct Index {
    pub keyframes: Vec<Keyframe>,
    pub last_line: Option<(u64, usize)>,
}

/// The keyframes by their links, from the last one back; `None` when there are no links to
/// follow or one does not lead to a keyframe.
fn linked(lines: &mut Lines) -> Result<Option<Vec<Keyframe>>, ReadError> {
    let mut next = lines.last_starting(KEYFRAME_PREFIX)?;
    let mut found = Vec::new();
    while let Some(offset) = next {
        lines.seek(offset, 0)?;
        let Some((_, _, bytes, true)) = lines.next_raw()? else { return Ok(None) };
        let Ok(Line::Keyframe { at, line: Some(line), prev }) = serde_json::from_slice(bytes) else {
            return Ok(None);
        };
        // Links go back: one that does not is not a link this format writes.
        if prev.is_some_and(|p| p >= offset) {
            return Ok(None);
        }
        found.push(Keyframe { at, offset, line });
        next = prev;
    }
    found.reverse();
    Ok((!found.is_empty()).then_some(found))
}

/// Reads every line from where `lines` is, checking that each looks like a record, and notes
/// the keyframes and the last whole line.
fn scan(path: &Path, lines: &mut Lines, index: &mut Index) -> Result<(), ReadError> {
    while let Some((n, offset, bytes, ended)) = lines.next_raw()? {
        // A cheap look at every line: a whole record is one object that names its kind.
        let looks_whole = bytes.starts_with(br#"{"k":""#) && bytes.ends_with(b"}");
        if !looks_whole && ended && !bytes.iter().all(u8::is_ascii_whitespace) {
            let why = "not a record of this format".to_owned();
            return Err(ReadError::BadLine { path: shown(path), line: n, why });
        }
        if bytes.starts_with(KEYFRAME_PREFIX) && index.keyframes.last().is_none_or(|k| k.offset < offset) {
            let line: Line = serde_json::from_slice(bytes).map_err(|e| ReadError::BadLine {
                path: shown(path),
                line: n,
                why: e.to_string(),
            })?;
            index.keyframes.push(Keyframe { at: line.at(), offset, line: n });
        }
        if ended || index.last_line.is_none() {
            index.last_line = Some((offset, n));
        }
    }
    Ok(())
}

/// Finds the keyframes of the file `lines` reads, which is at its first record: by their links
/// when it has them (then only the lines after the last keyframe are read through), else by
/// reading every line.
pub fn find(path: &Path, lines: &mut Lines) -> Result<Index, ReadError> {
    let (offset, line) = lines.position();
    let mut index = Index::default();
    match linked(lines)? {
        Some(keyframes) => {
            let last = keyframes[keyframes.len() - 1];
            index.keyframes = keyframes;
            lines.seek(last.offset, last.line)?;
        }
        None => lines.seek(offset, line)?,
    }
    scan(path, lines, &mut index)?;
    Ok(index)
}
