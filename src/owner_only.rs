//! Files only their owner can read: the audit log and the console's log say who ran what,
//! where, and with which identifiers. On unix a folder created here is 0700 and a file 0600
//! (before the umask, which can only take more away); folders and files that already exist
//! keep the permissions they have, since they may be the user's choice (`--audit-log /tmp/…`).

use std::fs::{DirBuilder, File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `dir` and any missing parents, owner-only.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Opens `path` to read and append, creating it (and its folder) owner-only if missing.
pub fn open_append(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_dir_all(dir)?;
    }
    let mut options = OpenOptions::new();
    options.read(true).append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn new_folders_and_files_are_owner_only() {
        let root = std::env::temp_dir().join(format!("opsdeck-owner-only-{}", std::process::id()));
        let file = root.join("a").join("b").join("log.jsonl");
        let _ = std::fs::remove_dir_all(&root);
        open_append(&file).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file) & 0o077, 0, "file {:o}", mode(&file));
        assert_eq!(mode(&file) & 0o600, 0o600);
        for dir in [root.join("a"), root.join("a").join("b")] {
            assert_eq!(mode(&dir) & 0o077, 0, "{} {:o}", dir.display(), mode(&dir));
        }
        std::fs::remove_dir_all(root).unwrap();
    }
}
