//! Benchmark, not a test: converts NIST SP 800-53 rev5 LOW (2.6 MB) to a pack N times and
//! prints the minimum and median. Budget: 200 ms.
//!
//! Run with `cargo bench --bench oscal` (optimised); `-- N` sets the number of runs. It
//! also times what the browser runs on every keystroke on the converted pack: applicability
//! alone, and the whole evaluation.

use std::time::{Duration, Instant};

use croqual::assessment::{
    Answer, Answers, Applicability, BusinessFunction, DataSensitivity, SystemAccess, TieringInputs,
    evaluate,
};
use croqual::pack::oscal::catalog_to_pack;

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(20);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/shared/catalogs/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json"
    );
    let json = std::fs::read_to_string(path).expect("the SP 800-53 LOW catalog is readable");

    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut converted = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let pack = catalog_to_pack(&json).expect("the catalog converts");
        times.push(start.elapsed());
        converted = Some(pack);
    }
    let pack = converted.expect("at least one run");
    let ms = |duration: Duration| duration.as_secs_f64() * 1000.0;
    println!("{}", pack.summary());
    let (min, median) = min_median(&mut times);
    println!(
        "oscal: SP 800-53 LOW to a pack, {} runs: min {:.1} ms, median {:.1} ms (budget 200 ms)",
        times.len(),
        ms(min),
        ms(median)
    );

    let at = "2025-04-01T09:30:00Z".parse().expect("a timestamp");
    let answers: Answers = pack
        .questions()
        .iter()
        .enumerate()
        .map(|(n, question)| {
            (
                question.id.clone(),
                if n % 3 == 0 {
                    Answer::no(at)
                } else {
                    Answer::yes(at)
                },
            )
        })
        .collect();
    let inputs = TieringInputs {
        business_function: BusinessFunction::Critical,
        data: DataSensitivity::HealthOrTrialSubject,
        access: SystemAccess::Interactive,
        hosts_french_health_data: false,
        hds_activities: Default::default(),
    };
    let mut applicability = time(1000, || Applicability::of(&pack, &answers));
    let (min, median) = min_median(&mut applicability);
    println!(
        "applicability, {} questions: min {:.1} µs, median {:.1} µs",
        pack.questions().len(),
        us(min),
        us(median)
    );
    let mut evaluation = time(1000, || {
        evaluate(&pack, &inputs, &[], &answers, jiff::civil::date(2025, 4, 1))
    });
    let (min, median) = min_median(&mut evaluation);
    println!(
        "evaluate, {} questions: min {:.1} µs, median {:.1} µs",
        pack.questions().len(),
        us(min),
        us(median)
    );
}

fn time<T>(runs: usize, mut work: impl FnMut() -> T) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(work());
            start.elapsed()
        })
        .collect()
}

fn min_median(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    (times[0], times[times.len() / 2])
}

fn us(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000_000.0
}
