//! Sleeping until the app has something to do: a key, a resize, the next tick or a signal.
//!
//! crossterm's `event::poll` starts its wait again when a signal interrupts it, so on its own
//! it notices a signal only at its timeout. [`Wake::wait`] sleeps on the terminal's input and
//! on a socket the signal handlers write a byte to, so the loop needs no timeout of its own to
//! look for signals.

use std::fs::File;
use std::io::Read as _;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use signal_hook::SigId;

/// The longest a wait lasts when the descriptors cannot be watched (numbered past what
/// `select` takes): the loop then looks for signals this often, as it did before.
const FALLBACK_WAIT: Duration = Duration::from_millis(200);

/// The terminal's input and the signals that wake the app.
pub struct Wake {
    /// `/dev/tty` when stdin is not the terminal (crossterm reads it then); `None`: stdin.
    tty: Option<File>,
    /// The end of the socket the signal handlers write to.
    signals: UnixStream,
    /// The handlers, removed when the `Wake` goes.
    registered: Vec<SigId>,
}

impl Wake {
    /// Watches the terminal and these signals. The signals' other handlers are kept.
    pub fn new(signals: &[libc::c_int]) -> std::io::Result<Wake> {
        let (reader, writer) = UnixStream::pair()?;
        reader.set_nonblocking(true)?;
        writer.set_nonblocking(true)?;
        let mut wake = Wake {
            tty: None,
            signals: reader,
            registered: Vec::new(),
        };
        for signal in signals {
            let id = signal_hook::low_level::pipe::register(*signal, writer.try_clone()?)?;
            wake.registered.push(id);
        }
        // SAFETY: isatty only looks at the descriptor.
        if unsafe { libc::isatty(libc::STDIN_FILENO) } != 1 {
            wake.tty = Some(File::open("/dev/tty")?);
        }
        Ok(wake)
    }

    /// Sleeps until the terminal has input, a watched signal arrives or `timeout` has passed.
    pub fn wait(&mut self, timeout: Duration) -> std::io::Result<()> {
        let tty = self
            .tty
            .as_ref()
            .map_or(libc::STDIN_FILENO, AsRawFd::as_raw_fd);
        let socket = self.signals.as_raw_fd();
        let watchable = |fd: RawFd| usize::try_from(fd).is_ok_and(|fd| fd < libc::FD_SETSIZE);
        if !(watchable(tty) && watchable(socket)) {
            std::thread::sleep(timeout.min(FALLBACK_WAIT));
            return Ok(());
        }
        // `select`, not `poll`: macOS's poll does not take terminals.
        // SAFETY: an all-zero fd_set is a valid value; FD_ZERO and FD_SET get live sets and
        // descriptors below FD_SETSIZE.
        let mut readable: libc::fd_set = unsafe { std::mem::zeroed() };
        unsafe {
            libc::FD_ZERO(&raw mut readable);
            libc::FD_SET(tty, &raw mut readable);
            libc::FD_SET(socket, &raw mut readable);
        }
        // Rounded up to the microsecond, so the wait never ends before the tick it waits for.
        let limit = timeout + Duration::from_nanos(999);
        // suseconds_t is 32 bits on some systems and 64 on others; microseconds fit in both.
        #[allow(clippy::cast_lossless)]
        let mut limit = libc::timeval {
            tv_sec: limit.as_secs() as libc::time_t,
            tv_usec: limit.subsec_micros() as libc::suseconds_t,
        };
        // SAFETY: the set and the time limit are live for the call; the others may be null.
        let ready = unsafe {
            libc::select(
                tty.max(socket) + 1,
                &raw mut readable,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &raw mut limit,
            )
        };
        if ready < 0 {
            let error = std::io::Error::last_os_error();
            // A signal whose handler does not write to the socket: the loop looks anyway.
            if error.kind() != std::io::ErrorKind::Interrupted {
                return Err(error);
            }
        }
        // The signals themselves are in the loop's flags; the bytes only woke it.
        let mut bytes = [0u8; 64];
        while matches!(self.signals.read(&mut bytes), Ok(n) if n > 0) {}
        Ok(())
    }
}

impl Drop for Wake {
    fn drop(&mut self) {
        for id in self.registered.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}
