use super::*;
use crate::check::testing::Random;
use crate::search::plain_text;
use crate::search::tokens::words;
use crate::search::vocabulary::key_word;

/// The words and heading flags of `html`.
fn read(html: &str) -> Vec<(String, bool)> {
    let mut list = Vec::new();
    let mut buffer = String::new();
    for_each_html_word(html, &mut buffer, &mut |word: Word, heading| {
        let text = match word {
            Word::Key(key) => key_word(key),
            Word::Text(text) => text.to_string(),
        };
        list.push((text, heading))
    });
    list
}

fn plain_words(html: &str) -> Vec<String> {
    read(html).into_iter().map(|(word, _)| word).collect()
}

#[test]
fn words_are_read_from_the_html_with_their_weight() {
    let html = "<p>Intro &amp; More.</p>\n<h2 id=\"steps\">Reset <em>the</em> Router <a class=\"anchor\" href=\"#steps\">#</a></h2>\n<p>Im<strong>port</strong>ant: call&nbsp;us</p>";
    let found = read(html);
    let pairs: Vec<(&str, bool)> = found.iter().map(|(w, h)| (w.as_str(), *h)).collect();
    assert_eq!(
        pairs,
        [
            ("intro", false),
            ("more", false),
            ("reset", true),
            ("the", true),
            ("router", true),
            ("important", false),
            ("call", false),
            ("us", false),
        ]
    );
}

#[test]
fn audience_labels_scripts_and_comments_are_not_text() {
    let html = "<section class=\"audience-section\"><p class=\"audience-label\">For: Direct customers</p>\n<h3 id=\"d\">Billing</h3><p>Pay<!-- not this -->ment<script>var hidden;</script>ss</p></section>";
    assert_eq!(plain_words(html), ["billing", "pay", "ment", "ss"]);
    // Inline tags and letters written as entities stay inside the word; unknown entities are
    // text.
    assert_eq!(plain_words("a<em>b</em>"), ["ab"]);
    assert_eq!(
        plain_words("caf&#233; na&iuml;ve"),
        ["café", "na", "iuml", "ve"]
    );
}

/// Pieces of article HTML, hostile ones included, that random pages are made of.
const PIECES: &[&str] = &[
    "Router",
    "reset",
    "ÄNDERN",
    "café",
    "東京",
    "e1042",
    "x",
    " ",
    "  ",
    "\n",
    "\t",
    ".",
    "-",
    "<p>",
    "</p>",
    "<em>",
    "</em>",
    "<strong>",
    "</strong>",
    "<code>",
    "</code>",
    "<a href=\"#x\">",
    "</a>",
    "<br>",
    "<li>",
    "</li>",
    "<h2 id=\"a\">",
    "</h2>",
    "<H3>",
    "</h3>",
    "<td>",
    "<span>",
    "&amp;",
    "&lt;",
    "&#233;",
    "&#x41;",
    "&eacute;",
    "&nbsp;",
    "&",
    "&#",
    "&#xZZ;",
    "&#1114112;",
    "<!-- c -->",
    "<!--",
    "<script>s()</script>",
    "<style>p{}</STYLE>",
    "<script>",
    "<",
    "<<",
    ">",
    "\u{a0}",
    "\u{2003}",
    "—",
    "’",
    "\u{1}",
    "<pre><code class=\"language-sh\">",
    "ß",
    // Words around the eight-byte blocks the reader classifies at once, and the word table's
    // key lengths (up to 8 bytes, 9 to 16, longer).
    "abcdefg",
    "abcdefgh",
    "Configuration",
    "PASSWORD1234",
    "ABCDEFGHIJKLMNOPQRSTU",
    "0123456789",
    "        ",
    // The bytes just outside the letter and digit ranges, and non-ASCII chars whose low seven
    // bits are `<` (U+00BC) or `&` (U+00A6).
    "@[`{/:\u{7f}",
    "¼",
    "¦",
    // Tag names in other cases, longer than eight bytes, or near a heading's.
    "<EM>",
    "</Em>",
    "<ABBR title=\"x\">",
    "<blockquote>",
    "<figcaption>",
    "<h7>",
    "<hr/>",
    "<strong\n>",
    "</SCRIPT>",
];

#[test]
fn the_words_are_those_of_the_plain_text() {
    let mut random = Random::new(0x5eed_cafe);
    for _ in 0..20_000 {
        let mut html = String::new();
        for _ in 0..random.below(24) {
            html.push_str(PIECES[random.below(PIECES.len())]);
        }
        assert_eq!(
            plain_words(&html),
            words(&plain_text(&html)),
            "words of {html:?}"
        );
    }
}

#[test]
fn words_of_every_length_limit_match_the_tokenizer() {
    for length in [1, 2, MAX_WORD_CHARS, MAX_WORD_CHARS + 1] {
        let word = "k".repeat(length);
        let html = format!("<p>{word} <em>{word}</em>{word}</p>");
        assert_eq!(plain_words(&html), words(&plain_text(&html)), "{length}");
    }
    assert!(read("").is_empty());
}

#[test]
fn blocks_classify_every_byte_as_the_tokenizer_does() {
    use crate::search::tokens::CLASS;
    for byte in 0..=255u8 {
        for at in 0..8 {
            let mut bytes = [b' '; 8];
            bytes[at] = byte;
            let block = Block::at(&bytes, 0);
            // Any class but a separator's (0) is part of a word.
            let word = CLASS[byte as usize] != 0;
            assert_eq!(
                block.word >> (8 * at) & 0x80 != 0,
                word,
                "{byte:#x} at {at}"
            );
            let special = byte == b'<' || byte == b'&';
            assert_eq!(block.is_special(at), special, "{byte:#x} at {at}");
        }
    }
    // Past the end, bytes are separators.
    let block = Block::at(b"ab<", 0);
    assert_eq!(block.word_bytes(), 2);
    assert!(block.is_special(2));
    assert_eq!(block.separators_from(3), 5);
    assert_eq!(Block::at(b"abcdefghij", 0).word_bytes(), 8);
    assert_eq!(Block::at(b" . x", 0).separators_from(0), 3);
    assert_eq!(Block::at(b" .&x", 0).separators_from(1), 1);
}
