//! Benchmark, not a test: converts NIST SP 800-53 rev5 LOW (2.6 MB) to a pack N times and
//! prints the minimum and median. Budget: 200 ms.
//!
//! Run with `cargo bench --bench oscal` (optimised); `-- N` sets the number of runs.

use std::time::{Duration, Instant};

use croqual::pack::oscal::catalog_to_pack;

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(20);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/catalogs/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json"
    );
    let json = std::fs::read_to_string(path).expect("the SP 800-53 LOW catalog is readable");

    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut summary = String::new();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let pack = catalog_to_pack(&json).expect("the catalog converts");
        times.push(start.elapsed());
        summary = pack.summary();
    }
    times.sort();
    let ms = |duration: Duration| duration.as_secs_f64() * 1000.0;
    println!("{summary}");
    println!(
        "oscal: SP 800-53 LOW to a pack, {} runs: min {:.1} ms, median {:.1} ms (budget 200 ms)",
        times.len(),
        ms(times[0]),
        ms(times[times.len() / 2])
    );
}
