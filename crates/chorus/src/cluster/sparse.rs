//! Sparse term vectors, sorted by term: dot products and keeping the heaviest terms.

/// Keeps the `n` heaviest terms, heaviest first (ties: lower term first).
pub(super) fn keep_heaviest(v: &mut Vec<(u32, f32)>, n: usize) {
    keep_first_by(v, n, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
}

/// Keeps the first `n` items in `order`, sorted. Selects before it sorts: the lists are long
/// (an article's hundreds of terms, the stories sharing a common term) and few are kept.
pub(super) fn keep_first_by<T>(
    v: &mut Vec<T>,
    n: usize,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) {
    if v.len() > n {
        v.select_nth_unstable_by(n, &order);
        v.truncate(n);
    }
    v.sort_unstable_by(order);
}

/// Dot product of two sparse vectors sorted by term. Walks the shorter one and gallops through
/// the longer (an article's 80 terms against a story's hundreds): each step searches forward
/// from where the last stopped, a few nearby probes instead of a search of the whole centroid.
pub(super) fn sparse_dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (short, mut long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut dot = 0.0;
    for &(t, w) in short {
        // Gallop: double the step until it passes t, then search the last step's span.
        let mut step = 1;
        while step < long.len() && long[step].0 < t {
            step *= 2;
        }
        let span = &long[..(step + 1).min(long.len())];
        let at = span.partition_point(|&(u, _)| u < t);
        long = &long[at..];
        match long.first() {
            Some(&(u, x)) if u == t => dot += w * x,
            None => break,
            _ => {}
        }
    }
    dot
}
