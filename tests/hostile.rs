//! Hostile and broken input (issue #9): whatever kbpress meets, it answers with a clear
//! diagnostic and goes on. No panic, no hang, no runaway memory, nothing written outside the
//! output folder. One test per item; most run the real binary through the `Test` builder.
//!
//! Time budgets: `cargo test` builds kbpress itself unoptimised (only dependencies get
//! `opt-level = 1`), on a 2-core machine with two tests running at once. Every input below takes
//! well under 2 s with `--release`; the budget here is [`BUDGET`] (30 s) so that the suite holds
//! in a debug build on a busy machine while still catching a hang or a quadratic blow-up (those
//! take minutes or hours on these inputs, not seconds).
//!
//! Related tests elsewhere: a panic while rendering one article is caught and names the article
//! (`a_panic_while_rendering_names_the_article_and_keeps_the_old_site` in `tests/build.rs`,
//! driven by `KBPRESS_TEST_PANIC_ON` in `src/render/mod.rs`); determinism of the fixture KB
//! (`two_builds_are_byte_identical_whatever_the_environment`, same file).

mod support;

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{files_under, Test};

const TODAY: &str = "2026-11-01";
/// The sample KB at the repository root has review dates up to late 2026.
const SAMPLE_TODAY: &str = "2027-01-15";

/// The longest any single pathological input may take through the debug binary (see above).
const BUDGET: Duration = Duration::from_secs(30);

/// Peak resident memory allowed for one kbpress run on one hostile input. Inputs are at most
/// 8 MiB (the article cap), so this is roughly 100 bytes per input byte: generous, but a
/// runaway (an exponential YAML expansion, an unbounded buffer) blows far past it.
const MEMORY_LIMIT_KIB: u64 = 1024 * 1024;

/// A KB whose checks never block publishing for link problems, so that pathological bodies
/// (full of half-links) go through rendering too, not only through `check`.
const SITE: &str = r#"title = "Hostile KB"
base_url = "https://docs.example.com/help/"

[products.voice]
name = "Hosted Voice"

[audiences.direct]
name = "Direct customers"
[audiences.staff]
name = "Support staff"
internal = true

[types.how-to]
name = "How-to"

[check.severity]
broken-link = "off"
broken-anchor = "off"
missing-image = "off"
heading-order = "off"
unsafe-url = "off"
"#;

fn kb() -> Test {
    Test::new().file("site.toml", SITE)
}

fn front_matter(title: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: A test article.\ntype: how-to\napplies_to: [voice]\nreviewed: 2026-09-01\n---\n"
    )
}

fn article(title: &str, body: &str) -> String {
    format!("{}{body}", front_matter(title))
}

fn write_bytes(test: &Test, path: &str, bytes: &[u8]) {
    let full = test.root().join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, bytes).unwrap();
}

/// One kbpress run, watched: wall time and peak resident memory.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    peak_kib: u64,
}

impl Run {
    fn diagnostics(&self) -> Vec<Value> {
        let json: Value = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr));
        json["diagnostics"].as_array().unwrap().clone()
    }

    /// The diagnostics with this code, as `(file, line, message)`.
    fn found(&self, code: &str) -> Vec<(String, u64, String)> {
        self.diagnostics()
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| {
                (
                    d["file"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    fn summary_articles(&self) -> u64 {
        let json: Value = serde_json::from_str(&self.stdout).unwrap();
        json["summary"]["articles"].as_u64().unwrap()
    }
}

/// Runs kbpress in the KB with `args`, killing it past `budget`; fails the test on a timeout,
/// a signal (a stack overflow aborts with SIGABRT/SIGSEGV) or memory over the limit.
fn run_bounded(test: &Test, args: &[&str], budget: Duration) -> Run {
    run_bounded_with(test, args, budget, &[])
}

/// [`run_bounded`] with environment variables set for kbpress.
fn run_bounded_with(test: &Test, args: &[&str], budget: Duration, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kbpress"));
    command.envs(env.iter().copied());
    command
        .args(args)
        .current_dir(test.root())
        .env_remove("GITHUB_ACTIONS")
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .env("CI", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = command.spawn().expect("spawn kbpress");
    let pipe = |mut reader: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = reader.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = pipe(Box::new(child.stdout.take().unwrap()));
    let stderr = pipe(Box::new(child.stderr.take().unwrap()));
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            if let Some(kib) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak_kib = peak_kib.max(kib);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > budget {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("kbpress {args:?} did not finish within {budget:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&stderr.join().unwrap()).into_owned(),
        elapsed,
        peak_kib,
    };
    assert!(
        status.code().is_some(),
        "kbpress {args:?} was killed by a signal ({status}); stderr:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("stack overflow"),
        "kbpress {args:?} crashed:\n{}",
        run.stderr
    );
    assert!(
        peak_kib < MEMORY_LIMIT_KIB,
        "kbpress {args:?} used {peak_kib} KiB of memory"
    );
    eprintln!(
        "kbpress {args:?}: exit {} in {:?}, peak {} MiB",
        run.code,
        run.elapsed,
        peak_kib / 1024
    );
    run
}

fn check(test: &Test) -> Run {
    run_bounded(
        test,
        &["check", "--format", "json", "--today", TODAY],
        BUDGET,
    )
}

fn build(test: &Test) -> Run {
    run_bounded(
        test,
        &["build", "--format", "json", "--today", TODAY],
        BUDGET,
    )
}

fn read(test: &Test, path: &str) -> String {
    std::fs::read_to_string(test.root().join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

/// Whether any file under the KB's `public/` contains `needle`.
fn output_contains(test: &Test, needle: &str) -> Option<String> {
    files_under(test.root(), "public").into_iter().find(|file| {
        let bytes = std::fs::read(test.root().join("public").join(file)).unwrap();
        String::from_utf8_lossy(&bytes).contains(needle)
    })
}

/// The article body of a built page: from `<article` to `</article>` (or `<main>` if none).
fn article_html(test: &Test, path: &str) -> String {
    let html = read(test, path);
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>");
    html[start..end].to_string()
}

// ---------------------------------------------------------------------------------------------
// Encoding

#[test]
fn invalid_utf8_is_unreadable_with_path_and_offset_and_the_rest_is_checked() {
    // The good article has a finding of its own: proof that it was still read and checked.
    let good = article("Good", "Body\n").replace("---\nBody", "colour: blue\n---\nBody");
    let test = kb().file("articles/good.md", &good);
    write_bytes(
        &test,
        "articles/latin1.md",
        b"---\ntitle: Caf\xE9\nsummary: x\n---\nBody\n",
    );
    write_bytes(&test, "articles/truncated.md", b"---\ntitle: \xE2\x82");
    let run = check(&test);
    assert_eq!(run.code, 1);
    let found = run.found("unreadable-file");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "articles/latin1.md");
    assert!(
        found[0].2.contains("offset 14") && found[0].2.contains("line 2"),
        "{found:?}"
    );
    assert_eq!(found[1].0, "articles/truncated.md");
    assert!(found[1].2.contains("offset 11"), "{found:?}");
    assert_eq!(run.found("unknown-field")[0].0, "articles/good.md");
    assert_eq!(run.summary_articles(), 3);
    assert_eq!(run.diagnostics().len(), 3, "{:?}", run.diagnostics());
    // An unreadable article blocks publishing, like any error.
    assert_eq!(
        run_bounded(&test, &["build", "--today", TODAY], BUDGET).code,
        1
    );
}

#[test]
fn utf16_files_are_unreadable_not_garbage() {
    let text = article("Wide", "Body\n");
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let test = kb().file("articles/fine.md", &article("Fine", "Body\n"));
    write_bytes(&test, "articles/le.md", &le);
    write_bytes(&test, "articles/be.md", &be);
    let run = check(&test);
    let found = run.found("unreadable-file");
    let files: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(files, ["articles/be.md", "articles/le.md"]);
    assert!(found.iter().all(|f| f.2.contains("UTF-16")), "{found:?}");
    assert_eq!(run.diagnostics().len(), 2, "fine.md has no finding");
}

#[test]
fn a_utf8_bom_is_ignored() {
    let text = article("Bom", "## Steps\n\nText.\n");
    let plain = kb().file("articles/a.md", &text);
    let bom = kb();
    write_bytes(
        &bom,
        "articles/a.md",
        &[b"\xEF\xBB\xBF", text.as_bytes()].concat(),
    );
    assert_eq!(build(&plain).code, 0);
    let run = build(&bom);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(&plain, "public/a/index.html"),
        read(&bom, "public/a/index.html")
    );
    assert!(!read(&bom, "public/a/index.html").contains('\u{feff}'));
}

#[test]
fn crlf_and_lone_cr_files_render_exactly_like_lf_files() {
    let text = article(
        "Line endings",
        "Intro with a  \nhard break and <b onclick=\"x()\">raw</b> HTML.\n\n## Steps\n\n1. One\n2. Two\n   continued\n\n```sh\necho hi\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n> [!NOTE]\n> A note.\n\n## Steps\n\nLast.\n",
    );
    let builds: Vec<(Test, Run)> = ["\n", "\r\n", "\r"]
        .iter()
        .map(|ending| {
            let test = kb().file("articles/a.md", &text.replace('\n', ending));
            let run = build(&test);
            assert_eq!(run.code, 0, "{ending:?}: {}", run.stderr);
            let checked = check(&test);
            (test, checked)
        })
        .collect();
    let lf = read(&builds[0].0, "public/a/index.html");
    assert!(lf.contains("<h2 id=\"steps-1\">"), "{lf}");
    for (test, run) in &builds[1..] {
        assert!(
            read(test, "public/a/index.html") == lf,
            "page differs from the LF build"
        );
        // Positions agree too: the raw-html warning is on the same line and column.
        assert_eq!(run.diagnostics(), builds[0].1.diagnostics());
    }
    assert_eq!(builds[0].1.found("raw-html")[0].1, 9);
}

// ---------------------------------------------------------------------------------------------
// Front matter

#[test]
fn a_missing_closing_fence_is_missing_front_matter() {
    let test = kb()
        .file(
            "articles/open.md",
            "---\ntitle: Open\nsummary: never closed\n\nBody text.\n",
        )
        .file("articles/fine.md", &article("Fine", "Body\n"));
    let run = check(&test);
    let found = run.found("missing-front-matter");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].1), ("articles/open.md", 1));
}

#[test]
fn dashes_inside_a_quoted_value_are_text_or_a_clear_error() {
    let test = kb().file(
        "articles/a.md",
        &article("\"Before --- after\"", "Body\n")
            .replace("summary: A test article.", "summary: 'a --- b'"),
    );
    let run = build(&test);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let page = read(&test, "public/a/index.html");
    assert!(page.contains("Before --- after"), "{page}");
    // A `---` line inside a multi-line quoted value ends the block (as in every static site
    // generator): the rest is then a YAML error, reported, not a crash.
    let test = kb().file(
        "articles/a.md",
        "---\ntitle: \"first\n---\nsecond\"\nsummary: x\n---\nBody\n",
    );
    let run = check(&test);
    assert_eq!(run.found("yaml-syntax").len(), 1, "{:?}", run.diagnostics());
}

#[test]
fn a_rule_in_the_body_is_a_rule() {
    let test = kb().file(
        "articles/a.md",
        &article("Rules", "Above\n\n---\n\nBelow\n\n---\n"),
    );
    let run = build(&test);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let html = article_html(&test, "public/a/index.html");
    assert_eq!(html.matches("<hr />").count(), 2, "{html}");
    assert!(html.contains("Below"));
}

#[test]
fn only_front_matter_is_an_article_with_an_empty_body() {
    for text in [
        front_matter("Only"),
        front_matter("Only").trim_end().to_string(),
    ] {
        let test = kb().file("articles/a.md", &text);
        let run = build(&test);
        assert_eq!(run.code, 0, "{:?}: {}", text, run.stdout);
        assert!(read(&test, "public/a/index.html").contains("Only"));
    }
}

#[test]
fn an_empty_file_is_missing_front_matter() {
    let test = kb()
        .file("articles/empty.md", "")
        .file("articles/blank.md", "\n\n  \n");
    let run = check(&test);
    let found = run.found("missing-front-matter");
    let files: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(files, ["articles/blank.md", "articles/empty.md"]);
}

#[test]
fn two_yaml_documents_are_a_yaml_error() {
    // A document marker with content inside the block is a second YAML document.
    let test = kb().file(
        "articles/a.md",
        "---\ntitle: A\n--- {summary: B}\n---\nBody\n",
    );
    let run = check(&test);
    let found = run.found("yaml-syntax");
    assert_eq!(found.len(), 1, "{:?}", run.diagnostics());
    assert_eq!(found[0].0, "articles/a.md");
    // A second `---` block after the first is Markdown: a rule and a heading, not front matter.
    let test = kb().file(
        "articles/a.md",
        &article("A", "---\nlooks: like yaml\n---\n"),
    );
    let run = build(&test);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(read(&test, "public/a/index.html").contains("looks: like yaml"));
}

#[test]
fn an_unquoted_colon_in_a_value_is_a_yaml_error_with_its_line() {
    let test = kb().file("articles/a.md", &article("Foo: Bar", "Body\n"));
    let run = check(&test);
    let found = run.found("yaml-syntax");
    assert_eq!(found.len(), 1, "{:?}", run.diagnostics());
    assert_eq!((found[0].0.as_str(), found[0].1), ("articles/a.md", 2));
    let help = run.diagnostics()[0]["help"].as_str().unwrap().to_string();
    assert!(help.contains("quote"), "{help}");
}

#[test]
fn yaml_types_yield_to_the_schema() {
    // `title: 123` and `summary: 1.10` stay the text as written.
    let test = kb().file(
        "articles/a.md",
        "---\ntitle: 123\nsummary: 1.10\ntype: how-to\napplies_to: [voice]\nreviewed: 2026-09-01\n---\nBody\n",
    );
    let run = build(&test);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let page = read(&test, "public/a/index.html");
    assert!(page.contains("<title>123"), "{page}");
    assert!(page.contains("1.10"), "{page}");
    // `draft: yes` is text in YAML 1.2, so not a boolean; `version` is no field at all.
    let test = kb().file(
        "articles/a.md",
        &article("A", "Body\n").replace("---\nBody", "draft: yes\nversion: 1.10\n---\nBody"),
    );
    let run = check(&test);
    let invalid = run.found("invalid-field");
    assert_eq!(invalid.len(), 1, "{invalid:?}");
    assert_eq!(invalid[0].1, 7);
    assert!(invalid[0].2.contains("`draft`"), "{invalid:?}");
    let unknown = run.found("unknown-field");
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(unknown[0].1, 8);
}

#[test]
fn duplicate_keys_are_a_yaml_error() {
    let test = kb().file(
        "articles/a.md",
        &article("A", "Body\n").replace("---\nBody", "title: B\n---\nBody"),
    );
    let run = check(&test);
    let found = run.found("yaml-syntax");
    assert_eq!(found.len(), 1, "{:?}", run.diagnostics());
    assert!(found[0].2.contains("duplicate"), "{found:?}");
}

#[test]
fn anchors_aliases_merge_keys_and_tags_are_refused() {
    let cases = [
        ("anchor", "tags: &t [a, b]\n"),
        ("alias", "roles: *t\n"),
        ("merge", "<<: {owner: x}\n"),
        ("tag", "owner: !!str x\n"),
        ("custom-tag", "owner: !include /etc/passwd\n"),
    ];
    let mut test = kb();
    for (name, line) in cases {
        let text = article(name, "Body\n").replace("---\nBody", &format!("{line}---\nBody"));
        test = test.file(&format!("articles/{name}.md"), &text);
    }
    let run = check(&test);
    let found = run.found("yaml-syntax");
    assert_eq!(found.len(), cases.len(), "{found:?}");
    for (file, line, message) in &found {
        assert_eq!(*line, 7, "{file}");
        assert!(message.contains("does not support"), "{file}: {message}");
    }
}

#[test]
fn a_billion_laughs_block_is_refused_at_once() {
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        yaml.push_str(&format!(
            "{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"
        ));
    }
    let text = format!("---\n{yaml}title: Laughs\n---\nBody\n");
    // In process: the parser refuses the block before expanding anything.
    let start = Instant::now();
    let error = kbpress::front_matter::yaml::parse(&text, 4..4 + yaml.len() + 13).unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert!(error.message.contains("anchor"), "{error:?}");
    // Through the binary, within the same generous bound.
    let test = kb().file("articles/lol.md", &text);
    let run = run_bounded(
        &test,
        &["check", "--format", "json", "--today", TODAY],
        Duration::from_secs(1),
    );
    assert_eq!(run.found("yaml-syntax").len(), 1);
}

#[test]
fn deeply_nested_yaml_is_an_error_not_a_stack_overflow() {
    for nesting in [
        "[".repeat(20_000),
        "{a: ".repeat(20_000),
        "- ".repeat(20_000),
    ] {
        let text = format!("---\ntitle: {nesting}\n---\nBody\n");
        let test = kb().file("articles/deep.md", &text);
        let run = check(&test);
        assert_eq!(run.code, 1);
        assert_eq!(run.found("yaml-syntax").len(), 1, "{:?}", run.diagnostics());
    }
}

#[test]
fn a_huge_front_matter_is_refused_by_the_size_cap() {
    let yaml = format!("title: T\nsummary: {}\n", "x".repeat(5 * 1024 * 1024));
    let test = kb().file("articles/big.md", &format!("---\n{yaml}---\nBody\n"));
    let run = check(&test);
    let found = run.found("yaml-syntax");
    assert_eq!(found.len(), 1, "{:?}", run.diagnostics());
    assert!(found[0].2.contains("limit"), "{found:?}");
}

// ---------------------------------------------------------------------------------------------
// Markdown: pathological inputs finish within the budget with bounded output

/// Builds a KB whose one article has `body`; the build must succeed within the budget and the
/// page must stay within a fixed multiple of the input.
fn pathological(body: &str) -> (Test, Run) {
    pathological_with(body, SITE, 20)
}

/// [`pathological`] with another `site.toml` and bound on output bytes per input byte.
fn pathological_with(body: &str, site: &str, ratio: u64) -> (Test, Run) {
    let test = Test::new()
        .file("site.toml", site)
        .file("articles/a.md", &article("Pathological", body));
    let run = build(&test);
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let page = std::fs::metadata(test.root().join("public/a/index.html"))
        .unwrap()
        .len();
    let bound = ratio * body.len() as u64 + 64 * 1024;
    assert!(
        page <= bound,
        "the page is {page} bytes for {} input bytes",
        body.len()
    );
    (test, run)
}

#[test]
fn markdown_unclosed_angle_link_destinations() {
    pathological(&"[a](<b".repeat(50_000));
}

#[test]
fn markdown_unclosed_cdata() {
    pathological(&"a <![CDATA[".repeat(20_000));
}

#[test]
fn markdown_nested_list_markers_on_one_line() {
    refused_as_too_deep(&format!("{}a", "* ".repeat(80_000)));
}

/// Lines that open more than 1,000 nested quotes or lists are refused with a diagnostic
/// (`MAX_NESTING_MARKERS` in src/load/article.rs): 8 MiB of `>` would otherwise make a 226 MB
/// page and take 4 GB of memory.
fn refused_as_too_deep(body: &str) {
    let test = Test::new()
        .file("site.toml", SITE)
        .file("articles/a.md", &article("Pathological", body));
    let run = check(&test);
    let found = run.found("unreadable-file");
    assert_eq!(found.len(), 1, "{:?}", run.diagnostics());
    assert!(found[0].2.contains("levels deep on line"), "{found:?}");
}

#[test]
fn markdown_emphasis_runs() {
    pathological(&"a***".repeat(80_000));
}

#[test]
fn markdown_unbalanced_link_brackets() {
    pathological(&"[ (](".repeat(40_000));
}

#[test]
fn markdown_unclosed_links_and_emphasis() {
    pathological(&"[*_a".repeat(100_000));
}

#[test]
fn raw_html_nesting_and_misnested_formatting() {
    // Just under the cap of 10,000 tags: sanitized, nested 9,900 deep.
    let (test, _) = pathological(&"<div><b><i>x".repeat(3_300));
    assert!(read(&test, "public/a/index.html").contains("<div><b><i>x<div>"));
    // Past it: shown as text, and said so.
    let (test, _) = pathological(&"a <b><i>x</b></i> <span>".repeat(30_000));
    assert!(read(&test, "public/a/index.html").contains("a &lt;b&gt;&lt;i&gt;x"));
    let found = check(&test).found("raw-html");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1, 8);
    assert!(
        found[0]
            .2
            .contains("it has 90000 tags, more than the 10000"),
        "{found:?}"
    );
}

#[test]
fn raw_html_scripts_handlers_and_script_urls_are_stripped_and_reported() {
    let body = "Press <kbd>Tab</kbd>.\n\n<script>alert('x1')</script>\n\n<img src=\"https://example.com/i.png\" onerror=\"alert('x2')\" alt=\"i\">\n<a href=\"javascript:alert('x3')\">a</a> <a href=\"JaVa&#x09;script:alert('x4')\">b</a>\n\n<svg onload=\"alert('x5')\"></svg><iframe src=\"https://evil.example\"></iframe>\n<style>body{display:none}</style>\n\n<details open ontoggle=\"alert('x6')\"><summary>S</summary>x</details>\n<form action=\"https://evil.example\"><input name=q></form> <a href=\"data:text/html,<script>alert('x7')</script>\">c</a>\n<p style=\"background:url(javascript:alert('x8'))\">styled</p>\n";
    let test = kb().file("articles/a.md", &article("Raw", body));
    assert_eq!(build(&test).code, 0);
    let run = check(&test);
    let page = read(&test, "public/a/index.html");
    let start = page.find("<div class=\"article-body\">").expect("the body");
    let end = page[start..].find("<footer").expect("the footer") + start;
    let content = &page[start..end];
    for kept in [
        "<kbd>Tab</kbd>",
        "<details open=\"\">",
        "<summary>S</summary>",
    ] {
        assert!(content.contains(kept), "{kept} missing from {content}");
    }
    for unsafe_text in [
        "alert",
        "<script",
        "onerror",
        "onload",
        "ontoggle",
        "javascript",
        "<iframe",
        "<svg",
        "<style",
        "<form",
        "<input",
        "evil.example",
        "data:",
        "style=",
    ] {
        assert!(!content.contains(unsafe_text), "{unsafe_text} in {content}");
    }
    let found: Vec<(u64, String)> = run
        .found("raw-html")
        .into_iter()
        .map(|(_, line, message)| (line, message))
        .collect();
    let expected = [
        (10, "raw HTML: `<script>` removed with its content"),
        (12, "raw HTML: `onerror` attribute removed from `<img>`"),
        (13, "raw HTML: `javascript:` URL removed from `<a href>`"),
        (13, "raw HTML: `javascript:` URL removed from `<a href>`"),
        (15, "raw HTML: `<svg>` removed"),
        (15, "raw HTML: `<iframe>` removed"),
        (16, "raw HTML: `<style>` removed with its content"),
        (
            18,
            "raw HTML: `ontoggle` attribute removed from `<details>`",
        ),
        (19, "raw HTML: `<form>` removed"),
        (19, "raw HTML: `<input>` removed"),
        (19, "raw HTML: `data:` URL removed from `<a href>`"),
        (20, "raw HTML: `style` attribute removed from `<p>`"),
    ];
    let expected: Vec<(u64, String)> = expected
        .iter()
        .map(|(line, message)| (*line, message.to_string()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn markdown_deep_block_quotes() {
    // Each `>` opens a `<blockquote>`: 27 output bytes per input byte, linear up to the cap.
    pathological_with(&">".repeat(1_000), SITE, 32);
    refused_as_too_deep(&">".repeat(100_000));
}

#[test]
fn markdown_ten_thousand_nested_lists() {
    let one_line = format!("{}deep\n", "- ".repeat(10_000));
    let ordered = format!("{}deep\n", "1. ".repeat(10_000));
    let mut indented = String::new();
    for depth in 0..2_000 {
        indented.push_str(&" ".repeat(depth * 2));
        indented.push_str("- item\n");
    }
    refused_as_too_deep(&one_line);
    for body in [ordered, indented] {
        pathological(&body);
    }
}

#[test]
fn markdown_nested_images_and_links() {
    // Each image's alt text is everything up to its end: nested images must not make
    // rendering quadratic.
    pathological(&format!(
        "{}a{}",
        "![".repeat(20_000),
        "](x.png)".repeat(20_000)
    ));
    pathological(&format!(
        "{}a{}",
        "[".repeat(20_000),
        "](x.md)".repeat(20_000)
    ));
}

#[test]
fn markdown_many_duplicate_headings() {
    let (test, _) = pathological(&"## Steps\n".repeat(100_000));
    let page = read(&test, "public/a/index.html");
    assert!(page.contains("id=\"steps-99999\""));
}

#[test]
fn markdown_many_links_on_one_long_line() {
    // Every link's column is counted from the start of its line: that must stay linear.
    pathological(&"[l](https://example.com/) [m](nowhere.md#x) ".repeat(100_000));
}

#[test]
fn markdown_many_raw_html_tags_on_one_long_line() {
    // raw-html lists the first 20 findings per article and counts the rest.
    pathological(&"<b>x</b> ".repeat(100_000));
}

/// Issue 17 item 1: every diagnostic on a one-line body of 30,000 broken links, in the human
/// format, coloured or not. Each diagnostic used to measure the whole line (123 s for 50,000
/// links in a release build); now each shows a window around its link, so the output grows
/// with the number of links, not with its square.
#[test]
fn human_output_of_many_diagnostics_on_one_long_line_is_linear() {
    let links = 30_000;
    let site = SITE.replace("broken-link = \"off\"\n", "");
    let test = Test::new()
        .file("site.toml", &site)
        .file("articles/m2.md", &article("M", "Body\n"))
        .file(
            "articles/a.md",
            &article("Links", &"[l](m.md) ".repeat(links)),
        );
    for color in ["never", "always"] {
        let run = run_bounded(
            &test,
            &["check", "--color", color, "--today", TODAY],
            BUDGET,
        );
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(run.stdout.matches("[broken-link]").count(), links);
        assert!(
            run.stdout.len() < links * 600,
            "{} bytes for {links} diagnostics",
            run.stdout.len()
        );
        assert!(
            run.stdout.contains("articles/a.md:8:299991"),
            "the last link's column"
        );
    }
}

/// Issue 17 item 2: eight 512 KiB articles that take ~260 bytes of memory per byte to parse,
/// on eight threads. They were parsed at once (eight 1 MiB `*a` ones: 1.59 GB on eight threads,
/// 0.27 GB on one); now large articles take turns (`load/budget.rs`), so the peak is about one
/// article's (~140 MB here), whatever the number of threads.
#[test]
fn large_pathological_articles_are_parsed_in_turn_not_all_at_once() {
    let mut test = kb();
    for (index, unit) in ["*a", "[a](", "<a", "["].iter().cycle().take(8).enumerate() {
        let body = unit.repeat(512 * 1024 / unit.len());
        test = test.file(&format!("articles/big-{index}.md"), &article("Big", &body));
    }
    let run = run_bounded_with(
        &test,
        &["check", "--format", "json", "--today", TODAY],
        BUDGET,
        &[("RAYON_NUM_THREADS", "8")],
    );
    assert_eq!(run.summary_articles(), 8, "{}", run.stdout);
    assert!(
        run.peak_kib < 600 * 1024,
        "peak {} MiB",
        run.peak_kib / 1024
    );
}

/// Issue 17: an article of one unit that pulldown-cmark reads as an event every byte or two
/// (`*a`, `[a](`) or as one long run of possible links (`[`). The writer kept two lists of
/// ~100-byte events and the parser's growing tree was copied (mimalloc): 8 MiB of `*a` peaked
/// at 1.9 GB, ~230 bytes per byte. Now such a body is written as it is parsed
/// (`markdown/writer.rs`) and huge blocks grow in place (`main.rs`): ~55-70 bytes per byte,
/// the most of it pulldown-cmark's tree. The limit (90 bytes per byte, plus the base) is
/// generous for that and far under the old figures.
#[test]
fn a_large_article_of_dense_markup_takes_tens_of_bytes_per_byte_not_hundreds() {
    const BYTES: usize = 4 * 1024 * 1024;
    for unit in ["*a", "[", "[a]("] {
        let body = unit.repeat(BYTES / unit.len());
        let test = kb().file("articles/big.md", &article("Big", &body));
        let run = run_bounded_with(
            &test,
            &["build", "--allow-errors", "--today", TODAY],
            BUDGET,
            &[("RAYON_NUM_THREADS", "2")],
        );
        assert_eq!(run.code, 0, "{unit}: {}", run.stderr);
        let html = std::fs::read_to_string(test.root().join("public/big/index.html")).unwrap();
        assert!(html.len() > BYTES, "{unit}: the page holds the body");
        assert!(
            run.peak_kib < (90 * BYTES as u64 + 60 * 1024 * 1024) / 1024,
            "{unit}: peak {} MiB for {} MiB",
            run.peak_kib / 1024,
            BYTES / 1024 / 1024
        );
    }
}

/// Issue 17 item 7: article names with escape sequences or a newline and a workflow command.
/// They are `unpublishable-name` errors, and no output format lets the name reach the terminal
/// or the CI log raw: no escape sequence, no line of the output that starts a command.
#[cfg(unix)]
#[test]
fn control_characters_in_file_names_never_reach_the_terminal_raw() {
    let names = [
        "articles/esc\x1b]0;T\x07.md",
        "articles/x\n::error file=INJECTED.md,line=1::boom\n.md",
    ];
    let mut test = kb().file("articles/ok.md", &article("Ok", "Body\n"));
    for name in names {
        test = test.file(name, &article("Named", "Body\n"));
    }
    for format in ["human", "github"] {
        for color in ["never", "always"] {
            let run = run_bounded(
                &test,
                &[
                    "check", "--format", format, "--color", color, "--today", TODAY,
                ],
                BUDGET,
            );
            assert_eq!(run.code, 1, "{}", run.stderr);
            assert_eq!(
                run.stdout.matches("unpublishable-name").count(),
                2,
                "{}",
                run.stdout
            );
            for output in [&run.stdout, &run.stderr] {
                assert!(
                    !output.contains('\x07') && !output.contains("\x1b]"),
                    "{output:?}"
                );
                assert!(!output.contains("\n::error file=INJECTED"), "{output}");
            }
            assert!(
                run.stdout.contains("esc\\x1b]0;T\\x07.md"),
                "{}",
                run.stdout
            );
            assert!(run.stdout.contains("x\\n"), "{}", run.stdout);
        }
    }
    let run = check(&test);
    assert_eq!(run.found("unpublishable-name").len(), 2);
    assert_eq!(run.summary_articles(), 1, "only ok.md is loaded");
}

#[test]
fn markdown_a_ten_megabyte_line_hits_the_size_cap() {
    let test = kb().file("articles/fine.md", &article("Fine", "Body\n"));
    write_bytes(
        &test,
        "articles/line.md",
        article("Line", &"word ".repeat(2 * 1024 * 1024)).as_bytes(),
    );
    let run = check(&test);
    let found = run.found("unreadable-file");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "articles/line.md");
    assert!(found[0].2.contains("8 MiB"), "{found:?}");
    assert_eq!(run.diagnostics().len(), 1);
}

#[test]
fn markdown_a_single_line_just_under_the_cap_renders() {
    let body = "word *emphasis* [link](https://example.com) ".repeat(180_000);
    assert!(body.len() < 8 * 1024 * 1024);
    pathological(&body);
}

#[test]
fn markdown_a_fifty_megabyte_file_hits_the_size_cap_quickly() {
    let test = kb().file("articles/fine.md", &article("Fine", "Body\n"));
    let file = std::fs::File::create(test.root().join("articles/huge.md")).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    let run = run_bounded(
        &test,
        &["check", "--format", "json", "--today", TODAY],
        Duration::from_secs(5),
    );
    let found = run.found("unreadable-file");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].2.contains("52428800 bytes"), "{found:?}");
    assert!(run.peak_kib < 256 * 1024, "the file was not read whole");
}

/// kbpress's own code on the article path (front matter, Markdown events, heading ids, section
/// markers) does not recurse: the pathological inputs render on a 256 KiB stack in-process.
#[test]
fn markdown_rendering_needs_no_deep_stack() {
    struct Nothing;
    impl kbpress::markdown::KbIndex for Nothing {
        fn is_article(&self, _: &str) -> bool {
            false
        }
        fn is_file(&self, _: &str) -> bool {
            false
        }
        fn is_category(&self, _: &str) -> bool {
            false
        }
    }
    impl kbpress::markdown::UrlFor for Nothing {
        fn url_for(&self, _: &kbpress::markdown::Target) -> Option<String> {
            None
        }
    }
    let bodies = [
        "* ".repeat(80_000) + "a",
        ">".repeat(100_000),
        "- ".repeat(10_000) + "a",
        "[*_a".repeat(100_000),
        "![".repeat(20_000) + "a" + &"](x.png)".repeat(20_000),
        "## A {audience=direct}\n### B {audience=staff}\n".repeat(5_000),
        // Raw HTML goes through html5ever's tree builder and ammonia: nesting is no recursion.
        "<div>".repeat(50_000),
        "a <b><i>".repeat(30_000),
        "<table><tr><td>".repeat(10_000),
    ];
    for body in bodies {
        let text = article("Stack", &body);
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let article =
                    kbpress::load::parse_article("articles/a.md", text, &Default::default());
                let kbpress::front_matter::Block::Closed { body_start, .. } = article.block else {
                    panic!("front matter");
                };
                let no_name = |_: &str| None;
                let body = kbpress::markdown::render(&kbpress::markdown::Input {
                    text: &article.text,
                    body: body_start..article.text.len(),
                    lines: &article.lines,
                    article_path: &article.path,
                    index: &Nothing,
                    urls: &Nothing,
                    audience_name: &no_name,
                    audience_label: kbpress::markdown::AUDIENCE_LABEL,
                    raw_html: kbpress::markdown::RawHtmlPolicy::Sanitize,
                    variables: &Default::default(),
                    snippets: &kbpress::markdown::include::NoSnippets,
                });
                body.html.len()
            })
            .unwrap();
        assert!(handle.join().unwrap() > 0);
    }
}

// ---------------------------------------------------------------------------------------------
// Files

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_kb_and_loops_are_refused_and_nothing_outside_is_read() {
    use std::os::unix::fs::symlink;
    const MARKER: &str = "OUTSIDE-SECRET-7f3a";
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        article(MARKER, &format!("{MARKER}\n")),
    )
    .unwrap();
    std::fs::write(outside.path().join("secret.png"), MARKER).unwrap();
    std::fs::create_dir_all(outside.path().join("folder")).unwrap();
    std::fs::write(
        outside.path().join("folder/inner.md"),
        article(MARKER, MARKER),
    )
    .unwrap();
    let test = kb()
        .file(
            "articles/real.md",
            &article("Real", "![inside](shared.png) ![secret](leak.png)\n"),
        )
        .file("articles/shared.png", "PNG-INSIDE")
        .file(
            "articles/billing/placeholder.md",
            &article("Placeholder", "x\n"),
        );
    let articles = test.root().join("articles");
    symlink(outside.path().join("secret.md"), articles.join("leak.md")).unwrap();
    symlink(outside.path().join("secret.png"), articles.join("leak.png")).unwrap();
    symlink(outside.path().join("folder"), articles.join("outdir")).unwrap();
    symlink(articles.join("loop-b.md"), articles.join("loop-a.md")).unwrap();
    symlink(articles.join("loop-a.md"), articles.join("loop-b.md")).unwrap();
    symlink("billing/placeholder.md", articles.join("alias.md")).unwrap();
    symlink("shared.png", articles.join("same.png")).unwrap();
    let run = check(&test);
    let refused: Vec<String> = run
        .found("unsafe-symlink")
        .into_iter()
        .map(|(file, _, message)| {
            assert!(message.contains(&format!("`{file}`")), "{message}");
            file
        })
        .collect();
    assert_eq!(
        refused,
        [
            "articles/leak.md",
            "articles/leak.png",
            "articles/loop-a.md",
            "articles/loop-b.md",
            "articles/outdir"
        ]
    );
    assert!(!run.stdout.contains(MARKER));
    // The build refuses to publish over the errors; with them off, nothing outside is copied.
    let test = test.file("site.toml", &format!("{SITE}unsafe-symlink = \"off\"\n"));
    let run = build(&test);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(output_contains(&test, MARKER), None);
    let files = files_under(test.root(), "public");
    assert!(files.contains(&"alias/index.html".to_string()), "{files:?}");
    assert!(files.contains(&"shared.png".to_string()), "{files:?}");
    assert!(!files
        .iter()
        .any(|f| f.contains("leak") || f.contains("outdir")));
}

#[cfg(unix)]
#[test]
fn fifos_and_other_special_files_are_refused_not_waited_on() {
    let test = kb().file("articles/fine.md", &article("Fine", "![p](pipe.png)\n"));
    for name in [
        "articles/pipe.md",
        "articles/pipe.png",
        "articles/cat/_index.md",
    ] {
        let path = test.root().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let status = Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(status.success());
    }
    let run = check(&test);
    let files: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["code"] == "unsafe-symlink" || d["code"] == "unreadable-file")
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "articles/cat/_index.md",
            "articles/pipe.md",
            "articles/pipe.png"
        ],
        "{:?}",
        run.diagnostics()
    );
    // The build stops at the errors, at once: nothing waits for a writer on the pipes.
    assert_eq!(build(&test).code, 1);
}

// ---------------------------------------------------------------------------------------------
// Names

#[test]
fn names_that_differ_only_by_case_are_a_duplicate_slug() {
    let test = kb()
        .file("articles/Refunds.md", &article("Refunds A", "a\n"))
        .file("articles/refunds.md", &article("Refunds B", "b\n"));
    let run = check(&test);
    let files: Vec<String> = run
        .found("duplicate-slug")
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(files, ["articles/Refunds.md", "articles/refunds.md"]);
    for (_, _, message) in run.found("duplicate-slug") {
        assert!(
            message.contains("articles/Refunds.md") && message.contains("articles/refunds.md"),
            "both paths named: {message}"
        );
    }
}

#[test]
fn names_that_differ_only_by_unicode_normalisation_are_a_duplicate_slug() {
    let nfc = "caf\u{e9}";
    let nfd = "cafe\u{301}";
    let test = kb()
        .file(&format!("articles/{nfc}.md"), &article("NFC", "a\n"))
        .file(&format!("articles/{nfd}.md"), &article("NFD", "b\n"));
    let run = check(&test);
    let found = run.found("duplicate-slug");
    assert_eq!(found.len(), 2, "{:?}", run.diagnostics());
    for (_, _, message) in &found {
        assert!(
            message.contains(&format!("articles/{nfc}.md"))
                && message.contains(&format!("articles/{nfd}.md")),
            "both paths named: {message}"
        );
    }
    // An NFD name alone gets the same URL as its NFC spelling (macOS writes NFD names).
    let test = kb().file("articles/U\u{308}berweisung.md", &article("NFD", "a\n"));
    assert_eq!(build(&test).code, 0);
    assert!(test
        .root()
        .join("public/\u{fc}berweisung/index.html")
        .exists());
}

#[test]
fn names_that_collide_after_slugification_are_a_duplicate_slug() {
    let test = kb()
        .file("articles/call forwarding.md", &article("A", "a\n"))
        .file("articles/call-forwarding.md", &article("B", "b\n"))
        .file("articles/Call_Forwarding!.md", &article("C", "c\n"))
        .file(
            "articles/x.md",
            &article("D", "d\n").replace("---\nd", "slug: call-forwarding\n---\nd"),
        );
    let run = check(&test);
    let files: Vec<String> = run
        .found("duplicate-slug")
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(
        files,
        [
            "articles/Call_Forwarding!.md",
            "articles/call forwarding.md",
            "articles/call-forwarding.md",
            "articles/x.md"
        ]
    );
}

#[test]
fn unicode_emoji_and_rtl_names_give_deterministic_url_safe_slugs() {
    let names = [
        ("Überweisung ändern", "überweisung-ändern"),
        ("📞 Phones 📞", "phones"),
        ("🎉", "article"),
        ("إعادة تعيين كلمة المرور", "إعادة-تعيين-كلمة-المرور"),
        ("שלום\u{200f}עולם", "שלום-עולם"),
        ("日本語のタイトル", "日本語のタイトル"),
    ];
    let mut test = kb();
    for (i, (name, _)) in names.iter().enumerate() {
        test = test.file(
            &format!("articles/{name}.md"),
            &article(&format!("\"{name} {i}\""), &format!("## {name}\n")),
        );
    }
    let run = build(&test);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let files = files_under(test.root(), "public");
    for (name, slug) in names {
        assert!(
            files.contains(&format!("{slug}/index.html")),
            "{name} -> {slug}: {files:#?}"
        );
    }
    // Every link in every page is plain ASCII (percent-encoded): safe in any URL context.
    let sitemap = read(&test, "public/sitemap.xml");
    assert!(sitemap.is_ascii(), "{sitemap}");
    let home = read(&test, "public/index.html");
    for href in home.split("href=\"").skip(1) {
        let href = &href[..href.find('"').unwrap()];
        assert!(href.is_ascii() && !href.contains(' '), "{href}");
    }
    // The same names always give the same site.
    let again = kb();
    let again = names.iter().enumerate().fold(again, |t, (i, (name, _))| {
        t.file(
            &format!("articles/{name}.md"),
            &article(&format!("\"{name} {i}\""), &format!("## {name}\n")),
        )
    });
    assert_eq!(build(&again).code, 0);
    assert_eq!(files, files_under(again.root(), "public"));
    assert_eq!(sitemap, read(&again, "public/sitemap.xml"));
}

#[test]
fn new_articles_from_unicode_emoji_and_rtl_titles_get_safe_file_names() {
    let test = kb();
    for (title, file) in [
        (
            "إعادة تعيين كلمة المرور",
            "articles/إعادة-تعيين-كلمة-المرور.md",
        ),
        ("Cafe\u{301} ☕ Über", "articles/café-über.md"),
        ("../../etc/passwd", "articles/etc-passwd.md"),
    ] {
        let run = run_bounded(&test, &["new", "how-to", title], BUDGET);
        assert_eq!(run.code, 0, "{title}: {}", run.stderr);
        assert!(test.root().join(file).is_file(), "{title} -> {file}");
    }
    let run = run_bounded(&test, &["new", "how-to", "🎉"], BUDGET);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no letters or digits"),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(test.root(), "articles").len(), 3);
}

#[test]
fn duplicate_headings_get_stable_anchors() {
    let body =
        "## Steps\n\n## Steps\n\n## Steps {#steps-2}\n\n## Steps\n\n## Steps-1\n\n## 🎉\n\n## 🎉\n";
    let ids = |test: &Test| -> Vec<String> {
        read(test, "public/a/index.html")
            .split("<h2 id=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].to_string())
            .collect()
    };
    let first = kb().file("articles/a.md", &article("Anchors", body));
    assert_eq!(build(&first).code, 0);
    assert_eq!(
        ids(&first),
        [
            "steps",
            "steps-1",
            "steps-2",
            "steps-3",
            "steps-1-1",
            "section",
            "section-1"
        ]
    );
    let second = kb().file("articles/a.md", &article("Anchors", body));
    assert_eq!(build(&second).code, 0);
    assert_eq!(ids(&first), ids(&second));
}

// ---------------------------------------------------------------------------------------------
// Output: nothing can be written outside the output folder

#[test]
fn unsafe_slugs_and_aliases_are_invalid_fields_with_their_line() {
    let cases: &[(&str, &str)] = &[
        ("slug", "\"../../escape\""),
        ("slug", "/etc/passwd"),
        ("slug", "'C:\\Windows'"),
        ("slug", "\"a\\0b\""),
        ("slug", "con"),
        ("slug", "lpt1"),
        ("slug", "trailing."),
        ("aliases", "[\"/../../escape/\"]"),
        ("aliases", "[\"/etc/../../x/\"]"),
        ("aliases", "[\"C:\\\\x\"]"),
        ("aliases", "[\"/C:/x/\"]"),
        ("aliases", "[\"/a\\0b/\"]"),
        ("aliases", "[\"/help/CON/\"]"),
        ("aliases", "[\"/help/x./\"]"),
        ("aliases", "[\"/help/%2e%2e/x/\"]"),
        ("aliases", "[\"//evil.example/x/\"]"),
    ];
    let mut test = kb();
    for (i, (field, value)) in cases.iter().enumerate() {
        let text = article(&format!("Case {i}"), "Body\n")
            .replace("---\nBody", &format!("{field}: {value}\n---\nBody"));
        test = test.file(&format!("articles/case{i:02}.md"), &text);
    }
    let run = check(&test);
    let found = run.found("invalid-field");
    for (i, (field, value)) in cases.iter().enumerate() {
        let file = format!("articles/case{i:02}.md");
        assert!(
            found.iter().any(|(f, line, _)| *f == file && *line == 7),
            "{field}: {value} not reported at {file}:7; found {found:?}"
        );
    }
    // And nothing is ever written outside the output folder, whatever the severity.
    let parent = test.root().parent().unwrap().to_path_buf();
    let before: Vec<_> = std::fs::read_dir(&parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let test = test.file("site.toml", &format!("{SITE}invalid-field = \"off\"\n"));
    let run = run_bounded(&test, &["build", "--today", TODAY], BUDGET);
    assert!(run.code == 0 || run.code == 2, "{}", run.stderr);
    let after: Vec<_> = std::fs::read_dir(&parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let new: Vec<_> = after.iter().filter(|n| !before.contains(n)).collect();
    assert!(
        new.iter().all(|n| n.to_string_lossy().starts_with(".tmp")),
        "written beside the KB: {new:?}"
    );
    for file in files_under(test.root(), "") {
        assert!(
            file.starts_with("public/") || file.starts_with("articles/") || file == "site.toml",
            "written outside public/: {file}"
        );
    }
}

#[test]
fn unsafe_file_names_and_tags_are_reported_at_load() {
    // A file name that slugs to a Windows device name, and a tag that does, cannot be published
    // on every system: reported with file and line instead of failing the write.
    let test = kb().file("articles/con.md", &article("Con", "x\n")).file(
        "articles/tagged.md",
        &article("Tagged", "x\n").replace("---\nx", "tags: [ok, AUX, \"nul\"]\n---\nx"),
    );
    let run = check(&test);
    let found = run.found("invalid-field");
    assert!(
        found
            .iter()
            .any(|(f, line, m)| f == "articles/con.md" && *line == 1 && m.contains("con")),
        "{found:?}"
    );
    let tags: Vec<_> = found
        .iter()
        .filter(|(f, _, _)| f == "articles/tagged.md")
        .collect();
    assert_eq!(tags.len(), 2, "{found:?}");
    assert!(tags.iter().all(|(_, line, _)| *line == 7));
}

#[test]
fn unsafe_category_folder_and_asset_names_never_escape_the_output() {
    let inside_only = |test: &Test| {
        for file in files_under(test.root(), "") {
            assert!(
                file.starts_with("public/") || file.starts_with("articles/") || file == "site.toml",
                "written outside public/: {file}"
            );
        }
    };
    // A category folder named like a Windows device is refused at load with a diagnostic that
    // names the folder (its articles are not loaded); the build refuses to publish (exit 1).
    let test = kb().file("articles/con/x.md", &article("X", "x\n"));
    let run = run_bounded(
        &test,
        &["check", "--today", TODAY, "--format", "json"],
        BUDGET,
    );
    let found = run.found("unpublishable-name");
    assert_eq!((found[0].0.as_str(), found[0].1), ("articles/con", 1));
    assert!(
        found[0].2.contains("URL would end in `con/`"),
        "{}",
        found[0].2
    );
    let run = run_bounded(&test, &["build", "--today", TODAY], BUDGET);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!test.root().join("public").exists(), "no half site");
    inside_only(&test);
    // Asset names that are not portable (`:`, `\`, device names, trailing dots) are never
    // copied, and each is reported by name; the images linking them are not reported again.
    let test = kb().file(
        "articles/ok/x.md",
        &article("X", "![p](<a:b.png>) ![q](nul.png) ![r](e..png)\n"),
    );
    for name in ["a:b.png", "nul.png", "e..png", "c\\d.png", "t.png."] {
        write_bytes(&test, &format!("articles/ok/{name}"), b"png");
    }
    let run = run_bounded(
        &test,
        &["check", "--today", TODAY, "--format", "json"],
        BUDGET,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let diagnostics = run.diagnostics();
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("unpublishable-name", "articles/ok/a:b.png"),
            ("unpublishable-name", "articles/ok/c\\d.png"),
            ("unpublishable-name", "articles/ok/nul.png"),
            ("unpublishable-name", "articles/ok/t.png."),
        ]
    );
    let run = run_bounded(&test, &["build", "--today", TODAY], BUDGET);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!test.root().join("public").exists(), "no site with holes");
    inside_only(&test);
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_previous_site_and_the_next_build_recovers() {
    // A KB big enough that the build takes a while; killed as soon as it has written pages.
    let mut test = kb();
    let body = "## Steps\n\nSome text with a [link](https://example.com).\n\n".repeat(20);
    for i in 0..3_000 {
        test = test.file(
            &format!("articles/c{}/a{i:05}.md", i % 30),
            &article(&format!("Article {i}"), &body),
        );
    }
    let first = run_bounded(
        &test,
        &["build", "--today", TODAY],
        Duration::from_secs(120),
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    let snapshot = |test: &Test| -> Vec<(String, Vec<u8>)> {
        files_under(test.root(), "public")
            .into_iter()
            .map(|f| {
                let bytes = std::fs::read(test.root().join("public").join(&f)).unwrap();
                (f, bytes)
            })
            .collect()
    };
    let before = snapshot(&test);
    assert!(before.len() > 3_000);
    // Change every article, then kill the build mid-write.
    let test = test.file(
        "articles/c0/a00000.md",
        &article("Changed", "## Steps\n\nNEW\n"),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_kbpress"))
        .args(["build", "--today", TODAY])
        .current_dir(test.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let killed_mid_write = loop {
        let staging = std::fs::read_dir(test.root())
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().contains("kbpress-staging"));
        if let Some(staging) = staging {
            if walkdir::WalkDir::new(staging.path())
                .into_iter()
                .take(200)
                .count()
                >= 200
            {
                child.kill().unwrap(); // SIGKILL
                break true;
            }
        }
        if child.try_wait().unwrap().is_some() {
            break false;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "build hung");
        std::thread::sleep(Duration::from_millis(2));
    };
    child.wait().unwrap();
    assert!(
        killed_mid_write,
        "the build finished before it could be killed"
    );
    assert!(before == snapshot(&test), "the previous site changed");
    // The next build cleans up and publishes the new site.
    let next = run_bounded(
        &test,
        &["build", "--today", TODAY],
        Duration::from_secs(120),
    );
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert!(read(&test, "public/c0/a00000/index.html").contains("NEW"));
    let leftovers: Vec<_> = std::fs::read_dir(test.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kbpress"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---------------------------------------------------------------------------------------------
// Determinism

#[test]
fn the_sample_kb_builds_byte_identically_whatever_the_environment() {
    let first = Test::sample_kb();
    let out_one = first.root().join("one").to_string_lossy().into_owned();
    let run = run_bounded(
        &first,
        &["build", "--out", &out_one, "--today", SAMPLE_TODAY],
        BUDGET,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let second = Test::sample_kb();
    let out_two = second.root().join("two").to_string_lossy().into_owned();
    let output = second
        .args(&["build", "--out", &out_two, "--today", SAMPLE_TODAY])
        .env("TZ", "Asia/Kathmandu")
        .env("LANG", "ar_EG.UTF-8")
        .env("LC_ALL", "tr_TR.UTF-8")
        .env("RAYON_NUM_THREADS", "1")
        .current_dir("articles")
        .expect(0);
    let files = files_under(&output.root, "two");
    assert_eq!(files, files_under(first.root(), "one"));
    assert!(files.len() > 20);
    for file in files {
        let a = std::fs::read(first.root().join("one").join(&file)).unwrap();
        let b = std::fs::read(output.root.join("two").join(&file)).unwrap();
        assert!(a == b, "{file} differs between builds");
    }
}

#[test]
fn folders_nested_1500_deep_are_refused_quickly_not_rendered_cubically() {
    // Each category page lists its whole trail with URLs as long as the trail: 1,500 nested
    // folders once took 44 s and gigabytes of output. Deeper than 32 is refused, with a finding.
    let deep = format!("articles/{}x.md", "d/".repeat(1_500));
    let test = kb().file(&deep, &article("Deep", "x\n"));
    let run = run_bounded(
        &test,
        &["check", "--today", TODAY, "--format", "json"],
        BUDGET,
    );
    let found = run.found("unpublishable-name");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].2.contains("nested more than 32 folders deep"));
    let run = run_bounded(&test, &["build", "--today", TODAY], BUDGET);
    assert_eq!(run.code, 1, "{}", run.stderr);
}
