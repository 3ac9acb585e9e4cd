//! The `croqual` command end to end, on the built binary: `pack`, `verify`, `keygen` and `sign`.

// The tests run the native binary, with native-only helpers such as tempfile.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

fn croqual(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_croqual"))
        .args(args)
        .output()
        .expect("croqual runs")
}

fn catalog(name: &str) -> String {
    format!(
        "{}/tests/data/shared/catalogs/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("croqual-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir.join(name)
}

#[test]
fn pack_without_a_catalog_writes_the_default_bank_to_stdout_and_the_summary_to_stderr() {
    let output = croqual(&["pack"]);
    assert!(output.status.success());
    let json = String::from_utf8(output.stdout).expect("UTF-8");
    let pack = croqual::pack::Pack::from_json(&json).expect("a valid pack");
    assert_eq!(&pack, croqual::pack::default_bank());
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(stderr, format!("{}\n", pack.summary()));
}

#[test]
fn pack_with_a_catalog_and_out_writes_the_file_and_ends_with_the_summary_line() {
    let out = scratch("mvsp.json");
    let output = croqual(&[
        "pack",
        &catalog("mvsp_v3.0-20231109-catalog.json"),
        "--out",
        out.to_str().expect("a path"),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(
        stdout.lines().last(),
        Some(
            "MVSP - Minimum Viable Secure Product - v3.0-20231109 3.0.0-20231109: 25 questions in 4 domains"
        )
    );
    let written = std::fs::read_to_string(&out).expect("the pack file");
    assert_eq!(
        croqual::pack::Pack::from_json(&written)
            .expect("valid")
            .questions()
            .len(),
        25
    );

    // The written pack reads back through the same command, unchanged.
    let again = scratch("mvsp-again.json");
    let output = croqual(&[
        "pack",
        out.to_str().expect("a path"),
        "--out",
        again.to_str().expect("a path"),
    ]);
    assert!(output.status.success());
    assert_eq!(std::fs::read_to_string(&again).expect("written"), written);
}

#[test]
fn bad_input_names_the_file_and_the_reason_and_exits_with_2() {
    let missing = croqual(&["pack", "/nonexistent/catalog.json"]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8(missing.stderr).expect("UTF-8");
    assert!(
        stderr.starts_with("croqual: cannot read /nonexistent/catalog.json: "),
        "{stderr}"
    );

    let profile = scratch("profile.json");
    std::fs::write(&profile, r#"{"profile": {"uuid": "u"}}"#).expect("written");
    let output = croqual(&["pack", profile.to_str().expect("a path")]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(
        stderr,
        format!(
            "croqual: {}: not an OSCAL catalog: it is an OSCAL profile\n",
            profile.display()
        )
    );

    let latin1 = scratch("latin1.json");
    std::fs::write(&latin1, b"{\"title\": \"caf\xe9\"}").expect("written");
    let output = croqual(&["pack", latin1.to_str().expect("a path")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not UTF-8"));
}

#[test]
fn bad_usage_exits_with_2_and_points_to_help() {
    for args in [
        &["pack", "--out"][..],
        &["pack", "a.json", "b.json"],
        &["pack", "--frobnicate"],
        &["sign"],
        &["keygen", "--name", "x"],
    ] {
        let output = croqual(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("Try 'croqual --help'."),
            "{args:?}"
        );
    }
}

#[test]
fn help_describes_the_pack_command() {
    let output = croqual(&["--help"]);
    assert!(output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("croqual pack [CATALOG.json] [--out PACK.json]")
    );
    let output = croqual(&["pack", "--help"]);
    assert!(output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("TITLE VERSION: N questions in M domains")
    );
}

// `croqual verify`, `keygen` and `sign`.

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn stdout_of(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8")
}

/// The example with its payload changed by `edit`: keeping the signature when `key` is
/// `None`, else signed again with that key.
fn example_variant(
    dir: &std::path::Path,
    name: &str,
    key: Option<&croqual::attest::keys::SigningKey>,
    edit: impl FnOnce(&mut serde_json::Value),
) -> String {
    let mut file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data("example-export.json")).expect("read"))
            .expect("JSON");
    edit(&mut file["payload"]);
    let text = match key {
        None => serde_json::to_string_pretty(&file).expect("serialises"),
        Some(key) => croqual::attest::envelope::sign(&file["payload"], key)
            .expect("signable")
            .to_json(),
    };
    let path = dir.join(name);
    std::fs::write(&path, text).expect("written");
    path.to_str().expect("a path").to_owned()
}

fn example_key() -> croqual::attest::keys::SigningKey {
    croqual::attest::keys::PrivateKeyBackup::from_bytes(
        &std::fs::read(data("example-key.TEST-ONLY.key")).expect("read"),
    )
    .expect("the test-only backup")
    .into_key()
}

#[test]
fn verify_exits_0_for_the_example_under_its_key_and_prints_each_fact() {
    let output = croqual(&[
        "verify",
        &data("example-export.json"),
        "--trust",
        &data("example-key.pub"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    for expected in [
        "verified: signed with the pinned key of Example CRO GmbH (example-key.pub)",
        "vendor:      Example CRO GmbH",
        "fingerprint: EFE7 C216 9141 AE9B 6BD6 C577 6F07 49B7 2A48 CEBD 69F6 6BD0 F289 8566 9A11 2F52",
        "claimed:     84.9 %, accepted with corrective actions (tier 2, full path)",
        "recomputed:  84.9 %, accepted with corrective actions (tier 2, full path)",
        "mismatches:  none",
    ] {
        assert!(stdout.contains(expected), "{expected}\n{stdout}");
    }
}

#[test]
fn verify_exits_3_for_a_valid_file_under_a_key_nobody_trusted() {
    let output = croqual(&["verify", &data("example-export.json")]);
    assert_eq!(output.status.code(), Some(3));
    assert!(stdout_of(&output).contains("valid signature under a key nobody pinned: EFE7 C216"));
}

#[test]
fn verify_exits_1_for_a_trusted_vendors_name_signed_with_another_key() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mallory = croqual::attest::keys::SigningKey::from_seed([66; 32]);
    let forged = example_variant(dir.path(), "forged.json", Some(&mallory), |_| {});
    let output = croqual(&["verify", &forged, "--trust", &data("example-key.pub")]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout_of(&output));
    let stdout = stdout_of(&output);
    assert!(stdout.contains("a key change or an impostor"), "{stdout}");
}

#[test]
fn verify_exits_1_for_tampering_and_for_a_claim_that_does_not_recompute() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let tampered = example_variant(dir.path(), "tampered.json", None, |payload| {
        payload["claim"]["overall"] = serde_json::json!("99.0");
    });
    let key = example_key();
    let lying = example_variant(dir.path(), "lying.json", Some(&key), |payload| {
        payload["claim"]["overall"] = serde_json::json!("99.0");
    });
    let trust = data("example-key.pub");

    let output = croqual(&["verify", &tampered, "--trust", &trust]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout_of(&output).contains("signature does not verify"));

    let output = croqual(&["verify", &lying, "--trust", &trust]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = stdout_of(&output);
    assert!(stdout.contains("claimed:     99.0 %"), "{stdout}");
    assert!(stdout.contains("recomputed:  84.9 %"), "{stdout}");
    assert!(
        stdout.contains(
            "- claim.overall: the submission says 99.0 %, the recomputation gives 84.9 %"
        ),
        "{stdout}"
    );
}

#[test]
fn verify_exits_2_for_malformed_or_missing_files_and_bad_usage() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, "{\"payload\": ").expect("written");
    let output = croqual(&["verify", garbage.to_str().expect("a path")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout_of(&output).contains("malformed: incomplete JSON"));

    let output = croqual(&["verify", "/nonexistent/file.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout_of(&output).starts_with("cannot read /nonexistent/file.json: "));

    for args in [
        &["verify"][..],
        &["verify", "--trust"],
        &["verify", "a.json", "--frobnicate"],
    ] {
        let output = croqual(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr_of(&output).contains("Try 'croqual --help'."),
            "{args:?}"
        );
    }

    let manifest = format!("{}/Cargo.toml", env!("CARGO_MANIFEST_DIR"));
    let output = croqual(&["verify", &data("example-export.json"), "--trust", &manifest]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).starts_with(&format!(
            "croqual: {manifest}: not a croqual public key file"
        )),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn verify_reports_the_worst_file_with_2_over_1_over_3_over_0() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let good = data("example-export.json");
    let tampered = example_variant(dir.path(), "tampered.json", None, |payload| {
        payload["answers"][0]["comment"] = serde_json::json!("edited");
    });
    let malformed = dir.path().join("empty.json");
    std::fs::write(&malformed, "").expect("written");
    let malformed = malformed.to_str().expect("a path");
    let trust = data("example-key.pub");
    let other = SigningKeyFile::named(dir.path(), "other", "Other Research Ltd");

    for (files, trusted, expected) in [
        (vec![good.as_str(), good.as_str()], trust.as_str(), 0),
        (vec![good.as_str()], other.public.as_str(), 3),
        (
            vec![good.as_str(), tampered.as_str()],
            other.public.as_str(),
            1,
        ),
        (
            vec![tampered.as_str(), malformed, good.as_str()],
            trust.as_str(),
            2,
        ),
    ] {
        let mut args = vec!["verify"];
        args.extend(files.iter().copied());
        args.extend(["--trust", trusted]);
        let output = croqual(&args);
        assert_eq!(output.status.code(), Some(expected), "{files:?}");
    }
}

/// A key made by `croqual keygen` in `dir`.
struct SigningKeyFile {
    private: String,
    public: String,
}

impl SigningKeyFile {
    fn new(dir: &std::path::Path, name: &str) -> SigningKeyFile {
        SigningKeyFile::named(dir, name, "Example CRO GmbH")
    }

    fn named(dir: &std::path::Path, name: &str, label: &str) -> SigningKeyFile {
        let base = dir.join(name);
        let base = base.to_str().expect("a path");
        let output = croqual(&["keygen", "--out", base, "--name", label]);
        assert!(output.status.success(), "{}", stderr_of(&output));
        SigningKeyFile {
            private: format!("{base}.key"),
            public: format!("{base}.pub"),
        }
    }
}

#[test]
fn verify_json_prints_an_array_with_one_object_per_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let tampered = example_variant(dir.path(), "tampered.json", None, |payload| {
        payload["claim"]["outcome"] = serde_json::json!("accepted");
    });
    let output = croqual(&[
        "verify",
        "--json",
        &data("example-export.json"),
        &tampered,
        "--trust",
        &data("example-key.pub"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let reports: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let reports = reports.as_array().expect("an array");
    assert_eq!(reports.len(), 2);

    let good = &reports[0];
    let keys: Vec<&str> = good
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "assessment",
            "claimed",
            "digest",
            "exit_status",
            "expired",
            "file",
            "fingerprint",
            "kind",
            "message",
            "mismatches",
            "notices",
            "recomputed",
            "result",
            "valid_until",
            "vendor"
        ]
    );
    assert_eq!(good["kind"], "submission");
    assert_eq!(good["result"], "verified_pinned");
    assert_eq!(good["exit_status"], 0);
    assert_eq!(
        good["vendor"],
        serde_json::json!({"claimed": "Example CRO GmbH", "pinned": "Example CRO GmbH", "matches": true})
    );
    assert_eq!(
        good["digest"],
        "sha256:1905e173a3bbd8a5c4c27d8831709292e97f7c718e6e4a043c34306a779f471e"
    );
    assert_eq!(
        good["claimed"],
        serde_json::json!({"overall": "84.9", "outcome": "accepted_with_corrective_actions", "tier": 2, "path": "full"})
    );
    assert_eq!(good["recomputed"], good["claimed"]);
    assert_eq!(good["mismatches"], serde_json::json!([]));

    let bad = &reports[1];
    assert_eq!(bad["result"], "signature_invalid");
    assert_eq!(bad["exit_status"], 1);
    assert_eq!(bad["claimed"], serde_json::Value::Null);
    assert!(
        bad["fingerprint"]
            .as_str()
            .expect("a fingerprint")
            .starts_with("EFE7")
    );
}

#[test]
fn keygen_then_sign_then_verify_round_trips_in_a_temp_dir() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let key = SigningKeyFile::new(dir.path(), "cro");
    let public = std::fs::read_to_string(&key.public).expect("the public file");
    assert!(public.starts_with("croqual public key v1\nname: Example CRO GmbH\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key.private)
            .expect("the key")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // The unsigned submission: the example's payload.
    let example: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data("example-export.json")).expect("read"))
            .expect("JSON");
    let unsigned = dir.path().join("submission.json");
    std::fs::write(
        &unsigned,
        serde_json::to_string_pretty(&example["payload"]).expect("serialises"),
    )
    .expect("written");
    let signed = dir.path().join("signed.json");
    let output = croqual(&[
        "sign",
        "--key",
        &key.private,
        unsigned.to_str().expect("a path"),
        "--out",
        signed.to_str().expect("a path"),
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(stdout_of(&output).starts_with(
        "signed ASM-2025-0001 revision 1 (sha256:1905e173a3bbd8a5c4c27d8831709292e97f7c718e6e4a043c34306a779f471e) with key "
    ));

    let output = croqual(&[
        "verify",
        signed.to_str().expect("a path"),
        "--trust",
        &key.public,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout_of(&output));
    // The example's key is pinned for Example CRO GmbH, and this one is not it.
    let output = croqual(&[
        "verify",
        signed.to_str().expect("a path"),
        "--trust",
        &data("example-key.pub"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout_of(&output).contains("a key change or an impostor"));
}

#[test]
fn keygen_never_overwrites_and_prints_the_fingerprint() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let base = dir.path().join("k");
    let base = base.to_str().expect("a path");
    let output = croqual(&["keygen", "--out", base]);
    assert!(output.status.success());
    let public = croqual::attest::keys::PublicKeyFile::from_bytes(
        &std::fs::read(format!("{base}.pub")).expect("the public file"),
    )
    .expect("a key file");
    assert_eq!(public.name(), "k");
    assert!(stdout_of(&output).contains(&format!("fingerprint: {}", public.fingerprint())));
    let before = std::fs::read(format!("{base}.key")).expect("the key");

    let output = croqual(&["keygen", "--out", base]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr_of(&output),
        format!("croqual: {base}.key exists already: croqual never overwrites a key file\n")
    );
    assert_eq!(
        std::fs::read(format!("{base}.key")).expect("the key"),
        before
    );
    assert_eq!(croqual(&["keygen"]).status.code(), Some(2));
}

#[test]
fn sign_refuses_a_lying_claim_a_signed_file_and_a_missing_key() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let key = SigningKeyFile::new(dir.path(), "cro");
    let mut example: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data("example-export.json")).expect("read"))
            .expect("JSON");
    example["payload"]["claim"]["outcome"] = serde_json::json!("accepted");
    let lying = dir.path().join("lying.json");
    std::fs::write(&lying, example["payload"].to_string()).expect("written");
    let lying = lying.to_str().expect("a path");

    let output = croqual(&["sign", "--key", &key.private, lying]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr_of(&output),
        format!(
            "croqual: {lying}: refusing to sign a claim that does not recompute:\n  - claim.outcome: the submission says accepted, the recomputation gives accepted_with_corrective_actions\n"
        )
    );
    assert!(output.stdout.is_empty());

    let output = croqual(&["sign", "--key", &key.private, &data("example-export.json")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("this is a signed document already"));

    let output = croqual(&["sign", "--key", &key.public, lying]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("this is a public key file"));

    assert_eq!(croqual(&["sign", lying]).status.code(), Some(2));
}

#[test]
fn help_describes_verify_keygen_and_sign() {
    let output = croqual(&["--help"]);
    let stdout = stdout_of(&output);
    for usage in [
        "croqual verify FILE... [--trust PUBKEY]... [--pack PACK.json]... [--json]",
        "croqual keygen --out NAME [--name LABEL]",
        "croqual sign --key NAME.key SUBMISSION.json [--out FILE] [--pack PACK.json]...",
    ] {
        assert!(stdout.contains(usage), "{usage}");
    }
    for (command, expected) in [
        ("verify", "Exit status, the worst over all files"),
        (
            "verify",
            "signed files (croqual-submission or croqual-decision)",
        ),
        ("verify", "is pointed out but changes no exit status"),
        ("keygen", "Existing files are never overwritten"),
        (
            "sign",
            "a claim that does not\nmatch the recomputation is refused",
        ),
    ] {
        let output = croqual(&[command, "--help"]);
        assert!(output.status.success(), "{command}");
        assert!(stdout_of(&output).contains(expected), "{command}");
    }
}

#[path = "support/example.rs"]
mod example;

#[test]
fn verify_asks_for_a_pack_it_lacks_and_recomputes_with_one_given_by_pack() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let pack_json = serde_json::json!({
        "format": "croqual-pack", "format_version": 1, "id": "sponsor-light", "version": "2.1.0",
        "title": "Sponsor light", "language": "en",
        "domains": [{ "id": "D", "title": "Domain", "function": "PR" }],
        "questions": [{ "id": "Q-01", "domain": "D", "text": "Is it in place?" }]
    });
    let pack_path = dir.path().join("pack.json");
    std::fs::write(&pack_path, pack_json.to_string()).expect("written");
    let pack = croqual::pack::Pack::from_json(&pack_json.to_string()).expect("a pack");

    let mut parts = example::parts(0);
    parts.answers = [(
        "Q-01".parse().expect("an id"),
        croqual::assessment::Answer::yes(example::created_at()),
    )]
    .into_iter()
    .collect();
    parts.corrective_actions.clear();
    let submission = croqual::export::Submission::build(parts, &pack).expect("valid");
    let signed =
        croqual::export::sign_submission(&submission, &example::example_key()).expect("signable");
    let file = dir.path().join("light.json");
    std::fs::write(&file, signed.to_json()).expect("written");
    let file = file.to_str().expect("a path");
    let trust = data("example-key.pub");

    let output = croqual(&["verify", file, "--trust", &trust]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout_of(&output).contains(&format!(
            "recomputed:  pack {} not available (sponsor-light 2.1.0, as the submission says): provide the pack file with --pack",
            pack.digest()
        )),
        "{}",
        stdout_of(&output)
    );

    let output = croqual(&[
        "verify",
        file,
        "--trust",
        &trust,
        "--pack",
        pack_path.to_str().expect("a path"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout_of(&output));
    assert!(stdout_of(&output).contains("claimed:     100.0 %, accepted"));
}

// Decisions: a CRO verifies its sponsor's signed decision the way a sponsor verifies a
// submission, against the key it pinned.

const EXAMPLE_DIGEST: &str =
    "sha256:1905e173a3bbd8a5c4c27d8831709292e97f7c718e6e4a043c34306a779f471e";

/// The sponsor's TEST-ONLY key and its public key file, `NAME.pub` in `dir`, naming `party`.
fn sponsor_key(
    dir: &std::path::Path,
    name: &str,
    party: &str,
) -> (croqual::attest::keys::SigningKey, String) {
    let key = croqual::attest::keys::SigningKey::from_seed([7; 32]);
    let public = croqual::attest::keys::PublicKeyFile::new(party, key.verifying_key())
        .expect("a valid key file");
    let path = dir.join(format!("{name}.pub"));
    std::fs::write(&path, public.to_text()).expect("written");
    (key, path.to_str().expect("a path").to_owned())
}

/// Example Pharma AG's decision on the example submission, signed with `key` and written as
/// `name` in `dir`: accepted with two corrective actions (one done), and a risk acceptance.
/// Every date in it is long past.
fn decision_file(
    dir: &std::path::Path,
    name: &str,
    key: &croqual::attest::keys::SigningKey,
) -> String {
    use croqual::assessment::{ActionStatus, Outcome, RiskAcceptance};
    use croqual::export::{DecidedSubmission, Decision, DecisionParts, PlannedAction, Sponsor};
    use jiff::civil::date;

    let bytes = std::fs::read(data("example-export.json")).expect("read");
    let report = croqual::export::verify_submission(
        &bytes,
        &croqual::attest::envelope::TrustStore::new(),
        &croqual::export::PackLibrary::new(),
    );
    let submission = report.submission.expect("the example verifies");
    let evaluation = submission.recomputation.evaluation().expect("recomputed");
    let decision = Decision::new(DecisionParts {
        submission: DecidedSubmission::of(&submission),
        sponsor: Sponsor {
            organisation: "Example Pharma AG".into(),
            decided_by: "Dr. Erika Beispiel".into(),
            role: "Head of Clinical Quality Assurance".into(),
        },
        outcome: Outcome::AcceptedWithCorrectiveActions,
        reasons: vec!["Critical gaps in access control; a plan with dates is agreed.".into()],
        plan: vec![
            PlannedAction {
                question: Some("IAM-03".parse().expect("an id")),
                action: "Enforce MFA for all administrative access".into(),
                owner: "Example CRO GmbH, IT Operations".into(),
                due_on: date(2025, 7, 1),
                status: ActionStatus::Open,
            },
            PlannedAction {
                question: None,
                action: "Send the restore test report".into(),
                owner: "Dr. Ada Muster (ISO)".into(),
                due_on: date(2025, 5, 1),
                status: ActionStatus::Done,
            },
        ],
        risk_acceptance: Some(
            RiskAcceptance::new(
                evaluation,
                "Study start cannot move; compensating monitoring is in place.",
                "Dr. Max Mustermann",
                "VP Clinical Operations",
                date(2025, 4, 10),
                date(2025, 10, 10),
            )
            .expect("a valid acceptance"),
        ),
        decided_at: "2025-04-10T14:00:00Z".parse().expect("a timestamp"),
    })
    .expect("a valid decision");
    let signed = croqual::export::sign_decision(&decision, key).expect("signable");
    let path = dir.join(name);
    std::fs::write(&path, signed.to_json()).expect("written");
    path.to_str().expect("a path").to_owned()
}

#[test]
fn verify_exits_0_for_a_decision_under_the_pinned_sponsor_key_and_prints_its_terms() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (key, public) = sponsor_key(dir.path(), "sponsor", "Example Pharma AG");
    let decision = decision_file(dir.path(), "decision.json", &key);

    let output = croqual(&["verify", &decision, "--trust", &public]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout_of(&output));
    let stdout = stdout_of(&output);
    for expected in [
        format!("{decision}: verified: signed with the pinned key of Example Pharma AG (sponsor.pub)\n"),
        "  sponsor:     Example Pharma AG\n".to_owned(),
        format!("  fingerprint: {}\n", key.fingerprint()),
        "  decision:    accepted with corrective actions\n".to_owned(),
        "  decided:     2025-04-10T14:00:00Z by Dr. Erika Beispiel (Head of Clinical Quality Assurance)\n".to_owned(),
        format!("  submission:  ASM-2025-0001 revision 1 of Example CRO GmbH ({EXAMPLE_DIGEST})\n"),
        "  reasons:     1\n    - Critical gaps in access control; a plan with dates is agreed.\n".to_owned(),
        "  plan:        2 actions, 1 not done yet\n".to_owned(),
        // Past due, and still open.
        "    - IAM-03: Enforce MFA for all administrative access (Example CRO GmbH, IT Operations; due 2025-07-01 (past); open)\n".to_owned(),
        // Past due too, but done: nothing to point out.
        "    - Send the restore test report (Dr. Ada Muster (ISO); due 2025-05-01; done)\n".to_owned(),
        "  risk:        accepted by Dr. Max Mustermann (VP Clinical Operations) from 2025-04-10 until 2025-10-10 (past): Study start cannot move; compensating monitoring is in place.\n".to_owned(),
    ] {
        assert!(stdout.contains(&expected), "{expected}\n{stdout}");
    }
    assert!(!stdout.contains("vendor:"), "{stdout}");
}

#[test]
fn verify_exits_3_for_a_decision_under_a_key_nobody_pinned_and_1_under_another_party() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (key, _) = sponsor_key(dir.path(), "sponsor", "Example Pharma AG");
    let decision = decision_file(dir.path(), "decision.json", &key);

    // The CRO's own key is pinned, not the sponsor's.
    let output = croqual(&["verify", &decision, "--trust", &data("example-key.pub")]);
    assert_eq!(output.status.code(), Some(3), "{}", stdout_of(&output));
    let stdout = stdout_of(&output);
    assert!(
        stdout.contains(&format!(
            "{decision}: valid signature under a key nobody pinned: {}",
            key.fingerprint()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "  sponsor:     Example Pharma AG (as the decision says; the key is not pinned)\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("  decision:    accepted with corrective actions\n"));

    // The key is pinned, for another sponsor than the one the decision names.
    let (_, other) = sponsor_key(dir.path(), "other", "Other Pharma SA");
    let output = croqual(&["verify", &decision, "--trust", &other]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout_of(&output));
    assert!(
        stdout_of(&output).contains(
            "  sponsor:     the decision names \"Example Pharma AG\", but the key is pinned for \"Other Pharma SA\" (other.pub)\n"
        ),
        "{}",
        stdout_of(&output)
    );
}

#[test]
fn verify_exits_1_for_a_tampered_decision_and_shows_none_of_it() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (key, public) = sponsor_key(dir.path(), "sponsor", "Example Pharma AG");
    let decision = decision_file(dir.path(), "decision.json", &key);
    let mut file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&decision).expect("read")).expect("JSON");
    file["payload"]["outcome"] = serde_json::json!("accepted");
    let tampered = dir.path().join("tampered.json");
    std::fs::write(
        &tampered,
        serde_json::to_string_pretty(&file).expect("serialises"),
    )
    .expect("written");
    let tampered = tampered.to_str().expect("a path");

    let output = croqual(&["verify", tampered, "--trust", &public]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = stdout_of(&output);
    assert!(
        stdout.starts_with(&format!("{tampered}: signature does not verify")),
        "{stdout}"
    );
    assert!(!stdout.contains("decision:"), "{stdout}");
    assert!(!stdout.contains("accepted"), "{stdout}");

    let output = croqual(&["verify", "--json", tampered, "--trust", &public]);
    let reports: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(reports[0]["kind"], "decision");
    assert_eq!(reports[0]["result"], "signature_invalid");
    assert_eq!(reports[0]["outcome"], serde_json::Value::Null);
}

#[test]
fn verify_checks_submissions_and_decisions_in_one_run() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (key, public) = sponsor_key(dir.path(), "sponsor", "Example Pharma AG");
    let decision = decision_file(dir.path(), "decision.json", &key);
    let submission = data("example-export.json");
    let cro = data("example-key.pub");

    let output = croqual(&[
        "verify",
        &submission,
        &decision,
        "--trust",
        &cro,
        "--trust",
        &public,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout_of(&output));
    let stdout = stdout_of(&output);
    let submission_at = stdout
        .find(&format!(
            "{submission}: verified: signed with the pinned key of Example CRO GmbH"
        ))
        .expect("the submission's report");
    let decision_at = stdout
        .find(&format!(
            "{decision}: verified: signed with the pinned key of Example Pharma AG"
        ))
        .expect("the decision's report");
    assert!(submission_at < decision_at, "{stdout}");
    // The decision names the submission of the same run by its digest.
    assert!(stdout.contains(&format!(
        "  assessment:  ASM-2025-0001 revision 1 ({EXAMPLE_DIGEST})"
    )));
    assert!(stdout.contains(&format!(
        "  submission:  ASM-2025-0001 revision 1 of Example CRO GmbH ({EXAMPLE_DIGEST})"
    )));

    // The worst file decides, whichever kind it is.
    let output = croqual(&["verify", &submission, &decision, "--trust", &cro]);
    assert_eq!(output.status.code(), Some(3));
    let output = croqual(&["verify", &decision, &submission, "--trust", &public]);
    assert_eq!(output.status.code(), Some(3));
    let tampered = example_variant(dir.path(), "tampered.json", None, |payload| {
        payload["claim"]["overall"] = serde_json::json!("99.0");
    });
    let output = croqual(&[
        "verify", &decision, &tampered, "--trust", &cro, "--trust", &public,
    ]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn verify_json_reports_a_decision_as_a_decision_with_its_terms() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (key, public) = sponsor_key(dir.path(), "sponsor", "Example Pharma AG");
    let decision = decision_file(dir.path(), "decision.json", &key);

    let output = croqual(&[
        "verify",
        "--json",
        &decision,
        &data("example-export.json"),
        "--trust",
        &public,
    ]);
    // The submission's key is not pinned here.
    assert_eq!(output.status.code(), Some(3));
    let reports: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let reports = reports.as_array().expect("an array");
    assert_eq!(reports.len(), 2);

    let report = &reports[0];
    let keys: Vec<&str> = report
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "decided_at",
            "decided_by",
            "digest",
            "exit_status",
            "file",
            "fingerprint",
            "kind",
            "message",
            "outcome",
            "plan",
            "reasons",
            "result",
            "risk_acceptance",
            "sponsor",
            "submission"
        ]
    );
    assert_eq!(report["kind"], "decision");
    assert_eq!(report["result"], "verified_pinned");
    assert_eq!(report["exit_status"], 0);
    assert_eq!(report["fingerprint"], key.fingerprint().to_string());
    assert_eq!(
        report["sponsor"],
        serde_json::json!({"claimed": "Example Pharma AG", "pinned": "Example Pharma AG", "matches": true})
    );
    assert_eq!(
        report["submission"],
        serde_json::json!({
            "digest": EXAMPLE_DIGEST,
            "assessment_id": "ASM-2025-0001",
            "revision": 1,
            "vendor": "Example CRO GmbH",
        })
    );
    assert_eq!(report["outcome"], "accepted_with_corrective_actions");
    assert_eq!(report["decided_at"], "2025-04-10T14:00:00Z");
    assert_eq!(
        report["decided_by"],
        serde_json::json!({"name": "Dr. Erika Beispiel", "role": "Head of Clinical Quality Assurance"})
    );
    assert_eq!(
        report["plan"][0],
        serde_json::json!({
            "question": "IAM-03",
            "action": "Enforce MFA for all administrative access",
            "owner": "Example CRO GmbH, IT Operations",
            "due_on": "2025-07-01",
            "status": "open",
            "overdue": true,
        })
    );
    assert_eq!(report["plan"][1]["question"], serde_json::Value::Null);
    assert_eq!(report["plan"][1]["overdue"], false);
    assert_eq!(report["risk_acceptance"]["expires_on"], "2025-10-10");
    assert_eq!(report["risk_acceptance"]["expired"], true);
    assert!(
        report["digest"]
            .as_str()
            .expect("a digest")
            .starts_with("sha256:")
    );
    assert_ne!(report["digest"], EXAMPLE_DIGEST);

    assert_eq!(reports[1]["kind"], "submission");
    assert_eq!(reports[1]["result"], "valid_unpinned_key");
    assert_eq!(reports[1]["exit_status"], 3);
}

#[test]
fn verify_says_a_submission_is_past_its_valid_until_without_failing_it() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let trust = data("example-key.pub");

    // The example's valid_until, 2025-09-30, is past.
    let output = croqual(&["verify", &data("example-export.json"), "--trust", &trust]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout_of(&output));
    assert!(
        stdout_of(&output).contains(
            "  valid until: 2025-09-30 (past: the CRO no longer stands by it; ask for a new submission)\n"
        ),
        "{}",
        stdout_of(&output)
    );

    // The same submission, signed to stay valid far into the future.
    let mut parts = example::parts(0);
    parts.valid_until = jiff::civil::date(2999, 12, 31);
    let submission =
        croqual::export::Submission::build(parts, croqual::pack::default_bank()).expect("valid");
    let signed =
        croqual::export::sign_submission(&submission, &example::example_key()).expect("signable");
    let current = dir.path().join("current.json");
    std::fs::write(&current, signed.to_json()).expect("written");
    let current = current.to_str().expect("a path");
    let output = croqual(&["verify", current, "--trust", &trust]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout_of(&output));
    let stdout = stdout_of(&output);
    assert!(stdout.contains("  valid until: 2999-12-31\n"), "{stdout}");
    assert!(!stdout.contains("past"), "{stdout}");

    let output = croqual(&[
        "verify",
        "--json",
        &data("example-export.json"),
        current,
        "--trust",
        &trust,
    ]);
    assert_eq!(output.status.code(), Some(0));
    let reports: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(reports[0]["valid_until"], "2025-09-30");
    assert_eq!(reports[0]["expired"], true);
    assert_eq!(reports[1]["valid_until"], "2999-12-31");
    assert_eq!(reports[1]["expired"], false);
}
