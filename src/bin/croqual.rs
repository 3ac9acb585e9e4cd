//! `croqual`, the native command-line tool: checks signed submissions in bulk and builds
//! questionnaire packs, on the library alone.

fn main() {
    println!("croqual {}", croqual::VERSION);
}
