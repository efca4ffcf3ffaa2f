# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import ValidationError


class AmcTimeEntry(models.Model):
    _inherit = "amc.time.entry"

    @api.constrains("duration", "date", "request_id")
    def _check_entry(self):
        """No time on a request to triage: without an agreement nothing could bill it."""
        for entry in self:
            if not entry.request_id.agreement_id:
                raise ValidationError(
                    self.env._(
                        "Choose the agreement of %(request)s before logging time on it.",
                        request=entry.request_id.display_name,
                    )
                )
        return super()._check_entry()
