//! CSV, the only user of the `csv` crate: reading the bundled commune lists, and writing the
//! broadcast lists a clerk opens in Excel or LibreOffice.
//!
//! Written files start with a UTF-8 byte-order mark (Excel on Windows otherwise reads the
//! Vietnamese letters as the local code page) and end lines in CRLF. A cell that a spreadsheet
//! could take for a formula (its first character `=`, `+`, `-`, `@`, tab or CR) gets a leading
//! `'`, the mark spreadsheets themselves use for "this is text" (OWASP's advice for CSV
//! injection); [`neutralise`] is that rule, so readers of the file can undo it.

/// The byte-order mark every written file starts with.
pub const BOM: &str = "\u{feff}";

/// Records of a CSV text with a header row (the header is not returned); rows that do not parse
/// are skipped.
pub fn rows(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect()
}

/// A written file read back (for tests and tools): its header and records, the BOM dropped.
/// Errs with the parser's message when a record does not parse.
pub fn read(bytes: &[u8]) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let body = bytes.strip_prefix(BOM.as_bytes()).unwrap_or(bytes);
    let mut r = csv::Reader::from_reader(body);
    let header = r
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    for rec in r.records() {
        rows.push(
            rec.map_err(|e| e.to_string())?
                .iter()
                .map(str::to_owned)
                .collect(),
        );
    }
    Ok((header, rows))
}

/// Whether a spreadsheet could read a cell starting with `c` as a formula.
pub fn starts_formula(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// The cell written for `s`: `'` in front when it could be read as a formula.
pub fn neutralise(s: &str) -> String {
    if starts_formula(s) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// A CSV file: BOM, the header row, then one row per record, every cell neutralised, CRLF line
/// ends, fields quoted where needed.
pub fn write(header: &[&str], records: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
    // Writing to a Vec cannot fail; a record of another length than the header is a bug.
    let _ = w.write_record(header);
    for r in records {
        let _ = w.write_record(r.iter().map(|c| neutralise(c)));
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
        assert!(bytes.starts_with(BOM.as_bytes()), "BOM first");
        read(bytes).unwrap()
    }

    #[test]
    fn formula_cells_get_a_quote_and_others_do_not() {
        let bytes = write(
            &["a", "b"],
            &[
                vec!["=HYPERLINK(\"x\")".into(), "-5".into()],
                vec!["Họp dân".into(), "@x".into()],
            ],
        );
        let (h, rows) = read_back(&bytes);
        assert_eq!(h, ["a", "b"]);
        assert_eq!(rows[0], ["'=HYPERLINK(\"x\")", "'-5"]);
        assert_eq!(rows[1], ["Họp dân", "'@x"]);
        assert!(bytes.ends_with(b"\r\n"));
    }

    proptest::proptest! {
        #[test]
        fn any_cell_reads_back_as_written_after_neutralisation(cells in proptest::collection::vec("(?s)\\PC{0,3}[=+@\t\r\n\",;-]?(?s).{0,30}", 1..5)) {
            let header: Vec<&str> = (0..cells.len()).map(|_| "c").collect();
            let bytes = write(&header, std::slice::from_ref(&cells));
            let (_, rows) = read_back(&bytes);
            proptest::prop_assert_eq!(rows.len(), 1);
            for (got, want) in rows[0].iter().zip(&cells) {
                proptest::prop_assert_eq!(got, &neutralise(want));
                proptest::prop_assert!(!starts_formula(got));
            }
        }
    }
}
