//! Finding a DB instance in a fleet by id, through the index built at the first lookup.

use opsdeck::cloud::model::{DbFleet, DbRole};

use crate::fixtures::instance;

#[test]
fn an_instance_is_found_by_id_even_after_the_fleet_changed() {
    let db = |id: &str| instance(id, "us-east-1", DbRole::Primary);
    let mut fleet = DbFleet::new(vec![db("a"), db("b")], Vec::new());
    assert_eq!(fleet.instance("b").map(|d| d.id.as_str()), Some("b"));
    fleet.instances.remove(0);
    fleet.instances.push(db("c"));
    assert_eq!(fleet.instance("b").map(|d| d.id.as_str()), Some("b"), "moved since indexed");
    assert_eq!(fleet.instance("c").map(|d| d.id.as_str()), Some("c"), "added since indexed");
    assert_eq!(fleet.instance("a"), None, "gone since indexed");
    assert_eq!(fleet, DbFleet::new(vec![db("b"), db("c")], Vec::new()), "the index takes no part in equality");
}
