# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

SERVICE_DOMAIN = "[('type', '=', 'service')]"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    amc_product_maintenance_id = fields.Many2one(
        "product.product",
        string="Maintenance Fee",
        config_parameter="addon_amc.product_maintenance",
        domain=SERVICE_DOMAIN,
    )
    amc_product_first_line_id = fields.Many2one(
        "product.product",
        string="First-line Support per User",
        config_parameter="addon_amc.product_first_line",
        domain=SERVICE_DOMAIN,
    )
    amc_product_hour_id = fields.Many2one(
        "product.product",
        string="On-demand Support Hour",
        config_parameter="addon_amc.product_hour",
        domain=SERVICE_DOMAIN,
    )
    amc_product_pack_25_id = fields.Many2one(
        "product.product", string="25 h Pack", config_parameter="addon_amc.product_pack_25", domain=SERVICE_DOMAIN
    )
    amc_product_pack_50_id = fields.Many2one(
        "product.product", string="50 h Pack", config_parameter="addon_amc.product_pack_50", domain=SERVICE_DOMAIN
    )
    amc_product_pack_100_id = fields.Many2one(
        "product.product", string="100 h Pack", config_parameter="addon_amc.product_pack_100", domain=SERVICE_DOMAIN
    )
    amc_product_pack_other_id = fields.Many2one(
        "product.product", string="Other Packs", config_parameter="addon_amc.product_pack_other", domain=SERVICE_DOMAIN
    )
    amc_invoice_day = fields.Integer(
        string="Monthly Invoicing Day",
        config_parameter="addon_amc.invoice_day",
        help="Day of the month (1-28) on which draft invoices are created for the previous month; 0 = never.",
    )
    amc_packs_paid_only = fields.Boolean(
        string="Prepaid packs usable only once paid",
        config_parameter="addon_amc.packs_paid_only",
        help="The allocation skips a pack until its invoice is paid.",
    )

    @api.constrains("amc_invoice_day")
    def _check_amc_invoice_day(self):
        for settings in self:
            if not 0 <= settings.amc_invoice_day <= 28:
                raise ValidationError(self.env._("The invoicing day is a day from 1 to 28, or 0 for never."))

    def set_values(self):
        paid_only_before = bool(self.env["ir.config_parameter"].sudo().get_param("addon_amc.packs_paid_only"))
        result = super().set_values()
        if paid_only_before != bool(self.amc_packs_paid_only):
            # the packs the allocation may use changed: allocate every agreement with packs again
            self.env["amc.agreement"].sudo().search([("pack_ids", "!=", False)])._recompute_allocations()
        return result
