# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..lib import dashboard, ratios, sla
from .amc_request import DONE_STATES

SLA_DASHBOARD_DAYS = 30


class AmcAgreement(models.Model):
    _inherit = "amc.agreement"

    sla_policy_id = fields.Many2one(
        "amc.sla.policy",
        string="SLA Policy",
        tracking=True,
        check_company=True,
        ondelete="restrict",
        domain="[('company_id', 'in', [company_id, False])]",
        help="Response and resolution targets of the requests. Empty: the company's default policy (Settings).",
    )

    def _get_sla_policy(self):
        """The policy that applies: the agreement's own, else its company's default, else the seeded one.

        Companies created after the installation have no default of their own.
        """
        self.ensure_one()
        policy = self.sla_policy_id or self.company_id.amc_sla_policy_id
        if not policy:
            seeded = self.env.ref("addon_amc.amc_sla_policy_default", raise_if_not_found=False)
            if seeded and seeded.active and seeded.company_id in (self.company_id, seeded.company_id.browse()):
                policy = seeded
        return policy

    def write(self, vals):
        result = super().write(vals)
        if {"sla_policy_id", "calendar_id", "company_id"} & vals.keys():
            requests = (
                self.env["amc.request"]
                .sudo()
                .search(
                    [
                        ("agreement_id", "in", self.ids),
                        ("state", "not in", DONE_STATES),
                    ]
                )
            )
            requests._sla_queue_replan(reset_flags=True)
        return result

    @api.model
    def _get_dashboard_sections(self, today):
        """Adds ``sla``: compliance of the last 30 days and the open SLAs at risk or breached.

        ONE query whatever the amount of data: conditional counts over the
        requests the user may read.
        """
        counts = self._sla_dashboard_counts(fields.Datetime.now())
        met = counts["response_met"] + counts["resolution_met"]
        breached = counts["response_breached"] + counts["resolution_breached"]
        percent = ratios.compliance_percent(met, met + breached)
        breached_action = dashboard.xml_action("addon_amc.amc_request_action", search_default_filter_sla_breached=1)
        tone = dashboard.compliance_tone(percent)
        cards = [
            dashboard.card(
                "compliance",
                self.env._("Compliance"),
                percent,
                dashboard.percent_label(percent),
                tone=tone,
                hint=self.env._("%(met)s met / %(breached)s breached", met=met, breached=breached),
            ),
            dashboard.card(
                "at_risk",
                self.env._("At risk"),
                counts["at_risk"],
                str(counts["at_risk"]),
                tone=dashboard.count_tone(counts["at_risk"], "warning"),
            ),
            dashboard.card(
                "open_breached",
                self.env._("Breached, still open"),
                counts["open_breached"],
                str(counts["open_breached"]),
                tone=dashboard.count_tone(counts["open_breached"], "danger"),
                action=breached_action,
            ),
        ]
        section = dashboard.section(
            "sla",
            80,
            self.env._("SLA compliance"),
            icon="fa-tachometer",
            width="third",
            subtitle=self.env._("Last %s days", SLA_DASHBOARD_DAYS),
            action=breached_action,
            cards=cards,
        )
        return [*super()._get_dashboard_sections(today), section]

    @api.model
    def _sla_dashboard_counts(self, now):
        """Counts of SLAs met and breached in the last days, and of open requests at risk or breached.

        An SLA is measured when its outcome is known (as in ``amc.sla.report``):
        a met one at its response or resolution, a breached one at its deadline.
        """
        Request = self.env["amc.request"]
        since = now - timedelta(days=SLA_DASHBOARD_DAYS)

        def within(field):
            return Domain(field, ">", since) & Domain(field, "<=", now)

        is_open = Domain("state", "not in", DONE_STATES)
        metrics = {
            "response_met": Domain("sla_response_status", "=", "met")
            & (within("first_response_date") | (Domain("first_response_date", "=", False) & within("resolved_date"))),
            "resolution_met": Domain("sla_resolution_status", "=", "met") & within("resolved_date"),
            # the cron may lag by a few minutes: an ongoing SLA past its deadline counts as breached
            "at_risk": is_open
            & Domain.OR(
                Domain(f"sla_{kind}_status", "=", "ongoing")
                & Domain(f"sla_{kind}_warning_date", "<=", now)
                & Domain(f"sla_{kind}_deadline", ">", now)
                for kind in sla.KINDS
            ),
            "open_breached": is_open
            & Domain.OR(
                Domain(f"sla_{kind}_status", "=", "breached")
                | (Domain(f"sla_{kind}_status", "=", "ongoing") & Domain(f"sla_{kind}_deadline", "<=", now))
                for kind in sla.KINDS
            ),
        }
        for kind in sla.KINDS:
            metrics[f"{kind}_breached"] = Domain(f"sla_{kind}_status", "in", ("breached", "ongoing")) & within(
                f"sla_{kind}_deadline"
            )
        query = Request._search([])
        selects = [
            SQL("COUNT(*) FILTER (WHERE %s)", domain.optimize_full(Request)._to_sql(Request, Request._table, query))
            for domain in metrics.values()
        ]
        row = self.env.execute_query(query.select(*selects))[0]
        return dict(zip(metrics, row, strict=True))
