//! Execution plans in the simulator, where the engine reports them (PostgreSQL engines here):
//! each statement runs one plan, shaped from its text; in the slow-query scenario the slow
//! statement has two, the index scan it ran with before and the sequential scan the planner
//! switched to, which is slower and carries nearly all of its load.

use crate::cloud::model::{ExecutionPlan, SqlPlans};

use super::noise::{key_of, mix};
use super::sql::SLOW_STATEMENT;

/// The plan the slow statement ran with before the scenario: cheap, an index scan.
const OLD_PLAN: &str = "Limit  (cost=0.56..12.61 rows=25 width=212)
  ->  Index Scan Backward using orders_customer_email_created_at_idx on orders  (cost=0.56..48.71 rows=100 width=212)
        Index Cond: (lower(customer_email) = $1)";
/// The plan it switched to: the expression index was dropped, so it reads the whole table.
const NEW_PLAN: &str = "Limit  (cost=431250.10..431250.16 rows=25 width=212)
  ->  Sort  (cost=431250.10..431312.60 rows=25000 width=212)
        Sort Key: created_at DESC
        ->  Seq Scan on orders  (cost=0.00..430625.00 rows=25000 width=212)
              Filter: (lower(customer_email) = $1)";
/// Of the slow statement's load, how much still runs with the old plan.
const OLD_SHARE: f64 = 0.06;

/// A plan id shaped like Aurora PostgreSQL's `db.execution_plan.id` (a signed 64-bit hash).
fn plan_id(text: &str) -> String {
    mix(key_of(text)).cast_signed().to_string()
}

/// The single plan an ordinary statement runs, from what it does to which table.
fn ordinary(sql: &str) -> String {
    let words: Vec<&str> = sql.split_whitespace().collect();
    let after = |word: &str| {
        words
            .iter()
            .position(|w| w.eq_ignore_ascii_case(word))
            .and_then(|i| words.get(i + 1))
            .map_or("t", |t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '_'))
    };
    let verb = words.first().map(|w| w.to_ascii_uppercase()).unwrap_or_default();
    match verb.as_str() {
        "SELECT" | "WITH" => {
            let table = after("FROM");
            format!("Index Scan using {table}_pkey on {table}  (cost=0.43..8.45 rows=1 width=64)")
        }
        "INSERT" => format!(
            "Insert on {}  (cost=0.00..0.01 rows=1 width=48)\n  ->  Result  (cost=0.00..0.01 rows=1 width=48)",
            after("INTO")
        ),
        "UPDATE" => {
            let table = after("UPDATE");
            format!(
                "Update on {table}  (cost=0.43..8.45 rows=0 width=0)\n  ->  Index Scan using {table}_pkey on {table}  (cost=0.43..8.45 rows=1 width=14)"
            )
        }
        "DELETE" => {
            let table = after("FROM");
            format!(
                "Delete on {table}  (cost=0.00..1210.00 rows=0 width=0)\n  ->  Seq Scan on {table}  (cost=0.00..1210.00 rows=200 width=6)"
            )
        }
        _ => "Result  (cost=0.00..0.01 rows=1 width=0)".to_owned(),
    }
}

/// The plans of a statement given its load over the window.
pub(super) fn plans(sql: &str, load: f64) -> SqlPlans {
    let plan = |text: String, load: f64| ExecutionPlan { id: plan_id(&text), load, text: Some(text) };
    let plans = if sql == SLOW_STATEMENT.sql {
        vec![plan(NEW_PLAN.to_owned(), load * (1.0 - OLD_SHARE)), plan(OLD_PLAN.to_owned(), load * OLD_SHARE)]
    } else {
        vec![plan(ordinary(sql), load)]
    };
    SqlPlans { plans, not_reported: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slow_statement_has_two_plans_and_the_new_one_carries_the_load() {
        let found = plans(SLOW_STATEMENT.sql, 2.0);
        assert_eq!(found.plans.len(), 2);
        assert!(found.plans[0].load > found.plans[1].load * 10.0);
        assert!(found.plans[0].text.as_deref().is_some_and(|t| t.contains("Seq Scan on orders")));
        assert_ne!(found.plans[0].id, found.plans[1].id);
        let one = plans("UPDATE sessions SET last_seen_at = now() WHERE token = $1", 0.3);
        assert_eq!(one.plans.len(), 1);
        assert!(one.plans[0].text.as_deref().is_some_and(|t| t.starts_with("Update on sessions")));
    }
}
