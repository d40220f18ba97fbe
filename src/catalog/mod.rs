//! The procedure catalog taken from the national public-service portal's records (issue 16):
//! the portal's JSON detail record format (`records`), turning its facts into structure
//! (`normalise`), the generated official layer (`import`) and drift between the records and the
//! hand-written plain-language layer (`diff`). Downloading the records is `fetch`.

pub mod diff;
pub mod fetch;
pub mod import;
pub mod normalise;
pub mod page;
pub mod records;
pub mod successor;
pub mod yamlout;
