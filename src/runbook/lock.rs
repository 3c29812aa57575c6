//! A run's lock on its target, war-room wide: before its first step a run takes the lock (when
//! the console shares its runs, `opsdeck --hub`), holds it while it runs and lets it go at the
//! end; a target locked by another console's run is refused with who holds it.

use std::future::Future;
use std::pin::Pin;

use crate::cloud::model::ResourceKey;

/// Who runs, for the lock: the run's unique id and its runbook's title.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    pub run_id: &'a str,
    pub title: &'a str,
}

/// A lock held; dropping it lets it go (and stops renewing it).
pub trait Held: Send + std::fmt::Debug {}

/// What taking a lock gives: the lock, or why not (who holds it, or that it cannot be asked).
pub type Taking<'a> = Pin<Box<dyn Future<Output = Result<Box<dyn Held>, String>> + Send + 'a>>;

/// Where runs take their locks.
pub trait TargetLocks: Send + Sync + std::fmt::Debug {
    /// Takes the lock on `target` for the run, atomically: refused, naming the holder, when
    /// another run holds it.
    fn take<'a>(&'a self, target: &'a ResourceKey, claim: Claim<'a>) -> Taking<'a>;
}
