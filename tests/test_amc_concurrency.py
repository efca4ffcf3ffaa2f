# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
import time

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

REASON = "Concurrency test: scope set by hand"


@tagged("post_install", "-at_install")
class TestAmcAllocationConcurrency(BaseCase):
    """Two agents log time on the same agreement at the same moment.

    Each agent works in its own database transaction (real cursors, committed
    data), the way two HTTP requests would. The pack must never be consumed
    twice, and the second agent's call must not fail: its allocation waits for
    the first, cannot see it (snapshot isolation), and is deferred
    (``amc.allocation.pending``) to right after its own commit, in a
    transaction that reads what the first committed. No retry is needed.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dbname = get_db_name()
        cls.ids = {}
        with cls._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Concurrency Customer"})
            agreement = env["amc.agreement"].create(
                {
                    "name": "Concurrency agreement",
                    "partner_id": partner.id,
                    "state": "active",
                    "date_start": "2026-01-01",
                    "hourly_rate": 100.0,
                    "config_allowance_hours": 1.0,
                    "config_allowance_period": "month",
                }
            )
            pack = env["amc.hour.pack"].create(
                {
                    "agreement_id": agreement.id,
                    "hours": 1.0,
                    "date_purchase": "2026-01-01",
                }
            )
            requests = env["amc.request"].create(
                [
                    {
                        "name": "Agent one",
                        "agreement_id": agreement.id,
                        "scope": "billable",
                        "scope_override_reason": REASON,
                    },
                    {
                        "name": "Agent two",
                        "agreement_id": agreement.id,
                        "scope": "billable",
                        "scope_override_reason": REASON,
                    },
                    {
                        "name": "Agent one, config",
                        "agreement_id": agreement.id,
                        "scope": "config",
                        "scope_override_reason": REASON,
                    },
                    {
                        "name": "Agent two, config",
                        "agreement_id": agreement.id,
                        "scope": "config",
                        "scope_override_reason": REASON,
                    },
                    {
                        "name": "Both agents, one request",
                        "agreement_id": agreement.id,
                        "scope": "billable",
                        "scope_override_reason": REASON,
                    },
                ]
            )
            cls.ids = {
                "partner": partner.id,
                "agreement": agreement.id,
                "pack": pack.id,
                "request_one": requests[0].id,
                "request_two": requests[1].id,
                "config_one": requests[2].id,
                "config_two": requests[3].id,
                "shared": requests[4].id,
            }

    @classmethod
    def tearDownClass(cls):
        with cls._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            request_ids = [cls.ids[key] for key in ("request_one", "request_two", "config_one", "config_two", "shared")]
            # the agents' scope decisions were learned (committed): a later class must not learn from them
            env["amc.scope.example"].search([("request_id", "in", request_ids)]).unlink()
            env["amc.request"].browse(request_ids).exists().unlink()
            env["amc.agreement"].browse(cls.ids["agreement"]).exists().unlink()
            env["res.partner"].browse(cls.ids["partner"]).exists().unlink()
        super().tearDownClass()

    @classmethod
    def _cursor(cls):
        """A real cursor of its own transaction, bound to the loaded registry.

        Binding the registry up front matters: post-install tests run while
        the server holds the registry lock, which Environment() would
        otherwise wait for from another thread.
        """
        cr = db_connect(cls.dbname).cursor()
        cr.transaction = Transaction(Registry.registries[cls.dbname])
        return cr

    def _waiting_on_lock(self):
        with self._cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return cr.fetchone()[0] > 0

    def _race(self, request_one, request_two, day_one, day_two):
        """Agent one logs 45 min and holds its transaction open; agent two logs 45 min meanwhile."""
        attempts = []
        errors = []

        def agent_two():
            try:
                with self._cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})

                    def log_time():
                        attempts.append(1)
                        env["amc.time.entry"].create(
                            {
                                "request_id": request_two,
                                "duration": 0.75,
                                "date": day_two,
                            }
                        )

                    # what odoo.service.model.retrying does around every RPC: on a
                    # serialization failure, roll back and run the call again
                    for _try in range(5):
                        try:
                            with mute_logger("odoo.sql_db"):
                                log_time()
                                cr.flush()
                            break
                        except SerializationFailure:
                            cr.rollback()
                            env.transaction.clear()  # reset() would wait for the registry lock held by the test runner
            except Exception as error:
                errors.append(error)

        cr_one = self._cursor()
        try:
            env_one = api.Environment(cr_one, SUPERUSER_ID, {})
            env_one["amc.time.entry"].create(
                {
                    "request_id": request_one,
                    "duration": 0.75,
                    "date": day_one,
                }
            )
            # agent one holds the lock and has not committed; agent two starts now
            thread = threading.Thread(target=agent_two)
            thread.start()
            deadline = time.monotonic() + 15
            while not self._waiting_on_lock():
                self.assertLess(time.monotonic(), deadline, "agent two never waited for agent one's lock")
                time.sleep(0.05)
            cr_one.commit()
        finally:
            cr_one.close()
        thread.join(30)
        self.assertFalse(thread.is_alive(), "agent two is still blocked")
        self.assertFalse(errors, errors)
        self.assertEqual(len(attempts), 1, "agent two's call failed and had to be run again")
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertFalse(
                env["amc.allocation.pending"].search([("agreement_id", "=", self.ids["agreement"])]),
                "the deferred allocation did not run after agent two's commit",
            )
            agreement = env["amc.agreement"].browse(self.ids["agreement"])
            self.assertEqual(agreement._recompute_allocations(), 0, "the result differs from a full re-allocation")
            self.assertEqual(env["amc.statement"]._check_statements(agreement), [])
            cr.rollback()

    def test_two_agents_never_overconsume_a_pack(self):
        self._race(self.ids["request_one"], self.ids["request_two"], "2026-03-01", "2026-03-02")
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            pack = env["amc.hour.pack"].browse(self.ids["pack"])
            self.assertAlmostEqual(pack.hours_used, 1.0)
            lines = env["amc.time.allocation"].search([("agreement_id", "=", self.ids["agreement"])])
            pack_minutes = sum(lines.filtered(lambda line: line.bucket == "pack").mapped("minutes"))
            self.assertEqual(pack_minutes, 60, "the pack was consumed more than once")
            two = lines.filtered(lambda line: line.request_id.id == self.ids["request_two"])
            self.assertEqual(sorted((line.bucket, line.minutes) for line in two), [("billable", 30), ("pack", 15)])

    def test_two_agents_never_overconsume_the_config_allowance(self):
        """No pack row changes here: only the agreement lock serializes the two."""
        self._race(self.ids["config_one"], self.ids["config_two"], "2026-04-01", "2026-04-02")
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            lines = env["amc.time.allocation"].search(
                [
                    ("agreement_id", "=", self.ids["agreement"]),
                    ("date", ">=", "2026-04-01"),
                ]
            )
            config_minutes = sum(lines.filtered(lambda line: line.bucket == "config").mapped("minutes"))
            self.assertEqual(config_minutes, 60, "the monthly allowance was used more than once")
            two = lines.filtered(lambda line: line.request_id.id == self.ids["config_two"] and line.bucket == "config")
            self.assertEqual(sum(two.mapped("minutes")), 15, "agent two got more than what was left")

    def test_two_agents_on_the_same_request(self):
        """Both agents log 45 minutes on the same request at the same moment: the second save
        would update the request's stored hours after the first did; it leaves them to its
        deferred allocation instead, and is not run twice (two such saves exhausted Odoo's
        tries in a load run)."""
        self._race(self.ids["shared"], self.ids["shared"], "2026-05-04", "2026-05-04")
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            request = env["amc.request"].browse(self.ids["shared"])
            self.assertAlmostEqual(request.hours_spent, 1.5)
            self.assertAlmostEqual(request.hours_billed, sum(request.allocation_ids.mapped("minutes")) / 60.0)
            self.assertEqual(len(request.allocation_ids.entry_id), 2, "both entries are allocated")
