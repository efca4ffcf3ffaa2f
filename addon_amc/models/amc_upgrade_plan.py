# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tools import config

from ..lib import instance_grading, maintenance

ODOO_AUTHOR = "Odoo S.A."


def _is_inside(path, directory):
    if not path or not directory:
        return False
    path, directory = os.path.realpath(path), os.path.realpath(directory)
    return os.path.commonpath([path, directory]) == directory


class AmcUpgradePlan(models.Model):
    """Planning of a major-version upgrade, started well before end of support.

    The seeds: the upgrade of a production instance with custom modules takes
    four to eight weeks of planning and testing before the production window,
    so the plan must start at least ``addon_amc.upgrade_planning_weeks``
    (Settings, default 8) weeks before the target go-live.
    """

    _name = "amc.upgrade.plan"
    _description = "Upgrade Plan"
    _inherit = ["amc.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_target asc, id desc"

    name = fields.Char(compute="_compute_name", store=True, readonly=False, required=True, precompute=True)
    # no check_company: the company comes from the agreement (empty on a new record)
    agreement_id = fields.Many2one("amc.agreement", required=True, ondelete="cascade", index=True, tracking=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="agreement_id.partner_id", string="Customer")
    user_id = fields.Many2one(related="agreement_id.user_id", string="Account Manager")
    from_version_id = fields.Many2one(
        "amc.odoo.version",
        string="From Series",
        required=True,
        compute="_compute_from_version_id",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
    )
    to_version_id = fields.Many2one("amc.odoo.version", string="To Series", required=True, tracking=True)
    from_end_of_support = fields.Date(related="from_version_id.end_of_support", string="Current Series Support Ends")
    date_planning_start = fields.Date(
        string="Planning Start", required=True, default=lambda self: self.env.company._amc_today(), tracking=True
    )
    date_target = fields.Date(string="Target Go-live", required=True, tracking=True)
    planning_weeks = fields.Integer(
        compute="_compute_planning_weeks",
        help="Weeks between the planning start and the target go-live.",
    )
    after_end_of_support = fields.Boolean(
        compute="_compute_planning_weeks",
        help="The go-live comes after the current series' end of support.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("in_progress", "In Progress"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        tracking=True,
        index=True,
    )
    milestone_ids = fields.One2many("amc.upgrade.milestone", "plan_id", string="Milestones", copy=True)
    milestone_progress = fields.Float(compute="_compute_milestone_progress", string="Progress (%)")
    module_ids = fields.One2many("amc.upgrade.module", "plan_id", string="Non-standard Modules")
    custom_module_count = fields.Integer(compute="_compute_custom_module_count", string="Modules to Review")
    notes = fields.Html()

    _target_after_start = models.Constraint(
        "CHECK(date_target > date_planning_start)",
        "The target go-live must come after the planning start.",
    )

    @api.depends("agreement_id.name", "to_version_id.series")
    def _compute_name(self):
        for plan in self:
            if not plan.name:
                plan.name = self.env._(
                    "Upgrade to %(series)s – %(agreement)s",
                    series=plan.to_version_id.series or "?",
                    agreement=plan.agreement_id.name or "",
                )

    @api.depends("agreement_id")
    def _compute_from_version_id(self):
        for plan in self:
            if not plan.from_version_id:
                plan.from_version_id = plan.agreement_id.odoo_version_id

    @api.depends("date_planning_start", "date_target", "from_version_id.end_of_support")
    def _compute_planning_weeks(self):
        for plan in self:
            if plan.date_planning_start and plan.date_target:
                plan.planning_weeks = (plan.date_target - plan.date_planning_start).days // 7
            else:
                plan.planning_weeks = 0
            eos = plan.from_version_id.end_of_support
            plan.after_end_of_support = bool(eos and plan.date_target and plan.date_target > eos)

    @api.depends("milestone_ids.done")
    def _compute_milestone_progress(self):
        for plan in self:
            total = len(plan.milestone_ids)
            plan.milestone_progress = 100.0 * len(plan.milestone_ids.filtered("done")) / total if total else 0.0

    @api.depends("module_ids.is_custom")
    def _compute_custom_module_count(self):
        for plan in self:
            plan.custom_module_count = len(plan.module_ids.filtered("is_custom"))

    @api.constrains("date_planning_start", "date_target")
    def _check_planning_weeks(self):
        weeks = self.env["amc.settings"]._get("upgrade_planning_weeks")
        for plan in self:
            if not (plan.date_target and plan.date_planning_start):
                continue
            if plan.date_target - plan.date_planning_start < timedelta(weeks=weeks):
                raise ValidationError(
                    self.env._(
                        "Upgrade planning starts at least %(weeks)s weeks before go-live: with a target of "
                        "%(target)s, start on %(start)s at the latest, or move the target.",
                        weeks=weeks,
                        target=fields.Date.to_string(plan.date_target),
                        start=fields.Date.to_string(plan.date_target - timedelta(weeks=weeks)),
                    )
                )

    @api.constrains("date_planning_start", "date_target")
    def _check_milestones_in_plan(self):
        """Moved dates keep every milestone between them (a milestone's own check runs only when it changes)."""
        self.milestone_ids._check_date_in_plan()

    @api.constrains("from_version_id", "to_version_id")
    def _check_versions(self):
        for plan in self:
            source, target = plan.from_version_id, plan.to_version_id
            if source and target and target.sequence <= source.sequence:
                raise ValidationError(
                    self.env._(
                        "Upgrade to a newer series: %(new)s is not newer than %(current)s.",
                        new=target.series,
                        current=source.series,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        plans.filtered(lambda plan: not plan.milestone_ids)._create_default_milestones()
        plans._refresh_module_inventory()
        return plans

    def _create_default_milestones(self):
        self.env["amc.upgrade.milestone"].create(
            [
                {"plan_id": plan.id, "kind": kind, "date": day, "sequence": index}
                for plan in self
                for index, (kind, day) in enumerate(
                    maintenance.default_milestones(plan.date_planning_start, plan.date_target)
                )
            ]
        )

    def action_start(self):
        self.write({"state": "in_progress"})

    def action_done(self):
        for plan in self:
            if plan.milestone_ids.filtered(lambda milestone: not milestone.done):
                raise UserError(
                    self.env._("Tick every milestone of %(plan)s before closing it.", plan=plan.display_name)
                )
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset_to_draft(self):
        self.write({"state": "draft"})

    def action_refresh_inventory(self):
        self._refresh_module_inventory()
        return True

    def _get_module_inventory(self):
        """The module inventory of the agreement's production instance: this
        database's modules when the production instance is this database, else
        those of its latest report (modules that do not ship with Odoo, with
        version, author and licence); empty until it reports."""
        self.ensure_one()
        production = self.agreement_id._get_production_instance()
        if production.is_local:
            return self._get_local_module_inventory()
        payload = production.last_report_id.payload
        if not payload:
            return []
        return [
            {
                "module_id": False,
                "name": module["name"],
                "shortdesc": module["name"],
                "author": module.get("author") or False,
                "version": module.get("installed_version") or False,
                "license": module.get("license") or False,
                "path": False,
                "outside_odoo": True,
                "is_custom": (module.get("author") or "").strip() != ODOO_AUTHOR,
            }
            for module in instance_grading.module_inventory(payload)
        ]

    @api.model
    def _get_local_module_inventory(self):
        """Installed modules of this database that are not plain Odoo: another author, or a module
        outside Odoo's own addons directories (odoo/addons and the community addons)."""
        odoo_dirs = [config.addons_base_dir, config.addons_community_dir]
        modules = (
            self.env["ir.module.module"]
            .sudo()
            .search_fetch(
                [("state", "=", "installed")],
                ["name", "shortdesc", "author", "latest_version", "license"],
                order="name",
            )
        )
        inventory = []
        for module in modules:
            path = get_module_path(module.name, display_warning=False)
            outside = not any(_is_inside(path, directory) for directory in odoo_dirs)
            odoo_author = (module.author or "").strip() == ODOO_AUTHOR
            if outside or not odoo_author:
                inventory.append(
                    {
                        "module_id": module.id,
                        "name": module.name,
                        "shortdesc": module.shortdesc,
                        "author": module.author,
                        "version": module.latest_version,
                        "license": module.license,
                        "path": path or False,
                        "outside_odoo": outside,
                        # Odoo's own modules elsewhere (e.g. Enterprise) are ported by Odoo
                        "is_custom": outside and not odoo_author,
                    }
                )
        return inventory

    def _refresh_module_inventory(self):
        if not self:
            return
        # update the lines by module name (keeping their review and note), add the
        # modules installed since, and remove only those no longer installed
        stale = self.env["amc.upgrade.module"]
        to_create = []
        for plan in self:
            inventory = {row["name"]: row for row in plan._get_module_inventory()}
            kept = {}
            for line in plan.module_ids:
                if line.name in inventory and line.name not in kept:
                    kept[line.name] = line
                else:
                    stale |= line
            for name, row in inventory.items():
                line = kept.get(name)
                if not line:
                    to_create.append({**row, "plan_id": plan.id})
                    continue
                changes = {
                    field: value
                    for field, value in row.items()
                    if (line[field].id if field == "module_id" else line[field]) != value
                }
                if changes:
                    line.write(changes)
        stale.unlink()
        self.env["amc.upgrade.module"].create(to_create)
