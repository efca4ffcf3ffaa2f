# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
import os
import unittest
from unittest.mock import patch

from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tests import common as odoo_test_common
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


# Odoo waits 10 s (CHECK_BROWSER_ITERATIONS x CHECK_BROWSER_SLEEP) for a new Chromium to write
# its DevTools port, then logs "Chrome headless failed to start" and skips the tour; its JSON
# handshake gives up after 3 s. On a loaded two-core CI machine one tour in a run was skipped
# that way (and the warning failed the run). Every browser test of this module gives Chromium a
# minute to start and to answer instead: only the wait grows, a browser that never starts still
# skips the tour with Odoo's own warning.
BROWSER_START_WAIT_S = 60


class AmcHttpCase(HttpCase):
    """HttpCase for this module's tours and HTTP tests: Chromium gets BROWSER_START_WAIT_S."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        iterations = math.ceil(BROWSER_START_WAIT_S / odoo_test_common.CHECK_BROWSER_SLEEP)
        if iterations > odoo_test_common.CHECK_BROWSER_ITERATIONS:
            cls.startClassPatcher(patch.object(odoo_test_common, "CHECK_BROWSER_ITERATIONS", iterations))
        json_command = odoo_test_common.ChromeBrowser._json_command

        def _json_command(browser, command, timeout=3):
            return json_command(browser, command, timeout=max(timeout, BROWSER_START_WAIT_S))

        cls.startClassPatcher(patch.object(odoo_test_common.ChromeBrowser, "_json_command", _json_command))


def dashboard_section(data, key):
    """The section ``key`` of an ``amc.agreement.get_dashboard_data()`` payload."""
    return next(section for section in data["sections"] if section["key"] == key)


def dashboard_values(data, key):
    """``{card key: value}`` of one section of the dashboard payload."""
    return {card["key"]: card["value"] for card in dashboard_section(data, key)["cards"]}
