# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import api, models

from ..lib import dashboard
from .amc_request import DONE_STATES

SCOPE_DASHBOARD_DAYS = 30
SCOPE_DASHBOARD_TOP_RULES = 5


class AmcAgreement(models.Model):
    _inherit = "amc.agreement"

    @api.model
    def _get_dashboard_sections(self, today):
        """Adds ``scope``: open requests per scope and the rules overridden most lately."""
        scope = self._get_dashboard_scope(today)
        needs_review = scope["needs_review"]
        overrides_action = dashboard.xml_action(
            "addon_amc.amc_scope_override_action", search_default_filter_last_30_days=1
        )
        cards = [
            dashboard.card(row["key"], row["label"], row["count"], str(row["count"])) for row in scope["open_by_scope"]
        ]
        cards.append(
            dashboard.card(
                "overrides",
                self.env._("Overrides in %s days", scope["days"]),
                scope["override_count"],
                str(scope["override_count"]),
                tone=dashboard.count_tone(scope["override_count"], "info"),
                icon="fa-exchange",
                action=overrides_action,
            )
        )
        section = dashboard.section(
            "scope",
            90,
            self.env._("Scope to review"),
            icon="fa-question-circle",
            width="third",
            badge=dashboard.badge(needs_review, dashboard.count_tone(needs_review, "warning")),
            action=dashboard.xml_action("addon_amc.amc_request_action", search_default_filter_needs_review=1),
            subtitle=self.env._("Open requests by scope"),
            cards=cards,
            columns=[
                dashboard.column("category", self.env._("Most overridden")),
                dashboard.column("count", self.env._("Overrides"), align="end"),
            ],
            rows=[
                dashboard.row(
                    row["rule_id"] or "none",
                    [
                        row["category"] or (self.env._("No category") if row["rule_id"] else self.env._("No rule")),
                        str(row["count"]),
                    ],
                    action=overrides_action,
                )
                for row in scope["top_overridden"]
            ],
        )
        return [*super()._get_dashboard_sections(today), section]

    @api.model
    def _get_dashboard_scope(self, today):
        """TWO grouped queries whatever the amount of data."""
        Request = self.env["amc.request"]
        labels = dict(Request._fields["scope"]._description_selection(self.env))
        open_counts = dict(Request._read_group([("state", "not in", DONE_STATES)], ["scope"], ["__count"]))
        since = datetime.combine(today - timedelta(days=SCOPE_DASHBOARD_DAYS), time.min)
        overrides = self.env["amc.scope.override"]._read_group(
            [("date", ">=", since)], ["rule_id", "category"], ["__count"]
        )
        by_rule = {}
        for rule, category, count in overrides:
            row = by_rule.setdefault(rule.id, {"rule_id": rule.id, "category": category or False, "count": 0})
            row["count"] += count
            row["category"] = row["category"] or category or False
        top = sorted(by_rule.values(), key=lambda row: (-row["count"], row["category"] or "", row["rule_id"] or 0))
        return {
            "days": SCOPE_DASHBOARD_DAYS,
            "needs_review": open_counts.get("needs_review", 0),
            "open_by_scope": [
                {"key": key, "label": label, "count": open_counts.get(key, 0)} for key, label in labels.items()
            ],
            "override_count": sum(row["count"] for row in by_rule.values()),
            "top_overridden": top[:SCOPE_DASHBOARD_TOP_RULES],
        }
