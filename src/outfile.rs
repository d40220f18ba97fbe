//! One output file of a site as a plain value: the type every stage hands to the next (images
//! and the renderer make them, the writer writes them). Kept apart so that the model can hold
//! processed images without knowing the renderer.

/// One output file of a site, path relative to the site's output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// `thu-tuc/dang-ky-khai-sinh/index.html`.
    pub path: String,
    /// Bytes.
    pub bytes: Vec<u8>,
}
