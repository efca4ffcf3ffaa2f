# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Request numbers: a reference such as ``SR-00042`` from an ``ir.sequence`` per company.

The reference is set by the server when a request is created (and by the
19.0.1.4.0 migration for requests created before); nobody writes it over RPC.
"""

from odoo import api, fields, models

SEQUENCE_CODE = "amc.request"


class AmcRequest(models.Model):
    _inherit = "amc.request"
    _rec_names_search = ["reference", "name"]

    reference = fields.Char(
        readonly=True,
        copy=False,
        index="trigram",
        help="The request's number, given by the company's sequence when the request is created.",
    )

    _reference_unique = models.Constraint(
        "UNIQUE(company_id, reference)",
        "Two requests of a company cannot share a reference.",
    )

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for request in self:
            request.display_name = (
                f"{request.reference} {request.name or ''}".strip() if request.reference else request.name
            )

    @api.model
    def _reference_sequence(self, company):
        """The company's request sequence, created the first time a company needs one."""
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search([("code", "=", SEQUENCE_CODE), ("company_id", "=", company.id)], limit=1)
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._("Support Requests (%(company)s)", company=company.name),
                    "code": SEQUENCE_CODE,
                    "company_id": company.id,
                    "prefix": "SR-",
                    "padding": 5,
                    "implementation": "no_gap",
                }
            )
        return sequence

    @api.model
    def _next_reference(self, company):
        return self._reference_sequence(company).next_by_id()

    @api.model_create_multi
    def create(self, vals_list):
        # the caller's values are checked (amc.guard.mixin: the reference is read-only), then numbered
        self = self._amc_vet(vals_list)
        default_agreement = self.env.context.get("default_agreement_id")
        agreements = (
            self.env["amc.agreement"]
            .sudo()
            .browse({vals.get("agreement_id") or default_agreement for vals in vals_list} - {None, False})
        )
        company_of = {agreement.id: agreement.company_id for agreement in agreements}
        Company = self.env["res.company"].sudo()
        sequences = {}  # one sequence lookup per company and batch
        for vals in vals_list:
            agreement_id = vals.get("agreement_id") or default_agreement
            company = company_of.get(agreement_id) or Company.browse(
                vals.get("company_id") or self.env.context.get("default_company_id") or self.env.company.id
            )
            if company not in sequences:
                sequences[company] = self._reference_sequence(company)
            vals["reference"] = sequences[company].next_by_id()
        return super().create(vals_list)

    def _assign_missing_references(self):
        """Give the requests without a reference the next numbers of their company (oldest first)."""
        for request in self.sudo().filtered(lambda r: not r.reference).sorted("id"):
            company = request.company_id or self.env.company
            # a plain SQL-free ORM write as superuser: the field is protected for users
            request.with_context(amc_sla_internal=True).write({"reference": self._next_reference(company)})
