# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo: a reporting customer instance and the health check that grades it."""

import secrets
from datetime import timedelta

from odoo import fields

from ..lib.instance_schema import SCHEMA_VERSION, validate
from ..models.amc_instance import hash_token


def generate_reports(env, instance_xmlid, agreement_xmlid):
    """Demo: a customer's 17.0 production database that reported yesterday and
    now (one failing job, a custom module to update, two configuration
    changes), then a health check of its agreement that grades it."""
    instance = env.ref(instance_xmlid)
    instance.sudo().write({"token_hash": hash_token(secrets.token_urlsafe(32)), "token_state": "active"})
    now = fields.Datetime.now().replace(microsecond=0)
    Collector = env["amc.instance.collector"]
    for age, failures in ((timedelta(days=1), 1), (timedelta(0), 4)):
        moment = now - age
        payload = {
            "schema": SCHEMA_VERSION,
            "collected_at": Collector._iso(moment),
            "changes_since": Collector._iso(moment - timedelta(hours=1)),
            "reporter_version": "17.0.1.2.0",
            "database": {"name": "nordic_prod", "uuid": "6f1c2d9e-1b7a-4c55-9a51-3c0f4d2e8b10"},
            "odoo": {"series": "17.0", "version": "17.0-20260110", "build_date": "2026-01-10"},
            "crons": {
                "total": 41,
                "active_ids": list(range(1, 39)),
                "items": [
                    {
                        "id": 27,
                        "name": "Webshop connector: import orders",
                        "active": True,
                        "failure_count": failures,
                        "first_failure_date": Collector._iso(now - timedelta(days=2)),
                        "nextcall": Collector._iso(now + timedelta(minutes=10)),
                        "lastcall": Collector._iso(now - timedelta(minutes=50)),
                        "edited_by": None,
                        "edited_at": None,
                    }
                ],
            },
            "sizes": {"database_bytes": (8200 - int(age.days) * 20) * 1024 * 1024, "filestore_bytes": 31 * 1024**3},
            "modules": [
                {
                    "name": "base",
                    "state": "installed",
                    "installed_version": "17.0.1.3",
                    "disk_version": "17.0.1.3",
                    "author": "Odoo S.A.",
                    "license": "LGPL-3",
                    "odoo": True,
                },
                {
                    "name": "stock",
                    "state": "installed",
                    "installed_version": "17.0.1.1",
                    "disk_version": "17.0.1.1",
                    "author": "Odoo S.A.",
                    "license": "LGPL-3",
                    "odoo": True,
                },
                {
                    "name": "timber_grading",
                    "state": "installed",
                    "installed_version": "17.0.1.4.0",
                    "disk_version": "17.0.1.5.0",
                    "author": "Nordic Timber AB",
                    "license": "LGPL-3",
                    "odoo": False,
                },
                {
                    "name": "web_responsive",
                    "state": "installed",
                    "installed_version": "17.0.1.2.1",
                    "disk_version": "17.0.1.2.1",
                    "author": "Odoo Community Association (OCA)",
                    "license": "AGPL-3",
                    "odoo": False,
                },
            ],
            "changes": [
                {"model": "ir.cron", "label": "Scheduled Actions", "count": 1, "users": ["Ingrid Holm"]},
                {"model": "res.users", "label": "User", "count": 1, "users": ["Ingrid Holm"]},
            ],
            "users": {"active_internal": 23},
        }
        instance._record_report(validate(payload), "http", "198.51.100.17")
    agreement = env.ref(agreement_xmlid)
    check = env["amc.health.check"].create({"agreement_id": agreement.id, "trigger": "scheduled"})
    check._run_checks()
    return check
