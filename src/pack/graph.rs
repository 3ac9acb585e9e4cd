//! The dependency graph of conditions: compiled once per pack so applicability is one pass
//! over the questions in an order where every question comes after those it reads.

use std::collections::BTreeMap;

use super::{Condition, PackError, Question};

/// A condition with question ids replaced by positions in the pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Compiled {
    Equals {
        question: usize,
        value: String,
    },
    In {
        question: usize,
        values: Vec<String>,
    },
    Answered {
        question: usize,
        answered: bool,
    },
    All(Vec<Compiled>),
    Any(Vec<Compiled>),
    Not(Box<Compiled>),
}

/// The conditions of a pack, compiled, with an evaluation order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Graph {
    /// Question positions, each after every question its condition reads; otherwise in
    /// document order.
    pub(crate) order: Vec<usize>,
    /// The compiled condition of each question, by position.
    pub(crate) compiled: Vec<Option<Compiled>>,
    /// The questions whose condition reads each question, by position.
    pub(crate) dependents: Vec<Vec<usize>>,
}

impl Graph {
    /// Compiles the conditions of `questions` and orders them.
    ///
    /// # Errors
    ///
    /// [`PackError::ConditionCycle`] when a question depends on itself through any chain.
    pub(crate) fn build(questions: &[Question]) -> Result<Graph, PackError> {
        let index: BTreeMap<&str, usize> = crate::btree::map(
            (questions.iter().enumerate())
                .map(|(position, question)| (question.id.as_str(), position)),
        );

        let compiled: Vec<Option<Compiled>> = questions
            .iter()
            .map(|question| question.when.as_ref().map(|when| compile(when, &index)))
            .collect();
        let mut reads: Vec<Vec<usize>> = compiled
            .iter()
            .map(|condition| {
                let mut targets = Vec::new();
                if let Some(condition) = condition {
                    collect_targets(condition, &mut targets);
                }
                targets.sort_unstable();
                targets.dedup();
                targets
            })
            .collect();

        let mut dependents = vec![Vec::new(); questions.len()];
        for (position, targets) in reads.iter().enumerate() {
            for &target in targets {
                dependents[target].push(position);
            }
        }

        let order = topological_order(&mut reads, questions)?;
        Ok(Graph {
            order,
            compiled,
            dependents,
        })
    }
}

fn compile(condition: &Condition, index: &BTreeMap<&str, usize>) -> Compiled {
    // The checks ran first: every question a condition names exists.
    let position = |id: &str| {
        *index
            .get(id)
            .expect("invariant: conditions were checked to name existing questions")
    };
    match condition {
        Condition::Equals { question, value } => Compiled::Equals {
            question: position(question.as_str()),
            value: crate::text::nfc(value),
        },
        Condition::In { question, values } => Compiled::In {
            question: position(question.as_str()),
            values: values.iter().map(|value| crate::text::nfc(value)).collect(),
        },
        Condition::Answered { question, answered } => Compiled::Answered {
            question: position(question.as_str()),
            answered: *answered,
        },
        Condition::All(conditions) => Compiled::All(
            conditions
                .iter()
                .map(|condition| compile(condition, index))
                .collect(),
        ),
        Condition::Any(conditions) => Compiled::Any(
            conditions
                .iter()
                .map(|condition| compile(condition, index))
                .collect(),
        ),
        Condition::Not(condition) => Compiled::Not(Box::new(compile(condition, index))),
    }
}

fn collect_targets(condition: &Compiled, targets: &mut Vec<usize>) {
    match condition {
        Compiled::Equals { question, .. }
        | Compiled::In { question, .. }
        | Compiled::Answered { question, .. } => targets.push(*question),
        Compiled::All(conditions) | Compiled::Any(conditions) => {
            for condition in conditions {
                collect_targets(condition, targets);
            }
        }
        Compiled::Not(condition) => collect_targets(condition, targets),
    }
}

/// A depth-first post-order over `reads`, in document order, without recursion: a pack may
/// hold long chains and the browser's stack is small.
fn topological_order(
    reads: &mut [Vec<usize>],
    questions: &[Question],
) -> Result<Vec<usize>, PackError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks = vec![Mark::New; reads.len()];
    let mut order = Vec::with_capacity(reads.len());
    let mut stack: Vec<(usize, usize)> = Vec::new();

    for start in 0..reads.len() {
        if marks[start] != Mark::New {
            continue;
        }
        marks[start] = Mark::Open;
        stack.push((start, 0));
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&target) = reads[node].get(*next) {
                *next += 1;
                match marks[target] {
                    Mark::Done => {}
                    Mark::New => {
                        marks[target] = Mark::Open;
                        stack.push((target, 0));
                    }
                    Mark::Open => {
                        let from = stack
                            .iter()
                            .position(|&(open, _)| open == target)
                            .expect("invariant: an open question is on the stack");
                        let mut cycle: Vec<&str> = stack[from..]
                            .iter()
                            .map(|&(open, _)| questions[open].id.as_str())
                            .collect();
                        cycle.push(questions[target].id.as_str());
                        return Err(PackError::ConditionCycle {
                            cycle: cycle.join(" → "),
                        });
                    }
                }
            } else {
                marks[node] = Mark::Done;
                order.push(node);
                stack.pop();
            }
        }
    }
    Ok(order)
}
