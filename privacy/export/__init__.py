"""The data export: a registry of sections (`registry`), each app's part (one module per
section), the builder that writes the encrypted ZIP (`builder`), and its JSON Schema."""
