//! Crash-safe file writes: a temporary file in the same folder, flushed to disk, renamed over
//! the target, and the folder flushed, so a reader sees the old file or the new one, never half.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` atomically, replacing any file there.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = staged(path, bytes)?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(path)
}

/// Writes `bytes` to `path` atomically unless a file is already there; returns `false` then,
/// leaving the existing file untouched.
pub fn write_new_atomic(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    let temp = staged(path, bytes)?;
    match temp.persist_noclobber(path) {
        Ok(_) => sync_dir(path).map(|()| true),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e.error),
    }
}

fn staged(path: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".tmp-")
        .suffix(".partial")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = (path, File::open);
    Ok(())
}
