//! Blocking in the simulator: in the slow-query scenario the reporting job's archive UPDATE
//! runs in a transaction it leaves open, holding row locks on `orders`, and the checkout's
//! writes queue behind it; the longer the scenario runs, the more load waits. PostgreSQL
//! engines report blocking, MySQL does not; Aurora PostgreSQL adds a lock snapshot.

use crate::cloud::CloudError;
use crate::cloud::model::{Blocker, Blocking, LockSnapshot, PiQuery, Timestamp, Waiter};

use super::sql;
use super::world::World;

/// The statement holding the locks, and from which session.
const BLOCKER: &str = "UPDATE orders SET status = 'archived' WHERE created_at < $1 AND status = 'delivered'";
const SESSION: &str = "48213";
const OBJECT: &str = "tuple · public.orders";
/// Of the slow statement's load, how much others spend waiting on the lock it holds.
const WAITING: f64 = 0.6;
/// The statements that queue, with their share of the waiting.
const WAITERS: [(&str, f64); 4] = [
    ("UPDATE orders SET status = $1, updated_at = now() WHERE id = $2", 0.45),
    ("INSERT INTO order_items (order_id, sku, quantity, price_cents) VALUES ($1, $2, $3, $4)", 0.25),
    (
        "UPDATE inventory SET reserved = reserved + $1, updated_at = now() WHERE sku = $2 AND available - reserved >= $1",
        0.2,
    ),
    ("DELETE FROM carts WHERE id = $1", 0.1),
];

/// The lock trees Aurora PostgreSQL snapshots: the catalog's popularity counter, bumped by
/// concurrent product views, queues sessions on the same row.
const LOCK_TREES: &str = "pid 30211  UPDATE products SET popularity = popularity + $1 WHERE id = $2
    holds RowExclusiveLock on public.products, transactionid 99812
  └ pid 30388  UPDATE products SET popularity = popularity + $1 WHERE id = $2
        waits 0.4 s for ShareLock on transactionid 99812
  └ pid 30402  UPDATE products SET popularity = popularity + $1 WHERE id = $2
        waits 0.1 s for ShareLock on transactionid 99812";

/// The snapshot of the busiest second: in the simulator, the last whole minute.
fn lock_snapshot(now: Timestamp) -> LockSnapshot {
    let at = Timestamp::from_timestamp(now.timestamp().div_euclid(60) * 60, 0).unwrap_or(now);
    LockSnapshot { at, trees: LOCK_TREES.to_owned() }
}

impl World {
    /// Who blocked whom on one instance over the window before `now`.
    pub fn blocking(&self, query: &PiQuery, now: Timestamp) -> Result<Blocking, CloudError> {
        let idx = self.pi_index(&query.instance)?;
        let not_reported = self.capabilities(idx).no_blocking;
        let mut blocking = Blocking {
            instance: query.instance.clone(),
            view: query.view,
            blockers: Vec::new(),
            not_reported,
            lock_snapshot: self.capabilities(idx).lock_snapshots.then(|| lock_snapshot(now)),
        };
        if blocking.not_reported.is_some() || !sql::is_postgres(&self.dbs[idx].base.engine) {
            return Ok(blocking);
        }
        let periods = self.periods(idx, query.view, now);
        let slow = periods.iter().map(|p| p.load.slow).sum::<f64>() / periods.len().max(1) as f64;
        let load = slow * WAITING;
        if load > 0.005 {
            let waiters = WAITERS
                .iter()
                .map(|&(statement, share)| Waiter { statement: statement.to_owned(), load: load * share });
            blocking.blockers.push(Blocker {
                id: sql::digest(BLOCKER),
                statement: BLOCKER.to_owned(),
                session: Some(SESSION.to_owned()),
                object: Some(OBJECT.to_owned()),
                load,
                waiters: waiters.collect(),
            });
        }
        Ok(blocking)
    }
}
