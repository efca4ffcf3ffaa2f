# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of addon_amc/lib/instance_schema.py and instance_grading.py (stdlib unittest, no Odoo)."""

import copy
import os
import sys
import unittest
from datetime import date, datetime, timedelta

_LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

import instance_grading as grading  # noqa: E402
from instance_schema import SCHEMA_VERSION, SchemaError, validate  # noqa: E402
from limits import INT4_MAX, MAX_BYTES  # noqa: E402

NOW = datetime(2026, 11, 30, 12, 0, 0)


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def cron(cron_id, active=True, failures=0, first=None, nextcall=None, lastcall=None, edited_by=None, edited_at=None):
    return {
        "id": cron_id,
        "name": f"Job {cron_id}",
        "active": active,
        "failure_count": failures,
        "first_failure_date": iso(first),
        "nextcall": iso(nextcall),
        "lastcall": iso(lastcall),
        "edited_by": edited_by,
        "edited_at": iso(edited_at),
    }


def payload(**changes):
    base = {
        "schema": SCHEMA_VERSION,
        "collected_at": iso(NOW),
        "changes_since": iso(NOW - timedelta(hours=1)),
        "reporter_version": "19.0.1.2.0",
        "database": {"name": "prod", "uuid": "abc"},
        "odoo": {"series": "19.0", "version": "19.0-20260110", "build_date": "2026-01-10"},
        "crons": {"total": 3, "active_ids": [1, 2], "items": []},
        "sizes": {"database_bytes": 100 * 1024 * 1024, "filestore_bytes": 0},
        "modules": [],
        "changes": [],
        "users": {"active_internal": 5},
    }
    base.update(changes)
    return validate(base)


class TestSchema(unittest.TestCase):
    def test_valid_and_invalid(self):
        good = payload()
        self.assertIs(validate(good), good)
        cases = [
            ({**good, "schema": 2}, "schema version"),
            ({**good, "extra": 1}, "unknown keys: extra"),
            ({k: v for k, v in good.items() if k != "users"}, "missing keys: users"),
            ({**good, "users": {"active_internal": True}}, "expected integer"),
            ({**good, "collected_at": "1999-01-01T00:00:00Z"}, "ISO 8601"),
            ({**good, "database": {"name": "a\x00b", "uuid": None}}, "NUL"),
            ({**good, "modules": [{"name": "x"}]}, "missing keys"),
            # what the hub stores: an Integer column, a size in MB within the guard's bound
            ({**good, "users": {"active_internal": INT4_MAX + 1}}, "users.active_internal: must be at most"),
            ({**good, "sizes": {"database_bytes": MAX_BYTES + 1, "filestore_bytes": 0}}, "database_bytes"),
            (
                {**good, "changes": [{"model": "res.users", "count": INT4_MAX // 50 + 1, "users": []}]},
                "changes[0].count",
            ),
        ]
        at_limits = {**good, "users": {"active_internal": INT4_MAX}}
        at_limits["sizes"] = {"database_bytes": MAX_BYTES, "filestore_bytes": MAX_BYTES}
        self.assertIs(validate(at_limits), at_limits)
        for bad, message in cases:
            with self.assertRaises(SchemaError) as caught:
                validate(copy.deepcopy(bad))
            self.assertIn(message, str(caught.exception))


class TestMergeChanges(unittest.TestCase):
    def test_reports_add_up_per_model(self):
        hourly = [
            {"model": "ir.mail_server", "label": "Outgoing Mail Servers", "count": 1, "users": ["Eva"]},
            {"model": "res.company", "label": None, "count": 0, "users": []},
            {"model": "ir.mail_server", "label": "Outgoing Mail Servers", "count": 2, "users": ["Bo", "Eva"]},
            {"model": "res.company", "label": "Companies", "count": 1, "users": ["Bo"]},
        ]
        self.assertEqual(
            grading.merge_changes(hourly),
            [
                {"model": "ir.mail_server", "label": "Outgoing Mail Servers", "count": 3, "users": ["Bo", "Eva"]},
                {"model": "res.company", "label": "Companies", "count": 1, "users": ["Bo"]},
            ],
        )
        self.assertEqual(grading.merge_changes([]), [])
        many = [{"model": "res.users", "label": "Users", "count": 1, "users": [f"U{n:03d}"]} for n in range(80)]
        merged = grading.merge_changes(many, max_users=50)
        self.assertEqual((merged[0]["count"], len(merged[0]["users"])), (80, 50))
        # a payload of merged changes grades as any report's
        self.assertEqual(grading.grade_changes({"changes": grading.merge_changes(hourly)})["count"], 4)


class TestGrading(unittest.TestCase):
    def test_crons(self):
        items = [
            cron(1, failures=2, first=NOW - timedelta(hours=30), nextcall=NOW + timedelta(hours=1)),
            cron(2, nextcall=NOW - timedelta(hours=30)),
            cron(3, active=False),  # was active in the previous report
            cron(4, active=False, lastcall=NOW - timedelta(hours=2)),  # ran in the period, now off
            cron(5, active=False, edited_by="Ann", edited_at=NOW - timedelta(hours=1)),
            cron(6, active=False, lastcall=NOW - timedelta(days=30)),  # off for long: not news
        ]
        report = payload(crons={"total": 6, "active_ids": [1, 2], "items": items})
        result = grading.grade_crons(report, NOW, NOW - timedelta(days=1), [1, 2, 3], 24, 24)
        self.assertEqual([c["id"] for c in result["failing"]], [1])
        self.assertEqual(result["failing_status"], "fail")
        self.assertEqual(result["failing_hours"], 30)
        self.assertEqual(
            [(c["id"], why) for c, why in result["switched_off"]], [(3, "previous"), (4, "ran"), (5, "edited")]
        )
        self.assertEqual([c["id"] for c in result["late"]], [2])
        self.assertEqual(result["late_status"], "fail")

    def test_modules_and_inventory(self):
        modules = [
            {
                "name": "base",
                "state": "installed",
                "installed_version": "19.0.1.3",
                "disk_version": "19.0.1.3",
                "author": "Odoo S.A.",
                "license": "LGPL-3",
                "odoo": True,
            },
            {
                "name": "mail",
                "state": "installed",
                "installed_version": "19.0.1.9",
                "disk_version": "19.0.1.10",
                "author": "Odoo S.A.",
                "license": "LGPL-3",
                "odoo": True,
            },
            {
                "name": "custom",
                "state": "to upgrade",
                "installed_version": "19.0.1.0",
                "disk_version": "19.0.1.0",
                "author": "Me",
                "license": "OPL-1",
                "odoo": False,
            },
        ]
        result = grading.grade_modules(payload(modules=modules))
        self.assertEqual([m["name"] for m in result["outdated"]], ["mail"], "1.9 < 1.10 compares as numbers")
        self.assertEqual([m["name"] for m in result["pending"]], ["custom"])
        self.assertEqual(result["status"], "warn")
        self.assertEqual([m["name"] for m in grading.module_inventory(payload(modules=modules))], ["custom"])

    def test_reporting_sizes_changes_patches(self):
        self.assertEqual(grading.grade_reporting(NOW, None, 26), ("fail", "never"))
        self.assertEqual(grading.grade_reporting(NOW, NOW - timedelta(hours=27), 26), ("fail", "silent"))
        self.assertEqual(grading.grade_reporting(NOW, NOW - timedelta(hours=25), 26), ("pass", "ok"))
        self.assertEqual(grading.grade_size(100 * 1024 * 1024, 50 * 1024 * 1024, 90)[0], "fail")
        self.assertEqual(grading.grade_size(100 * 1024 * 1024, None, 0)[2], None)
        changes = grading.grade_changes(
            payload(changes=[{"model": "ir.cron", "label": "Jobs", "count": 2, "users": ["B", "A"]}])
        )
        self.assertEqual((changes["count"], changes["users"], changes["status"]), (2, ["A", "B"], "warn"))
        build = grading.build_date(payload())
        self.assertEqual(build, date(2026, 1, 10))
        self.assertTrue(grading.patch_applied(build, date(2026, 1, 10)))
        self.assertFalse(grading.patch_applied(build, date(2026, 1, 11)))
        self.assertFalse(grading.patch_applied(None, date(2026, 1, 1)))


if __name__ == "__main__":
    unittest.main()
