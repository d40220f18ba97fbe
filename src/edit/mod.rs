//! The browser editor's model side (issue 18), below the HTTP API of `serve --edit`:
//! [`forms`] is the one table of editable fields per kind of file, from which the Decap CMS
//! configuration, the form help texts and the field tables in docs/ are generated; [`merge`]
//! writes a form's values back into the existing file so its layout, key order, quoting and
//! comments stay as the clerk (or reviewer) left them.

pub mod forms;
pub mod merge;
