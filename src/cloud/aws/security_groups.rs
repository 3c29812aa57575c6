//! Which DB instances their VPC security groups open to the internet: one
//! `ec2:DescribeSecurityGroups` per scope and refresh, for every distinct group the fleet's
//! instances name that is not cached (a `group-id` filter, 200 ids to a request, every page),
//! mapped into domain groups and judged on each instance's port. A group is kept for an hour
//! like the other hardening facts; one that could not be read (AccessDenied, a timeout, or EC2
//! does not know it) is asked again after five minutes and leaves its instances "not
//! evaluated" unless another of their groups is open.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use aws_sdk_ec2::types::{Filter, IpPermission, SecurityGroup as SdkGroup};
use chrono::Duration;

use super::errors::classify;
use crate::cloud::CloudError;
use crate::cloud::model::{DbFleet, Ingress, OpenToWorld, Scope, SecurityGroup, Timestamp};

/// EC2 takes up to 200 values in one filter.
pub const GROUPS_PER_CALL: usize = 200;

/// `DescribeSecurityGroups` calls (one page each) that look up `groups` distinct groups; a
/// refresh within the hour, with every group cached, sends none.
pub fn lookup_calls(groups: usize) -> usize {
    groups.div_ceil(GROUPS_PER_CALL)
}

/// A group until it goes stale; None when it could not be read.
type Cached = (Timestamp, Option<SecurityGroup>);

/// Every group looked up, by (scope, group id).
#[derive(Debug, Default)]
pub struct SecurityGroups(Mutex<HashMap<(Scope, String), Cached>>);

fn ingress(p: &IpPermission) -> Ingress {
    let v4 = p.ip_ranges().iter().filter_map(|r| r.cidr_ip());
    let v6 = p.ipv6_ranges().iter().filter_map(|r| r.cidr_ipv6());
    let ports = match (p.from_port(), p.to_port()) {
        (Some(from), Some(to)) => Some((from, to)),
        _ => None,
    };
    Ingress {
        protocol: p.ip_protocol().unwrap_or("-1").to_owned(),
        ports,
        cidrs: v4.chain(v6).map(str::to_owned).collect(),
    }
}

fn group(g: &SdkGroup) -> SecurityGroup {
    SecurityGroup {
        id: g.group_id().unwrap_or_default().to_owned(),
        name: g.group_name().map(str::to_owned),
        ingress: g.ip_permissions().iter().map(ingress).collect(),
    }
}

/// The groups EC2 returns for `ids`, by id.
async fn describe(ec2: &aws_sdk_ec2::Client, ids: &[String]) -> Result<HashMap<String, SecurityGroup>, CloudError> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(GROUPS_PER_CALL) {
        let filter = Filter::builder().name("group-id").set_values(Some(chunk.to_vec())).build();
        let mut pages = ec2.describe_security_groups().filters(filter).into_paginator().send();
        while let Some(page) = pages.try_next().await.map_err(|e| classify(&e, "ec2:DescribeSecurityGroups"))? {
            found.extend(page.security_groups().iter().map(group).map(|g| (g.id.clone(), g)));
        }
    }
    Ok(found)
}

/// The open rules of an instance's groups on its port; None when its port is not known, or when
/// a group is not known and none of the known ones is open.
fn exposure(
    ids: &[String],
    port: Option<u16>,
    known: &HashMap<String, Option<SecurityGroup>>,
) -> Option<Vec<OpenToWorld>> {
    let port = port?;
    let mut open = Vec::new();
    let mut unread = false;
    for id in ids {
        match known.get(id) {
            Some(Some(g)) => open.extend(g.open_on(port)),
            _ => unread = true,
        }
    }
    (!unread || !open.is_empty()).then_some(open)
}

/// The groups a fleet's instances name, as read or cached: `None` for one that could not be read.
#[derive(Debug, Default)]
pub struct GroupsRead(HashMap<String, Option<SecurityGroup>>);

impl GroupsRead {
    /// Sets `hardening.open_to_world` of every instance of the fleet the groups were read for.
    pub fn apply(&self, fleet: &mut DbFleet) {
        for db in fleet.instances_mut() {
            db.hardening.open_to_world = exposure(&db.hardening.security_groups, db.hardening.port, &self.0);
        }
    }
}

impl SecurityGroups {
    /// The groups every instance of a scope's fleet names; a group read is kept for `refresh`,
    /// one that could not be read for `retry` (the hardening cache's).
    pub async fn look_up(
        &self,
        ec2: &aws_sdk_ec2::Client,
        scope: &Scope,
        fleet: &DbFleet,
        (now, refresh, retry): (Timestamp, Duration, Duration),
    ) -> GroupsRead {
        let mut wanted: Vec<String> =
            fleet.instances.iter().flat_map(|db| db.hardening.security_groups.iter().cloned()).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut known = HashMap::new();
        let mut missing = Vec::new();
        {
            let cache = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            for id in wanted {
                match cache.get(&(scope.clone(), id.clone())) {
                    Some((until, g)) if *until > now => {
                        known.insert(id, g.clone());
                    }
                    _ => missing.push(id),
                }
            }
        }
        if !missing.is_empty() {
            let found = describe(ec2, &missing).await.map_err(|e| tracing::debug!("security groups: {e}"));
            let mut cache = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            for id in missing {
                let g = found.as_ref().ok().and_then(|f| f.get(&id).cloned());
                let until = now + if g.is_some() { refresh } else { retry };
                cache.insert((scope.clone(), id.clone()), (until, g.clone()));
                known.insert(id, g);
            }
        }
        GroupsRead(known)
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::{IpRange, Ipv6Range};

    use super::*;

    #[test]
    fn an_unread_group_hides_nothing_an_open_one_shows() {
        let world = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(5432)
            .to_port(5432)
            .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/8").build())
            .ipv6_ranges(Ipv6Range::builder().cidr_ipv6("::/0").build())
            .build();
        let open = group(&SdkGroup::builder().group_id("sg-open").ip_permissions(world).build());
        let closed = SecurityGroup { id: "sg-closed".to_owned(), name: None, ingress: Vec::new() };
        let known: HashMap<String, Option<SecurityGroup>> =
            [("sg-open".to_owned(), Some(open)), ("sg-closed".to_owned(), Some(closed)), ("sg-gone".to_owned(), None)]
                .into_iter()
                .collect();
        let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let both = exposure(&ids(&["sg-gone", "sg-open"]), Some(5432), &known).unwrap();
        assert_eq!((both.len(), both[0].source.as_str()), (1, "::/0"), "an open group is certain");
        assert_eq!(exposure(&ids(&["sg-closed"]), Some(5432), &known), Some(Vec::new()));
        assert_eq!(exposure(&ids(&["sg-closed", "sg-gone"]), Some(5432), &known), None, "not evaluated");
        assert_eq!(exposure(&ids(&["sg-open"]), None, &known), None, "no port, nothing to judge");
    }
}
