//! The network rule: a database whose VPC security groups let the whole internet (`0.0.0.0/0`
//! or `::/0`) in on its port. Judged on every instance, Aurora members and replicas too, since
//! each has its own groups; a publicly accessible endpoint behind such a group is one connection
//! attempt away from anyone.

use super::{Outcome, RuleId};
use crate::cloud::model::DbInstance;

/// `db-port-open-to-world`: the first open rule, and how many more there are.
pub fn port_open(db: &DbInstance) -> Outcome {
    let Some(open) = &db.hardening.open_to_world else {
        return Outcome::unknown("whether its security groups admit the internet on its port was not reported");
    };
    let Some(first) = open.first() else { return Outcome::Pass };
    let port = db.hardening.port.map_or_else(|| "its port".to_owned(), |p| format!("port {p}"));
    let more = match open.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more rule)".to_owned(),
        n => format!(" (and {n} more rules)"),
    };
    Outcome::fail(
        RuleId::DbPortOpenToWorld,
        format!("{port} is open to the world: {} admits {} on {}{more}", first.group, first.source, first.ports),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::model::{DbRole, OpenToWorld};
    use crate::posture::fixtures::good;

    fn open(source: &str) -> OpenToWorld {
        OpenToWorld { group: "sg-1 (db)".to_owned(), source: source.to_owned(), ports: "5432".to_owned() }
    }

    #[test]
    fn an_open_rule_fires_critical_none_passes_and_unread_groups_are_not_evaluated() {
        let mut db = good("app", DbRole::Primary);
        assert_eq!(port_open(&db), Outcome::Pass);
        db.hardening.open_to_world = Some(vec![open("0.0.0.0/0"), open("::/0")]);
        assert_eq!(
            port_open(&db),
            Outcome::fail(
                RuleId::DbPortOpenToWorld,
                "port 5432 is open to the world: sg-1 (db) admits 0.0.0.0/0 on 5432 (and 1 more rule)"
            )
        );
        assert_eq!(RuleId::DbPortOpenToWorld.level(), crate::judging::Level::Critical);
        db.hardening.open_to_world = None;
        assert!(matches!(port_open(&db), Outcome::Unknown(_)));
    }
}
