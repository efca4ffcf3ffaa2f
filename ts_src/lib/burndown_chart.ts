/**
 * Chart.js configuration of the burn-down chart, built from the server's payload.
 *
 * DOM-free: only TYPES come from chart.js (erased by esbuild; at run time
 * Chart.js is Odoo's copy, loaded with `loadBundle("web.chartjs_lib")`).
 * The x axis is a plain category axis of formatted dates, so neither a time
 * scale nor Chart.js's luxon adapter is needed.
 */
import type { ChartConfiguration, ChartDataset, TooltipItem } from "chart.js";
import { formatFloatTime } from "@web/views/fields/formatters";

import { buildChartSeries } from "./burndown";
import type { BurndownData, BurndownThreshold } from "./burndown";

export type BurndownChartConfig = ChartConfiguration<"line", (number | null)[], string>;
type LineDataset = ChartDataset<"line", (number | null)[]>;

/** Translated texts and the date formatter, injected by the component. */
export interface BurndownChartTexts {
    remaining: string;
    forecast: string;
    hoursAxis: string;
    threshold: (threshold: BurndownThreshold) => string;
    formatDate: (isoDate: string) => string;
}

/** From Odoo 19's chart palette (web/static/src/core/colors/colors.js, COLORS_SM). */
export const BURNDOWN_COLORS = {
    remaining: "#4EA7F2",
    remainingFill: "rgba(78, 167, 242, 0.15)",
    forecast: "#8481DD",
    thresholds: ["#F4A261", "#EA6175", "#CE4257"],
};

export const FORECAST_DASH = [6, 4];
export const THRESHOLD_DASH = [2, 4];

export function thresholdColor(index: number): string {
    const colors = BURNDOWN_COLORS.thresholds;
    return colors[Math.min(index, colors.length - 1)];
}

export function buildBurndownChartConfig(data: BurndownData, texts: BurndownChartTexts): BurndownChartConfig {
    const series = buildChartSeries(data);
    const datasets: LineDataset[] = [
        {
            label: texts.remaining,
            data: series.remaining,
            borderColor: BURNDOWN_COLORS.remaining,
            backgroundColor: BURNDOWN_COLORS.remainingFill,
            borderWidth: 2,
            fill: "origin",
            stepped: "after",
            pointRadius: 0,
            pointHitRadius: 6,
            spanGaps: false,
        },
    ];
    if (series.forecast) {
        datasets.push({
            label: texts.forecast,
            data: series.forecast,
            borderColor: BURNDOWN_COLORS.forecast,
            backgroundColor: BURNDOWN_COLORS.forecast,
            borderWidth: 2,
            borderDash: FORECAST_DASH,
            fill: false,
            pointRadius: 0,
            pointHitRadius: 6,
            spanGaps: false,
        });
    }
    series.thresholds.forEach(({ threshold, values }, index) => {
        datasets.push({
            label: texts.threshold(threshold),
            data: values,
            borderColor: thresholdColor(index),
            backgroundColor: thresholdColor(index),
            borderWidth: 1,
            borderDash: THRESHOLD_DASH,
            fill: false,
            pointRadius: 0,
            pointHitRadius: 0,
        });
    });
    return {
        type: "line",
        data: {
            labels: series.dates.map((date) => texts.formatDate(date)),
            datasets,
        },
        options: {
            responsive: true,
            maintainAspectRatio: false,
            interaction: { mode: "index", intersect: false },
            scales: {
                x: {
                    type: "category",
                    ticks: { autoSkip: true, maxRotation: 0, maxTicksLimit: 8 },
                    grid: { display: false },
                },
                y: {
                    beginAtZero: true,
                    title: { display: true, text: texts.hoursAxis },
                    // hours as everywhere else in Odoo's time fields (07:30, not 7.5)
                    ticks: { callback: (value: number | string) => formatFloatTime(Number(value)) },
                },
            },
            plugins: {
                legend: { position: "bottom" },
                tooltip: {
                    callbacks: {
                        label: (item: TooltipItem<"line">) =>
                            `${item.dataset.label ?? ""}: ${formatFloatTime(item.parsed.y)}`,
                    },
                },
            },
        },
    };
}
