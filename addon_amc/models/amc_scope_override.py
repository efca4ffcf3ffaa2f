# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .amc_request import SCOPE_SELECTION


class AmcScopeOverride(models.Model):
    """One manual change of a request's scope: the audit trail that tunes the rules.

    Written by the server only (``amc.request.action_override_scope`` and
    direct writes of ``scope``); nobody edits it afterwards.
    """

    _name = "amc.scope.override"
    _inherit = ["amc.guard.mixin"]
    _description = "Scope Override"
    _order = "date desc, id desc"
    _rec_name = "request_id"

    request_id = fields.Many2one("amc.request", required=True, index=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    agreement_id = fields.Many2one(related="request_id.agreement_id", store=True, index=True)
    customer_id = fields.Many2one(related="request_id.customer_id", store=True)
    rule_id = fields.Many2one(
        "amc.scope.rule",
        string="Overridden Rule",
        index=True,
        ondelete="set null",
        readonly=True,
        help="The rule that had classified the request automatically (empty: no rule matched).",
    )
    category = fields.Char(readonly=True)
    auto_scope = fields.Selection(
        SCOPE_SELECTION,
        string="Automatic Scope",
        readonly=True,
        help="What the rules and the company's learned model said for the request's text.",
    )
    from_scope = fields.Selection(SCOPE_SELECTION, required=True, readonly=True)
    to_scope = fields.Selection(SCOPE_SELECTION, required=True, readonly=True)
    reason = fields.Text(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="By", required=True, readonly=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
