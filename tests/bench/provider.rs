//! Browser benchmarks of the CRO workspace, in headless Chromium against the built `dist/`:
//!
//! - one answer change with 300 answers loaded → rescore and re-render, timed in the page
//!   with `performance.now()` from the click until the work it queued is done (the next
//!   task); the write to storage follows as a task of its own;
//! - a cold load (fresh profile) of the app to its interactive first screen, read from the
//!   `croqual-interactive` performance mark.
//!
//! Reports figures and never fails: timings move with the load of a shared machine.
//! Run with `cargo bench --features e2e --bench provider` after `trunk build --release`.

#[path = "../browser/harness.rs"]
mod harness;

use croqual::assessment::Answer;
use croqual::pack::Pack;
use croqual::provider::{AssessmentRecord, PackSource};
use harness::{Session, StaticServer, dist};
use serde_json::json;

const QUESTIONS: usize = 300;
const DOMAINS: usize = 10;
const CHANGES: usize = 200;

/// A pack of 300 scale questions in 10 domains, and an assessment answering all of them.
fn workload() -> (Pack, AssessmentRecord) {
    const FUNCTIONS: [&str; 6] = ["GV", "ID", "PR", "DE", "RS", "RC"];
    let domains: Vec<_> = (0..DOMAINS)
        .map(|d| json!({ "id": format!("D{d}"), "title": format!("Domain {d}"), "weight": 1 + d % 3, "function": FUNCTIONS[d % 6] }))
        .collect();
    let questions: Vec<_> = (0..QUESTIONS)
        .map(|q| json!({
            "id": format!("Q-{q:03}"),
            "domain": format!("D{}", q % DOMAINS),
            "text": format!("Is control {q} in place for the services delivered to sponsors, and is it reviewed at least once a year?"),
            "help": "A good answer names the procedure, its owner and the date of its last review.",
            "weight": 1 + q % 4,
            "critical": q % 37 == 0,
            "mappings": { "csf": ["PR.AA-05"] },
        }))
        .collect();
    let pack = Pack::from_json(
        &json!({
            "format": "croqual-pack", "format_version": 1, "id": "bench-300", "version": "1.0.0",
            "title": "Benchmark pack", "language": "en", "domains": domains, "questions": questions,
        })
        .to_string(),
    )
    .expect("a valid benchmark pack");
    let at: jiff::Timestamp = "2026-11-01T09:00:00Z".parse().expect("a time");
    let mut record = AssessmentRecord::new("bench", "Benchmark", at);
    record.pack = PackSource::Custom {
        digest: pack.digest(),
        id: pack.id().to_owned(),
        version: pack.version().to_owned(),
        title: pack.title().to_owned(),
    };
    for (index, question) in pack.questions().iter().enumerate() {
        let answer = match index % 3 {
            0 => Answer::yes(at),
            1 => Answer::partial(at),
            _ => Answer::no(at),
        };
        record.answer(
            question.id.clone(),
            answer.with_comment("Reviewed in March; see the ISMS manual."),
        );
    }
    (pack, record)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() {
    let server = StaticServer::start(&dist(), "/");

    // Cold loads: a fresh profile each time, nothing cached.
    let mut loads = Vec::new();
    for _ in 0..3 {
        let session = Session::start().await;
        session.open(&server.url()).await;
        session.wait_for("[data-testid=role-choice]").await;
        let mark = session
            .eval("const m = performance.getEntriesByName('croqual-interactive')[0]; return m ? m.startTime : null;")
            .await;
        loads.push(mark.as_f64().expect("the croqual-interactive mark"));
        session.close().await;
    }
    loads.sort_by(f64::total_cmp);

    let (pack, record) = workload();
    let session = Session::start().await;
    session.open(&server.url()).await;
    let seed = format!(
        "localStorage.setItem('croqual:role', 'provider'); localStorage.setItem({:?}, {:?}); localStorage.setItem('croqual:assessment:bench', {:?}); return true;",
        format!("croqual:pack:{}", pack.digest().to_hex()),
        pack.to_json_pretty(),
        record.to_json()
    );
    session.eval(&seed).await;
    session.client.refresh().await.expect("reload");
    session.click("[data-testid=open-assessment]").await;
    session.click("[data-testid=step-questionnaire]").await;
    session.wait_for("[data-testid=question-Q-000]").await;
    let answered = session.text("[data-testid=answered-count]").await;
    assert!(answered.starts_with("300 of 300"), "{answered}");

    let script = format!(
        r#"
        // A message on a channel runs as the next task, after every microtask the click queued:
        // by then the app has rescored and redrawn (its write to storage comes a task later).
        const drained = () => new Promise((resolve) => {{ const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); }});
        const times = [];
        const cards = [...document.querySelectorAll('[data-testid=questions] article.question:not([hidden])')];
        for (let i = 0; i < {CHANGES}; i++) {{
            const card = cards[i % cards.length];
            const checked = card.querySelector('input:checked');
            const value = checked && checked.value === 'yes' ? 'no' : 'yes';
            const start = performance.now();
            card.querySelector('[data-testid=answer-' + value + ']').click();
            await drained();
            times.push(performance.now() - start);
            if (card.querySelector('input:checked').value !== value) throw new Error('the answer did not take');
            await new Promise((resolve) => setTimeout(resolve, 5));
        }}
        return times;
        "#
    );
    let times = session
        .client
        .execute(
            &format!("return (async function() {{ {script} }})();"),
            vec![],
        )
        .await
        .expect("timing answer changes");
    let mut times: Vec<f64> = times
        .as_array()
        .expect("times")
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    times.sort_by(f64::total_cmp);
    let saved = session
        .eval("return JSON.parse(localStorage.getItem('croqual:assessment:bench')).answers['Q-000'].value.kind;")
        .await;
    assert!(saved.is_string(), "the changes were not saved: {saved}");
    session.close().await;

    println!(
        "provider: one answer change with {QUESTIONS} answers loaded, rescore and re-render: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms over {} changes (budget p95 <= 4 ms)",
        percentile(&times, 50.0),
        percentile(&times, 95.0),
        times[times.len() - 1],
        times.len()
    );
    println!(
        "provider: cold load to the interactive first screen: median {:.0} ms (runs {:?} ms)",
        percentile(&loads, 50.0),
        loads.iter().map(|ms| ms.round() as i64).collect::<Vec<_>>()
    );
}
