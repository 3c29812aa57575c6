//! Who can reach a database over the network: the ingress rules of its VPC security groups, and
//! which of them let the whole internet (`0.0.0.0/0`, `::/0`) in on the database's port. The AWS
//! adapter maps `ec2:DescribeSecurityGroups` into `SecurityGroup`; the simulator builds them by
//! hand; both judge them with `SecurityGroup::open_on`.

/// One ingress rule of a security group, as far as exposure goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ingress {
    /// `tcp`, `udp`, `icmp`, a protocol number, or `-1` (every protocol, every port).
    pub protocol: String,
    /// The port range; None when the rule gives none (which AWS does only for `-1`).
    pub ports: Option<(i32, i32)>,
    /// The IPv4 and IPv6 CIDR blocks it admits (referenced groups and prefix lists are not the
    /// internet, so they are left out).
    pub cidrs: Vec<String>,
}

/// A VPC security group and its ingress rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityGroup {
    pub id: String,
    pub name: Option<String>,
    pub ingress: Vec<Ingress>,
}

/// A rule that lets the internet reach a database's port.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpenToWorld {
    /// The group's id, with its name when it has one: `sg-0a1b (legacy-reports)`.
    pub group: String,
    /// `0.0.0.0/0` or `::/0`.
    pub source: String,
    /// The rule's ports as it states them: `3306`, `0-65535`, `all traffic`.
    pub ports: String,
}

fn world(cidr: &str) -> bool {
    matches!(cidr.trim(), "0.0.0.0/0" | "::/0")
}

impl Ingress {
    /// Whether the rule lets TCP in on `port`, and how it says which ports.
    fn admits(&self, port: u16) -> Option<String> {
        let all = self.protocol == "-1";
        let tcp = all || self.protocol.eq_ignore_ascii_case("tcp") || self.protocol == "6";
        if !tcp {
            return None; // a DB endpoint speaks TCP only
        }
        match self.ports {
            _ if all => Some("all traffic".to_owned()),
            // Rules without a range admit every port (the safe reading of a malformed answer).
            None | Some((-1, _)) => Some("all ports".to_owned()),
            Some((from, to)) if (from..=to).contains(&i32::from(port)) => {
                Some(if from == to { from.to_string() } else { format!("{from}-{to}") })
            }
            Some(_) => None,
        }
    }
}

impl SecurityGroup {
    /// The rules that let the internet in on `port`.
    pub fn open_on(&self, port: u16) -> Vec<OpenToWorld> {
        let group = match &self.name {
            Some(name) => format!("{} ({name})", self.id),
            None => self.id.clone(),
        };
        self.ingress
            .iter()
            .filter_map(|rule| Some((rule, rule.admits(port)?)))
            .flat_map(|(rule, ports)| {
                rule.cidrs.iter().filter(|c| world(c)).map(move |c| (c.trim().to_owned(), ports.clone()))
            })
            .map(|(source, ports)| OpenToWorld { group: group.clone(), source, ports })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(protocol: &str, ports: Option<(i32, i32)>, cidrs: &[&str]) -> Ingress {
        Ingress { protocol: protocol.to_owned(), ports, cidrs: cidrs.iter().map(|c| (*c).to_owned()).collect() }
    }

    fn group(ingress: Vec<Ingress>) -> SecurityGroup {
        SecurityGroup { id: "sg-1".to_owned(), name: Some("db".to_owned()), ingress }
    }

    #[test]
    fn the_world_on_the_db_port_is_open_and_says_how() {
        let sg = group(vec![
            rule("tcp", Some((5432, 5432)), &["10.0.0.0/8", "0.0.0.0/0"]),
            rule("tcp", Some((0, 65535)), &["::/0"]),
            rule("-1", None, &["0.0.0.0/0"]),
        ]);
        let open = sg.open_on(5432);
        let seen: Vec<(&str, &str)> = open.iter().map(|o| (o.source.as_str(), o.ports.as_str())).collect();
        assert_eq!(seen, [("0.0.0.0/0", "5432"), ("::/0", "0-65535"), ("0.0.0.0/0", "all traffic")]);
        assert_eq!(open[0].group, "sg-1 (db)");
    }

    #[test]
    fn a_cidr_another_port_or_udp_is_not_the_world_on_the_port() {
        let sg = group(vec![
            rule("tcp", Some((5432, 5432)), &["10.0.0.0/8", "203.0.113.0/24"]),
            rule("tcp", Some((22, 22)), &["0.0.0.0/0"]),
            rule("udp", Some((0, 65535)), &["0.0.0.0/0"]),
            rule("tcp", Some((3300, 3399)), &["0.0.0.0/0"]),
        ]);
        assert!(sg.open_on(5432).is_empty());
        assert_eq!(sg.open_on(3306).len(), 1, "a range covering the port");
    }
}
