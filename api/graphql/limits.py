"""Limits every operation runs under, shared by the schema and by code that parses on its own."""

MAX_TOKENS = 5000
MAX_DEPTH = 12
MAX_ALIASES = 30
