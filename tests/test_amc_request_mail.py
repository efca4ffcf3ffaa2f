# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import format_datetime

from .common import AmcTestCommon

EMAIL = """Return-Path: <{email_from}>
To: {to}
From: {from_header}
Subject: {subject}
Message-ID: <{msg_id}>
Date: Mon, 30 Nov 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset="utf-8"

{body}
--BOUNDARY
Content-Type: text/plain; charset="utf-8"; name="error.log"
Content-Disposition: attachment; filename="error.log"

Traceback: something broke
--BOUNDARY--
"""

REPLY = """Return-Path: <{email_from}>
To: {to}
From: {from_header}
Subject: Re: {subject}
Message-ID: <{msg_id}>
In-Reply-To: <{parent}>
References: <{parent}>
Date: Mon, 30 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

{body}
"""


class AmcMailCommon(AmcTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "amc-test.example.com"})
        cls.company_a.alias_domain_id = cls.alias_domain
        cls.company_a._amc_set_alias_name("support")
        cls.anna = cls.env["res.partner"].create(
            {"name": "Anna Key User", "email": "anna@customer.example.com", "parent_id": cls.customer.id}
        )
        cls.agreement = cls.env["amc.agreement"].create(cls._agreement_vals(state="active", name="Acme Support"))
        cls.customer_two = cls.env["res.partner"].create({"name": "Two Agreements Ltd", "is_company": True})
        cls.bo = cls.env["res.partner"].create(
            {"name": "Bo Two", "email": "bo@two.example.com", "parent_id": cls.customer_two.id}
        )
        cls.two_a, cls.two_b = cls.env["amc.agreement"].create(
            [
                cls._agreement_vals(state="active", partner_id=cls.customer_two.id, name="Two: Maintenance"),
                cls._agreement_vals(state="active", partner_id=cls.customer_two.id, name="Two: Webshop"),
            ]
        )

    def _receive(self, email_from, subject, body, to="support@amc-test.example.com", msg_id=None):
        raw = EMAIL.format(
            email_from=email_from,
            from_header=email_from,
            to=to,
            subject=subject,
            body=body,
            msg_id=msg_id or f"{subject.replace(' ', '-')}@{email_from.split('@')[1]}",
        )
        thread_id = self.env["mail.thread"].message_process(False, raw)
        return self.env["amc.request"].browse(thread_id)

    def _reply(self, request, msg_id, body, header=None):
        """Anna's email answering ``request``'s first email (with one more ``header`` line, if given)."""
        raw = REPLY.format(
            email_from="anna@customer.example.com",
            from_header="anna@customer.example.com",
            to="support@amc-test.example.com",
            subject=request.name,
            parent=request.message_ids.filtered(lambda m: m.message_type == "email").message_id.strip("<>"),
            msg_id=msg_id,
            body=body,
        )
        return raw.replace("MIME-Version: 1.0\n", f"MIME-Version: 1.0\n{header}\n", 1) if header else raw


@tagged("post_install", "-at_install")
class TestAmcRequestReference(AmcMailCommon):
    def test_reference_per_company(self):
        first, second = self.env["amc.request"].create(
            [
                {"name": "First", "agreement_id": self.agreement.id},
                {"name": "Second", "agreement_id": self.agreement.id},
            ]
        )
        self.assertRegex(first.reference, r"^SR-\d{5}$")
        self.assertEqual(int(second.reference[3:]), int(first.reference[3:]) + 1)
        self.assertEqual(first.display_name, f"{first.reference} First")
        agreement_b = self.env["amc.agreement"].create(
            self._agreement_vals(company_id=self.company_b.id, state="active")
        )
        other = self.env["amc.request"].create({"name": "In B", "agreement_id": agreement_b.id})
        self.assertEqual(other.company_id, self.company_b)
        self.assertEqual(other.reference, "SR-00001", "company B numbers its own requests")
        # searching by reference, as the many2one fields and the search view do
        found = self.env["amc.request"].name_search(first.reference)
        self.assertEqual([row[0] for row in found], [first.id])
        self.assertEqual(self.env["amc.request"].search([("display_name", "ilike", second.reference)]), second)

    def test_reference_refused_over_rpc(self):
        Request = self.env["amc.request"].with_user(self.agent)
        before = Request.search_count([])
        with self.assertRaises(AccessError):
            Request.create({"name": "Forged", "agreement_id": self.agreement.id, "reference": "SR-99999"})
        self.assertEqual(Request.search_count([]), before)
        # a context default is ignored: the server numbers the request
        defaulted = Request.with_context(default_reference="SR-99999").create(
            {"name": "Defaulted", "agreement_id": self.agreement.id}
        )
        self.assertNotEqual(defaulted.reference, "SR-99999")
        before += 1
        request = Request.create({"name": "Mine", "agreement_id": self.agreement.id})
        reference = request.reference
        with self.assertRaises(AccessError):
            request.write({"reference": "SR-00000"})
        self.assertEqual(request.reference, reference)
        with self.assertRaises(AccessError):
            request.copy({"reference": "SR-00000"})

    def test_migration_numbers_old_requests(self):
        """The 19.0.1.4.0 migration's helper numbers requests that have no reference, oldest first."""
        old = self.env["amc.request"].create(
            [{"name": f"Old {i}", "agreement_id": self.agreement.id} for i in range(3)]
        )
        self.env.cr.execute("UPDATE amc_request SET reference = NULL WHERE id IN %s", [tuple(old.ids)])
        old.invalidate_recordset(["reference"])
        old._assign_missing_references()
        numbers = [int(request.reference[3:]) for request in old]
        self.assertEqual(numbers, sorted(numbers))
        self.assertEqual(len(set(numbers)), 3)

    def test_agreement_required_except_triage(self):
        Request = self.env["amc.request"].with_user(self.agent)
        with self.assertRaises(ValidationError):
            Request.create({"name": "No agreement"})
        with self.assertRaises(AccessError):
            Request.create({"name": "Self-triaged", "triage": True})
        request = Request.create({"name": "Mine", "agreement_id": self.agreement.id})
        with self.assertRaises(ValidationError):
            request.write({"agreement_id": False})
        self.assertEqual(request.agreement_id, self.agreement)

    def test_company_follows_agreement(self):
        request = (
            self.env["amc.request"].with_user(self.manager).create({"name": "Mine", "agreement_id": self.agreement.id})
        )
        with self.assertRaises(ValidationError):
            request.write({"company_id": self.company_b.id})
        self.assertEqual(request.company_id, self.company_a)


@tagged("post_install", "-at_install")
class TestAmcMailIntake(AmcMailCommon):
    def test_known_sender(self):
        request = self._receive(
            "Anna Key User <anna@customer.example.com>",
            "Import of customer records",
            "Please do an import of data: 2000 customers from the old CRM.",
        )
        self.assertTrue(request)
        self.assertEqual(request.agreement_id, self.agreement)
        self.assertFalse(request.triage)
        self.assertEqual(request.partner_id, self.anna)
        self.assertEqual(request.name, "Import of customer records")
        self.assertIn("2000 customers", request.description)
        self.assertRegex(request.reference, r"^SR-\d{5}$")
        self.assertEqual(request.scope, "billable", request.scope_reason)
        self.assertIn("import", request.scope_reason)
        self.assertTrue(request._sla_clock("response").deadline)
        attachments = self.env["ir.attachment"].search([("res_model", "=", "amc.request"), ("res_id", "=", request.id)])
        self.assertIn("error.log", attachments.mapped("name"))
        self.assertIn(self.anna, request.message_partner_ids)
        # the acknowledgement went to the key user with the reference in the subject
        ack = request.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(len(ack), 1)
        self.assertIn(request.reference, ack.subject)
        self.assertIn(self.anna, ack.notified_partner_ids | ack.partner_ids)
        self.assertFalse(request.first_response_date, "an automatic acknowledgement is not a response")

    def test_unknown_sender_goes_to_triage(self):
        count = self.env["amc.request"].search_count([])
        request = self._receive("stranger@nowhere.example.com", "Hello there", "Can you help us?")
        self.assertEqual(self.env["amc.request"].search_count([]), count + 1)
        self.assertTrue(request.triage)
        self.assertFalse(request.agreement_id)
        self.assertFalse(request.partner_id)
        self.assertEqual(request.email_from, "stranger@nowhere.example.com")
        self.assertEqual(request.company_id, self.company_a)
        self.assertFalse(request._sla_clock("response").deadline, "no agreement: nothing is planned")
        self.assertFalse(request.message_ids.filtered(lambda m: m.message_type == "auto_comment"))
        # nothing bounced: no outgoing mail to the stranger
        self.assertFalse(self.env["mail.mail"].search([("email_to", "ilike", "stranger@")]))
        # no time, hence no billing, before an agent picks the agreement
        with self.assertRaises(ValidationError):
            self.env["amc.time.entry"].create({"request_id": request.id, "duration": 1.0})
        self.assertIn(request, self.env["amc.request"].search([("triage", "=", True)]))
        # the agent triages: the request joins the agreement and its SLA starts from the email
        request.with_user(self.agent).write({"agreement_id": self.agreement.id})
        self.assertFalse(request.triage)
        self.assertTrue(request._sla_clock("response").deadline)
        self.env["amc.time.entry"].create({"request_id": request.id, "duration": 1.0})

    def test_two_agreements_go_to_triage_unless_alias_says(self):
        request = self._receive("bo@two.example.com", "Which agreement?", "Something broke.")
        self.assertTrue(request.triage)
        self.assertFalse(request.agreement_id)
        self.assertEqual(request.partner_id, self.bo, "the sender is known, only the agreement is unclear")
        # the agreement's own alias says which one
        self.two_b.alias_name = "two-webshop"
        request = self._receive(
            "bo@two.example.com", "Webshop down", "The webshop is down.", to="two-webshop@amc-test.example.com"
        )
        self.assertEqual(request.agreement_id, self.two_b)
        self.assertFalse(request.triage)
        # another customer's contact writing to that alias does not land on it
        request = self._receive(
            "anna@customer.example.com", "Wrong alias", "Hello.", to="two-webshop@amc-test.example.com"
        )
        self.assertTrue(request.triage)
        self.assertFalse(request.agreement_id)

    def test_reply_resumes_waiting_request(self):
        request = self._receive("anna@customer.example.com", "Printer", "The picking list does not print.")
        request.with_user(self.agent).write({"state": "waiting"})
        self.assertEqual(request._sla_clock("resolution").status, "paused")
        pause = request.sla_pause_ids
        self.assertEqual(len(pause), 1)
        self.assertFalse(pause.date_end)
        raw = self._reply(request, "reply-1@customer.example.com", "Here is the screenshot you asked for.")
        thread_id = self.env["mail.thread"].message_process(False, raw)
        self.assertEqual(thread_id, request.id, "the reply is posted on the request, no new request")
        self.assertIn("screenshot", request.message_ids[0].body)
        self.assertEqual(request.state, "in_progress")
        self.assertTrue(pause.date_end, "the pause is closed, hence recorded")
        self.assertEqual(request._sla_clock("resolution").status, "ongoing")

    def test_an_out_of_office_reply_keeps_the_request_waiting(self):
        request = self._receive("anna@customer.example.com", "Printer", "The picking list does not print.")
        request.with_user(self.agent).write({"state": "waiting"})
        raw = self._reply(
            request,
            "ooo-1@customer.example.com",
            "I am out of the office until Monday.",
            "Auto-Submitted: auto-replied",
        )
        self.assertEqual(self.env["mail.thread"].message_process(False, raw), request.id)
        self.assertIn("out of the office", request.message_ids[0].body, "posted on the request")
        self.assertEqual(request.state, "waiting", "a machine's answer is not the customer's")
        self.assertEqual(request._sla_clock("resolution").status, "paused")

    def test_an_automatic_mail_is_a_request_without_acknowledgement(self):
        raw = EMAIL.format(
            email_from="anna@customer.example.com",
            from_header="anna@customer.example.com",
            to="support@amc-test.example.com",
            subject="Backup job failed",
            body="The nightly backup failed with exit code 2.",
            msg_id="alert-1@customer.example.com",
        ).replace("MIME-Version: 1.0\n", "MIME-Version: 1.0\nAuto-Submitted: auto-generated\n", 1)
        request = self.env["amc.request"].browse(self.env["mail.thread"].message_process(False, raw))
        self.assertEqual((request.name, request.agreement_id), ("Backup job failed", self.agreement))
        self.assertFalse(request.message_ids.filtered(lambda m: m.message_type == "auto_comment"), "no answer back")
        # the same mail from a person gets its acknowledgement
        person = self._receive("anna@customer.example.com", "Backup question", "Where are our backups kept?")
        self.assertTrue(person.message_ids.filtered(lambda m: m.message_type == "auto_comment"))

    def test_internal_note_does_not_resume(self):
        request = self._receive("anna@customer.example.com", "Printer", "The picking list does not print.")
        request.with_user(self.agent).write({"state": "waiting"})
        request.with_user(self.agent).message_post(body="Asked the customer.", subtype_xmlid="mail.mt_note")
        request.with_user(self.agent).message_post(
            body="Any news?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(request.state, "waiting")

    def test_company_alias_in_settings(self):
        settings = self.env["res.config.settings"].create({"amc_alias_name": "helpdesk"})
        settings.execute()
        alias = self.company_a.amc_alias_id
        self.assertEqual(alias.alias_name, "helpdesk")
        self.assertEqual(alias.alias_model_id.model, "amc.request")
        self.assertEqual(self.env["res.config.settings"].create({}).amc_alias_name, "helpdesk")
        request = self._receive("anna@customer.example.com", "Via helpdesk", "Hi", to="helpdesk@amc-test.example.com")
        self.assertEqual(request.agreement_id, self.agreement)


@tagged("post_install", "-at_install")
class TestAmcMailSwedish(AmcMailCommon):
    def test_acknowledgement_in_swedish(self):
        """A Swedish contact gets the acknowledgement in Swedish, with the deadline in their time zone."""
        self.env["res.lang"]._activate_lang("sv_SE")
        self.env["ir.module.module"]._load_module_terms(["addon_amc"], ["sv_SE"], overwrite=True)
        self.anna.write({"lang": "sv_SE", "tz": "Europe/Stockholm"})
        request = self._receive("anna@customer.example.com", "Skrivaren skriver inte ut", "Plocklistan skrivs inte ut.")
        ack = request.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(len(ack), 1)
        self.assertIn("Vi har tagit emot ert ärende", ack.body)
        self.assertIn(request.reference, ack.body)
        self.assertNotIn("We have received", ack.body)
        expected = format_datetime(
            self.env(context={"lang": "sv_SE"}),
            request._sla_clock("response").deadline,
            tz="Europe/Stockholm",
            dt_format="medium",
        )
        self.assertIn(expected, ack.body)
        # an English contact keeps English
        self.anna.write({"lang": "en_US"})
        other = self._receive("anna@customer.example.com", "Printer again", "Still broken.", msg_id="again@customer")
        ack = other.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertIn("We have received your request", ack.body)

    def test_portal_scripts_are_translated(self):
        """The portal loads addon_amc's JS translations: its badges and chart speak Swedish."""
        self.env["res.lang"]._activate_lang("sv_SE")
        self.env["ir.module.module"]._load_module_terms(["addon_amc"], ["sv_SE"], overwrite=True)
        modules = self.env["ir.http"]._get_translation_frontend_modules_name()
        self.assertIn("addon_amc", modules)
        translations, _params = self.env["ir.http"]._get_translations_for_webclient(modules, "sv_SE")
        messages = {message["id"]: message["string"] for message in translations["addon_amc"]["messages"]}
        self.assertEqual(messages.get("%(duration)s left"), "%(duration)s kvar")
