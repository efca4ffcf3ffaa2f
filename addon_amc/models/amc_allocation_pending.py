# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.orm.environments import Transaction
from odoo.tools import SQL

from .amc_statement import month_start

_logger = logging.getLogger(__name__)

POSTCOMMIT_KEY = "addon_amc.allocation_pending"


class AmcAllocationPending(models.Model):
    """An allocation left for after the commit of the change that needs it.

    When two agents log time on the same agreement at the same moment, the second
    transaction cannot see what the first allocated (Odoo's snapshot isolation). Rather
    than fail and be retried until Odoo gives up, it saves its time entry, records here
    from which day the agreement must be allocated again, and allocates right after its
    commit, in a transaction of its own that waits for the agreement's lock and reads
    what is committed. A cron catches up anything a crash left behind. Rows are only
    ever inserted by the changes and deleted by the allocation, so concurrent changes
    never conflict on them.
    """

    _name = "amc.allocation.pending"
    _inherit = ["amc.guard.mixin"]
    _description = "Support Allocation Pending"
    _log_access = False
    _order = "id"

    agreement_id = fields.Many2one("amc.agreement", required=True, readonly=True, index=True, ondelete="cascade")
    date_from = fields.Date(required=True, readonly=True, help="Allocate from this day to the end.")
    request_ids = fields.Json(readonly=True, help="The ids of the requests whose time changed.")
    months = fields.Json(
        readonly=True,
        help="The months (first days, ISO) of the rows the change deleted: their statements are computed again.",
    )
    create_date = fields.Datetime(readonly=True, default=fields.Datetime.now)

    # ------------------------------------------------------------------
    # Deferring
    # ------------------------------------------------------------------
    @api.model
    def _defer(self, dates, request_ids, snapshot):
        """Record the allocations of ``dates`` (``{agreement id: first day}``) for after the
        commit, and run them then. ``snapshot``: the requests' rows before the change (rows
        an entry's or a pack's deletion took with it are known only from there)."""
        if not dates:
            return
        _logger.info(
            "allocation of agreements %s deferred until after the commit (concurrent allocation)", sorted(dates)
        )
        months = defaultdict(set)
        for (agreement_id, _request_id), lines in snapshot.items():
            months[agreement_id].update(month_start(line.date).isoformat() for line in lines)
        self.sudo().create(
            [
                {
                    "agreement_id": agreement_id,
                    "date_from": day,
                    "request_ids": sorted(request_ids),
                    "months": sorted(months[agreement_id]),
                }
                for agreement_id, day in dates.items()
            ]
        )
        postcommit = self.env.cr.postcommit
        pending = postcommit.data.get(POSTCOMMIT_KEY)
        if pending is None:
            pending = postcommit.data[POSTCOMMIT_KEY] = set()
            registry = self.env.registry
            postcommit.add(lambda: self._allocate_after_commit(registry, pending))
        pending.update(dates)

    @api.model
    def _allocate_after_commit(self, registry, agreement_ids):
        """Run the deferred allocations in a new transaction, in READ COMMITTED: once the
        lock is ours, every query reads what the others committed, so waiting for a
        concurrent allocation never fails. On any error, the cron takes over."""
        try:
            with registry.cursor() as cr:
                cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
                self._superuser_env(registry, cr)["amc.allocation.pending"]._allocate(agreement_ids)
        except Exception:
            _logger.exception("Deferred allocation of agreements %s failed; the cron will retry it", agreement_ids)
            try:
                with registry.cursor() as cr:
                    self._superuser_env(registry, cr).ref("addon_amc.ir_cron_amc_allocation_pending")._trigger()
            except Exception:
                _logger.exception("Could not trigger the deferred allocation cron")

    @api.model
    def _superuser_env(self, registry, cr):
        """An environment on a new cursor of this loaded registry, without looking it up
        again (the lookup waits for the registry lock, which a test runner may hold)."""
        cr.transaction = Transaction(registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    # ------------------------------------------------------------------
    # Allocating
    # ------------------------------------------------------------------
    @api.model
    def _allocate(self, agreement_ids=None):
        """Allocate what was deferred for these agreements (all by default), one agreement
        at a time, each under its lock. Returns the number of allocation rows changed."""
        if agreement_ids is None:
            self.env.cr.execute(SQL("SELECT DISTINCT agreement_id FROM amc_allocation_pending"))
            agreement_ids = [row[0] for row in self.env.cr.fetchall()]
        changed = 0
        for agreement in self.env["amc.agreement"].sudo().browse(sorted(agreement_ids)).exists():
            agreement._lock_for_allocation()
            # read after the lock: what a concurrent allocation left pending is ours now
            self.env.cr.execute(
                SQL(
                    """DELETE FROM amc_allocation_pending WHERE agreement_id = %s
                       RETURNING date_from, request_ids, months""",
                    agreement.id,
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                continue
            request_ids = {request_id for _day, ids, _months in rows for request_id in ids or ()}
            day = min(day for day, _ids, _months in rows)
            changed += agreement._reallocate_requests(request_ids, dates={agreement.id: day}, defer=False)
            # the hours the deferred save left to us (amc.request._defer_hours)
            self.env["amc.request"].sudo().browse(request_ids).exists()._compute_hours_again()
            # the months of rows deleted before this ran: computed from the allocation
            months = {fields.Date.to_date(month) for _day, _ids, months in rows for month in months or ()}
            self.env["amc.statement"]._sync_statements({(agreement.id, month) for month in months})
        return changed

    @api.model
    def _cron_allocate(self):
        """Catch up the allocations deferred by changes whose after-commit run did not end."""
        self._allocate()
