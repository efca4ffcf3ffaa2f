# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from ..lib import billing, dashboard

DASHBOARD_TO_INVOICE_LIMIT = 5

# agreement fields that change the fixed fees or the months of its statements
STATEMENT_FIELDS = {
    "state",
    "date_start",
    "date_end",
    "has_maintenance",
    "maintenance_fee",
    "has_first_line",
    "first_line_price_per_user",
    "support_contact_ids",
    "first_line_user_source",
    "currency_id",
}


class AmcAgreement(models.Model):
    _inherit = "amc.agreement"

    journal_id = fields.Many2one(
        "account.journal",
        string="Invoicing Journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
        help="Sales journal of the monthly and pack invoices; the company's first sales journal when empty.",
    )
    statement_ids = fields.One2many("amc.statement", "agreement_id", string="Statements")
    unpaid_pack_note = fields.Char(compute="_compute_unpaid_pack_note")

    @api.depends("pack_ids.invoice_payment_state")
    @api.depends_context("uid")
    def _compute_unpaid_pack_note(self):
        paid_only = self.env["amc.hour.pack"]._packs_paid_only()
        for agreement in self:
            unpaid = agreement.pack_ids.filtered(lambda pack: not pack._is_usable_paid()) if paid_only else []
            agreement.unpaid_pack_note = (
                self.env._(
                    "%(count)s prepaid pack(s) are not used yet: %(names)s. Packs are used only once their invoice "
                    "is paid (Settings → Support → Prepaid packs usable only once paid).",
                    count=len(unpaid),
                    names=", ".join(unpaid.mapped("name")),
                )
                if unpaid
                else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        agreements = super().create(vals_list)
        self.env["amc.statement"]._sync_agreements(agreements.filtered(lambda agreement: agreement.state != "draft"))
        return agreements

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        invoiced = (
            self.env["amc.statement"]
            .sudo()
            .search([("agreement_id", "in", self.ids), ("invoice_id", "!=", False)], limit=1)
        )
        if invoiced:
            raise UserError(
                self.env._(
                    "%(agreement)s has invoiced months: cancel it instead of deleting it.",
                    agreement=invoiced.agreement_id.display_name,
                )
            )

    def write(self, vals):
        self._check_invoiced_money_fields(vals)
        result = super().write(vals)
        if STATEMENT_FIELDS & vals.keys():
            self.env["amc.statement"]._sync_agreements(self)
        return result

    def _check_invoiced_money_fields(self, vals):
        """The currency and the company of invoiced months are those of their invoices: an agreement with an
        invoiced month keeps them (a statement would read its invoiced amounts in another currency, and its
        adjustments would subtract one currency from another)."""
        changing = [
            fname
            for fname in ("currency_id", "company_id")
            if fname in vals and any(agreement[fname].id != vals[fname] for agreement in self)
        ]
        if not changing:
            return
        invoiced = (
            self.env["amc.statement"]
            .sudo()
            .search(
                [("agreement_id", "in", self.ids), ("invoice_id", "!=", False), ("invoice_state", "!=", "cancel")],
                limit=1,
            )
        )
        if invoiced:
            raise UserError(
                self.env._(
                    "%(agreement)s has invoiced months (%(invoice)s): its currency and company stay those of its "
                    "invoices. Start a new agreement for the new terms.",
                    agreement=invoiced.agreement_id.display_name,
                    invoice=invoiced.invoice_id.display_name,
                )
            )

    def _get_invoice_journal(self):
        self.ensure_one()
        return self.journal_id or self.env["account.journal"].sudo().search(
            [*self.env["account.journal"]._check_company_domain(self.company_id), ("type", "=", "sale")], limit=1
        )

    def action_view_statements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("addon_amc.amc_statement_action")
        action["domain"] = [("agreement_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # Dashboard
    # ------------------------------------------------------------------
    @api.model
    def _get_dashboard_sections(self, today):
        """Adds ``to_invoice``: closed months not invoiced yet, and the agreements owing the most."""
        data = self._get_dashboard_to_invoice(today)
        action = "addon_amc.amc_statement_action"
        count = data["statement_count"]
        section = dashboard.section(
            "to_invoice",
            70,
            self.env._("To invoice"),
            icon="fa-file-text-o",
            width="half",
            badge=dashboard.badge(count, "warning" if count else "success"),
            action=dashboard.xml_action(action, search_default_filter_to_invoice=1),
            subtitle=self.env._(
                "%(count)s statements of %(agreements)s agreements", count=count, agreements=data["agreement_count"]
            ),
            cards=[
                dashboard.card(f"currency_{row['currency_id']}", self.env._("Total"), row["amount"], row["formatted"])
                for row in data["amounts"]
            ],
            columns=[
                dashboard.column("agreement", self.env._("Agreement")),
                dashboard.column("months", self.env._("Months"), align="end"),
                dashboard.column("amount", self.env._("Amount"), align="end"),
            ],
            rows=[
                dashboard.row(
                    row["id"],
                    [
                        row["name"],
                        self.env._("1 month") if row["months"] == 1 else self.env._("%s months", row["months"]),
                        row["formatted"],
                    ],
                    action=dashboard.xml_action(
                        action, search_default_filter_to_invoice=1, search_default_agreement_id=row["id"]
                    ),
                )
                for row in data["agreements"]
            ],
            empty=not data["amounts"] and self.env._("Every closed month is invoiced."),
        )
        return [*super()._get_dashboard_sections(today), section]

    @api.model
    def _get_dashboard_to_invoice(self, today):
        """Closed months not invoiced yet: one grouped query, whatever the number of statements."""
        domain = self.env["amc.statement"]._to_invoice_domain(today)
        rows = self.env["amc.statement"]._read_group(
            domain, ["currency_id"], ["total_amount:sum", "__count", "agreement_id:count_distinct"]
        )
        top = self.env["amc.statement"]._read_group(
            domain,
            ["agreement_id", "currency_id"],
            ["total_amount:sum", "__count"],
            order="total_amount:sum desc, agreement_id",
            limit=DASHBOARD_TO_INVOICE_LIMIT,
        )
        return {
            "agreements": [
                {
                    "id": agreement.id,
                    "name": agreement.display_name,
                    "amount": amount,
                    "formatted": format_amount(self.env, amount, currency),
                    "months": count,
                }
                for agreement, currency, amount, count in top
            ],
            "amounts": [
                {"currency_id": currency.id, "amount": amount, "formatted": format_amount(self.env, amount, currency)}
                for currency, amount, _count, _agreements in rows
            ],
            "statement_count": sum(count for _currency, _amount, count, _agreements in rows),
            "agreement_count": sum(agreements for _currency, _amount, _count, agreements in rows),
            "month": fields.Date.to_string(billing.period_bounds(today, "month")[0]),
        }
