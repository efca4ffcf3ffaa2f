# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""JSON endpoint a reporting instance sends its facts to.

    POST /addon_amc/instance/report
    Authorization: Bearer <token of the instance>
    Content-Type: application/json
    X-Odoo-Database: <hub database>     (needed when the server hosts several databases)

    a JSON object following addon_amc/lib/instance_schema.py ("schema": 1)

201 {"ok": true, "id": ...} stored; 401 without a token; 403 with an unknown or
revoked token, an archived instance or a cancelled agreement; 415 without the
JSON content type; 413 for a body over 1 MB (at most 1 MB + 1 byte is read,
chunked or not); 400 for a malformed report (a clear "error" says where);
409 for a report not newer than the instance's last one, or collected more
than 15 minutes off the hub's clock (replays); 429 for a second report of an
instance within a minute. Nothing is stored on any error.
"""

from datetime import timedelta

from odoo import fields, http
from odoo.http import request
from odoo.tools import SQL

from ..lib.http_body import BadBody, loads_bounded
from ..lib.instance_schema import SchemaError, parse_datetime, validate
from .body import Refused, instance_and_body, json_error

MAX_REPORT_BYTES = 1024 * 1024
MAX_CLOCK_SKEW = timedelta(minutes=15)
MIN_INTERVAL = timedelta(minutes=1)


class AmcInstanceController(http.Controller):
    @http.route(
        "/addon_amc/instance/report",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
        max_content_length=MAX_REPORT_BYTES,
    )
    def instance_report(self, **_kwargs):
        try:
            instance, body = instance_and_body(MAX_REPORT_BYTES, "Instance")
        except Refused as refused:
            return json_error(refused.status, str(refused))
        env = instance.env
        try:
            payload = validate(loads_bounded(body))
        except (BadBody, SchemaError) as error:
            return json_error(400, str(error))
        # one report of an instance at a time: the checks below see the last one stored
        env.cr.execute(SQL("SELECT id FROM amc_instance WHERE id = %s FOR UPDATE", instance.id))
        instance.invalidate_recordset(["last_report_date", "last_report_id"])
        now = fields.Datetime.now()
        collected = parse_datetime(payload["collected_at"]).replace(microsecond=0)
        if abs(collected - now) > MAX_CLOCK_SKEW:
            return json_error(
                409,
                f"'collected_at' {payload['collected_at']} is more than 15 minutes off the hub's clock "
                f"({fields.Datetime.to_string(now)} UTC): check the instance's clock",
            )
        if instance.last_report_date and collected <= instance.last_report_date:
            return json_error(409, "this report is not newer than the last one the hub stored (a replay?)")
        last = instance.last_report_id
        if last and last.received_date and now - last.received_date < MIN_INTERVAL:
            return json_error(429, "at most one report per minute per instance")
        report = instance._record_report(payload, "http", request.httprequest.remote_addr)
        return request.make_json_response(
            {"ok": True, "id": report.id, "instance": instance.name, "agreement": instance.agreement_id.name},
            status=201,
        )
