"""Strawberry's ParserCache, except that a document which does not parse is left to Strawberry.

ParserCache parses inside its on_parse hook, outside the guard Strawberry puts around its own
parse: over HTTP the error still became an answer, but on a websocket (`Schema.stream`) it
escaped the operation, which Strawberry logged at ERROR with a traceback quoting the caller's
text, and answered only with `complete`. Here such a document is parsed again in Strawberry's
own step, whose GraphQLSyntaxError becomes the answer on both transports. The second parse is
bounded like the first: documents are size-checked before either (untrusted_text.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import ParserCache


class ParsedDocuments(ParserCache):
    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        # Not parsed: Strawberry's own step parses it again and answers with the error.
        with contextlib.suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        yield
