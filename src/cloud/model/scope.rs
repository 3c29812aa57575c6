//! Where and when: the scope (profile and region) a resource lives in, the key that names a
//! resource across scopes, and the one timestamp type every snapshot is stamped with.

use std::fmt;

use chrono::{DateTime, Utc};

/// A point in time, always UTC.
pub type Timestamp = DateTime<Utc>;

/// Where a resource lives: an optional named profile (account) and a region.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Scope {
    pub profile: Option<String>,
    pub region: String,
}

impl Scope {
    pub fn region(region: impl Into<String>) -> Self {
        Self { profile: None, region: region.into() }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.profile {
            Some(profile) => write!(f, "{profile}/{}", self.region),
            None => f.write_str(&self.region),
        }
    }
}

/// A resource identifier qualified by the scope it lives in (ids are unique per region).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct ResourceKey {
    pub scope: Scope,
    pub id: String,
}

impl ResourceKey {
    pub fn new(scope: Scope, id: impl Into<String>) -> Self {
        Self { scope, id: id.into() }
    }
}

impl fmt::Display for ResourceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.id, self.scope)
    }
}
