//! `croqual pack` end to end, on the built binary.

use std::process::{Command, Output};

fn croqual(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_croqual"))
        .args(args)
        .output()
        .expect("croqual runs")
}

fn catalog(name: &str) -> String {
    format!("{}/tests/data/shared/catalogs/{name}", env!("CARGO_MANIFEST_DIR"))
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
