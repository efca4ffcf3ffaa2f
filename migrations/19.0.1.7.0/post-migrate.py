# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.7.0: allocations serialize on ``amc.allocation.lock``, no longer on the agreement row.

The agreement's ``allocation_version`` column goes: every new time entry checks its
foreign key to the agreement, which failed whenever a concurrent allocation had just
updated that row.

The index on the allocation's bucket goes too: five values, which the planner combined with the
(agreement, date) range into bitmap scans over every pack row of the database.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE amc_agreement DROP COLUMN IF EXISTS allocation_version")
    # the allocation's bucket lost its index (Odoo keeps an index a field no longer asks for)
    cr.execute("DROP INDEX IF EXISTS amc_time_allocation__bucket_index")
