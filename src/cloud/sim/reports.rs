//! Performance analysis reports in the simulator: a report asked for (a write, journalled like
//! the others) runs for a virtual minute, then names the statement that dominated its window,
//! with a recommendation; in the slow-query scenario that is the slow statement.

use crate::cloud::CloudError;
use crate::cloud::model::{
    AnalysisReport, Insight, PiView, Recommendation, ReportStatus, ReportSummary, ResourceKey, Severity, Timestamp,
    Window,
};

use super::interventions::Action;
use super::noise::{at_secs, hash};
use super::sql::SLOW_STATEMENT;
use super::world::{Moment, World};

/// Virtual seconds a report runs before it has its insights.
const RUNS_FOR: f64 = 60.0;
/// The shortest and longest windows PI analyses.
const WINDOW_SECS: std::ops::RangeInclusive<i64> = 300..=6 * 24 * 3600;
/// A statement with at least this share of the load dominates it.
const DOMINATING: f64 = 0.25;

impl World {
    /// Checks a `CreatePerformanceAnalysisReport` as PI would.
    pub(super) fn plan_report(
        &self,
        instance: &ResourceKey,
        resource_id: &str,
        (start, end): (Timestamp, Timestamp),
        m: &Moment,
    ) -> Result<Action, CloudError> {
        let idx = self.pi_index(instance)?;
        if self.dbs[idx].base.resource_id.as_deref() != Some(resource_id) {
            return Err(CloudError::NotFound { what: format!("the PI resource {resource_id}") });
        }
        if !WINDOW_SECS.contains(&(end - start).num_seconds()) || end > m.at {
            let message = "InvalidArgumentException: the window must be 5 minutes to 6 days, in the past".to_owned();
            return Err(CloudError::Other { message });
        }
        Ok(Action::AnalysisReport { db: idx, start, end })
    }

    fn summary(&self, idx: usize, at: f64, (start, end): (Timestamp, Timestamp), tau: f64) -> ReportSummary {
        ReportSummary {
            id: format!("report-{:017x}", hash(&[self.seed, idx as u64, at.to_bits()]) >> 4),
            status: if tau - at < RUNS_FOR { ReportStatus::Running } else { ReportStatus::Succeeded },
            created: Some(at_secs(self.t0_secs() + at)),
            start: Some(start),
            end: Some(end),
        }
    }

    /// The reports of an instance made by `now`, newest first.
    pub fn analysis_reports(&self, key: &ResourceKey, now: Timestamp) -> Result<Vec<ReportSummary>, CloudError> {
        let idx = self.pi_index(key)?;
        let tau = self.moment_at(now).tau;
        let mut reports = self.journal.find(tau, |at, action| match action {
            Action::AnalysisReport { db, start, end } if *db == idx => Some(self.summary(idx, at, (*start, *end), tau)),
            _ => None,
        });
        reports.reverse();
        Ok(reports)
    }

    /// One report, with its insight once it has run.
    pub fn analysis_report(&self, key: &ResourceKey, id: &str, now: Timestamp) -> Result<AnalysisReport, CloudError> {
        let idx = self.pi_index(key)?;
        let summary = self
            .analysis_reports(key, now)?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| CloudError::NotFound { what: format!("analysis report {id}") })?;
        let insights = match (&summary.status, summary.start, summary.end) {
            (ReportStatus::Succeeded, Some(start), Some(end)) => self.dominating(idx, start, end).into_iter().collect(),
            _ => Vec::new(),
        };
        Ok(AnalysisReport { summary, insights })
    }

    /// The insight naming the statement that dominated the window, if one did.
    fn dominating(&self, idx: usize, start: Timestamp, end: Timestamp) -> Option<Insight> {
        let secs = (end - start).num_seconds();
        let window = Window::ALL.into_iter().min_by_key(|w| (w.secs() - secs).abs()).unwrap_or_default();
        let periods = self.periods(idx, PiView { window, ..PiView::default() }, end);
        let top = self.top_sql(idx, &periods);
        let total: f64 = top.iter().map(|s| s.load).sum();
        let first = top.first().filter(|s| total > 0.0 && s.load / total >= DOMINATING)?;
        let share = first.load / total * 100.0;
        let severity = if share >= 50.0 { Severity::High } else { Severity::Medium };
        let slow = first.statement == SLOW_STATEMENT.sql;
        let details = if slow {
            "It reads orders sequentially (Seq Scan on orders) since its plan changed: an index on \
             lower(customer_email) lets it use an index scan again."
        } else {
            "Look at its execution plan and its wait events: Enter on it in Top SQL."
        };
        Some(Insight {
            id: format!("insight-{:017x}", hash(&[self.seed, idx as u64, start.timestamp().cast_unsigned()]) >> 4),
            kind: Some("DominatingSQLs".to_owned()),
            severity,
            start: Some(start),
            end: Some(end),
            description: Some(format!(
                "One statement accounted for {share:.0}% of the DB load ({:.2} average active sessions) between {} and {} UTC.",
                first.load,
                start.format("%R"),
                end.format("%R")
            )),
            statements: vec![first.statement.clone()],
            recommendations: vec![Recommendation {
                description: Some(format!(
                    "Investigate the statement that contributed {share:.0}% of the total DB load: {}",
                    first.id
                )),
                details: Some(details.to_owned()),
            }],
            supporting: Vec::new(),
        })
    }
}
