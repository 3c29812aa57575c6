//! Execution plans of one statement (`db.execution_plan`), where the engine reports them: each
//! plan with the load it carried over the window and its text, heaviest first.

/// One execution plan of a statement.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExecutionPlan {
    /// `db.execution_plan.id`.
    pub id: String,
    /// Average active sessions of the statement running with this plan over the window.
    pub load: f64,
    /// The plan's text (`db.execution_plan.raw_plan`), or `None` when PI has none (yet).
    pub text: Option<String>,
}

/// The plans of one statement over a window.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SqlPlans {
    /// Heaviest first; empty when the statement ran no reported plan in the window.
    pub plans: Vec<ExecutionPlan>,
    /// Why there are no plans at all: the engine does not report them (or they were not read).
    pub not_reported: Option<String>,
}

impl SqlPlans {
    /// No plans, and why.
    pub fn not_reported(why: impl Into<String>) -> Self {
        Self { plans: Vec::new(), not_reported: Some(why.into()) }
    }

    /// The share (0–1) of the statement's load a plan carried.
    pub fn share(&self, plan: &ExecutionPlan) -> Option<f64> {
        let total: f64 = self.plans.iter().map(|p| p.load).sum();
        (total > 0.0).then(|| plan.load / total)
    }
}
