//! Finding a DB instance in a fleet by id, through the index built at the first lookup.

use opsdeck::cloud::model::{DbFleet, DbRole};

use crate::fixtures::instance;

#[test]
fn an_instance_is_found_by_id_even_after_the_fleet_changed() {
    let db = |id: &str| instance(id, "us-east-1", DbRole::Primary);
    let mut fleet = DbFleet::new(vec![db("a"), db("b")], Vec::new());
    assert_eq!(fleet.instance("b").map(|d| d.id.as_str()), Some("b"));
    fleet.instances_mut().remove(0);
    fleet.instances_mut().push(db("c"));
    assert_eq!(fleet.instance("b").map(|d| d.id.as_str()), Some("b"), "moved since indexed");
    assert_eq!(fleet.instance("c").map(|d| d.id.as_str()), Some("c"), "added since indexed");
    assert_eq!(fleet.instance("a"), None, "gone since indexed");
    assert_eq!(fleet, DbFleet::new(vec![db("b"), db("c")], Vec::new()), "the index takes no part in equality");
}

#[test]
fn a_copy_of_a_fleet_shares_its_instances_until_one_of_them_is_changed() {
    let db = |id: &str| instance(id, "us-east-1", DbRole::Primary);
    let fleet = DbFleet::new(vec![db("a"), db("b")], Vec::new());
    assert_eq!(fleet.instance("b").map(|d| d.id.as_str()), Some("b"));
    let mut copy = fleet.clone();
    assert!(std::sync::Arc::ptr_eq(&copy.instances, &fleet.instances), "a clone is a reference count");
    assert_eq!(copy, fleet);
    copy.instances_mut()[1].id = "c".to_owned();
    assert!(!std::sync::Arc::ptr_eq(&copy.instances, &fleet.instances));
    assert_eq!(fleet.instance("b").map(|d| d.id.as_str()), Some("b"), "the fleet copied from is as it was");
    assert_eq!((copy.instance("c").map(|d| d.id.as_str()), copy.instance("b")), (Some("c"), None));
    assert_ne!(copy, fleet);
}
