//! Delimited text: the encoding detected (a BOM for UTF-8 or UTF-16, else UTF-8 when the bytes
//! are UTF-8, else GB18030), the delimiter detected (tab or comma), and the rows split by the
//! RFC 4180 rules (quoted fields may hold delimiters, doubled quotes and line breaks). A blank
//! line is a row with one empty cell, so row numbers count blank rows.

use std::borrow::Cow;

use crate::cell::Cell;

/// Decodes a text file to UTF-8.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE.decode_with_bom_removal(bytes).0;
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return encoding_rs::UTF_16BE.decode_with_bom_removal(bytes).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0,
    }
}

/// Tab when the first lines hold more tabs than commas, else comma.
fn delimiter(text: &str) -> char {
    let head = text.lines().take(12);
    let (mut tabs, mut commas) = (0usize, 0usize);
    for line in head {
        tabs += line.matches('\t').count();
        commas += line.matches(',').count();
    }
    if tabs > commas { '\t' } else { ',' }
}

/// Calls `each` with every row of the text, in order; stops early when it returns false.
pub(crate) fn rows(text: &str, mut each: impl FnMut(Vec<Cell>) -> bool) {
    let delim = delimiter(text);
    let mut chars = text.chars().peekable();
    let mut row: Vec<Cell> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    let mut any = false;
    let finish = |field: &mut String, quoted: &mut bool| {
        let text = std::mem::take(field);
        *quoted = false;
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        }
    };
    while let Some(c) = chars.next() {
        any = true;
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted => {
                in_quotes = true;
                quoted = true;
            }
            '\r' => {}
            '\n' => {
                row.push(finish(&mut field, &mut quoted));
                if !each(std::mem::take(&mut row)) {
                    return;
                }
                any = false;
            }
            c if c == delim => row.push(finish(&mut field, &mut quoted)),
            c => field.push(c),
        }
    }
    if any {
        row.push(finish(&mut field, &mut quoted));
        each(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<Vec<Cell>> {
        let mut out = Vec::new();
        rows(text, |r| {
            out.push(r);
            true
        });
        out
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn quotes_blank_lines_and_crlf() {
        let got = all("a,\"b,\"\"c\"\"\"\r\n\r\n\"x\ny\",2\n");
        assert_eq!(
            got,
            vec![
                vec![t("a"), t("b,\"c\"")],
                vec![Cell::Empty],
                vec![t("x\ny"), t("2")]
            ]
        );
    }

    #[test]
    fn tabs_are_detected() {
        assert_eq!(all("a\tb\tc,d\n"), vec![vec![t("a"), t("b"), t("c,d")]]);
    }

    #[test]
    fn encodings_are_detected() {
        assert_eq!(decode("\u{FEFF}身份证号".as_bytes()), "身份证号");
        let (gb, _, _) = encoding_rs::GB18030.encode("身份证号,在学状态");
        assert_eq!(decode(&gb), "身份证号,在学状态");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "姓名".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16), "姓名");
    }
}
