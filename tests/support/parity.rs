//! What must come out the same natively and in the browser: one assessment of the default
//! bank (exact arithmetic gives the same figures in both), and Unicode normalisation.

use croqual::assessment::{
    Answer, Answers, BusinessFunction, DataSensitivity, Evaluation, SystemAccess, TieringInputs,
    evaluate,
};
use croqual::pack::{AnswerType, default_bank};

/// The overall score, outcome and number of corrective actions both must find.
pub const EXPECTED: (&str, croqual::assessment::Outcome, usize) = (
    "79.5",
    croqual::assessment::Outcome::AcceptedWithCorrectiveActions,
    46,
);

/// Every scale question of the bank answered, one in three partially, for a tier 1 service.
pub fn evaluation() -> Evaluation {
    let bank = default_bank();
    let at: jiff::Timestamp = "2026-01-05T10:00:00Z".parse().expect("a time");
    let mut answers = Answers::new();
    for (index, question) in bank
        .questions()
        .iter()
        .filter(|q| q.is_scored_type())
        .enumerate()
    {
        if matches!(question.answer_type, AnswerType::Scale) {
            let answer = if index % 3 == 0 {
                Answer::partial(at)
            } else {
                Answer::yes(at)
            };
            answers.insert(question.id.clone(), answer);
        }
    }
    let inputs = TieringInputs {
        business_function: BusinessFunction::Critical,
        data: DataSensitivity::HealthOrTrialSubject,
        access: SystemAccess::Interactive,
        hosts_french_health_data: false,
        hds_activities: Default::default(),
    };
    evaluate(bank, &inputs, &[], &answers, jiff::civil::date(2026, 1, 5))
}

/// Texts and their NFC, which the browser (its own `normalize`) and the host (the
/// `unicode-normalization` crate) must agree on.
pub const NFC: &[(&str, &str)] = &[
    ("plain ascii", "plain ascii"),
    ("Cafe\u{301}", "Caf\u{e9}"),
    ("Caf\u{e9}", "Caf\u{e9}"),
    // Marks in canonical order, then composed where a composite exists.
    ("a\u{323}\u{302}", "\u{1ead}"),
    ("\u{1100}\u{1161}\u{11a8}", "\u{ac01}"),
    // NFC is not NFKC: compatibility characters stay.
    (
        "\u{fb01}le \u{24bd} \u{1d430}",
        "\u{fb01}le \u{24bd} \u{1d430}",
    ),
    // Singletons are replaced: the angstrom sign becomes A with ring.
    ("\u{212b}ngstr\u{f6}m", "\u{c5}ngstr\u{f6}m"),
    (
        "Zürich Gesundheitsdaten 東京 Ελλάδα",
        "Zürich Gesundheitsdaten 東京 Ελλάδα",
    ),
];

/// Names and their folded form (trimmed, NFC, lower case), which the browser (its own
/// `toLowerCase`) and the host must agree on.
pub const FOLD: &[(&str, &str)] = &[
    ("  Acme Clinical GmbH ", "acme clinical gmbh"),
    ("ÉTUDES CLINIQUES", "études cliniques"),
    ("E\u{301}TUDES", "\u{e9}tudes"),
    // The final sigma takes its final form, in both.
    ("ΟΔΥΣΣΕΥΣ", "οδυσσευς"),
    ("STRASSE Straße", "strasse straße"),
    ("İstanbul", "i\u{307}stanbul"),
];

/// Checks [`NFC`] and [`FOLD`] on whichever side runs it.
pub fn check_text() {
    for (text, expected) in NFC {
        assert_eq!(croqual::text::nfc(text), *expected, "{text:?}");
    }
    for (name, expected) in FOLD {
        assert_eq!(croqual::text::fold(name), *expected, "{name:?}");
    }
}
