//! QR codes as inline SVG, the only fast_qr import: the printed checklist of procedure pages
//! and the notice-board poster (`reach::poster`). Decoded back with an independent reader in
//! `tests/testsuite/poster.rs`.

/// QR code of `url` as a small inline SVG: one path, each run of dark modules in a row drawn as
/// one rectangle (a fraction of the size of one square per module), with a 4-module quiet zone.
pub fn svg(url: &str) -> String {
    use std::fmt::Write as _;
    let Ok(code) = fast_qr::QRBuilder::new(url).ecl(fast_qr::ECL::M).build() else {
        return String::new();
    };
    let w = code.size;
    let dark = |x: usize, y: usize| code[y][x].value();
    let q = 4;
    let mut d = String::new();
    for y in 0..w {
        let mut x = 0;
        while x < w {
            if dark(x, y) {
                let start = x;
                while x < w && dark(x, y) {
                    x += 1;
                }
                let _ = write!(d, "M{} {}h{}v1H{}z", start + q, y + q, x - start, start + q);
            } else {
                x += 1;
            }
        }
    }
    let n = w + 2 * q;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {n} {n}\" role=\"img\" aria-label=\"QR\" shape-rendering=\"crispEdges\"><rect width=\"{n}\" height=\"{n}\" fill=\"#fff\"/><path d=\"{d}\"/></svg>"
    )
}
