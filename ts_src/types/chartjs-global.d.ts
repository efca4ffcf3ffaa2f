/**
 * Chart.js at run time: Odoo 19's own copy (4.4.5, UMD build with every
 * controller, scale and plugin registered), which defines the global `Chart`
 * once `await loadBundle("web.chartjs_lib")` (`@web/core/assets`) resolved.
 *
 * Only the TYPE comes from the chart.js npm package (pinned to 4.4.5); the
 * build refuses to bundle chart.js itself (esbuild.config.mjs). Read the
 * global only after loadBundle resolved. jest tests install a fake
 * `globalThis.Chart`.
 */
import type { Chart as ChartJs } from "chart.js";

declare global {
    const Chart: typeof ChartJs;
}
