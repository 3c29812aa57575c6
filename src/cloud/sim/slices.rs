//! Who sends the load: the client hosts, database users, databases and applications each
//! engine's sessions come from, with their share of normal load, and where the slow-query
//! scenario's statement comes from (a reporting job, under its own user and application).

/// One key of a dimension and its share of normal load.
pub(super) type Share = (&'static str, f64);

/// The keys of one dimension: their shares, and the key the slow statement is attributed to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Keys {
    pub normal: &'static [Share],
    pub slow: &'static str,
}

const PG_HOSTS: Keys = Keys {
    normal: &[("10.0.11.24", 0.34), ("10.0.12.87", 0.31), ("10.0.13.40", 0.22), ("10.0.21.9", 0.13)],
    slow: "10.0.31.5",
};
const MYSQL_HOSTS: Keys =
    Keys { normal: &[("10.0.41.17", 0.46), ("10.0.42.63", 0.38), ("10.0.43.8", 0.16)], slow: "10.0.31.5" };

const PG_USERS: Keys = Keys { normal: &[("shop_app", 0.71), ("shop_ro", 0.21), ("rdsadmin", 0.08)], slow: "reporting" };
const MYSQL_USERS: Keys = Keys { normal: &[("jobs_rw", 0.83), ("rdsadmin", 0.17)], slow: "reporting" };

const PG_DATABASES: Keys = Keys { normal: &[("shop", 0.88), ("postgres", 0.12)], slow: "shop" };
const MYSQL_DATABASES: Keys = Keys { normal: &[("jobs", 0.74), ("events", 0.26)], slow: "events" };

const PG_APPLICATIONS: Keys = Keys {
    normal: &[("checkout-api", 0.41), ("cart-api", 0.29), ("catalog-sync", 0.18), ("pg_cron", 0.06), ("psql", 0.06)],
    slow: "metabase",
};

/// Client hosts.
pub(super) fn hosts(postgres: bool) -> Keys {
    if postgres { PG_HOSTS } else { MYSQL_HOSTS }
}

/// Database users.
pub(super) fn users(postgres: bool) -> Keys {
    if postgres { PG_USERS } else { MYSQL_USERS }
}

/// Databases.
pub(super) fn databases(postgres: bool) -> Keys {
    if postgres { PG_DATABASES } else { MYSQL_DATABASES }
}

/// Applications (`application_name`): PostgreSQL reports them, MySQL does not.
pub(super) fn applications(postgres: bool) -> Option<Keys> {
    postgres.then_some(PG_APPLICATIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_the_whole() {
        for postgres in [true, false] {
            let mut all = vec![hosts(postgres), users(postgres), databases(postgres)];
            all.extend(applications(postgres));
            for keys in all {
                let sum: f64 = keys.normal.iter().map(|(_, s)| s).sum();
                assert!((sum - 1.0).abs() < 1e-9, "{keys:?}");
            }
        }
        assert!(applications(false).is_none());
    }
}
