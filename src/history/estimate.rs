//! The readiness estimate, kept: `cache/readiness.postcard` holds the last estimate made, with a
//! digest of everything it was made from (the history's rows, the bank's fingerprint and
//! questions, the hour it is made as of, and the build that made it). The same inputs give the
//! same estimate ([`stats::estimate`]), so while none changes, `az400 stats` and the home screen
//! read it instead of simulating a thousand exams again. Like every cache it is only a cache: a
//! file that is missing, damaged or made from other inputs is replaced by a new estimate.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::ledger::Ledger;
use super::stats;
use super::store::Store;
use crate::bank::{self, Bank};
use crate::readiness::{Outlook, Readiness};
use crate::untrusted;

/// The kept estimate, in the data folder.
const FILE: &str = "cache/readiness.postcard";
/// The version of the file's layout.
const FORMAT: u32 = 1;
/// The largest file read (an estimate is a few hundred bytes).
const MAX_BYTES: u64 = 1024 * 1024;

/// The file's contents (after a checksum).
#[derive(Serialize, Deserialize)]
struct Kept {
    format: u32,
    /// The digest of the inputs ([`inputs_key`]).
    key: u64,
    readiness: Readiness,
}

impl Store {
    /// The readiness estimate of `ledger` with `bank` as of `now`: [`stats::estimate`], taken
    /// from the kept estimate when that was made from the same inputs, else made and kept.
    pub fn estimate(&self, ledger: &Ledger, bank: &Bank, now: DateTime<Utc>) -> Outlook {
        let Some(key) = inputs_key(ledger, bank, now) else {
            return stats::estimate(ledger, bank, now);
        };
        let path = self.root().join(FILE);
        let kept = untrusted::read_regular(&path, MAX_BYTES)
            .ok()
            .and_then(|bytes| decode(&bytes))
            .filter(|kept| kept.key == key);
        if let Some(kept) = kept {
            return Outlook::Ready(kept.readiness);
        }
        let outlook = stats::estimate(ledger, bank, now);
        // Only an estimate is worth keeping: "not enough data" is found without simulating.
        if let Outlook::Ready(readiness) = &outlook {
            let kept = Kept {
                format: FORMAT,
                key,
                readiness: readiness.clone(),
            };
            if let Ok(payload) = postcard::to_allocvec(&kept) {
                let mut bytes = crate::checksum::checksum(&payload).to_le_bytes().to_vec();
                bytes.extend(payload);
                // Not kept only means estimating again next time.
                let _ = write_atomic(&path, &bytes);
            }
        }
        outlook
    }
}

/// The kept estimate in a file, if its checksum and format match.
fn decode(bytes: &[u8]) -> Option<Kept> {
    let (sum, payload) = bytes.split_at_checked(8)?;
    if sum != crate::checksum::checksum(payload).to_le_bytes() {
        return None;
    }
    postcard::from_bytes::<Kept>(payload)
        .ok()
        .filter(|kept| kept.format == FORMAT)
}

/// A digest of everything [`stats::estimate`] reads: the ledger's rows, the bank (its
/// fingerprint, and which questions it holds, since a question file's problems can depend on
/// the month), the time the estimate is made as of, and the build (the estimator's code).
fn inputs_key(ledger: &Ledger, bank: &Bank, now: DateTime<Utc>) -> Option<u64> {
    let mut bytes = Vec::new();
    bytes.extend(FORMAT.to_le_bytes());
    bytes.extend(crate::bank::cache::build_key().to_le_bytes());
    bytes.extend(ledger.digest()?.to_le_bytes());
    bytes.extend(
        stats::estimated_as_of(ledger, now)
            .timestamp_millis()
            .to_le_bytes(),
    );
    let fingerprint = bank::fingerprint(bank);
    bytes.extend((fingerprint.len() as u64).to_le_bytes());
    bytes.extend(fingerprint.as_bytes());
    for question in &bank.questions {
        bytes.extend((question.id.len() as u64).to_le_bytes());
        bytes.extend(question.id.as_bytes());
    }
    Some(crate::checksum::checksum(&bytes))
}
