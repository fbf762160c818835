//! A stable 64-bit digest (FNV-1a) of bytes.
//!
//! Used to tell whether content changed since the search index was built. It must give the
//! same value in every build and on every platform, which `std`'s hashers do not promise.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// Digest of `bytes`.
pub fn digest(bytes: &[u8]) -> u64 {
    Digest::new().update(bytes).finish()
}

/// Incremental form of [`digest`], for digests over several values.
#[derive(Debug, Clone, Copy)]
pub struct Digest(u64);

impl Digest {
    pub fn new() -> Self {
        Digest(OFFSET)
    }

    pub fn update(mut self, bytes: &[u8]) -> Self {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(PRIME);
        }
        self
    }

    /// Adds a length-prefixed value, so `("ab", "c")` and `("a", "bc")` differ.
    pub fn field(self, bytes: &[u8]) -> Self {
        self.update(&(bytes.len() as u64).to_le_bytes())
            .update(bytes)
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

impl Default for Digest {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        assert_eq!(super::digest(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::digest(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
