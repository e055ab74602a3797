"""What a REST body may be sent as: JSON (RFC 8259: UTF-8), as sent or gzip-compressed.

`application/json` and structured `+json` types (RFC 6839, such as `application/cloudevents+json`)
with an optional `charset=utf-8`; anything else is a 415 before a byte of the body is read. A
cross-site form can send only form types or text/plain without a CORS preflight, so requiring
JSON also keeps browsers from posting on a visitor's behalf.
"""

from __future__ import annotations

import functools
from email.message import Message

from api.body_limit import ContentCoding

# RFC 9110 8.4.1.3: x-gzip is gzip.
_CODINGS: dict[str, ContentCoding] = {"identity": "identity", "gzip": "gzip", "x-gzip": "gzip"}


# Every hook asks, and callers send a handful of distinct values: parsing one with
# email.message costs more than the rest of the header checks together.
@functools.lru_cache(maxsize=256)
def is_json(content_type: str | None) -> bool:
    if not content_type:
        return False
    parsed = Message()
    parsed["content-type"] = content_type
    subtype = parsed.get_content_subtype()
    if parsed.get_content_maintype() != "application" or not (
        subtype == "json" or (subtype.endswith("+json") and subtype != "+json")
    ):
        return False
    charset = parsed.get_param("charset")
    return charset is None or str(charset).lower() in {"utf-8", "utf8"}


def content_coding(content_encoding: str | None) -> ContentCoding | None:
    """The body's one content coding, or None for any this server does not decode (several
    codings stacked included)."""
    if content_encoding is None:
        return "identity"
    return _CODINGS.get(content_encoding.strip().lower())
