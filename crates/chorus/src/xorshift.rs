//! A fixed pseudo-random stream (Marsaglia's xorshift64): the salience model's shuffling and the
//! tests' invented inputs, the same numbers on every machine.

/// The stream from `seed` (not 0): each call gives the next number.
pub(crate) fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
