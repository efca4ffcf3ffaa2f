# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain-Python unit tests (stdlib unittest, no Odoo); see test_billing.py."""
