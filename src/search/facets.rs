//! Facets: for each facet (product, role, ...) its values, and for each value the documents
//! that carry it, so the browser can count and filter any result set without fetching the
//! documents themselves.
//!
//! `search/facets.bin` is every value's document set (see [`super::encoding`]) one after the
//! other, in the order `meta.json` lists the facets and their values.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::encoding::put_doc_set;
use super::{Facet, FacetLabels};

/// A facet as `meta.json` lists it.
#[derive(Debug, Serialize)]
pub struct FacetValues {
    pub id: String,
    pub name: String,
    /// Value labels, sorted.
    pub values: Vec<String>,
}

/// The facets in `facets` order and the bytes of `facets.bin`. Facets that no document has are
/// left out; facet ids of documents that `facets` does not declare are ignored.
pub fn facets(documents: &[FacetLabels], facets: &[Facet]) -> (Vec<FacetValues>, Vec<u8>) {
    let total = documents.len() as u32;
    // Each facet on its own thread: a facet is a pass over every document.
    let each: Vec<Option<(FacetValues, Vec<u8>)>> = facets
        .par_iter()
        .map(|facet| {
            let mut values: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
            for (number, document) in documents.iter().enumerate() {
                let mut labels: Vec<&str> = document
                    .get(facet.id.as_str())
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                labels.sort_unstable();
                labels.dedup();
                for label in labels {
                    values.entry(label).or_default().push(number as u32);
                }
            }
            if values.is_empty() {
                return None;
            }
            let mut bytes = Vec::new();
            for docs in values.values() {
                put_doc_set(&mut bytes, docs, total);
            }
            let listed = FacetValues {
                id: facet.id.clone(),
                name: facet.name.clone(),
                values: values.into_keys().map(str::to_string).collect(),
            };
            Some((listed, bytes))
        })
        .collect();
    let mut listed = Vec::new();
    let mut bytes = Vec::new();
    for (facet, facet_bytes) in each.into_iter().flatten() {
        listed.push(facet);
        bytes.extend_from_slice(&facet_bytes);
    }
    (listed, bytes)
}

#[cfg(test)]
mod tests {
    use super::super::encoding::get_doc_set;
    use super::*;

    fn document(facets: &[(&'static str, &[&str])]) -> FacetLabels {
        facets
            .iter()
            .map(|(id, values)| (*id, values.iter().map(|v| v.to_string()).collect()))
            .collect()
    }

    #[test]
    fn each_value_lists_its_documents_in_declared_facet_order() {
        let documents = [
            document(&[("product", &["Voice", "Portal"]), ("type", &["How-to"])]),
            document(&[("product", &["Voice", "Voice"])]),
            document(&[("secret", &["Hidden"])]),
        ];
        let declared = [
            Facet {
                id: "type".into(),
                name: "Type".into(),
            },
            Facet {
                id: "product".into(),
                name: "Product".into(),
            },
            Facet {
                id: "role".into(),
                name: "Role".into(),
            },
        ];
        let (listed, bytes) = facets(&documents, &declared);
        let summary: Vec<(&str, Vec<&str>)> = listed
            .iter()
            .map(|f| (f.id.as_str(), f.values.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            summary,
            [
                ("type", vec!["How-to"]),
                ("product", vec!["Portal", "Voice"])
            ]
        );
        let mut at = 0;
        let sets: Vec<Vec<u32>> = (0..3)
            .map(|_| get_doc_set(&bytes, &mut at, 3).unwrap())
            .collect();
        assert_eq!(sets, [vec![0], vec![0], vec![0, 1]]);
        assert_eq!(at, bytes.len());
    }
}
