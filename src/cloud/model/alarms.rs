//! CloudWatch alarms: their states and comparisons, and the history of one alarm.

use super::Timestamp;

/// A CloudWatch alarm state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum AlarmState {
    /// Ordered first: what needs attention sorts to the top.
    Alarm,
    InsufficientData,
    Ok,
}

impl AlarmState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Alarm => "ALARM",
            Self::InsufficientData => "INSUFFICIENT_DATA",
            Self::Ok => "OK",
        }
    }
}

/// A CloudWatch metric alarm.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Alarm {
    pub name: String,
    pub region: String,
    pub state: AlarmState,
    pub reason: Option<String>,
    /// When the alarm last changed state.
    pub updated: Option<Timestamp>,
    pub namespace: Option<String>,
    pub metric: Option<String>,
    /// `Name=Value` pairs of the metric's dimensions.
    pub dimensions: Vec<(String, String)>,
    pub comparison: Option<Comparison>,
    pub threshold: Option<f64>,
    /// Whether the alarm runs its actions on a state change (`ActionsEnabled`): false while
    /// they are paused, when the alarm still changes state but notifies and scales nothing.
    /// Recordings made before it was kept read as enabled.
    #[serde(default = "enabled")]
    pub actions_enabled: bool,
}

fn enabled() -> bool {
    true
}

/// How an alarm compares its metric with the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Comparison {
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Greater => ">",
            Self::GreaterOrEqual => "≥",
            Self::Less => "<",
            Self::LessOrEqual => "≤",
        }
    }
}

/// What an alarm history entry records (`HistoryItemType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AlarmHistoryKind {
    /// The alarm changed state.
    StateUpdate,
    /// Someone changed the alarm's definition.
    ConfigurationUpdate,
    /// The alarm ran one of its actions (notification, scaling policy, …).
    Action,
}

impl AlarmHistoryKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::StateUpdate => "state",
            Self::ConfigurationUpdate => "config",
            Self::Action => "action",
        }
    }
}

/// One entry of a CloudWatch alarm's history (`DescribeAlarmHistory`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AlarmHistoryItem {
    pub at: Option<Timestamp>,
    pub kind: AlarmHistoryKind,
    /// CloudWatch's one-line summary, e.g. "Alarm updated from OK to ALARM".
    pub summary: String,
    /// (from, to) for a state update.
    pub transition: Option<(AlarmState, AlarmState)>,
}

#[cfg(test)]
mod tests {
    use super::Alarm;

    #[test]
    fn an_alarm_recorded_before_actions_were_kept_reads_as_enabled() {
        let old = r#"{"name":"a","region":"us-east-1","state":"Ok","reason":null,"updated":null,"namespace":null,
            "metric":null,"dimensions":[],"comparison":null,"threshold":null}"#;
        let alarm: Alarm = serde_json::from_str(old).unwrap();
        assert!(alarm.actions_enabled);
        let paused = Alarm { actions_enabled: false, ..alarm };
        let again: Alarm = serde_json::from_str(&serde_json::to_string(&paused).unwrap()).unwrap();
        assert!(!again.actions_enabled);
    }
}
