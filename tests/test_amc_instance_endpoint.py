# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import http.client
import json
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME
from odoo.tools import mute_logger

URL = "/addon_amc/instance/report"


@tagged("post_install", "-at_install")
class TestAmcInstanceEndpoint(HttpCase):
    """POST /addon_amc/instance/report: every answer, with the stored rows counted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls.env["res.partner"].create({"name": "Instance Customer"})
        cls.agreement = cls.env["amc.agreement"].create(
            {"name": "Instance Agreement", "partner_id": partner.id, "has_maintenance": True}
        )
        cls.instance = cls.env["amc.instance"].create({"agreement_id": cls.agreement.id, "name": "Production"})
        cls.token = cls.instance.action_generate_token()["context"]["default_token"]
        cls.Report = cls.env["amc.instance.report"]
        cls.Collector = cls.env["amc.instance.collector"]

    def _count(self):
        return self.Report.search_count([("instance_id", "=", self.instance.id)])

    def _payload(self, minutes_ago=0, **overrides):
        payload = self.Collector._collect_payload(fields.Datetime.now() - timedelta(days=1))
        payload["collected_at"] = self.Collector._iso(
            fields.Datetime.now().replace(microsecond=0) - timedelta(minutes=minutes_ago)
        )
        payload.update(overrides)
        return payload

    def _post(self, payload=None, token=None, raw=None, content_type="application/json"):
        headers = {"Content-Type": content_type}
        if token is not False:
            headers["Authorization"] = f"Bearer {token or self.token}"
        body = raw if raw is not None else json.dumps(payload if payload is not None else self._payload())
        return self.url_open(URL, data=body, headers=headers)

    def assertAnswer(self, response, status, message=None, stored_before=None):
        self.assertEqual(response.status_code, status, response.text[:300])
        body = response.json()
        self.assertEqual(body["ok"], status == 201)
        if message:
            self.assertIn(message, body["error"])
        if stored_before is not None and status != 201:
            self.assertEqual(self._count(), stored_before, "nothing stored")
        return body

    def test_201_stored_with_its_facts(self):
        before = self._count()
        payload = self._payload(minutes_ago=1)
        body = self.assertAnswer(self._post(payload), 201)
        self.assertEqual(self._count(), before + 1)
        report = self.Report.browse(body["id"])
        self.assertEqual(report.instance_id, self.instance)
        self.assertEqual(report.source, "http")
        self.assertEqual(report.payload["database"]["name"], self.env.cr.dbname)
        self.assertEqual(self.instance.last_report_id, report)
        self.assertEqual(self.instance.db_name, self.env.cr.dbname)
        self.assertEqual(self.instance.odoo_series, payload["odoo"]["series"])
        self.assertEqual(self.instance.active_users, payload["users"]["active_internal"])
        self.assertEqual(self.instance.state, "reporting")

    @mute_logger("odoo.addons.addon_amc.addon_amc.controllers.body")
    def test_401_403_bad_tokens(self):
        before = self._count()
        self.assertAnswer(self._post(token=False), 401, "missing token", before)
        self.assertAnswer(self._post(token="amci_unknown"), 403, "unknown", before)
        self.assertAnswer(self._post(token="garbage"), 403, "unknown", before)
        self.instance.action_revoke_token()
        self.assertEqual(self.instance.state, "revoked")
        self.assertAnswer(self._post(), 403, "unknown or revoked", before)
        # a new token works again; an archived instance is refused
        self.token = self.instance.action_generate_token()["context"]["default_token"]
        self.instance.active = False
        self.assertAnswer(self._post(), 403, "archived", before)

    def test_415_not_json(self):
        before = self._count()
        self.assertAnswer(self._post(content_type="text/plain"), 415, "application/json", before)

    def test_400_malformed(self):
        before = self._count()
        good = self._payload()
        missing = dict(good)
        del missing["modules"]
        cases = [
            (None, "{not json", "not valid JSON"),
            (None, "[" * 3000 + "]" * 3000, "nested"),
            (["a", "list"], None, "expected object"),
            (dict(good, schema=2), None, "schema version 1"),
            (missing, None, "missing keys: modules"),
            (dict(good, colour="blue"), None, "unknown keys: colour"),
            (dict(good, sizes={"database_bytes": -1, "filestore_bytes": 0}), None, "report.sizes.database_bytes"),
            (dict(good, collected_at="yesterday"), None, "not an ISO 8601"),
            (dict(good, users={"active_internal": "12"}), None, "expected integer"),
            # within int64 but beyond what the hub stores: an HTML 422 from the guard before
            (dict(good, users={"active_internal": 2**31}), None, "report.users.active_internal"),
            (dict(good, sizes={"database_bytes": 2**62, "filestore_bytes": 0}), None, "report.sizes.database_bytes"),
        ]
        for payload, raw, message in cases:
            self.assertAnswer(self._post(payload, raw=raw), 400, message, before)

    def test_409_replay_and_clock(self):
        report = self._payload(minutes_ago=3)
        self.assertAnswer(self._post(report), 201)
        before = self._count()
        # the same report again, or an older one: a replay
        self.assertAnswer(self._post(report), 409, "not newer", before)
        self.assertAnswer(self._post(self._payload(minutes_ago=5)), 409, "not newer", before)
        # more than 15 minutes off the hub's clock, either way
        self.assertAnswer(self._post(self._payload(minutes_ago=-20)), 409, "15 minutes", before)
        self.assertAnswer(self._post(self._payload(minutes_ago=16)), 409, "15 minutes", before)

    def test_413_too_large_with_or_without_length(self):
        before = self._count()
        big = json.dumps(self._payload(padding="x" * (1024 * 1024)))
        response = self._post(raw=big)
        self.assertEqual(response.status_code, 413)
        self.assertEqual(self._count(), before, "nothing stored")
        status, answer = self._post_chunked([big[i : i + 65536].encode() for i in range(0, len(big), 65536)])
        self.assertEqual(status, 413, answer[:200])
        self.assertEqual(self._count(), before, "nothing stored")

    def test_429_one_report_per_minute(self):
        self.assertAnswer(self._post(self._payload(minutes_ago=2)), 201)
        before = self._count()
        self.assertAnswer(self._post(self._payload(minutes_ago=1)), 429, "per minute", before)
        # a minute later, the next report is taken
        self.instance.last_report_id.sudo().received_date -= timedelta(minutes=2)
        self.assertAnswer(self._post(self._payload(minutes_ago=0)), 201)
        self.assertEqual(self._count(), before + 1)

    def test_the_instance_token_serves_backups_too(self):
        response = self.url_open(
            "/addon_amc/backup/report",
            data=json.dumps({"status": "success", "finished_at": self.Collector._iso(fields.Datetime.now())}),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 201, response.text)
        log = self.env["amc.backup.log"].browse(response.json()["id"])
        self.assertEqual((log.agreement_id, log.instance_id), (self.agreement, self.instance))

    def _post_chunked(self, chunks):
        self.env.flush_all()
        self.env.cr.clear()
        connection = http.client.HTTPConnection("127.0.0.1", self.http_port(), timeout=60)
        with self.allow_requests():
            connection.request(
                "POST",
                URL,
                body=iter(chunks),
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                    "Transfer-Encoding": "chunked",
                    "Cookie": f"{TEST_CURSOR_COOKIE_NAME}={self.http_request_key}",
                },
                encode_chunked=True,
            )
            response = connection.getresponse()
            answer = response.status, response.read()
        connection.close()
        return answer
