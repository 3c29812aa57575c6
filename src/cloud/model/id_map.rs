//! Maps keyed by resource id (a DB instance, a cluster, a group): what a minute's metrics look
//! every instance of a fleet up in, several times each. Hashed with foldhash rather than
//! SipHash: the keys are the account's own resource names, not input an attacker chooses, and
//! at ten thousand instances SipHash was a tenth of applying a minute.

use std::collections::HashMap;

/// The hasher of `IdMap`: seeded per map, as the standard one is.
pub type IdHasher = foldhash::fast::RandomState;

/// A map keyed by resource id.
pub type IdMap<V> = HashMap<String, V, IdHasher>;

/// An empty map with room for `capacity` ids.
pub fn id_map<V>(capacity: usize) -> IdMap<V> {
    HashMap::with_capacity_and_hasher(capacity, IdHasher::default())
}
