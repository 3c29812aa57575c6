//! A console in the war room (`opsdeck --hub`): its runs take their locks through the hub's
//! NATS, its audit lines and notes are shared, and the other consoles' come back into its
//! Runs panel and Timeline.

use std::sync::Arc;

use super::App;
use crate::hub::war::WarRoom;
use crate::runbook::lock::TargetLocks;

impl App {
    /// Joins the war room: from now on every run takes its target's lock, and every audit line
    /// written is also published; the other consoles' lines arrive as events.
    pub fn share(&mut self, war: &WarRoom) {
        self.runner.locks = Some(Arc::new(war.locks.clone()) as Arc<dyn TargetLocks>);
        let sink = war.publisher();
        let before = self.runner.audit.tee();
        let clock = Arc::clone(&self.clock);
        let audit = self.runner.audit.clone().with_tee(Arc::new(move |line: &serde_json::Value| {
            if let Some(tee) = &before {
                tee(line);
            }
            // A console whose NATS is gone still writes its own log.
            sink.send((clock.now(), line.clone())).ok();
        }));
        self.runner.audit = audit;
        self.war_task = Some(war.follow(self.events_tx.clone()));
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(task) = &self.war_task {
            task.abort();
        }
    }
}
