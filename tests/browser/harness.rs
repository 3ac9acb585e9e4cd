//! The end-to-end harness: a static file server on 127.0.0.1, ChromeDriver, and headless
//! Chromium driven over WebDriver. Everything a [`Session`] starts is stopped when it drops,
//! also when a test fails half-way.

#![allow(dead_code)] // Each test binary that includes the harness uses a different part.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// The built app, as `trunk build --release` leaves it.
pub fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: run `trunk build --release --offline` first (`make test` does)",
        dist.display()
    );
    dist
}

/// Serves a directory over HTTP/1.1 on 127.0.0.1 under a URL prefix such as `/` or
/// `/tools/croqual/`, and records every path requested.
pub struct StaticServer {
    port: u16,
    prefix: String,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    accept: Option<thread::JoinHandle<()>>,
}

impl StaticServer {
    /// Starts serving `root` under `prefix` on a free port.
    pub fn start(root: &Path, prefix: &str) -> StaticServer {
        assert!(prefix.starts_with('/') && prefix.ends_with('/'));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port on 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let accept = {
            let (root, prefix) = (root.to_owned(), prefix.to_owned());
            let (requests, stop) = (requests.clone(), stop.clone());
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (root, prefix, requests) = (root.clone(), prefix.clone(), requests.clone());
                    thread::spawn(move || serve(stream, &root, &prefix, &requests));
                }
            })
        };
        StaticServer {
            port,
            prefix: prefix.to_owned(),
            requests,
            stop,
            accept: Some(accept),
        }
    }

    /// The URL of the served prefix, e.g. `http://127.0.0.1:4711/tools/croqual/`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, self.prefix)
    }

    /// The origin, e.g. `http://127.0.0.1:4711`.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every path requested so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("request log").clone()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn serve(mut stream: TcpStream, root: &Path, prefix: &str, requests: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(clone) => clone,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Skip the headers: the server answers GET and HEAD only, without a body.
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    let mut parts = request_line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return;
    };
    let path = target.split(['?', '#']).next().unwrap_or("/").to_owned();
    requests.lock().expect("request log").push(path.clone());

    let file = path
        .strip_prefix(prefix)
        .filter(|rest| !rest.split('/').any(|part| part == ".."))
        .map(|rest| {
            let rest = if rest.is_empty() { "index.html" } else { rest };
            root.join(rest)
        })
        .filter(|file| file.is_file());
    let response = match file {
        Some(file) => {
            let body = std::fs::read(&file).unwrap_or_default();
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                content_type(&file),
                body.len()
            );
            let mut response = head.into_bytes();
            if method != "HEAD" {
                response.extend_from_slice(&body);
            }
            response
        }
        None => {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
        }
    };
    let _ = stream.write_all(&response);
    let _ = stream.shutdown(Shutdown::Both);
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|ext| ext.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// A ChromeDriver process on a free port, in its own process group so that stopping it
/// also stops the Chromium it started.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port for ChromeDriver")
            .port();
        let binary =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let mut command = Command::new(&binary);
        command
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn().unwrap_or_else(|error| {
            panic!("cannot start {binary}: {error} (make tools installs it)")
        });
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while http_request(port, "GET", "/status", None).is_none() {
            assert!(
                Instant::now() < deadline,
                "ChromeDriver did not answer within 20 s"
            );
            thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

/// A tiny blocking HTTP client for talking to ChromeDriver outside async code (in `Drop`).
fn http_request(port: u16, method: &str, path: &str, body: Option<&str>) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    // The status line is all the caller needs; ChromeDriver may keep the connection open.
    let mut status = String::new();
    BufReader::new(stream).read_line(&mut status).ok()?;
    status.starts_with("HTTP/1.1 200").then_some(status)
}

/// One headless Chromium session with its own profile and download folder.
pub struct Session {
    pub client: Client,
    pub downloads: tempfile::TempDir,
    session_id: String,
    _profile: tempfile::TempDir,
    driver: Driver,
}

impl Session {
    /// Starts ChromeDriver and a fresh headless Chromium.
    pub async fn start() -> Session {
        let driver = Driver::start();
        let profile = tempfile::tempdir().expect("a profile folder");
        let downloads = tempfile::tempdir().expect("a download folder");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.path(),
                    "download.prompt_for_download": false,
                },
            }),
        );
        capabilities.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .expect("a WebDriver session in headless Chromium");
        let session_id = client
            .session_id()
            .await
            .expect("session id")
            .expect("an open session");
        let session = Session {
            client,
            downloads,
            session_id,
            _profile: profile,
            driver,
        };
        // Headless Chromium ignores the download preference unless told over CDP.
        session
            .cdp(
                "Browser.setDownloadBehavior",
                json!({ "behavior": "allow", "downloadPath": session.downloads.path() }),
            )
            .await;
        session.watch_csp().await;
        session
    }

    /// Records CSP violations from the very start of every page of the current tab.
    async fn watch_csp(&self) {
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));" }),
        )
        .await;
    }

    /// Opens a second tab of the same browser, switches to it and watches it like the first.
    pub async fn open_tab(&self) -> fantoccini::wd::WindowHandle {
        let handle = self
            .client
            .new_window(true)
            .await
            .expect("a new tab")
            .handle;
        self.client
            .switch_to_window(handle.clone())
            .await
            .expect("switch to the new tab");
        self.watch_csp().await;
        handle
    }

    /// Sends a Chrome DevTools Protocol command through ChromeDriver.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client
            .issue_cmd(Cdp {
                cmd: cmd.to_owned(),
                params,
            })
            .await
            .unwrap_or_else(|error| panic!("CDP {cmd}: {error}"))
    }

    /// Makes every later page's `localStorage` throw, as in private modes or under a policy.
    pub async fn block_storage(&self) {
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });" }),
        )
        .await;
    }

    /// Opens `url` and waits until the app has rendered its main area.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
        self.wait_for("[data-testid=main]").await;
    }

    /// Waits up to 20 s for an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no element {css} within 20 s: {error}"))
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|error| panic!("click {css}: {error}"));
    }

    /// The text of the element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .text()
            .await
            .unwrap_or_else(|error| panic!("text of {css}: {error}"))
    }

    /// Whether an element matching `css` is on the page now.
    pub async fn exists(&self, css: &str) -> bool {
        !self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("find elements")
            .is_empty()
    }

    /// Waits up to 20 s until the expression `script` is true in the page.
    pub async fn wait_until(&self, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if self.eval(&format!("return !!({script});")).await == Value::Bool(true) {
                return;
            }
            assert!(Instant::now() < deadline, "not true within 20 s: {script}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs `script` in the page and returns its value.
    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|error| panic!("script failed: {error}\n{script}"))
    }

    /// Browser console entries since the last call, as `LEVEL message`.
    pub async fn console(&self) -> Vec<String> {
        let log = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("the browser log");
        log.as_array()
            .into_iter()
            .flatten()
            .map(|entry| {
                format!(
                    "{} {}",
                    entry["level"].as_str().unwrap_or("?"),
                    entry["message"].as_str().unwrap_or("")
                )
            })
            .collect()
    }

    /// Fails the test if the console showed an error, the page reported a CSP violation, or
    /// the page loaded anything from outside `origin`.
    pub async fn assert_clean(&self, origin: &str) {
        let problems: Vec<String> = self
            .console()
            .await
            .into_iter()
            .filter(|line| line.starts_with("SEVERE"))
            .collect();
        assert!(
            problems.is_empty(),
            "the console shows problems: {problems:#?}"
        );
        let violations = self.eval("return window.__cspViolations || null;").await;
        assert_eq!(
            violations,
            json!([]),
            "CSP violations (or the listener is missing)"
        );
        let foreign = self
            .eval(
                "return performance.getEntriesByType('resource').map(e => e.name)\
                 .concat([location.href]).filter(u => !u.startsWith(arguments[0] + '/'));"
                    .replace("arguments[0]", &format!("{origin:?}"))
                    .as_str(),
            )
            .await;
        assert_eq!(foreign, json!([]), "requests left {origin}");
    }

    /// Saves a PNG screenshot to `target/screenshots/NAME.png` for a person to look at.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&folder).expect("screenshot folder");
        let file = folder.join(format!("{name}.png"));
        std::fs::write(&file, png).expect("write screenshot");
        file
    }

    /// Ends the session politely; dropping it without calling this stops everything too.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Closing the WebDriver session first lets ChromeDriver stop Chromium cleanly; the
        // driver's own drop then stops whatever is left in its process group.
        let path = format!("/session/{}", self.session_id);
        let _ = http_request(self.driver.port, "DELETE", &path, None);
    }
}

#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}
