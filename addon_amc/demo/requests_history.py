# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo: months of requests and time on the demo agreements."""

import random
from datetime import timedelta

DEMO_SCOPE_WEIGHTS = [("included", 3), ("first_line", 3), ("config", 2), ("billable", 2), ("needs_review", 1)]
DEMO_SUBJECTS = {
    "included": [
        "Invoice posting raises an error after the monthly patch",
        "Scheduled backup reported as failed",
        "Bug in the custom delivery slip report",
        "Apply Odoo hot-fix for the stock valuation bug",
    ],
    "first_line": [
        "How do I reset a user's password?",
        "Where do I find the aged receivables report?",
        "Cannot print the picking list",
        "Hur lägger jag till en ny användare?",
    ],
    "config": [
        "Add a new product category with its accounts",
        "New approval step for purchase orders over 50 000 kr",
        "Adjust the quotation email template",
        "Set up a new sales report",
    ],
    "billable": [
        "Import 2 000 customer records from the old CRM",
        "Training session for the new warehouse staff",
        "Connect the webshop to the inventory",
        "Restore yesterday's backup to a test database",
    ],
    "needs_review": [
        "Something is wrong with the numbers",
        "Question about next year's setup",
    ],
}


def generate_history(env, agreement_xmlid, days=90, seed=7, daily_rate=0.4):
    """Create ``days`` of requests and time on a demo agreement.

    Deterministic for a given seed. All entries are created in one batch,
    so the agreement is allocated once.
    """
    rng = random.Random(seed)
    agreement = env.ref(agreement_xmlid)
    today = agreement.company_id._amc_today()
    first_day = max(agreement.date_start, today - timedelta(days=days))
    scopes = [scope for scope, weight in DEMO_SCOPE_WEIGHTS for _index in range(weight)]
    agents = env.ref("base.user_admin") | env.ref("base.user_demo")
    request_vals, entry_plans, close_flags = [], [], []
    day = first_day
    while day <= today:
        if day.weekday() < 5:
            for _index in range(1 if rng.random() < daily_rate else 0):
                scope = rng.choice(scopes)
                subject = rng.choice(DEMO_SUBJECTS[scope])
                old = day < today - timedelta(days=10)
                close_flags.append(old)
                request_vals.append(
                    {
                        "name": subject,
                        "agreement_id": agreement.id,
                        "partner_id": agreement.partner_id.id,
                        "priority": rng.choice(["standard", "standard", "standard", "high", "critical"]),
                        # no scope: the classifier decides from the subject, as for real requests
                        "state": "in_progress" if old else rng.choice(["new", "in_progress", "waiting"]),
                        "user_id": rng.choice(agents).id,
                    }
                )
                entries = []
                for offset in range(rng.choice([1, 1, 2, 3])):
                    entry_day = min(day + timedelta(days=offset), today)
                    entries.append((entry_day, rng.choice([0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0])))
                entry_plans.append(entries)
        day += timedelta(days=1)
    requests = env["amc.request"].create(request_vals)
    env["amc.time.entry"].create(
        [
            {
                "request_id": request.id,
                "date": entry_day,
                "duration": duration,
                "user_id": request.user_id.id,
                "description": env._("Analysis and follow-up"),
            }
            for request, entries in zip(requests, entry_plans, strict=True)
            for entry_day, duration in entries
        ]
    )
    # time is logged on open requests only: the old ones are closed afterwards
    closing = [request.id for request, close in zip(requests, close_flags, strict=True) if close]
    env["amc.request"].browse(closing).write({"state": "closed"})
    return requests
