"""Every SQL statement of the platform, and the only package that speaks to the database
(docs/architecture.md; tests/test_architecture.py keeps it so)."""
