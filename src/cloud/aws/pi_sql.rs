//! One top-SQL statement in full, when its detail view opens: its own DB load over the window
//! (`GetResourceMetrics` filtered to its digest) and its full text. PI keeps full texts per
//! statement (`db.sql`), not per digest, so the text takes two calls the first time: the
//! digest's heaviest statement (`DescribeDimensionKeys` on `db.sql` filtered by
//! `db.sql.tokenized_id`), then its text (`GetDimensionKeyDetails`, `db.sql.statement`).
//! Texts are kept, so opening it again is one call. Its execution plans come with it
//! (`pi_plans`).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use aws_sdk_pi::Client;
use aws_sdk_pi::types::{DimensionGroup, MetricQuery, ServiceType};

use super::errors::classify;
use super::pi_meta::{self, Known};
use super::pi_plans::{self, PlanTexts, available};
use super::pi_query::{DIGEST_ID, LOAD, Target, dimension, dimension_keys, request_error, window};
use crate::cloud::CloudError;
use crate::cloud::model::{PiView, SqlDetail, Timestamp};

const SQL_ID: &str = "db.sql.id";
const SQL_DIGEST: &str = "db.sql.tokenized_id";

/// Full statement texts already fetched, by (DbiResourceId, digest id).
pub type SqlTexts = Mutex<HashMap<(String, String), String>>;

/// What the adapter keeps between detail views: statement texts, plan texts, capabilities.
#[derive(Debug, Clone, Copy)]
pub struct Kept<'a> {
    pub texts: &'a SqlTexts,
    pub plans: &'a PlanTexts,
    pub known: &'a Known,
}

/// A digest's own load per period of the window.
async fn own_load(
    client: &Client,
    target: Target<'_>,
    (now, view): (Timestamp, PiView),
    digest: &str,
) -> Result<Vec<(Timestamp, f64)>, CloudError> {
    let (start, end, period) = window(now, view);
    let query = MetricQuery::builder().metric(LOAD).filter(DIGEST_ID, digest).build().map_err(request_error)?;
    let output = client
        .get_resource_metrics()
        .service_type(ServiceType::Rds)
        .identifier(target.resource_id)
        .metric_queries(query)
        .start_time(start)
        .end_time(end)
        .period_in_seconds(period)
        .send()
        .await
        .map_err(|e| classify(&e, "pi:GetResourceMetrics"))?;
    Ok(output
        .metric_list()
        .iter()
        .flat_map(aws_sdk_pi::types::MetricKeyDataPoints::data_points)
        .filter_map(|p| Some((Timestamp::from_timestamp(p.timestamp().secs(), 0)?, p.value())))
        .collect())
}

/// The `db.sql.id` of the heaviest statement of a digest in the window.
async fn statement_id(
    client: &Client,
    target: Target<'_>,
    (now, view): (Timestamp, PiView),
    digest: &str,
) -> Result<Option<String>, CloudError> {
    let by = DimensionGroup::builder().group("db.sql").dimensions(SQL_ID).limit(1).build().map_err(request_error)?;
    let output = dimension_keys(client, target, (now, view))
        .group_by(by)
        .filter(SQL_DIGEST, digest)
        .max_results(1)
        .send()
        .await
        .map_err(|e| classify(&e, "pi:DescribeDimensionKeys"))?;
    Ok(output.keys().first().and_then(|k| dimension(k, SQL_ID)).map(str::to_owned))
}

async fn full_text(client: &Client, resource_id: &str, sql_id: &str) -> Result<Option<String>, CloudError> {
    let output = client
        .get_dimension_key_details()
        .service_type(ServiceType::Rds)
        .identifier(resource_id)
        .group("db.sql")
        .group_identifier(sql_id)
        .requested_dimensions("statement")
        .send()
        .await
        .map_err(|e| classify(&e, "pi:GetDimensionKeyDetails"))?;
    Ok(available(&output))
}

/// The full text of a digest, fetched once. `None` when PI has none (yet): the view then shows
/// the list's text.
async fn text(
    client: &Client,
    target: Target<'_>,
    at: (Timestamp, PiView),
    digest: &str,
    texts: &SqlTexts,
) -> Result<Option<String>, CloudError> {
    let key = (target.resource_id.to_owned(), digest.to_owned());
    if let Some(text) = texts.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
        return Ok(Some(text.clone()));
    }
    let Some(sql_id) = statement_id(client, target, at, digest).await? else { return Ok(None) };
    let text = full_text(client, target.resource_id, &sql_id).await?;
    if let Some(text) = &text {
        texts.lock().unwrap_or_else(PoisonError::into_inner).insert(key, text.clone());
    }
    Ok(text)
}

/// One statement's detail: its load over the window, its full text where PI has it (a
/// failure to get the text keeps the load: the view says the text is unavailable), and its
/// execution plans.
pub async fn detail(
    client: &Client,
    target: Target<'_>,
    at: (Timestamp, PiView),
    digest: &str,
    kept: Kept<'_>,
) -> Result<SqlDetail, CloudError> {
    let capabilities = pi_meta::capabilities(client, target, kept.known).await;
    let (load, statement, plans) = tokio::join!(
        own_load(client, target, at, digest),
        text(client, target, at, digest, kept.texts),
        pi_plans::plans(client, target, at, digest, (&capabilities, kept.plans)),
    );
    let statement = statement.unwrap_or_else(|error| {
        tracing::warn!(%error, sql = %digest, "full SQL text unavailable");
        None
    });
    Ok(SqlDetail { instance: target.key.clone(), id: digest.to_owned(), statement, load: load?, plans })
}
