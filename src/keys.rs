//! Content digests: the one place SHA-256 turns parts into identifiers, for
//! finding fingerprints and for the keys that say whether earlier results still hold.

use sha2::{Digest, Sha256};

/// SHA-256 over `parts`, each followed by a zero byte (so ("ab","c") ≠ ("a","bc")).
pub fn digest_bytes(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part);
        h.update([0u8]);
    }
    h.finalize().into()
}

/// [`digest_bytes`] as lower-case hex.
pub fn digest(parts: &[&[u8]]) -> String {
    hex(&digest_bytes(parts))
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
