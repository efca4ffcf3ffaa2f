/**
 * The dashboard's "To invoice" card: closed months not invoiced yet, from the
 * `to_invoice` section of the one dashboard RPC.
 */
import { describe, expect, test } from "@jest/globals";

import {
    buildDashboardView,
    buildToInvoiceCard,
    toInvoiceAction,
    toInvoiceAgreementAction,
} from "../ts_src/lib/dashboard_model";
import { dashboardData, toInvoiceSection } from "./fixtures";

describe("dashboard_model: To invoice", () => {
    test("the card opens the statements to invoice, a row those of its agreement", () => {
        expect(toInvoiceAction()).toEqual({
            request: "addon_amc.amc_statement_action",
            options: { additionalContext: { search_default_filter_to_invoice: 1 } },
        });
        expect(toInvoiceAgreementAction(7)).toEqual({
            request: "addon_amc.amc_statement_action",
            options: { additionalContext: { search_default_filter_to_invoice: 1, search_default_agreement_id: 7 } },
        });
    });

    test("amounts per currency, counts and the agreements owing the most", () => {
        const card = buildToInvoiceCard(toInvoiceSection());
        expect(card.amountLabels).toEqual(["12\u00a0400,00\u00a0kr"]);
        expect(card.statementCount).toBe(3);
        expect(card.agreementCount).toBe(2);
        expect(card.tone).toBe("warning");
        expect(card.rows.map((row) => [row.id, row.amountLabel, row.months])).toEqual([
            [1, "10\u00a0800,00\u00a0kr", 2],
            [2, "1\u00a0600,00\u00a0kr", 1],
        ]);
        expect(card.rows[0]?.action).toEqual(toInvoiceAgreementAction(1));
    });

    test("nothing to invoice is a success", () => {
        const card = buildToInvoiceCard(
            toInvoiceSection({ amounts: [], statement_count: 0, agreement_count: 0, agreements: [] }),
        );
        expect(card.tone).toBe("success");
        expect(card.rows).toEqual([]);
    });

    test("an older server without the section: no card", () => {
        const data = dashboardData();
        delete data.to_invoice;
        expect(buildDashboardView(data).toInvoice).toBeNull();
        expect(buildDashboardView(dashboardData()).toInvoice).toEqual(buildToInvoiceCard(toInvoiceSection()));
    });
});
