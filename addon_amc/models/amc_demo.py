# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..demo import instance_reports, ops_history, requests_history, sla_history


class AmcDemo(models.AbstractModel):
    """The demo data's entry points (``<function model="amc.demo" .../>`` in data/*_demo.xml).

    Used by demo data only: the generators are plain functions in ``addon_amc/demo/``.
    """

    _name = "amc.demo"
    _description = "Support Demo Data"

    @api.model
    def _generate_history(self, agreement_xmlid, days=90, seed=7, daily_rate=0.4):
        return requests_history.generate_history(self.env, agreement_xmlid, days, seed, daily_rate)

    @api.model
    def _sla_history(self, seed=13):
        return sla_history.sla_history(self.env, seed)

    @api.model
    def _generate_ops_history(self, agreement_xmlid, checks=3, nights=14, failed_night=5):
        return ops_history.generate_ops_history(self.env, agreement_xmlid, checks, nights, failed_night)

    @api.model
    def _generate_instance_reports(self, instance_xmlid, agreement_xmlid):
        return instance_reports.generate_reports(self.env, instance_xmlid, agreement_xmlid)
