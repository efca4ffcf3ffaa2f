# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
import unittest

from odoo.tests import TransactionCase, new_test_user
from odoo.tools.misc import find_in_path


class AmcTestCommon(TransactionCase):
    """Companies, users and a customer shared by the addon_amc tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "AMC Company B"})
        cls.customer = cls.env["res.partner"].create({"name": "AMC Test Customer", "is_company": True})
        cls.manager = new_test_user(
            cls.env,
            login="amc_manager",
            groups="addon_amc.group_amc_manager",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, (cls.company_a | cls.company_b).ids)],
        )
        cls.agent = new_test_user(
            cls.env,
            login="amc_agent",
            groups="addon_amc.group_amc_user",
            company_id=cls.company_a.id,
        )
        cls.agent_b = new_test_user(
            cls.env,
            login="amc_agent_b",
            groups="addon_amc.group_amc_user",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.employee = new_test_user(cls.env, login="amc_employee", groups="base.group_user")

    @classmethod
    def _agreement_vals(cls, **overrides):
        vals = {
            "name": "AMC Test Agreement",
            "partner_id": cls.customer.id,
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
        }
        vals.update(overrides)
        return vals


# Tests that need a tool the machine may lack are skipped, not failed, without it; the runner
# (build/odoo.mjs) prints one line naming the package and sets these variables when it
# finds no such tool. Decorate the test class: one line each.
def _tool_found(*names):
    for name in names:
        try:
            if find_in_path(name):
                return True
        except OSError:  # Odoo's which() raises when the program is not on the path
            continue
    return False


tour_test = unittest.skipIf(
    os.environ.get("ADDON_AMC_SKIP_TOURS") == "1"
    or not _tool_found("google-chrome", "chromium", "chromium-browser", "google-chrome-stable"),
    "Chromium not found: install the chromium package to run the tours",
)
pdf_test = unittest.skipIf(
    os.environ.get("ADDON_AMC_SKIP_PDF") == "1" or not _tool_found("wkhtmltopdf"),
    "wkhtmltopdf not found: install the wkhtmltopdf package to run the PDF tests",
)


def dashboard_section(data, key):
    """The section ``key`` of an ``amc.agreement.get_dashboard_data()`` payload."""
    return next(section for section in data["sections"] if section["key"] == key)


def dashboard_values(data, key):
    """``{card key: value}`` of one section of the dashboard payload."""
    return {card["key"]: card["value"] for card in dashboard_section(data, key)["cards"]}
