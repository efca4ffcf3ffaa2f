# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""JSON endpoint the customer's backup job reports each run to.

    POST /addon_amc/backup/report
    Authorization: Bearer <token of an instance of the agreement>
    Content-Type: application/json
    X-Odoo-Database: <database>     (needed when the server hosts several databases)

    {"status": "success" | "failed",           required
     "finished_at": "2026-01-31T02:00:00Z",     required, ISO 8601 (UTC when no offset)
     "size_bytes": 1073741824,                  optional, integer >= 0 (at most limits.MAX_BYTES)
     "duration_seconds": 95,                    optional, integer >= 0 (at most 2**31 - 1)
     "database": "prod",                        optional
     "message": "pg_dump: error ..."}           optional

201 {"ok": true, "id": ...} when stored; 401 without a token, 403 with an
unknown token, 415 without the JSON content type, 429 past MAX_REPORTS_PER_DAY reports of the
instance in a day, 400 with a clear "error"
for a malformed payload (also JSON nested too deep), 413 for a body over
16 KiB, with or without a Content-Length (at most the limit plus one byte is
read). Nothing is stored unless the whole report is valid.
"""

from datetime import datetime, timedelta, timezone

from odoo import fields, http
from odoo.http import request
from odoo.tools import SQL

from ..lib.http_body import BadBody, loads_bounded
from ..lib.limits import INT4_MAX, MAX_BYTES, MB
from .body import Refused, instance_and_body, json_error

MAX_BODY_BYTES = 16 * 1024
#: reports an instance may store in a day: a job every half hour, twice over (database and files), fits
MAX_REPORTS_PER_DAY = 100
MAX_TEXT = {"database": 128, "message": 2000}
ALLOWED_KEYS = {"status", "finished_at", "size_bytes", "duration_seconds", "database", "message"}
STATUSES = ("success", "failed")


class BadReport(ValueError):
    """The payload cannot be stored; the message says why."""


def parse_report(body, now):
    """Validate a backup report; return the amc.backup.log values (without agreement)."""
    try:
        payload = loads_bounded(body)
    except BadBody as error:
        raise BadReport(str(error)) from None
    if not isinstance(payload, dict):
        raise BadReport("the body must be a JSON object")
    unknown = sorted(set(payload) - ALLOWED_KEYS)
    if unknown:
        raise BadReport(f"unknown keys: {', '.join(unknown)}; allowed: {', '.join(sorted(ALLOWED_KEYS))}")
    status = payload.get("status")
    if status not in STATUSES:
        raise BadReport(f"'status' must be one of {', '.join(STATUSES)}, not {status!r}")
    finished = payload.get("finished_at")
    if not isinstance(finished, str) or not finished:
        raise BadReport("'finished_at' is required: an ISO 8601 date and time, e.g. 2026-01-31T02:00:00Z")
    try:
        finished_at = datetime.fromisoformat(finished)
        if finished_at.tzinfo:
            finished_at = finished_at.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise BadReport(f"'finished_at' is not an ISO 8601 date and time: {finished!r}") from None
    finished_at = finished_at.replace(tzinfo=None, microsecond=0)
    if finished_at > now + timedelta(hours=1):
        raise BadReport(f"'finished_at' is in the future: {finished}")
    if finished_at < datetime(2000, 1, 1):
        raise BadReport(f"'finished_at' is too far in the past: {finished}")
    values = {"status": status, "finished_at": finished_at}
    for key in ("size_bytes", "duration_seconds"):
        number = payload.get(key)
        if number is None:
            continue
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise BadReport(f"'{key}' must be a whole number of at least 0, not {number!r}")
        limit = MAX_BYTES if key == "size_bytes" else INT4_MAX
        if number > limit:
            raise BadReport(f"'{key}' is too large: at most {limit}")
        if key == "size_bytes":
            values["size_mb"] = number / MB
        else:
            values[key] = number
    for key, limit in MAX_TEXT.items():
        text = payload.get(key)
        if text is None:
            continue
        if not isinstance(text, str) or len(text) > limit:
            raise BadReport(f"'{key}' must be a text of at most {limit} characters")
        if "\x00" in text:
            raise BadReport(f"'{key}' must not contain NUL characters")
        values[key] = text
    return values


class AmcBackupController(http.Controller):
    @http.route(
        "/addon_amc/backup/report",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
        max_content_length=MAX_BODY_BYTES,
    )
    def backup_report(self, **_kwargs):
        try:
            instance, body = instance_and_body(MAX_BODY_BYTES, "Backup")
        except Refused as refused:
            return json_error(refused.status, str(refused))
        agreement = instance.agreement_id
        env = instance.env
        try:
            values = parse_report(body, fields.Datetime.now())
        except BadReport as error:
            return json_error(400, str(error))
        # a backup job in a loop must not fill the hub: one instance's reports at a time, a bounded number a day
        env.cr.execute(SQL("SELECT id FROM amc_instance WHERE id = %s FOR UPDATE", instance.id))
        day_ago = fields.Datetime.subtract(fields.Datetime.now(), days=1)
        stored = env["amc.backup.log"].search_count(
            [("instance_id", "=", instance.id), ("create_date", ">=", day_ago)], limit=MAX_REPORTS_PER_DAY
        )
        if stored >= MAX_REPORTS_PER_DAY:
            return json_error(429, f"at most {MAX_REPORTS_PER_DAY} backup reports a day per instance")
        log = env["amc.backup.log"].create(
            {
                **values,
                "agreement_id": agreement.id,
                "instance_id": instance.id,
                "remote_addr": request.httprequest.remote_addr,
            }
        )
        return request.make_json_response(
            {"ok": True, "id": log.id, "agreement": agreement.name, "status": log.status}, status=201
        )
