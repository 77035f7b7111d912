//! docs/errors.md catalogues exactly the error codes of the library, in order.

#[test]
fn the_catalogue_lists_every_code_in_order() {
    let doc = include_str!("../../docs/errors.md");
    let documented: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("### `").and_then(|l| l.strip_suffix('`')))
        .collect();
    let codes: Vec<&str> = hengjie::ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(documented, codes);
}
