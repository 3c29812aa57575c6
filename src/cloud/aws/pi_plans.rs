//! The execution plans of one statement, when its detail view opens: `DescribeDimensionKeys`
//! grouped by `db.execution_plan` and filtered to the statement's digest (partitioned by the
//! digest: PI takes a filter on a dimension of the group or of the partition), then the text
//! of the two heaviest (`GetDimensionKeyDetails`, `db.execution_plan.raw_plan`). A plan's text
//! never changes, so each is fetched once. An engine that does not report plans is not asked.
//!
//! So opening a statement costs one call more, and two more the first time its plans are seen.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use aws_sdk_pi::Client;
use aws_sdk_pi::operation::get_dimension_key_details::GetDimensionKeyDetailsOutput;
use aws_sdk_pi::types::{DimensionKeyDescription, ServiceType};

use super::errors::classify;
use super::pi_meta::EXECUTION_PLAN;
use super::pi_query::{DIGEST_ID, TOP, Target, dimension, dimension_keys, group};
use crate::cloud::CloudError;
use crate::cloud::model::{Capabilities, Dimension, ExecutionPlan, PiView, SqlPlans, Timestamp};

/// Plan texts already fetched, by (DbiResourceId, plan id).
pub type PlanTexts = Mutex<HashMap<(String, String), String>>;

const PLAN_ID: &str = "db.execution_plan.id";
const RAW_PLAN: &str = "db.execution_plan.raw_plan";
/// The plans whose texts are fetched: the two compared side by side.
const WITH_TEXT: usize = 2;

/// The plans of the listed keys with their load, heaviest first (a key without an id is not
/// a plan).
pub fn plan_loads(keys: &[DimensionKeyDescription]) -> Vec<ExecutionPlan> {
    let mut plans: Vec<ExecutionPlan> = keys
        .iter()
        .filter_map(|k| {
            let id = dimension(k, PLAN_ID)?.to_owned();
            Some(ExecutionPlan { id, load: k.total().unwrap_or(0.0), text: None })
        })
        .collect();
    plans.sort_by(|a, b| b.load.total_cmp(&a.load));
    plans
}

/// The value of the first dimension PI says is available (`None` while it is processing, or
/// when PI has none).
pub fn available(output: &GetDimensionKeyDetailsOutput) -> Option<String> {
    output
        .dimensions()
        .iter()
        .find(|d| d.status().is_some_and(|s| s.as_str() == "AVAILABLE"))
        .and_then(|d| d.value())
        .map(str::to_owned)
}

async fn keys(
    client: &Client,
    target: Target<'_>,
    at: (Timestamp, PiView),
    digest: &str,
) -> Result<Vec<ExecutionPlan>, CloudError> {
    let output = dimension_keys(client, target, at)
        .group_by(group(EXECUTION_PLAN, &[PLAN_ID])?)
        .partition_by(group(Dimension::Sql.group(), &[DIGEST_ID])?)
        .filter(DIGEST_ID, digest)
        .max_results(TOP)
        .send()
        .await
        .map_err(|e| classify(&e, "pi:DescribeDimensionKeys"))?;
    Ok(plan_loads(output.keys()))
}

async fn text(client: &Client, resource_id: &str, plan_id: &str, texts: &PlanTexts) -> Option<String> {
    let key = (resource_id.to_owned(), plan_id.to_owned());
    if let Some(text) = texts.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
        return Some(text.clone());
    }
    let output = client
        .get_dimension_key_details()
        .service_type(ServiceType::Rds)
        .identifier(resource_id)
        .group(EXECUTION_PLAN)
        .group_identifier(plan_id)
        .requested_dimensions(RAW_PLAN)
        .send()
        .await
        .map_err(|e| classify(&e, "pi:GetDimensionKeyDetails"));
    let text = match output {
        Ok(output) => available(&output)?,
        Err(error) => {
            tracing::warn!(%error, plan = %plan_id, "execution plan text unavailable");
            return None;
        }
    };
    texts.lock().unwrap_or_else(PoisonError::into_inner).insert(key, text.clone());
    Some(text)
}

/// A statement's plans over the window with the texts of the two heaviest; what the engine
/// does not report, or a failure to list them, is said instead.
pub async fn plans(
    client: &Client,
    target: Target<'_>,
    at: (Timestamp, PiView),
    digest: &str,
    (capabilities, texts): (&Capabilities, &PlanTexts),
) -> SqlPlans {
    if let Some(why) = &capabilities.no_plans {
        return SqlPlans::not_reported(why.clone());
    }
    let mut plans = match keys(client, target, at, digest).await {
        Ok(plans) => plans,
        Err(error) => return SqlPlans::not_reported(format!("execution plans could not be read: {error}")),
    };
    let ids: Vec<String> = plans.iter().take(WITH_TEXT).map(|p| p.id.clone()).collect();
    let fetched =
        futures_util::future::join_all(ids.iter().map(|id| text(client, target.resource_id, id, texts))).await;
    for (plan, text) in plans.iter_mut().zip(fetched) {
        plan.text = text;
    }
    SqlPlans { plans, not_reported: None }
}
