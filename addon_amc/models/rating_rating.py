# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer ratings of support requests.

Odoo's ``rating.rating`` has no company rule, and every internal user may create and write
ratings. For a support request the rating is the customer's word: it is read only within the
request's company (``amc_company_id`` and the global rule ``rating_rating_rule_amc_company``),
and only the customer's own flows, which run as superuser behind the rating token, set it.
A user may answer it (the publisher's comment), nothing more.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError

REQUEST_MODEL = "amc.request"
# what an internal user may still write on a customer's rating: the published answer (portal_rating)
ANSWER_FIELDS = frozenset({"publisher_comment", "publisher_id", "publisher_datetime"})


class RatingRating(models.Model):
    _inherit = "rating.rating"

    # the customer's key to rate (its link): whoever reads it can rate in the customer's name; Odoo's own flows
    # read it as superuser (rating_get_access_token, the rating controller, mail templates)
    access_token = fields.Char(groups="base.group_system")
    amc_company_id = fields.Many2one(
        "res.company",
        string="Support Company",
        compute="_compute_amc_company_id",
        store=True,
        index="btree_not_null",
        help="The company of the rated support request; ratings of other documents leave it empty.",
    )

    @api.depends("res_model", "res_id")
    def _compute_amc_company_id(self):
        request_ids = {rating.res_id for rating in self if rating.res_model == REQUEST_MODEL and rating.res_id}
        companies = {}
        if request_ids:
            requests = self.env[REQUEST_MODEL].sudo().browse(request_ids).exists()
            companies = {request.id: request.company_id for request in requests}
        for rating in self:
            company = companies.get(rating.res_id) if rating.res_model == REQUEST_MODEL else None
            rating.amc_company_id = company or False

    def _amc_refuse(self):
        raise AccessError(
            self.env._("A rating of a support request is the customer's: only the customer's rating link sets it.")
        )

    @api.model
    def _amc_targets_request(self, vals):
        model_id = vals.get("res_model_id")
        return bool(model_id) and model_id == self.env["ir.model"]._get_id(REQUEST_MODEL)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(self._amc_targets_request(vals) for vals in vals_list):
            self._amc_refuse()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            touches_request = any(rating.res_model == REQUEST_MODEL for rating in self) or self._amc_targets_request(
                vals
            )
            if touches_request and set(vals) - ANSWER_FIELDS:
                self._amc_refuse()
        return super().write(vals)

    def unlink(self):
        if not self.env.su and any(rating.res_model == REQUEST_MODEL for rating in self):
            self._amc_refuse()
        return super().unlink()
