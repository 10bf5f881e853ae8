//! The imported KB's `site.toml`: the site's name, description and URL, the vocabularies the
//! articles use (products, types, one public audience), the custom fields and the variables.

use std::collections::{BTreeMap, BTreeSet};

use super::front_matter::Kind;

pub struct SiteToml<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub base_url: &'a str,
    /// id -> display name.
    pub products: &'a BTreeMap<String, String>,
    pub types: &'a BTreeSet<String>,
    pub fields: &'a BTreeMap<String, Kind>,
    pub variables: &'a BTreeMap<String, String>,
    /// The translation languages, `(code, name)`.
    pub languages: &'a [(String, String)],
    /// The language the articles are written in, when the source says (`en` otherwise).
    pub language: Option<&'a str>,
}

fn string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        name.to_string()
    } else {
        string(name)
    }
}

/// `how-to` -> `How to`.
pub fn display_name(id: &str) -> String {
    let words = id.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl SiteToml<'_> {
    pub fn render(&self) -> String {
        let mut out = String::from("# Written by `kbpress import`; see IMPORT.md.\n");
        out.push_str(&format!("title = {}\n", string(self.title)));
        if let Some(description) = self.description {
            out.push_str(&format!("description = {}\n", string(description)));
        }
        out.push_str(&format!("base_url = {}\n", string(self.base_url)));
        // `zh_CN` (a locale as some tools write it) is the tag `zh-CN`.
        if let Some(language) = self.language {
            let tag = language.replace('_', "-");
            out.push_str(&format!("language = {}\n", string(&tag)));
        }
        for (id, name) in self.products {
            out.push_str(&format!(
                "\n[products.{}]\nname = {}\n",
                key(id),
                string(name)
            ));
        }
        // A public build shows the articles of the non-internal audiences: without one it
        // would publish none.
        out.push_str("\n[audiences.readers]\nname = \"Readers\"\n");
        for id in self.types {
            out.push_str(&format!(
                "\n[types.{}]\nname = {}\nrequired_sections = []\n",
                key(id),
                string(&display_name(id))
            ));
        }
        for (name, kind) in self.fields {
            out.push_str(&format!(
                "\n[fields.{}]\ntype = \"{}\"\n",
                key(name),
                kind.name()
            ));
        }
        for (code, name) in self.languages {
            out.push_str(&format!(
                "\n[languages.{}]\nname = {}\n",
                key(code),
                string(name)
            ));
        }
        if !self.variables.is_empty() {
            out.push_str("\n[variables]\n");
            for (name, value) in self.variables {
                out.push_str(&format!("{} = {}\n", key(name), string(value)));
            }
        }
        out
    }
}
