//! The printed checklist's QR code: the only fast_qr import.

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads back the modules drawn by `svg` (`M{x} {y}h{len}v1H{x}z` runs) and decodes
    /// them with an independent QR reader.
    fn decode_qr_svg(svg: &str) -> String {
        let n: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse().ok())
            .expect("viewBox");
        let mut dark = vec![false; n * n];
        let path = svg
            .split(" d=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap();
        for run in path.split('z').filter(|r| !r.is_empty()) {
            let nums: Vec<usize> = run
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            let (x, y, len) = (nums[0], nums[1], nums[2]);
            for i in x..x + len {
                dark[y * n + i] = true;
            }
        }
        let scale = 4;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(n * scale, n * scale, |x, y| {
            if dark[(y / scale) * n + x / scale] {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        grids[0].decode().expect("decodes").1
    }

    #[test]
    fn qr_code_decodes_to_the_page_url() {
        for url in [
            "https://phuong-cam-thanh.example.vn/thu-tuc/dang-ky-khai-sinh/",
            "https://xa-dong-van.tuyenquang.gov.vn/thu-tuc/chung-thuc-ban-sao-tu-ban-chinh/",
        ] {
            assert_eq!(decode_qr_svg(&svg(url)), url);
        }
    }
}
