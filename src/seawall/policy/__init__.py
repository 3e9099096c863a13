"""Data-driven policy tables and engines (API lifecycle, Pod Security Standards, schemas)."""
