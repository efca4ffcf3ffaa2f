# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Whether a request's work is covered or charged under its agreement, and why.

The scope says what kind of work a request is; whether this customer pays for it also depends on
what their agreement includes: an *included in maintenance* request on a first-line-only agreement
is charged. :func:`billing.coverage` decides, the rule the allocator itself follows, so what the
customer reads on the portal is where the time goes.
"""

from odoo import api, fields, models

from ..lib import billing


class AmcRequest(models.Model):
    _inherit = "amc.request"

    coverage = fields.Selection(
        billing.COVERAGE_SELECTION,
        string="Covered or Charged",
        compute="_compute_coverage",
        compute_sudo=True,
        help="Where the request's time goes under its agreement: covered by maintenance or first-line support, "
        "the configuration allowance while it lasts, or charged (prepaid hours first, then the hourly rate).",
    )
    coverage_note = fields.Char(
        string="Coverage",
        compute="_compute_coverage",
        compute_sudo=True,
        help="Why the request is covered or charged: the scope and the agreement's terms that decide.",
    )

    @api.depends(
        "scope",
        "agreement_id.has_maintenance",
        "agreement_id.has_first_line",
        "agreement_id.config_allowance_hours",
        "agreement_id.config_allowance_period",
    )
    def _compute_coverage(self):
        notes = self._coverage_notes()
        for request in self:
            if request.agreement_id:
                request.coverage, why = billing.coverage(request.scope, request.agreement_id._billing_services())
            else:
                request.coverage, why = "review", "no_agreement"
            request.coverage_note = notes[why]

    def _coverage_notes(self):
        """The customer's sentence for each ``why`` of :func:`billing.coverage`, translated."""
        charged = self.env._("Charged (prepaid hours first, then the hourly rate)")
        return {
            "maintenance": self.env._("Covered by your maintenance agreement."),
            "first_line": self.env._("Covered by your first-line support agreement."),
            "config": self.env._("Covered by your configuration allowance while it lasts; beyond it, charged."),
            "outside": self.env._("%(charged)s: outside what your agreement covers.", charged=charged),
            "no_maintenance": self.env._("%(charged)s: your agreement has no maintenance.", charged=charged),
            "no_first_line": self.env._("%(charged)s: your agreement has no first-line support.", charged=charged),
            "no_allowance": self.env._("%(charged)s: your agreement has no configuration allowance.", charged=charged),
            "review": self.env._("Not decided yet: our support team confirms whether it is covered."),
            "no_agreement": self.env._("Not decided yet: the request is not on an agreement yet."),
        }
