//! Byte searches for the readers' hot loops.

/// The first index at or after `from` of a byte equal to `a`, `b` or `c` (`None` if there
/// is none): eight bytes at a time in a `u64` (no SIMD needed, one load per eight bytes
/// in WebAssembly), then byte by byte for the last few. The same answer as
/// [`find_any3_bytewise`] (a property test checks it on random input).
#[inline]
pub fn find_any3(bytes: &[u8], from: usize, a: u8, b: u8, c: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // a byte of `x` is zero ⇔ its bit in `zero(x)` is set, for the lowest such byte (a
    // borrow only carries upwards, so the lowest flag is never a false one)
    let zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
    let (ra, rb, rc) = (LO * u64::from(a), LO * u64::from(b), LO * u64::from(c));
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let hits = zero(w ^ ra) | zero(w ^ rb) | zero(w ^ rc);
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    find_any3_bytewise(bytes, i, a, b, c)
}

/// [`find_any3`] a byte at a time: the reference.
pub fn find_any3_bytewise(bytes: &[u8], from: usize, a: u8, b: u8, c: u8) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&x| x == a || x == b || x == c)
        .map(|i| i + from)
}
