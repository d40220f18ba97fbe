//! The portal's JSON detail record (external format: unknown fields are kept, never dropped).
