//! Link and URL resolution: a destination written in an article, classified and rewritten, and
//! every path kbpress derives for the output folder. Nothing may escape the KB or the output
//! folder, and every URL kbpress builds is plain ASCII.
#![no_main]

use kbpress::markdown::links::{self, KbIndex, Target};
use kbpress::urls;
use libfuzzer_sys::fuzz_target;

struct Kb;

impl KbIndex for Kb {
    fn is_article(&self, path: &str) -> bool {
        path.ends_with(".md")
    }
    fn is_file(&self, path: &str) -> bool {
        path.ends_with(".png")
    }
    fn is_category(&self, path: &str) -> bool {
        !path.contains('.')
    }
}

fn assert_inside(path: &str) {
    assert!(!path.starts_with('/'), "{path:?} is absolute");
    assert!(
        !path.split(['/', '\\']).any(|segment| segment == ".."),
        "{path:?} climbs out"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    // First line: the article's folder; the rest: the destination as written.
    let (folder, destination) = input
        .split_once('\n')
        .unwrap_or(("articles/billing", input));
    // Article paths come from walking the KB: plain names, never `.` or `..`.
    let folder: Vec<&str> = folder
        .split(['/', '\\'])
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect();
    let article = format!("articles/{}/a.md", folder.join("/"));
    match links::resolve(&article, destination, &Kb) {
        Target::Article { path, .. }
        | Target::File { path }
        | Target::Category { path }
        | Target::Missing { path } => {
            assert_inside(&path);
            let output = urls::file_output_path(&path);
            assert_inside(output);
        }
        Target::Unsafe { scheme } => {
            assert!(["javascript", "vbscript", "file", "data"].contains(&scheme.as_str()))
        }
        Target::SiteRoot { path } => assert!(path.starts_with('/')),
        Target::OtherScheme { scheme } => {
            assert!(!["javascript", "vbscript", "file", "http", "https", "mailto", "tel"]
                .contains(&scheme.as_str()))
        }
        Target::SamePage { .. }
        | Target::External
        | Target::Mail { .. }
        | Target::Phone { .. }
        | Target::OutsideKb => {}
    }
    if let Some(joined) = links::join_normalized("articles/x", destination) {
        assert_inside(&joined);
    }
    let decoded = links::percent_decode(destination);
    assert!(decoded.len() <= destination.len());
    let encoded = urls::encode_path(destination);
    assert!(
        encoded
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"\"'<>\\ ".contains(&b)),
        "{encoded:?}"
    );
    if let Some(folder) = urls::alias_folder(destination) {
        assert!(urls::is_safe_output_path(&folder), "{folder:?}");
        assert_inside(&folder);
        if let Some(in_site) = urls::alias_in_site(destination, "/kb/") {
            assert!(urls::is_safe_output_path(&in_site), "{in_site:?}");
        }
    }
    if urls::is_safe_output_path(destination) {
        assert_inside(destination);
        assert!(!destination.contains(['\0', '\\', ':']));
    }
    let slug = kbpress::slug::slugify(destination);
    assert!(!slug.starts_with('-') && !slug.ends_with('-'));
    assert!(
        !slug.contains(|c: char| c.is_control()
            || c.is_whitespace()
            || "/\\.:*?\"<>|%#".contains(c)),
        "{slug:?}"
    );
    let _ = kbpress::slug::heading_id(destination);
});
