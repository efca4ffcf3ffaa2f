# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..lib import billing


class AmcStatement(models.Model):
    """Monthly statement of an agreement: fixed fees, hours by bucket, what to bill.

    A database view: one row per agreement and calendar month of its period
    (up to the current month), whether or not time was logged.
    """

    _name = "amc.statement"
    _inherit = ["amc.guard.mixin"]
    _description = "Monthly Support Statement"
    _auto = False
    _order = "month desc, agreement_id"
    _rec_name = "agreement_id"

    agreement_id = fields.Many2one("amc.agreement", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    month = fields.Date(string="Month Start", readonly=True)
    period = fields.Char(string="Month", readonly=True, help="The statement month, as YYYY-MM.")
    maintenance_fee = fields.Monetary(readonly=True)
    first_line_users = fields.Integer(string="Registered Users", readonly=True)
    first_line_fee = fields.Monetary(readonly=True)
    maintenance_hours = fields.Float(readonly=True)
    first_line_hours = fields.Float(readonly=True)
    config_hours = fields.Float(readonly=True)
    pack_hours = fields.Float(readonly=True)
    billable_hours = fields.Float(readonly=True)
    billable_amount = fields.Monetary(readonly=True)
    total_amount = fields.Monetary(string="Total to Invoice", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
            WITH months AS (
                SELECT a.id AS agreement_id,
                       generate_series(
                           date_trunc('month', a.date_start),
                           date_trunc('month', LEAST(COALESCE(a.date_end, CURRENT_DATE), CURRENT_DATE)),
                           interval '1 month'
                       )::date AS month
                  FROM amc_agreement a
                 WHERE a.state IN ('active', 'expired')
                 UNION
                -- a cancelled agreement keeps the statements of the months it had work in
                SELECT DISTINCT al.agreement_id, date_trunc('month', al.date)::date
                  FROM amc_time_allocation al
                  JOIN amc_agreement a ON a.id = al.agreement_id
                 WHERE a.state = 'cancelled'
            ), contacts AS (
                -- archived contacts are no longer registered users
                SELECT rel.agreement_id, COUNT(*) AS users
                  FROM amc_agreement_support_contact_rel rel
                  JOIN res_partner p ON p.id = rel.partner_id AND p.active
              GROUP BY rel.agreement_id
            ), allocations AS (
                SELECT agreement_id,
                       date_trunc('month', date)::date AS month,
                       SUM(minutes) FILTER (WHERE bucket = 'maintenance') AS maintenance_minutes,
                       SUM(minutes) FILTER (WHERE bucket = 'first_line') AS first_line_minutes,
                       SUM(minutes) FILTER (WHERE bucket = 'config') AS config_minutes,
                       SUM(minutes) FILTER (WHERE bucket = 'pack') AS pack_minutes,
                       SUM(minutes) FILTER (WHERE bucket = 'billable') AS billable_minutes,
                       SUM(amount) AS billable_amount
                  FROM amc_time_allocation
              GROUP BY agreement_id, date_trunc('month', date)
            )
            SELECT (m.agreement_id * 1200 + (EXTRACT(YEAR FROM m.month)::int - 2000) * 12
                    + EXTRACT(MONTH FROM m.month)::int) AS id,
                   m.agreement_id,
                   a.partner_id,
                   a.company_id,
                   a.currency_id,
                   m.month,
                   to_char(m.month, 'YYYY-MM') AS period,
                   CASE WHEN a.has_maintenance THEN COALESCE(a.maintenance_fee, 0) ELSE 0 END AS maintenance_fee,
                   CASE WHEN a.has_first_line THEN COALESCE(c.users, 0) ELSE 0 END AS first_line_users,
                   CASE WHEN a.has_first_line
                        THEN COALESCE(c.users, 0) * COALESCE(a.first_line_price_per_user, 0)
                        ELSE 0 END AS first_line_fee,
                   COALESCE(al.maintenance_minutes, 0) / 60.0 AS maintenance_hours,
                   COALESCE(al.first_line_minutes, 0) / 60.0 AS first_line_hours,
                   COALESCE(al.config_minutes, 0) / 60.0 AS config_hours,
                   COALESCE(al.pack_minutes, 0) / 60.0 AS pack_hours,
                   COALESCE(al.billable_minutes, 0) / 60.0 AS billable_hours,
                   COALESCE(al.billable_amount, 0) AS billable_amount,
                   CASE WHEN a.has_maintenance THEN COALESCE(a.maintenance_fee, 0) ELSE 0 END
                   + CASE WHEN a.has_first_line
                          THEN COALESCE(c.users, 0) * COALESCE(a.first_line_price_per_user, 0) ELSE 0 END
                   + COALESCE(al.billable_amount, 0) AS total_amount
              FROM months m
              JOIN amc_agreement a ON a.id = m.agreement_id
         LEFT JOIN contacts c ON c.agreement_id = m.agreement_id
         LEFT JOIN allocations al ON al.agreement_id = m.agreement_id AND al.month = m.month
            )
            """,
                table=SQL.identifier(self._table),
            )
        )

    def _get_pack_balances(self):
        """Per pack: hours bought, used up to the end of the statement month, and left then."""
        self.ensure_one()
        _start, month_end = billing.period_bounds(self.month, "month")
        packs = self.env["amc.hour.pack"].search(
            [("agreement_id", "=", self.agreement_id.id), ("date_purchase", "<=", month_end)],
            order="date_purchase, id",
        )
        used = dict(
            self.env["amc.time.allocation"]._read_group(
                [("pack_id", "in", packs.ids), ("date", "<=", month_end)], ["pack_id"], ["minutes:sum"]
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
                    "left": 0.0 if expired else max(pack.hours - used_hours, 0.0),
                    "expired": expired,
                }
            )
        return balances

    @api.model
    def _get_month_label(self, month):
        return tools.format_date(self.env, month, date_format="MMMM y")
