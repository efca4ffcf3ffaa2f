# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bounded reading and parsing of the JSON bodies the module's endpoints accept.

Pure Python (stdlib only), used by the backup and instance report endpoints and
by the plain unittest suite in ``test/``.

* :func:`read_bounded` reads at most ``limit + 1`` bytes from a stream, whatever
  the transfer encoding the server decoded (``Content-Length`` or chunked), and
  raises :class:`BodyTooLarge` when there is more than ``limit``.
* :func:`loads_bounded` parses JSON after checking its nesting depth in one
  linear pass, so a deeply nested body is a :class:`BadBody`, never a
  ``RecursionError``.
"""

from __future__ import annotations

import json
import re

__all__ = ["BadBody", "BodyTooLarge", "json_depth", "loads_bounded", "read_bounded"]

READ_CHUNK = 64 * 1024
MAX_JSON_DEPTH = 32

# a JSON string (with its escapes), or one bracket; strings are skipped whole
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class BodyTooLarge(ValueError):
    """The body has more bytes than the limit (answer 413)."""


class BadBody(ValueError):
    """The body is not acceptable JSON (answer 400); the message says why."""


def read_bounded(stream, limit: int, length: int | None = None) -> bytes:
    """Read the body from ``stream``: at most ``limit + 1`` bytes.

    ``length`` is the announced ``Content-Length`` (None for a chunked body,
    whose end the server marks): more than ``limit`` is refused before reading,
    and never more than ``length`` bytes are read.
    """
    if length is not None and length > limit:
        raise BodyTooLarge(f"the body is larger than {limit} bytes")
    budget = limit + 1 if length is None else length
    parts = []
    read = 0
    while read < budget:
        part = stream.read(min(READ_CHUNK, budget - read))
        if not part:
            break
        parts.append(part)
        read += len(part)
    if read > limit:
        raise BodyTooLarge(f"the body is larger than {limit} bytes")
    return b"".join(parts)


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text (linear time)."""
    depth = deepest = 0
    for match in _TOKENS.finditer(body):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


def loads_bounded(body: bytes, max_depth: int = MAX_JSON_DEPTH):
    """Parse a UTF-8 JSON body nested at most ``max_depth`` levels deep."""
    if isinstance(body, str):
        body = body.encode()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadBody(f"the body is not valid UTF-8 ({error})") from None
    if json_depth(body) > max_depth:
        raise BadBody(f"the JSON is nested more than {max_depth} levels deep")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise BadBody(f"the body is not valid JSON ({error})") from None
