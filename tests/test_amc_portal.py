# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import html
import re
from datetime import timedelta

from odoo import Command, fields, http
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import AmcHttpCase, dashboard_section
from .test_amc_scope import _migration


class AmcPortalCommon(AmcHttpCase):
    """Two customers, A and B, each with a portal user, an active agreement, a pack, a request and a health check."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = cls.env.company._amc_today()
        cls.customers = {}
        for key in ("a", "b"):
            company = cls.env["res.partner"].create({"name": f"Portal Customer {key.upper()}", "is_company": True})
            contact = cls.env["res.partner"].create(
                {
                    "name": f"Key User {key.upper()}",
                    "email": f"key.{key}@customer-{key}.example.com",
                    "parent_id": company.id,
                }
            )
            user = new_test_user(cls.env, login=f"amc_portal_{key}", groups="base.group_portal", partner_id=contact.id)
            agreement = cls.env["amc.agreement"].create(
                {
                    "name": f"Agreement {key.upper()}",
                    "partner_id": company.id,
                    "state": "active",
                    "date_start": today - timedelta(days=60),
                    "hourly_rate": 1000.0 if key == "a" else 1500.0,
                    "has_maintenance": True,
                    "notes": f"<p>Internal note about {key.upper()}</p>",
                    "pack_ids": [Command.create({"hours": 25.0, "date_purchase": today - timedelta(days=50)})],
                }
            )
            request = cls.env["amc.request"].create(
                {"name": f"Printer of {key.upper()} broken", "agreement_id": agreement.id, "partner_id": contact.id}
            )
            request.message_post(body=f"Internal remark on {key.upper()}", subtype_xmlid="mail.mt_note")
            check = cls.env["amc.health.check"].create({"agreement_id": agreement.id})
            check._run_checks()
            statement = cls.env["amc.statement"].search([("agreement_id", "=", agreement.id)], limit=1)
            cls.customers[key] = {
                "company": company,
                "contact": contact,
                "user": user,
                "agreement": agreement,
                "request": request,
                "check": check,
                "statement": statement,
            }


@tagged("post_install", "-at_install")
class TestAmcPortalAccess(AmcPortalCommon):
    def test_setup(self):
        for data in self.customers.values():
            self.assertTrue(data["statement"], "an active agreement has monthly statements")
            self.assertEqual(data["check"].state, "done")

    def test_portal_pages_show_only_own_records(self):
        a, b = self.customers["a"], self.customers["b"]
        self.authenticate("amc_portal_a", "amc_portal_a")
        page = self.url_open("/my/support")
        self.assertEqual(page.status_code, 200)
        self.assertIn(a["request"].reference, page.text)
        self.assertIn("Agreement A", page.text)
        self.assertNotIn(b["request"].reference, page.text)
        self.assertNotIn("Agreement B", page.text)
        self.assertNotIn("1,500", page.text)
        self.assertNotIn("Internal note", page.text)
        detail = self.url_open(f"/my/support/requests/{a['request'].id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn(a["request"].reference, detail.text)
        self.assertNotIn("Internal remark", detail.text)
        pdf = self.url_open(f"/my/support/statements/{a['statement'].id}/pdf?download=1")
        self.assertEqual(pdf.status_code, 200)
        self.assertIn("pdf", pdf.headers["Content-Type"])
        self.assertEqual(self.url_open(f"/my/support/health/{a['check'].id}/pdf").status_code, 200)

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http")
    def test_urls_of_other_customer_are_not_found(self):
        b = self.customers["b"]
        self.authenticate("amc_portal_a", "amc_portal_a")
        for url in (
            f"/my/support/requests/{b['request'].id}",
            f"/my/support/requests/{b['request'].id}?access_token={b['request'].access_token or 'x'}",
            f"/my/support/statements/{b['statement'].id}/pdf",
            f"/my/support/statements/{b['statement'].id}/pdf?download=1",
            f"/my/support/health/{b['check'].id}/pdf",
            "/my/support/requests/999999999",
        ):
            response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn(b["request"].name, response.text, url)
        # the portal chatter of B's request: nothing without B's token
        response = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "amc.request", "thread_id": b["request"].id},
        )
        self.assertFalse(response.get("messages"))
        # submitting on B's agreement is refused on the form, nothing created
        count = self.env["amc.request"].search_count([])
        response = self.url_open(
            "/my/support/requests/new",
            data={
                "agreement_id": b["agreement"].id,
                "name": "Sneaky",
                "description": "On B's hours",
                "priority": "standard",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_addon_amc_portal_error", response.text)
        self.assertEqual(self.env["amc.request"].search_count([]), count)

    def test_rpc_of_other_customer_is_refused(self):
        a, b = self.customers["a"], self.customers["b"]
        user = a["user"]
        Request = self.env["amc.request"].with_user(user)
        Agreement = self.env["amc.agreement"].with_user(user)
        self.assertEqual(Request.search([]), a["request"])
        self.assertEqual(Agreement.search([]), a["agreement"])
        self.assertEqual(self.env["amc.hour.pack"].with_user(user).search([]), a["agreement"].pack_ids)
        self.assertEqual(
            self.env["amc.statement"].with_user(user).search([]).agreement_id, a["agreement"], "own statements only"
        )
        self.assertEqual(Agreement.browse(a["agreement"].id).hourly_rate, 1000.0, "their own rate")
        for record in (b["request"], b["agreement"], b["agreement"].pack_ids, b["statement"]):
            with self.assertRaises(AccessError, msg=record):
                record.with_user(user).read(["display_name"])
        with self.assertRaises(AccessError):
            Agreement.browse(b["agreement"].id).get_burndown_data()
        self.assertTrue(Agreement.browse(a["agreement"].id).get_burndown_data()["series"])
        calendars = (a["agreement"] | b["agreement"]).calendar_id
        now = fields.Datetime.now()
        intervals = Request.get_sla_work_intervals(
            calendars.ids, fields.Datetime.to_string(now), fields.Datetime.to_string(now + timedelta(days=7))
        )
        self.assertLessEqual(set(intervals), set(a["agreement"].calendar_id.ids))
        # internal notes, and anything they could write
        with self.assertRaises(AccessError):
            Agreement.browse(a["agreement"].id).read(["notes"])
        with self.assertRaises(AccessError):
            Request.browse(a["request"].id).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            Request.create({"name": "Direct", "agreement_id": a["agreement"].id})
        with self.assertRaises(AccessError):
            Request.browse(b["request"].id).message_post(body="Hello B", message_type="comment")
        messages = (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", "amc.request"), ("res_id", "in", (a["request"] | b["request"]).ids)])
        )
        self.assertFalse(messages.filtered(lambda m: m.res_id == b["request"].id))
        self.assertFalse(messages.filtered(lambda m: "Internal remark" in (m.body or "")))

    def test_internal_user_contact_of_customer(self):
        """An internal user who is a registered user of customer A's agreement (no Support group) reaches A's
        portal, not B's."""
        a, b = self.customers["a"], self.customers["b"]
        contact = self.env["res.partner"].create({"name": "Employee of A", "parent_id": a["company"].id})
        new_test_user(self.env, login="amc_internal_a", groups="base.group_user", partner_id=contact.id)
        a["agreement"].support_contact_ids = [Command.link(contact.id)]
        self.authenticate("amc_internal_a", "amc_internal_a")
        page = self.url_open("/my/support")
        self.assertIn(a["request"].reference, page.text)
        self.assertNotIn(b["request"].reference, page.text)
        self.assertEqual(self.url_open(f"/my/support/requests/{a['request'].id}").status_code, 200)
        self.assertEqual(self.url_open(f"/my/support/requests/{b['request'].id}").status_code, 404)

    def test_an_internal_user_cannot_make_themself_a_customer(self):
        """With Contact Creation, an internal user can set their own contact's company: that does not open
        another customer's portal (requests, statements with amounts, health reports)."""
        b = self.customers["b"]
        sneaky = new_test_user(
            self.env, login="amc_sneaky", groups="base.group_user,base.group_partner_manager", name="Sneaky Employee"
        )
        sneaky.partner_id.with_user(sneaky).write({"parent_id": b["company"].id})
        self.assertEqual(sneaky.partner_id.commercial_partner_id, b["company"])
        self.authenticate("amc_sneaky", "amc_sneaky")
        page = self.url_open("/my/support")
        self.assertNotIn(b["request"].reference, page.text)
        self.assertNotIn("Agreement B", page.text)
        for url in (
            f"/my/support/requests/{b['request'].id}",
            f"/my/support/statements/{b['statement'].id}/pdf",
            f"/my/support/health/{b['check'].id}/pdf",
        ):
            self.assertIn(self.url_open(url).status_code, (403, 404), url)
        # a support manager registers them on B's agreement: now they speak for B
        b["agreement"].support_contact_ids = [Command.link(sneaky.partner_id.id)]
        self.assertEqual(self.url_open(f"/my/support/requests/{b['request'].id}").status_code, 200)

    def test_a_customer_internal_user_writes_as_the_customer(self):
        """Their public message is not the team's first response and ends the request's waiting; an
        agent's is the first response."""
        a = self.customers["a"]
        request = a["request"]
        contact = self.env["res.partner"].create({"name": "Employee of A", "parent_id": a["company"].id})
        employee = new_test_user(self.env, login="amc_internal_a2", groups="base.group_user", partner_id=contact.id)
        self.assertFalse(request.first_response_date)
        request.with_user(employee).sudo().message_post(
            body="More details from our side",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=contact.id,
        )
        self.assertFalse(request.first_response_date, "the customer's own message answers nothing")
        request.write({"state": "waiting"})
        request.sudo().message_post(
            body="Here is the file you asked for",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=contact.id,
        )
        self.assertEqual(request.state, "in_progress", "the customer answered: no longer waiting")
        agent = new_test_user(self.env, login="amc_internal_a2_agent", groups="addon_amc.group_amc_user")
        request.with_user(agent).message_post(
            body="Looking at it", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(request.first_response_date)

    def test_home_counter(self):
        self.authenticate("amc_portal_a", "amc_portal_a")
        result = self.make_jsonrpc_request("/my/counters", {"counters": ["amc_request_count"]})
        self.assertEqual(result["amc_request_count"], 1)

    def test_form_errors_create_nothing(self):
        self.authenticate("amc_portal_a", "amc_portal_a")
        agreement = self.customers["a"]["agreement"]
        count = self.env["amc.request"].search_count([])
        for data, message in (
            ({"name": "  ", "priority": "standard"}, "Give the request a subject."),
            ({"name": "Ok", "priority": "urgent!"}, "Choose a priority from the list."),
            ({"name": "x" * 201, "priority": "standard"}, "limited to 200 characters"),
        ):
            response = self.url_open(
                "/my/support/requests/new",
                data={"agreement_id": agreement.id, "csrf_token": http.Request.csrf_token(self), **data},
            )
            self.assertIn(message, response.text)
        self.assertEqual(self.env["amc.request"].search_count([]), count)

    def test_portal_submission(self):
        self.authenticate("amc_portal_a", "amc_portal_a")
        a = self.customers["a"]
        response = self.url_open(
            "/my/support/requests/new",
            data={
                "agreement_id": a["agreement"].id,
                "name": "Import 2000 customers",
                "description": "From the old CRM <b>please</b>",
                "priority": "high",
                "csrf_token": http.Request.csrf_token(self),
            },
            files={"attachments": ("list.csv", b"name\nAcme\n", "text/csv")},
        )
        self.assertEqual(response.status_code, 200)
        request = self.env["amc.request"].search([("name", "=", "Import 2000 customers")])
        self.assertEqual(len(request), 1)
        self.assertIn(request.reference, response.text)
        self.assertEqual(request.agreement_id, a["agreement"])
        self.assertEqual(request.partner_id, a["contact"])
        self.assertEqual(request.priority, "high")
        self.assertFalse(request.user_id, "nobody is assigned by the customer")
        self.assertIn("&lt;b&gt;please", request.description, "the description is plain text")
        self.assertEqual(request.scope, "billable")
        self.assertIn("list.csv", request.message_ids.attachment_ids.mapped("name"))
        self.assertIn(a["contact"], request.message_partner_ids)


@tagged("post_install", "-at_install")
class TestAmcCoverage(AmcPortalCommon):
    """Covered or charged, and why: the scope under the agreement's terms (billing.coverage)."""

    def _request(self, scope):
        a = self.customers["a"]
        request = self.env["amc.request"].create({"name": "Coverage check", "agreement_id": a["agreement"].id})
        if request.scope != scope:
            request.write({"scope": scope, "scope_override_reason": "checked by the team"})
        return request

    def test_coverage_follows_the_agreement(self):
        agreement = self.customers["a"]["agreement"]
        self.assertTrue(agreement.has_maintenance)
        self.assertFalse(agreement.has_first_line)
        included, first_line, review = (self._request(s) for s in ("included", "first_line", "needs_review"))
        self.assertEqual(included.coverage, "maintenance")
        self.assertEqual(included.coverage_note, "Covered by your maintenance agreement.")
        self.assertEqual(first_line.coverage, "charged")
        self.assertEqual(
            first_line.coverage_note,
            "Charged (prepaid hours first, then the hourly rate): your agreement has no first-line support.",
        )
        self.assertEqual(review.coverage, "review")
        # the same included request is charged once the agreement no longer has maintenance
        agreement.has_maintenance = False
        self.assertEqual(included.coverage, "charged")
        self.assertIn("your agreement has no maintenance", included.coverage_note)
        agreement.has_first_line = True
        self.assertEqual(first_line.coverage, "first_line")

    def test_coverage_costs_the_same_for_more_requests(self):
        agreement = self.customers["a"]["agreement"]
        Request = self.env["amc.request"]
        requests = Request.create([{"name": f"Flat {n}", "agreement_id": agreement.id} for n in range(20)])

        def queries(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.mapped("coverage_note")
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(Request.browse(requests[:2].ids)), queries(Request.browse(requests.ids)))

    def test_coverage_of_another_customer_is_refused(self):
        a, b = self.customers["a"], self.customers["b"]
        Request = self.env["amc.request"].with_user(a["user"])
        # computed as superuser from the request's own agreement, but only on a request the user may read
        self.assertEqual(Request.browse(a["request"].id).read(["coverage"])[0]["coverage"], a["request"].coverage)
        with self.assertRaises(AccessError):
            Request.browse(b["request"].id).read(["coverage", "coverage_note"])

    def test_portal_says_covered_or_charged_and_why(self):
        agreement = self.customers["a"]["agreement"]
        included = self._request("included")
        self.authenticate("amc_portal_a", "amc_portal_a")
        detail = self.url_open(f"/my/support/requests/{included.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("Covered by Maintenance", detail.text)
        self.assertIn("Covered by your maintenance agreement.", detail.text)
        self.assertIn("Covered by Maintenance", self.url_open("/my/support").text)
        # "included in maintenance" on an agreement without maintenance: the customer reads that it is charged
        agreement.has_maintenance = False
        detail = self.url_open(f"/my/support/requests/{included.id}")
        self.assertIn("Included in Maintenance", detail.text)
        self.assertNotIn("Covered by your maintenance agreement.", detail.text)
        self.assertIn("your agreement has no maintenance.", detail.text)


@tagged("post_install", "-at_install")
class TestAmcPortalTour(AmcPortalCommon):
    def test_portal_tour(self):
        a = self.customers["a"]
        self.start_tour("/my/support", "addon_amc_portal_tour", login="amc_portal_a")
        request = self.env["amc.request"].search([("name", "=", "Import 2000 customer records")])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.agreement_id, a["agreement"])
        self.assertRegex(request.reference, r"^SR-\d{5}$")
        self.assertEqual(request.create_uid, a["user"])


@tagged("post_install", "-at_install")
class TestAmcRating(AmcPortalCommon):
    def test_resolving_sends_one_rating_request(self):
        a = self.customers["a"]
        request = a["request"]
        agent = new_test_user(self.env, login="amc_rating_agent", groups="addon_amc.group_amc_user")
        request.with_user(agent).write({"state": "resolved"})
        self.assertEqual(len(request.rating_ids), 1)
        self.assertEqual(request.rating_ids.partner_id, a["contact"])
        sent = request.message_ids.filtered(lambda m: m.subject and "How did we do" in m.subject)
        self.assertEqual(len(sent), 1)
        self.assertIn(a["contact"], sent.partner_ids)
        # reopened and resolved again: still one request for a rating
        request.with_user(agent).write({"state": "in_progress"})
        request.with_user(agent).write({"state": "resolved"})
        self.assertEqual(len(request.rating_ids), 1)
        self.assertEqual(len(request.message_ids.filtered(lambda m: m.subject and "How did we do" in m.subject)), 1)

    def test_portal_rating_shows_on_dashboard(self):
        a = self.customers["a"]
        request = a["request"]
        request.write({"state": "resolved"})
        manager = new_test_user(self.env, login="amc_rating_manager", groups="addon_amc.group_amc_manager")
        Request = self.env["amc.request"].with_user(manager)
        before = Request._satisfaction_counts(fields.Datetime.now())
        self.authenticate("amc_portal_a", "amc_portal_a")
        detail = self.url_open(f"/my/support/requests/{request.id}")
        token = re.search(r"/rate/([\w-]+)/5", detail.text).group(1)
        self.assertEqual(self.url_open(f"/rate/{token}/5").status_code, 200)
        response = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": 5, "feedback": "Quick and clear", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(request.rating_ids.rating, 5)
        happy, count = Request._satisfaction_counts(fields.Datetime.now())
        self.assertEqual((happy, count), (before[0] + 1, before[1] + 1))
        card = dashboard_section(self.env["amc.agreement"].with_user(manager).get_dashboard_data(), "satisfaction")
        self.assertEqual(card["cards"][0]["value"], round(100.0 * happy / count, 1))
        self.assertIn(f"{happy} satisfied of {count} ratings", card["cards"][0]["hint"])
        # the rating of customer A does not show to customer B's portal
        self.authenticate("amc_portal_b", "amc_portal_b")
        self.assertNotIn(token, self.url_open("/my/support").text)


@tagged("post_install", "-at_install")
class TestAmcRatingOnce(AmcPortalCommon):
    """A request is rated once, by its key user, through the rating link, and only while it is resolved."""

    def test_the_chatter_adds_no_rating(self):
        a = self.customers["a"]
        request = a["request"]
        self.authenticate("amc_portal_a", "amc_portal_a")
        for _attempt in range(2):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "amc.request",
                    "thread_id": request.id,
                    "post_data": {"body": "One star", "rating_value": 1, "message_type": "comment"},
                },
            )
        self.env.invalidate_all()
        self.assertTrue(request.message_ids.filtered(lambda m: "One star" in (m.body or "")), "the message is posted")
        self.assertFalse(request.rating_ids, "without a rating")
        with self.assertRaises(AccessError):
            request.with_user(a["user"]).message_post(body="Five stars", rating_value=5)
        with self.assertRaises(AccessError):
            request.sudo().message_post(body="Five stars", rating_value=5)
        self.assertFalse(request.rating_ids)

    def test_a_reopened_request_is_not_rated_until_resolved_again(self):
        a = self.customers["a"]
        request = a["request"]
        request.write({"state": "resolved"})
        token = request.rating_ids.access_token
        request.write({"state": "in_progress"})
        self.authenticate("amc_portal_a", "amc_portal_a")
        detail = self.url_open(f"/my/support/requests/{request.id}")
        self.assertNotIn("o_addon_amc_portal_rating", detail.text)
        self.assertNotIn(token, detail.text)
        with mute_logger("odoo.http"):
            self.url_open(
                f"/rate/{token}/submit_feedback",
                data={"rate": 1, "feedback": "Still broken", "csrf_token": http.Request.csrf_token(self)},
            )
        self.env.invalidate_all()
        self.assertFalse(request.rating_ids.consumed, "not rated while reopened")
        request.write({"state": "resolved"})
        detail = self.url_open(f"/my/support/requests/{request.id}")
        self.assertIn("o_addon_amc_portal_rating", detail.text)
        response = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": 5, "feedback": "Fixed now", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual((request.rating_ids.consumed, request.rating_ids.rating), (True, 5))


@tagged("post_install", "-at_install")
class TestAmcRatingAccess(AmcPortalCommon):
    """A customer's rating of a request: read within the request's company, set only through the customer's link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls.customers["a"]["request"]
        cls.request.write({"state": "resolved"})  # sends the rating request: one rating, not yet given
        cls.rating = cls.request.rating_ids
        cls.agent = new_test_user(cls.env, login="amc_rating_access_agent", groups="addon_amc.group_amc_manager")
        other = cls.env["res.company"].create({"name": "Other Support Company"})
        cls.outsider = new_test_user(
            cls.env,
            login="amc_rating_outsider",
            groups="addon_amc.group_amc_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )

    def test_rating_is_read_within_the_request_company(self):
        self.assertEqual(len(self.rating), 1)
        self.assertEqual(self.rating.amc_company_id, self.request.company_id)
        Rating = self.env["rating.rating"]
        domain = [("res_model", "=", "amc.request")]
        self.assertIn(self.rating, Rating.with_user(self.agent).search(domain))
        self.assertNotIn(self.rating, Rating.with_user(self.outsider).search(domain))
        with self.assertRaises(AccessError):
            self.rating.with_user(self.outsider).read(["rating"])

    def test_agents_cannot_set_a_customer_rating(self):
        rating = self.rating.with_user(self.agent)
        for vals in (
            {"rating": 5, "consumed": True},
            {"feedback": "Great"},
            {"res_id": self.customers["b"]["request"].id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                rating.write(vals)
        with self.assertRaises(AccessError):
            rating.unlink()
        with self.assertRaises(AccessError):
            self.env["rating.rating"].with_user(self.agent).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("amc.request"),
                    "res_id": self.request.id,
                    "rating": 5,
                    "consumed": True,
                }
            )
        with self.assertRaises(AccessError):
            self.request.with_user(self.agent).message_post(body="Five stars from me", rating_value=5)
        self.env.invalidate_all()
        self.assertFalse(self.rating.consumed)
        self.assertEqual(self.rating.rating, 0)
        self.assertEqual(len(self.request.rating_ids), 1)

    def test_ratings_are_the_support_teams_and_their_key_the_customers(self):
        """An employee without Support rights reads no rating of a request; an agent reads it, not its token
        (whoever has the token rates in the customer's name)."""
        employee = new_test_user(self.env, login="amc_rating_employee", groups="base.group_user")
        domain = [("res_model", "=", "amc.request")]
        self.assertFalse(self.env["rating.rating"].with_user(employee).search(domain))
        with self.assertRaises(AccessError):
            self.rating.with_user(employee).read(["feedback"])
        self.assertIn(self.rating, self.env["rating.rating"].with_user(self.agent).search(domain))
        with self.assertRaises(AccessError):
            self.rating.with_user(self.agent).read(["access_token"])
        self.assertTrue(self.rating.sudo().access_token, "the customer's link still has it")

    def test_agents_may_answer_a_rating(self):
        self.rating.with_user(self.agent).write({"publisher_comment": "Thank you!"})
        self.assertEqual(self.rating.publisher_comment, "Thank you!")

    def test_other_documents_ratings_are_untouched(self):
        partner = self.customers["a"]["contact"]
        rating = (
            self.env["rating.rating"]
            .with_user(self.agent)
            .create({"res_model_id": self.env["ir.model"]._get_id("res.partner"), "res_id": partner.id, "rating": 3})
        )
        rating.write({"rating": 4})
        self.assertFalse(rating.amc_company_id)
        self.assertIn(rating, self.env["rating.rating"].with_user(self.outsider).search([("id", "=", rating.id)]))


@tagged("post_install", "-at_install")
class TestAmcPortalScopeReason(AmcPortalCommon):
    """The scope line a customer reads names no other request and no agent, and a portal user cannot
    probe the learned decisions (the agents' reason and the live preview are the support team's)."""

    TEXT = "Zorblax quarterly quindle export stops for the warehouse crew every Monday morning"

    def _teach_on_b_and_ask_on_a(self):
        a, b = self.customers["a"], self.customers["b"]
        agent = new_test_user(
            self.env, login="amc_reason_agent", name="Agent Zelda Quist", groups="addon_amc.group_amc_user"
        )
        Request = self.env["amc.request"]
        taught = Request.create({"name": self.TEXT, "agreement_id": b["agreement"].id})
        taught.with_user(agent).action_override_scope("billable", "Their own export script")
        similar = Request.create({"name": self.TEXT + ".", "agreement_id": a["agreement"].id})
        return taught, similar

    def test_portal_reason_names_no_other_customer_request_or_agent(self):
        taught, similar = self._teach_on_b_and_ask_on_a()
        self.assertEqual((similar.scope, similar.scope_source), ("billable", "model"))
        self.assertIn(taught.reference, similar.scope_reason, "the agents' line names the decision it follows")
        self.assertIn("Zelda", similar.scope_reason)
        self.assertTrue(similar.scope_reason_public.startswith("follows an earlier decision of the support team"))
        self.authenticate("amc_portal_a", "amc_portal_a")
        page = html.unescape(self.url_open(f"/my/support/requests/{similar.id}").text)
        self.assertIn(similar.scope_reason_public, page)
        self.assertNotIn(taught.reference, page)
        self.assertNotIn("Zelda", page)

    def test_portal_user_cannot_probe_the_learned_decisions(self):
        self._teach_on_b_and_ask_on_a()
        a = self.customers["a"]
        Request = self.env["amc.request"].with_user(a["user"])
        with self.assertRaises(AccessError):
            Request.classify_scope_preview(self.TEXT, "")
        with self.assertRaises(AccessError):
            Request.classify_scope_preview(self.TEXT, "", a["agreement"].id)
        own = Request.browse(a["request"].id)
        with self.assertRaises(AccessError):
            own.read(["scope_reason"])
        self.assertEqual(own.read(["scope_reason_public"])[0]["scope_reason_public"], a["request"].scope_reason_public)

    def test_update_gives_existing_requests_their_public_reason(self):
        requests = self.env["amc.request"].create(
            [{"name": f"Stored reason {n}", "agreement_id": self.customers["a"]["agreement"].id} for n in range(5)]
        )
        stored = [
            ("rules", 'matched "printer" → Hardware, billable'),
            ("model", 'learned from "zorblax" → billable (93 %); like SR-00031, overridden to billable by Anna'),
            (
                "model",
                "follows SR-00031, overridden to billable by Anna (90 % alike); like SR-00009, confirmed to billable",
            ),
            ("none", "no rule matched → needs review (learned: needs review 100 %)"),
            ("model", "learned → billable (80 %)"),
        ]
        self.env.flush_all()
        for request, (source, reason) in zip(requests, stored, strict=True):
            self.env.cr.execute(
                "UPDATE amc_request SET scope_source = %s, scope_reason = %s, scope_reason_public = NULL WHERE id = %s",
                (source, reason, request.id),
            )
        kept = self.customers["a"]["request"]
        kept_line = kept.scope_reason_public
        _migration("19.0.1.22.0", "post-scope_reason_public").migrate(self.env.cr, "19.0.1.21.0")
        self.assertEqual(
            requests.mapped("scope_reason_public"),
            [
                'matched "printer" → Hardware, billable',
                'learned from "zorblax" → billable (93 %)',
                False,
                "no rule matched → needs review (learned: needs review 100 %)",
                "learned → billable (80 %)",
            ],
        )
        self.assertEqual(kept.scope_reason_public, kept_line, "a line already stored is kept")
