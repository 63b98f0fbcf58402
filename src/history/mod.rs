//! Local history: finished attempts and sessions in progress, stored as files in the user's
//! data folder, and the statistics drawn from them.

pub mod atomic;
pub mod estimate;
pub mod index;
pub mod ledger;
pub mod stats;
pub mod store;
pub mod topics;

use std::path::PathBuf;

pub use index::{Brief, HistoryBrief, HistoryRead};
pub use ledger::Ledger;
pub use store::{
    Duplicate, Holds, Recorded, Resumed, Saved, SessionClaim, SessionsRead, Store, Unreadable,
};

/// The data folder: `--data-dir`/`AZ400_DATA_DIR` if given, else the platform's data folder
/// for az400 (e.g. `~/.local/share/az400`).
pub fn data_dir(overridden: Option<PathBuf>) -> Option<PathBuf> {
    overridden.or_else(|| {
        directories::ProjectDirs::from("", "", "az400").map(|d| d.data_dir().to_path_buf())
    })
}
