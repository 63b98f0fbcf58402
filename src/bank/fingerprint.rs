//! A bank's fingerprint: a hash of its compiled form, recorded with each attempt.
//!
//! Shared with `build.rs`, which takes the built-in bank's once, so that starting a session
//! does not hash two megabytes; this file depends on nothing but `postcard` and the bank model.

use super::model::{Bank, Month};

/// A short fingerprint of a bank's content: a hash of its compiled form, stable across builds
/// and platforms (which std's hasher is not).
///
/// The compiled form is hashed as it is written, eight bytes at a time, never held whole: a
/// sprint computes it before its first question, and for 20,000 questions that form is 77 MB.
pub fn of(bank: &Bank) -> String {
    let hash = postcard::serialize_with_flavor(bank, Hashing::default()).unwrap_or_default();
    format!("{hash:016x}")
}

/// The fingerprint of a bank with fingerprint `base` and question files of one's own added in
/// month `today`, whose bytes hash to `files` ([`super::files::Loaded::fingerprint`]): what those files hold
/// follows from their bytes, so they need not be compiled and hashed again.
pub fn with_files(base: &str, files: u64, today: Month) -> String {
    let mut hashing = Hashing::default();
    // The month decides which `verified` dates pass, so the same files may give another bank.
    let month = [
        today.year.to_le_bytes()[0],
        today.year.to_le_bytes()[1],
        today.month,
    ];
    for byte in base.bytes().chain(files.to_le_bytes()).chain(month) {
        hashing.byte(byte);
    }
    hashing.len = base.len() as u64 + 11;
    let hash = postcard::ser_flavors::Flavor::finalize(hashing).unwrap_or_default();
    format!("{hash:016x}")
}

/// A postcard output that hashes what it is given instead of keeping it.
struct Hashing {
    hash: u64,
    word: u64,
    filled: u32,
    len: u64,
}

impl Default for Hashing {
    fn default() -> Hashing {
        Hashing {
            hash: 0xcbf2_9ce4_8422_2325,
            word: 0,
            filled: 0,
            len: 0,
        }
    }
}

impl Hashing {
    fn mix(&mut self, word: u64) {
        self.hash = (self.hash ^ word)
            .wrapping_mul(0x0100_0000_01b3)
            .rotate_left(29);
    }

    fn byte(&mut self, byte: u8) {
        self.word |= u64::from(byte) << (8 * self.filled);
        self.filled += 1;
        if self.filled == 8 {
            self.mix(self.word);
            self.word = 0;
            self.filled = 0;
        }
    }
}

impl postcard::ser_flavors::Flavor for Hashing {
    type Output = u64;

    fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
        self.len += 1;
        self.byte(byte);
        Ok(())
    }

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.len += data.len() as u64;
        let mut rest = data;
        while self.filled != 0 {
            let Some((first, tail)) = rest.split_first() else {
                return Ok(());
            };
            self.byte(*first);
            rest = tail;
        }
        let mut words = rest.chunks_exact(8);
        for word in &mut words {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(word);
            self.mix(u64::from_le_bytes(bytes));
        }
        for byte in words.remainder() {
            self.byte(*byte);
        }
        Ok(())
    }

    fn finalize(mut self) -> postcard::Result<u64> {
        if self.filled != 0 {
            self.mix(self.word);
        }
        Ok(self.hash ^ self.len)
    }
}
