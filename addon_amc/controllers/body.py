# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The request body of the module's JSON endpoints, read within a limit."""

from ..lib.http_body import read_bounded


def read_request_body(httprequest, limit):
    """The body of a werkzeug request: at most ``limit + 1`` bytes are read.

    A body with a ``Content-Length`` is read from the WSGI input up to that
    length; a chunked body (the server decodes it and marks its end with
    ``wsgi.input_terminated``) is read until its end or the limit. Raises
    ``BodyTooLarge`` beyond the limit.
    """
    # Odoo's HTTPRequest copies the environ without the wsgi.* keys and does not
    # expose werkzeug's stream; the werkzeug request it wraps holds both.
    wrapped = getattr(httprequest, "_HTTPRequest__wrapped", httprequest)
    environ = wrapped.environ
    stream = environ["wsgi.input"]
    length = httprequest.content_length
    if length is None and not environ.get("wsgi.input_terminated"):
        return b""  # no length and no end marker: nothing can be read safely
    return read_bounded(stream, limit, length)
