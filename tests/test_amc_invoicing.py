# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.addon_amc.addon_amc.lib import billing
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tests import new_test_user, tagged


class AmcInvoicingCommon(AccountTestInvoicingCommon):
    """Agreements invoiced in a company with a chart of accounts (Odoo's own test company)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.env.user.group_ids = [Command.link(cls.env.ref("addon_amc.group_amc_manager").id)]
        cls.customer = cls.partner_a
        cls.key_users = cls.env["res.partner"].create([{"name": "Key user 1"}, {"name": "Key user 2"}])
        cls.agreement = cls._agreement(
            name="Full service",
            has_maintenance=True,
            maintenance_fee=5000.0,
            has_first_line=True,
            first_line_price_per_user=200.0,
            support_contact_ids=[Command.set(cls.key_users.ids)],
            config_allowance_hours=1.0,
        )

    @classmethod
    def _agreement(cls, **vals):
        return cls.env["amc.agreement"].create(
            {
                "name": "Invoiced agreement",
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "currency_id": cls.company.currency_id.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "hourly_rate": 1000.0,
                "state": "active",
                **vals,
            }
        )

    def _request(self, scope, agreement=None, name=None):
        return self.env["amc.request"].create(
            {
                "name": name or f"Request {scope}",
                "agreement_id": (agreement or self.agreement).id,
                "scope": scope,
                "scope_override_reason": "Set by the test",
            }
        )

    def _june_pack(self, price=100.0):
        """A 25-hour pack on the agreement, bought on 2026-06-01."""
        return self.env["amc.hour.pack"].create(
            {
                "agreement_id": self.agreement.id,
                "size": "25",
                "hours": 25.0,
                "price": price,
                "date_purchase": "2026-06-01",
            }
        )

    def _paid_june_pack(self):
        """With paid-only packs: a June pack whose invoice is posted and paid, and a billable request of 2 hours
        logged in June (``(pack, request)``)."""
        self.env["ir.config_parameter"].sudo().set_param("addon_amc.packs_paid_only", "True")
        pack = self._june_pack()
        request = self._request("billable")
        self._log(request, 2.0, "2026-06-10")
        pack.action_create_invoice()
        pack.invoice_id.action_post()
        self._register_payment(pack.invoice_id)
        return pack, request

    def _log(self, request, hours, day):
        return self.env["amc.time.entry"].create({"request_id": request.id, "duration": hours, "date": day})

    def _statement(self, month, agreement=None):
        self.env.flush_all()
        return self.env["amc.statement"].search(
            [("agreement_id", "=", (agreement or self.agreement).id), ("month", "=", month)]
        )

    def _invoice(self, statement):
        statement.action_create_invoices()
        return statement.invoice_id

    def _reverse_and_create(self, invoices, **values):
        """Odoo's "Reverse and Create Invoice" (the reversal wizard's Modify) on ``invoices``: the draft copies."""
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({"journal_id": invoices[0].journal_id.id, "reason": "Wrong address", **values})
        )
        wizard.modify_moves()
        return wizard.new_move_ids

    def _assert_check_clean(self):
        self.assertEqual(self.env["amc.statement"]._check_statements(), [])


@tagged("post_install", "-at_install")
class TestAmcInvoicing(AmcInvoicingCommon):
    def test_month_invoice_equals_statement(self):
        pack = self.env["amc.hour.pack"].create(
            {"agreement_id": self.agreement.id, "hours": 10.0, "date_purchase": "2026-01-01"}
        )
        self._log(self._request("included"), 2.0, "2026-03-02")
        self._log(self._request("first_line"), 1.0, "2026-03-03")
        self._log(self._request("config"), 1.5, "2026-03-04")  # 1 h allowance, 0.5 h pack
        billable = self._request("billable", name="Import the customer records")
        self._log(billable, 12.0, "2026-03-05")  # 9.5 h pack, 2.5 h billable
        statement = self._statement("2026-03-01")
        self.assertAlmostEqual(statement.pack_hours, 10.0)
        self.assertAlmostEqual(statement.billable_hours, 2.5)
        self.assertAlmostEqual(statement.total_amount, 5000.0 + 400.0 + 2500.0)

        invoice = self._invoice(statement)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.company_id, self.company)
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertAlmostEqual(invoice.amount_untaxed, statement.total_amount)
        products = invoice.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        self.assertEqual(
            sorted((line.product_id.id, line.quantity, line.price_unit) for line in products),
            sorted(
                [
                    (self.env.ref("addon_amc.product_product_amc_maintenance").id, 1.0, 5000.0),
                    (self.env.ref("addon_amc.product_product_amc_first_line").id, 2.0, 200.0),
                    (self.env.ref("addon_amc.product_product_amc_hour").id, 2.5, 1000.0),
                ]
            ),
        )
        billable_line = products.filtered(
            lambda line: line.product_id == self.env.ref("addon_amc.product_product_amc_hour")
        )
        self.assertIn("Import the customer records", billable_line.name)
        self.assertTrue(billable.reference)
        self.assertIn(billable.reference, billable_line.name)
        # the company's default sales tax, from the chart of accounts
        self.assertEqual(billable_line.tax_ids, self.company.account_sale_tax_id)
        notes = "\n".join(
            invoice.invoice_line_ids.filtered(lambda line: line.display_type == "line_note").mapped("name")
        )
        self.assertIn("Covered by maintenance: 02:00", notes)
        self.assertIn("Covered by first-line support: 01:00", notes)
        self.assertIn("Configuration allowance: 01:00", notes)
        self.assertIn(f"Prepaid {pack.name}: 10:00 h used this month, 00:00 h left", notes)
        self.assertEqual(statement.invoice_id, invoice)
        self._assert_check_clean()

    def test_eur_agreement_in_sek_company(self):
        sek = self.setup_other_currency("SEK")
        eur = self.setup_other_currency("EUR", rates=[("2020-01-01", 0.09)])
        company_se = self.setup_other_company(name="Svenska AB", currency_id=sek.id)["company"]
        self.env.user.company_ids = [Command.link(company_se.id)]
        agreement = self._agreement(company_id=company_se.id, currency_id=eur.id, hourly_rate=100.0)
        self._log(self._request("billable", agreement), 2.0, "2026-04-10")
        statement = self._statement("2026-04-01", agreement)
        self.assertEqual(statement.currency_id, eur)
        invoice = self._invoice(statement)
        self.assertEqual(invoice.company_id, company_se)
        self.assertEqual(invoice.currency_id, eur)
        self.assertEqual(invoice.journal_id.company_id, company_se)
        self.assertAlmostEqual(invoice.amount_untaxed, 200.0)
        self.assertAlmostEqual(statement.total_amount, 200.0)

    def test_partial_first_month_is_prorated(self):
        agreement = self._agreement(
            date_start="2026-03-15",
            has_maintenance=True,
            maintenance_fee=3100.0,
            has_first_line=True,
            first_line_price_per_user=200.0,
            support_contact_ids=[Command.set(self.key_users.ids)],
        )
        statement = self._statement("2026-03-01", agreement)
        self.assertEqual((statement.days_covered, statement.days_in_month), (17, 31))
        self.assertAlmostEqual(statement.maintenance_fee, 1700.0)
        self.assertAlmostEqual(statement.first_line_fee, 219.35)  # 400 × 17 / 31
        invoice = self._invoice(statement)
        self.assertAlmostEqual(invoice.amount_untaxed, 1919.35)
        self.assertAlmostEqual(invoice.amount_untaxed, statement.total_amount)
        maintenance = invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.env.ref("addon_amc.product_product_amc_maintenance")
        )
        self.assertIn("prorated: 17 of 31 days", maintenance.name)
        april = self._statement("2026-04-01", agreement)
        self.assertAlmostEqual(april.maintenance_fee, 3100.0)

    def test_second_invoice_for_the_month_is_refused(self):
        statement = self._statement("2026-02-01")
        invoice = self._invoice(statement)
        with self.assertRaises(RedirectWarning) as caught:
            statement.action_create_invoices()
        self.assertIn(invoice.display_name, str(caught.exception.args[0]))
        self.assertEqual(caught.exception.args[1]["res_id"], invoice.id)
        self.assertEqual(self.env["account.move"].search_count([("amc_statement_ids", "in", statement.ids)]), 1)
        with self.assertRaisesRegex(UserError, "has invoiced months"):
            self.agreement.unlink()
        self.assertTrue(statement.exists())

    def test_current_month_cannot_be_invoiced(self):
        statement = self.env["amc.statement"].search(
            [("agreement_id", "=", self.agreement.id)], order="month desc", limit=1
        )
        with self.assertRaisesRegex(UserError, "not over yet"):
            statement.action_create_invoices()
        self.assertFalse(statement.invoice_id)

    def test_cron_drafts_last_month_on_the_settings_day(self):
        self._log(self._request("billable"), 1.0, "2026-06-10")
        idle = self._agreement(name="Nothing owed")  # no fee and no time: no empty invoice
        self.env["ir.config_parameter"].sudo().set_param("addon_amc.invoice_day", "5")
        with freeze_time("2026-07-04"):
            self.env["amc.statement"]._cron_create_invoices()
        self.assertFalse(self._statement("2026-06-01").invoice_id, "not the invoicing day yet")
        with freeze_time("2026-07-05"):
            self.env["amc.statement"]._cron_create_invoices()
        june = self._statement("2026-06-01")
        self.assertEqual(june.invoice_id.state, "draft")
        self.assertAlmostEqual(june.invoice_id.amount_untaxed, 5000.0 + 400.0 + 1000.0)
        self.assertFalse(self._statement("2026-05-01").invoice_id, "only the previous month")
        self.assertFalse(self._statement("2026-06-01", idle).invoice_id)

    def test_undecided_request_blocks_invoicing_its_month_and_later(self):
        """Time on a request whose scope is not decided is charged as billable until an agent
        decides: its month, and later ones (an adjustment could carry it), are not invoiced."""
        undecided = self._request("needs_review", name="Something odd with the ledger")
        self._log(undecided, 2.0, "2026-03-05")
        self._log(self._request("billable"), 1.0, "2026-02-10")
        march, april, february = (self._statement(m) for m in ("2026-03-01", "2026-04-01", "2026-02-01"))
        self.assertAlmostEqual(march.billable_hours, 2.0, msg="charged until decided")
        for statement in (march, april):
            with self.assertRaises(RedirectWarning) as caught:
                statement.action_create_invoices()
            message, action = caught.exception.args[:2]
            self.assertIn(undecided.display_name, message)
            self.assertIn(statement.period, message)
            self.assertEqual(action["res_model"], "amc.request")
            self.assertEqual(self.env["amc.request"].search(action["domain"]), undecided)
            self.assertFalse(statement.invoice_id)
        with self.assertRaises(RedirectWarning):
            (february | march).action_create_invoices()
        self.assertFalse(february.invoice_id, "nothing is half-done: the whole selection is refused")
        self.assertFalse(self.env["account.move"].search([("partner_id", "=", self.customer.id)]))
        self.assertTrue(self._invoice(february), "a month before the undecided time is invoiced")

        undecided.action_override_scope("included", "Maintenance: a bug in the ledger")
        invoice = self._invoice(march)
        self.assertAlmostEqual(invoice.amount_untaxed, 5000.0 + 400.0, msg="decided covered: nothing charged")
        self._assert_check_clean()

    def test_undecided_request_found_under_a_race_is_refused(self):
        """The check is repeated under the agreement's lock: a request set back to needs review
        after the first check still stops its invoice."""
        request = self._request("billable")
        self._log(request, 1.0, "2026-03-05")
        march = self._statement("2026-03-01")
        request.write({"scope": "needs_review", "scope_override_reason": "Not sure after all"})
        with self.assertRaisesRegex(UserError, "cannot be invoiced yet"):
            march.sudo()._create_invoices()
        self.assertFalse(march.invoice_id)

    def test_cron_leaves_undecided_months_and_says_why(self):
        undecided = self._request("needs_review", name="Odd totals")
        self._log(undecided, 1.0, "2026-06-10")
        other = self._agreement(name="Decided agreement", has_maintenance=True, maintenance_fee=1000.0)
        self._log(self._request("billable", agreement=other), 1.0, "2026-06-11")
        self.env["ir.config_parameter"].sudo().set_param("addon_amc.invoice_day", "5")
        with freeze_time("2026-07-05"):
            self.env["amc.statement"]._cron_create_invoices()
        self.assertFalse(self._statement("2026-06-01").invoice_id)
        self.assertIn(undecided.display_name, self.agreement.message_ids[:1].body)
        self.assertIn("cannot be invoiced yet", self.agreement.message_ids[:1].body)
        self.assertEqual(self._statement("2026-06-01", other).invoice_id.state, "draft")

    def test_undecided_check_does_not_grow_with_history(self):
        statements = self._statement("2026-03-01") | self._statement("2026-04-01")

        def cost(requests_count):
            for index in range(requests_count):
                self._log(self._request("needs_review", name=f"Undecided {index}"), 0.5, "2026-03-02")
                self._log(self._request("billable", name=f"Decided {index}"), 0.5, "2026-03-03")
            self.env.flush_all()
            for _warm_up in range(2):  # access rules loaded again (a decision clears the caches)
                self.env.invalidate_all()
                statements._undecided_requests()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            found = statements._undecided_requests()
            return self.env.cr.sql_log_count - before, found

        few, found = cost(2)
        self.assertEqual(len(found[statements[0]]), 2)
        many, found = cost(20)
        self.assertEqual(len(found[statements[1]]), 22)
        self.assertEqual(few, many)

    def test_archiving_a_key_user_resyncs_the_open_months_only(self):
        self._invoice(self._statement("2026-02-01")).action_post()
        Statement = self.env["amc.statement"]
        calls = []
        sync = type(Statement)._sync_statements

        def spy(model, pairs, delta=None):
            calls.append(set(pairs))
            return sync(model, pairs, delta)

        with patch.object(type(Statement), "_sync_statements", spy):
            self.key_users[0].active = False
        open_months = Statement.search([("agreement_id", "=", self.agreement.id), ("invoice_id", "=", False)])
        self.assertEqual(calls, [{(self.agreement.id, month) for month in open_months.mapped("month")}])
        self.assertNotIn((self.agreement.id, self._statement("2026-02-01").month), calls[0])
        self.assertEqual(self._statement("2026-03-01").first_line_users, 1)
        self.assertEqual(self._statement("2026-02-01").first_line_users, 2, "invoiced: frozen")
        self._assert_check_clean()

    def test_cron_computes_only_the_months_without_a_statement(self):
        Statement = self.env["amc.statement"]
        self._log(self._request("billable"), 1.0, "2026-03-10")
        self.env.flush_all()
        last = Statement.search([("agreement_id", "=", self.agreement.id)], order="month desc", limit=1)
        latest_month = last.month
        last.sudo().unlink()
        computed = []
        live = type(Statement)._live_values

        def spy(model, agreements, months=None):
            computed.append((set(agreements.ids), months if months is None else set(months)))
            return live(model, agreements, months)

        with patch.object(type(Statement), "_live_values", spy):
            Statement._cron_sync_months()
        mine = [months for ids, months in computed if self.agreement.id in ids]
        self.assertEqual(len(mine), 1)
        self.assertLessEqual(mine[0], {latest_month - relativedelta(months=1), latest_month})
        self.assertIn(latest_month, mine[0])
        self.assertTrue(self._statement(latest_month))
        self._assert_check_clean()

    def test_the_cron_invoices_each_month_alone_and_catches_up(self):
        """A statement that cannot be invoiced (a company without a sales journal) leaves the others invoiced;
        a day the cron did not run is caught up the next day; a month whose invoice was cancelled is left."""
        self._log(self._request("billable"), 1.0, "2026-06-10")
        no_books = self.env["res.company"].create({"name": "No Books Ltd", "currency_id": self.company.currency_id.id})
        self.env.user.company_ids = [Command.link(no_books.id)]
        bookless = self._agreement(
            name="Without a journal", company_id=no_books.id, maintenance_fee=300.0, has_maintenance=True
        )
        self.env["ir.config_parameter"].sudo().set_param("addon_amc.invoice_day", "5")
        with freeze_time("2026-07-06"):  # the 5th was missed
            self.env["amc.statement"]._cron_create_invoices()
        june = self._statement("2026-06-01")
        self.assertEqual(june.invoice_id.state, "draft", "caught up the day after")
        self.assertFalse(self._statement("2026-06-01", bookless).invoice_id)
        self.assertFalse(
            bookless.message_ids.filtered(lambda m: "was not invoiced" in (m.body or "")), "said on the day only"
        )
        june.invoice_id.button_cancel()
        with freeze_time("2026-08-05"):
            self.env["amc.statement"]._cron_create_invoices()
        self.assertFalse(june.invoice_id, "a cancelled month is left to whoever cancelled it")
        july = self._statement("2026-07-01")
        self.assertEqual(july.invoice_id.state, "draft")
        july.invoice_id.unlink()  # a deleted draft gives the month back as a cancelled one does
        with freeze_time("2026-08-06"):
            self.env["amc.statement"]._cron_create_invoices()
        self.assertFalse(july.invoice_id, "a deleted month is left to whoever deleted it")
        self.assertTrue(bookless.message_ids.filtered(lambda m: "was not invoiced" in (m.body or "")))
        self.assertIn("no sales journal", bookless.message_ids[:1].body)

    def test_closed_month_refuses_edits(self):
        request = self._request("billable")
        entry = self._log(request, 2.0, "2026-03-10")
        invoice = self._invoice(self._statement("2026-03-01"))
        # a draft invoice does not close the month yet
        entry.description = "Still open"
        invoice.action_post()
        other = self._agreement(name="Other agreement")
        Entry = self.env["amc.time.entry"]
        checks = [
            lambda: Entry.create({"request_id": request.id, "duration": 1.0, "date": "2026-03-20"}),
            lambda: entry.write({"duration": 3.0}),
            lambda: entry.write({"date": "2026-04-02"}),
            lambda: entry.unlink(),
            lambda: request.write({"agreement_id": other.id}),
            lambda: self._log(self._request("billable"), 1.0, "2026-04-01").write({"date": "2026-03-31"}),
        ]
        for check in checks:
            with self.assertRaisesRegex(UserError, "2026-03 of Full service is closed"), self.env.cr.savepoint():
                check()
        self.assertEqual(entry.duration, 2.0)
        self.assertEqual(str(entry.date), "2026-03-10")
        self.assertEqual(request.agreement_id, self.agreement)
        self.assertEqual(len(request.time_entry_ids), 1)
        # an agent over RPC is refused the same way
        agent = new_test_user(
            self.env, login="amc_lock_agent", groups="addon_amc.group_amc_user", company_id=self.company.id
        )
        with self.assertRaisesRegex(UserError, "is closed"), self.env.cr.savepoint():
            Entry.with_user(agent).create({"request_id": request.id, "duration": 1.0, "date": "2026-03-21"})
        self.assertEqual(len(request.time_entry_ids), 1)
        # an open month is untouched by the lock
        self._log(self._request("billable"), 1.0, "2026-04-01")

    def test_reclassification_becomes_adjustment_next_month(self):
        request = self._request("billable")
        self._log(request, 2.0, "2026-03-10")
        march = self._statement("2026-03-01")
        invoice = self._invoice(march)
        invoice.action_post()
        invoiced_total = invoice.amount_untaxed
        self.assertAlmostEqual(march.billable_amount, 2000.0)

        request.action_override_scope("included", "A bug of ours after all")
        self.assertAlmostEqual(march.billable_amount, 2000.0, msg="an invoiced statement keeps its figures")
        self.assertAlmostEqual(march.total_amount, invoiced_total)
        self.assertAlmostEqual(march.live_billable_amount, 0.0)
        self.assertAlmostEqual(invoice.amount_untaxed, invoiced_total)
        april = self._statement("2026-04-01")
        self.assertAlmostEqual(april.adjustment_amount, -2000.0)
        self.assertAlmostEqual(april.total_amount, 5000.0 + 400.0 - 2000.0)
        self.assertIn("Adjustment for 2026-03", april.adjustment_note)
        self._assert_check_clean()

        april_invoice = self._invoice(april)
        self.assertEqual(april_invoice.move_type, "out_invoice")
        self.assertAlmostEqual(april_invoice.amount_untaxed, april.total_amount)
        adjustment = april_invoice.invoice_line_ids.filtered("amc_adjustment_statement_id")
        self.assertEqual(adjustment.amc_adjustment_statement_id, march)
        self.assertIn("Adjustment for 2026-03", adjustment.name)
        # carried once: May owes nothing for March
        self.assertFalse(self._statement("2026-05-01").adjustment_amount)
        self._assert_check_clean()
        # a cancelled invoice gives the adjustment back to the next open month
        april_invoice.button_cancel()
        self.assertFalse(april.invoice_id)
        self.assertAlmostEqual(april.adjustment_amount, -2000.0)
        self._assert_check_clean()

    def test_a_released_invoice_cannot_come_back_through_draft(self):
        """Cancel gives the month back; resetting that invoice to draft and posting it again would bill the
        month twice, once more through the statement's new invoice."""
        self._log(self._request("billable"), 2.0, "2026-03-10")
        march = self._statement("2026-03-01")
        first = self._invoice(march)
        first.action_post()
        first.button_cancel()
        self.assertFalse(march.invoice_id, "the month is given back")
        self.assertTrue(first.amc_released)
        with self.assertRaisesRegex(UserError, "bill it twice"):
            first.button_draft()
        self.assertEqual(first.state, "cancel")
        second = self._invoice(march)
        self.assertNotEqual(second, first)
        with self.assertRaises(AccessError):
            first.with_user(self.env.ref("base.user_admin")).with_context(su=False).sudo(False).write(
                {"amc_released": False}
            )
        self._assert_check_clean()

    def test_a_replaced_pack_invoice_cannot_come_back_through_draft(self):
        pack = self.env["amc.hour.pack"].create(
            {"agreement_id": self.agreement.id, "size": "25", "hours": 25.0, "price": 100.0}
        )
        pack.action_create_invoice()
        first = pack.invoice_id
        first.button_cancel()
        first.button_draft()  # not replaced yet: the pack's invoice may go back to draft
        first.button_cancel()
        pack.action_create_invoice()
        self.assertNotEqual(pack.invoice_id, first)
        with self.assertRaisesRegex(UserError, "bill it twice"):
            first.button_draft()

    def test_an_invoiced_agreement_keeps_its_currency_and_company(self):
        self._log(self._request("billable"), 2.0, "2026-03-10")
        march = self._statement("2026-03-01")
        self._invoice(march).action_post()
        eur = self.env.ref("base.EUR")
        other = self.env["res.currency"].search([("id", "!=", self.agreement.currency_id.id)], limit=1) or eur
        other.active = True
        total = march.total_amount
        with self.assertRaisesRegex(UserError, "has invoiced months"):
            self.agreement.write({"currency_id": other.id})
        with self.assertRaisesRegex(UserError, "has invoiced months"):
            self.agreement.write({"company_id": self.setup_other_company(name="Elsewhere")["company"].id})
        self.assertEqual(march.currency_id, self.company.currency_id)
        self.assertEqual(march.total_amount, total)
        # the same values are no change; an agreement without invoices changes freely
        self.agreement.write({"currency_id": self.agreement.currency_id.id, "hourly_rate": 900.0})
        fresh = self._agreement(name="Not invoiced yet")
        fresh.write({"currency_id": other.id})
        self.assertEqual(fresh.currency_id, other)

    def test_a_reversed_invoice_gives_its_month_and_adjustments_back(self):
        """Reversing is how an accountant takes back a posted invoice when a lock date forbids cancelling:
        the credit note that fully reverses it releases the month, and what it carried is owed again."""
        request = self._request("billable")
        self._log(request, 2.0, "2026-03-10")
        self._invoice(self._statement("2026-03-01")).action_post()
        request.action_override_scope("included", "A bug of ours after all")
        april = self._statement("2026-04-01")
        april_invoice = self._invoice(april)
        april_invoice.action_post()
        self.assertTrue(april_invoice.invoice_line_ids.filtered("amc_adjustment_statement_id"))
        self.assertFalse(self._statement("2026-05-01").adjustment_amount, "carried by April")
        credit_note = april_invoice._reverse_moves(cancel=True)
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(april_invoice.payment_state, "reversed")
        self.assertFalse(april.invoice_id, "April is given back")
        self.assertTrue(april_invoice.amc_released)
        self.assertAlmostEqual(april.adjustment_amount, -2000.0, msg="and what it carried is owed again")
        again = self._invoice(april)
        self.assertNotEqual(again, april_invoice)
        self.assertAlmostEqual(again.amount_total_signed, -credit_note.amount_total_signed, delta=0.01)
        self._assert_check_clean()

    def test_reverse_and_create_invoice_keeps_the_month_invoiced(self):
        """Odoo's "Reverse and Create Invoice" (the reversal wizard's Modify) is how an accountant corrects a posted
        invoice: a credit note cancels it and a draft copy replaces it. The copy invoices the same month and
        carries the same adjustments: the month stays linked to it (closed once it is posted), and neither the
        cron nor Create Invoices bills the month, or its adjustments, a second time."""
        request = self._request("billable")
        self._log(request, 2.0, "2026-03-10")
        self._invoice(self._statement("2026-03-01")).action_post()
        request.action_override_scope("included", "A bug of ours after all")
        april = self._statement("2026-04-01")
        original = self._invoice(april)
        original.action_post()
        carried = original.invoice_line_ids.filtered("amc_adjustment_statement_id")
        self.assertTrue(carried)
        copy = self._reverse_and_create(original, date="2026-05-02")
        self.assertEqual(original.payment_state, "reversed")
        self.assertEqual((copy.state, copy.amount_total), ("draft", original.amount_total))
        self.assertEqual(april.invoice_id, copy, "the month is invoiced by the copy")
        self.assertFalse(april.invoice_released)
        self.assertEqual(
            copy.invoice_line_ids.filtered("amc_adjustment_statement_id").mapped("amc_adjustment_statement_id"),
            carried.amc_adjustment_statement_id,
            "and it carries the same adjustments",
        )
        self.assertFalse(self._statement("2026-05-01").adjustment_amount, "carried by the copy, not owed again")
        copy.action_post()
        with self.assertRaisesRegex(UserError, "is closed"), self.env.cr.savepoint():
            self._log(self._request("billable"), 1.0, "2026-04-20")
        with self.assertRaisesRegex(RedirectWarning, "already invoiced"), self.env.cr.savepoint():
            april.action_create_invoices()
        self._assert_check_clean()

    def test_reverse_and_create_invoice_of_a_plain_month(self):
        """A month's invoice that carries no adjustment: the copy takes the month over just the same (the
        credit note has already given it back when the copy is made)."""
        request = self._request("billable")
        self._log(request, 2.0, "2026-03-10")
        march = self._statement("2026-03-01")
        original = self._invoice(march)
        original.action_post()
        copy = self._reverse_and_create(original)
        self.assertEqual((march.invoice_id, march.invoice_released), (copy, False))
        self._assert_check_clean()

    def test_reverse_and_create_invoices_of_two_months_at_once(self):
        """The wizard on several invoices: each copy takes over its own month, not the other's."""
        request = self._request("billable")
        self._log(request, 2.0, "2026-03-10")
        self._log(request, 1.0, "2026-04-10")
        months = self._statement("2026-03-01") | self._statement("2026-04-01")
        originals = self.env["account.move"]
        for month in months:
            originals |= self._invoice(month)
        originals.action_post()
        copies = self._reverse_and_create(originals)
        self.assertEqual(len(copies), 2)
        for month, original in zip(months, originals, strict=True):
            self.assertIn(month.invoice_id, copies)
            self.assertEqual(month.invoice_id.amount_total, original.amount_total)
        self.assertNotEqual(months[0].invoice_id, months[1].invoice_id)
        self._assert_check_clean()

    def test_reverse_and_create_invoice_keeps_the_pack_invoiced(self):
        """The same for a prepaid pack's invoice: the copy is the pack's invoice, so the pack is not invoiced
        again; with paid-only packs its hours wait for the copy to be paid."""
        pack, request = self._paid_june_pack()
        original = pack.invoice_id
        self.assertEqual(request.allocation_ids.mapped("bucket"), ["pack"])
        copy = self._reverse_and_create(original, reason="Wrong customer reference")
        self.assertEqual(pack.invoice_id, copy)
        self.assertEqual(request.allocation_ids.mapped("bucket"), ["billable"], "unpaid: the hours wait")
        copy.action_post()
        self._register_payment(copy)
        self.assertEqual(request.allocation_ids.mapped("bucket"), ["pack"], "paid: the pack's hours again")
        with self.assertRaisesRegex(RedirectWarning, "already invoiced"), self.env.cr.savepoint():
            pack.action_create_invoice()
        self._assert_check_clean()

    def test_a_reversed_pack_invoice_takes_its_hours_back(self):
        pack, request = self._paid_june_pack()
        invoice = pack.invoice_id
        self.assertEqual(request.allocation_ids.mapped("bucket"), ["pack"])
        # refunded: a credit note, itself paid back; the invoice stays "paid"
        credit_note = invoice._reverse_moves()
        credit_note.action_post()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(request.allocation_ids.mapped("bucket"), ["billable"], "the pack's hours are taken back")
        pack.action_create_invoice()
        self.assertNotEqual(pack.invoice_id, invoice, "the pack can be invoiced again")
        self._assert_check_clean()

    def test_a_change_no_open_month_can_carry_is_refused(self):
        """An ended agreement whose months are all invoiced: a change to an invoiced month would be lost."""
        ended = self._agreement(
            name="Ended in March", date_end="2026-03-31", has_maintenance=True, maintenance_fee=100.0
        )
        request = self._request("billable", agreement=ended)
        self._log(request, 2.0, "2026-03-10")
        for month in ("2026-01-01", "2026-02-01", "2026-03-01"):
            self._invoice(self._statement(month, ended)).action_post()
        with self.assertRaisesRegex(UserError, "no open month after 2026-03"), self.env.cr.savepoint():
            ended.write({"hourly_rate": 500.0})
        self.env.invalidate_all()
        self.assertEqual(ended.hourly_rate, 1000.0)
        with self.assertRaisesRegex(UserError, "no open month after 2026-03"), self.env.cr.savepoint():
            request.action_override_scope("included", "A bug of ours after all")
        self.env.invalidate_all()
        self.assertEqual(request.scope, "billable")
        # the last month's invoice cancelled: March is open again and takes the change
        self._statement("2026-03-01", ended).invoice_id.button_cancel()
        request.action_override_scope("included", "A bug of ours after all")
        self.assertAlmostEqual(self._statement("2026-03-01", ended).billable_amount, 0.0)
        self._assert_check_clean()

    def test_negative_adjustment_makes_a_credit_note(self):
        agreement = self._agreement(name="Hours only")
        request = self._request("billable", agreement)
        self._log(request, 3.0, "2026-05-12")
        may = self._statement("2026-05-01", agreement)
        self._invoice(may).action_post()
        self.assertAlmostEqual(may.live_billable_amount, 3000.0)
        agreement.hourly_rate = 500.0  # the rate is lowered retroactively
        self.assertAlmostEqual(may.live_billable_amount, 1500.0)
        self.assertAlmostEqual(may.billable_amount, 3000.0)
        june = self._statement("2026-06-01", agreement)
        self.assertAlmostEqual(june.total_amount, -1500.0)
        credit_note = self._invoice(june)
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertAlmostEqual(credit_note.amount_untaxed, 1500.0)
        self.assertFalse(self._statement("2026-07-01", agreement).adjustment_amount)
        self._assert_check_clean()

    def test_pack_invoice_and_paid_only_setting(self):
        pack = self._june_pack(price=20000.0)
        self.env["ir.config_parameter"].sudo().set_param("addon_amc.packs_paid_only", "True")
        request = self._request("billable")
        self._log(request, 2.0, "2026-06-10")
        self.assertEqual(request.allocation_ids.mapped("bucket"), ["billable"], "an uninvoiced pack is not used")
        self.assertIn(pack.name, self.agreement.unpaid_pack_note)

        pack.action_create_invoice()
        invoice = pack.invoice_id
        self.assertEqual(invoice.invoice_line_ids.product_id, self.env.ref("addon_amc.product_product_amc_pack_25"))
        self.assertAlmostEqual(invoice.amount_untaxed, 20000.0)
        self.assertEqual(invoice.currency_id, self.agreement.currency_id)
        with self.assertRaises(RedirectWarning):
            pack.action_create_invoice()
        invoice.action_post()
        self.assertEqual(pack.invoice_payment_state, "not_paid")
        self.assertEqual(request.allocation_ids.mapped("bucket"), ["billable"], "posted but unpaid: still not used")

        self._register_payment(invoice)
        self.assertIn(pack.invoice_payment_state, ("paid", "in_payment"))
        self.assertEqual(request.allocation_ids.mapped("bucket"), ["pack"])
        self.assertFalse(self.agreement.unpaid_pack_note)
        self._assert_check_clean()

    def test_pack_invoice_events_allocate_only_a_flip_from_the_purchase(self):
        """With paid-only packs, an invoice event that changes no pack's use allocates nothing, and a
        payment allocates the requests from the pack's purchase on, not the agreement's history."""
        self.env["ir.config_parameter"].sudo().set_param("addon_amc.packs_paid_only", "True")
        for index in range(5):
            self._log(self._request("billable", name=f"Before the pack {index}"), 1.0, f"2026-0{index + 1}-10")
        after = self._request("billable", name="After the pack")
        self._log(after, 2.0, "2026-06-10")
        pack = self._june_pack()
        allocated = []
        allocate = billing.Allocator.allocate_request

        def spy(allocator, request):
            allocated.append(request.id)
            return allocate(allocator, request)

        with patch.object(billing.Allocator, "allocate_request", spy):
            pack.action_create_invoice()
            pack.invoice_id.action_post()
            self.assertEqual(allocated, [], "a draft, then posted unpaid: the pack is not used either way")
            self._register_payment(pack.invoice_id)
        self.assertEqual(set(allocated), {after.id}, "only the requests from the purchase on")
        self.assertEqual(after.allocation_ids.mapped("bucket"), ["pack"])
        self._assert_check_clean()

    def test_turning_paid_only_on_in_settings_reallocates(self):
        pack = self.env["amc.hour.pack"].create(
            {"agreement_id": self.agreement.id, "hours": 5.0, "date_purchase": "2026-06-01"}
        )
        request = self._request("billable")
        self._log(request, 2.0, "2026-06-10")
        self.assertEqual(request.allocation_ids.pack_id, pack)
        self.env["res.config.settings"].create({"amc_packs_paid_only": True}).execute()
        self.assertEqual(request.allocation_ids.mapped("bucket"), ["billable"])
        self.assertAlmostEqual(self._statement("2026-06-01").billable_amount, 2000.0)
        self.env["res.config.settings"].create({"amc_packs_paid_only": False}).execute()
        self.assertEqual(request.allocation_ids.pack_id, pack)
        self._assert_check_clean()

    def test_packs_are_used_unpaid_by_default(self):
        pack = self.env["amc.hour.pack"].create(
            {"agreement_id": self.agreement.id, "hours": 5.0, "date_purchase": "2026-06-01"}
        )
        request = self._request("billable")
        self._log(request, 2.0, "2026-06-10")
        self.assertEqual(request.allocation_ids.pack_id, pack)
        self.assertFalse(self.agreement.unpaid_pack_note)


@tagged("post_install", "-at_install")
class TestAmcInvoicingAccess(AmcInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support_manager = new_test_user(
            cls.env,
            login="amc_invoicing_manager",
            groups="addon_amc.group_amc_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        company_b = cls.setup_other_company(name="Company B")["company"]
        cls.billing_user_b = new_test_user(
            cls.env,
            login="amc_billing_b",
            groups="addon_amc.group_amc_manager,account.group_account_invoice",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )

    def test_no_billing_rights_no_invoice(self):
        statement = self._statement("2026-02-01")
        with self.assertRaisesRegex(UserError, "billing rights"):
            statement.with_user(self.support_manager).action_create_invoices()
        pack = self.env["amc.hour.pack"].create({"agreement_id": self.agreement.id, "hours": 5.0, "price": 100.0})
        with self.assertRaisesRegex(UserError, "billing rights"):
            pack.with_user(self.support_manager).action_create_invoice()
        self.assertFalse(statement.invoice_id)
        self.assertFalse(pack.invoice_id)
        self.assertFalse(self.env["account.move"].search([("partner_id", "=", self.customer.id)]))

    def test_other_company_user_can_do_nothing(self):
        statement = self._statement("2026-02-01")
        as_b = statement.with_user(self.billing_user_b)
        with self.assertRaises(AccessError):
            as_b.action_create_invoices()
        with self.assertRaises(AccessError):
            as_b.read(["total_amount"])
        with self.assertRaises(AccessError):
            as_b.write({"total_amount": 1.0})
        self.assertFalse(self.env["amc.statement"].with_user(self.billing_user_b).search([("id", "=", statement.id)]))
        self.assertFalse(statement.invoice_id)

    def test_adjustment_lines_are_set_by_the_module_only(self):
        """An adjustment line changes what a statement still owes: no billing user sets one by
        RPC, in another company or in the statement's own."""
        request = self._request("billable")
        self._log(request, 2.0, "2026-03-10")
        march = self._statement("2026-03-01")
        self._invoice(march).action_post()
        request.action_override_scope("included", "A bug of ours after all")
        april_invoice = self._invoice(self._statement("2026-04-01"))
        adjustment = april_invoice.invoice_line_ids.filtered("amc_adjustment_statement_id")
        self.assertEqual(adjustment.amc_adjustment_statement_id, march)
        due = self.env["amc.statement"]._adjustments_due(march)
        self.assertFalse(due, "carried once, by the module")

        bookkeeper = new_test_user(
            self.env,
            login="amc_bookkeeper_a",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        forged = [
            Command.create(
                {"name": "Forged", "quantity": 1.0, "price_unit": 1.0, "amc_adjustment_statement_id": march.id}
            )
        ]
        for user in (self.billing_user_b, bookkeeper):
            Move = self.env["account.move"].with_user(user).with_company(user.company_id)
            with self.subTest(user=user.login), self.assertRaises(AccessError), self.env.cr.savepoint():
                Move.create({"move_type": "out_invoice", "partner_id": self.customer.id, "invoice_line_ids": forged})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            adjustment.with_user(bookkeeper).write({"amc_adjustment_amount": 1e6})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            april_invoice.with_user(bookkeeper).write(
                {"invoice_line_ids": [Command.update(adjustment.id, {"amc_adjustment_statement_id": False})]}
            )
        self.assertEqual(adjustment.amc_adjustment_statement_id, march)
        self.assertEqual(self.env["amc.statement"]._adjustments_due(march), due)
        # the bookkeeper still edits the draft invoice as usual
        april_invoice.with_user(bookkeeper).write({"ref": "PO 4711"})
        self._assert_check_clean()

    def test_statement_check_is_for_support_managers(self):
        agent = new_test_user(
            self.env, login="amc_check_agent", groups="addon_amc.group_amc_user", company_id=self.company.id
        )
        for action in ("action_check_statements", "action_rebuild_statements"):
            with self.assertRaises(AccessError):
                getattr(self.env["amc.statement"].with_user(agent), action)()
        result = self.env["amc.statement"].with_user(self.support_manager).action_check_statements()
        self.assertEqual(result["params"]["type"], "success")

    def test_the_statement_check_and_rebuild_stay_in_the_managers_companies(self):
        company_b = self.billing_user_b.company_id
        agreement_b = self._agreement(
            name="Company B Support", company_id=company_b.id, currency_id=company_b.currency_id.id
        )
        statement_b = self._statement("2026-02-01", agreement_b)
        statement_b.sudo().write({"billable_amount": 999.0})  # drifted
        as_a = self.env["amc.statement"].with_user(self.support_manager)
        result = as_a.action_check_statements()
        self.assertEqual(result["params"]["type"], "success", result["params"]["message"])
        self.assertNotIn("Company B Support", result["params"]["message"])
        count_a = self.env["amc.statement"].search_count([("company_id", "=", self.company.id)])
        self.assertIn(f"All {count_a} statements", result["params"]["message"])
        as_a.action_rebuild_statements()
        self.assertEqual(statement_b.billable_amount, 999.0, "company B's statements are not A's manager's to rebuild")
        result_b = self.env["amc.statement"].with_user(self.billing_user_b).action_check_statements()
        self.assertEqual(result_b["params"]["type"], "warning")
        self.assertIn("Company B Support", result_b["params"]["message"])

    def test_statements_are_read_only_for_support_managers(self):
        statement = self._statement("2026-02-01")
        with self.assertRaises(AccessError):
            statement.with_user(self.support_manager).write({"total_amount": 1.0})
        with self.assertRaises(AccessError):
            statement.with_user(self.support_manager).unlink()
        self.assertAlmostEqual(statement.total_amount, 5400.0)


@tagged("post_install", "-at_install")
class TestAmcStatementCheck(AmcInvoicingCommon):
    def test_archiving_a_registered_user_updates_open_months(self):
        march = self._statement("2026-03-01")
        self._invoice(march).action_post()
        self.key_users[0].active = False
        self.assertEqual(self._statement("2026-04-01").first_line_users, 1)
        self.assertAlmostEqual(self._statement("2026-04-01").first_line_fee, 200.0)
        self.assertEqual(march.first_line_users, 2, "an invoiced month keeps its figures")
        self._assert_check_clean()

    def test_check_finds_a_drifted_row_and_rebuild_repairs_it(self):
        self._log(self._request("billable"), 1.0, "2026-03-10")
        self._assert_check_clean()
        statement = self._statement("2026-03-01")
        self.env.cr.execute("UPDATE amc_statement SET billable_amount = 1.0 WHERE id = %s", [statement.id])
        self.env.cr.execute(
            "DELETE FROM amc_statement WHERE agreement_id = %s AND month = '2026-02-01'", [self.agreement.id]
        )
        self.env.invalidate_all()
        problems = self.env["amc.statement"]._check_statements()
        self.assertTrue(any("2026-03" in problem and "billable_amount" in problem for problem in problems), problems)
        self.assertTrue(any("2026-02" in problem and "no statement" in problem for problem in problems), problems)
        result = self.env["amc.statement"].action_rebuild_statements()
        self.assertEqual(result["params"]["type"], "success")
        self._assert_check_clean()

    def test_stored_statements_follow_random_histories(self):
        """Random entries, edits, deletes, backdated work, packs, expiry and reclassification:
        after every step the stored statements equal a computation from scratch."""
        rng = random.Random(11)
        scopes = ["included", "first_line", "config", "billable", "needs_review"]
        requests = [self._request(rng.choice(scopes)) for _index in range(6)]
        entries = self.env["amc.time.entry"]
        for step in range(40):
            if step == 15:
                # February and April are invoiced and posted: their edits are refused, the rest adjusts
                # an agent decides every request first: undecided time blocks invoicing
                for request in (r for r in requests if r.scope == "needs_review"):
                    request.action_override_scope("billable", "Decided before invoicing")
                for month in ("2026-02-01", "2026-04-01"):
                    self._invoice(self._statement(month)).action_post()
            action = rng.choice(["log", "log", "log", "edit", "delete", "scope", "pack", "rate"])
            day = f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
            try:
                with self.env.cr.savepoint():
                    if action == "log" or not entries:
                        entries |= self._log(rng.choice(requests), rng.choice([0.1, 0.25, 0.5, 1.0, 2.5]), day)
                    elif action == "edit":
                        rng.choice(entries).write(
                            rng.choice([{"duration": rng.choice([0.2, 1.0, 3.0])}, {"date": day}])
                        )
                    elif action == "delete":
                        entry = rng.choice(entries)
                        entries -= entry
                        entry.unlink()
                    elif action == "scope":
                        rng.choice(requests).action_override_scope(rng.choice(scopes), "Random reclassification")
                    elif action == "pack":
                        self.env["amc.hour.pack"].create(
                            {
                                "agreement_id": self.agreement.id,
                                "hours": rng.choice([1.0, 2.0, 5.0]),
                                "date_purchase": day,
                                "date_expiry": rng.choice([False, f"2026-{rng.randint(5, 12):02d}-28"]),
                            }
                        )
                    else:
                        self.agreement.hourly_rate = rng.choice([800.0, 1000.0, 1250.0])
            except UserError as error:
                self.assertIn("is closed", str(error))
                self.env.invalidate_all()
            self.assertEqual(self.env["amc.statement"]._check_statements(self.agreement), [], f"step {step}: {action}")
