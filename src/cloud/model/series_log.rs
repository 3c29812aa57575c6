//! The values of a series at one step, kept in an append-only log that the series after it
//! share: a minute's new datapoint goes at the end of the log its hour is in, instead of a copy
//! of the hour with the point added. Every holder of the hour before (the rows, the views, an
//! adapter's history) keeps reading its own window of the same log, so a minute's turn holds
//! one hour of each series, not the old hour and the new one side by side.
//!
//! A slot is written once, before the count of written slots covers it, and never again; a
//! window reads only slots below its end, which were written before the window existed. Who
//! may append is settled by a compare-and-swap on the slots claimed: the first to claim the
//! slots after a window's end writes them; any other (a second consumer of the same hour, with
//! other points) copies its window into a log of its own. A log has room for some minutes
//! more than it was made with (`room`), different from log to log, so that the copies of a fleet's
//! series, made when their logs fill, fall at different minutes.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

/// Slot 0: the slots claimed; slot 1: the slots written; values from slot 2 on.
const HEADER: usize = 2;
const CLAIMED: usize = 0;
const WRITTEN: usize = 1;

/// A window of values in a shared log.
#[derive(Clone)]
pub struct Window {
    log: Arc<[AtomicU32]>,
    /// The first value's place in the log (not counting the header).
    from: u32,
    len: u32,
}

/// The window's values, as a list of them would show (not the log around them).
impl std::fmt::Debug for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries((0..self.len()).map(|i| self.get(i))).finish()
    }
}

impl Default for Window {
    fn default() -> Self {
        Self::new(std::iter::empty(), 0)
    }
}

/// Minutes of room a new log gets beyond its values: 4 to 12, in turn. About eight on
/// average: an hour's log is 13 % larger than its values, and an eighth of the logs is copied
/// at a minute's turn, which is about the least a turn can hold (1.27 hours, against 2 for a
/// copy of every hour).
pub fn room() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    4 + NEXT.fetch_add(1, Ordering::Relaxed) % 9
}

impl Window {
    /// A log of `values` with room for `room` more, and the window of all of them.
    pub fn new(values: impl ExactSizeIterator<Item = f32>, room: usize) -> Self {
        let len = values.len();
        let filled = u32::try_from(len).unwrap_or(u32::MAX);
        let header = [filled, filled].into_iter();
        let log: Arc<[AtomicU32]> =
            header.chain(values.map(f32::to_bits)).chain(std::iter::repeat_n(0, room)).map(AtomicU32::new).collect();
        Self { log, from: 0, len: filled }
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// The `i`th value of the window (`i` below `len`).
    pub fn get(&self, i: usize) -> f32 {
        f32::from_bits(self.log[HEADER + self.from as usize + i].load(Ordering::Relaxed))
    }

    /// Whether the two are the same values of the same log.
    pub fn same(&self, other: &Self) -> bool {
        self.shares(other) && self.from == other.from && self.len == other.len
    }

    /// Whether the two are windows of one log.
    pub fn shares(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.log, &other.log)
    }

    /// The bytes the log's values take, its room included.
    pub fn bytes(&self) -> usize {
        (self.log.len() - HEADER) * std::mem::size_of::<f32>()
    }

    /// The values `lo..hi` of this window followed by `added`, in this window's log: `None`
    /// when they cannot be (an `added` value differs from what another appended there, or the
    /// log is full). `lo < hi <= len`.
    pub fn extended(&self, lo: usize, hi: usize, added: &[f32]) -> Option<Self> {
        if lo >= hi || hi > self.len() {
            return None;
        }
        let base = self.from as usize + hi;
        let written = self.log[WRITTEN].load(Ordering::Acquire) as usize;
        // What another holder appended already, the same values: read, not written again.
        let same = added
            .iter()
            .zip(base..written)
            .take_while(|&(v, slot)| self.log[HEADER + slot].load(Ordering::Relaxed) == v.to_bits())
            .count();
        let rest = &added[same..];
        if !rest.is_empty() {
            let at = base + same;
            let end = at + rest.len();
            if at != written || end > self.log.len() - HEADER {
                return None;
            }
            let (at32, end32) = (u32::try_from(at).ok()?, u32::try_from(end).ok()?);
            // Claimed slots are written by whoever claimed them: nobody else may.
            self.log[CLAIMED].compare_exchange(at32, end32, Ordering::AcqRel, Ordering::Relaxed).ok()?;
            for (slot, v) in (at..end).zip(rest) {
                self.log[HEADER + slot].store(v.to_bits(), Ordering::Relaxed);
            }
            self.log[WRITTEN].store(end32, Ordering::Release);
        }
        let from = u32::try_from(self.from as usize + lo).ok()?;
        let len = u32::try_from(hi - lo + added.len()).ok()?;
        Some(Self { log: Arc::clone(&self.log), from, len })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(w: &Window) -> Vec<f32> {
        (0..w.len()).map(|i| w.get(i)).collect()
    }

    #[test]
    fn a_window_slides_along_its_log_until_the_log_is_full() {
        let first = Window::new([1.0, 2.0, 3.0].into_iter(), 2);
        assert_eq!(first.bytes(), 5 * 4);
        let second = first.extended(1, 3, &[4.0]).unwrap();
        assert_eq!(values(&second), [2.0, 3.0, 4.0]);
        assert!(second.shares(&first) && !second.same(&first));
        assert_eq!(values(&first), [1.0, 2.0, 3.0], "the window before reads what it read");
        let third = second.extended(1, 3, &[5.0]).unwrap();
        assert_eq!(values(&third), [3.0, 4.0, 5.0]);
        assert!(third.extended(1, 3, &[6.0]).is_none(), "no room left");
        assert!(third.extended(0, 0, &[6.0]).is_none(), "nothing kept");
        assert_eq!(values(&third.extended(0, 2, &[]).unwrap()), [3.0, 4.0]);
        assert_eq!(format!("{third:?}"), "[3.0, 4.0, 5.0]", "the window's values, not the log's");
    }

    #[test]
    fn a_second_holder_shares_the_same_points_and_not_others() {
        let hour = Window::new([1.0, 2.0].into_iter(), 4);
        let mine = hour.extended(0, 2, &[3.0, 4.0]).unwrap();
        let same = hour.extended(1, 2, &[3.0, 4.0]).unwrap();
        assert!(same.shares(&hour), "what was appended already is read, not written");
        assert_eq!(values(&same), [2.0, 3.0, 4.0]);
        let partly = hour.extended(0, 2, &[3.0, 4.0, 5.0]).unwrap();
        assert_eq!(values(&partly), [1.0, 2.0, 3.0, 4.0, 5.0]);
        assert!(hour.extended(0, 2, &[3.5]).is_none(), "another value where one was written: a copy");
        assert!(hour.extended(0, 1, &[9.0]).is_none(), "not at the log's end: a copy");
        assert_eq!(values(&mine), [1.0, 2.0, 3.0, 4.0]);
    }

    #[test]
    fn holders_on_two_threads_each_read_their_own_points() {
        let hour = Window::new((0..60).map(|i| i as f32), 40);
        let results: Vec<Vec<Option<Window>>> = std::thread::scope(|s| {
            let threads: Vec<_> = (0..2)
                .map(|t| {
                    let hour = &hour;
                    s.spawn(move || {
                        let mut w = hour.clone();
                        (0..30)
                            .map(|m| {
                                let next = w.extended(1, 60, &[1000.0 * (t + 1) as f32 + m as f32]);
                                if let Some(n) = &next {
                                    w = n.clone();
                                }
                                next
                            })
                            .collect()
                    })
                })
                .collect();
            threads.into_iter().map(|t| t.join().unwrap()).collect()
        });
        for (t, windows) in results.iter().enumerate() {
            let mut expected: Vec<f32> = (0..60).map(|i| i as f32).collect();
            for (m, w) in windows.iter().enumerate() {
                let Some(w) = w else { break };
                expected.remove(0);
                expected.push(1000.0 * (t + 1) as f32 + m as f32);
                assert_eq!(values(w), expected, "thread {t}, minute {m}");
            }
        }
        let appended: usize = results.iter().map(|w| w.iter().take_while(|w| w.is_some()).count()).sum();
        assert!(appended >= 30, "one of them had the log's room: {appended}");
    }
}
