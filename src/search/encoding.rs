//! The binary pieces of the index: varints, sets of document numbers and postings lists, with
//! their decoders (used by [`super::lookup`] and the tests; `search.js` has the same decoders).
//!
//! A document set is written in whichever of three forms is smallest, so a facet value or a
//! word found in nearly every article costs a bitmap (one bit per article) and a rare one a few
//! bytes:
//!
//! | first byte | then |
//! | --- | --- |
//! | 0 (list) | varint count, then each document as a varint gap (`doc - previous - 1`; the first is the document) |
//! | 1 (bitmap) | `ceil(documents / 8)` bytes; bit `i % 8` of byte `i / 8` is document `i` |
//! | 2 (runs) | varint count of runs, then per run varint gap from the end of the previous run and varint length - 1 |
//!
//! A postings list is a document set, then one score per document in document order: a byte
//! each, or, for a word in more than an eighth of the articles (its weight in a ranking is small
//! anyway), a nibble each (low nibble first, value x 17).

/// Appends `value` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads a varint at `*at`, advancing it; `None` if the bytes end or it overflows.
pub fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut value: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u32::from(byte & 0x7f).checked_shl(shift)?;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

const LIST: u8 = 0;
const BITMAP: u8 = 1;
const RUNS: u8 = 2;

/// Encodes `docs` (strictly increasing, each below `total`) in the smallest of the three forms.
/// The sizes are counted first and only the smallest form is written (this runs for every
/// stem of the KB: 2.5 M postings at 10,000 articles).
pub fn put_doc_set(out: &mut Vec<u8>, docs: &[u32], total: u32) {
    let list_size = 1 + varint_size(docs.len() as u32) + gaps(docs).map(varint_size).sum::<usize>();
    let mut span_count = 0;
    let mut spans_size = 0;
    for_each_span(docs, |gap, length| {
        span_count += 1;
        spans_size += varint_size(gap) + varint_size(length - 1);
    });
    let runs_size = 1 + varint_size(span_count) + spans_size;
    let bitmap_size = 1 + total.div_ceil(8) as usize;
    if bitmap_size < list_size.min(runs_size) {
        out.push(BITMAP);
        let start = out.len();
        out.resize(start + bitmap_size - 1, 0);
        for &doc in docs {
            out[start + (doc / 8) as usize] |= 1 << (doc % 8);
        }
    } else if runs_size < list_size {
        out.push(RUNS);
        put_varint(out, span_count);
        for_each_span(docs, |gap, length| {
            put_varint(out, gap);
            put_varint(out, length - 1);
        });
    } else {
        out.push(LIST);
        put_varint(out, docs.len() as u32);
        for gap in gaps(docs) {
            put_varint(out, gap);
        }
    }
}

/// The list form's numbers: the first document, then each one's distance to the one before,
/// less one.
fn gaps(docs: &[u32]) -> impl Iterator<Item = u32> + '_ {
    docs.iter().scan(None, |previous: &mut Option<u32>, &doc| {
        let gap = previous.map_or(doc, |p| doc - p - 1);
        *previous = Some(doc);
        Some(gap)
    })
}

/// Calls `span(gap, length)` for each run of consecutive documents: its distance from the end
/// of the run before (from 0 for the first) and its length.
fn for_each_span(docs: &[u32], mut span: impl FnMut(u32, u32)) {
    let mut end = 0;
    let mut index = 0;
    while index < docs.len() {
        let start = docs[index];
        let mut length = 1;
        while docs.get(index + length as usize) == Some(&(start + length)) {
            length += 1;
        }
        span(start - end, length);
        end = start + length;
        index += length as usize;
    }
}

/// How many bytes [`put_varint`] writes for `value`.
fn varint_size(value: u32) -> usize {
    match value {
        0..0x80 => 1,
        0x80..0x4000 => 2,
        0x4000..0x20_0000 => 3,
        0x20_0000..0x1000_0000 => 4,
        _ => 5,
    }
}

/// Decodes a document set at `*at`; `None` on malformed bytes.
pub fn get_doc_set(bytes: &[u8], at: &mut usize, total: u32) -> Option<Vec<u32>> {
    let kind = *bytes.get(*at)?;
    *at += 1;
    let mut docs = Vec::new();
    match kind {
        LIST => {
            let count = get_varint(bytes, at)?;
            let mut next = 0u32;
            for _ in 0..count {
                let doc = next.checked_add(get_varint(bytes, at)?)?;
                docs.push(doc);
                next = doc.checked_add(1)?;
            }
        }
        BITMAP => {
            let size = total.div_ceil(8) as usize;
            let bitmap = bytes.get(*at..*at + size)?;
            *at += size;
            for (index, byte) in bitmap.iter().enumerate() {
                for bit in 0..8 {
                    if byte & (1 << bit) != 0 {
                        docs.push(index as u32 * 8 + bit);
                    }
                }
            }
        }
        RUNS => {
            let count = get_varint(bytes, at)?;
            let mut end = 0u32;
            for _ in 0..count {
                let start = end.checked_add(get_varint(bytes, at)?)?;
                end = start.checked_add(get_varint(bytes, at)?)?.checked_add(1)?;
                // Checked before expanding, so a corrupt length cannot allocate gigabytes.
                if end > total {
                    return None;
                }
                docs.extend(start..end);
            }
        }
        _ => return None,
    }
    docs.iter().all(|&d| d < total).then_some(docs)
}

/// Encodes a postings list: `(document, score 1..=255)` pairs in document order.
pub fn put_postings(out: &mut Vec<u8>, postings: &[(u32, u8)], total: u32) {
    let docs: Vec<u32> = postings.iter().map(|&(doc, _)| doc).collect();
    put_doc_set(out, &docs, total);
    if uses_nibbles(postings.len(), total) {
        for pair in postings.chunks(2) {
            let low = nibble(pair[0].1);
            let high = pair.get(1).map_or(0, |p| nibble(p.1));
            out.push(low | (high << 4));
        }
    } else {
        out.extend(postings.iter().map(|&(_, score)| score));
    }
}

/// Decodes a postings list (scores back on the 0..=255 scale).
pub fn get_postings(bytes: &[u8], total: u32) -> Option<Vec<(u32, u8)>> {
    let mut at = 0;
    let docs = get_doc_set(bytes, &mut at, total)?;
    let scores: Vec<u8> = if uses_nibbles(docs.len(), total) {
        let packed = bytes.get(at..at + docs.len().div_ceil(2))?;
        packed
            .iter()
            .flat_map(|b| [(b & 15) * 17, (b >> 4) * 17])
            .take(docs.len())
            .collect()
    } else {
        bytes.get(at..at + docs.len())?.to_vec()
    };
    Some(docs.into_iter().zip(scores).collect())
}

/// Whether a list of `count` documents out of `total` stores scores as nibbles.
fn uses_nibbles(count: usize, total: u32) -> bool {
    count as u64 * 8 > u64::from(total)
}

fn nibble(score: u8) -> u8 {
    ((u16::from(score) + 8) / 17).clamp(1, 15) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_and_refuse_garbage() {
        for value in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX] {
            let mut bytes = Vec::new();
            put_varint(&mut bytes, value);
            let mut at = 0;
            assert_eq!(get_varint(&bytes, &mut at), Some(value));
            assert_eq!(at, bytes.len());
        }
        assert_eq!(get_varint(&[0x80], &mut 0), None);
        assert_eq!(get_varint(&[0xff; 6], &mut 0), None);
    }

    #[test]
    fn doc_sets_pick_the_smallest_form_and_round_trip() {
        let total = 1000;
        let sparse = vec![3, 500, 999];
        let dense: Vec<u32> = (0..total).filter(|d| d % 3 != 0).collect();
        let contiguous: Vec<u32> = (100..400).chain(600..700).collect();
        for (docs, kind) in [(&sparse, LIST), (&dense, BITMAP), (&contiguous, RUNS)] {
            let mut bytes = Vec::new();
            put_doc_set(&mut bytes, docs, total);
            assert_eq!(bytes[0], kind);
            let mut at = 0;
            assert_eq!(get_doc_set(&bytes, &mut at, total).as_ref(), Some(docs));
            assert_eq!(at, bytes.len());
        }
        let mut bytes = Vec::new();
        put_doc_set(&mut bytes, &[], total);
        assert_eq!(get_doc_set(&bytes, &mut 0, total), Some(vec![]));
    }

    #[test]
    fn doc_sets_are_the_smallest_of_the_three_forms_written_plainly() {
        // Each form written the plain way, from its definition.
        fn forms(docs: &[u32], total: u32) -> [Vec<u8>; 3] {
            let mut list = vec![LIST];
            put_varint(&mut list, docs.len() as u32);
            for (index, &doc) in docs.iter().enumerate() {
                put_varint(
                    &mut list,
                    if index == 0 {
                        doc
                    } else {
                        doc - docs[index - 1] - 1
                    },
                );
            }
            let mut spans: Vec<(u32, u32)> = Vec::new();
            for &doc in docs {
                match spans.last_mut() {
                    Some((start, length)) if *start + *length == doc => *length += 1,
                    _ => spans.push((doc, 1)),
                }
            }
            let mut runs = vec![RUNS];
            put_varint(&mut runs, spans.len() as u32);
            let mut end = 0;
            for (start, length) in spans {
                put_varint(&mut runs, start - end);
                put_varint(&mut runs, length - 1);
                end = start + length;
            }
            let mut bitmap = vec![BITMAP];
            bitmap.resize(1 + total.div_ceil(8) as usize, 0);
            for &doc in docs {
                bitmap[1 + (doc / 8) as usize] |= 1 << (doc % 8);
            }
            [bitmap, runs, list]
        }
        let mut random = crate::check::testing::Random::new(0xd0c5);
        for _ in 0..3_000 {
            let total = 1 + random.below(40_000) as u32;
            // Dense, sparse and runs of every kind, with gaps around the varint sizes.
            let keep = 1 + random.below(100);
            let mut docs = Vec::new();
            let mut doc = random.below(300) as u32;
            while doc < total {
                docs.push(doc);
                doc += if random.below(100) < keep {
                    1
                } else {
                    1 + random.below(20_000) as u32
                };
            }
            let mut bytes = Vec::new();
            put_doc_set(&mut bytes, &docs, total);
            let [bitmap, runs, list] = forms(&docs, total);
            let smallest = if bitmap.len() < list.len().min(runs.len()) {
                bitmap
            } else if runs.len() < list.len() {
                runs
            } else {
                list
            };
            assert_eq!(bytes, smallest, "{docs:?} of {total}");
            assert_eq!(get_doc_set(&bytes, &mut 0, total), Some(docs));
        }
        for value in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            2_097_151,
            2_097_152,
            268_435_455,
            268_435_456,
            u32::MAX,
        ] {
            let mut bytes = Vec::new();
            put_varint(&mut bytes, value);
            assert_eq!(varint_size(value), bytes.len(), "{value}");
        }
    }

    #[test]
    fn postings_keep_scores_exactly_or_as_nibbles_when_dense() {
        let total = 64;
        let rare = vec![(5, 200), (40, 1)];
        let mut bytes = Vec::new();
        put_postings(&mut bytes, &rare, total);
        assert_eq!(get_postings(&bytes, total), Some(rare));

        let common: Vec<(u32, u8)> = (0..40)
            .map(|d| (d, if d == 0 { 255 } else { 20 }))
            .collect();
        let mut bytes = Vec::new();
        put_postings(&mut bytes, &common, total);
        let decoded = get_postings(&bytes, total).unwrap();
        assert_eq!(decoded[0], (0, 255));
        assert_eq!(decoded[1], (1, 17));
        assert_eq!(decoded.len(), 40);
    }

    #[test]
    fn malformed_postings_are_refused_not_panicking() {
        assert_eq!(get_postings(&[], 10), None);
        assert_eq!(get_postings(&[9], 10), None);
        assert_eq!(get_postings(&[0, 5, 1], 10), None);
        assert_eq!(get_postings(&[0, 1, 20, 7], 10), None);
        assert_eq!(get_postings(&[2, 1, 0, 200, 1], 10), None);
    }
}
