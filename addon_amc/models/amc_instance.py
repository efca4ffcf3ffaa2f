# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A customer's Odoo database that reports to this hub (or this database itself)."""

import hashlib
import logging
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..lib import dashboard, instance_grading
from ..lib.instance_schema import parse_datetime

_logger = logging.getLogger(__name__)

TOKEN_PREFIX = "amci_"
# tokens of the former per-agreement backup token, migrated to instances (19.0.1.2.0)
LEGACY_TOKEN_PREFIX = "amcb_"


def hash_token(token):
    """What is stored of an instance token: its SHA-256. The token is 256 random
    bits, so a plain digest cannot be brute-forced and can be looked up."""
    return hashlib.sha256((token or "").encode()).hexdigest()


class AmcInstance(models.Model):
    _name = "amc.instance"
    _description = "Customer Instance"
    _inherit = ["amc.guard.mixin", "mail.thread"]
    _order = "agreement_id, role, name, id"

    name = fields.Char(required=True, tracking=True)
    agreement_id = fields.Many2one("amc.agreement", required=True, ondelete="cascade", index=True, tracking=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="agreement_id.partner_id", string="Customer")
    role = fields.Selection(
        [("production", "Production"), ("staging", "Staging"), ("test", "Test")],
        required=True,
        default="production",
        tracking=True,
    )
    active = fields.Boolean(default=True, tracking=True)
    is_local = fields.Boolean(
        string="This Database",
        readonly=True,
        help="This database itself: its facts are collected locally when a health check runs, without HTTP.",
    )
    token_hash = fields.Char(copy=False, index=True, readonly=True, groups="base.group_system")
    token_date = fields.Datetime(string="Token Created", copy=False, readonly=True)
    token_state = fields.Selection(
        [("none", "No Token"), ("active", "Active"), ("revoked", "Revoked")],
        default="none",
        required=True,
        readonly=True,
        copy=False,
    )
    # reported facts
    db_name = fields.Char(string="Database", readonly=True)
    db_uuid = fields.Char(string="Database UUID", readonly=True)
    odoo_series = fields.Char(readonly=True)
    odoo_version = fields.Char(readonly=True)
    build_date = fields.Date(readonly=True, help="The build date of the instance's Odoo, where it reports one.")
    reporter_version = fields.Char(string="Reporter Module Version", readonly=True)
    active_users = fields.Integer(string="Active Internal Users", readonly=True)
    last_report_date = fields.Datetime(readonly=True, index=True, copy=False)
    last_report_id = fields.Many2one("amc.instance.report", readonly=True, copy=False, index="btree_not_null")
    report_ids = fields.One2many("amc.instance.report", "instance_id", string="Reports")
    report_count = fields.Integer(compute="_compute_report_count")
    health_result = fields.Selection(
        [("pass", "Pass"), ("warn", "Warning"), ("fail", "Fail")],
        string="Last Health Result",
        readonly=True,
        copy=False,
        help="The worst result of this instance's lines in the agreement's latest health check.",
    )
    state = fields.Selection(
        [
            ("waiting", "Waiting for a First Report"),
            ("reporting", "Reporting"),
            ("silent", "Silent"),
            ("revoked", "Revoked"),
        ],
        compute="_compute_state",
        search="_search_state",
    )

    _name_per_agreement = models.Constraint(
        "UNIQUE(agreement_id, name)",
        "An agreement cannot have two instances of the same name.",
    )

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    def _silent_limit(self):
        return fields.Datetime.now() - timedelta(hours=self.env["amc.settings"]._get("instance_silent_hours"))

    # ------------------------------------------------------------------
    # State
    # ------------------------------------------------------------------
    @api.depends("token_state", "last_report_date", "is_local")
    def _compute_state(self):
        limit = self._silent_limit()
        for instance in self:
            if instance.token_state == "revoked" and not instance.is_local:
                instance.state = "revoked"
            elif not instance.last_report_date:
                instance.state = "waiting"
            elif instance.last_report_date < limit:
                instance.state = "silent"
            else:
                instance.state = "reporting"

    def _search_state(self, operator, value):
        if operator not in ("in", "="):
            return NotImplemented
        values = {value} if isinstance(value, str) else set(value)
        limit = self._silent_limit()
        not_revoked = Domain("token_state", "!=", "revoked") | Domain("is_local", "=", True)
        domains = {
            "revoked": Domain("token_state", "=", "revoked") & Domain("is_local", "=", False),
            "waiting": not_revoked & Domain("last_report_date", "=", False),
            "silent": not_revoked & Domain("last_report_date", "<", limit),
            "reporting": not_revoked & Domain("last_report_date", ">=", limit),
        }
        return Domain.OR(domains[state] for state in values if state in domains)

    def _compute_report_count(self):
        counts = dict(
            self.env["amc.instance.report"]._read_group([("instance_id", "in", self.ids)], ["instance_id"], ["__count"])
        )
        for instance in self:
            instance.report_count = counts.get(instance, 0)

    # ------------------------------------------------------------------
    # Server-side checks (the facts, the token and "This Database" are read-only:
    # amc.guard.mixin refuses them to users and ignores them as context defaults)
    # ------------------------------------------------------------------
    def _check_agreements_readable(self, vals_list):
        """The agreement must be one the user may read (its company): a manager of
        company A cannot attach an instance to company B's agreement over RPC."""
        ids = {vals["agreement_id"] for vals in vals_list if vals.get("agreement_id")}
        self.env["amc.agreement"].browse(ids).check_access("read")

    @api.model_create_multi
    def create(self, vals_list):
        self._check_agreements_readable(vals_list)
        instances = super().create(vals_list)
        instances._check_agreement_open()
        return instances

    def write(self, vals):
        self._check_agreements_readable([vals])
        result = super().write(vals)
        if "agreement_id" in vals:
            self._check_agreement_open()
        return result

    def _check_agreement_open(self):
        for instance in self:
            if instance.agreement_id.state == "cancelled":
                raise UserError(
                    self.env._(
                        "%(agreement)s is cancelled: it cannot get instances.",
                        agreement=instance.agreement_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Tokens
    # ------------------------------------------------------------------
    def _check_token_manager(self):
        if not self.env.user.has_group("addon_amc.group_amc_manager"):
            raise AccessError(self.env._("Only Support managers handle instance tokens."))
        self.check_access("write")

    def action_generate_token(self):
        """A new token; only its hash is stored, the token is shown once. The
        previous token stops working (rotation)."""
        self.ensure_one()
        self._check_token_manager()
        if self.agreement_id.state == "cancelled":
            raise UserError(self.env._("A cancelled agreement cannot receive reports."))
        rotated = self.token_state == "active"
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.sudo().write(
            {"token_hash": hash_token(token), "token_date": fields.Datetime.now(), "token_state": "active"}
        )
        self.message_post(
            body=self.env._("The token was rotated: the previous one no longer works.")
            if rotated
            else self.env._("A token was generated."),
            subtype_xmlid="mail.mt_note",
        )
        base_url = self.get_base_url()
        return {
            "name": self.env._("Instance Token"),
            "type": "ir.actions.act_window",
            "res_model": "amc.backup.token.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_instance_id": self.id,
                "default_agreement_id": self.agreement_id.id,
                "default_token": token,
                "default_hub_url": base_url,
                "default_report_url": f"{base_url}/addon_amc/backup/report",
            },
        }

    def action_revoke_token(self):
        self._check_token_manager()
        for instance in self.filtered(lambda instance: instance.token_state == "active"):
            instance.sudo().write({"token_hash": False, "token_state": "revoked"})
            instance.message_post(body=self.env._("The token was revoked."), subtype_xmlid="mail.mt_note")
        return True

    @api.model
    def _find_by_token(self, token):
        """The instance a token belongs to (empty when unknown or revoked)."""
        if not token or len(token) > 200 or not token.startswith((TOKEN_PREFIX, LEGACY_TOKEN_PREFIX)):
            return self.browse()
        return (
            self.sudo()
            .with_context(active_test=False)
            .search([("token_hash", "=", hash_token(token)), ("token_state", "=", "active")], limit=1)
        )

    @api.model
    def _migrate_agreement_backup_tokens(self):
        """19.0.1.2.0: each agreement's backup token becomes the token of a new
        production instance of the agreement, so the backup job keeps working.
        Reads the column the former field left in the table; idempotent."""
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT 1 FROM information_schema.columns WHERE table_name = 'amc_agreement' "
                "AND column_name = 'backup_token_hash'"
            )
        )
        if not cr.fetchone():
            return self.browse()
        cr.execute(
            SQL(
                "SELECT id, backup_token_hash, backup_token_date FROM amc_agreement "
                "WHERE backup_token_hash IS NOT NULL AND backup_token_hash != ''"
            )
        )
        rows = cr.fetchall()
        created = self.browse()
        for agreement_id, token_hash, token_date in rows:
            created |= (
                self.sudo()
                .with_context(mail_create_nolog=True, tracking_disable=True)
                .create(
                    {
                        "agreement_id": agreement_id,
                        "name": self.env._("Production (backup token)"),
                        "role": "production",
                        "token_hash": token_hash,
                        "token_date": token_date,
                        "token_state": "active",
                    }
                )
            )
        cr.execute(SQL("UPDATE amc_agreement SET backup_token_hash = NULL WHERE backup_token_hash IS NOT NULL"))
        return created

    # ------------------------------------------------------------------
    # Reports
    # ------------------------------------------------------------------
    def _record_report(self, payload, source, remote_addr=False):
        """Store a validated report and the facts it carries on the instance."""
        self.ensure_one()
        users_before = self.sudo().agreement_id.first_line_instance_users
        collected = parse_datetime(payload["collected_at"]).replace(microsecond=0)
        grading = instance_grading.grade_modules(payload)
        changes = instance_grading.grade_changes(payload)
        crons = payload["crons"]["items"]
        report = (
            self.env["amc.instance.report"]
            .sudo()
            .create(
                {
                    "instance_id": self.id,
                    "date": collected,
                    "received_date": fields.Datetime.now(),
                    "source": source,
                    "remote_addr": remote_addr,
                    "schema_version": payload["schema"],
                    "payload": payload,
                    "odoo_version": payload["odoo"]["version"],
                    "cron_failing_count": sum(1 for cron in crons if cron["active"] and cron["failure_count"] > 0),
                    "module_pending_count": len(grading["outdated"]) + len(grading["pending"]),
                    "change_count": changes["count"],
                    "db_size_mb": payload["sizes"]["database_bytes"] / instance_grading.MB,
                    "filestore_size_mb": payload["sizes"]["filestore_bytes"] / instance_grading.MB,
                    "active_users": payload["users"]["active_internal"],
                }
            )
        )
        build = instance_grading.build_date(payload)
        self.sudo().write(
            {
                "db_name": payload["database"]["name"],
                "db_uuid": payload["database"].get("uuid") or False,
                "odoo_series": payload["odoo"]["series"],
                "odoo_version": payload["odoo"]["version"],
                "build_date": build or False,
                "reporter_version": payload.get("reporter_version") or False,
                "active_users": payload["users"]["active_internal"],
                "last_report_date": collected,
                "last_report_id": report.id,
            }
        )
        self.env["amc.patch"]._apply_from_report(report)
        agreement = self.sudo().agreement_id
        if self.role == "production":
            agreement._follow_reported_series(payload["odoo"]["series"])
        if (
            agreement.first_line_user_source == "instance"
            and self.role == "production"
            and agreement.first_line_instance_users != users_before
        ):
            # the open months' first-line fees follow the reported users (invoiced ones stay frozen);
            # a report that counts as many users as the last one changes no fee and reads nothing
            self.env["amc.statement"]._sync_open_months(agreement)
        return report

    def _collect_local_reports(self):
        """Collect the facts of this database for its local instances (no HTTP)."""
        Collector = self.env["amc.instance.collector"]
        reports = self.env["amc.instance.report"]
        for instance in self.filtered("is_local"):
            since = instance.last_report_date or fields.Datetime.subtract(fields.Datetime.now(), months=1)
            reports |= instance._record_report(Collector._collect_payload(since), "local")
        return reports

    def action_view_reports(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("addon_amc.amc_instance_report_action")
        action["domain"] = [("instance_id", "=", self.id)]
        return action


class AmcAgreement(models.Model):
    _inherit = "amc.agreement"

    instance_ids = fields.One2many("amc.instance", "agreement_id", string="Instances")
    instance_count = fields.Integer(compute="_compute_instance_count")
    first_line_user_source = fields.Selection(
        [("contacts", "Registered Contacts"), ("instance", "Production Instance's Active Users")],
        string="Count Users From",
        default="contacts",
        required=True,
        tracking=True,
        help="First-line support is priced per user: count the contacts registered on the agreement, or the "
        "active internal users its production instance reports.",
    )
    first_line_instance_users = fields.Integer(
        string="Reported Active Users",
        compute="_compute_first_line_instance_users",
        store=True,
        help="Active internal users in the latest report of the agreement's production instance.",
    )

    @api.depends(
        "instance_ids.active_users", "instance_ids.role", "instance_ids.active", "instance_ids.last_report_date"
    )
    def _compute_first_line_instance_users(self):
        for agreement in self:
            production = agreement.instance_ids.filtered(
                lambda instance: instance.active and instance.role == "production" and instance.last_report_date
            ).sorted("id")[:1]
            agreement.first_line_instance_users = production.active_users

    @api.depends(
        "has_first_line",
        "support_contact_ids",
        "first_line_price_per_user",
        "first_line_user_source",
        "first_line_instance_users",
    )
    def _compute_first_line(self):
        result = super()._compute_first_line()
        for agreement in self.filtered(lambda agreement: agreement.first_line_user_source == "instance"):
            count = agreement.first_line_instance_users if agreement.has_first_line else 0
            agreement.first_line_user_count = count
            agreement.first_line_monthly_fee = count * agreement.first_line_price_per_user
        return result

    def _compute_instance_count(self):
        counts = dict(
            self.env["amc.instance"]._read_group([("agreement_id", "in", self.ids)], ["agreement_id"], ["__count"])
        )
        for agreement in self:
            agreement.instance_count = counts.get(agreement, 0)

    @api.model
    def _get_dashboard_sections(self, today):
        """Adds ``instances``: the customers' databases reporting, silent and failing."""
        counts = self._get_dashboard_instances()
        action = "addon_amc.amc_instance_action"
        labels = {
            "reporting": self.env._("Reporting"),
            "silent": self.env._("Silent"),
            "failing": self.env._("Failing"),
        }
        tones = {"reporting": "success", "silent": "warning", "failing": "danger"}
        section = dashboard.section(
            "instances",
            150,
            self.env._("Instances"),
            icon="fa-server",
            width="half",
            cards=[
                dashboard.card(
                    key,
                    label,
                    counts[key],
                    str(counts[key]),
                    tone=tones[key] if counts[key] else ("muted" if key == "reporting" else "secondary"),
                    action=dashboard.xml_action(action, **{f"search_default_filter_{key}": 1}),
                )
                for key, label in labels.items()
            ],
            more=counts["waiting"]
            and {
                "label": self.env._("%s waiting for a first report", counts["waiting"]),
                "action": dashboard.xml_action(action, search_default_filter_waiting=1),
            },
        )
        return [*super()._get_dashboard_sections(today), section]

    @api.model
    def _get_dashboard_instances(self):
        """Counts of active instances: reporting, silent, failing, waiting, in one
        query whatever the number of instances (the user's record rules apply)."""
        Instance = self.env["amc.instance"]
        metrics = {
            "reporting": Instance._search_state("=", "reporting"),
            "silent": Instance._search_state("=", "silent"),
            "failing": Domain("health_result", "=", "fail"),
            "waiting": Instance._search_state("=", "waiting"),
        }
        # a cancelled agreement's instances are refused by the hub (silent for good): they are not counted
        query = Instance._search([("agreement_id.state", "!=", "cancelled")])
        selects = [
            SQL("COUNT(*) FILTER (WHERE %s)", domain.optimize_full(Instance)._to_sql(Instance, Instance._table, query))
            for domain in metrics.values()
        ]
        row = self.env.execute_query(query.select(*selects))[0]
        return dict(zip(metrics, row, strict=True))

    def _get_production_instance(self):
        """The agreement's active production instance (the first one), or an empty record."""
        self.ensure_one()
        return self.instance_ids.filtered(lambda instance: instance.active and instance.role == "production")[:1]

    def action_register_this_database(self):
        """Register this database as an instance of the agreement: its facts are collected locally."""
        self._register_this_database()
        return True

    def _register_this_database(self):
        self.ensure_one()
        self.check_access("write")
        if not self.env.user.has_group("addon_amc.group_amc_manager"):
            raise AccessError(self.env._("Only Support managers register instances."))
        existing = (
            self.env["amc.instance"]
            .with_context(active_test=False)
            .search([("agreement_id", "=", self.id), ("is_local", "=", True)], limit=1)
        )
        if existing:
            raise UserError(
                self.env._("This database is already registered on %(agreement)s.", agreement=self.display_name)
            )
        return (
            self.env["amc.instance"]
            .sudo()
            .create(
                {
                    "agreement_id": self.id,
                    "name": self.env._("This database (%(db)s)", db=self.env.cr.dbname),
                    "role": "production",
                    "is_local": True,
                }
            )
            .sudo(self.env.su)
        )
