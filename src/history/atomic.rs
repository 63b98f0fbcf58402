//! Crash-safe file writes: a temporary file in the same folder, flushed to disk, renamed over
//! the target, and the folder flushed, so a reader sees the old file or the new one, never half.
//!
//! Temporary files are named `.tmp-<host>-<pid>-<random>.partial`, so a later start can tell
//! the leftovers of a killed az400 on this machine from a write still under way (see
//! [`remove_stale_temps`]).
//!
//! Every step (write, fsync, rename, folder fsync, remove) passes a [`crash_point`], where the
//! test suite can kill the process to prove that no step loses or doubles a record.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// The environment variable of the test hook: `AZ400_TEST_CRASH_AT=N` aborts the process at the
/// Nth crash point it reaches (counting from 1), as a kill at that moment would.
pub const CRASH_AT_VAR: &str = "AZ400_TEST_CRASH_AT";

/// A temporary file this old is a leftover whoever made it.
const STALE_AFTER: Duration = Duration::from_secs(24 * 3600);

/// Marks a step of a write or removal. With [`CRASH_AT_VAR`] set (only the test suite sets it),
/// the Nth step reached aborts the process before it runs, naming the step on stderr.
pub fn crash_point(step: &str) {
    static CRASH_AT: OnceLock<Option<u64>> = OnceLock::new();
    static REACHED: AtomicU64 = AtomicU64::new(0);
    let Some(at) = *CRASH_AT.get_or_init(|| {
        std::env::var(CRASH_AT_VAR)
            .ok()
            .and_then(|v| v.parse().ok())
    }) else {
        return;
    };
    if REACHED.fetch_add(1, Ordering::SeqCst) + 1 == at {
        let _ = writeln!(io::stderr(), "az400: test crash at step {at}: {step}");
        std::process::abort();
    }
}

/// Writes `bytes` to `path` atomically, replacing any file there (a symlink there is
/// replaced, never followed).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = staged(path, bytes)?;
    crash_point("rename");
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(path)
}

/// Writes `bytes` to `path` atomically unless a file is already there; returns `false` then,
/// leaving the existing file untouched.
pub fn write_new_atomic(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    let temp = staged(path, bytes)?;
    crash_point("rename");
    match temp.persist_noclobber(path) {
        Ok(_) => sync_dir(path).map(|()| true),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e.error),
    }
}

/// Removes a file (a file already gone is not an error).
pub fn remove(path: &Path) -> io::Result<()> {
    crash_point("remove");
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn staged(path: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let dir = path.parent().unwrap_or(Path::new("."));
    crash_point("create");
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix())
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    crash_point("write");
    temp.write_all(bytes)?;
    crash_point("fsync");
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// Flushes the folder holding `path`, so a rename or removal in it survives a power cut.
pub fn sync_dir(path: &Path) -> io::Result<()> {
    crash_point("fsync-dir");
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = (path, File::open);
    Ok(())
}

const TEMP_PREFIX: &str = ".tmp-";
const TEMP_SUFFIX: &str = ".partial";

/// `.tmp-<host>-<pid>-`: whose temporary file it is.
fn temp_prefix() -> String {
    format!("{TEMP_PREFIX}{}-{}-", host_tag(), std::process::id())
}

/// A short tag of this machine's name, so temporary files synced from another machine are
/// never taken for this machine's leftovers.
fn host_tag() -> String {
    let mut name = [0u8; 256];
    #[cfg(unix)]
    // SAFETY: the buffer is valid for its whole length, which is what gethostname is told.
    let ok = unsafe { libc::gethostname(name.as_mut_ptr().cast(), name.len()) } == 0;
    #[cfg(not(unix))]
    let ok = false;
    let len = if ok {
        name.iter().position(|b| *b == 0).unwrap_or(name.len())
    } else {
        0
    };
    let hash = name[..len].iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    });
    format!("{hash:08x}")
}

/// Removes the temporary files az400 left in `dir` when it was killed mid-write: those this
/// machine's az400 named, whose process is gone, and any az400 temporary file a day old.
/// Returns how many were removed. Files az400 did not name are never touched.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries.flatten().filter(remove_if_stale_temp).count()
}

/// Removes one entry of a folder if it is a temporary file az400 left when killed mid-write
/// (see [`remove_stale_temps`]), for a reader that lists the folder anyway. Returns whether it
/// was removed.
pub fn remove_if_stale_temp(entry: &std::fs::DirEntry) -> bool {
    let name = entry.file_name();
    let Some(name) = name.to_str() else {
        return false;
    };
    if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
        return false;
    }
    let Ok(meta) = entry.metadata() else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let ours = format!("{TEMP_PREFIX}{}-", host_tag());
    let dead_here = name
        .strip_prefix(&ours)
        .and_then(|rest| rest.split('-').next())
        .and_then(|pid| pid.parse::<u32>().ok())
        .is_some_and(|pid| !process_alive(pid));
    let old = meta
        .modified()
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .is_some_and(|age| age > STALE_AFTER);
    (dead_here || old) && std::fs::remove_file(entry.path()).is_ok()
}

fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_a_dead_process_go_and_others_stay() {
        let dir = tempfile::tempdir().unwrap();
        let dead = format!(
            "{TEMP_PREFIX}{}-{}-abc{TEMP_SUFFIX}",
            host_tag(),
            u32::MAX - 1
        );
        let live = format!("{}abc{TEMP_SUFFIX}", temp_prefix());
        let foreign = format!("{TEMP_PREFIX}00000000-1-abc{TEMP_SUFFIX}");
        for name in [&dead, &live, &foreign, &"notes.partial".to_string()] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        assert_eq!(remove_stale_temps(dir.path()), 1);
        assert!(!dir.path().join(&dead).exists());
        assert!(dir.path().join(&live).exists() && dir.path().join(&foreign).exists());
    }
}
