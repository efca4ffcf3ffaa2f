# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo: the SLA history of the demo requests."""

import random
from datetime import datetime, time, timedelta

from odoo import fields

from ..models.amc_request import DONE_STATES


def sla_history(env, seed=13):
    """Give the demo requests an SLA history: started on the day of their
    first time entry, answered and resolved some hours or days later, so
    that the SLA analysis shows both met and breached targets.

    Deterministic for a given seed. Finished requests are marked as
    notified: the cron only tells about what happens after the demo loads.
    """
    rng = random.Random(seed)
    now = fields.Datetime.now()
    requests = env["amc.request"].search([("time_entry_ids", "!=", False)], order="id")
    Internal = env["amc.request"].sudo().with_context(amc_sla_internal=True)
    for request in requests:
        day = min(request.time_entry_ids.mapped("date"))
        start = min(datetime.combine(day, time(7, 0)) + timedelta(minutes=rng.randrange(0, 8 * 60)), now)
        vals = {"sla_start_date": start}
        if request.state in DONE_STATES:
            resolved = min(start + timedelta(hours=rng.choice([3, 6, 20, 30, 50, 90, 150, 260])), now)
            vals["resolved_date"] = resolved
            vals["first_response_date"] = min(start + timedelta(hours=rng.choice([0.5, 1, 2, 3, 5, 9, 26])), resolved)
        Internal.browse(request.id).write(vals)
    requests._sla_compute_deadlines()
    requests.filtered(lambda r: r.state in DONE_STATES).sla_ids.sudo().write({"warned": True, "breach_notified": True})
    return requests
