# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import date

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from ..lib import billing

# the figures a statement keeps, as maintained from the allocation (see _live_values)
FIGURES = (
    "days_covered",
    "days_in_month",
    "maintenance_fee",
    "first_line_users",
    "first_line_fee",
    "maintenance_hours",
    "first_line_hours",
    "config_hours",
    "pack_hours",
    "billable_hours",
    "billable_amount",
)
LIVE_FIGURES = ("live_billable_hours", "live_billable_amount")

BUCKET_FIELDS = {
    "maintenance": "maintenance_hours",
    "first_line": "first_line_hours",
    "config": "config_hours",
    "pack": "pack_hours",
    "billable": "billable_hours",
}


def month_start(day):
    return date(day.year, day.month, 1)


def months_between(first, last):
    """First days of the months from ``first``'s to ``last``'s, both included."""
    months = []
    current = month_start(first)
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


class AmcStatement(models.Model):
    """Monthly statement of an agreement: fixed fees, hours by bucket, what to bill.

    Stored rows, one per agreement and calendar month of its period (up to the
    current month), whether or not time was logged. They are maintained by
    :meth:`_sync_statements`, fed with the (agreement, month) pairs whose
    allocation changed; :meth:`_check_statements` proves them equal to a
    computation from scratch.

    Once invoiced, a statement keeps the figures it was invoiced with: the
    allocation only moves its ``live_*`` figures, and the difference is carried
    as an adjustment onto the agreement's next statement that is not invoiced.
    """

    _name = "amc.statement"
    _inherit = ["amc.guard.mixin"]
    _description = "Monthly Support Statement"
    # the newest month first, then the agreements as they sort (newest start first); from the
    # stored start date and an index in that order, so that the list's first page reads 80 index
    # entries instead of sorting every agreement's statement of the month
    _order = "month desc, agreement_date_start desc, id desc"
    _rec_name = "agreement_id"
    _check_company_auto = True

    agreement_id = fields.Many2one("amc.agreement", required=True, readonly=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="agreement_id.partner_id", string="Customer", store=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id", store=True)
    agreement_date_start = fields.Date(related="agreement_id.date_start", store=True, string="Agreement Start")
    month = fields.Date(string="Month Start", required=True, readonly=True, index=True)
    period = fields.Char(string="Month", compute="_compute_period", store=True, help="The statement month, as YYYY-MM.")
    days_covered = fields.Integer(readonly=True, help="Days of the month within the agreement's period.")
    days_in_month = fields.Integer(readonly=True)
    maintenance_fee = fields.Monetary(readonly=True)
    first_line_users = fields.Integer(string="Registered Users", readonly=True)
    first_line_user_source = fields.Selection(
        [("contacts", "Registered Contacts"), ("instance", "Production Instance's Active Users")],
        string="Users Counted From",
        readonly=True,
    )
    first_line_fee = fields.Monetary(readonly=True)
    maintenance_hours = fields.Float(readonly=True)
    first_line_hours = fields.Float(readonly=True)
    config_hours = fields.Float(readonly=True)
    pack_hours = fields.Float(readonly=True)
    billable_hours = fields.Float(readonly=True)
    billable_amount = fields.Monetary(readonly=True)
    adjustment_amount = fields.Monetary(
        readonly=True,
        help="Changes to months already invoiced, carried onto this statement.",
    )
    adjustment_note = fields.Text(readonly=True)
    total_amount = fields.Monetary(string="Total to Invoice", readonly=True)
    live_billable_hours = fields.Float(
        readonly=True, help="Billable hours of the month as the allocation says today (differs once invoiced)."
    )
    live_billable_amount = fields.Monetary(readonly=True)
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False, index="btree_not_null", ondelete="set null")
    invoice_released = fields.Boolean(
        readonly=True,
        copy=False,
        help="An invoice of this month was cancelled, deleted or reversed: the monthly cron leaves the month to "
        "whoever invoices it again.",
    )
    invoice_state = fields.Selection(related="invoice_id.state", string="Invoice Status", store=True)
    payment_state = fields.Selection(related="invoice_id.payment_state", string="Payment Status")

    _list_order_idx = models.Index("(month DESC, agreement_date_start DESC, id DESC)")
    _agreement_month_unique = models.Constraint(
        "UNIQUE(agreement_id, month)", "An agreement has one statement per month."
    )

    @api.depends("month")
    def _compute_period(self):
        for statement in self:
            statement.period = statement.month.strftime("%Y-%m") if statement.month else False

    # ------------------------------------------------------------------
    # Computation from the allocation
    # ------------------------------------------------------------------
    @api.model
    def _expected_months(self, agreements, worked_months):
        """The months each agreement has a statement for, as of today (its company's).

        Active and expired agreements: every month of their period up to the
        current one. Cancelled agreements keep the months they had work in
        (``worked_months``: agreement id -> set of months). Drafts have none.
        """
        todays = agreements.company_id._amc_todays()
        expected = {}
        for agreement in agreements:
            if agreement.state in ("active", "expired"):
                today = todays[agreement.company_id]
                last = min(agreement.date_end or today, today)
                expected[agreement.id] = set(months_between(agreement.date_start, last))
            elif agreement.state == "cancelled":
                expected[agreement.id] = set(worked_months.get(agreement.id, ()))
            else:
                expected[agreement.id] = set()
        return expected

    @api.model
    def _live_values(self, agreements, months=None):
        """What the allocation says, from scratch: {(agreement id, month): figures}.

        ``months`` restricts the computation to these months (a set of first
        days); by default every expected month. A fixed number of queries.
        """
        Allocation = self.env["amc.time.allocation"].sudo()
        domain = [("agreement_id", "in", agreements.ids)]
        if months is not None:
            if not months:
                return {}
            # each month on its own: the months a change touched can lie years apart, and the range
            # between them would read every allocation of the agreement in between
            domain = Domain.AND(
                [
                    domain,
                    Domain.OR(
                        Domain("date", ">=", month) & Domain("date", "<=", billing.period_bounds(month, "month")[1])
                        for month in sorted(months)
                    ),
                ]
            )
        rows = Allocation._read_group(domain, ["agreement_id", "date:month", "bucket"], ["minutes:sum", "amount:sum"])
        minutes = defaultdict(lambda: dict.fromkeys(BUCKET_FIELDS, 0))
        amounts = defaultdict(float)
        worked = defaultdict(set)
        for agreement, month, bucket, minutes_sum, amount_sum in rows:
            key = (agreement.id, month)
            minutes[key][bucket] += minutes_sum
            amounts[key] += amount_sum
            worked[agreement.id].add(month)
        expected = self._expected_months(agreements, worked)
        values = {}
        for agreement in agreements:
            wanted = expected[agreement.id] if months is None else expected[agreement.id] & set(months)
            if not wanted:
                continue
            currency = agreement.currency_id
            # the contacts registered on the agreement, or its production instance's active users
            source = agreement.first_line_user_source or "contacts"
            if not agreement.has_first_line:
                users = 0
            elif source == "instance":
                users = agreement.first_line_instance_users
            else:
                users = len(agreement.support_contact_ids)
            for month in wanted:
                covered, total = billing.period_days(month, agreement.date_start, agreement.date_end)
                if agreement.state == "cancelled":
                    covered = min(covered, total)
                maintenance = agreement.maintenance_fee if agreement.has_maintenance else 0.0
                first_line = users * agreement.first_line_price_per_user
                if covered < total:
                    maintenance = billing.prorate(maintenance, covered, total)
                    first_line = billing.prorate(first_line, covered, total)
                key = (agreement.id, month)
                figures = {
                    "days_covered": covered,
                    "days_in_month": total,
                    "maintenance_fee": currency.round(maintenance),
                    "first_line_users": users,
                    "first_line_user_source": source,
                    "first_line_fee": currency.round(first_line),
                    "billable_amount": currency.round(amounts.get(key, 0.0)),
                }
                bucket_minutes = minutes.get(key) or dict.fromkeys(BUCKET_FIELDS, 0)
                for bucket, fname in BUCKET_FIELDS.items():
                    figures[fname] = bucket_minutes[bucket] / 60.0
                values[key] = figures
        return values

    # ------------------------------------------------------------------
    # Maintenance
    # ------------------------------------------------------------------
    @api.model
    def _sync_statements(self, pairs, delta=None):
        """Bring the statements of these (agreement id, month) pairs up to date.

        Fed by the allocation with the pairs whose allocation changed. Open
        statements follow the allocation; invoiced ones only move their
        ``live_*`` figures, and the difference becomes an adjustment on the
        agreement's next open statement.

        ``delta`` (from the allocation): ``{(agreement id, month, bucket): [minutes,
        amount]}``, what the changed rows added or took. A statement that exists for a
        month its agreement runs in takes it as it is, without reading the month's
        allocation again (the busiest agreement's month holds thousands of rows); the
        others are computed from the allocation.
        """
        pairs = {(agreement_id, month_start(month)) for agreement_id, month in pairs if agreement_id}
        if not pairs:
            return
        self = self.sudo()
        agreements = self.env["amc.agreement"].sudo().browse({agreement_id for agreement_id, _month in pairs}).exists()
        if delta is not None:
            pairs = self._apply_delta(agreements, pairs, delta)
            if not pairs:
                self._refresh_adjustments(agreements)
                return
        months = {month for _agreement_id, month in pairs}
        live = self._live_values(agreements, months)
        existing = {
            (statement.agreement_id.id, statement.month): statement
            for statement in self.search_fetch(
                [("agreement_id", "in", agreements.ids), ("month", "in", list(months))],
                ["agreement_id", "month", "invoice_id", *FIGURES, "live_billable_hours", "live_billable_amount"],
            )
        }
        to_create, to_unlink = [], self.browse()
        agreement_ids = set(agreements.ids)
        for agreement_id, month in pairs:
            if agreement_id not in agreement_ids:
                continue
            figures = live.get((agreement_id, month))
            statement = existing.get((agreement_id, month))
            if figures is None:
                if statement and not statement.invoice_id:
                    to_unlink |= statement
                elif statement:
                    statement._write_changed({"live_billable_hours": 0.0, "live_billable_amount": 0.0})
                continue
            vals = {
                "live_billable_hours": figures["billable_hours"],
                "live_billable_amount": figures["billable_amount"],
            }
            if not statement or not statement.invoice_id:
                vals.update(figures)
            if statement:
                statement._write_changed(vals)
            else:
                # the total without adjustments; _refresh_adjustments adds them below
                total = figures["maintenance_fee"] + figures["first_line_fee"] + figures["billable_amount"]
                to_create.append(
                    {
                        "agreement_id": agreement_id,
                        "month": month,
                        "adjustment_amount": 0.0,
                        "total_amount": total,
                        **vals,
                    }
                )
        to_unlink.unlink()
        self.create(to_create)
        self._refresh_adjustments(agreements)

    @api.model
    def _apply_delta(self, agreements, pairs, delta):
        """Move the stored statements of ``pairs`` by what the allocation added or took.

        Minutes are kept whole (hours are minutes / 60, as computed from scratch) and
        amounts rounded to the currency, so the result equals :meth:`_live_values`
        (:meth:`_check_statements` proves it). Returns the pairs left for a computation
        from the allocation: no statement yet, or a month the agreement does not run in.
        """
        moved = defaultdict(dict)
        for (agreement_id, month, bucket), change in delta.items():
            moved[agreement_id, month][bucket] = change
        expected = self._expected_months(agreements, {})
        statements = self.search_fetch(
            [("agreement_id", "in", agreements.ids), ("month", "in", list({month for _a, month in pairs}))],
            ["agreement_id", "month", "currency_id", "invoice_id", *BUCKET_FIELDS.values(), *LIVE_FIGURES],
        )
        existing = {(statement.agreement_id.id, statement.month): statement for statement in statements}
        left = set()
        for pair in pairs:
            statement = existing.get(pair)
            if statement is None or pair[1] not in expected.get(pair[0], ()):
                left.add(pair)
                continue
            changes = moved.get(pair, {})
            currency = statement.currency_id
            billable = changes.get("billable", (0, 0.0))[0]
            amount = sum(change[1] for change in changes.values())
            vals = {
                "live_billable_hours": (round(statement.live_billable_hours * 60) + billable) / 60.0,
                "live_billable_amount": currency.round(statement.live_billable_amount + amount),
            }
            if not statement.invoice_id:
                for bucket, (minutes, _amount) in changes.items():
                    fname = BUCKET_FIELDS[bucket]
                    vals[fname] = (round(statement[fname] * 60) + minutes) / 60.0
                vals["billable_amount"] = vals["live_billable_amount"]
            statement._write_changed(vals)
        return left

    @api.model
    def _sync_agreements(self, agreements):
        """Every statement of these agreements: the months they should have and the ones they have."""
        agreements = agreements.exists()
        if not agreements:
            return
        worked = defaultdict(set)
        for agreement, month in (
            self.env["amc.time.allocation"]
            .sudo()
            ._read_group([("agreement_id", "in", agreements.ids)], ["agreement_id", "date:month"])
        ):
            worked[agreement.id].add(month)
        pairs = {
            (agreement_id, month)
            for agreement_id, months in self._expected_months(agreements, worked).items()
            for month in months
        }
        pairs |= {
            (agreement.id, month)
            for agreement, month in self.sudo()._read_group(
                [("agreement_id", "in", agreements.ids)], ["agreement_id", "month:day"]
            )
        }
        self._sync_statements(pairs)

    @api.model
    def _sync_open_months(self, agreements):
        """The statements not invoiced yet of these agreements, after a change of their fixed fees (the
        users counted for first-line support): invoiced months keep their figures and the allocation
        did not move, so the cost is that of the open months, not of the agreements' history."""
        agreements = agreements.exists()
        if not agreements:
            return
        open_statements = self.sudo().search_fetch(
            [("agreement_id", "in", agreements.ids), ("invoice_id", "=", False)], ["agreement_id", "month"]
        )
        self._sync_statements({(statement.agreement_id.id, statement.month) for statement in open_statements})

    def _write_changed(self, vals):
        self.ensure_one()
        changed = {}
        for fname, value in vals.items():
            field = self._fields[fname]
            current = self[fname]
            if field.type == "monetary":
                same = self.currency_id.compare_amounts(current, value) == 0
            elif field.type == "float":
                same = tools.float_compare(current, value, precision_digits=6) == 0
            else:
                same = current == value
            if not same:
                changed[fname] = value
        if changed:
            self.write(changed)

    @api.model
    def _adjustments_due(self, statements):
        """Per invoiced statement: what the allocation added (or took) since it was invoiced
        and no adjustment line has carried yet. {statement: amount}."""
        frozen = statements.filtered("invoice_id")
        if not frozen:
            return {}
        carried = dict(
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("amc_adjustment_statement_id", "in", frozen.ids),
                    ("parent_state", "!=", "cancel"),
                    ("move_id.amc_released", "=", False),  # reversed by a credit note: carried no longer
                ],
                ["amc_adjustment_statement_id"],
                ["amc_adjustment_amount:sum"],
            )
        )
        due = {}
        for statement in frozen:
            amount = statement.live_billable_amount - statement.billable_amount - carried.get(statement, 0.0)
            if not statement.currency_id.is_zero(amount):
                due[statement] = statement.currency_id.round(amount)
        return due

    @api.model
    def _expected_adjustments(self, agreements, stranded=None):
        """{open statement: (amount, [(invoiced statement, due), ...])} for these agreements.

        ``stranded`` (a dict), when given, receives ``{agreement id: [(invoiced statement, due), ...]}``: what
        changed on invoiced months with no open month after them to carry it."""
        statements = self.sudo().search([("agreement_id", "in", agreements.ids)], order="agreement_id, month")
        due = self._adjustments_due(statements)
        result = {}
        pending = defaultdict(list)
        for statement in statements:
            agreement_id = statement.agreement_id.id
            if statement.invoice_id:
                if statement in due:
                    pending[agreement_id].append((statement, due[statement]))
                continue
            carried = pending.pop(agreement_id, [])
            result[statement] = (sum(amount for _source, amount in carried), carried)
        if stranded is not None:
            stranded.update(pending)
        return result

    @api.model
    def _adjustment_note(self, carried):
        return "\n".join(
            self.env._(
                "Adjustment for %(period)s: %(hours)s billable hours instead of %(invoiced)s (%(amount)s)",
                period=source.period,
                hours=tools.format_duration(source.live_billable_hours),
                invoiced=tools.format_duration(source.billable_hours),
                amount=tools.format_amount(self.env, amount, source.currency_id),
            )
            for source, amount in carried
        )

    @api.model
    def _refresh_adjustments(self, agreements):
        """Carry what changed on invoiced months onto the next open statement; refresh totals.

        A change no open month can carry (the agreement ended and every month is invoiced) is refused: it
        would be lost, neither invoiced nor credited."""
        stranded = {}
        expected = self._expected_adjustments(agreements, stranded)
        if stranded:
            agreement_id, carried = next(iter(stranded.items()))
            agreement = self.env["amc.agreement"].sudo().browse(agreement_id)
            raise UserError(
                self.env._(
                    "%(agreement)s has no open month after %(periods)s to carry this change (%(amount)s): it has "
                    "ended and its months are invoiced. Cancel or reverse the last month's invoice first, so that "
                    "the change is invoiced or credited with it.",
                    agreement=agreement.display_name,
                    periods=", ".join(source.period for source, _amount in carried),
                    amount=tools.format_amount(
                        self.env, sum(amount for _source, amount in carried), agreement.currency_id
                    ),
                )
            )
        for statement, (amount, carried) in expected.items():
            total = statement.maintenance_fee + statement.first_line_fee + statement.billable_amount + amount
            statement._write_changed(
                {
                    "adjustment_amount": amount,
                    "adjustment_note": self._adjustment_note(carried) or False,
                    "total_amount": statement.currency_id.round(total),
                }
            )

    @api.model
    def _cron_sync_months(self):
        """A new month (at the agreement's company) starts a statement for every running agreement
        (fixed fees owed without time). Only the months an agreement has no statement for yet, from its
        latest one, are computed: the cost does not grow with the agreements' history."""
        started = self.env["res.company"]._amc_today_domain(lambda today: [("date_start", "<=", today)])
        agreements = self.env["amc.agreement"].sudo().search(Domain.AND([[("state", "=", "active")], started]))
        current = {company: month_start(today) for company, today in agreements.company_id._amc_todays().items()}
        done = (
            self.sudo()
            .search([("agreement_id", "in", agreements.ids), ("month", "in", list(set(current.values())))])
            .filtered(lambda statement: statement.month == current[statement.company_id])
            .agreement_id
        )
        todo = agreements - done
        latest = dict(self.sudo()._read_group([("agreement_id", "in", todo.ids)], ["agreement_id"], ["month:max"]))
        pairs = set()
        for agreement in todo:
            first = max(agreement.date_start, latest[agreement]) if agreement in latest else agreement.date_start
            pairs.update((agreement.id, month) for month in months_between(first, current[agreement.company_id]))
        self._sync_statements(pairs)

    # ------------------------------------------------------------------
    # The check: stored rows against a computation from scratch
    # ------------------------------------------------------------------
    @api.model
    def _check_statements(self, agreements=None):
        """Differences between the stored statements and a from-scratch computation.

        Returns a list of readable lines; empty when they are equal.
        """
        Agreement = self.env["amc.agreement"].sudo()
        # the check compares every agreement's statements on purpose: an explicit admin action
        agreements = Agreement.search([]) if agreements is None else agreements.sudo()  # pylint: disable=no-search-all
        self.env.flush_all()
        live = self._live_values(agreements)
        stored = {
            (statement.agreement_id.id, statement.month): statement
            for statement in self.sudo().search([("agreement_id", "in", agreements.ids)])
        }
        problems = []
        for key in sorted(set(live) | set(stored), key=lambda k: (k[0], k[1])):
            figures, statement = live.get(key), stored.get(key)
            label = f"{Agreement.browse(key[0]).display_name} {key[1]:%Y-%m}"
            if statement is None:
                problems.append(self.env._("%(label)s: no statement stored", label=label))
                continue
            if figures is None:
                if not statement.invoice_id:
                    problems.append(self.env._("%(label)s: a statement is stored for a month without one", label=label))
                    continue
                figures = dict.fromkeys(("billable_hours", "billable_amount"), 0.0)
            wanted = {
                "live_billable_hours": figures["billable_hours"],
                "live_billable_amount": figures["billable_amount"],
            }
            if not statement.invoice_id:
                wanted.update(figures)
            for fname, value in wanted.items():
                current = statement[fname]
                if isinstance(value, float) and tools.float_compare(current, value, precision_digits=2) == 0:
                    continue
                if current != value:
                    problems.append(
                        self.env._(
                            "%(label)s: %(field)s is %(stored)s, the allocation says %(live)s",
                            label=label,
                            field=fname,
                            stored=current,
                            live=value,
                        )
                    )
        for statement, (amount, _carried) in self._expected_adjustments(agreements).items():
            total = statement.maintenance_fee + statement.first_line_fee + statement.billable_amount + amount
            for fname, value in (("adjustment_amount", amount), ("total_amount", total)):
                if statement.currency_id.compare_amounts(statement[fname], value):
                    problems.append(
                        self.env._(
                            "%(label)s: %(field)s is %(stored)s, expected %(live)s",
                            label=f"{statement.agreement_id.display_name} {statement.period}",
                            field=fname,
                            stored=statement[fname],
                            live=value,
                        )
                    )
        return problems

    @api.model
    def action_check_statements(self):
        """Admin action: compare every stored statement with a computation from scratch."""
        if not self.env.user.has_group("addon_amc.group_amc_manager"):
            raise AccessError(self.env._("Only Support Managers can check the statements."))
        # the companies the manager works in, as every other list of theirs
        agreements = self._amc_managed_agreements()
        problems = self._check_statements(agreements)
        count = self.sudo().search_count([("agreement_id", "in", agreements.ids)])
        if not problems:
            message, kind = (
                self.env._("All %(count)s statements equal a computation from scratch.", count=count),
                "success",
            )
        else:
            message = self.env._(
                "%(bad)s differences found (rebuild with Support → Configuration → Rebuild Statements):\n%(lines)s",
                bad=len(problems),
                lines="\n".join(problems[:20]),
            )
            kind = "warning"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Statement check"),
                "message": message,
                "type": kind,
                "sticky": bool(problems),
            },
        }

    @api.model
    def action_rebuild_statements(self):
        """Admin action: recompute every statement from the allocation (invoiced figures are kept)."""
        if not self.env.user.has_group("addon_amc.group_amc_manager"):
            raise AccessError(self.env._("Only Support Managers can rebuild the statements."))
        self._sync_agreements(self._amc_managed_agreements())
        return self.action_check_statements()

    @api.model
    def _amc_managed_agreements(self):
        """Every agreement of the companies the user works in (an explicit manager's action: all of them)."""
        return (
            self.env["amc.agreement"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "in", self.env.companies.ids)])
        )

    # ------------------------------------------------------------------
    # Report helpers
    # ------------------------------------------------------------------
    def _get_pack_balances(self):
        """Per pack: hours bought, used up to the end of the statement month, and left then."""
        self.ensure_one()
        _start, month_end = billing.period_bounds(self.month, "month")
        packs = self.env["amc.hour.pack"].search(
            [("agreement_id", "=", self.agreement_id.id), ("date_purchase", "<=", month_end)],
            order="date_purchase, id",
        )
        Allocation = self.env["amc.time.allocation"]
        used = dict(
            Allocation._read_group(
                [("pack_id", "in", packs.ids), ("date", "<=", month_end)], ["pack_id"], ["minutes:sum"]
            )
        )
        this_month = dict(
            Allocation._read_group(
                [("pack_id", "in", packs.ids), ("date", ">=", self.month), ("date", "<=", month_end)],
                ["pack_id"],
                ["minutes:sum"],
            )
        )
        balances = []
        for pack in packs:
            used_hours = used.get(pack, 0) / 60.0
            expired = bool(pack.date_expiry and pack.date_expiry < month_end)
            balances.append(
                {
                    "pack": pack,
                    "hours": pack.hours,
                    "used": used_hours,
                    "month": this_month.get(pack, 0) / 60.0,
                    "left": 0.0 if expired else max(pack.hours - used_hours, 0.0),
                    "expired": expired,
                }
            )
        return balances

    @api.model
    def _get_month_label(self, month):
        return tools.format_date(self.env, month, date_format="MMMM y")
