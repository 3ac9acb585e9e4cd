//! Property tests of the workflow: whatever is tried, in whatever order, services never start
//! without a contract and an accepting decision or a risk acceptance in force, and every
//! record reached reads back intact.

#[path = "support/vendors.rs"]
mod vendors;

use croqual::assessment::{Outcome, Tier};
use croqual::attest::Digest;
use croqual::workflow::{
    AgreementStatus, Command, KeySource, ServiceConclusion, Stage, VendorRecord,
};
use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use proptest::test_runner::Config;
use vendors::*;

/// Something a person might try, with the parameters that matter.
#[derive(Clone, Debug)]
enum Move {
    CompleteIdentification,
    ConcludeServiceQualification {
        conclusion: ServiceConclusion,
        agreement: AgreementStatus,
    },
    PinKey {
        other: bool,
    },
    ReplaceKey {
        other: bool,
    },
    Receive {
        outcome: Outcome,
        other_key: bool,
        tier: Tier,
    },
    Decide {
        outcome: Outcome,
        day: i64,
        on_current: bool,
    },
    AcceptRisk {
        from: i64,
        days: i64,
    },
    SignContract {
        day: i64,
    },
    StartServices {
        day: i64,
    },
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        Just(Outcome::Accepted),
        Just(Outcome::AcceptedWithCorrectiveActions),
        Just(Outcome::Rejected),
    ]
}

/// Moves weighted so that random sequences often get far; dates are days after the previous
/// dated move (or before it, sometimes), as a person's work moves on.
fn a_move() -> impl Strategy<Value = Move> {
    let day = -5_i64..40;
    prop_oneof![
        2 => Just(Move::CompleteIdentification),
        2 => (
            prop_oneof![
                Just(ServiceConclusion::Pending),
                Just(ServiceConclusion::Qualified),
                Just(ServiceConclusion::Qualified),
                Just(ServiceConclusion::NotQualified),
            ],
            prop_oneof![
                Just(AgreementStatus::NotStarted),
                Just(AgreementStatus::Signed),
                Just(AgreementStatus::Signed),
            ]
        )
            .prop_map(|(conclusion, agreement)| Move::ConcludeServiceQualification {
                conclusion,
                agreement
            }),
        2 => any::<bool>().prop_map(|other| Move::PinKey { other }),
        1 => any::<bool>().prop_map(|other| Move::ReplaceKey { other }),
        2 => (outcome(), prop::bool::weighted(0.2), prop::sample::select(Tier::ALL.to_vec()))
            .prop_map(|(outcome, other_key, tier)| Move::Receive {
                outcome,
                other_key,
                tier
            }),
        3 => (outcome(), day.clone(), prop::bool::weighted(0.9)).prop_map(
            |(outcome, day, on_current)| Move::Decide {
                outcome,
                day,
                on_current
            }
        ),
        2 => (day.clone(), 1_i64..200).prop_map(|(from, days)| Move::AcceptRisk { from, days }),
        3 => day.clone().prop_map(|day| Move::SignContract { day }),
        3 => day.prop_map(|day| Move::StartServices { day }),
    ]
}

/// The step the vendor's stage waits for, with what it can take from `step`'s parameters:
/// half the moves follow the process, so that sequences get far, with dates and outcomes
/// still random enough to hit the guards.
fn follow(record: &VendorRecord, step: &Move) -> Move {
    let (outcome, day, flag) = match *step {
        Move::Receive {
            outcome, other_key, ..
        } => (outcome, 3, other_key),
        Move::Decide {
            outcome,
            day,
            on_current,
        } => (outcome, day, on_current),
        Move::AcceptRisk { from, .. } => (Outcome::Rejected, from, true),
        Move::SignContract { day } | Move::StartServices { day } => (Outcome::Accepted, day, false),
        Move::PinKey { other } | Move::ReplaceKey { other } => (Outcome::Accepted, 1, other),
        Move::CompleteIdentification | Move::ConcludeServiceQualification { .. } => {
            (Outcome::AcceptedWithCorrectiveActions, 1, false)
        }
    };
    match record.stage() {
        Stage::Identification => Move::CompleteIdentification,
        Stage::ServiceQualification if record.keys().current.is_none() => {
            Move::PinKey { other: false }
        }
        Stage::ServiceQualification => Move::ConcludeServiceQualification {
            conclusion: ServiceConclusion::Qualified,
            agreement: AgreementStatus::Signed,
        },
        Stage::CybersecurityAssessment | Stage::InService => Move::Receive {
            outcome,
            other_key: false,
            tier: Tier::Tier2,
        },
        Stage::Evaluation | Stage::Reassessment => Move::Decide {
            outcome: outcome.min(
                record
                    .current_submission()
                    .map_or(outcome, |current| current.recomputed_outcome),
            ),
            day,
            on_current: true,
        },
        Stage::ContractSignature => Move::SignContract { day },
        Stage::StartOfServices => Move::StartServices { day },
        Stage::Stopped if flag => Move::AcceptRisk {
            from: day,
            days: 60,
        },
        Stage::Stopped => Move::Receive {
            outcome,
            other_key: false,
            tier: Tier::Tier3,
        },
    }
}

/// What the moves so far have led to: how many submissions were sent, and the date.
#[derive(Default)]
struct Progress {
    received: u32,
    day: i64,
}

impl Progress {
    /// The date `days` after the last dated move, which becomes the last.
    fn after(&mut self, days: i64) -> Date {
        self.day = (self.day + days).max(0);
        date(2025, 1, 1)
            .checked_add(self.day.days())
            .expect("a date in range")
    }
}

/// The command for `step`, given the record as it is.
fn command(record: &VendorRecord, step: &Move, progress: &mut Progress) -> Option<Command> {
    let current = record.current_submission();
    Some(match step {
        Move::CompleteIdentification => Command::CompleteIdentification,
        Move::ConcludeServiceQualification {
            conclusion,
            agreement,
        } => {
            let mut given = qualification();
            given.conclusion = *conclusion;
            given.data_processing_agreement = *agreement;
            Command::ConcludeServiceQualification(given)
        }
        Move::PinKey { other } => Command::PinKey {
            fingerprint: if *other { other_key() } else { key() },
            source: KeySource::PublicKeyFile,
        },
        Move::ReplaceKey { other } => Command::ReplaceKey {
            fingerprint: if *other { other_key() } else { key() },
            source: KeySource::ConfirmedFingerprint,
        },
        Move::Receive {
            outcome,
            other_key: foreign,
            tier,
        } => {
            progress.received += 1;
            let mut next = submission(progress.received, *outcome);
            next.tier = *tier;
            let pinned = record.keys().fingerprint().unwrap_or_else(key);
            next.signed_by = if *foreign {
                if pinned == key() { other_key() } else { key() }
            } else {
                pinned
            };
            Command::ReceiveSubmission(next)
        }
        Move::Decide {
            outcome,
            day,
            on_current,
        } => {
            let mut given = decision(&submission(1, *outcome), *outcome, progress.after(*day));
            given.submission = match (current, on_current) {
                (Some(current), true) => current.digest,
                _ => Digest::of(b"some other submission"),
            };
            Command::Decide(given)
        }
        Move::AcceptRisk { from, days } => {
            let current = current?;
            let outcome = current.recomputed_outcome;
            if outcome == Outcome::Accepted {
                return None;
            }
            Command::AcceptRisk {
                submission: current.digest,
                acceptance: {
                    let accepted_on = progress.after(*from);
                    let expires_on = accepted_on.checked_add(days.days()).expect("a date");
                    risk_acceptance(outcome, accepted_on, expires_on)
                },
            }
        }
        Move::SignContract { day } => Command::SignContract(contract(progress.after(*day))),
        Move::StartServices { day } => Command::StartServices {
            on: progress.after(*day),
        },
    })
}

/// What must hold whatever happened.
fn check_invariants(record: &VendorRecord) {
    let stage = record.stage();
    if matches!(stage, Stage::StartOfServices) || stage.is_in_service() {
        assert!(record.contract().is_some(), "{stage} without a contract");
    }
    if stage.is_in_service() {
        let period = record
            .service_periods()
            .last()
            .expect("a period of service");
        assert_eq!(period.stopped_on, None);
    }
    if stage == Stage::ContractSignature {
        let standing = record.standing();
        assert!(
            standing.accepted_on.is_some() || !standing.risk_acceptances.is_empty(),
            "contract signature without an acceptance"
        );
    }
}

proptest! {
    #![proptest_config(Config { cases: 256, ..Config::default() })]

    #[test]
    fn random_sequences_never_start_services_without_a_contract_and_an_acceptance(
        moves in proptest::collection::vec((any::<bool>(), a_move()), 1..60)
    ) {
        let mut record = new_vendor();
        let mut progress = Progress::default();
        let mut entries = record.trail().len();
        for (follows, step) in &moves {
            let step = if *follows { follow(&record, step) } else { step.clone() };
            let Some(command) = command(&record, &step, &mut progress) else {
                continue;
            };
            let starts = matches!(command, Command::StartServices { .. });
            let result = record.apply(command.clone(), because("trying")).map(|_| ());
            if result.is_ok() {
                entries += 1;
            }
            prop_assert_eq!(record.trail().len(), entries);
            if starts && result.is_ok() {
                let Command::StartServices { on } = command else { unreachable!() };
                let contract = record.contract().expect("a contract");
                prop_assert!(contract.signed_on <= on);
                let decision = record.current_decision();
                let accepted = decision
                    .is_some_and(|decision| decision.is_accepting() && decision.decided_on <= on);
                let current = record.current_submission().expect("a submission").digest;
                let risk_in_force = record.risk_acceptances().iter().any(|risk| {
                    risk.submission == current && risk.acceptance.is_in_force(on)
                });
                prop_assert!(accepted || risk_in_force);
                prop_assert_eq!(record.stage(), Stage::InService);
            }
            check_invariants(&record);
        }
        prop_assert_eq!(record.trail().verify(), Ok(()));
        let loaded = VendorRecord::from_json(&record.to_json()).expect("reads back");
        prop_assert!(loaded.integrity.is_intact());
        prop_assert_eq!(loaded.record, record);
    }
}

/// The happy path is reachable by the moves above, so the property is not vacuous.
#[test]
fn the_moves_can_reach_services() {
    let mut record = new_vendor();
    let mut progress = Progress::default();
    for step in [
        Move::CompleteIdentification,
        Move::PinKey { other: false },
        Move::ConcludeServiceQualification {
            conclusion: ServiceConclusion::Qualified,
            agreement: AgreementStatus::Signed,
        },
        Move::Receive {
            outcome: Outcome::Rejected,
            other_key: false,
            tier: Tier::Tier3,
        },
        Move::Decide {
            outcome: Outcome::Rejected,
            day: 10,
            on_current: true,
        },
        Move::AcceptRisk { from: 2, days: 100 },
        Move::SignContract { day: 5 },
        Move::StartServices { day: 10 },
    ] {
        let command = command(&record, &step, &mut progress).expect("a command");
        record.apply(command, because("trying")).expect("allowed");
    }
    assert_eq!(record.stage(), Stage::InService);
}
