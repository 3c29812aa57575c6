//! Work over many items split across the machine's cores: a minute's metrics judge every row of
//! their region again, the timeline every instance's health, and the wall sorts every cell
//! again, which at thousands of instances is the longest a key waits behind a poll result.

/// Below this many items, one thread does them: a second costs more to start than it saves.
pub const PARALLEL_FROM: usize = 2_000;

/// How many threads work on `items` items: one below `PARALLEL_FROM`, else as many as the
/// machine has cores, up to four.
pub fn threads_for(items: usize) -> usize {
    // Asked once, and only for a large region: the answer reads the process's CPU quota from files.
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    if items < PARALLEL_FROM {
        return 1;
    }
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(4))
}

/// `work` of each item, in the items' order, done on `threads_for` threads (the caller's one of
/// them).
pub fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads_for(items.len());
    if threads < 2 {
        return items.iter().map(&work).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|s| {
        let mut parts = items.chunks(chunk);
        let first = parts.next().unwrap_or_default();
        let others: Vec<_> = parts.map(|part| s.spawn(move || part.iter().map(work).collect::<Vec<R>>())).collect();
        let mut out: Vec<R> = first.iter().map(work).collect();
        for other in others {
            // The work does not panic; were it to, it is raised here as it would be inline.
            out.extend(other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        out
    })
}

/// Sorts `items` by `by`, which must tell any two items apart (as an unstable sort may); from
/// `PARALLEL_FROM` items on, with more than one core, each half on a core of its own, then
/// merged.
pub fn sort_in_parallel<T: Send + Copy>(items: &mut Vec<T>, by: impl Fn(&T, &T) -> std::cmp::Ordering + Sync) {
    if threads_for(items.len()) < 2 {
        items.sort_unstable_by(&by);
        return;
    }
    let half = items.len() / 2;
    let (a, b) = items.split_at_mut(half);
    std::thread::scope(|s| {
        let other = s.spawn(|| a.sort_unstable_by(&by));
        b.sort_unstable_by(&by);
        // Sorting does not panic; were it to, it is raised here as it would be inline.
        other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    });
    let (a, b) = items.split_at(half);
    let mut merged = Vec::with_capacity(items.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        if by(y, x).is_lt() {
            merged.push(*y);
            j += 1;
        } else {
            merged.push(*x);
            i += 1;
        }
    }
    merged.extend_from_slice(&a[i..]);
    merged.extend_from_slice(&b[j..]);
    *items = merged;
}

#[cfg(test)]
mod tests {
    #[test]
    fn work_done_in_parallel_comes_in_the_items_order() {
        for n in [0, 1, super::PARALLEL_FROM - 1, super::PARALLEL_FROM, 5_001] {
            let items: Vec<usize> = (0..n).collect();
            let out = super::in_parallel(&items, |i| i * 2);
            assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>(), "{n} items");
        }
    }

    #[test]
    fn a_sort_in_parallel_sorts_as_one_thread_does() {
        for n in [0, 1, super::PARALLEL_FROM - 1, super::PARALLEL_FROM, 5_001] {
            // Distinct keys in a scrambled order.
            let mut items: Vec<u64> = (0..n as u64).map(|i| i.wrapping_mul(2_654_435_761) % 1_000_003).collect();
            let mut expected = items.clone();
            expected.sort_unstable();
            super::sort_in_parallel(&mut items, u64::cmp);
            assert_eq!(items, expected, "{n} items");
        }
    }
}
