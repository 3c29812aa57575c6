//! The recordings folder: a new file's name for each console session, and the retention that
//! deletes old ones.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::cloud::model::Timestamp;

use super::EXTENSION;

/// A new recording's path in `folder`, named for when it starts (UTC): e.g.
/// `opsdeck-20261127T150000Z.odr`. The folder is created owner-only.
pub fn new_path(folder: &Path, now: Timestamp) -> std::io::Result<PathBuf> {
    crate::owner_only::create_dir_all(folder)?;
    let stem = format!("opsdeck-{}", now.format("%Y%m%dT%H%M%SZ"));
    let mut path = folder.join(format!("{stem}.{EXTENSION}"));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = folder.join(format!("{stem}-{n}.{EXTENSION}"));
    }
    Ok(path)
}

/// Deletes the recordings in `folder` last written more than `hours` ago (none when 0);
/// returns how many went. Only `.odr` files are touched.
pub fn prune(folder: &Path, hours: u32, now: SystemTime) -> usize {
    if hours == 0 {
        return 0;
    }
    let keep = Duration::from_secs(u64::from(hours) * 3600);
    let Ok(entries) = std::fs::read_dir(folder) else { return 0 };
    let mut deleted = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| now.duration_since(modified).is_ok_and(|age| age > keep));
        if old && path.extension().is_some_and(|e| e == EXTENSION) && std::fs::remove_file(&path).is_ok() {
            tracing::info!(path = %path.display(), "recording past its retention deleted");
            deleted += 1;
        }
    }
    deleted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_recordings_go_and_new_names_do_not_collide() {
        let dir = std::env::temp_dir().join(format!("opsdeck-folder-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let first = new_path(&dir, now).unwrap();
        std::fs::write(&first, "x").unwrap();
        let second = new_path(&dir, now).unwrap();
        assert_ne!(first, second);
        assert!(second.to_string_lossy().ends_with("-2.odr"));
        std::fs::write(dir.join("notes.txt"), "x").unwrap();
        let later = SystemTime::now() + Duration::from_hours(3);
        assert_eq!(prune(&dir, 0, later), 0, "0 keeps everything");
        assert_eq!(prune(&dir, 2, later), 1, "only .odr files go");
        assert!(dir.join("notes.txt").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
