# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import pdf_test
from .test_amc_billing import AmcBillingCommon


@pdf_test
@tagged("post_install", "-at_install")
class TestAmcStatementPdf(AmcBillingCommon):
    def test_statement_prints_as_pdf(self):
        """The monthly statement goes through wkhtmltopdf and comes out as a PDF."""
        self._log(self._request("billable"), 1.0, day="2026-03-03")
        self.env.flush_all()
        statement = self.env["amc.statement"].search(
            [("agreement_id", "=", self.agreement.id), ("month", "=", "2026-03-01")]
        )
        self.assertEqual(len(statement), 1)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("addon_amc.amc_statement_report_action", statement.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"), pdf[:40])
