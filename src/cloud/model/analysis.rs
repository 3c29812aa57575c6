//! Performance analysis reports (`CreatePerformanceAnalysisReport` and the reports PI keeps):
//! a report covers a window of one instance and, once it has run, lists insights, each with
//! its severity, the statements it names and its recommendations.

use super::Timestamp;

/// Where a report is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReportStatus {
    Running,
    Succeeded,
    Failed,
    /// A status this version does not know, as PI wrote it.
    Other(String),
}

impl ReportStatus {
    pub fn label(&self) -> &str {
        match self {
            Self::Running => "RUNNING",
            Self::Succeeded => "SUCCEEDED",
            Self::Failed => "FAILED",
            Self::Other(s) => s,
        }
    }

    /// Whether PI is still working on it.
    pub fn is_running(&self) -> bool {
        *self == Self::Running
    }
}

/// One report as listed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportSummary {
    pub id: String,
    pub status: ReportStatus,
    pub created: Option<Timestamp>,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
}

/// How much an insight matters.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    High,
    Medium,
    Low,
    /// A severity this version does not know (or none), as PI wrote it.
    Other(String),
}

impl Severity {
    pub fn label(&self) -> &str {
        match self {
            Self::High => "HIGH",
            Self::Medium => "MEDIUM",
            Self::Low => "LOW",
            Self::Other(s) if s.is_empty() => "—",
            Self::Other(s) => s,
        }
    }
}

/// One recommendation of an insight.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Recommendation {
    pub description: Option<String>,
    pub details: Option<String>,
}

/// One insight of a report.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Insight {
    pub id: String,
    /// `HighDBLoad`, `DominatingSQLs`…
    pub kind: Option<String>,
    pub severity: Severity,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    pub description: Option<String>,
    /// The statements it names (from its data), heaviest first as PI gave them.
    pub statements: Vec<String>,
    pub recommendations: Vec<Recommendation>,
    /// The insights that support it (one level: theirs are folded into them).
    pub supporting: Vec<Insight>,
}

/// One report with its insights (none while it runs).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AnalysisReport {
    pub summary: ReportSummary,
    pub insights: Vec<Insight>,
}
