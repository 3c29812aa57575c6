//! Runbook state as the screens see it: the confirm dialog with the plan it shows, and the runs
//! in progress or finished, moved along by the runner's reports.

use crate::cloud::model::{ResourceKey, Timestamp};
use crate::runbook::plan::{Plan, Request};
use crate::runbook::report::RunStatus;

/// Which field of the confirm dialog takes typed characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConfirmField {
    /// The scale-up target.
    #[default]
    Number,
    /// The identifier typed to confirm a high-risk plan.
    Word,
}

/// The confirm dialog: the request (every default resolved when it opened), the plan `update`
/// built for it (what the dialog shows and what runs when confirmed), the readers a cluster
/// failover may choose from, and what was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub request: Request,
    pub plan: Plan,
    /// For a cluster failover: its readers, lowest lag first.
    pub readers: Vec<String>,
    pub typed: String,
    pub field: ConfirmField,
    /// New data changed what the plan does since it was last confirmed-ready: the dialog says
    /// so, and the next confirm only acknowledges it.
    pub changed: bool,
    /// How many rows the plan is scrolled down by (PgDn/PgUp, and ↑/↓ where they change
    /// nothing else), when it is taller than the dialog; the dialog keeps it in range.
    pub scroll: u16,
    /// For a runbook file: its parameters (Tab moves between them and the prompt; ←/→, ↑/↓,
    /// digits or typing change the one in focus).
    pub fields: Vec<crate::runbook::book::fields::Field>,
    /// Which of `fields` has the focus; `fields.len()` is the prompt (`y` confirms there).
    pub focus: usize,
    /// Each of `fields` as the plan uses it (given or its default), rebuilt with the plan.
    pub shown: Vec<(String, String)>,
}

impl Confirm {
    pub fn new(request: Request, plan: Plan, readers: Vec<String>) -> Self {
        let field = if matches!(request, Request::ScaleUp { .. }) { ConfirmField::Number } else { ConfirmField::Word };
        Self {
            request,
            plan,
            readers,
            typed: String::new(),
            field,
            changed: false,
            scroll: 0,
            fields: Vec::new(),
            focus: 0,
            shown: Vec::new(),
        }
    }

    /// The parameter in focus, if the focus is not on the prompt.
    pub fn focused(&self) -> Option<&crate::runbook::book::fields::Field> {
        self.fields.get(self.focus)
    }

    /// What a runbook file's parameter is set to now: as given (typed, chosen), else as the
    /// plan has it.
    pub fn value(&self, name: &str) -> Option<&str> {
        let Request::Runbook { given, .. } = &self.request else { return None };
        given.iter().chain(&self.shown).find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// One run of a confirmed plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub id: u64,
    pub plan: Plan,
    /// The step being worked on (or the last one, once finished).
    pub step: usize,
    /// What the current wait last saw, e.g. "5/9 in service" or "42 %".
    pub progress: Option<String>,
    pub status: RunStatus,
    pub started: Timestamp,
    pub finished: Option<Timestamp>,
}

impl Run {
    pub fn is_active(&self) -> bool {
        self.status == RunStatus::Running
    }
}

/// The session's runs, oldest first, and the targets of those in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Runs {
    list: Vec<Run>,
    next_id: u64,
    /// The targets of active runs, kept beside the list for the planners' view.
    busy: Vec<ResourceKey>,
}

impl Default for Runs {
    fn default() -> Self {
        Self { list: Vec::new(), next_id: 1, busy: Vec::new() }
    }
}

impl Runs {
    /// Starts a run of `plan`: returns its id.
    pub fn start(&mut self, plan: Plan, started: Timestamp) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.list.push(Run { id, plan, step: 0, progress: None, status: RunStatus::Running, started, finished: None });
        self.refresh_busy();
        id
    }

    /// Changes one run; the busy targets follow.
    pub fn update<R>(&mut self, id: u64, change: impl FnOnce(&mut Run) -> R) -> Option<R> {
        let result = self.list.iter_mut().find(|r| r.id == id).map(change);
        self.refresh_busy();
        result
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Run> + ExactSizeIterator {
        self.list.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The targets of runs in progress.
    pub fn busy(&self) -> &[ResourceKey] {
        &self.busy
    }

    fn refresh_busy(&mut self) {
        self.busy = self.list.iter().filter(|r| r.is_active()).map(|r| r.plan.target.clone()).collect();
    }
}

impl std::ops::Index<usize> for Runs {
    type Output = Run;

    /// The `i`th run, oldest first.
    fn index(&self, i: usize) -> &Run {
        &self.list[i]
    }
}
