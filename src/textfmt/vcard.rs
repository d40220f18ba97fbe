//! vCard 4.0 (RFC 6350) content lines: the same escaping and folding as iCalendar (§3.2, §3.4).
//! Structured values (N, ADR, ORG) separate their components with `;`: each component is
//! escaped on its own ([`component`]), so a `;` or `,` in a name stays inside its component.

pub use super::lines::{Lines as Card, fold, text, uri};

/// One component of a structured value: `;` and `,` inside it are escaped, like TEXT.
pub fn component(s: &str) -> String {
    text(s)
}

/// A structured value from its components, each escaped, joined by `;`.
pub fn structured(components: &[&str]) -> String {
    components
        .iter()
        .map(|c| component(c))
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_inside_a_component_are_escaped() {
        assert_eq!(
            structured(&["UBND; phường", "Tổ 1, 2"]),
            "UBND\\; phường;Tổ 1\\, 2"
        );
    }
}
