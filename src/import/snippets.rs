//! pymdownx.snippets includes (`--8<-- "includes/contact.md"`, and the block form between two
//! `--8<--` lines) -> kbpress snippets: the file becomes `snippets/NAME.md` and the line
//! `{{> NAME }}`. Inside a fenced code block the file's text is put in place, as MkDocs does
//! (it is code, not Markdown a snippet could hold).

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::body::{indent_of, Context, Line};

/// Finds snippet files under the extension's `base_path` folders and names them.
#[derive(Debug, Default)]
pub struct Resolver {
    root: PathBuf,
    base_paths: Vec<PathBuf>,
    /// kbpress name -> the file's path in the source (relative to the source folder).
    pub names: BTreeMap<String, String>,
    by_path: BTreeMap<String, String>,
}

pub struct Replaced {
    pub lines: Vec<String>,
    /// The first line after the include.
    pub end: usize,
}

impl Resolver {
    /// `base_paths` relative to the source folder (pymdownx's default is the folder itself).
    pub fn new(root: &Path, base_paths: &[String]) -> Resolver {
        let base_paths = if base_paths.is_empty() {
            vec![root.to_path_buf()]
        } else {
            base_paths.iter().map(|base| root.join(base)).collect()
        };
        Resolver {
            root: root.to_path_buf(),
            base_paths,
            ..Resolver::default()
        }
    }

    /// The file a snippet path names: (absolute path, path relative to its base folder).
    fn find(&self, path: &str) -> Option<(PathBuf, String)> {
        let relative = Path::new(path);
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return None;
        }
        self.base_paths.iter().find_map(|base| {
            let full = base.join(relative);
            full.is_file().then(|| (full, path.to_string()))
        })
    }

    /// The file's path relative to the source folder, for the report and for converting it.
    fn source_path(&self, full: &Path) -> String {
        full.strip_prefix(&self.root)
            .unwrap_or(full)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// The kbpress name of a snippet file: its path without `.md`, each part slugified
    /// (`includes/Contact Us.md` -> `includes/contact-us`); another extension stays in the
    /// name (`a.txt` -> `a-txt`). Two files that would get one name get `-2`, `-3`.
    fn name(&mut self, full: &Path, relative: &str) -> String {
        let source = self.source_path(full);
        if let Some(name) = self.by_path.get(&source) {
            return name.clone();
        }
        let stem = relative.strip_suffix(".md").unwrap_or(relative);
        let base: Vec<String> = stem
            .split('/')
            .filter(|part| !part.is_empty() && *part != ".")
            .map(crate::slug::slugify)
            .collect();
        let base = base.join("/");
        let mut name = base.clone();
        let mut counter = 2;
        while self.names.contains_key(&name) {
            name = format!("{base}-{counter}");
            counter += 1;
        }
        self.names.insert(name.clone(), source.clone());
        self.by_path.insert(source, name.clone());
        name
    }

    /// Name of an auto-appended file, when it exists.
    pub fn include(&mut self, path: &str) -> Option<String> {
        let (full, relative) = self.find(path)?;
        Some(self.name(&full, &relative))
    }
}

/// `--8<-- "path"` (or `-8<-`): the quoted path; `Some("")` for a bare marker (the block form).
fn marker(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("--8<--")
        .or_else(|| text.strip_prefix("-8<-"))?;
    let rest = rest.trim();
    if rest.is_empty() {
        return Some("");
    }
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    rest[1..].strip_suffix(quote)
}

/// The include at `lines[index]`, when it is one, replaced.
pub fn block(lines: &[Line], index: usize, context: &mut Context) -> Option<Replaced> {
    let line = &lines[index];
    let trimmed = line.text.trim();
    if let Some(escaped) = trimmed.strip_prefix(';') {
        // `;--8<--` is the escaped, literal marker.
        marker(escaped)?;
        return Some(Replaced {
            lines: vec![escaped.to_string()],
            end: index + 1,
        });
    }
    let path = marker(trimmed)?;
    let (paths, end) = if path.is_empty() {
        let mut end = index + 1;
        let mut paths = Vec::new();
        while end < lines.len() && marker(lines[end].text.trim()) != Some("") {
            let text = lines[end].text.trim();
            if !text.is_empty() && !text.starts_with(';') {
                paths.push((lines[end].number, text.to_string()));
            }
            end += 1;
        }
        if end == lines.len() {
            // No closing marker: not a block include.
            return None;
        }
        (paths, end + 1)
    } else {
        (vec![(line.number, path.to_string())], index + 1)
    };
    let mut out = Vec::new();
    if index > 0 && !lines[index - 1].text.trim().is_empty() {
        out.push(String::new());
    }
    for (number, path) in paths {
        if let Some(name) = resolve(&path, number, context) {
            out.push(format!("{{{{> {name} }}}}"));
            context.tally.count("snippet include -> {{> name }}");
        }
    }
    if end < lines.len() && !lines[end].text.trim().is_empty() {
        out.push(String::new());
    }
    Some(Replaced { lines: out, end })
}

/// The snippet's kbpress name, or a report entry saying why not.
fn resolve(path: &str, line: usize, context: &mut Context) -> Option<String> {
    let shown = format!("--8<-- \"{path}\"");
    if path.starts_with("http://") || path.starts_with("https://") {
        context.tally.skip(
            context.file,
            line,
            "snippet",
            &shown,
            "removed: a remote snippet; copy its text into a snippet by hand",
        );
        return None;
    }
    let has_section = path.rsplit_once(':').is_some_and(|(_, tail)| {
        !tail.is_empty() && tail.chars().all(|c| c.is_ascii_digit() || c == ',')
    }) || path.contains(".md:")
        || path.contains(":-");
    if has_section {
        context.tally.skip(
            context.file,
            line,
            "snippet",
            &shown,
            "removed: an include of some lines of a file; make those lines a snippet of their own",
        );
        return None;
    }
    match context.snippets.find(path) {
        Some((full, relative)) => Some(context.snippets.name(&full, &relative)),
        None => {
            context.tally.skip(
                context.file,
                line,
                "snippet",
                &shown,
                "removed: no such file under the snippets' base_path (MkDocs shows nothing there \
                 unless check_paths is on)",
            );
            None
        }
    }
}

/// A snippet line inside fenced code: the file's lines in its place.
pub fn in_code(line: &Line, context: &mut Context) -> Option<Vec<String>> {
    if !context.features.snippets {
        return None;
    }
    let trimmed = line.text.trim();
    let pad = " ".repeat(indent_of(&line.text));
    if let Some(escaped) = trimmed.strip_prefix(';') {
        marker(escaped).filter(|path| !path.is_empty())?;
        return Some(vec![format!("{pad}{escaped}")]);
    }
    let path = marker(trimmed).filter(|path| !path.is_empty())?;
    let text = context
        .snippets
        .find(path)
        .and_then(|(full, _)| std::fs::read(full).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    match text {
        Some(text) => {
            context.tally.count("snippet in code block -> its text");
            Some(
                text.lines()
                    .map(|l| {
                        if l.is_empty() {
                            String::new()
                        } else {
                            format!("{pad}{l}")
                        }
                    })
                    .collect(),
            )
        }
        None => {
            context.tally.skip(
                context.file,
                line.number,
                "snippet in code block",
                trimmed,
                "kept as written: no such file under the snippets' base_path",
            );
            None
        }
    }
}
