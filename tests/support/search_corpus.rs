//! A generated knowledge base for the search index tests (`tests/search_index.rs`): documents
//! with a frequent telecom vocabulary and a long tail of rare words, as the words of a real KB
//! are distributed, so shard sizes and downloads at 10,000 articles are realistic. Written
//! in Rust rather than read from `shared/bench/gen_corpus.py`, whose vocabulary is small: its
//! whole dictionary fits in 77 shards, so it would not show what a query at scale loads.
//!
//! Included with `#[path = "support/search_corpus.rs"] mod search_corpus;`.

use std::collections::BTreeMap;

use kbpress::search::{Document, Facet, Section};

/// A small deterministic generator (xorshift64*), so the corpus is the same on every machine.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }

    fn pick<'a>(&mut self, list: &'a [String]) -> &'a str {
        &list[self.below(list.len())]
    }
}

/// Support vocabulary: the frequent words of a telecom KB, which appear in most articles.
const COMMON: &str = "router connection service portal account password reset invoice billing \
    call calls forwarding forwarded voicemail settings firmware update engineer visit static \
    address network error restart check ticket support order number port backup restore email \
    domain records access admin user users sign page configure configuration change select open \
    click save test light green minutes hours customer partner wholesale line broadband fibre \
    signal outage maintenance contract upgrade plan mobile data roaming handset extension queue \
    agent report export console role permission security certificate firewall dns mailbox quota";

/// Words of a long tail (codes, product names, rare terms): most words of a real KB are rare.
pub fn tail_words(count: usize) -> Vec<String> {
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "ne", "tor", "sal", "vin", "dre", "pum", "qua", "rex", "zel", "bo", "fa",
        "gri", "hul", "jo", "ky", "pra", "ste", "ul", "wen", "xi", "yor",
    ];
    (0..count)
        .map(|n| {
            let mut word = String::new();
            let mut rest = n + 24 * 24;
            while rest > 0 {
                word.push_str(SYLLABLES[rest % 24]);
                rest /= 24;
            }
            word
        })
        .collect()
}

/// `articles` documents, and the Markdown copy of each (by path, as the build writes them
/// beside the pages), whose lines their sections point at.
pub fn corpus(articles: usize) -> (Vec<Document<'static>>, BTreeMap<String, Vec<u8>>) {
    let common: Vec<String> = COMMON.split_whitespace().map(String::from).collect();
    let tail = tail_words(30_000);
    let products: Vec<String> = (1..=12).map(|n| format!("Product {n}")).collect();
    let roles: Vec<String> = (1..=8).map(|n| format!("Role {n}")).collect();
    let headings = [
        "Symptoms",
        "Cause",
        "Resolution",
        "Before you start",
        "Steps",
        "Verification",
        "Limits",
        "Contact support",
    ];
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let sentence = |random: &mut Random, words: usize| -> String {
        (0..words)
            .map(|_| {
                // Two words in three from the common vocabulary; the tail is Zipf-like: the
                // square of a uniform number favours its first words.
                if random.below(3) < 2 {
                    random.pick(&common).to_string()
                } else {
                    let rank = random.below(tail.len());
                    tail[rank * rank / tail.len()].clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let values = |count: usize, list: &[String], random: &mut Random| -> Vec<String> {
        (0..count).map(|_| random.pick(list).to_string()).collect()
    };
    let mut documents = Vec::with_capacity(articles);
    let mut copies = BTreeMap::new();
    for n in 0..articles {
        let length = 4 + random.below(4);
        let title = sentence(&mut random, length);
        let summary = sentence(&mut random, 14);
        let mut markdown = format!("# {title}\n\n> {summary}\n");
        let mut sections = vec![Section {
            anchor: String::new(),
            start: markdown.len() as u32,
        }];
        let mut html = String::new();
        for heading in headings {
            if random.below(4) == 0 {
                continue;
            }
            let text: Vec<String> = (0..5).map(|_| sentence(&mut random, 16) + ".").collect();
            let anchor = heading.to_lowercase().replace(' ', "-");
            sections.push(Section {
                anchor: anchor.clone(),
                start: markdown.len() as u32 + 1,
            });
            let text = text.join(" ");
            markdown.push_str(&format!("\n## {heading}\n\n{text}\n"));
            html.push_str(&format!(
                "<h2 id=\"{anchor}\">{heading}</h2>\n<p>{text}</p>\n"
            ));
        }
        let category = n * 20 / articles;
        let mut facets = BTreeMap::new();
        let count = 1 + random.below(3);
        facets.insert("product", values(count, &products, &mut random));
        let count = random.below(3);
        facets.insert("role", values(count, &roles, &mut random));
        let kind = ["How-to", "Reference", "Troubleshooting"][random.below(3)];
        facets.insert("type", vec![kind.to_string()]);
        facets.insert("category", vec![format!("Category {category}")]);
        let url = format!("/kb/category-{category}/article-{n}/");
        copies.insert(format!("{}index.md", &url[1..]), markdown.into_bytes());
        documents.push(Document {
            markdown: Some(format!("{url}index.md")),
            url,
            title,
            summary,
            keywords: Vec::new(),
            facets,
            // Leaked: the corpus lives as long as the test.
            html: html.leak(),
            sections,
        });
    }
    (documents, copies)
}

pub fn facets() -> Vec<Facet> {
    ["product", "role", "audience", "type", "category"]
        .map(|id| Facet {
            id: id.into(),
            name: id.into(),
        })
        .to_vec()
}
