//! Publishing: `build --base-url`, `init` (its site.toml, CI workflows and placeholders), and
//! the generated workflows linted and run.

mod support;

use std::path::Path;
use std::process::Command;

use support::Test;

const TODAY: &[&str] = &["--today", "2026-11-01"];
const ARTICLE_WITH_ALIAS: &str = "articles/voice/forwarding/set-up-forwarding.md";

/// The basic fixture without its one alias (`/help/kb/1001/`, a path only its configured base
/// path `/help/` can serve).
fn basic_without_alias() -> Test {
    let test = Test::fixture("basic");
    let path = test.root().join(ARTICLE_WITH_ALIAS);
    let text = std::fs::read_to_string(&path).unwrap();
    let without = text.replace("aliases: [/help/kb/1001/]\n", "");
    assert_ne!(text, without, "the fixture's alias line moved");
    std::fs::write(&path, without).unwrap();
    test
}

/// Every output file that still names the configured base URL's host or path.
fn files_naming(root: &std::path::Path, folder: &str, needles: &[&str]) -> Vec<String> {
    support::files_under(root, folder)
        .into_iter()
        .filter(|file| {
            let bytes = std::fs::read(root.join(folder).join(file)).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            needles.iter().any(|needle| text.contains(needle))
        })
        .collect()
}

#[test]
fn base_url_overrides_site_toml_in_every_output_file() {
    let output = basic_without_alias()
        .args(&["build", "--base-url", "https://acme.github.io/kb-site"])
        .args(TODAY)
        .expect(0);
    let root = &output.root;
    // The configured base URL is https://docs.example.com/help/.
    let stale = files_naming(root, "public", &["docs.example.com", "/help/"]);
    assert!(stale.is_empty(), "still the old base URL: {stale:#?}");
    let sitemap = output.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://acme.github.io/kb-site/billing/invoice/</loc>"),
        "{sitemap}"
    );
    let page = output.read("public/billing/invoice/index.html");
    assert!(
        page.contains("rel=\"canonical\" href=\"https://acme.github.io/kb-site/billing/invoice/\""),
        "{page}"
    );
    assert!(page.contains("href=\"/kb-site/static/style.css"), "{page}");
    assert!(output
        .read("public/atom.xml")
        .contains("https://acme.github.io/kb-site/"));
}

#[test]
fn base_url_is_what_the_checks_judge_aliases_against() {
    // The alias /help/kb/1001/ cannot be served by a site under /kb-site/: publishing there
    // would lose the redirect, so the build says so instead of dropping it.
    let output = Test::fixture("basic")
        .args(&["build", "--base-url", "https://acme.github.io/kb-site/"])
        .args(TODAY)
        .expect(1);
    assert!(
        output
            .stderr
            .contains("alias `/help/kb/1001/` is outside the site's base path `/kb-site/`"),
        "{}",
        output.stderr
    );
    // Same path, another host: the alias is served, as a redirect under the new host's path.
    let output = Test::fixture("basic")
        .args(&["build", "--base-url", "https://acme.github.io/help/"])
        .args(TODAY)
        .expect(0);
    let stale = files_naming(&output.root, "public", &["docs.example.com"]);
    assert!(stale.is_empty(), "still the old host: {stale:#?}");
    assert!(output
        .files_under("public")
        .contains(&"kb/1001/index.html".to_string()));
}

#[test]
fn base_url_with_all_audiences_roots_the_audience_sites_under_it() {
    let output = basic_without_alias()
        .args(&[
            "build",
            "--all-audiences",
            "--base-url",
            "https://acme.github.io/kb",
        ])
        .args(TODAY)
        .expect(0);
    let stale = files_naming(&output.root, "public", &["docs.example.com", "/help/"]);
    assert!(stale.is_empty(), "still the old base URL: {stale:#?}");
    let wholesale = output.read("public/wholesale/sitemap.xml");
    assert!(
        wholesale.contains("<loc>https://acme.github.io/kb/wholesale/"),
        "{wholesale}"
    );
    let public = output.read("public/public/sitemap.xml");
    assert!(
        public.contains("<loc>https://acme.github.io/kb/billing/"),
        "{public}"
    );
}

#[test]
fn a_bad_base_url_is_refused_before_anything_is_written() {
    let output = Test::fixture("basic")
        .args(&["build", "--base-url", "acme.github.io/kb/"])
        .args(TODAY)
        .expect(2);
    assert!(
        output
            .stderr
            .contains("--base-url `acme.github.io/kb/` is not an absolute URL"),
        "{}",
        output.stderr
    );
    assert!(!output.root.join("public").exists());
}

/// A KB made by `kbpress init` with this CI and a base URL.
fn init(ci: &str) -> Test {
    let test = Test::new().args(&[
        "init",
        "--ci",
        ci,
        "--base-url",
        "https://acme.github.io/kb/",
    ]);
    test.expect(0);
    test
}

/// Runs actionlint (with ShellCheck over the `run:` scripts) on a workflow file.
fn actionlint(workflow: &Path) {
    let output = Command::new(support::tools::actionlint())
        .arg("-shellcheck")
        .arg(support::tools::shellcheck())
        .arg("-no-color")
        .arg(workflow)
        .output()
        .expect("run actionlint");
    assert!(
        output.status.success(),
        "actionlint found problems in {}:\n{}{}",
        workflow.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_generated_github_workflow_and_the_release_workflow_pass_actionlint() {
    let kb = init("github");
    actionlint(&kb.root().join(".github/workflows/kbpress.yml"));
    actionlint(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml"));
}

#[test]
fn the_generated_gitlab_ci_is_yaml_with_a_pages_job_for_the_pages_url() {
    let kb = init("gitlab");
    let text = std::fs::read_to_string(kb.root().join(".gitlab-ci.yml")).unwrap();
    let ci: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let pages = &ci["pages"];
    assert_eq!(
        pages["script"][0].as_str(),
        Some("kbpress build --base-url \"$CI_PAGES_URL/\"")
    );
    assert_eq!(pages["artifacts"]["paths"][0].as_str(), Some("public"));
    assert_eq!(
        ci["variables"]["KBPRESS_VERSION"].as_str(),
        Some(env!("CARGO_PKG_VERSION"))
    );
}

/// The event a workflow run is for, and what GitHub would give its expressions.
struct Event {
    name: &'static str,
    /// `${{ expression }}` -> its value, for every expression a `run:` or `if:` may use.
    values: &'static [(&'static str, &'static str)],
}

const PUSH: Event = Event {
    name: "push",
    values: &[
        ("github.event_name", "push"),
        ("steps.pages.outputs.base_url", "https://acme.github.io/kb"),
    ],
};
const PULL_REQUEST: Event = Event {
    name: "pull_request",
    values: &[("github.event_name", "pull_request")],
};
const SCHEDULE: Event = Event {
    name: "schedule",
    values: &[("github.event_name", "schedule")],
};

/// The value of an `if:` under `event`: the workflow's conditions are comparisons of
/// `github.event_name` and of a cache hit, joined with `&&`; anything else fails the test, so
/// a new condition is looked at rather than guessed.
fn condition(expression: &str, event: &Event, cache_hit: bool) -> bool {
    expression.split(" && ").all(|part| {
        let part = part.trim();
        let (left, right, equal) = if let Some((l, r)) = part.split_once(" != ") {
            (l, r, false)
        } else if let Some((l, r)) = part.split_once(" == ") {
            (l, r, true)
        } else {
            panic!("the test does not know the condition `{expression}`")
        };
        let value = match left.trim() {
            "github.event_name" => event.name,
            "steps.cache-kbpress.outputs.cache-hit" => {
                if cache_hit {
                    "true"
                } else {
                    ""
                }
            }
            other => panic!("the test does not know `{other}` in `{expression}`"),
        };
        (value == right.trim().trim_matches('\'')) == equal
    })
}

/// `run` with every `${{ expression }}` replaced by what GitHub would give it.
fn substitute(run: &str, event: &Event, env: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = run;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("closed expression") + start;
        let expression = rest[start + 3..end].trim();
        let value = if let Some(name) = expression.strip_prefix("env.") {
            env.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("no env {name}"))
        } else {
            event
                .values
                .iter()
                .find(|(k, _)| *k == expression)
                .map(|(_, v)| v.to_string())
                .unwrap_or_else(|| panic!("the test has no value for `${{{{ {expression} }}}}`"))
        };
        out.push_str(&value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// A folder laid out as kbpress's GitHub releases are (`v<version>/<archive>`, `SHA256SUMS`),
/// holding the binary under test: the workflow's install step downloads from it with curl
/// (`file://`), verifies the checksum and unpacks it, exactly as from GitHub.
fn local_release(dir: &Path, tamper: bool) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("kbpress-v{version}-x86_64-unknown-linux-musl");
    let folder = dir.join(format!("v{version}"));
    std::fs::create_dir_all(folder.join(&name)).unwrap();
    std::fs::copy(
        env!("CARGO_BIN_EXE_kbpress"),
        folder.join(&name).join("kbpress"),
    )
    .unwrap();
    let shell = format!(
        // gzip -1: a debug binary is large, and the level changes nothing the step reads.
        "tar -cf - {name} | gzip -1 > {name}.tar.gz && sha256sum {name}.tar.gz > SHA256SUMS && rm -r {name}"
    );
    let status = Command::new("bash")
        .args(["-c", &shell])
        .current_dir(&folder)
        .status()
        .unwrap();
    assert!(status.success());
    if tamper {
        let sums = folder.join("SHA256SUMS");
        let text = std::fs::read_to_string(&sums).unwrap();
        std::fs::write(&sums, format!("{}{}", "0".repeat(8), &text[8..])).unwrap();
    }
    format!("file://{}", dir.display())
}

/// What running one job's `run:` steps gave.
struct JobRun {
    /// The names of the steps that ran, in order.
    ran: Vec<String>,
    /// The output of the last step, and whether it succeeded.
    last_output: String,
    succeeded: bool,
}

/// Runs every `run:` step of `job` in the generated workflow of `kb`, in order, as GitHub
/// would for `event`: bash with `-eo pipefail`, the workflow's, job's and step's `env` with
/// their expressions given values, `$GITHUB_PATH` honoured, `$HOME` and `$RUNNER_TEMP` fresh.
/// `uses:` steps are actions, not commands, and are skipped (the upload steps' paths are
/// checked to exist). The download of kbpress is served from a local release folder.
fn run_job(kb: &Test, job: &str, event: &Event, tamper: bool) -> JobRun {
    let text = std::fs::read_to_string(kb.root().join(".github/workflows/kbpress.yml")).unwrap();
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let home = tempfile::tempdir().unwrap();
    let runner_temp = tempfile::tempdir().unwrap();
    let release = tempfile::tempdir().unwrap();
    let github_path = runner_temp.path().join("github_path");
    std::fs::write(&github_path, "").unwrap();
    let mut env: Vec<(String, String)> = vec![
        ("HOME".into(), home.path().display().to_string()),
        (
            "RUNNER_TEMP".into(),
            runner_temp.path().display().to_string(),
        ),
        ("RUNNER_OS".into(), "Linux".into()),
        ("RUNNER_ARCH".into(), "X64".into()),
        ("GITHUB_ACTIONS".into(), "true".into()),
        ("CI".into(), "true".into()),
        ("GITHUB_EVENT_NAME".into(), event.name.into()),
        ("GITHUB_PATH".into(), github_path.display().to_string()),
    ];
    let add_env = |env: &mut Vec<(String, String)>, map: &serde_yaml::Value| {
        if let Some(map) = map.as_mapping() {
            for (key, value) in map {
                let key = key.as_str().unwrap().to_string();
                let value = substitute(&support_scalar(value), event, env);
                env.retain(|(k, _)| *k != key);
                env.push((key, value));
            }
        }
    };
    add_env(&mut env, &workflow["env"]);
    // The release server: a local folder with the same layout.
    env.retain(|(k, _)| k != "KBPRESS_RELEASES");
    env.push((
        "KBPRESS_RELEASES".into(),
        local_release(release.path(), tamper),
    ));
    let job = &workflow["jobs"][job];
    add_env(&mut env, &job["env"]);
    let job_if = job["if"].as_str().unwrap_or("true == true");
    assert!(
        condition(job_if, event, false),
        "the job does not run on {}",
        event.name
    );
    let mut run = JobRun {
        ran: Vec::new(),
        last_output: String::new(),
        succeeded: true,
    };
    for step in job["steps"].as_sequence().unwrap() {
        let name = step["name"]
            .as_str()
            .or(step["uses"].as_str())
            .unwrap()
            .to_string();
        if let Some(condition_text) = step["if"].as_str() {
            if !condition(condition_text, event, false) {
                continue;
            }
        }
        if let Some(uses) = step["uses"].as_str() {
            if uses.contains("upload") {
                let path = step["with"]["path"].as_str().unwrap();
                assert!(
                    kb.root().join(path).join("index.html").is_file(),
                    "{name}: no site in {path}"
                );
            }
            continue;
        }
        let script = substitute(step["run"].as_str().unwrap(), event, &env);
        let mut step_env = env.clone();
        add_env(&mut step_env, &step["env"]);
        let path_additions: Vec<String> = std::fs::read_to_string(&github_path)
            .unwrap()
            .lines()
            .rev()
            .map(str::to_string)
            .collect();
        let mut path = path_additions;
        path.push(std::env::var("PATH").unwrap_or_default());
        let output = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
            .current_dir(kb.root())
            .env_clear()
            .envs(step_env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("PATH", path.join(":"))
            .output()
            .unwrap();
        run.ran.push(name);
        run.last_output = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if !output.status.success() {
            run.succeeded = false;
            return run;
        }
    }
    run
}

fn support_scalar(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other).unwrap().trim().to_string(),
    }
}

#[test]
fn every_run_step_of_the_github_workflow_works_on_a_push() {
    let kb = init("github");
    let run = run_job(&kb, "build", &PUSH, false);
    assert!(
        run.succeeded,
        "{:?} failed:\n{}",
        run.ran.last(),
        run.last_output
    );
    assert_eq!(
        run.ran,
        [
            "Install kbpress",
            "Put kbpress on PATH",
            "Check and build for GitHub Pages"
        ]
    );
    let home = std::fs::read_to_string(kb.root().join("public/index.html")).unwrap();
    assert!(home.contains("https://acme.github.io/kb/"), "{home}");
    // Built by the downloaded binary (the PATH step found it), not one from elsewhere.
    assert!(
        run.last_output.contains("built the public site"),
        "{}",
        run.last_output
    );
}

#[test]
fn every_run_step_of_the_github_workflow_works_on_a_pull_request_and_the_schedule() {
    let kb = init("github");
    let run = run_job(&kb, "build", &PULL_REQUEST, false);
    assert!(
        run.succeeded,
        "{:?} failed:\n{}",
        run.ran.last(),
        run.last_output
    );
    assert_eq!(
        run.ran,
        [
            "Install kbpress",
            "Put kbpress on PATH",
            "Check and build for the pull request"
        ]
    );
    let run = run_job(&kb, "external-links", &SCHEDULE, false);
    assert!(
        run.succeeded,
        "{:?} failed:\n{}",
        run.ran.last(),
        run.last_output
    );
    assert_eq!(
        run.ran,
        [
            "Install kbpress",
            "Put kbpress on PATH",
            "Check external links"
        ]
    );
}

#[test]
fn the_install_step_refuses_a_binary_whose_checksum_differs() {
    let kb = init("github");
    let run = run_job(&kb, "build", &PUSH, true);
    assert!(!run.succeeded);
    assert_eq!(run.ran, ["Install kbpress"]);
    assert!(run.last_output.contains("FAILED"), "{}", run.last_output);
}
