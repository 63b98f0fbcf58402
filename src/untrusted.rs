//! Everything read from a file is untrusted: it is opened only if it is a regular file, read
//! only up to a size cap checked on the opened handle, walked without following a folder loop,
//! and escaped before it reaches a terminal.

use std::collections::HashSet;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Reads a regular file of at most `cap` bytes.
///
/// The file is opened without blocking (a FIFO or a device never hangs the open), and the
/// opened handle, not the name, is checked: anything but a regular file, or a file larger than
/// `cap`, is an error and is never read past `cap`.
pub fn read_regular(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let (file, meta) = open_regular(path)?;
    read_opened(file, &meta, cap)
}

/// Reads a file opened with [`open_regular`], failing past `cap` bytes (whatever its
/// metadata said, a file that grows is never read past the cap).
pub fn read_opened(mut file: File, meta: &Metadata, cap: u64) -> io::Result<Vec<u8>> {
    if meta.len() > cap {
        return Err(too_large(meta.len(), cap));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.by_ref()
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(too_large(bytes.len() as u64, cap));
    }
    Ok(bytes)
}

/// Opens a file for reading if, once open, it proves to be a regular file; returns its
/// metadata as read from the handle.
pub fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    let mut options = File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    Ok((file, meta))
}

fn too_large(len: u64, cap: u64) -> io::Error {
    const MIB: u64 = 1024 * 1024;
    let cap = if cap.is_multiple_of(MIB) {
        format!("{} MiB", cap / MIB)
    } else {
        format!("{cap} bytes")
    };
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("file is {len} bytes, larger than the {cap} allowed"),
    )
}

/// The files below `dir` (recursively) that `keep` accepts, sorted. A folder reached twice,
/// through a symlink loop or two links to one folder, is walked once; at most `max_depth`
/// levels are entered.
pub fn walk_files(
    dir: &Path,
    max_depth: usize,
    keep: &dyn Fn(&Path) -> bool,
) -> io::Result<Vec<PathBuf>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    walk(dir, max_depth, keep, &mut seen, &mut out)?;
    out.sort();
    Ok(out)
}

fn walk(
    dir: &Path,
    depth: usize,
    keep: &dyn Fn(&Path) -> bool,
    seen: &mut HashSet<(u64, u64)>,
    out: &mut Vec<PathBuf>,
) -> io::Result<()> {
    let meta = std::fs::metadata(dir)?;
    if !seen.insert(identity(&meta)) {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        // `metadata` follows a symlink: a link to a folder is walked (once), a broken link is
        // skipped like any file that is not there.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if depth > 0 {
                walk(&path, depth - 1, keep, seen, out)?;
            }
        } else if keep(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// A file's identity on this machine: its device and inode (0, 0 where there are none).
pub fn identity(meta: &Metadata) -> (u64, u64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        (0, 0)
    }
}

/// One line of text with every control character (newline and tab included) replaced by a
/// visible escape such as `\u{1b}`: what comes from a file can never move the cursor, change
/// the window title or write the clipboard.
pub fn escape_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// A path as one escaped line (a file name may hold any byte but `/` and NUL).
pub fn escape_path(path: &Path) -> String {
    escape_line(&path.to_string_lossy())
}

/// JSON text as `serde_json` writes it, with the control characters it leaves raw (DEL and the
/// C1 range, which some terminals obey) written as `\u00XX` escapes. Such characters only
/// occur inside strings, where the escape means the same character.
pub fn escape_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control() && c != '\n' {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_leave_no_control_character() {
        let hostile = "id\x1b]0;title\x07\x1b[2J\u{9b}31m\nnext";
        let line = escape_line(hostile);
        assert!(!line.chars().any(char::is_control), "{line}");
        assert!(line.starts_with("id\\u{1b}]0;title\\u{7}"));
        let json = serde_json::to_string(hostile).unwrap();
        let safe = escape_json(&json);
        assert!(!safe.chars().any(char::is_control), "{safe}");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, hostile);
    }

    #[test]
    fn only_regular_files_are_read_and_the_cap_holds() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, b"12345").unwrap();
        assert_eq!(read_regular(&file, 5).unwrap(), b"12345");
        assert!(read_regular(&file, 4).is_err());
        assert!(read_regular(dir.path(), 100).is_err());
        #[cfg(unix)]
        assert!(read_regular(Path::new("/dev/zero"), 100).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/q.yaml"), b"x").unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("a/up")).unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("self")).unwrap();
        let found = walk_files(dir.path(), 64, &|_| true).unwrap();
        assert_eq!(found, vec![dir.path().join("a/q.yaml")]);
    }
}
