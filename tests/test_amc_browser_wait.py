# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import common as odoo_test_common
from odoo.tests import tagged

from .common import BROWSER_START_WAIT_S, AmcHttpCase


@tagged("post_install", "-at_install")
class TestAmcBrowserWait(AmcHttpCase):
    """The module's browser tests give Chromium a minute, not Odoo's 10 s: a CI run lost a tour
    to "Chrome headless failed to start" on a loaded machine."""

    def test_chromium_gets_a_minute_to_write_its_port(self):
        self.assertGreaterEqual(BROWSER_START_WAIT_S, 60)
        wait = odoo_test_common.CHECK_BROWSER_ITERATIONS * odoo_test_common.CHECK_BROWSER_SLEEP
        self.assertGreaterEqual(wait, BROWSER_START_WAIT_S)
