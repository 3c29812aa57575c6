//! What a `choice` parameter chooses from besides a cluster's readers: instance classes (the
//! current class's family, its sizes and newer generations) and the Availability Zones of a
//! cluster's region, each AZ with how many of the cluster's members are in it.

use crate::cloud::model::ResourceKey;
use crate::runbook::fleet::FleetView;

/// The sizes a family's memory- and general-purpose classes come in, smallest first.
const SIZES: [&str; 7] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];
/// The burstable sizes.
const BURSTABLE: [&str; 4] = ["micro", "small", "medium", "large"];
/// The generations of a family by processor, oldest first: Graviton, then Intel.
const GRAVITON: [&str; 3] = ["6g", "7g", "8g"];
const INTEL: [&str; 3] = ["5", "6i", "7i"];
const BURSTABLE_GENERATIONS: [&str; 2] = ["3", "4g"];

/// `db.r6g.2xlarge` → ("r", "6g", "2xlarge").
fn parts(class: &str) -> Option<(&str, &str, &str)> {
    let mut it = class.strip_prefix("db.")?.split('.');
    let (family, size) = (it.next()?, it.next()?);
    let letter = family.get(..1)?;
    Some((letter, &family[1..], size))
}

/// The classes offered for an instance of class `current`: every size of the same family
/// (r, m or t) on the same processor in this and the newer generations, `current` among them.
/// Unknown shapes (`db.serverless`) offer themselves alone.
pub fn classes(current: &str) -> Vec<String> {
    let Some((letter, generation, _)) = parts(current) else {
        return if current.is_empty() { Vec::new() } else { vec![current.to_owned()] };
    };
    let (generations, sizes): (&[&str], &[&str]) = match letter {
        "t" => (&BURSTABLE_GENERATIONS, &BURSTABLE),
        "r" | "m" if GRAVITON.contains(&generation) => (&GRAVITON, &SIZES),
        "r" | "m" => (&INTEL, &SIZES),
        _ => return vec![current.to_owned()],
    };
    let Some(from) = generations.iter().position(|g| *g == generation) else { return vec![current.to_owned()] };
    let mut out: Vec<String> =
        generations[from..].iter().flat_map(|g| sizes.iter().map(move |s| format!("db.{letter}{g}.{s}"))).collect();
    if !out.iter().any(|c| c == current) {
        out.insert(0, current.to_owned());
    }
    out
}

/// One size up in the same family and generation: `db.r6g.large` → `db.r6g.xlarge`; `None`
/// at the largest size or for a class of unknown shape.
pub fn next_class(current: &str) -> Option<String> {
    let (letter, generation, size) = parts(current)?;
    let sizes: &[&str] = if letter == "t" { &BURSTABLE } else { &SIZES };
    let at = sizes.iter().position(|s| *s == size)?;
    sizes.get(at + 1).map(|s| format!("db.{letter}{generation}.{s}"))
}

/// The AZs of the cluster's region that the data on screen knows (where any instance of the
/// region is, or its standby), each with how many of the cluster's members are in it, in name
/// order.
pub fn cluster_azs(fleet: &FleetView<'_>, cluster: &ResourceKey) -> Vec<(String, usize)> {
    let members: Vec<&str> =
        fleet.cluster(cluster).map(|c| c.members.iter().map(|m| m.instance_id.as_str()).collect()).unwrap_or_default();
    let mut azs: Vec<(String, usize)> = Vec::new();
    for db in fleet.instances().filter(|db| db.region == cluster.scope.region) {
        let member = members.contains(&db.id.as_str());
        for (az, counts) in [(db.az.as_deref(), member), (db.secondary_az.as_deref(), false)] {
            let Some(az) = az else { continue };
            match azs.iter_mut().find(|(name, _)| name == az) {
                Some(entry) => entry.1 += usize::from(counts),
                None => azs.push((az.to_owned(), usize::from(counts))),
            }
        }
    }
    azs.sort();
    azs
}

/// The AZ with the fewest of the cluster's members (the first by name among equals).
pub fn fewest_az(azs: &[(String, usize)]) -> Option<&str> {
    azs.iter().min_by_key(|(_, n)| *n).map(|(az, _)| az.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_the_family_its_sizes_and_newer_generations() {
        let offered = classes("db.r6g.2xlarge");
        assert_eq!(offered.len(), 21);
        assert_eq!(offered[..4], ["db.r6g.large", "db.r6g.xlarge", "db.r6g.2xlarge", "db.r6g.4xlarge"]);
        assert!(offered.contains(&"db.r7g.2xlarge".to_owned()) && offered.contains(&"db.r8g.16xlarge".to_owned()));
        assert!(!offered.iter().any(|c| c.starts_with("db.r5") || c.starts_with("db.m")), "{offered:?}");
        assert_eq!(classes("db.m5.large")[0], "db.m5.large");
        assert!(classes("db.m5.large").contains(&"db.m6i.xlarge".to_owned()));
        assert_eq!(classes("db.t4g.medium"), ["db.t4g.micro", "db.t4g.small", "db.t4g.medium", "db.t4g.large"]);
        assert_eq!(classes("db.serverless"), ["db.serverless"]);
        assert_eq!(classes("db.x2g.24xlarge"), ["db.x2g.24xlarge"], "an unknown family offers itself");
        assert_eq!(classes("db.r6g.24xlarge")[0], "db.r6g.24xlarge", "the current class is always offered");
    }

    #[test]
    fn the_next_class_is_one_size_up() {
        assert_eq!(next_class("db.r6g.large").as_deref(), Some("db.r6g.xlarge"));
        assert_eq!(next_class("db.r7g.4xlarge").as_deref(), Some("db.r7g.8xlarge"));
        assert_eq!(next_class("db.t3.medium").as_deref(), Some("db.t3.large"));
        assert_eq!(next_class("db.r6g.16xlarge"), None);
        assert_eq!(next_class("db.serverless"), None);
    }

    #[test]
    fn the_fewest_az_is_the_first_of_the_least_used() {
        let azs = [("us-east-1a".to_owned(), 1), ("us-east-1b".to_owned(), 0), ("us-east-1c".to_owned(), 0)];
        assert_eq!(fewest_az(&azs), Some("us-east-1b"));
        assert_eq!(fewest_az(&[]), None);
    }
}
