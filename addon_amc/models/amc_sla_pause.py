# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AmcSlaPause(models.Model):
    """A time the SLA clocks of a request stood still (waiting on the customer).

    Kept for audit: created and closed by the request when it enters and
    leaves the ``waiting`` state, read-only for everybody.
    """

    _name = "amc.sla.pause"
    _inherit = ["amc.guard.mixin"]
    _description = "SLA Pause"
    _order = "date_start, id"

    request_id = fields.Many2one("amc.request", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    date_start = fields.Datetime(string="Paused", required=True, default=fields.Datetime.now)
    date_end = fields.Datetime(string="Resumed")
    duration_hours = fields.Float(
        string="Duration (h)",
        compute="_compute_hours",
        store=True,
        help="Wall-clock hours of the pause.",
    )
    business_hours = fields.Float(
        compute="_compute_hours",
        store=True,
        help="Working hours of the agreement's calendar (holidays excluded) the pause covered.",
    )

    _end_after_start = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date_start)",
        "A pause cannot end before it starts.",
    )

    @api.depends("date_start", "date_end", "request_id.agreement_id.calendar_id")
    def _compute_hours(self):
        for pause in self:
            if not pause.date_end:
                pause.duration_hours = pause.business_hours = 0.0
                continue
            pause.duration_hours = (pause.date_end - pause.date_start).total_seconds() / 3600.0
            pause.business_hours = pause.request_id._sla_business_hours(pause.date_start, pause.date_end)
