# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the module's token endpoints share: the bearer token, the JSON content type and
the request body read within a limit, each refused with the same answers."""

import logging

from odoo import SUPERUSER_ID
from odoo.http import request

from ..lib.http_body import BodyTooLarge, read_bounded

_logger = logging.getLogger(__name__)


class Refused(Exception):
    """An endpoint's refusal: the HTTP status and the plain-words error of its JSON answer."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def json_error(status, message):
    return request.make_json_response({"ok": False, "error": message}, status=status)


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


def instance_and_body(limit, what):
    """The active instance whose token the ``Authorization: Bearer`` header carries, and the
    request's JSON body (bytes, at most ``limit``). Raises :class:`Refused` with 401, 403,
    415 or 413. ``what`` names the report in the log ("Backup", "Instance")."""
    header = request.httprequest.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, "missing token: send the header 'Authorization: Bearer <token>'")
    env = request.env(user=SUPERUSER_ID, su=True)
    instance = env["amc.instance"]._find_by_token(token.strip())
    if not instance:
        # INFO, not WARNING: anyone can send unknown tokens, the log must not be theirs to flood
        _logger.info("%s report refused: unknown token from %s", what, request.httprequest.remote_addr)
        raise Refused(403, "unknown or revoked token")
    if not instance.active:
        raise Refused(403, "this instance is archived on the hub")
    if instance.agreement_id.state == "cancelled":
        raise Refused(403, "the agreement of this instance is cancelled")
    if request.httprequest.mimetype != "application/json":
        # a form content type would also make werkzeug consume the body as a form
        raise Refused(415, "send the report as JSON with the header 'Content-Type: application/json'")
    try:
        body = read_request_body(request.httprequest, limit)
    except BodyTooLarge as error:
        raise Refused(413, str(error)) from None
    return instance, body
