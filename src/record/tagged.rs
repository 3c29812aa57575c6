//! Reading an internally tagged JSON object (`{"k":"whole","at":…}`) without buffering it.
//!
//! serde's derived `#[serde(tag = …)]` reads the whole object into its own buffer before it
//! knows which variant it is, which for a keyframe of an hour of metrics is several times the
//! line's size, held at once. Every line opsdeck writes names its tag first, so the tag is read
//! and the rest of the object is handed straight to the variant's fields; an object whose tag
//! comes later (written by hand, say) is read into a `serde_json::Map` first, as before.

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, MapAccess};

/// An object's tag, and the rest of its entries still to read.
pub struct Tagged<A> {
    pub tag: String,
    rest: Rest<A>,
}

enum Rest<A> {
    /// The tag came first: the entries after it, unread.
    Unread(A),
    /// The tag came later: every other entry, read.
    Read(serde_json::Map<String, serde_json::Value>),
}

impl<'de, A: MapAccess<'de>> Tagged<A> {
    /// Reads the tag named `name` from an object.
    pub fn read(mut map: A, name: &'static str) -> Result<Self, A::Error> {
        let Some(first) = map.next_key::<String>()? else { return Err(de::Error::missing_field(name)) };
        if first == name {
            let tag = map.next_value::<String>()?;
            return Ok(Self { tag, rest: Rest::Unread(map) });
        }
        let mut entries = serde_json::Map::new();
        entries.insert(first, map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
            entries.insert(key, value);
        }
        match entries.remove(name) {
            Some(serde_json::Value::String(tag)) => Ok(Self { tag, rest: Rest::Read(entries) }),
            Some(other) => Err(de::Error::invalid_type(unexpected(&other), &"a string")),
            None => Err(de::Error::missing_field(name)),
        }
    }

    /// The rest of the object as the fields of the tag's variant.
    pub fn fields<T: Deserialize<'de>>(self) -> Result<T, A::Error> {
        match self.rest {
            Rest::Unread(map) => T::deserialize(MapAccessDeserializer::new(map)),
            Rest::Read(entries) => T::deserialize(serde_json::Value::Object(entries)).map_err(de::Error::custom),
        }
    }

    /// The error for a tag that names no variant.
    pub fn unknown(&self, variants: &'static [&'static str]) -> A::Error {
        de::Error::unknown_variant(&self.tag, variants)
    }
}

fn unexpected(value: &serde_json::Value) -> de::Unexpected<'_> {
    match value {
        serde_json::Value::Null => de::Unexpected::Unit,
        serde_json::Value::Bool(b) => de::Unexpected::Bool(*b),
        serde_json::Value::Number(_) => de::Unexpected::Other("a number"),
        serde_json::Value::String(s) => de::Unexpected::Str(s),
        serde_json::Value::Array(_) => de::Unexpected::Seq,
        serde_json::Value::Object(_) => de::Unexpected::Map,
    }
}

/// Implements `Deserialize` for an internally tagged enum through `Tagged`: the tag's name,
/// what the enum is expected to be, and per variant its tag and how its fields are read.
macro_rules! deserialize_tagged {
    ($ty:ty, $tag:literal, $expecting:literal, { $($name:literal => |$t:ident| $make:expr),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visit;
                impl<'de> serde::de::Visitor<'de> for Visit {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$ty, A::Error> {
                        const VARIANTS: &[&str] = &[$($name),+];
                        let tagged = $crate::record::tagged::Tagged::read(map, $tag)?;
                        match tagged.tag.as_str() {
                            $($name => {
                                let $t = tagged;
                                $make
                            })+
                            _ => Err(tagged.unknown(VARIANTS)),
                        }
                    }
                }
                deserializer.deserialize_map(Visit)
            }
        }
    };
}
pub(crate) use deserialize_tagged;
