# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The reporting side: collect the facts of this database, and send them to the hub.

Collecting only builds the payload of :mod:`..lib.instance_schema`; the hub
grades it (:mod:`..lib.instance_grading`) and QWeb renders the health check.
"""

import json
import logging
import os
import re

import requests

import odoo.addons.base
from odoo import SUPERUSER_ID, api, fields, models, release
from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
from odoo.tools import SQL

from ..lib import instance_schema

_logger = logging.getLogger(__name__)

REPORT_PATH = "/addon_amc/instance/report"
TIMEOUT_SECONDS = 10
_BUILD_DATE = re.compile(r"(20\d\d)(\d\d)(\d\d)")
# the directories of the modules that ship with Odoo: <tree>/odoo/addons and <tree>/addons
_ODOO_ADDONS = os.path.dirname(os.path.dirname(os.path.abspath(odoo.addons.base.__file__)))
ODOO_ADDONS_DIRS = (_ODOO_ADDONS, os.path.join(os.path.dirname(os.path.dirname(_ODOO_ADDONS)), "addons"))
REPORTER_PARAMS = (
    "hub_url",
    "hub_token",
    "hub_database",
    "reporter_last_success",
    "reporter_last_success_message",
    "reporter_last_failure",
    "reporter_last_failure_message",
    "reporter_state",
)


def odoo_build_date():
    """The build date of the running Odoo where its version carries one
    (packaged nightly builds: ``19.0-20260915`` or ``19.0+e.20260915``), else None."""
    match = _BUILD_DATE.search(release.version or "")
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else None


def ships_with_odoo(name):
    path = get_module_path(name, display_warning=False)
    return bool(path) and any(os.path.abspath(path).startswith(directory + os.sep) for directory in ODOO_ADDONS_DIRS)


class AmcInstanceCollector(models.AbstractModel):
    _name = "amc.instance.collector"
    _description = "Instance Facts Collector and Reporter"

    # ------------------------------------------------------------------
    # Collecting
    # ------------------------------------------------------------------
    @api.model
    def _get_drift_models(self):
        return [name for name in self.env["amc.settings"]._get("drift_models") if name in self.env]

    @api.model
    def _collect_payload(self, since):
        """The report of this database (a dict following the schema).

        Only facts: counts, sizes, technical names and versions of scheduled
        actions and modules, and the names of the users who changed the
        configuration since ``since``. Never the content of a record.
        """
        env = self.sudo().with_context(active_test=False).env
        now = fields.Datetime.now().replace(microsecond=0)
        icp = env["ir.config_parameter"]
        module = env["ir.module.module"].search_fetch([("name", "=", "addon_amc")], ["latest_version"], limit=1)
        payload = {
            "schema": instance_schema.SCHEMA_VERSION,
            "collected_at": self._iso(now),
            "changes_since": self._iso(since),
            "reporter_version": module.latest_version or None,
            "database": {"name": self.env.cr.dbname, "uuid": icp.get_param("database.uuid") or None},
            "odoo": {"series": release.serie, "version": release.version, "build_date": odoo_build_date()},
            "crons": self._collect_crons(env, now),
            "sizes": self._collect_sizes(),
            "modules": self._collect_modules(env),
            "changes": self._collect_changes(env, since),
            "users": {
                "active_internal": env["res.users"]
                .with_context(active_test=True)
                .search_count([("share", "=", False), ("id", "!=", SUPERUSER_ID)])
            },
        }
        return instance_schema.validate(payload)

    @api.model
    def _iso(self, value):
        return fields.Datetime.to_string(value).replace(" ", "T") + "Z" if value else None

    @api.model
    def _collect_crons(self, env, now):
        """Every active cron's id, and the details of the crons that fail, are
        inactive or overdue (with when they last ran and who last edited them)."""
        crons = env["ir.cron"].search_fetch(
            [],
            [
                "name",
                "active",
                "failure_count",
                "first_failure_date",
                "nextcall",
                "lastcall",
                "write_date",
                "write_uid",
            ],
        )
        items = []
        for cron in crons:
            edited = cron.write_date if cron.write_uid.id != SUPERUSER_ID else None
            # the hub decides which inactive ones were switched off since its previous report
            interesting = not cron.active or cron.failure_count > 0 or (cron.nextcall and cron.nextcall < now)
            if not interesting or len(items) >= instance_schema.MAX_CRONS:
                continue
            items.append(
                {
                    "id": cron.id,
                    "name": (cron.name or "")[:256],
                    "active": cron.active,
                    "failure_count": cron.failure_count,
                    "first_failure_date": self._iso(cron.first_failure_date),
                    "nextcall": self._iso(cron.nextcall),
                    "lastcall": self._iso(cron.lastcall),
                    "edited_by": cron.write_uid.name[:256] if edited else None,
                    "edited_at": self._iso(edited),
                }
            )
        return {"total": len(crons), "active_ids": crons.filtered("active").ids, "items": items}

    @api.model
    def _collect_sizes(self):
        self.env.cr.execute(SQL("SELECT pg_database_size(current_database())"))
        db_size = self.env.cr.fetchone()[0] or 0
        # Odoo stores the same content once, shared by every attachment with its checksum: count each file once
        self.env.cr.execute(
            SQL(
                """SELECT COALESCE(SUM(size), 0) FROM (
                       SELECT DISTINCT ON (store_fname) file_size AS size FROM ir_attachment
                        WHERE store_fname IS NOT NULL ORDER BY store_fname
                   ) AS files"""
            )
        )
        filestore_size = self.env.cr.fetchone()[0] or 0
        return {"database_bytes": int(db_size), "filestore_bytes": int(filestore_size)}

    @api.model
    def _collect_modules(self, env):
        """Installed modules and those left in a transient state. In Odoo,
        ``latest_version`` is the version in the database and ``installed_version``
        the version of the files on disk."""
        modules = env["ir.module.module"].search_fetch(
            [("state", "in", ("installed", "to upgrade", "to install", "to remove"))],
            ["name", "state", "latest_version", "author", "license"],
            order="name",
        )
        return [
            {
                "name": module.name,
                "state": module.state,
                "installed_version": module.latest_version or None,
                "disk_version": module.installed_version or None,
                "author": (module.author or "")[:256] or None,
                "license": module.license or None,
                "odoo": ships_with_odoo(module.name),
            }
            for module in modules[: instance_schema.MAX_MODULES]
        ]

    @api.model
    def _collect_changes(self, env, since):
        """Per watched configuration model: how many records internal users
        created or changed after ``since``, and who. The superuser (module
        loading, crons), portal users and users' own preferences are left out;
        views count only when edited in the UI; stock locations only when no
        putaway rule covers them."""
        uids = env["res.users"].search([("share", "=", False), ("id", "!=", SUPERUSER_ID)]).ids
        changes = []
        for model_name in self._get_drift_models()[: instance_schema.MAX_MODELS]:
            Model = env[model_name]
            if not Model._log_access or Model._abstract:
                continue
            domain = [
                "|",
                "&",
                ("create_date", ">", since),
                ("create_uid", "in", uids),
                "&",
                ("write_date", ">", since),
                ("write_uid", "in", uids),
            ]
            if model_name == "ir.ui.view":
                domain += ["|", ("arch_fs", "=", False), ("arch_updated", "=", True)]
            if model_name == "res.users":
                # users editing their own preferences are not configuration changes
                domain = ["&", *domain, "|", ("create_date", ">", since), ("write_uid", "!=", "id")]
            records = Model.search_fetch(domain, ["create_uid", "write_uid", "create_date", "write_date"])
            if model_name == "res.users":
                records = records.filtered(
                    lambda user: (user.create_date > since and user.create_uid.id in uids) or user.write_uid != user
                )
            if model_name == "stock.location" and "stock.putaway.rule" in env:
                records = self._filter_locations_without_putaway(records)
            if not records:
                continue
            users = set()
            for record in records:
                if record.write_date and record.write_date > since and record.write_uid.id in uids:
                    users.add(record.write_uid.name)
                if record.create_date and record.create_date > since and record.create_uid.id in uids:
                    users.add(record.create_uid.name)
            changes.append(
                {
                    "model": model_name,
                    "label": env["ir.model"]._get(model_name).name or model_name,
                    "count": len(records),
                    "users": sorted(name[:256] for name in users)[: instance_schema.MAX_USERS],
                }
            )
        return changes

    @api.model
    def _filter_locations_without_putaway(self, locations):
        """Internal locations that no putaway rule sends goods to or from."""
        locations = locations.filtered(lambda location: location.usage == "internal")
        if not locations:
            return locations
        rules = (
            self.env["stock.putaway.rule"]
            .sudo()
            .search_fetch(
                ["|", ("location_in_id", "in", locations.ids), ("location_out_id", "in", locations.ids)],
                ["location_in_id", "location_out_id"],
            )
        )
        covered = set(rules.location_in_id.ids) | set(rules.location_out_id.ids)
        return locations.filtered(lambda location: location.id not in covered)

    # ------------------------------------------------------------------
    # Reporting to the hub
    # ------------------------------------------------------------------
    @api.model
    def _get_reporter_params(self):
        Settings = self.env["amc.settings"]
        return {key: Settings._get(key) or False for key in REPORTER_PARAMS}

    @api.model
    def _send_report(self):
        """Collect and POST a report to the hub. Returns ``(ok, message in plain words)``.

        TLS certificates are verified; the connection times out after 10 s.
        The time and answer of the last success and failure are kept in the
        settings; a change of state (reachable, unreachable, refused) is logged
        once, without a traceback, and the next run tries again.
        """
        params = self._get_reporter_params()
        url, token = params["hub_url"], params["hub_token"]
        if not url or not token:
            return self._remember(False, "not_configured", self.env._("Set the hub URL and the instance token first."))
        since = fields.Datetime.to_datetime(params["reporter_last_success"]) or fields.Datetime.subtract(
            fields.Datetime.now(), hours=1
        )
        payload = self._collect_payload(since)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        if params["hub_database"]:
            headers["X-Odoo-Database"] = params["hub_database"]
        target = url.rstrip("/") + REPORT_PATH
        try:
            response = requests.post(target, data=json.dumps(payload), headers=headers, timeout=TIMEOUT_SECONDS)
        except requests.exceptions.SSLError as error:
            return self._remember(
                False, "unreachable", self.env._("The hub's TLS certificate was refused: %(error)s", error=error)
            )
        except requests.exceptions.RequestException as error:
            return self._remember(
                False,
                "unreachable",
                self.env._("The hub cannot be reached at %(url)s: %(error)s", url=url, error=type(error).__name__),
            )
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        detail = str(answer.get("error") or "")[:300] if isinstance(answer, dict) else ""
        status = response.status_code
        if status == 201:
            return self._remember(
                True,
                "ok",
                self.env._("The hub stored the report (%(date)s).", date=payload["collected_at"]),
                now=payload["collected_at"],
            )
        messages = {
            401: ("refused", self.env._("The hub refused the report: no token was sent.")),
            403: (
                "refused",
                self.env._("The hub refused the token: it is unknown or was revoked (%(detail)s).", detail=detail),
            ),
            400: ("error", self.env._("The hub found the report malformed: %(detail)s", detail=detail)),
            409: (
                "error",
                self.env._("The hub refused the report as a replay or with a wrong clock: %(detail)s", detail=detail),
            ),
            413: ("error", self.env._("The report is too large for the hub.")),
            415: ("error", self.env._("The hub expects JSON.")),
            429: ("ok", self.env._("The hub already got a report within the last minute; the next run sends again.")),
        }
        state, message = messages.get(status, ("error", self.env._("The hub answered HTTP %(status)s.", status=status)))
        return self._remember(False, state, message)

    @api.model
    def _remember(self, ok, state, message, now=None):
        """Record the outcome. ``now``: the moment the delivered report was collected (ISO 8601): the
        next report's changes start there, not when the hub answered, so what changed while the report
        travelled is in the next one."""
        Settings = self.env["amc.settings"]
        stamp = fields.Datetime.to_string(instance_schema.parse_datetime(now) if now else fields.Datetime.now())
        outcome = "success" if ok else "failure"
        Settings._set(f"reporter_last_{outcome}", stamp)
        Settings._set(f"reporter_last_{outcome}_message", str(message))
        previous = Settings._get("reporter_state")
        if previous != state:
            Settings._set("reporter_state", state)
            if state == "ok":
                _logger.info("Instance report: the hub accepts reports again.")
            elif state != "not_configured":
                _logger.warning("Instance report not delivered (%s): %s", state, message)
        return ok, message

    @api.model
    def _cron_send_report(self):
        """Hourly: send a report when a hub is configured."""
        params = self._get_reporter_params()
        if params["hub_url"] and params["hub_token"]:
            self._send_report()

    @api.model
    def action_send_report_now(self):
        if not self.env.user._is_system():
            raise AccessError(self.env._("Only system administrators send instance reports."))
        ok, message = self._send_report()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Report sent") if ok else self.env._("Report not sent"),
                "message": message,
                "type": "success" if ok else "danger",
                "sticky": not ok,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
