# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a user may set is decided on the server, for every model and field of the module.

The generated tests find their fields and links by introspection (``_fields``):
a field or model added later is covered without editing them.
"""

import math
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.addons.addon_amc.addon_amc.models.amc_guard_mixin import USER_WRITABLE
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import MAGIC_COLUMNS
from odoo.tests import new_test_user, tagged

from .test_amc_sla import AmcSlaCommon, local

REFUSED = (AccessError, UserError, ValidationError)


def _module_models(env):
    """Every concrete model of the module (``amc.*``), the guard mixin itself aside."""
    return sorted(
        name
        for name, model in env.registry.items()
        if name.startswith("amc.") and not model._abstract and name != "amc.guard.mixin"
    )


@tagged("post_install", "-at_install")
class TestAmcGuard(AmcSlaCommon):
    """One record of every model of the module in company A, one of each link target in company B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_a = new_test_user(
            cls.env,
            login="amc_manager_a_only",
            groups="addon_amc.group_amc_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.colleague = new_test_user(
            cls.env, login="amc_colleague", groups="addon_amc.group_amc_user", company_id=cls.company_a.id
        )
        cls.agreement.write({"hourly_rate": 1000.0, "config_allowance_hours": 2.0})
        cls.pack = cls.env["amc.hour.pack"].create({"agreement_id": cls.agreement.id, "hours": 25, "price": 100})
        cls.request = cls._make_request(cls.agreement, "Printer on fire")
        # amc.request.sla: the request's clocks (response, resolution), planned when it is created
        assert cls.request.sla_ids, "a request on an agreement with an SLA policy has clocks"
        cls.entry = (
            cls.env["amc.time.entry"]
            .with_user(cls.agent)
            .create({"request_id": cls.request.id, "duration": 1.0, "date": "2026-05-18"})
            .sudo()
        )
        # what a save that met a concurrent allocation leaves for after its commit
        cls.env["amc.allocation.pending"].sudo().create(
            {"agreement_id": cls.agreement.id, "date_from": "2026-05-18", "request_ids": [cls.request.id], "months": []}
        )
        # the records the other flows make: a pause, an override, a health check and its lines,
        # a backup report, a patch, an upgrade plan with milestones and modules
        # the customer's instance ("This database"), its report and the checks that grade it
        cls.agreement.action_register_this_database()
        cls.env["amc.instance"].search([("agreement_id", "=", cls.agreement.id)])._collect_local_reports()
        cls.request.write({"state": "waiting"})
        cls.request.write({"state": "in_progress"})
        other_scope = "included" if cls.request.scope != "included" else "billable"
        cls.request.write({"scope": other_scope, "scope_override_reason": "Decided with the customer"})
        cls.agreement.action_run_health_check()
        cls.env["amc.backup.log"].create(
            {"agreement_id": cls.agreement.id, "status": "success", "finished_at": "2026-05-18 02:00:00"}
        )
        patch = cls.env["amc.patch"].create(
            {
                "agreement_id": cls.agreement.id,
                "title": "Security fix",
                "severity": "critical",
                "release_date": "2026-05-04",
            }
        )
        instance = cls.env["amc.instance"].search([("agreement_id", "=", cls.agreement.id)], limit=1)
        cls.env["amc.patch.instance"].create(
            {
                "patch_id": patch.id,
                "instance_id": instance.id,
                "applied_date": "2026-05-06",
                "report_id": instance.last_report_id.id,
            }
        )
        versions = cls.env["amc.odoo.version"].search([], order="sequence, id")
        plan = cls.env["amc.upgrade.plan"].create(
            {
                "agreement_id": cls.agreement.id,
                "from_version_id": versions[0].id,
                "to_version_id": versions[-1].id,
                "date_target": "2027-06-01",
            }
        )
        cls.env["amc.upgrade.module"].create({"plan_id": plan.id, "name": "custom_module"})
        cls.env["amc.backup.token.wizard"].create({"agreement_id": cls.agreement.id, "report_url": "https://x"})
        cls.env["amc.scope.suggestion"].create(
            {"company_id": cls.company_a.id, "word": "zebra", "scope": "billable", "count": 2}
        )
        # company B: one target of every link
        cls.calendar_b = cls.env["resource.calendar"].create(
            {"name": "Company B hours", "company_id": cls.company_b.id}
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Customer of B", "is_company": True, "company_id": cls.company_b.id}
        )
        cls.policy_b = cls.env["amc.sla.policy"].create({"name": "Company B SLA", "company_id": cls.company_b.id})
        cls.agreement_b = cls.env["amc.agreement"].create(
            cls._agreement_vals(
                name="Company B Agreement",
                company_id=cls.company_b.id,
                partner_id=cls.customer_b.id,
                state="active",
                hourly_rate=500.0,
                calendar_id=cls.calendar_b.id,
                user_id=cls.agent_b.id,
            )
        )
        cls.env["amc.hour.pack"].create({"agreement_id": cls.agreement_b.id, "hours": 50})
        cls.agreement_b.action_register_this_database()
        cls.env["amc.instance"].search([("agreement_id", "=", cls.agreement_b.id)])._collect_local_reports()
        cls.env["account.journal"].create(
            {"name": "Company B sales", "code": "BSAL", "type": "sale", "company_id": cls.company_b.id}
        )
        cls.request_b = cls._make_request(cls.agreement_b, "Company B request")
        cls.env["amc.time.entry"].create(
            {"request_id": cls.request_b.id, "duration": 1.0, "date": "2026-05-18", "user_id": cls.agent_b.id}
        )
        cls.agreement_b.action_run_health_check()
        cls.env["amc.upgrade.plan"].create(
            {
                "agreement_id": cls.agreement_b.id,
                "from_version_id": versions[0].id,
                "to_version_id": versions[-1].id,
                "date_target": "2027-06-01",
            }
        )
        cls.env["amc.scope.rule"].create(
            {
                "name": "Company B rule",
                "scope": "billable",
                "terms": "company b",
                "category": "Company B",
                "company_id": cls.company_b.id,
            }
        )

    @classmethod
    def _make_request(cls, agreement, name):
        return cls.env["amc.request"].create(
            {"name": name, "agreement_id": agreement.id, "priority": "high", "sla_start_date": local(2026, 5, 18, 9, 0)}
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _record_of(self, model, company=None):
        Model = self.env[model].sudo()
        domain = []
        if "company_id" in Model._fields:
            # company A's records, or shared ones; company B's own
            domain = [("company_id", "in", [company.id] if company else [self.company_a.id, False])]
        record = Model.search(domain, limit=1, order="id desc")
        self.assertTrue(record, f"no {model} record in {company or self.company_a}: add one to setUpClass")
        return record

    def _writer(self, model):
        """Somebody allowed to write ``model`` in company A only (the ACL may refuse everybody)."""
        for user in (self.agent, self.manager_a):
            if self.env[model].with_user(user).has_access("write"):
                return user
        return self.manager_a

    def _other_value(self, record, name):
        """A valid value of field ``name`` that differs from the record's."""
        field = record._fields[name]
        current = record[name]
        if field.type == "many2one":
            other = self.env[field.comodel_name].sudo().search([("id", "!=", current.id)], limit=1)
            return other.id
        if field.type in ("one2many", "many2many"):
            return [Command.clear()]
        if field.type == "selection":
            keys = [key for key, _label in field._description_selection(self.env)]
            return next(key for key in keys if key != current)
        if field.type == "boolean":
            return not current
        if field.type in ("integer", "float", "monetary"):
            return (current or 0) + 7
        if field.type == "date":
            return date(2020, 2, 2)
        if field.type == "datetime":
            return datetime(2020, 2, 2, 2, 2, 2)
        if field.type == "html":
            return "<p>forged</p>"
        if field.type in ("char", "text"):
            return "forged"
        if field.type == "json":
            return {"forged": True}
        return False

    def _assert_refused(self, func):
        """``func`` raises one of the refusals (access, user or validation error), changing nothing."""
        try:
            with self.env.cr.savepoint():
                func()
                self.env.flush_all()
        except REFUSED:
            return
        self.fail("not refused")

    @staticmethod
    def _snapshot(record, names):
        record.invalidate_recordset()
        return {name: record[name] for name in names}

    # ------------------------------------------------------------------
    # generated: fields only the module writes
    # ------------------------------------------------------------------
    def test_every_module_model_is_guarded(self):
        guarded = set(self.env["amc.guard.mixin"]._inherit_children)
        for model in _module_models(self.env):
            with self.subTest(model=model):
                self.assertIn(model, guarded, f"{model} does not inherit amc.guard.mixin")

    def test_fields_only_the_module_writes_are_refused_to_users(self):
        checked = 0
        for model in _module_models(self.env):
            Model = self.env[model]
            writable = USER_WRITABLE.get(model, ())
            # related and computed fields (unless declared editable with readonly=False, like a
            # default the user may change) and fields declared read-only: the module's own
            names = sorted(
                name
                for name, field in Model._fields.items()
                if field._module == "addon_amc"
                and field.store
                and field.readonly
                and name not in writable
                and name not in MAGIC_COLUMNS  # Odoo itself drops these from create and write
            )
            if not names:
                continue
            record = self._record_of(model)
            user = self._writer(model)
            base_vals = {
                key: value
                for key, value in record.copy_data()[0].items()
                if key not in names and key in Model._fields and not Model._fields[key].readonly
            }
            for name in names:
                with self.subTest(model=model, field=name):
                    value = self._other_value(record, name)
                    before = self._snapshot(record, names)
                    self._assert_refused(lambda: record.with_user(user).write({name: value}))  # noqa: B023
                    self.assertEqual(self._snapshot(record, names), before, "nothing may change")
                    count = Model.sudo().search_count([])
                    self._assert_refused(lambda: Model.with_user(user).create([{**base_vals, name: value}]))  # noqa: B023
                    self.assertEqual(Model.sudo().search_count([]), count, "nothing may be created")
                    checked += 1
        # the billing results, the links the company follows and the SLA clocks are among them
        self.assertGreater(checked, 60)

    def test_stored_billing_results_survive_nothing_forged(self):
        """The named cases of the audit, end to end: forged totals and moved time are refused."""
        as_agent = self.entry.with_user(self.agent)
        for vals in (
            {"billed_hours": 0.0},
            {"amount": 0.0},
            {"bucket": "maintenance"},
            {"agreement_id": self.agreement_b.id},
            {"company_id": self.company_b.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_agent.write(vals)
        for vals in (
            {"hours_billed": 0.0},
            {"billable_amount": 0.0},
            {"company_id": self.company_b.id},
            {"customer_id": self.customer_b.id},
        ):
            with self.subTest(vals=vals):
                self._assert_refused(lambda vals=vals: self.request.with_user(self.agent).write(vals))
        self.agreement._recompute_allocations()
        self.assertEqual(self.entry.agreement_id, self.agreement)
        self.assertEqual(self.request.company_id, self.company_a)
        self.assertEqual(self.request.customer_id, self.customer)

    def test_context_defaults_of_protected_fields_are_ignored(self):
        Request = self.env["amc.request"].with_user(self.agent)
        request = Request.with_context(
            default_customer_id=self.customer_b.id,
            default_resolved_date=datetime(2026, 5, 18, 10, 0),
            default_scope_overridden=True,
        ).create({"name": "Defaults", "agreement_id": self.agreement.id})
        self.assertEqual(request.company_id, self.company_a)
        self.assertEqual(request.customer_id, self.customer)
        self.assertFalse(request.resolved_date)
        self.assertFalse(request.scope_overridden)
        # a form's context reaches the lines created inside it: it must not break them
        request.with_context(default_agreement_id=self.agreement.id).write(
            {"time_entry_ids": [Command.create({"duration": 0.5, "date": "2026-05-19"})]}
        )
        self.assertEqual(request.time_entry_ids.agreement_id, self.agreement)

    # ------------------------------------------------------------------
    # generated: cross-company links
    # ------------------------------------------------------------------
    def _company_b_target(self, comodel):
        if comodel == "res.users":
            return self.agent_b
        if comodel == "res.company":
            return self.company_b
        return self._record_of(comodel, self.company_b)

    def test_links_to_another_company_are_refused(self):
        checked = 0
        for model in _module_models(self.env):
            Model = self.env[model]
            if "company_id" not in Model._fields:
                continue
            protected = Model._amc_protected_fields()
            links = sorted(
                name
                for name, field in Model._fields.items()
                if field.type == "many2one"
                and field.store
                and name not in protected
                and name not in MAGIC_COLUMNS
                and field.comodel_name != "res.currency"
                and (
                    "company_id" in self.env[field.comodel_name]._fields
                    or field.comodel_name in ("res.users", "res.company")
                )
            )
            if not links:
                continue
            record = self._record_of(model)
            user = self._writer(model)
            for name in links:
                with self.subTest(model=model, field=name):
                    target = self._company_b_target(self.env[model]._fields[name].comodel_name)
                    before = record[name]
                    self._assert_refused(lambda: record.with_user(user).write({name: target.id}))  # noqa: B023
                    record.invalidate_recordset()
                    self.assertEqual(record[name], before, "the link must not change")
                    checked += 1
        self.assertGreater(checked, 8)

    def test_agent_cannot_move_a_request_to_another_company(self):
        """The audit's case: company B's pack would pay for company A's agent's hours."""
        with self.assertRaises(AccessError):
            self.request.with_user(self.agent).write({"agreement_id": self.agreement_b.id})
        self.assertEqual(self.request.agreement_id, self.agreement)
        with self.assertRaises(AccessError):
            self.env["amc.request"].with_user(self.agent).create(
                {"name": "Sneaky", "agreement_id": self.agreement_b.id}
            )
        self.assertFalse(self.env["amc.request"].sudo().search([("name", "=", "Sneaky")]))

    # ------------------------------------------------------------------
    # states, ownership, bounds
    # ------------------------------------------------------------------
    def test_requests_only_on_active_agreements(self):
        draft = self.env["amc.agreement"].create(self._agreement_vals(name="Draft"))
        cancelled = self.env["amc.agreement"].create(self._agreement_vals(name="Cancelled", state="cancelled"))
        Request = self.env["amc.request"].with_user(self.agent)
        for agreement in (draft, cancelled):
            with self.subTest(state=agreement.state):
                with self.assertRaises(ValidationError):
                    Request.create({"name": "Too early", "agreement_id": agreement.id})
                with self.assertRaises(ValidationError):
                    self.request.with_user(self.agent).write({"agreement_id": agreement.id})
        self.assertEqual(self.request.agreement_id, self.agreement)
        self.assertFalse(self.env["amc.request"].search([("name", "=", "Too early")]))

    def test_time_only_on_open_requests(self):
        closed = self._make_request(self.agreement, "Done already")
        closed.write({"state": "resolved"})
        Entry = self.env["amc.time.entry"].with_user(self.agent)
        with self.assertRaises(ValidationError):
            Entry.create({"request_id": closed.id, "duration": 1.0, "date": "2026-05-19"})
        with self.assertRaises(ValidationError):
            self.entry.with_user(self.agent).write({"request_id": closed.id})
        self.assertFalse(closed.time_entry_ids)
        self.assertEqual(self.entry.request_id, self.request)
        # time already logged on a request that is then resolved: neither changed nor deleted until reopened
        self.request.write({"state": "resolved"})
        for change in (
            lambda: self.entry.with_user(self.agent).write({"duration": 24.0}),
            lambda: self.entry.with_user(self.agent).write({"date": "2026-05-20"}),
            lambda: self.entry.with_user(self.manager).write({"duration": 24.0}),
            lambda: self.entry.with_user(self.agent).unlink(),
        ):
            with self.assertRaisesRegex(ValidationError, "Reopen it first"), self.env.cr.savepoint():
                change()
        self.env.invalidate_all()
        self.assertTrue(self.entry.exists())
        self.assertNotEqual(self.entry.duration, 24.0)
        self.entry.with_user(self.agent).write({"description": "What was done, said better"})
        self.request.write({"state": "in_progress"})
        self.entry.with_user(self.agent).write({"duration": 2.0})

    def test_agent_cannot_give_their_time_to_a_colleague(self):
        with self.assertRaises(AccessError):
            self.entry.with_user(self.agent).write({"user_id": self.colleague.id})
        self.assertEqual(self.entry.user_id, self.agent)
        with self.assertRaises(AccessError):
            self.env["amc.time.entry"].with_user(self.agent).create(
                {"request_id": self.request.id, "duration": 1.0, "date": "2026-05-19", "user_id": self.colleague.id}
            )
        # a manager may book time for an agent
        self.entry.with_user(self.manager).write({"user_id": self.colleague.id})
        self.assertEqual(self.entry.user_id, self.colleague)

    def test_numbers_are_bounded(self):
        Entry = self.env["amc.time.entry"].with_user(self.agent)
        count = Entry.sudo().search_count([])
        for duration in (math.nan, math.inf, -math.inf, 1e308, 1_000_000.0, 24.5, "1e308", "nan", "abc"):
            with self.subTest(duration=duration), self.assertRaises(ValidationError) as caught:
                Entry.create({"request_id": self.request.id, "duration": duration, "date": "2026-05-19"})
            self.assertIn("Duration", str(caught.exception))
            with self.subTest(write=duration), self.assertRaises(ValidationError):
                self.entry.with_user(self.agent).write({"duration": duration})
        self.assertEqual(Entry.sudo().search_count([]), count)
        self.assertEqual(self.entry.duration, 1.0)
        Entry.create({"request_id": self.request.id, "duration": 24.0, "date": "2026-05-19"})
        # every number the module stores is bounded, for managers too
        as_manager = self.agreement.with_user(self.manager)
        for vals in (
            {"hourly_rate": math.inf},
            {"min_billable_minutes": 2**40},
            {"config_allowance_hours": 1e308},
            {"patch_window_day": 99},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                as_manager.write(vals)
        with self.assertRaises(ValidationError):
            self.env["amc.hour.pack"].with_user(self.manager).create({"agreement_id": self.agreement.id, "hours": 1e9})

    def test_nul_characters_are_refused_clearly(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["amc.request"].with_user(self.agent).create(
                {"name": "Bad\x00subject", "agreement_id": self.agreement.id}
            )
        self.assertIn("NUL", str(caught.exception))
        with self.assertRaises(ValidationError):
            self.request.with_user(self.agent).write({"name": "x\x00y"})
        with self.assertRaises(ValidationError):
            self.entry.with_user(self.agent).write({"description": "x\x00y"})
        self.assertEqual(self.request.name, "Printer on fire")


@tagged("post_install", "-at_install")
class TestAmcPublicHolidays(AmcSlaCommon):
    """One rule decides which public holidays count: SLA and patch deadlines agree."""

    def _patch(self, release):
        return self.env["amc.patch"].create(
            {"agreement_id": self.agreement.id, "title": "Fix", "severity": "critical", "release_date": release}
        )

    def _deadlines(self):
        with freeze_time("2026-05-18 07:00:00"):
            request = self._request(local(2026, 5, 18, 9, 0))  # high: 1 business day to respond
        patch = self._patch(date(2026, 5, 15))  # critical: 15 business days from the next Monday
        return request._sla_clock("response").deadline, patch.date_deadline

    def _leave(self, company):
        leave = self._holiday(local(2026, 5, 19, 0, 0), local(2026, 5, 19, 23, 59))
        # a leave of no company cannot be made through the form; it can exist in the data
        self.env.cr.execute("UPDATE resource_calendar_leaves SET company_id = %s WHERE id = %s", [company, leave.id])
        leave.invalidate_recordset()
        return leave

    def test_the_same_holiday_moves_sla_and_patch_deadlines_alike(self):
        sla_plain, patch_plain = self._deadlines()
        # a holiday of the company moves both by one business day
        self._leave(self.company_a.id)
        sla_company, patch_company = self._deadlines()
        self.assertGreater(sla_company, sla_plain)
        self.assertGreater(patch_company, patch_plain)
        # a leave of no company (or of another company) moves neither, as resource reads it
        self.env["resource.calendar.leaves"].search([("name", "=", "Public holiday")]).unlink()
        self._leave(None)
        sla_none, patch_none = self._deadlines()
        self.assertEqual(sla_none, sla_plain)
        self.assertEqual(patch_none, patch_plain)
