# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's side of requests: portal access, requests submitted on the portal, ratings.

Customer contacts (portal users, and internal users who are contacts of a
customer) reach their records through ``/my/support`` (controllers/portal.py).
Every lookup made on their behalf goes through :meth:`_portal_customer_domain`:
the records of the user's own commercial partner, nothing else.
"""

import json
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import plaintext2html

from ..lib import dashboard
from .amc_request import DONE_STATES, PRIORITY_SELECTION

PORTAL_MAX_SUBJECT = 200
PORTAL_MAX_DESCRIPTION = 20_000
PORTAL_MAX_ATTACHMENTS = 5
PORTAL_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
SATISFACTION_DAYS = 30


class AmcRequest(models.Model):
    _name = "amc.request"
    _inherit = ["rating.mixin", "portal.mixin", "amc.request"]

    # why an agent overrode the scope is the team's business: the portal only says that it did
    scope_override_reason = fields.Text(groups="addon_amc.group_amc_user")

    def _amc_refuse_chatter_rating(self):
        raise AccessError(
            self.env._("A support request is rated through the rating link its key user gets once it is resolved.")
        )

    def message_post(self, **kwargs):
        # a request is rated once, by its key user, through the rating link (rating_apply, which posts with
        # rating_id): a rating_value in the chatter would add a rating per message, from anyone who may post
        if kwargs.get("rating_value"):
            self._amc_refuse_chatter_rating()
        return super().message_post(**kwargs)

    def _get_allowed_message_params(self):
        return super()._get_allowed_message_params() - {"rating_value"}

    def _message_update_content(self, message, /, *, body, rating_value=None, **kwargs):
        if rating_value is not None:
            self._amc_refuse_chatter_rating()
        return super()._message_update_content(message, body=body, **kwargs)

    def rating_apply(self, rate, token=None, rating=None, feedback=None, subtype_xmlid=None, notify_delay_send=False):
        # the rating is of the work done: a request reopened since the rating link was sent is rated once it is
        # resolved again
        if any(request.state not in DONE_STATES for request in self):
            raise UserError(
                self.env._("This request was reopened: you can rate it once our support team has resolved it again.")
            )
        return super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )

    def _compute_access_url(self):
        # portal.mixin's own value ("#") is replaced for every record: no super() needed
        for request in self:
            request.access_url = f"/my/support/requests/{request.id}"

    # ------------------------------------------------------------------
    # Who is the customer
    # ------------------------------------------------------------------
    @api.model
    def _portal_customer(self, user=None):
        """The commercial partner the user speaks for on the portal (empty for support agents' own company).

        A portal user speaks for their contact's company: only the support team sets who a portal user's
        contact is. An internal user may change their own contact (with Odoo's *Contact Creation*, which most
        internal users have), so one speaks for a customer only as a registered user of one of its agreements,
        which only a support manager sets; else for nobody."""
        user = user or self.env.user
        customer = user.partner_id.commercial_partner_id
        if user.share or not customer:
            return customer
        registered = (
            self.env["amc.agreement"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [("partner_id", "child_of", customer.id), ("support_contact_ids", "in", user.partner_id.ids)], limit=1
            )
        )
        return customer if registered else customer.browse()

    @api.model
    def _portal_customer_domain(self, customer):
        """Requests of ``customer``: on its agreements, or to triage with one of its contacts as key user."""
        return Domain("customer_id.commercial_partner_id", "=", customer.id) | (
            Domain("agreement_id", "=", False) & Domain("partner_id.commercial_partner_id", "=", customer.id)
        )

    def _portal_sla_kinds(self):
        """The kinds of the request's SLA clocks that show a badge, as in the back office (``shows_badge``; read
        as superuser: portal users see the badges only)."""
        self.ensure_one()
        return self.sudo().sla_ids.filtered("shows_badge").mapped("kind")

    def _portal_sla_badge_props(self, kind):
        """Props of the portal's SLA countdown badge (the back office's component), as JSON."""
        self.ensure_one()
        request = self.sudo()
        clock = request._sla_clock(kind)
        return json.dumps(
            {
                "deadline": fields.Datetime.to_string(clock.deadline) if clock.deadline else False,
                "calendarId": request.sla_calendar_id.id or False,
                "warning": fields.Datetime.to_string(clock.warning_date) if clock.warning_date else False,
                "replanning": bool(request.sla_replan_pending),
                "clock": clock.clock or False,
                "status": clock.status or False,
                "done": bool(clock.done_date),
                "label": clock._kind_label(),
            }
        )

    # ------------------------------------------------------------------
    # Requests submitted on the portal
    # ------------------------------------------------------------------
    @api.model
    def _portal_create_request(self, agreement_id, name, description, priority, files=()):
        """Create a request for the current user's customer, from the portal form.

        Everything is checked before anything is written: a bad input raises
        ValidationError (shown on the form) and creates nothing.

        :param files: ``(filename, bytes, mimetype)`` triples
        """
        customer = self._portal_customer()
        errors = []
        agreement = self.env["amc.agreement"]
        try:
            agreement_id = int(agreement_id or 0)
        except (TypeError, ValueError):
            agreement_id = 0
        if agreement_id:
            agreement = (
                self.env["amc.agreement"]
                .sudo()
                .search(
                    self.env["amc.agreement"]._portal_customer_domain(customer)
                    & Domain("state", "=", "active")
                    & Domain("id", "=", agreement_id),
                    limit=1,
                )
            )
        if not agreement:
            errors.append(self.env._("Choose one of your active agreements."))
        name = (name or "").strip()
        if not name:
            errors.append(self.env._("Give the request a subject."))
        elif len(name) > PORTAL_MAX_SUBJECT:
            errors.append(self.env._("The subject is limited to %(max)s characters.", max=PORTAL_MAX_SUBJECT))
        description = (description or "").strip()
        if len(description) > PORTAL_MAX_DESCRIPTION:
            errors.append(self.env._("The description is limited to %(max)s characters.", max=PORTAL_MAX_DESCRIPTION))
        if priority not in dict(PRIORITY_SELECTION):
            errors.append(self.env._("Choose a priority from the list."))
        files = [file for file in files if file[0]]
        if len(files) > PORTAL_MAX_ATTACHMENTS:
            errors.append(self.env._("Attach at most %(max)s files.", max=PORTAL_MAX_ATTACHMENTS))
        for filename, data, _mimetype in files:
            if len(data) > PORTAL_MAX_ATTACHMENT_BYTES:
                errors.append(
                    self.env._(
                        "%(file)s is larger than %(max)s MB.",
                        file=filename,
                        max=PORTAL_MAX_ATTACHMENT_BYTES // (1024 * 1024),
                    )
                )
        if errors:
            raise ValidationError("\n".join(errors))
        partner = self.env.user.partner_id
        request = (
            self.sudo()
            .with_company(agreement.company_id)
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "name": name,
                    "description": plaintext2html(description) if description else False,
                    "priority": priority,
                    "agreement_id": agreement.id,
                    "partner_id": partner.id,
                    "user_id": False,
                }
            )
        )
        request.message_subscribe(partner_ids=partner.ids)
        if files:
            request.message_post(
                body=Markup("<p>%s</p>") % self.env._("Attachments sent with the request."),
                attachments=[(filename, data) for filename, data, _mimetype in files],
                author_id=partner.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        request._send_acknowledgement()
        return request.sudo(False)

    # ------------------------------------------------------------------
    # Working intervals for the portal's countdown badges
    # ------------------------------------------------------------------
    @api.model
    def get_sla_work_intervals(self, calendar_ids, start, end):
        """Customer contacts may read the working hours of their own agreements' calendars."""
        if self.env.su or self.env.user.has_group("addon_amc.group_amc_user"):
            return super().get_sla_work_intervals(calendar_ids, start, end)
        customer = self._portal_customer()
        agreements = (
            self.env["amc.agreement"].sudo().search(self.env["amc.agreement"]._portal_customer_domain(customer))
        )
        if not agreements:
            # not a customer contact: the ordinary access rules decide (an employee is refused)
            return super().get_sla_work_intervals(calendar_ids, start, end)
        allowed = agreements.calendar_id
        if isinstance(calendar_ids, (list, tuple)):
            calendar_ids = [cid for cid in calendar_ids if cid in allowed.ids]
        return super(AmcRequest, self.sudo()).get_sla_work_intervals(calendar_ids, start, end)

    # ------------------------------------------------------------------
    # Ratings
    # ------------------------------------------------------------------
    def write(self, vals):
        before = {request.id: request.state for request in self} if vals.get("state") == "resolved" else None
        result = super().write(vals)
        if before is not None:
            self.filtered(lambda r: before.get(r.id) != "resolved")._send_rating_request()
        return result

    def _send_rating_request(self):
        """One rating request per request, to its key user, by email and on the portal."""
        template = self.env.ref("addon_amc.mail_template_amc_request_rating", raise_if_not_found=False)
        if not template:
            return
        for request in self.sudo():
            if not request.partner_id or request.rating_ids:
                continue
            request.rating_send_request(template, lang=request.partner_id.lang, force_send=False)

    def _portal_pending_rating_token(self):
        """The access token of the key user's rating still to give, if any (for the portal)."""
        self.ensure_one()
        if self.state not in DONE_STATES:
            return False
        rating = self.sudo().rating_ids.filtered(lambda r: not r.consumed and r.partner_id == self.partner_id)[:1]
        return rating.access_token if rating else False

    def _rating_apply_get_default_subtype_id(self):
        return self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")

    @api.model
    def _satisfaction_counts(self, now):
        """Ratings given on the requests the user may read over the last days: ``(happy, total)``. One query."""
        Request = self.env["amc.request"]
        since = now - timedelta(days=SATISFACTION_DAYS)
        rows = (
            self.env["rating.rating"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "amc.request"),
                    ("res_id", "in", Request._search([])),
                    ("consumed", "=", True),
                    ("rating", ">", 0),
                    ("rated_on", ">", since),
                ],
                ["rating_text"],
                ["__count"],
            )
        )
        counts = dict(rows)
        return counts.get("top", 0), sum(counts.values())


class AmcAgreement(models.Model):
    _inherit = "amc.agreement"

    # internal notes of the support team: never readable by customers (portal users read their agreements)
    notes = fields.Html(groups="addon_amc.group_amc_user")

    @api.model
    def _portal_customer_domain(self, customer):
        return Domain("partner_id.commercial_partner_id", "=", customer.id)

    def get_burndown_data(self):
        """The portal draws the same chart: customer contacts read their own agreements' burn-down."""
        self.ensure_one()
        if self.env.su or self.env.user.has_group("addon_amc.group_amc_user"):
            return super().get_burndown_data()
        customer = self.env["amc.request"]._portal_customer()
        if not customer or not self.sudo().filtered_domain(self._portal_customer_domain(customer)):
            raise AccessError(self.env._("This agreement is not one of yours."))
        return super(AmcAgreement, self.sudo()).get_burndown_data()

    @api.model
    def _get_dashboard_sections(self, today):
        """Adds ``satisfaction``: the share of happy ratings over the last 30 days (one query)."""
        happy, total = self.env["amc.request"]._satisfaction_counts(fields.Datetime.now())
        percent = round(100.0 * happy / total, 1) if total else None
        section = dashboard.section(
            "satisfaction",
            75,
            self.env._("Customer satisfaction"),
            icon="fa-smile-o",
            width="half",
            subtitle=self.env._("Last %s days", SATISFACTION_DAYS),
            cards=[
                dashboard.card(
                    "satisfied",
                    self.env._("Satisfied"),
                    percent,
                    dashboard.percent_label(percent),
                    tone=dashboard.compliance_tone(percent),
                    hint=self.env._("%(happy)s satisfied of %(count)s ratings", happy=happy, count=total)
                    if total
                    else self.env._("No rating yet"),
                )
            ],
        )
        return [*super()._get_dashboard_sections(today), section]


class AmcStatement(models.Model):
    _inherit = "amc.statement"

    def _get_report_base_filename(self):
        """File name of the statement PDF downloaded from the portal."""
        self.ensure_one()
        return self.env._("Statement %(agreement)s %(month)s", agreement=self.agreement_id.name, month=self.period)


class AmcHealthCheck(models.Model):
    _inherit = "amc.health.check"

    def _get_report_base_filename(self):
        """File name of the health check PDF downloaded from the portal."""
        self.ensure_one()
        return self.env._(
            "Health check %(agreement)s %(date)s", agreement=self.agreement_id.name, date=self.date.date()
        )
