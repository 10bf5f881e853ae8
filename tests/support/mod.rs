//! A fluent builder for CLI tests: copy a fixture KB into a temporary folder, run the real
//! `kbpress` binary in it, and assert on exit code, output and written files.

#![allow(dead_code)] // Each test binary uses a different part of this module.

pub mod static_site;
pub mod tools;

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Test {
    dir: std::rc::Rc<tempfile::TempDir>,
    args: Vec<String>,
    env: Vec<(String, String)>,
    cwd: Option<PathBuf>,
}

pub struct Output {
    /// Keeps the KB folder alive while the output is inspected.
    _dir: std::rc::Rc<tempfile::TempDir>,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub root: PathBuf,
}

impl Test {
    /// An empty KB folder.
    pub fn new() -> Test {
        Test {
            dir: std::rc::Rc::new(tempfile::tempdir().expect("temp dir")),
            args: Vec::new(),
            env: Vec::new(),
            cwd: None,
        }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Test {
        let test = Test::new();
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_tree(&source, test.root());
        test
    }

    /// A copy of the repository's own sample KB (site.toml, articles/, assets/, snippets/).
    pub fn sample_kb() -> Test {
        let test = Test::new();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(repo.join("site.toml"), test.root().join("site.toml")).unwrap();
        for folder in ["articles", "assets", "snippets"] {
            copy_tree(&repo.join(folder), &test.root().join(folder));
        }
        test
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(self, path: &str, content: &str) -> Test {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
        self
    }

    pub fn args(mut self, args: &[&str]) -> Test {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Run in this subfolder of the KB instead of its root.
    pub fn current_dir(mut self, relative: &str) -> Test {
        self.cwd = Some(self.root().join(relative));
        self
    }

    /// Runs kbpress and returns its output; the KB folder lives as long as the `Test`.
    pub fn run(&self) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kbpress"));
        command
            .args(&self.args)
            .current_dir(self.cwd.as_deref().unwrap_or(self.root()))
            .env_remove("GITHUB_ACTIONS")
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1")
            .env("CI", "true");
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let output = command.output().expect("run kbpress");
        Output {
            _dir: self.dir.clone(),
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            root: self.root().to_path_buf(),
        }
    }

    /// Runs and asserts the exit code, showing the output when it differs.
    pub fn expect(&self, code: i32) -> Output {
        let output = self.run();
        assert_eq!(
            output.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            output.stdout, output.stderr
        );
        output
    }
}

impl Output {
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root.join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
    }

    /// The `<main>` element of an HTML page, for snapshots that ignore the theme's chrome.
    pub fn main_of(&self, path: &str) -> String {
        let html = self.read(path);
        let start = html
            .find("<main")
            .unwrap_or_else(|| panic!("{path} has no <main>"));
        let end = html
            .find("</main>")
            .map(|i| i + "</main>".len())
            .unwrap_or(html.len());
        html[start..end].to_string()
    }

    /// Every file under `folder`, relative, sorted.
    pub fn files_under(&self, folder: &str) -> Vec<String> {
        files_under(&self.root, folder)
    }
}

/// Every file under `folder` of `root`, relative, with `/` separators, sorted.
pub fn files_under(root: &Path, folder: &str) -> Vec<String> {
    let base = root.join(folder);
    let mut files: Vec<String> = walkdir::WalkDir::new(&base)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
