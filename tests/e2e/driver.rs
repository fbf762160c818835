//! Drives the real window through WebDriver: a private X display (Xvfb), and per test a
//! `tauri-driver` (which starts Debian's WebKitWebDriver) with its own data folders, so
//! tests never see each other's index or reading state.
//!
//! Nothing here skips: if Xvfb, tauri-driver or WebKitWebDriver is missing the test fails
//! and says what to install (`scripts/setup.sh` installs all of them).
// Shared by the end-to-end and installed-package tests; each uses part of it.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// How long to wait for the window to show something before failing.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// One X display for all tests of this binary.
struct Display {
    name: String,
    _server: ChildGuard,
}

static DISPLAY: OnceLock<Display> = OnceLock::new();
/// Windows are driven one at a time: the machines are small and WebKit is not.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A child process killed when dropped.
pub struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        // SIGTERM first so tauri-driver can stop WebKitWebDriver; then make sure.
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn display() -> &'static str {
    &DISPLAY
        .get_or_init(|| {
            let xvfb = which("Xvfb")
                .expect("Xvfb is not installed (apt-get install xvfb); run scripts/setup.sh");
            // A display number nobody uses, derived from the process id.
            let number = (0..800)
                .map(|i| 100 + (std::process::id() + i) % 800)
                .find(|n| {
                    !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                        && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                })
                .expect("a free X display number");
            let name = format!(":{number}");
            // Statics are never dropped, so the display is tied to this test process by a
            // small shell that stops Xvfb once the process is gone.
            let server = Command::new("sh")
                .args([
                    "-c",
                    "\"$0\" \"$1\" -screen 0 1280x800x24 -nolisten tcp & x=$!; \
                     while kill -0 \"$2\" 2>/dev/null && kill -0 $x 2>/dev/null; do sleep 0.5; done; \
                     kill $x 2>/dev/null",
                ])
                .arg(&xvfb)
                .arg(&name)
                .arg(std::process::id().to_string())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("Xvfb starts");
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
            let deadline = Instant::now() + Duration::from_secs(20);
            while !socket.exists() {
                assert!(Instant::now() < deadline, "Xvfb did not start on {name}");
                std::thread::sleep(Duration::from_millis(50));
            }
            Display {
                name,
                _server: ChildGuard(server),
            }
        })
        .name
}

fn which(program: &str) -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(program))
                .collect()
        })
        .unwrap_or_default();
    candidates.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(".tools/bin")
            .join(program),
    );
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(Path::new(&home).join(".cargo/bin").join(program));
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// A D-Bus session bus of its own, listening in `dir`, with no services to start on demand
/// (nothing but the apps under test comes onto it). Returns the daemon and its address.
fn private_bus(dir: &Path) -> (ChildGuard, String) {
    let daemon = which("dbus-daemon")
        .expect("dbus-daemon is not installed (apt-get install dbus-daemon); run scripts/setup.sh");
    let socket = dir.join("bus");
    let address = format!("unix:path={}", socket.display());
    let config = dir.join("bus.conf");
    std::fs::write(
        &config,
        format!(
            "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n              \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n\
             <busconfig><type>session</type><listen>{address}</listen><auth>EXTERNAL</auth>\
             <policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>\
             <allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n"
        ),
    )
    .unwrap();
    let process = Command::new(daemon)
        .arg(format!("--config-file={}", config.display()))
        .args(["--nofork", "--nopidfile"])
        .stdout(Stdio::null())
        // It warns that it may not raise its file limit, which a test bus does not need.
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !socket.exists() {
        assert!(
            Instant::now() < deadline,
            "dbus-daemon did not listen on {address}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    (ChildGuard(process), address)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The app binary under test: the window's, as cargo built it, or `REPORT_VIEWER_APP` (the
/// installed `report-viewer`, which starts the window's binary in its place).
pub fn app_binary() -> PathBuf {
    std::env::var_os("REPORT_VIEWER_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_report-viewer-window")))
}

/// A tauri-driver with its own data and config folders, and its own D-Bus session bus.
pub struct Driver {
    url: String,
    /// What the apps this driver starts have in their environment beyond the test's own.
    app_env: Vec<(String, String)>,
    // Fields drop in order: the driver first, then any app it left running, then the bus,
    // then the folders.
    _process: ChildGuard,
    _leftovers: Leftovers,
    _bus: ChildGuard,
    /// The app's data, config and cache folders live here, removed after the test.
    home: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

/// Kills, when dropped, every process started with this driver's config folder in its
/// environment: an app (and its WebKit processes) whose test failed before closing it.
struct Leftovers(String);

impl Drop for Leftovers {
    fn drop(&mut self) {
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return;
        };
        for pid in entries.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok()) {
            let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            let marked = environ
                .split(|&b| b == 0)
                .any(|var| var == self.0.as_bytes());
            if marked && pid != std::process::id() {
                let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            }
        }
    }
}

impl Driver {
    pub fn start() -> Driver {
        Driver::start_with_env(&[])
    }

    /// A driver whose apps start with `env` added to their environment.
    pub fn start_with_env(env: &[(&str, &str)]) -> Driver {
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
        let display = display();
        let tauri_driver = which("tauri-driver").expect(
            "tauri-driver is not installed (cargo install tauri-driver --locked); run scripts/setup.sh",
        );
        assert!(
            which("WebKitWebDriver").is_some(),
            "WebKitWebDriver is not installed (apt-get install webkit2gtk-driver); run scripts/setup.sh"
        );
        let home = tempfile::tempdir().unwrap();
        for dir in ["data", "config", "cache"] {
            std::fs::create_dir_all(home.path().join(dir)).unwrap();
        }
        let (bus, bus_address) = private_bus(home.path());
        let dir = |name: &str| home.path().join(name).display().to_string();
        let mut app_env: Vec<(String, String)> = vec![
            ("DISPLAY".into(), display.into()),
            ("XDG_DATA_HOME".into(), dir("data")),
            ("XDG_CONFIG_HOME".into(), dir("config")),
            ("XDG_CACHE_HOME".into(), dir("cache")),
            // One window per library goes through the session bus: this driver's apps meet
            // one another there, never a Report Viewer the person running the tests has open.
            ("DBUS_SESSION_BUS_ADDRESS".into(), bus_address),
            // No accessibility bus there: GTK is told not to look for one.
            ("NO_AT_BRIDGE".into(), "1".into()),
            // WebKit processes may outlive a test by a moment; keep them from writing caches.
            ("MESA_SHADER_CACHE_DISABLE".into(), "true".into()),
            // The interface follows the system's language: English unless a test says.
            ("LANG".into(), "C.UTF-8".into()),
        ];
        app_env.extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let port = free_port();
        let native_port = free_port();
        let process = Command::new(tauri_driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .envs(app_env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver starts");
        // tauri-driver listens before the WebKitWebDriver it starts does, and a session
        // asked for in between is dropped with no answer (seen on a fresh machine's first
        // launch). Both must listen before a test asks.
        let deadline = Instant::now() + Duration::from_secs(30);
        for (listener, what) in [(port, "tauri-driver"), (native_port, "WebKitWebDriver")] {
            while TcpStream::connect(("127.0.0.1", listener)).is_err() {
                assert!(
                    Instant::now() < deadline,
                    "{what} did not listen on {listener}"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let marker = format!("XDG_CONFIG_HOME={}", home.path().join("config").display());
        Driver {
            url: format!("http://127.0.0.1:{port}"),
            app_env,
            _process: ChildGuard(process),
            _leftovers: Leftovers(marker),
            _bus: bus,
            home,
            _turn: turn,
        }
    }

    /// The app's settings folder for the apps this driver starts.
    pub fn settings_dir(&self) -> PathBuf {
        self.home
            .path()
            .join("config")
            .join("org.reportviewer.desktop")
    }

    /// `program` with the environment of the apps this driver starts (display, folders, bus):
    /// what a second start of the app on the same desktop has.
    pub fn command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .envs(self.app_env.iter().map(|(k, v)| (k, v)));
        command
    }

    /// Starts the app under test with `args` and waits until its first page is shown.
    pub async fn launch(&self, args: &[&str]) -> Client {
        self.launch_app(&app_binary(), args).await
    }

    /// Starts `app` with `args` and waits until its first page is shown.
    pub async fn launch_app(&self, app: &Path, args: &[&str]) -> Client {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({"application": app, "args": args}),
        );
        let client = ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .expect("a WebDriver session with the app");
        wait_for(&client, "body[data-ready]").await;
        client
    }
}

/// Waits for an element matching `css`.
pub async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no `{css}` within {PATIENCE:?}: {e}"))
}

/// Runs `script` until it returns `expected`, or fails with what it last returned.
pub async fn wait_until(client: &Client, script: &str, expected: Value) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let value = client.execute(script, vec![]).await.expect("script runs");
        if value == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "`{script}` gave {value}, expected {expected}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks the element matching `css`, once it is there.
pub async fn click(client: &Client, css: &str) {
    wait_for(client, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
}

/// The text of the element matching `css`.
pub async fn text(client: &Client, css: &str) -> String {
    wait_for(client, css)
        .await
        .text()
        .await
        .expect("element text")
}

/// Runs `script` and returns its value.
pub async fn eval(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.expect("script runs")
}

/// The sidebar's session entries (the overview entry excluded).
pub const SESSIONS: &str = "#session-list .session-item:not(.overview-item)";

/// Waits until the page shows the title `expected`.
pub async fn wait_for_title(client: &Client, expected: &str) {
    wait_until(
        client,
        "return document.querySelector('#page-title').textContent",
        json!(expected),
    )
    .await;
}

/// Clicks the `number`th session (1-based) in the sidebar and waits for its page.
pub async fn open_session(client: &Client, number: usize, title: &str) {
    let items = client.find_all(Locator::Css(SESSIONS)).await.unwrap();
    items[number - 1].click().await.unwrap();
    wait_for_title(client, title).await;
}

/// Presses `key` in the element that has the focus.
pub async fn press(client: &Client, key: fantoccini::key::Key) {
    client
        .active_element()
        .await
        .expect("a focused element")
        .send_keys(&char::from(key).to_string())
        .await
        .expect("the key is sent");
}

/// Presses Esc and waits until the image viewer is closed.
pub async fn close_viewer(client: &Client) {
    press(client, fantoccini::key::Key::Escape).await;
    wait_until(
        client,
        "return document.querySelector('#lightbox').hidden",
        json!(true),
    )
    .await;
}

/// Types `keys` into the element that has the focus (the page body if nothing has).
pub async fn type_keys(client: &Client, keys: &str) {
    client
        .active_element()
        .await
        .expect("a focused element")
        .send_keys(keys)
        .await
        .expect("the keys are sent");
}

/// Types `query` into the emptied search box and waits until the list on screen answers it
/// from the ready index.
pub async fn search_for(client: &Client, query: &str) {
    let input = wait_for(client, "#search-input").await;
    input.clear().await.expect("the search box empties");
    input.send_keys(query).await.expect("the query is typed");
    wait_until(
        client,
        "const r = document.querySelector('#search-results'); return [r.dataset.query, r.dataset.state]",
        json!([query, "ready"]),
    )
    .await;
}
