# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who pays for every minute: the allocation of an agreement's time, stored as
``amc.time.allocation`` rows, computed by the one rule of ``lib/billing.py``.

Two ways to bring the rows up to date, with the same result:

* :meth:`_reallocate_requests` (every change of time, of a request's scope or
  agreement, of a pack): only the requests at or after the first position the change
  touched are allocated again, from the balances the stored rows before it leave, and
  the walk stops as soon as later requests cannot change (``billing.reallocate``).
  Logging time on today's request costs the same on a busy agreement as on a new one.
* :meth:`_recompute_allocations`: the whole history again, from scratch (changes of
  the agreement's rates and services, the paid-only packs setting, and the managers'
  *Recompute Allocations* action).
"""

from collections import Counter, defaultdict

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

from ..lib import billing
from .amc_statement import month_start

ROW_FIELDS = ["agreement_id", "request_id", "entry_id", "date", "bucket", "pack_id", "minutes", "amount"]
# requests read per query while walking forward: small first (today's request is the
# last one), larger while the walk goes on
FIRST_CHUNK = 20
MAX_CHUNK = 2000


class AmcAgreement(models.Model):
    _inherit = "amc.agreement"

    # ------------------------------------------------------------------
    # Reading the data of the allocation
    # ------------------------------------------------------------------
    def _allocation_packs(self):
        """``{agreement id: [billing.Pack]}``: the packs the allocation may consume."""
        packs = (
            self.env["amc.hour.pack"]
            .sudo()
            .search_fetch([("agreement_id", "in", self.ids)], ["agreement_id", "hours", "date_purchase", "date_expiry"])
        )
        by_agreement = defaultdict(list)
        for pack in packs._filter_allocatable():  # Settings may keep unpaid packs out
            by_agreement[pack.agreement_id.id].append(pack._billing_pack())
        return by_agreement

    @api.model
    def _allocation_requests(self, domain):
        """``{(agreement id, request id): billing.Request}`` of the time entries in ``domain``."""
        entries = (
            self.env["amc.time.entry"]
            .sudo()
            .search_fetch(domain, ["request_id", "agreement_id", "date", "duration"], order="id")
        )
        entries.request_id.fetch(["scope"])
        by_request = defaultdict(list)
        for entry in entries:
            by_request[entry.agreement_id.id, entry.request_id].append(
                billing.Entry(id=entry.id, date=entry.date, minutes=billing.hours_to_minutes(entry.duration))
            )
        return {
            (agreement_id, request.id): billing.Request(id=request.id, scope=request.scope, entries=tuple(entries))
            for (agreement_id, request), entries in by_request.items()
        }

    @api.model
    def _allocation_rows(self, domain):
        """The stored rows in ``domain``, ``{(agreement id, request id): rows}``."""
        rows = self.env["amc.time.allocation"].sudo().search_fetch(domain, ROW_FIELDS, order="id")
        by_request = defaultdict(lambda: rows.browse())
        for row in rows:
            by_request[row.agreement_id.id, row.request_id.id] |= row
        return by_request

    @api.model
    def _allocation_lines(self, rows):
        """Stored rows as the billing lines they were written from."""
        return tuple(
            billing.Line(
                row.request_id.id,
                row.entry_id.id,
                row.date,
                row.bucket,
                row.pack_id.id or None,
                row.minutes,
                row.amount,
            )
            for row in rows
        )

    @api.model
    def _allocation_snapshot(self, request_ids):
        """The rows of these requests as they are stored now, ``{(agreement id, request id):
        lines}``: taken before a change that deletes rows (an entry's unlink cascades)."""
        if not request_ids:
            return {}
        rows = self._allocation_rows([("request_id", "in", list(request_ids))])
        return {key: self._allocation_lines(request_rows) for key, request_rows in rows.items()}

    # ------------------------------------------------------------------
    # Writing only what changed
    # ------------------------------------------------------------------
    def _allocation_key(self, line):
        """A billing line as a row's values (the amount as the database keeps it)."""
        return (
            self.id,
            line.request_id,
            line.entry_id,
            line.date,
            line.bucket,
            line.pack_id or False,
            line.minutes,
            self.currency_id.round(line.amount),
        )

    @api.model
    def _allocation_row_key(self, row):
        """A stored row as the key :meth:`_allocation_key` gives its line."""
        return (
            row.agreement_id.id,
            row.request_id.id,
            row.entry_id.id,
            row.date,
            row.bucket,
            row.pack_id.id,
            row.minutes,
            row.currency_id.round(row.amount),
        )

    @api.model
    def _allocation_diff(self, wanted, rows, diff):
        """Compare the wanted keys (a Counter) with the stored rows; collect in ``diff``
        the rows to delete, the keys to create and the (agreement, month) they touch."""
        for row in rows:
            key = self._allocation_row_key(row)
            if wanted[key] > 0:
                wanted[key] -= 1
            else:
                diff["unlink"].append(row.id)
                self._allocation_moved(diff, key, -1)
        for key, count in wanted.items():
            if count > 0:
                diff["create"].extend([key] * count)
                self._allocation_moved(diff, key, count)

    @api.model
    def _allocation_new_diff(self):
        """What an allocation changes: rows to delete and create, the (agreement, day)
        pairs they touch, and per (agreement, month, bucket) the minutes and amount they
        add or take (``delta``), which the statements apply without reading the month."""
        return {"unlink": [], "create": [], "months": set(), "delta": defaultdict(lambda: [0, 0.0])}

    @api.model
    def _allocation_moved(self, diff, key, count):
        agreement_id, day, bucket, minutes, amount = key[0], key[3], key[4], key[6], key[7]
        diff["months"].add((agreement_id, day))
        moved = diff["delta"][agreement_id, month_start(day), bucket]
        moved[0] += count * minutes
        moved[1] += count * amount

    @api.model
    def _allocation_apply(self, diff, agreements):
        """Write the rows that changed, then the statements of the months they touch."""
        Allocation = self.env["amc.time.allocation"].sudo()
        Allocation.browse(diff["unlink"]).unlink()
        Allocation.create([dict(zip(ROW_FIELDS, key, strict=True)) for key in diff["create"]])
        self.env["amc.statement"]._sync_statements(diff["months"], diff["delta"])
        agreements._check_pack_alerts()
        return len(diff["unlink"]) + len(diff["create"])

    # ------------------------------------------------------------------
    # Full re-allocation
    # ------------------------------------------------------------------
    def _recompute_allocations(self):
        """Recompute who pays for every minute logged on these agreements, from scratch.

        Deterministic: the whole history of each agreement is allocated again by
        :func:`billing.allocate`, and only the rows that changed are written.
        Returns the number of rows deleted and created.
        """
        agreements = self.exists()
        if not agreements:
            return 0
        self.env.flush_all()
        agreements._lock_for_allocation()
        packs = agreements._allocation_packs()
        requests = defaultdict(list)
        for (agreement_id, _request_id), request in self._allocation_requests(
            [("agreement_id", "in", agreements.ids)]
        ).items():
            requests[agreement_id].append(request)
        diff = self._allocation_new_diff()
        wanted = Counter()
        for agreement in agreements:
            result = billing.allocate(agreement._billing_services(), packs[agreement.id], requests[agreement.id])
            wanted.update(agreement._allocation_key(line) for line in result.lines)
        rows = self.env["amc.time.allocation"].sudo().search_fetch([("agreement_id", "in", agreements.ids)], ROW_FIELDS)
        self._allocation_diff(wanted, rows, diff)
        return self._allocation_apply(diff, agreements)

    def action_recompute_allocations(self):
        """Managers' action: allocate the whole history of these agreements again, from scratch."""
        if not self.env.user.has_group("addon_amc.group_amc_manager"):
            raise AccessError(self.env._("Only Support Managers can recompute the allocation of an agreement."))
        self.check_access("write")
        changed = self.sudo()._recompute_allocations()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Allocation recomputed"),
                "message": self.env._(
                    "%(count)s agreements allocated again from scratch: %(rows)s allocation lines changed.",
                    count=len(self),
                    rows=changed,
                ),
                "type": "success" if not changed else "warning",
                "sticky": bool(changed),
            },
        }

    # ------------------------------------------------------------------
    # Incremental re-allocation
    # ------------------------------------------------------------------
    def _reallocate_requests(self, request_ids, snapshot=None, dates=None, defer=True):
        """Allocate these agreements again after a change of these requests (their time,
        scope or agreement), from the first position the change touched onward.

        ``snapshot``: the requests' rows before the change (:meth:`_allocation_snapshot`),
        needed when the change deleted rows; read here otherwise. ``dates``: ``{agreement
        id: date}`` to allocate from that date to the end, whatever stays the same (a pack
        bought, changed or removed there may change any later request).

        When a concurrent transaction allocated the same agreement after this one began
        (two agents logging time at the same moment), this one cannot see the result:
        with ``defer``, the allocation is left to ``amc.allocation.pending``, which runs it
        right after this transaction commits, instead of failing the user's call.
        """
        agreements = self.exists()
        if not agreements:
            return 0
        if snapshot is None:
            snapshot = self._allocation_snapshot(request_ids)
        if not agreements._lock_for_allocation(wait=not defer):
            # the requests' hours (stored sums of their time and allocation) are left to the
            # deferred allocation too: a concurrent save on the same request has just updated
            # that row, and updating it here would fail to serialize
            self.env["amc.request"].browse(request_ids)._defer_hours()
            self.env["amc.allocation.pending"]._defer(
                agreements._allocation_first_days(request_ids, snapshot, dates), request_ids, snapshot
            )
            return 0
        self.env.flush_all()
        diff = self._allocation_new_diff()
        packs = agreements._allocation_packs()
        for agreement in agreements:
            from_date = dates.get(agreement.id) if dates else None
            agreement._reallocate_forward(packs[agreement.id], set(request_ids), snapshot, from_date, diff)
        return self._allocation_apply(diff, agreements)

    def _allocation_first_days(self, request_ids, snapshot, dates):
        """``{agreement id: day}``: the first day a change of these requests touched on each
        agreement, where a deferred allocation starts (their rows before the change, their
        time now, and ``dates``)."""
        first = dict(dates or {})

        def touch(agreement_id, day):
            if agreement_id in self.ids and (agreement_id not in first or day < first[agreement_id]):
                first[agreement_id] = day

        for (agreement_id, _request_id), lines in snapshot.items():
            for line in lines:
                touch(agreement_id, line.date)
        for agreement, day in (
            self.env["amc.time.entry"]
            .sudo()
            ._read_group(
                [("agreement_id", "in", self.ids), ("request_id", "in", list(request_ids))],
                ["agreement_id"],
                ["date:min"],
            )
        ):
            touch(agreement.id, day)
        return first

    def _reallocate_forward(self, packs, request_ids, snapshot, from_date, diff):
        """One agreement: the steps from the first changed position, the balances before
        it, then ``billing.reallocate``; the rows that changed go into ``diff``."""
        self.ensure_one()
        changed = self._allocation_requests([("agreement_id", "=", self.id), ("request_id", "in", list(request_ids))])
        steps = []
        for request_id in request_ids:
            old = snapshot.get((self.id, request_id), ())
            request = changed.get((self.id, request_id))
            old_position = (old[0].date, request_id) if old else None
            new_position = billing.request_order(request) if request else None
            if old_position == new_position:
                if request:
                    steps.append(billing.Step(new_position, request, old))
                continue
            if new_position:
                steps.append(billing.Step(new_position, request))
            if old_position:
                steps.append(billing.Step(old_position, None, old))
        positions = [step.position for step in steps]
        if from_date:
            positions.append((from_date, 0))
        if not positions:
            return
        first = min(positions)
        last = None if from_date else max(positions)
        rows = self._allocation_rows([("agreement_id", "=", self.id), ("request_id", "in", list(request_ids))])
        services = self._billing_services()
        start = self._allocation_balances_before(first, packs, services)
        forward = self._allocation_steps(first, sorted(steps, key=lambda step: step.position), request_ids, rows)
        for request_id, lines in billing.reallocate(services, packs, start, forward, last):
            wanted = Counter(self._allocation_key(line) for line in lines)
            self._allocation_diff(wanted, rows.get((self.id, request_id), ()), diff)
        for request_id in request_ids:
            if (self.id, request_id) not in changed:  # no time left here (deleted, or moved away)
                self._allocation_diff(Counter(), rows.get((self.id, request_id), ()), diff)
            # rows the database cascade deleted with an entry or a pack: in the snapshot, no
            # longer stored; what they held leaves the statements too
            gone = Counter(self._allocation_key(line) for line in snapshot.get((self.id, request_id), ()))
            gone.subtract(self._allocation_row_key(row) for row in rows.get((self.id, request_id), ()))
            for key, count in gone.items():
                if count > 0:
                    self._allocation_moved(diff, key, -count)

    def _allocation_balances_before(self, position, packs, services):
        """What the rows stored before ``position`` used of the limited buckets: the packs
        still usable from its date, the allowance of its period. One grouped query."""
        self.ensure_one()
        day, request_id = position
        period = services.config_allowance_period
        usable = [pack.id for pack in packs if pack.date_expiry is None or pack.date_expiry >= day]
        period_start = billing.period_bounds(day, period)[0]
        domain = (
            Domain("agreement_id", "=", self.id)
            # the plain bound lets the (agreement, date) index limit the range; the OR alone does not
            & Domain("date", "<=", day)
            & (Domain("date", "<", day) | (Domain("date", "=", day) & Domain("request_id", "<", request_id)))
            & (
                (Domain("bucket", "=", "pack") & Domain("pack_id", "in", usable))
                | (Domain("bucket", "=", "config") & Domain("date", ">=", period_start))
            )
        )
        balances = billing.Balances()
        groups = self.env["amc.time.allocation"].sudo()._read_group(domain, ["bucket", "pack_id"], ["minutes:sum"])
        for bucket, pack, minutes in groups:
            if bucket == "pack":
                balances.pack_used[pack.id] = minutes
            else:
                balances.config_used[billing.period_key(day, period)] = minutes
        return balances

    def _allocation_steps(self, first, changed_steps, changed_ids, rows):
        """The requests stored at or after ``first`` (changed ones excepted), in allocation
        order, merged with the changed requests' steps. Read lazily, by chunks: the walk
        stops reading when ``billing.reallocate`` stops. Adds the rows read to ``rows``."""
        self.ensure_one()
        Allocation = self.env["amc.time.allocation"].sudo()
        pending = list(changed_steps)
        limit = FIRST_CHUNK
        # each bound with a plain date condition too: the (agreement, date) index then reads only
        # the range after it, where the OR alone made it filter every row of the agreement
        after = Domain("date", ">=", first[0]) & (
            Domain("date", ">", first[0]) | (Domain("date", "=", first[0]) & Domain("request_id", ">=", first[1]))
        )
        while True:
            domain = Domain("agreement_id", "=", self.id) & Domain("request_id", "not in", list(changed_ids)) & after
            # grouped by position; without an order, _read_group sorts by the raw group values
            groups = Allocation._read_group(domain, ["date:day", "request_id"], limit=limit)
            request_ids = [request.id for _day, request in groups]
            if request_ids:
                in_chunk = [("agreement_id", "=", self.id), ("request_id", "in", request_ids)]
                rows.update(self._allocation_rows(in_chunk))
                data = self._allocation_requests(in_chunk)
            for day, request in groups:
                position = (day, request.id)
                while pending and pending[0].position < position:
                    yield pending.pop(0)
                stored = self._allocation_lines(rows.get((self.id, request.id), ()))
                yield billing.Step(position, data.get((self.id, request.id)), stored)
            if len(groups) < limit:
                yield from pending
                return
            last_day, last_request = groups[-1]
            after = Domain("date", ">=", last_day) & (
                Domain("date", ">", last_day)
                | (Domain("date", "=", last_day) & Domain("request_id", ">", last_request.id))
            )
            limit = min(limit * 4, MAX_CHUNK)
