"""Limits every operation runs under, shared by the schema and by code that parses on its own."""

MAX_TOKENS = 5000
MAX_DEPTH = 12
MAX_ALIASES = 30
# Brackets, braces and parentheses in a document, one inside another: far above what the depth
# limit lets a selection use (GraphiQL's introspection query nests about 20); a parser recurses
# once per level.
MAX_DOCUMENT_NESTING = 64
