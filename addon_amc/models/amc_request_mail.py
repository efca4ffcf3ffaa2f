# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Email intake: requests created from emails, replies on their thread, acknowledgements.

An email to the company's support alias (Settings) or to an agreement's own
alias creates a request (``message_new``):

- a sender who is a contact of exactly one active agreement's customer (found
  through the commercial partner), or who writes to the alias of an active
  agreement of their own customer, gets a request on that agreement;
- any other sender (unknown, several agreements and an alias that does not
  say which, an agreement that is not theirs) gets a request **to triage**:
  no agreement, hence no SLA planning and no billing until an agent picks the
  agreement. Nothing bounces.

A reply from the customer (email or portal) to a request waiting on them
resumes its SLA clock (the pause ends then, see ``amc_request_sla``).
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize, format_datetime

from .amc_request import DONE_STATES
from .mail_thread import AUTO_SUBMITTED_CONTEXT


class AmcRequest(models.Model):
    _inherit = "amc.request"
    _mail_post_access = "read"
    _primary_email = "email_from"

    triage = fields.Boolean(
        string="To Triage",
        default=False,
        readonly=True,
        copy=False,
        index=True,
        help="Received by email from a sender without one clear active agreement: an agent chooses the "
        "agreement. Nothing is planned or billed before.",
    )
    email_from = fields.Char(
        string="Sender Email",
        readonly=True,
        copy=False,
        help="The address the request was received from.",
    )

    @api.constrains("agreement_id", "triage")
    def _check_agreement_or_triage(self):
        for request in self:
            if not request.agreement_id and not request.triage:
                raise ValidationError(
                    self.env._("Choose the agreement of %(request)s.", request=request.display_name or "")
                )

    @api.constrains("agreement_id", "company_id")
    def _check_company_of_agreement(self):
        for request in self:
            if request.agreement_id and request.company_id != request.agreement_id.company_id:
                raise ValidationError(
                    self.env._(
                        "%(request)s belongs to the company of its agreement, %(company)s.",
                        request=request.display_name or "",
                        company=request.agreement_id.company_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    def write(self, vals):
        # triage and email_from are read-only: amc.guard.mixin refuses them to users
        triaged = self.filtered("triage") if vals.get("agreement_id") else self.browse()
        result = super().write(vals)
        if triaged:
            triaged.sudo().with_context(amc_sla_internal=True).write({"triage": False})
        return result

    def _sla_compute_deadlines(self, reset_flags=False):
        """Requests to triage have no agreement, hence no policy nor calendar: no deadline yet, and nothing
        left to re-plan (a holiday or a setting marks the company's open requests; a mark left on a request
        to triage kept the re-planning cron finding it, forever)."""
        planned = self.filtered("agreement_id")
        unplanned = (self - planned).filtered(lambda request: request.sla_replan_pending or request.sla_replan_reset)
        if unplanned:
            unplanned.sudo().with_context(amc_sla_internal=True).write(
                {"sla_replan_pending": False, "sla_replan_reset": False}
            )
        return super(AmcRequest, planned)._sla_compute_deadlines(reset_flags=reset_flags)

    def _sla_queue_replan(self, reset_flags=False):
        return super(AmcRequest, self.filtered("agreement_id"))._sla_queue_replan(reset_flags=reset_flags)

    # ------------------------------------------------------------------
    # Incoming email
    # ------------------------------------------------------------------
    @api.model
    def _mail_intake_agreement(self, sender, company, agreement=None):
        """The agreement a new email from ``sender`` goes to, or an empty recordset (to triage).

        ``agreement`` is the one named by the alias the email was sent to, if any:
        it is used when it is active and belongs to the sender's customer.
        """
        Agreement = self.env["amc.agreement"].sudo()
        if not sender:
            return Agreement
        customer = sender.commercial_partner_id
        if agreement:
            agreement = agreement.sudo()
            if agreement.state == "active" and agreement.partner_id.commercial_partner_id == customer:
                return agreement
            return Agreement
        candidates = Agreement.search(
            [
                ("state", "=", "active"),
                ("company_id", "=", company.id),
                ("partner_id", "child_of", customer.id),
            ],
            limit=2,
        )
        return candidates if len(candidates) == 1 else Agreement

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        # only the alias's company and agreement are taken from its defaults: the intake decides the rest
        custom_values = custom_values or {}
        named = self.env["amc.agreement"].sudo().browse(custom_values.get("agreement_id") or []).exists()
        company = (
            named.company_id or self.env["res.company"].sudo().browse(custom_values.get("company_id") or []).exists()
        )
        company = company or self.env.company
        sender = self.env["res.partner"].sudo().browse(msg_dict.get("author_id") or []).exists()
        agreement = self._mail_intake_agreement(sender, company, named)
        values = {
            "name": (msg_dict.get("subject") or "").strip() or self.env._("(no subject)"),
            "description": msg_dict.get("body") or False,
            "partner_id": sender.id or False,
            "company_id": company.id,
            "agreement_id": agreement.id or False,
            "triage": not agreement,
            "email_from": email_normalize(msg_dict.get("email_from") or "") or msg_dict.get("email_from"),
            "user_id": False,
        }
        request = super(AmcRequest, self.with_company(company)).message_new(msg_dict, custom_values=values)
        if sender:
            request.message_subscribe(partner_ids=sender.ids)
        if not self.env.context.get(AUTO_SUBMITTED_CONTEXT):
            # a machine's mail (a monitoring alert, an out-of-office) is a request, but gets no answer back
            request._send_acknowledgement()
        return request

    def message_update(self, msg_dict, update_vals=None):
        # a reply never changes the request's fields (subject, agreement, ...): it is posted
        return super().message_update(msg_dict, update_vals=None)

    def _message_post_after_hook(self, message, msg_values):
        result = super()._message_post_after_hook(message, msg_values)
        waiting = self.filtered(lambda request: request.state == "waiting")
        # an out-of-office answer is not the customer's answer: the request keeps waiting
        if waiting and not self.env.context.get(AUTO_SUBMITTED_CONTEXT) and self._is_customer_reply(msg_values):
            # the customer answered: the SLA clocks run again (the pause ends now)
            waiting.sudo().write({"state": "in_progress"})
        return result

    def _is_customer_reply(self, msg_values):
        """A public message (email or comment, not a note) that the support team did not write."""
        if msg_values.get("message_type") not in ("comment", "email"):
            return False
        comment = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        if msg_values.get("subtype_id") != comment:
            return False
        return not self._amc_is_team_author(self.env["res.partner"].sudo().browse(msg_values.get("author_id") or []))

    # ------------------------------------------------------------------
    # Acknowledgement
    # ------------------------------------------------------------------
    def _send_acknowledgement(self):
        """Post the editable acknowledgement template to the key user, in their language.

        Only known contacts get one: an unknown sender's request waits for triage
        and nothing is sent back to an address nobody vouched for.
        """
        template = self.env.ref("addon_amc.mail_template_amc_request_ack", raise_if_not_found=False)
        if not template:
            return
        for request in self.filtered(lambda r: r.partner_id and r.state not in DONE_STATES):
            request.message_post_with_source(
                template,
                message_type="auto_comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _ack_deadline_text(self):
        """The response deadline in the key user's time zone and language, for the acknowledgement."""
        self.ensure_one()
        deadline = self.sla_response_deadline
        if not deadline:
            return ""
        partner = self.partner_id
        tz = partner.tz or self._sla_calendar().tz or "UTC"
        env = self.with_context(lang=partner.lang or self.env.lang).env
        return format_datetime(env, deadline, tz=tz, dt_format="medium")
