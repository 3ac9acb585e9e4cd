//! `croqual`, the native command-line tool: checks signed submissions and decisions in bulk
//! and builds questionnaire packs, on the library alone.
//!
//! Arguments are parsed by hand: each subcommand has a `parse_*` function that turns its
//! arguments into a plain struct and a `run_*` function that carries it out. Every failure
//! is a [`Failure`] with the exit code it deserves: 2 for bad usage or input, 1 when croqual
//! cannot write its output. `verify` has exit codes of its own (see its help).
//!
//! The library never reads a random source or a clock; `keygen` takes its seed from the
//! operating system here, through getrandom, which the wasm32 build does not have, and
//! `verify` reads today's date here, once, to say which dates have passed.

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use croqual::attest::envelope::{EnvelopeError, TrustStore, Vendor, Verification};
use croqual::attest::keys::{PrivateKeyBackup, PublicKeyFile, SigningKey};
use croqual::export::{
    DECISION_FORMAT, DecisionReport, PackLibrary, PlannedAction, Recomputation, Submission,
    SubmissionReport, VendorCheck, Verdict, sign_submission, verify_decision, verify_submission,
};
use croqual::pack::read_file;
use croqual::pack::{Pack, default_bank};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz;
use serde_json::{Value, json};

const USAGE: &str = "\
croqual — qualify a CRO's cybersecurity

Usage:
  croqual verify FILE... [--trust PUBKEY]... [--pack PACK.json]... [--json]
  croqual keygen --out NAME [--name LABEL]
  croqual sign --key NAME.key SUBMISSION.json [--out FILE] [--pack PACK.json]...
  croqual pack [CATALOG.json] [--out PACK.json]
  croqual --help | croqual help [COMMAND]
  croqual --version

Commands:
  verify  check signed submissions and decisions: signature, signer, a submission's
          claimed score recomputed, a decision's terms
  keygen  make a signing key: NAME.key (keep it secret) and NAME.pub (send it to sponsors)
  sign    sign an unsigned submission payload whose claim recomputes exactly
  pack    write a questionnaire pack: the default bank, an OSCAL catalog converted, or a
          croqual pack checked

Run 'croqual help COMMAND' for a command's options.
";

const PACK_USAGE: &str = "\
Usage: croqual pack [CATALOG.json] [--out PACK.json]

Writes a questionnaire pack as JSON and ends with one line:
  TITLE VERSION: N questions in M domains

  CATALOG.json    an OSCAL catalog in JSON to convert, or a croqual pack to check and
                  rewrite with its defaults spelled out; without it, the default bank
  --out PACK.json write the pack to this file and the summary line to standard output;
                  without it, the pack goes to standard output and the summary line to
                  standard error
  -h, --help      show this help

Exit status: 0 on success, 2 on bad usage or input, 1 when the output cannot be written.
";

const VERIFY_USAGE: &str = "\
Usage: croqual verify FILE... [--trust PUBKEY]... [--pack PACK.json]... [--json]

Checks signed croqual files: a CRO's submissions and a sponsor's decisions, in any mix;
each file's payload says which it is. For each file it prints the result (one of four:
malformed, signature does not verify, valid under a key nobody pinned, verified under a
pinned key) and the key's fingerprint, then
  for a submission: the vendor, the claimed and the recomputed score and outcome, every
    mismatch between the claim and the recomputation, and the last day the CRO stands
    by it (valid_until);
  for a decision: the sponsor, the outcome, who decided and when, the submission it
    decides on (by digest), the reasons, each planned action and the risk acceptance.

  FILE...          signed files (croqual-submission or croqual-decision)
  --trust PUBKEY   a public key file (.pub) to trust: a vendor's for its submissions, a
                   sponsor's for its decisions; the party is the name in the file.
                   May be given several times. A key not given here is never trusted.
  --pack PACK.json a questionnaire pack (or OSCAL catalog) the submissions may name; the
                   default bank is always known. May be given several times.
  --json           print a JSON array with one object per file instead of text; each
                   object's \"kind\" is \"submission\" or \"decision\" (a file that is
                   neither is reported malformed, as a submission)
  -h, --help       show this help

Exit status, the worst over all files, in this order of precedence:
  2  malformed input, a pack that is not available, or bad usage
  1  a signature that does not verify, a claim that does not recompute, or a vendor or
     sponsor other than the one the key is pinned for
  3  intact and consistent, but signed by a key not given with --trust
  0  every file verified under a trusted key with matching claims

A date that has passed (a submission's valid_until, a planned action's due date, a risk
acceptance's expiry) is pointed out but changes no exit status: the file is as authentic
as the day it was signed, and asking for a new one is a person's call. The files name no
time zone, so a date counts as past only once it is past everywhere (UTC-12).
";

const KEYGEN_USAGE: &str = "\
Usage: croqual keygen --out NAME [--name LABEL]

Makes an Ed25519 signing key from the operating system's secure random source and writes:
  NAME.key  the private key backup: keep it secret, never send it
  NAME.pub  the public key file: send it to your sponsors outside the submissions
Existing files are never overwritten. Prints the key's fingerprint, to read aloud when a
sponsor confirms the key.

  --out NAME    the path of both files, without extension
  --name LABEL  who the key belongs to, written in both files (default: NAME's file name)
  -h, --help    show this help

Exit status: 0 on success, 2 on bad usage or when a file exists, 1 when a file cannot be
written or no random source is available.
";

const SIGN_USAGE: &str = "\
Usage: croqual sign --key NAME.key SUBMISSION.json [--out FILE] [--pack PACK.json]...

Signs an unsigned submission: SUBMISSION.json is the payload of a croqual-submission
document, the object that a signed file holds under \"payload\". It is read as strictly as
a signed one, and its claim is recomputed with the pack it names: a claim that does not
match the recomputation is refused, never signed and never corrected.

  --key NAME.key   the private key backup to sign with
  --out FILE       write the signed file here; without it, to standard output
  --pack PACK.json a pack the submission may name; the default bank is always known
  -h, --help       show this help

Exit status: 0 on success, 2 on bad usage or input (including a claim that does not
recompute), 1 when the output cannot be written.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("croqual: {}", failure.message);
            }
            if failure.show_usage_hint {
                eprintln!("Try 'croqual --help'.");
            }
            ExitCode::from(failure.code)
        }
    }
}

/// What the command line asks for.
#[derive(Debug, PartialEq)]
enum Command {
    Help(Option<String>),
    Version,
    Pack(PackArgs),
    Verify(VerifyArgs),
    Keygen(KeygenArgs),
    Sign(SignArgs),
}

/// The arguments of `croqual verify`.
#[derive(Debug, PartialEq)]
struct VerifyArgs {
    files: Vec<String>,
    trust: Vec<String>,
    packs: Vec<String>,
    json: bool,
}

/// The arguments of `croqual keygen`.
#[derive(Debug, PartialEq)]
struct KeygenArgs {
    out: String,
    name: Option<String>,
}

/// The arguments of `croqual sign`.
#[derive(Debug, PartialEq)]
struct SignArgs {
    key: String,
    input: String,
    out: Option<String>,
    packs: Vec<String>,
}

/// The arguments of `croqual pack`.
#[derive(Debug, PartialEq)]
struct PackArgs {
    catalog: Option<String>,
    out: Option<String>,
}

/// Why croqual stops, and with which exit code.
#[derive(Debug)]
struct Failure {
    message: String,
    code: u8,
    show_usage_hint: bool,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 2,
            show_usage_hint: true,
        }
    }

    fn input(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 2,
            show_usage_hint: false,
        }
    }

    fn output(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 1,
            show_usage_hint: false,
        }
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    match parse(args)? {
        Command::Help(topic) => run_help(topic.as_deref()),
        Command::Version => {
            println!("croqual {}", croqual::VERSION);
            Ok(())
        }
        Command::Pack(pack_args) => run_pack(&pack_args),
        Command::Verify(verify_args) => run_verify(&verify_args, today()),
        Command::Keygen(keygen_args) => run_keygen(&keygen_args),
        Command::Sign(sign_args) => run_sign(&sign_args),
    }
}

fn parse(args: &[String]) -> Result<Command, Failure> {
    let Some((first, rest)) = args.split_first() else {
        return Ok(Command::Help(None));
    };
    match first.as_str() {
        "-h" | "--help" => Ok(Command::Help(None)),
        "-V" | "--version" => Ok(Command::Version),
        "help" => match rest {
            [] => Ok(Command::Help(None)),
            [topic] => Ok(Command::Help(Some(topic.clone()))),
            _ => Err(Failure::usage("help takes at most one command")),
        },
        "pack" => parse_pack(rest),
        "verify" => parse_verify(rest),
        "keygen" => parse_keygen(rest),
        "sign" => parse_sign(rest),
        other if other.starts_with('-') => Err(Failure::usage(format!("unknown option {other}"))),
        other => Err(Failure::usage(format!("unknown command {other}"))),
    }
}

fn parse_pack(args: &[String]) -> Result<Command, Failure> {
    let mut parsed = PackArgs {
        catalog: None,
        out: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help(Some("pack".to_owned()))),
            "--out" | "-o" => {
                let Some(path) = args.next() else {
                    return Err(Failure::usage(format!("{arg} needs a file name")));
                };
                if parsed.out.replace(path.clone()).is_some() {
                    return Err(Failure::usage("--out is given twice"));
                }
            }
            other if other.starts_with("--out=") => {
                let path = &other["--out=".len()..];
                if path.is_empty() {
                    return Err(Failure::usage("--out needs a file name"));
                }
                if parsed.out.replace(path.to_owned()).is_some() {
                    return Err(Failure::usage("--out is given twice"));
                }
            }
            other if other.starts_with('-') && other != "-" => {
                return Err(Failure::usage(format!("pack: unknown option {other}")));
            }
            other => {
                if parsed.catalog.replace(other.to_owned()).is_some() {
                    return Err(Failure::usage("pack takes at most one catalog"));
                }
            }
        }
    }
    Ok(Command::Pack(parsed))
}

fn run_help(topic: Option<&str>) -> Result<(), Failure> {
    match topic {
        None => print!("{USAGE}"),
        Some("pack") => print!("{PACK_USAGE}"),
        Some("verify") => print!("{VERIFY_USAGE}"),
        Some("keygen") => print!("{KEYGEN_USAGE}"),
        Some("sign") => print!("{SIGN_USAGE}"),
        Some(other) => {
            return Err(Failure::usage(format!(
                "no help for unknown command {other}"
            )));
        }
    }
    Ok(())
}

fn run_pack(args: &PackArgs) -> Result<(), Failure> {
    let loaded;
    let pack = match &args.catalog {
        None => default_bank(),
        Some(path) => {
            loaded = load_pack(path)?;
            &loaded
        }
    };

    let mut json = pack.to_json_pretty();
    json.push('\n');
    match &args.out {
        Some(out) => {
            fs::write(out, json)
                .map_err(|error| Failure::output(format!("cannot write {out}: {error}")))?;
            println!("{}", pack.summary());
        }
        None => {
            io::stdout()
                .lock()
                .write_all(json.as_bytes())
                .map_err(|error| Failure::output(format!("cannot write the pack: {error}")))?;
            eprintln!("{}", pack.summary());
        }
    }
    Ok(())
}

/// Reads an OSCAL catalog and converts it, or reads a croqual pack and checks it.
fn load_pack(path: &str) -> Result<Pack, Failure> {
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)
            .map_err(|error| Failure::input(format!("cannot read standard input: {error}")))?;
        bytes
    } else {
        fs::read(path).map_err(|error| Failure::input(format!("cannot read {path}: {error}")))?
    };
    read_file(&bytes).map_err(|error| Failure::input(format!("{path}: {error}")))
}

/// The value of an option given as `--name VALUE` or `--name=VALUE`, when `arg` is that
/// option; `None` when it is another argument.
fn option_value<'a>(
    arg: &str,
    names: &[&str],
    rest: &mut impl Iterator<Item = &'a String>,
) -> Result<Option<String>, Failure> {
    if names.contains(&arg) {
        return match rest.next() {
            Some(value) if !value.is_empty() => Ok(Some(value.clone())),
            _ => Err(Failure::usage(format!("{arg} needs a value"))),
        };
    }
    for name in names.iter().filter(|name| name.starts_with("--")) {
        if let Some(value) = arg
            .strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('='))
        {
            if value.is_empty() {
                return Err(Failure::usage(format!("{name} needs a value")));
            }
            return Ok(Some(value.to_owned()));
        }
    }
    Ok(None)
}

fn once(slot: &mut Option<String>, value: String, name: &str) -> Result<(), Failure> {
    if slot.replace(value).is_some() {
        return Err(Failure::usage(format!("{name} is given twice")));
    }
    Ok(())
}

fn parse_verify(args: &[String]) -> Result<Command, Failure> {
    let mut parsed = VerifyArgs {
        files: Vec::new(),
        trust: Vec::new(),
        packs: Vec::new(),
        json: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if matches!(arg.as_str(), "-h" | "--help") {
            return Ok(Command::Help(Some("verify".to_owned())));
        }
        if arg == "--json" {
            parsed.json = true;
        } else if let Some(path) = option_value(arg, &["--trust"], &mut args)? {
            parsed.trust.push(path);
        } else if let Some(path) = option_value(arg, &["--pack"], &mut args)? {
            parsed.packs.push(path);
        } else if arg.starts_with('-') && arg != "-" {
            return Err(Failure::usage(format!("verify: unknown option {arg}")));
        } else {
            parsed.files.push(arg.clone());
        }
    }
    if parsed.files.is_empty() {
        return Err(Failure::usage("verify needs at least one file"));
    }
    Ok(Command::Verify(parsed))
}

fn parse_keygen(args: &[String]) -> Result<Command, Failure> {
    let mut out = None;
    let mut name = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if matches!(arg.as_str(), "-h" | "--help") {
            return Ok(Command::Help(Some("keygen".to_owned())));
        }
        if let Some(value) = option_value(arg, &["--out", "-o"], &mut args)? {
            once(&mut out, value, "--out")?;
        } else if let Some(value) = option_value(arg, &["--name"], &mut args)? {
            once(&mut name, value, "--name")?;
        } else {
            return Err(Failure::usage(format!("keygen: unexpected argument {arg}")));
        }
    }
    let Some(out) = out else {
        return Err(Failure::usage("keygen needs --out NAME"));
    };
    Ok(Command::Keygen(KeygenArgs { out, name }))
}

fn parse_sign(args: &[String]) -> Result<Command, Failure> {
    let mut key = None;
    let mut input = None;
    let mut out = None;
    let mut packs = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if matches!(arg.as_str(), "-h" | "--help") {
            return Ok(Command::Help(Some("sign".to_owned())));
        }
        if let Some(value) = option_value(arg, &["--key", "-k"], &mut args)? {
            once(&mut key, value, "--key")?;
        } else if let Some(value) = option_value(arg, &["--out", "-o"], &mut args)? {
            once(&mut out, value, "--out")?;
        } else if let Some(value) = option_value(arg, &["--pack"], &mut args)? {
            packs.push(value);
        } else if arg.starts_with('-') && arg != "-" {
            return Err(Failure::usage(format!("sign: unknown option {arg}")));
        } else if input.replace(arg.clone()).is_some() {
            return Err(Failure::usage("sign takes one submission file"));
        }
    }
    let Some(key) = key else {
        return Err(Failure::usage("sign needs --key NAME.key"));
    };
    let Some(input) = input else {
        return Err(Failure::usage("sign needs the submission file to sign"));
    };
    Ok(Command::Sign(SignArgs {
        key,
        input,
        out,
        packs,
    }))
}

/// The exit status of one verified file: 0 trusted, 3 unpinned, 1 failed, 2 unusable.
fn exit_code(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Trusted => 0,
        Verdict::UnpinnedKey => 3,
        Verdict::Failed => 1,
        Verdict::Unusable => 2,
    }
}

/// The worse of two exit statuses of `verify`: 2, then 1, then 3, then 0.
fn worse(a: u8, b: u8) -> u8 {
    let rank = |code: u8| match code {
        2 => 3,
        1 => 2,
        3 => 1,
        _ => 0,
    };
    if rank(b) > rank(a) { b } else { a }
}

fn run_verify(args: &VerifyArgs, today: Date) -> Result<(), Failure> {
    let trust = load_trust(&args.trust)?;
    let mut packs = PackLibrary::new();
    for path in &args.packs {
        packs.add(load_pack(path)?);
    }

    let mut status = 0;
    let mut objects = Vec::new();
    let mut text = String::new();
    for file in &args.files {
        let checked = match read_input(file) {
            Ok(bytes) => check_file(file, &bytes, &trust, &packs, today),
            Err(failure) => Checked {
                code: 2,
                text: format!("{}\n", failure.message),
                json: json!({ "file": file, "kind": null, "result": "unreadable",
                              "exit_status": 2, "message": failure.message }),
            },
        };
        status = worse(status, checked.code);
        text.push_str(&checked.text);
        objects.push(checked.json);
    }
    let output = if args.json {
        let mut output = serde_json::to_string_pretty(&Value::Array(objects))
            .map_err(|error| Failure::output(format!("cannot write the report: {error}")))?;
        output.push('\n');
        output
    } else {
        text
    };
    io::stdout()
        .lock()
        .write_all(output.as_bytes())
        .map_err(|error| Failure::output(format!("cannot write the report: {error}")))?;
    if status == 0 {
        return Ok(());
    }
    Err(Failure {
        message: String::new(),
        code: status,
        show_usage_hint: false,
    })
}

/// Today's date where it is earliest on Earth (UTC−12). The files name no time zone, so a
/// date is called past only once it is past everywhere, never while it is still that day
/// for whoever wrote it.
fn today() -> Date {
    tz::offset(-12).to_datetime(Timestamp::now()).date()
}

/// One file's report: its exit status, its text and its JSON object.
struct Checked {
    code: u8,
    text: String,
    json: Value,
}

/// Verifies one file as a submission, or as a decision when its payload says it is one.
fn check_file(
    file: &str,
    bytes: &[u8],
    trust: &TrustStore,
    packs: &PackLibrary,
    today: Date,
) -> Checked {
    let report = verify_submission(bytes, trust, packs);
    if !is_decision(&report.verification) {
        let code = exit_code(report.verdict());
        return Checked {
            code,
            text: describe_submission(file, &report, today),
            json: submission_json(file, &report, code, today),
        };
    }
    let report = verify_decision(bytes, trust);
    let code = exit_code(report.verdict());
    Checked {
        code,
        text: describe_decision(file, &report, today),
        json: decision_json(file, &report, code, today),
    }
}

/// Whether the submission reader refused the file only because its payload is a decision.
/// The envelope checks the format before any signature, so a decision costs one more parse
/// and a submission none.
fn is_decision(verification: &Verification) -> bool {
    matches!(
        verification,
        Verification::Malformed(EnvelopeError::UnknownFormat { found, .. })
            if found == DECISION_FORMAT.id
    )
}

/// Pins each public key file for the party it names: a vendor, or a sponsor.
fn load_trust(paths: &[String]) -> Result<TrustStore, Failure> {
    let mut trust = TrustStore::new();
    for path in paths {
        let bytes = read_input(path)?;
        let file = PublicKeyFile::from_bytes(&bytes)
            .map_err(|error| Failure::input(format!("{path}: {error}")))?;
        // The key file's own name says which file a pin came from.
        let id = Path::new(path)
            .file_name()
            .map_or_else(|| path.clone(), |name| name.to_string_lossy().into_owned());
        let vendor = Vendor {
            id,
            name: file.name().to_owned(),
        };
        trust
            .pin(file.fingerprint(), vendor)
            .map_err(|error| Failure::input(format!("{path}: {error}")))?;
    }
    Ok(trust)
}

/// The text report of one submission file.
fn describe_submission(file: &str, report: &SubmissionReport, today: Date) -> String {
    let mut text = format!("{file}: {}\n", report.verification);
    let Some(verified) = &report.submission else {
        if let Some(fingerprint) = report.verification.fingerprint() {
            field(&mut text, "fingerprint:", fingerprint.to_string());
        }
        return text;
    };
    let submission = &verified.submission;
    let claim = &submission.claim;
    for notice in &verified.notices {
        field(&mut text, "notice:", notice.to_string());
    }
    field(&mut text, "vendor:", verified.vendor.to_string());
    field(&mut text, "fingerprint:", verified.fingerprint.to_string());
    field(
        &mut text,
        "assessment:",
        format!(
            "{} revision {} ({})",
            submission.assessment.id, submission.assessment.revision, verified.digest
        ),
    );
    let valid_until = if verified.is_valid_on(today) {
        submission.valid_until.to_string()
    } else {
        format!(
            "{} (past: the CRO no longer stands by it; ask for a new submission)",
            submission.valid_until
        )
    };
    field(&mut text, "valid until:", valid_until);
    field(
        &mut text,
        "claimed:",
        format!(
            "{}, {} (tier {}, {} path)",
            claim.overall_display(),
            claim.outcome,
            claim.tier.number(),
            path_word(claim.path)
        ),
    );
    match &verified.recomputation {
        Recomputation::Recomputed { claim, .. } => field(
            &mut text,
            "recomputed:",
            format!(
                "{}, {} (tier {}, {} path)",
                claim.overall_display(),
                claim.outcome,
                claim.tier.number(),
                path_word(claim.path)
            ),
        ),
        unavailable @ Recomputation::PackUnavailable { .. } => {
            field(
                &mut text,
                "recomputed:",
                format!("{unavailable} with --pack"),
            );
        }
    }
    let mismatches = verified.recomputation.mismatches();
    if mismatches.is_empty() {
        field(&mut text, "mismatches:", "none".to_owned());
    } else {
        field(&mut text, "mismatches:", mismatches.len().to_string());
        for mismatch in mismatches {
            item(&mut text, &mismatch.to_string());
        }
    }
    text
}

/// The text report of one decision file.
fn describe_decision(file: &str, report: &DecisionReport, today: Date) -> String {
    let mut text = format!("{file}: {}\n", report.verification);
    let Some(verified) = &report.decision else {
        if let Some(fingerprint) = report.verification.fingerprint() {
            field(&mut text, "fingerprint:", fingerprint.to_string());
        }
        return text;
    };
    let decision = &verified.decision;
    let decided = &decision.submission;
    field(&mut text, "sponsor:", signer_text(&verified.signer));
    field(&mut text, "fingerprint:", verified.fingerprint.to_string());
    field(&mut text, "decision:", decision.outcome.to_string());
    field(
        &mut text,
        "decided:",
        format!(
            "{} by {} ({})",
            decision.decided_at, decision.sponsor.decided_by, decision.sponsor.role
        ),
    );
    field(
        &mut text,
        "submission:",
        format!(
            "{} revision {} of {} ({})",
            decided.assessment_id, decided.revision, decided.vendor.legal_name, decided.digest
        ),
    );
    if decision.reasons.is_empty() {
        field(&mut text, "reasons:", "none".to_owned());
    } else {
        field(&mut text, "reasons:", decision.reasons.len().to_string());
        for reason in &decision.reasons {
            item(&mut text, reason);
        }
    }
    if decision.plan.is_empty() {
        field(&mut text, "plan:", "none".to_owned());
    } else {
        let open = decision
            .plan
            .iter()
            .filter(|action| !action.status.is_closed())
            .count();
        let count = decision.plan.len();
        let noun = if count == 1 { "action" } else { "actions" };
        field(
            &mut text,
            "plan:",
            format!("{count} {noun}, {open} not done yet"),
        );
        for action in &decision.plan {
            item(&mut text, &plan_item_text(action, today));
        }
    }
    let risk = match &decision.risk_acceptance {
        None => "none accepted".to_owned(),
        Some(risk) => {
            let past = if today > risk.expires_on() {
                " (past)"
            } else {
                ""
            };
            format!(
                "accepted by {} ({}) from {} until {}{past}: {}",
                risk.approver(),
                risk.role(),
                risk.accepted_on(),
                risk.expires_on(),
                risk.justification()
            )
        }
    };
    field(&mut text, "risk:", risk);
    text
}

/// One labelled line of a file's text report.
fn field(text: &mut String, label: &str, value: String) {
    text.push_str(&format!("  {label:<12} {value}\n"));
}

/// One entry of a list under a labelled line.
fn item(text: &mut String, entry: &str) {
    text.push_str(&format!("    - {entry}\n"));
}

/// The sponsor a decision names, against the party its key is pinned for.
fn signer_text(signer: &VendorCheck) -> String {
    // Not `VendorCheck`'s own wording, which speaks of a submission.
    match signer {
        VendorCheck::Matches { vendor } => vendor.name.clone(),
        VendorCheck::Mismatch { claimed, pinned } => format!(
            "the decision names {claimed:?}, but the key is pinned for {:?} ({})",
            pinned.name, pinned.id
        ),
        VendorCheck::AnotherKey {
            claimed,
            pinned_key,
            ..
        } => format!(
            "the decision names {claimed:?}, whose pinned key is another ({pinned_key}): a key change or an impostor; confirm with them before trusting it"
        ),
        VendorCheck::Unpinned { claimed } => {
            format!("{claimed} (as the decision says; the key is not pinned)")
        }
    }
}

/// One planned action on one line, its due date marked when past and the action not done.
fn plan_item_text(item: &PlannedAction, today: Date) -> String {
    let question = item
        .question
        .as_ref()
        .map_or_else(String::new, |id| format!("{id}: "));
    let past = if is_overdue(item, today) {
        " (past)"
    } else {
        ""
    };
    format!(
        "{question}{} ({}; due {}{past}; {})",
        item.action,
        item.owner,
        item.due_on,
        item.status.label()
    )
}

/// Whether a planned action is past its due date and not done.
fn is_overdue(item: &PlannedAction, today: Date) -> bool {
    !item.status.is_closed() && today > item.due_on
}

fn path_word(path: croqual::assessment::Path) -> &'static str {
    match path {
        croqual::assessment::Path::Reduced => "reduced",
        croqual::assessment::Path::Full => "full",
    }
}

/// The envelope's result, as the JSON reports name it.
fn result_name(verification: &Verification) -> &'static str {
    match verification {
        Verification::Malformed(_) => "malformed",
        Verification::SignatureInvalid { .. } => "signature_invalid",
        Verification::ValidUnpinnedKey { .. } => "valid_unpinned_key",
        Verification::VerifiedPinned { .. } => "verified_pinned",
    }
}

/// The party a payload names (`claimed`), the one its key is pinned for, and whether they
/// agree.
fn party_json(claimed: &str, check: &VendorCheck) -> Value {
    let (pinned, matches) = match check {
        VendorCheck::Matches { vendor } => (Some(&vendor.name), Some(true)),
        VendorCheck::Mismatch { pinned, .. } | VendorCheck::AnotherKey { pinned, .. } => {
            (Some(&pinned.name), Some(false))
        }
        VendorCheck::Unpinned { .. } => (None, None),
    };
    json!({ "claimed": claimed, "pinned": pinned, "matches": matches })
}

/// The JSON report of one submission file: the same facts as the text.
fn submission_json(file: &str, report: &SubmissionReport, code: u8, today: Date) -> Value {
    let fingerprint = report.verification.fingerprint().map(|f| f.to_string());
    let mut object = json!({
        "file": file,
        "kind": "submission",
        "result": result_name(&report.verification),
        "message": report.verification.to_string(),
        "exit_status": code,
        "fingerprint": fingerprint,
        "vendor": null,
        "digest": null,
        "assessment": null,
        "valid_until": null,
        "expired": null,
        "claimed": null,
        "recomputed": null,
        "mismatches": [],
        "notices": [],
    });
    let Some(verified) = &report.submission else {
        return object;
    };
    let submission = &verified.submission;
    object["vendor"] = party_json(&submission.organisation.legal_name, &verified.vendor);
    object["digest"] = json!(verified.digest.to_string());
    object["assessment"] = json!({
        "id": submission.assessment.id,
        "revision": submission.assessment.revision,
    });
    object["valid_until"] = json!(submission.valid_until);
    object["expired"] = json!(!verified.is_valid_on(today));
    object["claimed"] = summary(&submission.claim);
    object["recomputed"] = match &verified.recomputation {
        Recomputation::Recomputed { claim, .. } => summary(claim),
        Recomputation::PackUnavailable { .. } => Value::Null,
    };
    object["mismatches"] =
        serde_json::to_value(verified.recomputation.mismatches()).unwrap_or_else(|_| json!([]));
    object["notices"] = verified
        .notices
        .iter()
        .map(|notice| Value::String(notice.to_string()))
        .collect();
    if let Recomputation::PackUnavailable { .. } = &verified.recomputation {
        object["message"] = json!(format!(
            "{}; {}",
            report.verification, verified.recomputation
        ));
    }
    object
}

/// The JSON report of one decision file: the same facts as the text, the plan and the risk
/// acceptance as signed, each with whether its date has passed.
fn decision_json(file: &str, report: &DecisionReport, code: u8, today: Date) -> Value {
    let fingerprint = report.verification.fingerprint().map(|f| f.to_string());
    let mut object = json!({
        "file": file,
        "kind": "decision",
        "result": result_name(&report.verification),
        "message": report.verification.to_string(),
        "exit_status": code,
        "fingerprint": fingerprint,
        "sponsor": null,
        "digest": null,
        "submission": null,
        "outcome": null,
        "decided_at": null,
        "decided_by": null,
        "reasons": [],
        "plan": [],
        "risk_acceptance": null,
    });
    let Some(verified) = &report.decision else {
        return object;
    };
    let decision = &verified.decision;
    let decided = &decision.submission;
    object["sponsor"] = party_json(&decision.sponsor.organisation, &verified.signer);
    object["digest"] = json!(verified.digest.to_string());
    object["submission"] = json!({
        "digest": decided.digest.to_string(),
        "assessment_id": decided.assessment_id,
        "revision": decided.revision,
        "vendor": decided.vendor.legal_name,
    });
    object["outcome"] = json!(decision.outcome);
    object["decided_at"] = json!(decision.decided_at.to_string());
    object["decided_by"] = json!({
        "name": decision.sponsor.decided_by,
        "role": decision.sponsor.role,
    });
    object["reasons"] = json!(decision.reasons);
    object["plan"] = decision
        .plan
        .iter()
        .map(|item| {
            json!({
                "question": item.question.as_ref().map(|id| id.to_string()),
                "action": item.action,
                "owner": item.owner,
                "due_on": item.due_on,
                "status": item.status,
                "overdue": is_overdue(item, today),
            })
        })
        .collect();
    object["risk_acceptance"] = decision
        .risk_acceptance
        .as_ref()
        .map_or(Value::Null, |risk| {
            json!({
                "approver": risk.approver(),
                "role": risk.role(),
                "accepted_on": risk.accepted_on(),
                "expires_on": risk.expires_on(),
                "expired": today > risk.expires_on(),
                "justification": risk.justification(),
                "outcome": risk.outcome(),
                "pack_digest": risk.pack_digest().to_string(),
            })
        });
    object
}

fn summary(claim: &croqual::export::Claim) -> Value {
    json!({
        "overall": claim.overall,
        "outcome": claim.outcome,
        "tier": claim.tier,
        "path": claim.path,
    })
}

/// Reads a whole input file, or standard input for "-", naming the file on failure.
fn read_input(path: &str) -> Result<Vec<u8>, Failure> {
    if path == "-" {
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)
            .map_err(|error| Failure::input(format!("cannot read standard input: {error}")))?;
        return Ok(bytes);
    }
    fs::read(path).map_err(|error| Failure::input(format!("cannot read {path}: {error}")))
}

fn run_keygen(args: &KeygenArgs) -> Result<(), Failure> {
    let private_path = format!("{}.key", args.out);
    let public_path = format!("{}.pub", args.out);
    for path in [&private_path, &public_path] {
        if Path::new(path).exists() {
            return Err(Failure::input(format!(
                "{path} exists already: croqual never overwrites a key file"
            )));
        }
    }
    let name = match &args.name {
        Some(name) => name.clone(),
        None => Path::new(&args.out)
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| args.out.clone()),
    };
    let key = random_key()?;
    let backup = PrivateKeyBackup::new(&name, key)
        .map_err(|error| Failure::usage(format!("--name: {error}")))?;
    let public = backup.public_file();

    write_new(&private_path, backup.to_text().as_bytes(), true)?;
    write_new(&public_path, public.to_text().as_bytes(), false)?;
    println!("wrote {private_path} (the private key: keep it secret, never send it)");
    println!("wrote {public_path} (send this to your sponsors)");
    println!("fingerprint: {}", public.fingerprint());
    Ok(())
}

/// A new key from the operating system's secure random source.
#[cfg(not(target_arch = "wasm32"))]
fn random_key() -> Result<SigningKey, Failure> {
    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
    getrandom::getrandom(seed.as_mut_slice()).map_err(|error| {
        Failure::output(format!("no secure random source is available: {error}"))
    })?;
    Ok(SigningKey::from_seed(*seed))
}

/// The wasm32 build has no operating system to ask for randomness; the browser app makes
/// its keys with the Web Crypto API instead.
#[cfg(target_arch = "wasm32")]
fn random_key() -> Result<SigningKey, Failure> {
    Err(Failure::output("keygen is not available in this build"))
}

/// Writes a file that must not exist yet; a private key file is readable by its owner only.
fn write_new(path: &str, bytes: &[u8], is_private: bool) -> Result<(), Failure> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if is_private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = is_private;
    let mut file = options.open(path).map_err(|error| {
        if error.kind() == io::ErrorKind::AlreadyExists {
            Failure::input(format!(
                "{path} exists already: croqual never overwrites a key file"
            ))
        } else {
            Failure::output(format!("cannot write {path}: {error}"))
        }
    })?;
    file.write_all(bytes)
        .map_err(|error| Failure::output(format!("cannot write {path}: {error}")))
}

fn run_sign(args: &SignArgs) -> Result<(), Failure> {
    let key_bytes = zeroize::Zeroizing::new(read_input(&args.key)?);
    let backup = PrivateKeyBackup::from_bytes(&key_bytes)
        .map_err(|error| Failure::input(format!("{}: {error}", args.key)))?;
    let bytes = read_input(&args.input)?;
    let submission = Submission::from_unsigned_json(&bytes)
        .map_err(|error| Failure::input(format!("{}: {error}", args.input)))?;
    let mut packs = PackLibrary::new();
    for path in &args.packs {
        packs.add(load_pack(path)?);
    }

    let recomputation = submission
        .recompute(&packs)
        .map_err(|error| Failure::input(format!("{}: {error}", args.input)))?;
    if let Recomputation::PackUnavailable { .. } = recomputation {
        return Err(Failure::input(format!(
            "{}: {recomputation} with --pack",
            args.input
        )));
    }
    let mismatches = recomputation.mismatches();
    if !mismatches.is_empty() {
        let listed: Vec<String> = mismatches.iter().map(|m| format!("  - {m}")).collect();
        return Err(Failure::input(format!(
            "{}: refusing to sign a claim that does not recompute:\n{}",
            args.input,
            listed.join("\n")
        )));
    }

    let signed = sign_submission(&submission, backup.key())
        .map_err(|error| Failure::input(format!("{}: {error}", args.input)))?;
    let summary = format!(
        "signed {} revision {} ({}) with key {}",
        submission.assessment.id,
        submission.assessment.revision,
        signed.digest(),
        signed.fingerprint()
    );
    match &args.out {
        Some(out) => {
            fs::write(out, signed.to_json())
                .map_err(|error| Failure::output(format!("cannot write {out}: {error}")))?;
            println!("{summary}");
        }
        None => {
            io::stdout()
                .lock()
                .write_all(signed.to_json().as_bytes())
                .map_err(|error| {
                    Failure::output(format!("cannot write the signed file: {error}"))
                })?;
            eprintln!("{summary}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn pack_takes_an_optional_catalog_and_an_optional_out() {
        assert_eq!(
            parse(&args("pack")).ok(),
            Some(Command::Pack(PackArgs {
                catalog: None,
                out: None
            }))
        );
        assert_eq!(
            parse(&args("pack cat.json --out p.json")).ok(),
            Some(Command::Pack(PackArgs {
                catalog: Some("cat.json".to_owned()),
                out: Some("p.json".to_owned())
            }))
        );
        assert_eq!(
            parse(&args("pack --out=p.json")).ok(),
            Some(Command::Pack(PackArgs {
                catalog: None,
                out: Some("p.json".to_owned())
            }))
        );
    }

    #[test]
    fn bad_usage_exits_with_2() {
        for line in [
            "pack --out",
            "pack a b",
            "pack --colour",
            "frobnicate",
            "--nope",
        ] {
            let failure = parse(&args(line)).expect_err(line);
            assert_eq!(failure.code, 2, "{line}");
        }
    }

    #[test]
    fn help_is_offered_for_the_tool_and_for_pack() {
        assert_eq!(parse(&args("")).ok(), Some(Command::Help(None)));
        assert_eq!(
            parse(&args("pack --help")).ok(),
            Some(Command::Help(Some("pack".to_owned())))
        );
        assert_eq!(
            parse(&args("help pack")).ok(),
            Some(Command::Help(Some("pack".to_owned())))
        );
    }
}
