# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Patches tracked per instance: an instance whose reported build is from the
patch's release day or later has the patch, with the report as evidence."""

from odoo import fields, models

from ..lib import instance_grading

#: patches that ship in Odoo's own source, hence in a build of the release day or later
ODOO_SOURCES = ("odoo_security", "odoo_fix")


class AmcPatchInstance(models.Model):
    _name = "amc.patch.instance"
    _inherit = ["amc.guard.mixin"]
    _description = "Patch on an Instance"
    _order = "patch_id, instance_id"

    patch_id = fields.Many2one("amc.patch", required=True, ondelete="cascade", index=True, readonly=True)
    instance_id = fields.Many2one("amc.instance", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="patch_id.company_id", store=True, index=True)
    applied_date = fields.Date(required=True, readonly=True)
    report_id = fields.Many2one(
        "amc.instance.report",
        string="Evidence",
        readonly=True,
        ondelete="set null",
        help="The report whose build date shows the patch is in the instance.",
    )

    _patch_instance_unique = models.Constraint(
        "UNIQUE(patch_id, instance_id)",
        "A patch is applied once per instance.",
    )


class AmcPatch(models.Model):
    _inherit = "amc.patch"

    instance_application_ids = fields.One2many(
        "amc.patch.instance", "patch_id", string="Applied on Instances", readonly=True
    )

    def _apply_from_report(self, report):
        """Mark the agreement's pending patches released on or before the
        reported build date as applied on the reporting instance; a patch is
        applied (with the report as evidence) once the production instance has it.
        Instances that report no build date keep the manual flow, and so do OCA and own-code patches: the
        build date is Odoo's, and says nothing of modules deployed beside it."""
        payload = report.payload
        build = instance_grading.build_date(payload)
        instance = report.instance_id
        if not build:
            return self.browse()
        patches = self.sudo().search(
            [
                ("agreement_id", "=", instance.agreement_id.id),
                ("release_date", "<=", build),
                ("source", "in", ODOO_SOURCES),
            ]
        )
        patches = patches.filtered(
            lambda patch: (
                instance_grading.patch_applied(build, patch.release_date)
                and instance not in patch.instance_application_ids.instance_id
            )
        )
        if not patches:
            return patches
        day = instance.company_id._amc_today(report.date)  # the day of the report at the agreement's company
        self.env["amc.patch.instance"].sudo().create(
            [
                {"patch_id": patch.id, "instance_id": instance.id, "applied_date": day, "report_id": report.id}
                for patch in patches
            ]
        )
        if instance.role == "production":
            for patch in patches.filtered(lambda patch: not patch.applied_date):
                patch.write({"applied_date": max(day, patch.release_date)})
                patch.message_post(
                    body=self.env._(
                        "Applied on %(instance)s: its build of %(build)s (report of %(date)s) is from the release "
                        "day or later.",
                        instance=instance.name,
                        build=fields.Date.to_string(build),
                        date=fields.Datetime.to_string(report.date),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return patches
