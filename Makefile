# croqual: `make serve` and `make test` are the two commands; the rest are their parts.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Headless Chromium for wasm-bindgen-test and the end-to-end tests.
export CHROMEDRIVER := /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_WEBDRIVER_JSON := $(CURDIR)/tests/webdriver.json
export WASM_BINDGEN_TEST_TIMEOUT := 120

WASM := --target wasm32-unknown-unknown

.PHONY: help tools serve build test fmt clippy test-native test-wasm test-browser bench size

help:
	@echo "make serve   build the app and serve it at http://127.0.0.1:8080/"
	@echo "make test    every check: format, lints, native, wasm and browser tests, benchmarks, bundle size"

tools:
	@.ci/tools

serve: tools
	@echo "croqual: building, then serving at http://127.0.0.1:8080/ (Ctrl+C stops)"
	trunk serve --release --offline

build: tools
	trunk build --release --offline

test: tools fmt clippy test-native test-wasm build test-browser bench size
	@echo "make test: all checks passed"

fmt:
	cargo fmt --check

clippy:
	cargo clippy --all-targets --all-features -- -D warnings
	cargo clippy $(WASM) --all-targets -- -D warnings

test-native:
	cargo test

# Components and the domain in a real browser (wasm-bindgen-test in headless Chromium).
test-wasm: tools
	cargo test $(WASM) --bin croqual-app --test wasm

# The built dist/ driven over WebDriver, as a person would use it.
test-browser:
	cargo test --features e2e --test browser -- --test-threads=1

# Figures, not pass or fail: timings move with the load of the machine.
bench:
	cargo bench --bench oscal --bench verify
	cargo bench --features e2e --bench provider --bench import

size:
	@.ci/bundle-size dist
