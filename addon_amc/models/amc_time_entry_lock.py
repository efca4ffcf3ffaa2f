# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

# written by the allocation, never by users: they do not change the month's figures
COMPUTED_FIELDS = {"bucket", "pack_id", "billed_hours", "billable_hours", "amount"}


class AmcTimeEntry(models.Model):
    _inherit = "amc.time.entry"

    @api.model_create_multi
    def create(self, vals_list):
        requests = self.env["amc.request"].sudo().browse({vals.get("request_id") for vals in vals_list} - {False, None})
        agreement_of = {request.id: request.agreement_id.id for request in requests}
        default_date = self._fields["date"].default(self)
        self.env["amc.statement"]._check_months_open(
            {(agreement_of.get(vals.get("request_id")), vals.get("date") or default_date) for vals in vals_list}
        )
        return super().create(vals_list)

    def write(self, vals):
        if vals.keys() - COMPUTED_FIELDS:
            Statement = self.env["amc.statement"]
            Statement._check_months_open({(entry.sudo().agreement_id.id, entry.date) for entry in self})
            if {"date", "request_id"} & vals.keys():
                result = super().write(vals)
                Statement._check_months_open({(entry.sudo().agreement_id.id, entry.date) for entry in self})
                return result
        return super().write(vals)

    def unlink(self):
        Statement = self.env["amc.statement"]
        Statement._check_months_open({(entry.sudo().agreement_id.id, entry.date) for entry in self})
        # the allocation takes what the database cascade deletes off the statements
        # (amc.agreement._reallocate_forward, from the snapshot taken before)
        return super().unlink()
