//! Keyframes found by their links are the ones a read through the file finds, across an
//! append, and a link that leads nowhere falls back to reading through.

use super::replay::index::{self, Keyframe};
use super::tests::{alarm, at, observed, record, temp};
use crate::cloud::model::AlarmState;
use crate::record::Entry;
use crate::record::file::open;
use crate::record::line::{KEYFRAME_PREFIX, Line};

fn found(path: &std::path::Path) -> Vec<Keyframe> {
    let (_, mut lines) = open(path).unwrap();
    index::find(path, &mut lines).unwrap().keyframes
}

/// Each keyframe's minute and line number, checked against the file's text.
fn minutes_and_lines(path: &std::path::Path, keyframes: &[Keyframe]) -> Vec<(i64, usize)> {
    let text = std::fs::read(path).unwrap();
    keyframes
        .iter()
        .map(|k| {
            let offset = usize::try_from(k.offset).unwrap();
            assert!(text[offset..].starts_with(KEYFRAME_PREFIX), "{k:?} is not at a keyframe");
            assert_eq!(text[..offset].split(|&b| b == b'\n').count(), k.line, "{k:?}");
            ((k.at - at(0)).num_minutes(), k.line)
        })
        .collect()
}

/// The file with every keyframe's line rewritten by `edit`.
fn rewrite(path: &std::path::Path, edit: impl Fn(usize, Line) -> Line) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut n = 0;
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if !l.as_bytes().starts_with(KEYFRAME_PREFIX) {
                return l.to_owned();
            }
            n += 1;
            serde_json::to_string(&edit(n, serde_json::from_str(l).unwrap())).unwrap()
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn keyframes_are_found_by_their_links_as_by_reading_through() {
    let path = temp("links.odr");
    let entries: Vec<Entry> = (0..70)
        .map(|m| {
            let state = if m % 7 == 0 { AlarmState::Alarm } else { AlarmState::Ok };
            observed(m, Ok(vec![alarm("cpu-high", state)]))
        })
        .collect();
    record(&path, &entries[..50]);
    // Appended: the new recorder's first keyframe links to the file's last.
    record(&path, &entries[50..]);
    let linked = found(&path);
    let expected = minutes_and_lines(&path, &linked);
    assert_eq!(expected.iter().map(|k| k.0).collect::<Vec<_>>(), [0, 20, 40, 50]);

    // A link that leads to no keyframe: the file is read through, and finds the same.
    rewrite(&path, |n, line| match line {
        Line::Keyframe { at, line, .. } if n == 4 => Line::Keyframe { at, line, prev: Some(1) },
        other => other,
    });
    assert_eq!(minutes_and_lines(&path, &found(&path)), expected);

    // No links at all, as format version 1 wrote keyframes.
    rewrite(&path, |_, line| match line {
        Line::Keyframe { at, .. } => Line::Keyframe { at, line: None, prev: None },
        other => other,
    });
    assert_eq!(minutes_and_lines(&path, &found(&path)), expected);
    let _ = std::fs::remove_file(&path);
}
