# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models, release
from odoo.exceptions import ValidationError

SERIES_RE = re.compile(r"^(saas~)?\d+\.\d+$")


class AmcOdooVersion(models.Model):
    """An Odoo series and its end of standard support (security fixes).

    Reference data shared by all companies (like currencies): seeded from
    Odoo's published policy, kept editable because Odoo has moved the dates
    before.
    """

    _name = "amc.odoo.version"
    _inherit = ["amc.guard.mixin"]
    _description = "Odoo Version"
    _order = "sequence desc, id desc"
    _rec_name = "series"

    series = fields.Char(required=True, help="Odoo series as in odoo.release.serie, e.g. 19.0.")
    sequence = fields.Integer(
        compute="_compute_sequence",
        store=True,
        help="Sort key derived from the series: newest first.",
    )
    release_date = fields.Date()
    end_of_support = fields.Date(
        string="End of Standard Support",
        help="After this date Odoo no longer publishes security fixes for the series.",
    )
    active = fields.Boolean(default=True)
    is_running = fields.Boolean(
        string="Running Here",
        compute="_compute_is_running",
        help="This database runs this series.",
    )
    agreement_ids = fields.One2many("amc.agreement", "odoo_version_id", string="Agreements")

    _series_unique = models.Constraint("UNIQUE(series)", "Each Odoo series is listed once.")
    _support_after_release = models.Constraint(
        "CHECK(end_of_support IS NULL OR release_date IS NULL OR end_of_support > release_date)",
        "Support of a series ends after its release.",
    )

    @api.depends("series")
    def _compute_sequence(self):
        for version in self:
            numbers = re.findall(r"\d+", version.series or "")
            major = int(numbers[0]) if numbers else 0
            minor = int(numbers[1]) if len(numbers) > 1 else 0
            version.sequence = major * 100 + minor

    def _compute_is_running(self):
        for version in self:
            version.is_running = version.series == release.serie

    @api.constrains("series")
    def _check_series(self):
        for version in self:
            if not SERIES_RE.match(version.series or ""):
                raise ValidationError(
                    self.env._("%(series)s is not an Odoo series; write it like 19.0.", series=version.series)
                )

    @api.model
    def _get_running(self):
        """The record of the series this database runs (may be empty)."""
        return self.with_context(active_test=False).search([("series", "=", release.serie)], limit=1)
