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
        met = sum(counts[f"{kind}_met"] for kind in sla.KINDS)
        breached = sum(counts[f"{kind}_breached"] for kind in sla.KINDS)
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

        ONE query over the SLA clocks (``amc.request.sla``) the user may read, whatever
        their number. An SLA is measured when its outcome is known (as in
        ``amc.sla.report``): a met one when it was done, a breached one at its deadline.
        Returns ``{kind}_met`` and ``{kind}_breached`` per kind, ``at_risk`` and
        ``open_breached`` (requests).
        """
        Clock = self.env["amc.request.sla"]
        since = now - timedelta(days=SLA_DASHBOARD_DAYS)

        def within(field):
            return Domain(field, ">", since) & Domain(field, "<=", now)

        # open requests of running agreements: a cancelled or ended agreement owes no SLA any more
        is_open = Domain("request_id.state", "not in", DONE_STATES) & Domain(
            "request_id.agreement_id.state", "=", "active"
        )
        clock_metrics = {}
        for kind in sla.KINDS:
            of_kind = Domain("kind", "=", kind)
            clock_metrics[f"{kind}_met"] = of_kind & Domain("status", "=", "met") & within("done_date")
            clock_metrics[f"{kind}_breached"] = (
                of_kind & Domain("status", "in", ("breached", "ongoing")) & within("deadline")
            )
        request_metrics = {
            "at_risk": is_open
            & Domain("status", "=", "ongoing")
            & Domain("warning_date", "<=", now)
            & Domain("deadline", ">", now),
            # the cron may lag by a few minutes: an ongoing SLA past its deadline counts as breached
            "open_breached": is_open
            & (Domain("status", "=", "breached") | (Domain("status", "=", "ongoing") & Domain("deadline", "<=", now))),
        }
        # only the clocks that can count: those of open requests, and those done or due within the
        # window; the history of closed requests is not read (indexes on request_id, done_date, deadline)
        query = Clock._search(is_open | within("done_date") | within("deadline"))

        def condition(domain):
            return domain.optimize_full(Clock)._to_sql(Clock, Clock._table, query)

        request_id = SQL.identifier(Clock._table, "request_id")
        selects = [SQL("COUNT(*) FILTER (WHERE %s)", condition(domain)) for domain in clock_metrics.values()]
        selects += [
            SQL("COUNT(DISTINCT %s) FILTER (WHERE %s)", request_id, condition(domain))
            for domain in request_metrics.values()
        ]
        row = self.env.execute_query(query.select(*selects))[0]
        return dict(zip([*clock_metrics, *request_metrics], row, strict=True))
