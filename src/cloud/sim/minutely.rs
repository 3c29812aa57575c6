//! The simulator's memo of answers that only read one-minute datapoints (metrics, and alarms
//! evaluated on them): per region, the last answer and the question, minute and interventions it
//! was for.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::world::World;
use crate::cloud::CloudError;
use crate::cloud::model::Timestamp;

/// The last answer per region of a call that only reads one-minute datapoints (metrics, and
/// alarms evaluated on them), and what it was the answer to. Past minutes never change
/// (interventions act from the moment they are made), so until the next minute the same
/// question under the same interventions gets the same answer: thousands of series are not
/// recomputed for five of six polls (and metrics, being shared, are not even copied).
#[derive(Debug)]
pub(super) struct Minutely<Q, A> {
    answers: Mutex<HashMap<String, Answered<Q, A>>>,
}

#[derive(Debug)]
pub(super) struct Answered<Q, A> {
    pub(super) minute: i64,
    pub(super) interventions: usize,
    pub(super) question: Q,
    pub(super) answer: A,
}

impl<Q, A> Default for Minutely<Q, A> {
    fn default() -> Self {
        Self { answers: Mutex::default() }
    }
}

impl<Q: PartialEq + Clone, A: Clone> Minutely<Q, A> {
    /// The answer for `region` at `now` under the interventions counted, from `compute` unless
    /// it is known. The count is taken before the question is asked (by `previous`, when the
    /// answer is stepped on from the one it found): an intervention made meanwhile leaves the
    /// answer under the count it was computed from, and the next call computes its own.
    pub(super) async fn answer<F>(
        &self,
        interventions: usize,
        region: &str,
        now: Timestamp,
        question: &Q,
        compute: F,
    ) -> Result<A, CloudError>
    where
        F: Future<Output = Result<A, CloudError>>,
    {
        let minute = World::minutes(now).1;
        let known = self.answers().get(region).and_then(|a| {
            let same = a.minute == minute && a.interventions == interventions && a.question == *question;
            same.then(|| a.answer.clone())
        });
        if let Some(answer) = known {
            return Ok(answer);
        }
        let answer = compute.await?;
        let answered = Answered { minute, interventions, question: question.clone(), answer: answer.clone() };
        self.answers().insert(region.to_owned(), answered);
        Ok(answer)
    }

    /// The interventions counted now, and the last answer for `region` to the same question
    /// under them with the minute it was for: what the next minute's answer can be stepped on
    /// from, to be kept (`answer`) under that count.
    pub(super) fn previous(&self, world: &World, region: &str, question: &Q) -> (usize, Option<(i64, A)>) {
        let interventions = world.journal.count();
        let answers = self.answers();
        let a = answers.get(region).filter(|a| a.interventions == interventions && a.question == *question);
        (interventions, a.map(|a| (a.minute, a.answer.clone())))
    }

    pub(super) fn answers(&self) -> MutexGuard<'_, HashMap<String, Answered<Q, A>>> {
        self.answers.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
