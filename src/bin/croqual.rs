//! `croqual`, the native command-line tool: checks signed submissions in bulk and builds
//! questionnaire packs, on the library alone.
//!
//! Arguments are parsed by hand: each subcommand has a `parse_*` function that turns its
//! arguments into a plain struct and a `run_*` function that carries it out. Every failure
//! is a [`Failure`] with the exit code it deserves: 2 for bad usage or input, 1 when croqual
//! cannot write its output.

use std::fs;
use std::io::{self, Write};
use std::process::ExitCode;

use croqual::pack::oscal::{self, OscalError};
use croqual::pack::{Pack, default_bank};

const USAGE: &str = "\
croqual — qualify a CRO's cybersecurity

Usage:
  croqual pack [CATALOG.json] [--out PACK.json]
  croqual --help | croqual help [COMMAND]
  croqual --version

Commands:
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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("croqual: {}", failure.message);
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
    if bytes.is_empty() {
        return Err(Failure::input(format!("{path}: the file is empty")));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::input(format!("{path}: not UTF-8 text; save it as UTF-8")))?;
    match oscal::catalog_to_pack(&text) {
        Ok(pack) => Ok(pack),
        Err(OscalError::AlreadyAPack) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Pack::from_json(text).map_err(|error| Failure::input(format!("{path}: {error}")))
        }
        Err(error) => Err(Failure::input(format!("{path}: {error}"))),
    }
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
