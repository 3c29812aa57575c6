//! Filters and sorts on a table of plain rows.

use super::*;

#[derive(Debug, Clone, PartialEq)]
struct Row(&'static str, Option<f64>, Scope);

impl Tabular for Row {
    const COLUMNS: &'static [&'static str] = &["name", "value"];
    fn haystack(&self) -> String {
        self.0.to_owned()
    }
    fn sort_key(&self, column: usize) -> SortKey<'_> {
        if column == 0 { text(self.0) } else { SortKey::Number(self.1) }
    }
    fn scope(&self) -> &Scope {
        &self.2
    }
}

fn rows() -> Vec<Row> {
    let east = Scope::region("us-east-1");
    let west = Scope::region("us-west-2");
    vec![
        Row("Shop-Prod-DB", Some(50.0), east.clone()),
        Row("analytics", None, east.clone()),
        Row("shop-dr", Some(10.0), west),
        Row("legacy", Some(90.0), east),
    ]
}

fn names(rows: &[Row]) -> Vec<&str> {
    rows.iter().map(|r| r.0).collect()
}

#[test]
fn every_word_must_match_case_insensitively() {
    let mut r = rows();
    apply(&mut r, &Query { filter: "SHOP db".into(), ..Query::default() }, &ScopeFilter::default());
    assert_eq!(names(&r), ["Shop-Prod-DB"]);
}

#[test]
fn missing_values_sort_last_both_ways() {
    let mut r = rows();
    apply(&mut r, &Query { sort: Some(1), ..Query::default() }, &ScopeFilter::default());
    assert_eq!(names(&r), ["shop-dr", "Shop-Prod-DB", "legacy", "analytics"]);
    let mut r = rows();
    apply(&mut r, &Query { sort: Some(1), descending: true, ..Query::default() }, &ScopeFilter::default());
    assert_eq!(names(&r), ["legacy", "Shop-Prod-DB", "shop-dr", "analytics"]);
}

#[test]
fn the_scope_filter_narrows_to_a_region() {
    let mut r = rows();
    apply(&mut r, &Query::default(), &ScopeFilter { region: Some("us-west-2".into()), profile: None });
    assert_eq!(names(&r), ["shop-dr"]);
}

#[test]
fn sort_cycles_through_columns_and_back() {
    let mut q = Query::default();
    q.next_sort(2);
    assert_eq!(q.sort, Some(0));
    q.next_sort(2);
    assert_eq!(q.sort, Some(1));
    q.next_sort(2);
    assert_eq!(q.sort, None);
    assert_eq!(
        describe(&Query { sort: Some(1), descending: true, filter: "x".into() }, &["a", "b"]),
        "sorted by b ↓ · filter “x”"
    );
}
