"""GET /docs: the OpenAPI document rendered on the server as one plain HTML page.

No script, font or style sheet is loaded from anywhere (the first seed pulled Swagger UI from a
CDN): the page works offline and behind strict egress rules, and its Content-Security-Policy
allows nothing but its own inline style, pinned by hash.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from html import escape
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from api.rest.openapi import openapi_document

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font:13px ui-monospace,monospace;background:#f4f4f4;padding:0 .2em}
pre{padding:.5rem;overflow:auto}
h2{border-bottom:1px solid #ccc;margin-top:2.5rem}
.op{border:1px solid #ddd;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}
.method{font-weight:bold;text-transform:uppercase;margin-right:.5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
"""

_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()

HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _text(value: Any) -> str:
    """Descriptions use `code` spans; everything else is escaped as text."""
    parts = escape(str(value)).split("`")
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


def _schema_label(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return f'<a href="#schema-{escape(name)}">{escape(name)}</a>'
    if not schema:
        return "any JSON"
    kind = schema.get("type", "")
    label = " | ".join(kind) if isinstance(kind, list) else str(kind)
    if "items" in schema:
        label += " of " + _schema_label(schema["items"])
    extras = [
        f"{key} {schema[key]}"
        for key in ("format", "pattern", "minLength", "maxLength", "minimum", "maximum")
        if key in schema
    ]
    if "enum" in schema:
        extras.append("one of " + ", ".join(json.dumps(v) for v in schema["enum"]))
    return escape(label) + (f" ({escape('; '.join(extras))})" if extras else "")


def _resolve(document: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in item:
        return item
    node: Any = document
    for part in item["$ref"].removeprefix("#/").split("/"):
        node = node[part]
    resolved: dict[str, Any] = node
    return resolved


def _operation(document: dict[str, Any], path: str, method: str, op: dict[str, Any]) -> str:
    html = [
        f'<div class="op" id="{escape(op.get("operationId", ""))}">',
        f'<h3><span class="method">{escape(method)}</span><code>{escape(path)}</code></h3>',
        f"<p><strong>{_text(op.get('summary', ''))}</strong></p>",
    ]
    if "description" in op:
        html.append(f"<p>{_text(op['description'])}</p>")
    parameters = [_resolve(document, p) for p in op.get("parameters", [])]
    if parameters:
        html.append("<table><tr><th>parameter</th><th>in</th><th>schema</th><th></th></tr>")
        for p in parameters:
            required = " (required)" if p.get("required") else ""
            html.append(
                f"<tr><td><code>{escape(p['name'])}</code>{required}</td><td>{escape(p['in'])}</td>"
                f"<td>{_schema_label(p['schema'])}</td><td>{_text(p.get('description', ''))}</td></tr>"
            )
        html.append("</table>")
    body = op.get("requestBody")
    if body:
        types = ", ".join(f"<code>{escape(t)}</code>" for t in body["content"])
        html.append(f"<p>Body ({types}): {_text(body.get('description', ''))}</p>")
    html.append("<table><tr><th>status</th><th>content</th><th>meaning</th></tr>")
    for status, response in op["responses"].items():
        content = "<br>".join(
            f"<code>{escape(media)}</code> {_schema_label(spec.get('schema', {}))}"
            for media, spec in response.get("content", {}).items()
        )
        headers = response.get("headers", {})
        meaning = _text(response["description"])
        if headers:
            meaning += "<br>Headers: " + ", ".join(f"<code>{escape(h)}</code>" for h in headers)
        html.append(f"<tr><td>{escape(status)}</td><td>{content}</td><td>{meaning}</td></tr>")
    html.append("</table></div>")
    return "\n".join(html)


def _schema(name: str, schema: dict[str, Any]) -> str:
    html = [f'<h3 id="schema-{escape(name)}">{escape(name)}</h3>']
    if "description" in schema:
        html.append(f"<p>{_text(schema['description'])}</p>")
    required = set(schema.get("required", []))
    html.append("<table><tr><th>field</th><th>schema</th><th></th></tr>")
    for field, spec in schema.get("properties", {}).items():
        mark = " (required)" if field in required else ""
        html.append(
            f"<tr><td><code>{escape(field)}</code>{mark}</td><td>{_schema_label(spec)}</td>"
            f"<td>{_text(spec.get('description', ''))}</td></tr>"
        )
    html.append("</table>")
    return "\n".join(html)


@functools.cache
def render_docs() -> str:
    document = openapi_document()
    info = document["info"]
    operations = [
        _operation(document, path, method, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
    ]
    schemas = [_schema(n, s) for n, s in document["components"]["schemas"].items()]
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(info['title'])}</title>",
            f"<style>{_STYLE}</style></head><body>",
            f"<h1>{escape(info['title'])} <small>{escape(info['version'])}</small></h1>",
            f"<p>{_text(info['description'])}</p>",
            '<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>',
            "<h2>Operations</h2>",
            *operations,
            "<h2>Schemas</h2>",
            *schemas,
            "</body></html>",
        ]
    )


async def docs_page(request: Request) -> Response:
    return HTMLResponse(render_docs(), headers=HEADERS)
