# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import http.client
import json
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME
from odoo.tools import mute_logger

URL = "/addon_amc/backup/report"


@tagged("post_install", "-at_install")
class TestAmcBackupEndpoint(HttpCase):
    """The backup job's JSON endpoint: token auth, validation, nothing stored on errors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls.env["res.partner"].create({"name": "Backup Customer"})
        cls.agreement = cls.env["amc.agreement"].create(
            {
                "name": "Backup Agreement",
                "partner_id": partner.id,
                "has_maintenance": True,
            }
        )
        cls.other = cls.env["amc.agreement"].create({"name": "Other Agreement", "partner_id": partner.id})
        cls.instance = cls.env["amc.instance"].create({"agreement_id": cls.agreement.id, "name": "Production"})
        cls.other_instance = cls.env["amc.instance"].create({"agreement_id": cls.other.id, "name": "Production"})
        cls.token = cls.instance.action_generate_token()["context"]["default_token"]
        cls.Log = cls.env["amc.backup.log"]

    def _stored(self):
        return self.Log.search_count([("agreement_id", "in", (self.agreement | self.other).ids)])

    def _post(self, payload, token=None, raw=None):
        headers = {"Content-Type": "application/json"}
        if token is not False:
            headers["Authorization"] = f"Bearer {token or self.token}"
        body = raw if raw is not None else json.dumps(payload)
        return self.url_open(URL, data=body, headers=headers)

    def _payload(self, **overrides):
        payload = {
            "status": "success",
            "finished_at": "2026-01-31T02:15:00+01:00",
            "size_bytes": 3 * 1024 * 1024,
            "duration_seconds": 95,
            "database": "prod",
        }
        payload.update(overrides)
        return payload

    def test_token_is_stored_hashed(self):
        stored = self.instance.sudo().token_hash
        self.assertTrue(stored)
        self.assertNotIn(self.token, stored)
        self.assertEqual(len(stored), 64)
        # the clear token is only in the action that shows it once
        wizard = self.env["amc.backup.token.wizard"].create({"agreement_id": self.agreement.id, "token": self.token})
        self.assertFalse(wizard.token)

    def test_good_report_is_stored(self):
        response = self._post(self._payload())
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        self.assertTrue(body["ok"])
        log = self.Log.browse(body["id"])
        self.assertEqual(log.agreement_id, self.agreement)
        self.assertEqual(log.status, "success")
        self.assertEqual(fields.Datetime.to_string(log.finished_at), "2026-01-31 01:15:00", "stored in UTC")
        self.assertAlmostEqual(log.size_mb, 3.0)
        self.assertEqual((log.duration_seconds, log.database), (95, "prod"))
        failed = self._post(self._payload(status="failed", message="pg_dump: connection refused"))
        self.assertEqual(failed.status_code, 201)
        self.assertEqual(self.Log.search_count([("agreement_id", "=", self.agreement.id)]), 2)

    @mute_logger("odoo.addons.addon_amc.addon_amc.controllers.body")
    def test_missing_or_bad_token(self):
        for token, status in ((False, 401), ("amcb_not-a-real-token", 403), ("garbage", 403)):
            response = self._post(self._payload(), token=token)
            self.assertEqual(response.status_code, status, token)
            self.assertFalse(response.json()["ok"])
            self.assertIn("token", response.json()["error"])
        # a revoked token no longer works
        self.instance.action_revoke_token()
        self.assertEqual(self._post(self._payload()).status_code, 403)
        self.assertFalse(self._stored(), "nothing stored")

    def test_malformed_payload(self):
        cases = [
            (None, "{not json", "not valid JSON"),
            (["a", "list"], None, "JSON object"),
            (self._payload(status="ok"), None, "'status' must be one of"),
            (self._payload(finished_at=None), None, "'finished_at' is required"),
            (self._payload(finished_at="yesterday"), None, "not an ISO 8601"),
            (self._payload(finished_at="2999-01-01T00:00:00Z"), None, "in the future"),
            (self._payload(size_bytes=-1), None, "'size_bytes' must be a whole number"),
            (self._payload(size_bytes="12"), None, "'size_bytes' must be a whole number"),
            (self._payload(database="x" * 500), None, "at most 128"),
            (self._payload(colour="blue"), None, "unknown keys: colour"),
            # these three made the endpoint answer 500 with a traceback
            (self._payload(finished_at="0001-01-01T00:00:00+01:00"), None, "not an ISO 8601"),
            (self._payload(size_bytes=10**400), None, "'size_bytes' is too large"),
            (self._payload(message="pg_dump\u0000failed"), None, "must not contain NUL"),
            (self._payload(finished_at="1970-01-01T00:00:00Z"), None, "too far in the past"),
            # within int64 but beyond what the log stores: an HTML 422 from the guard before
            (self._payload(size_bytes=2**62), None, "'size_bytes' is too large"),
            (self._payload(duration_seconds=2**31), None, "'duration_seconds' is too large"),
        ]
        for payload, raw, message in cases:
            response = self._post(payload, raw=raw)
            self.assertEqual(response.status_code, 400, message)
            self.assertEqual(response.headers["Content-Type"], "application/json; charset=utf-8")
            self.assertIn(message, response.json()["error"])
        self.assertFalse(self._stored(), "nothing stored")

    def test_body_over_the_limit_is_refused_before_reading(self):
        response = self._post(None, raw=json.dumps(self._payload(message="x" * 1000)) + " " * 20000)
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self._stored())

    def test_content_type_must_be_json(self):
        response = self.url_open(
            URL,
            data=json.dumps(self._payload()),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/x-www-form-urlencoded"},
        )
        self.assertEqual(response.status_code, 415)
        self.assertIn("Content-Type: application/json", response.json()["error"])
        self.assertFalse(self._stored(), "nothing stored")

    def test_token_belongs_to_its_agreement(self):
        other_token = self.other_instance.action_generate_token()["context"]["default_token"]
        self.assertNotEqual(other_token, self.token)
        response = self._post(self._payload(), token=other_token)
        self.assertEqual(response.status_code, 201)
        log = self.Log.browse(response.json()["id"])
        self.assertEqual((log.agreement_id, log.instance_id), (self.other, self.other_instance))

    def test_reported_backup_drives_the_health_check(self):
        finished = fields.Datetime.now() - timedelta(hours=1)
        self._post(self._payload(finished_at=finished.isoformat() + "Z"))
        check = self.env["amc.health.check"].create({"agreement_id": self.agreement.id})
        check.action_run()
        line = check.line_ids.filtered(lambda line: line.code == "backup")
        self.assertEqual(line.status, "pass")

    def test_a_staging_copy_backed_up_says_nothing_of_production(self):
        """The health check grades the production system's backups: a staging instance's nightly
        success does not hide production's failure, and a staging token alone monitors nothing."""
        staging = self.env["amc.instance"].create(
            {"agreement_id": self.agreement.id, "name": "Staging", "role": "staging"}
        )
        staging_token = staging.action_generate_token()["context"]["default_token"]
        finished = fields.Datetime.now() - timedelta(hours=2)
        failed = self._post(self._payload(status="failed", finished_at=finished.isoformat() + "Z"))
        self.assertEqual(failed.status_code, 201)
        later = (finished + timedelta(hours=1)).isoformat() + "Z"
        self.assertEqual(self._post(self._payload(finished_at=later), token=staging_token).status_code, 201)
        summary = self.agreement._get_backup_summary()[self.agreement.id]
        self.assertEqual(summary["last"].instance_id, self.instance)
        self.assertFalse(summary["last_ok"])
        self.assertFalse(summary["last_success"])
        check = self.env["amc.health.check"].create({"agreement_id": self.agreement.id})
        check.action_run()
        self.assertEqual(check.line_ids.filtered(lambda line: line.code == "backup").status, "fail")
        self.assertEqual(self.Log.search([("instance_id", "=", staging.id)]).status, "success", "kept on the copy")
        # production's token revoked: only the staging token is left, and backups are not monitored
        self.instance.action_revoke_token()
        self.assertFalse(self.agreement._get_backup_summary()[self.agreement.id]["monitored"])

    def test_a_backup_job_in_a_loop_is_stopped(self):
        """At most a bounded number of reports a day per instance: a looping job cannot fill the hub."""
        from odoo.addons.addon_amc.addon_amc.controllers import backup

        self.patch(backup, "MAX_REPORTS_PER_DAY", 3)
        statuses = [
            self._post(self._payload(finished_at=f"2026-01-31T0{hour}:00:00Z")).status_code for hour in range(5)
        ]
        self.assertEqual(statuses, [201, 201, 201, 429, 429])
        self.assertEqual(self.Log.search_count([("instance_id", "=", self.instance.id)]), 3)
        response = self._post(self._payload())
        self.assertIn("a day per instance", response.json()["error"])
        # another instance reports as usual
        other_token = self.other_instance.action_generate_token()["context"]["default_token"]
        self.assertEqual(self._post(self._payload(), token=other_token).status_code, 201)

    def test_get_is_not_allowed(self):
        response = self.url_open(URL, headers={"Authorization": f"Bearer {self.token}"})
        self.assertEqual(response.status_code, 405)

    def _post_chunked(self, chunks, token=None):
        """A raw chunked POST (no Content-Length) over http.client: (status, body)."""
        self.env.flush_all()
        self.env.cr.clear()
        connection = http.client.HTTPConnection("127.0.0.1", self.http_port(), timeout=30)
        with self.allow_requests():
            connection.request(
                "POST",
                URL,
                body=iter(chunks),
                headers={
                    "Authorization": f"Bearer {token or self.token}",
                    "Content-Type": "application/json",
                    "Transfer-Encoding": "chunked",
                    # the test server serves only requests of the running test
                    "Cookie": f"{TEST_CURSOR_COOKIE_NAME}={self.http_request_key}",
                },
                encode_chunked=True,
            )
            response = connection.getresponse()
            answer = response.status, response.read()
        connection.close()
        return answer

    def test_chunked_body_over_the_limit_is_refused(self):
        """Without a Content-Length the limit holds too: 413, nothing stored."""
        body = json.dumps(self._payload(message="x" * 1000)) + " " * 40000
        chunks = [body[i : i + 4096].encode() for i in range(0, len(body), 4096)]
        status, answer = self._post_chunked(chunks)
        self.assertEqual(status, 413, answer)
        self.assertFalse(self._stored(), "nothing stored")
        # a chunked body within the limit is read and stored
        status, answer = self._post_chunked([json.dumps(self._payload()).encode()])
        self.assertEqual(status, 201, answer)
        self.assertEqual(self._stored(), 1)

    def test_deeply_nested_json_is_a_400(self):
        """A body nested deeper than Python's recursion limit was a 500 with a RecursionError."""
        for raw in ("[" * 5000 + "]" * 5000, '{"a":' * 2000 + "1" + "}" * 2000):
            response = self._post(None, raw=raw)
            self.assertEqual(response.status_code, 400, response.text[:200])
            self.assertIn("nested", response.json()["error"])
        self.assertFalse(self._stored(), "nothing stored")
