//! What every Performance Insights request of the focused instance shares: the instance, the
//! window in whole periods, the load metric and dimension names, and request errors.

use aws_sdk_pi::Client;
use aws_sdk_pi::operation::describe_dimension_keys::builders::DescribeDimensionKeysFluentBuilder;
use aws_sdk_pi::types::{DimensionGroup, DimensionKeyDescription, ServiceType};
use aws_smithy_types::DateTime;

use super::convert::floor_to;
use crate::cloud::CloudError;
use crate::cloud::model::{PiView, ResourceKey, Timestamp};

/// How many keys a list asks for.
pub const TOP: i32 = 10;
pub const LOAD: &str = "db.load.avg";
pub const DIGEST_ID: &str = "db.sql_tokenized.id";

/// The instance to ask about: its key, `DbiResourceId`, class (for a vCPU fallback) and engine
/// (which statistics to ask for).
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub key: &'a ResourceKey,
    pub resource_id: &'a str,
    pub class: Option<&'a str>,
    pub engine: &'a str,
}

/// The window in whole periods, and the period.
pub fn window(now: Timestamp, view: PiView) -> (DateTime, DateTime, i32) {
    let period = view.window.period_secs();
    let end = floor_to(now.timestamp(), period);
    (DateTime::from_secs(end - view.window.secs()), DateTime::from_secs(end), i32::try_from(period).unwrap_or(60))
}

/// A `DescribeDimensionKeys` of the target's DB load over the view's window, before its
/// grouping: every caller adds its own group, partition, filter and size.
pub fn dimension_keys(
    client: &Client,
    target: Target<'_>,
    (now, view): (Timestamp, PiView),
) -> DescribeDimensionKeysFluentBuilder {
    let (start, end, period) = window(now, view);
    client
        .describe_dimension_keys()
        .service_type(ServiceType::Rds)
        .identifier(target.resource_id)
        .metric(LOAD)
        .start_time(start)
        .end_time(end)
        .period_in_seconds(period)
}

pub fn request_error(e: impl std::fmt::Display) -> CloudError {
    CloudError::Other { message: format!("pi request: {e}") }
}

pub fn dimension<'a>(key: &'a DimensionKeyDescription, name: &str) -> Option<&'a str> {
    key.dimensions().and_then(|d| d.get(name)).map(String::as_str)
}

/// A dimension group of at most `TOP` keys, with the dimensions to return.
pub fn group(name: &str, dimensions: &[&str]) -> Result<DimensionGroup, CloudError> {
    let mut builder = DimensionGroup::builder().group(name).limit(TOP);
    for d in dimensions {
        builder = builder.dimensions(*d);
    }
    builder.build().map_err(request_error)
}
