# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

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
        self.env["amc.statement"]._sync_agreements(agreements)
        return agreements

    def write(self, vals):
        result = super().write(vals)
        if STATEMENT_FIELDS & vals.keys():
            self.env["amc.statement"]._sync_agreements(self)
        return result

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
