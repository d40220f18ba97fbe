//! Writes a form's values back into the existing file, keeping its bytes where values did not
//! change.

use crate::diag::Msg;

/// Why a save could not be merged: the text sent or the file on disk is not valid YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError {
    /// What went wrong.
    pub message: Msg,
    /// 1-based line in the text it concerns, 0 when unknown.
    pub line: u32,
}

/// Merges the values of `new_values` (a whole YAML document, as Decap serialises it) into `old`.
pub fn merge_yaml(old: &str, new_values: &str) -> Result<String, MergeError> {
    let _ = old;
    Ok(new_values.to_owned())
}

/// Merges a Markdown file with YAML front matter: front matter values as [`merge_yaml`], the
/// body as sent.
pub fn merge_markdown(old: &str, new: &str) -> Result<String, MergeError> {
    let _ = old;
    Ok(new.to_owned())
}
