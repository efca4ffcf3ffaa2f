# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict
from datetime import timedelta

from psycopg2 import OperationalError

from odoo import api, fields, models, tools
from odoo.exceptions import RedirectWarning, UserError, ValidationError
from odoo.fields import Domain

from ..lib import billing

_logger = logging.getLogger(__name__)

# Settings key (ir.config_parameter "addon_amc.<key>") -> default product (XML id)
PRODUCTS = {
    "product_maintenance": "addon_amc.product_product_amc_maintenance",
    "product_first_line": "addon_amc.product_product_amc_first_line",
    "product_hour": "addon_amc.product_product_amc_hour",
    "product_pack_25": "addon_amc.product_product_amc_pack_25",
    "product_pack_50": "addon_amc.product_product_amc_pack_50",
    "product_pack_100": "addon_amc.product_product_amc_pack_100",
    "product_pack_other": "addon_amc.product_product_amc_pack_other",
}


def open_invoice_action(move):
    return {
        "type": "ir.actions.act_window",
        "res_model": "account.move",
        "res_id": move.id,
        "views": [[False, "form"]],
        "target": "current",
    }


class AmcStatement(models.Model):
    _inherit = "amc.statement"

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @api.model
    def _get_product(self, key):
        """The service product Settings name for ``key`` (see PRODUCTS)."""
        product_id = self.env["amc.settings"]._get(key)
        product = self.env["product.product"].sudo().browse(product_id).exists() if product_id else None
        product = product or self.env.ref(PRODUCTS[key], raise_if_not_found=False)
        if not product:
            raise UserError(self.env._("Choose the invoicing products in Settings → Support before creating invoices."))
        return product

    @api.model
    def _check_invoice_rights(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(
                self.env._(
                    "Creating invoices needs Odoo's billing rights (Invoicing: Billing). "
                    "Ask an administrator to add them to your user."
                )
            )

    is_to_invoice = fields.Boolean(
        string="To Invoice",
        compute="_compute_is_to_invoice",
        search="_search_is_to_invoice",
        help="A closed month (before the current one at its company) with something to invoice and no invoice yet.",
    )

    @api.depends("invoice_id", "partner_id", "total_amount", "month")
    def _compute_is_to_invoice(self):
        todays = self.company_id._amc_todays()
        for statement in self:
            domain = self._to_invoice_domain(todays[statement.company_id])
            statement.is_to_invoice = statement.filtered_domain(domain) == statement

    def _search_is_to_invoice(self, operator, value):
        if operator != "in":
            return NotImplemented
        to_invoice = self.env["res.company"]._amc_today_domain(self._to_invoice_domain)
        return to_invoice if True in value else ~to_invoice

    @api.model
    def _to_invoice_domain(self, today):
        """Statements of closed months (before the current one) with something to invoice and
        no invoice yet (the dashboard's count, and the "To Invoice" search filter through
        :attr:`is_to_invoice`, each company with its own today)."""
        return [
            ("invoice_id", "=", False),
            ("partner_id", "!=", False),
            ("total_amount", "!=", 0),
            ("month", "<", billing.period_bounds(today, "month")[0]),
        ]

    # ------------------------------------------------------------------
    # Invoices
    # ------------------------------------------------------------------
    def action_create_invoices(self):
        """Create one draft customer invoice per selected statement (agreement and month)."""
        self._check_invoice_rights()
        self.check_access("read")
        todays = self.company_id._amc_todays()
        for statement in self:
            if statement.invoice_id:
                message = self.env._(
                    "%(agreement)s is already invoiced for %(period)s (%(invoice)s).",
                    agreement=statement.agreement_id.display_name,
                    period=statement.period,
                    invoice=statement.invoice_id.display_name,
                )
                raise RedirectWarning(
                    message, open_invoice_action(statement.invoice_id), self.env._("Open the invoice")
                )
            if billing.period_bounds(statement.month, "month")[1] >= todays[statement.company_id]:
                raise UserError(
                    self.env._(
                        "%(period)s of %(agreement)s is not over yet: invoice it once the month has ended.",
                        period=statement.period,
                        agreement=statement.agreement_id.display_name,
                    )
                )
            if not statement.partner_id:
                raise UserError(
                    self.env._(
                        "%(agreement)s has no customer to invoice.", agreement=statement.agreement_id.display_name
                    )
                )
        undecided = self.sudo()._undecided_requests()
        if undecided:
            statement, requests = next(iter(undecided.items()))
            raise RedirectWarning(
                self._undecided_message(statement, requests),
                {
                    "type": "ir.actions.act_window",
                    "name": self.env._("Requests to decide"),
                    "res_model": "amc.request",
                    "domain": [("id", "in", requests.ids)],
                    "views": [[False, "list"], [False, "form"]],
                },
                self.env._("Open the requests"),
            )
        moves = self.sudo()._create_invoices()
        if len(moves) == 1:
            return open_invoice_action(moves)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoices"),
            "res_model": "account.move",
            "domain": [("id", "in", moves.ids)],
            "views": [[False, "list"], [False, "form"]],
        }

    def _create_invoices(self, skip_undecided=False, note_undecided=True):
        """Create the invoices (no rights check: callers check them). Returns the moves.

        A statement with requests whose scope is not decided (:meth:`_undecided_requests`) is
        refused, or left without an invoice with ``skip_undecided`` (the cron, which notes why on
        the agreement)."""
        Move = self.env["account.move"]
        moves = Move
        for statement in self.sorted(lambda s: (s.agreement_id.id, s.month)):
            statement.env.flush_all()
            # serialize with the allocation of this agreement: figures cannot move while invoicing
            statement.agreement_id._lock_for_allocation()
            self.env.invalidate_all()
            if statement.invoice_id:
                continue
            requests = statement._undecided_requests().get(statement)
            if requests:
                message = self._undecided_message(statement, requests)
                if not skip_undecided:
                    raise UserError(message)
                if note_undecided:
                    statement.agreement_id.message_post(body=message)
                continue
            self._sync_statements({(statement.agreement_id.id, statement.month)})
            vals = statement._prepare_invoice_vals()
            move = Move.with_company(statement.company_id).create(vals)
            statement.invoice_id = move
            moves |= move
        return moves

    def _undecided_requests(self):
        """{statement: requests} of the requests whose scope is not decided (needs review) and
        that have time charged in the statement's month or before it, for each statement that has
        any. The allocation charges such time as billable until an agent decides (see
        :func:`billing.coverage`), so invoicing it could bill covered work, now or through an
        adjustment. One query, whatever the history: only undecided requests' lines are read."""
        if not self:
            return {}
        last_day = max(billing.period_bounds(month, "month")[1] for month in self.mapped("month"))
        groups = self.env["amc.time.allocation"]._read_group(
            [
                ("agreement_id", "in", self.agreement_id.ids),
                ("date", "<=", last_day),
                ("request_id.scope", "=", "needs_review"),
            ],
            ["agreement_id", "request_id"],
            ["date:min"],
        )
        result = {}
        for statement in self:
            end = billing.period_bounds(statement.month, "month")[1]
            requests = self.env["amc.request"].union(
                *(
                    request
                    for agreement, request, first in groups
                    if agreement == statement.agreement_id and first <= end
                )
            )
            if requests:
                result[statement] = requests
        return result

    def _undecided_message(self, statement, requests):
        shown = requests.sorted("id")[:5]
        names = ", ".join(shown.mapped("display_name"))
        if len(requests) > len(shown):
            names = self.env._("%(names)s and %(count)s more", names=names, count=len(requests) - len(shown))
        return self.env._(
            "%(period)s of %(agreement)s cannot be invoiced yet: requests whose scope is not decided "
            "would be charged as billable (%(requests)s). Decide whether each is covered or billable, "
            "then create the invoice.",
            period=statement.period,
            agreement=statement.agreement_id.display_name,
            requests=names,
        )

    def _prepare_invoice_vals(self):
        self.ensure_one()
        agreement = self.agreement_id
        currency = self.currency_id
        journal = agreement._get_invoice_journal()
        if not journal:
            raise UserError(
                self.env._("%(company)s has no sales journal to invoice in.", company=agreement.company_id.display_name)
            )
        prorated = ""
        if self.days_covered < self.days_in_month:
            prorated = self.env._(
                " (prorated: %(days)s of %(total)s days)", days=self.days_covered, total=self.days_in_month
            )
        lines = [
            {
                "display_type": "line_section",
                "name": self.env._("Support %(period)s — %(agreement)s", period=self.period, agreement=agreement.name),
            }
        ]
        if not currency.is_zero(self.maintenance_fee):
            lines.append(
                self._product_line(
                    "product_maintenance",
                    self.env._(
                        "Maintenance, monthly fee %(period)s%(prorated)s", period=self.period, prorated=prorated
                    ),
                    1.0,
                    self.maintenance_fee,
                )
            )
        if self.first_line_users and not currency.is_zero(self.first_line_fee):
            price = agreement.first_line_price_per_user
            name = self.env._(
                "First-line support %(period)s: %(users)s registered users × %(price)s%(prorated)s",
                period=self.period,
                users=self.first_line_users,
                price=tools.format_amount(self.env, price, currency),
                prorated=prorated,
            )
            if not prorated and currency.compare_amounts(self.first_line_users * price, self.first_line_fee) == 0:
                lines.append(self._product_line("product_first_line", name, self.first_line_users, price))
            else:
                lines.append(self._product_line("product_first_line", name, 1.0, self.first_line_fee))
        lines += self._billable_lines()
        _amount, carried = self._expected_adjustments(agreement).get(self, (0.0, []))
        for source, amount in carried:
            line = self._product_line("product_hour", self._adjustment_note([(source, amount)]), 1.0, amount)
            line.update({"amc_adjustment_statement_id": source.id, "amc_adjustment_amount": amount})
            lines.append(line)
        lines += self._covered_note_lines()
        total = sum(line.get("quantity", 0.0) * line.get("price_unit", 0.0) for line in lines)
        move_type = "out_invoice"
        if currency.compare_amounts(total, 0.0) < 0:
            # the month owes less than the adjustments give back: a credit note
            move_type = "out_refund"
            for line in lines:
                if "price_unit" in line:
                    line["price_unit"] = -line["price_unit"]
        return {
            "move_type": move_type,
            "partner_id": agreement.partner_id.id,
            "company_id": agreement.company_id.id,
            "currency_id": currency.id,
            "journal_id": journal.id,
            "invoice_origin": f"{agreement.name} {self.period}",
            "invoice_line_ids": [fields.Command.create(line) for line in lines],
        }

    def _product_line(self, key, name, quantity, price_unit):
        return {
            "product_id": self._get_product(key).id,
            "name": name,
            "quantity": quantity,
            "price_unit": price_unit,
        }

    def _billable_lines(self):
        """One line per request with billable time this month, at the agreement's rate."""
        self.ensure_one()
        currency, rate = self.currency_id, self.agreement_id.hourly_rate
        month_end = billing.period_bounds(self.month, "month")[1]
        rows = (
            self.env["amc.time.allocation"]
            .sudo()
            ._read_group(
                [
                    ("agreement_id", "=", self.agreement_id.id),
                    ("bucket", "=", "billable"),
                    ("date", ">=", self.month),
                    ("date", "<=", month_end),
                ],
                ["request_id"],
                ["minutes:sum", "amount:sum"],
                order="request_id",
            )
        )
        lines = []
        for request, minutes, amount in rows:
            hours = minutes / 60.0
            reference = request["reference"] if "reference" in request._fields else f"#{request.id}"
            name = self.env._(
                "%(reference)s %(subject)s: %(hours)s h billable at %(rate)s",
                reference=reference,
                subject=request.name,
                hours=tools.format_duration(hours),
                rate=tools.format_amount(self.env, rate, currency),
            )
            # hours × rate when that is exactly what the allocation charged, else the amount
            if round(hours, 2) == hours and currency.compare_amounts(hours * rate, amount) == 0:
                lines.append(self._product_line("product_hour", name, hours, rate))
            else:
                lines.append(self._product_line("product_hour", name, 1.0, amount))
        return lines

    def _covered_note_lines(self):
        """What the customer got without being charged: covered hours and pack balances."""
        self.ensure_one()
        notes = []
        for label, hours in (
            (self.env._("Covered by maintenance"), self.maintenance_hours),
            (self.env._("Covered by first-line support"), self.first_line_hours),
            (self.env._("Configuration allowance"), self.config_hours),
        ):
            if hours:
                notes.append(f"{label}: {tools.format_duration(hours)} h")
        for balance in self._get_pack_balances():
            if not balance["month"] and (balance["expired"] or not balance["left"]):
                continue
            notes.append(
                self.env._(
                    "Prepaid %(pack)s: %(used)s h used this month, %(left)s h left at month end",
                    pack=balance["pack"].name,
                    used=tools.format_duration(balance["month"]),
                    left=tools.format_duration(balance["left"]),
                )
            )
        if not notes:
            return []
        return [
            {"display_type": "line_section", "name": self.env._("Included in your agreement (not charged)")},
            *({"display_type": "line_note", "name": note} for note in notes),
        ]

    # ------------------------------------------------------------------
    # Invoice life cycle
    # ------------------------------------------------------------------
    @api.model
    def _release_invoices(self, moves):
        """Cancelled or reversed invoices give their statements back to the allocation."""
        self._release_statements(
            self.sudo().search([("invoice_id", "in", moves.ids)]), moves.sudo().line_ids.amc_adjustment_statement_id
        )

    @api.model
    def _release_statements(self, statements, sources):
        """``statements`` are invoiced no more (their invoice was cancelled, reversed or deleted) and the
        adjustments carried from ``sources`` are owed again: the months follow the allocation again, and the
        monthly cron leaves them to whoever invoices them (``invoice_released``)."""
        statements = statements.sudo()
        statements.write({"invoice_id": False, "invoice_released": True})
        agreements = statements.agreement_id | sources.agreement_id
        if statements:
            self._sync_statements({(s.agreement_id.id, s.month) for s in statements})
        if agreements:
            self._refresh_adjustments(agreements)

    # ------------------------------------------------------------------
    # Locked months
    # ------------------------------------------------------------------
    @api.model
    def _check_months_open(self, pairs):
        """Refuse work on (agreement id, date) pairs whose month has a posted invoice."""
        pairs = {
            (agreement_id, billing.period_bounds(fields.Date.to_date(day), "month")[0])
            for agreement_id, day in pairs
            if agreement_id and day
        }
        if not pairs:
            return
        by_agreement = defaultdict(set)
        for agreement_id, month in pairs:
            by_agreement[agreement_id].add(month)
        closed = self.sudo().search_fetch(
            [
                ("agreement_id", "in", list(by_agreement)),
                ("month", "in", list({month for _agreement, month in pairs})),
                ("invoice_state", "=", "posted"),
            ],
            ["agreement_id", "month", "invoice_id", "period"],
        )
        for statement in closed:
            if statement.month in by_agreement[statement.agreement_id.id]:
                raise UserError(
                    self.env._(
                        "%(period)s of %(agreement)s is closed: its invoice %(invoice)s is posted. "
                        "Time dated in a closed month cannot be created, changed or deleted, and requests "
                        "cannot move into or out of it. Log corrections in an open month.",
                        period=statement.period,
                        agreement=statement.agreement_id.display_name,
                        invoice=statement.invoice_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------
    @api.model
    def _cron_create_invoices(self):
        """From the day set in Settings (at each company) to the month's end, draft invoices for the previous
        month's statements not invoiced yet: a day the cron did not run (a server down, a failed run) is caught
        up the next day, and a month whose invoice someone cancelled or reversed is left to them.

        Each statement is invoiced on its own: one that cannot be (no sales journal, undecided requests, its
        agreement busy) leaves the others invoiced; why is said on its agreement, on the invoicing day."""
        day = self.env["amc.settings"]._get("invoice_day")
        if not day:
            return

        def previous_month(today):
            if today.day < day:
                return Domain.FALSE
            previous = billing.period_bounds(billing.period_bounds(today, "month")[0] - timedelta(days=1), "month")[0]
            return Domain.AND(
                [self._to_invoice_domain(today), [("month", "=", previous), ("invoice_released", "=", False)]]
            )

        statements = self.sudo().search(self.env["res.company"]._amc_today_domain(previous_month))
        statements = statements.filtered(lambda s: not s.currency_id.is_zero(s.total_amount))
        todays = statements.company_id._amc_todays()
        for statement in statements.sorted(lambda s: (s.agreement_id.id, s.month)):
            say = todays[statement.company_id].day == day  # why, once, on the invoicing day
            try:
                with self.env.cr.savepoint():
                    statement._create_invoices(skip_undecided=True, note_undecided=say)
            except (UserError, ValidationError) as error:
                if say:
                    statement.agreement_id.message_post(
                        body=self.env._(
                            "%(period)s was not invoiced: %(error)s", period=statement.period, error=str(error)
                        )
                    )
            except OperationalError:
                # the agreement's allocation was busy: the next run invoices it
                _logger.info(
                    "Invoicing %s %s postponed: its agreement is busy", statement.agreement_id.id, statement.period
                )
