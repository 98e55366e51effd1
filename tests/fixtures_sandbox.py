"""PLACEHOLDER: filled in by its owner (docs/ARCHITECTURE.md)."""
