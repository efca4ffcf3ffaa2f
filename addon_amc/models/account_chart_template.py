# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError

from .amc_statement_invoicing import PRODUCTS


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """The support service products take the company's usual sales taxes.

        Odoo only adds a new company's default taxes to products that already
        have taxes elsewhere; the module's products are often created before
        any chart of accounts exists, so they are given them here.
        """
        result = super()._post_load_data(template_code, company, template_data)
        company = company or self.env.company
        if company.account_sale_tax_id:
            Statement = self.env["amc.statement"]
            templates = self.env["product.template"].sudo()
            for key in PRODUCTS:
                try:
                    templates |= Statement._get_product(key).product_tmpl_id
                except UserError:  # no product for this key: nothing to tax
                    continue
            templates.filtered(
                lambda product: not product.taxes_id.filtered_domain(product.taxes_id._check_company_domain(company))
            )._force_default_sale_tax(company)
        return result
