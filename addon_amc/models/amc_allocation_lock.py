# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2.errors import SerializationFailure

from odoo import fields, models
from odoo.tools import SQL


class AmcAllocationLock(models.Model):
    """One row per agreement that every allocation of it updates: the allocations of an
    agreement serialize on it.

    Not the agreement row itself: each new time entry checks its foreign key to the
    agreement (``FOR KEY SHARE``), which fails under Odoo's snapshot isolation once a
    concurrent transaction has updated that row. Nothing refers to this one.
    """

    _name = "amc.allocation.lock"
    _inherit = ["amc.guard.mixin"]
    _description = "Support Allocation Lock"
    _log_access = False

    agreement_id = fields.Many2one("amc.agreement", required=True, readonly=True, ondelete="cascade")
    version = fields.Integer(readonly=True, help="Bumped by every allocation of the agreement.")

    _agreement_unique = models.Constraint("UNIQUE(agreement_id)", "An agreement has one allocation lock.")

    def _acquire(self, agreement_ids, wait=True):
        """Take the lock of these agreements until the end of the transaction.

        A transaction that waited for another allocation of the same agreement, or
        started before it committed, cannot see what it wrote. With ``wait`` (the
        default), the serialization failure is raised, and Odoo runs the call again on a
        fresh snapshot. Without, it is caught and False is returned: the caller leaves
        the allocation to :meth:`amc.allocation.pending._allocate`, after its commit.
        """
        query = SQL(
            """
            INSERT INTO amc_allocation_lock AS lock (agreement_id, version)
                 SELECT id, 1 FROM unnest(%s::int[]) AS id ORDER BY id
            ON CONFLICT (agreement_id) DO UPDATE SET version = lock.version + 1
            """,
            sorted(agreement_ids),
        )
        if wait:
            self.env.cr.execute(query)
            return True
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(query, log_exceptions=False)
        except SerializationFailure:
            return False
        return True
