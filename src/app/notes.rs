//! What the console writes down besides poll results: operator notes (into the recording and
//! the audit log) and every audit line, which also reaches the console as an entry so that the
//! recording and the Timeline tab have it.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::App;
use crate::cloud::Clock;
use crate::cloud::model::Timestamp;
use crate::event::Event;
use crate::record::Entry;
use crate::runbook::audit::{AuditLog, Note};
use crate::state::Notice;

impl App {
    /// A note: into the recording now; into the audit log off the loop (it syncs the file),
    /// whose line then comes back as `Event::Logged` like a run's.
    pub(super) fn keep_note(&self, at: Timestamp, who: String, text: String) {
        if let Some(recorder) = &self.recorder {
            recorder.record(Entry::Note { at, who: who.clone(), text: text.clone() });
        }
        let (audit, tx, backend) = (self.runner.audit.clone(), self.events_tx.clone(), self.inventory.label());
        tokio::task::spawn_blocking(move || {
            if let Err(error) = audit.append_note(&Note::new(at, &who, &backend, &text)) {
                tracing::error!(%error, "audit log: could not record a note");
                tx.send(Event::Notice(Notice::warn(format!("the note is not in the audit log: {error}")))).ok();
            }
        });
    }

    /// The audit lines written while the console stopped (runs recording that they were
    /// abandoned) are still queued: into the recording with them.
    pub(super) fn record_last_lines(&mut self) {
        while let Ok(event) = self.events.try_recv() {
            if let (Some(recorder), Event::Logged(entry)) = (&self.recorder, event) {
                recorder.record(entry);
            }
        }
    }
}

/// The audit log, with every line it writes also sent to the console as an entry (after any tee
/// it had), stamped with the backend's clock so that it falls in place among the poll results.
pub(super) fn logged(audit: AuditLog, clock: Arc<dyn Clock>, tx: mpsc::UnboundedSender<Event>) -> AuditLog {
    let before = audit.tee();
    audit.with_tee(Arc::new(move |line: &serde_json::Value| {
        if let Some(tee) = &before {
            tee(line);
        }
        // After quitting nobody listens; the line is in the log all the same.
        tx.send(Event::Logged(Entry::Audit { at: clock.now(), line: line.clone() })).ok();
    }))
}
