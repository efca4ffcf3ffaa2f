# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer portal of the Support app: ``/my/support``.

Open to portal users and to internal users who are contacts of a customer.
Every record is looked up as superuser *with* the user's commercial partner in
the domain (``_portal_customer_domain``), so a record of another customer is a
404 whatever its id; templates show whitelisted fields only.
"""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.http import request

from ..models.amc_request import PRIORITY_SELECTION

REQUESTS_PER_PAGE = 20


class AmcSupportPortal(CustomerPortal):
    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _amc_customer(self):
        user = request.env.user
        if user._is_public():
            return request.env["res.partner"]
        return request.env["amc.request"]._portal_customer()

    def _amc_requests(self, customer, offset=0, limit=None):
        Request = request.env["amc.request"].sudo()
        domain = Request._portal_customer_domain(customer)
        records = Request.search(domain, order="create_date desc, id desc", offset=offset, limit=limit)
        return records, Request.search_count(domain)

    def _amc_agreements(self, customer, states=("active", "expired")):
        Agreement = request.env["amc.agreement"].sudo()
        return Agreement.search(
            Agreement._portal_customer_domain(customer) & Domain("state", "in", list(states)),
            order="date_start desc, id desc",
        )

    def _amc_record(self, model, record_id, customer, extra=None):
        """One record of the customer's, as superuser; NotFound for anything else."""
        Model = request.env[model].sudo()
        domain = Model._portal_customer_domain(customer) if hasattr(Model, "_portal_customer_domain") else None
        if domain is None:
            domain = Domain("agreement_id.partner_id.commercial_partner_id", "=", customer.id)
        if extra is not None:
            domain &= extra
        record = Model.search(domain & Domain("id", "=", int(record_id)), limit=1) if customer else Model
        if not record:
            raise NotFound()
        return record

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        # the home page's script fills one placeholder per counter: answer only those asked for
        if "amc_request_count" in counters:
            customer = self._amc_customer()
            Request = request.env["amc.request"].sudo()
            values["amc_request_count"] = (
                Request.search_count(Request._portal_customer_domain(customer)) if customer else 0
            )
        return values

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------
    @http.route(["/my/support", "/my/support/page/<int:page>"], type="http", auth="user", website=True)
    def amc_portal_support(self, page=1, **kw):
        customer = self._amc_customer()
        offset = (max(page, 1) - 1) * REQUESTS_PER_PAGE
        if customer:
            page_requests, total = self._amc_requests(customer, offset=offset, limit=REQUESTS_PER_PAGE)
        else:
            page_requests, total = request.env["amc.request"], 0
        pager = portal_pager(url="/my/support", total=total, page=page, step=REQUESTS_PER_PAGE)
        agreements = self._amc_agreements(customer) if customer else request.env["amc.agreement"]
        Statement = request.env["amc.statement"].sudo()
        statements = (
            Statement.search([("agreement_id", "in", agreements.ids)], order="month desc, agreement_id", limit=24)
            if agreements
            else Statement
        )
        Check = request.env["amc.health.check"].sudo()
        checks = (
            Check.search([("agreement_id", "in", agreements.ids), ("state", "=", "done")], order="date desc", limit=12)
            if agreements
            else Check
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "amc_support",
                "customer": customer,
                "agreements": agreements,
                "amc_requests": page_requests,
                "amc_request_total": total,
                "pager": pager,
                "statements": statements,
                "health_checks": checks,
                "state_labels": dict(request.env["amc.request"]._fields["state"]._description_selection(request.env)),
                "scope_labels": dict(request.env["amc.request"]._fields["scope"]._description_selection(request.env)),
                "coverage_labels": dict(
                    request.env["amc.request"]._fields["coverage"]._description_selection(request.env)
                ),
            }
        )
        return request.render("addon_amc.portal_my_support", values)

    @http.route("/my/support/requests/<int:request_id>", type="http", auth="user", website=True)
    def amc_portal_request(self, request_id, **kw):
        customer = self._amc_customer()
        record = self._amc_record("amc.request", request_id, customer)
        record._portal_ensure_token()
        values = self._prepare_portal_layout_values()
        values = self._get_page_view_values(record, record.access_token, values, "my_amc_requests_history", False, **kw)
        values.update(
            {
                "page_name": "amc_request",
                "amc_request": record,
                "token": record.access_token,
                "rating_token": record._portal_pending_rating_token(),
                "state_labels": dict(record._fields["state"]._description_selection(request.env)),
                "scope_labels": dict(record._fields["scope"]._description_selection(request.env)),
                "coverage_labels": dict(record._fields["coverage"]._description_selection(request.env)),
                "priority_labels": dict(record._fields["priority"]._description_selection(request.env)),
                "created": kw.get("created"),
            }
        )
        return request.render("addon_amc.portal_my_support_request", values)

    def _amc_form_values(self, customer, form=None, error=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "amc_request_new",
                "agreements": self._amc_agreements(customer, states=("active",)) if customer else [],
                "priorities": [
                    (key, label)
                    for key, label in request.env["amc.request"]._fields["priority"]._description_selection(request.env)
                ],
                "form": form or {"priority": PRIORITY_SELECTION[0][0]},
                "error": error,
            }
        )
        return values

    @http.route("/my/support/requests/new", type="http", auth="user", website=True, methods=["GET"])
    def amc_portal_request_form(self, **kw):
        customer = self._amc_customer()
        return request.render("addon_amc.portal_my_support_request_new", self._amc_form_values(customer))

    @http.route("/my/support/requests/new", type="http", auth="user", website=True, methods=["POST"])
    def amc_portal_request_submit(self, **post):
        customer = self._amc_customer()
        files = [
            (upload.filename, upload.read(), upload.mimetype)
            for upload in request.httprequest.files.getlist("attachments")
            if upload and upload.filename
        ]
        form = {key: post.get(key, "") for key in ("agreement_id", "name", "description", "priority")}
        try:
            if not customer:
                raise ValidationError(request.env._("Your user is not a contact of a customer."))
            new_request = request.env["amc.request"]._portal_create_request(
                form["agreement_id"], form["name"], form["description"], form["priority"], files
            )
        except (ValidationError, AccessError) as error:
            # nothing was written: the request is created only once every input is valid
            return request.render(
                "addon_amc.portal_my_support_request_new",
                self._amc_form_values(customer, form=form, error=str(error.args[0]) if error.args else str(error)),
            )
        return request.redirect(f"/my/support/requests/{new_request.id}?created=1")

    # ------------------------------------------------------------------
    # PDF downloads
    # ------------------------------------------------------------------
    @http.route("/my/support/statements/<int:statement_id>/pdf", type="http", auth="user", website=True)
    def amc_portal_statement_pdf(self, statement_id, download=False, **kw):
        statement = self._amc_record("amc.statement", statement_id, self._amc_customer())
        return self._show_report(statement, "pdf", "addon_amc.amc_statement_report_action", download=download)

    @http.route("/my/support/health/<int:check_id>/pdf", type="http", auth="user", website=True)
    def amc_portal_health_pdf(self, check_id, download=False, **kw):
        check = self._amc_record("amc.health.check", check_id, self._amc_customer(), extra=Domain("state", "=", "done"))
        return self._show_report(check, "pdf", "addon_amc.amc_health_check_report_action", download=download)
