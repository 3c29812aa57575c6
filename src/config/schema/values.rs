//! Hand-written schemas of the values that check themselves as they are read (their
//! `Deserialize` goes through `try_from`, which a derived schema cannot see): each accepts what
//! the `try_from` accepts, with the bounds taken from the same constants.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::patterns;
use crate::config::hub::Replicas;
use crate::config::sections::{Falling, Percent, PollSecs, Rising, RpoSecs};
use crate::config::values::{AccountId, ColourName, Label, ProfileName, Region};

/// A JsonSchema impl whose schema is `$schema`, named `$name`.
macro_rules! by_hand {
    ($type:ty, $name:literal, $schema:expr) => {
        impl JsonSchema for $type {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

by_hand!(
    PollSecs,
    "PollSecs",
    json_schema!({
        "description": "Seconds between two polls of a feed.",
        "type": "integer",
        "minimum": PollSecs::MIN,
        "maximum": PollSecs::MAX,
    })
);

by_hand!(
    RpoSecs,
    "RpoSecs",
    json_schema!({
        "description": "Seconds of DR backups that may be lost.",
        "type": "integer",
        "minimum": RpoSecs::MIN,
        "maximum": RpoSecs::MAX,
    })
);

by_hand!(
    Replicas,
    "Replicas",
    json_schema!({
        "description": "Replicas of the hub's stream and buckets: 3 on a three-node JetStream cluster.",
        "type": "integer",
        "minimum": Replicas::MIN,
        "maximum": Replicas::MAX,
    })
);

/// `{ warn = W, critical = C }`, each from 0 to `max` (which of the two comes first is said
/// by the parser: a schema cannot compare them).
fn limit(description: &str, max: f64) -> Schema {
    let bound = json_schema!({ "type": "number", "minimum": 0, "maximum": max });
    json_schema!({
        "description": description,
        "type": "object",
        "properties": { "warn": bound, "critical": bound },
        "required": ["warn", "critical"],
        "additionalProperties": false,
    })
}

by_hand!(Rising, "Rising", limit("A threshold where higher is worse: warn ≤ critical.", Rising::MAX));
by_hand!(Percent, "Percent", limit("A percentage where higher is worse: warn ≤ critical.", Percent::MAX));
by_hand!(Falling, "Falling", limit("A threshold where lower is worse: warn ≥ critical.", Falling::MAX));

by_hand!(
    ProfileName,
    "ProfileName",
    json_schema!({
        "description": "An AWS profile name: letters, digits and -_.@+=,/",
        "type": "string",
        "pattern": "^[A-Za-z0-9_.@+=,/-]{1,64}$",
    })
);

by_hand!(
    Region,
    "Region",
    json_schema!({
        "description": "An AWS region, e.g. \"us-east-1\".",
        "type": "string",
        "minLength": 6,
        "maxLength": 32,
        "pattern": "^[a-z0-9-]*-[a-z0-9-]*[0-9]$",
    })
);

by_hand!(
    ColourName,
    "ColourName",
    json_schema!({
        "description": "A colour: a name (\"red\", \"lightred\", \"darkgray\"), a 256-colour index or \"#rrggbb\".",
        "type": "string",
        "pattern": patterns::colour(),
    })
);

/// Control characters (`char::is_control`) in a character class.
const CONTROL: &str = r"\u0000-\u001F\u007F-\u009F";

by_hand!(
    Label,
    "Label",
    json_schema!({
        "description": "An environment label: 1 to 16 printable characters (spaces around it are dropped).",
        "type": "string",
        "pattern": format!(r"^[^\S{CONTROL}]*[^\s{CONTROL}](?:[^{CONTROL}]{{0,14}}[^\s{CONTROL}])?[^\S{CONTROL}]*$"),
    })
);

by_hand!(
    AccountId,
    "AccountId",
    json_schema!({
        "description": "A twelve-digit AWS account id.",
        "type": "string",
        "pattern": "^[0-9]{12}$",
    })
);
