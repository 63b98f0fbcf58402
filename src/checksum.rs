//! Hashes that stay the same across runs, builds and platforms (std's hasher does not): a
//! checksum for the caches and question files, and FNV-1a for short keys.
//!
//! Shared with `build.rs` (through the bank's files), so it depends on nothing.

/// A checksum of a file's contents (a cache, a question file), stable across builds and
/// platforms: eight bytes at a
/// time in four independent lanes (each step a bijection of the lane, so a changed word always
/// changes its lane), folded with FNV-1a. A cache of tens of megabytes is checked in a few
/// milliseconds, where FNV-1a byte by byte took tens.
pub fn checksum(bytes: &[u8]) -> u64 {
    const MIX: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut lanes = [
        0xcbf2_9ce4_8422_2325_u64,
        0x8422_2325_cbf2_9ce4,
        0x2545_f491_4f6c_dd1d,
        0x4f6c_dd1d_2545_f491,
    ];
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        for (lane, word) in lanes.iter_mut().zip(chunk.chunks_exact(8)) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            *lane = (*lane ^ word).wrapping_mul(MIX).rotate_left(29);
        }
    }
    let mut tail = Vec::with_capacity(32 + 8 + 31);
    for lane in lanes {
        tail.extend(lane.to_le_bytes());
    }
    tail.extend((bytes.len() as u64).to_le_bytes());
    tail.extend(chunks.remainder());
    fnv64(&tail)
}

/// FNV-1a, 64 bits: stable across builds and platforms.
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
