//! The croqual browser app, service provider's side: the bundle a CRO's page loads. The
//! sponsor's side is `main_sponsor.rs`; `public/boot.js` picks one.

#[cfg(target_arch = "wasm32")]
mod app;

#[cfg(target_arch = "wasm32")]
fn main() {
    app::start_provider();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "croqual-app is the browser app: `make serve` builds it and serves it at \
         http://127.0.0.1:8080/. The native tool is `croqual`."
    );
    std::process::exit(2);
}
