import { Component, onMounted, onPatched, onWillStart, onWillUnmount, onWillUpdateProps, useRef } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { useService } from "@web/core/utils/hooks";
import { formatFloatTime } from "@web/views/fields/formatters";
import type { OdooEnv, OrmService } from "@web/core/utils/hooks";

import { _t } from "../../l10n";
import { BURNDOWN_METHOD } from "../../lib/burndown";
import type { BurndownData } from "../../lib/burndown";
import { buildBurndownChartConfig } from "../../lib/burndown_chart";
import type { BurndownChartTexts } from "../../lib/burndown_chart";
import { AGREEMENT_MODEL } from "../../lib/dashboard_model";
import { formatPercent } from "../../lib/format";

export const CHARTJS_BUNDLE = "web.chartjs_lib";

export interface AmcBurndownChartProps {
    agreementId: number;
    /**
     * Changes when the agreement was saved (the form widget passes its
     * write_date): a new value re-fetches the data, like a new agreementId.
     */
    reloadKey?: string;
}

/** Fetched models kept per component (switching back to an agreement does not fetch again). */
export const MODEL_CACHE_SIZE = 10;

export function modelKey(props: AmcBurndownChartProps): string {
    return `${props.agreementId}|${props.reloadKey ?? ""}`;
}

/** What the component needs of a Chart.js instance. */
interface ChartInstance {
    destroy(): void;
}

/**
 * Burn-down of an agreement's prepaid hours: remaining hours per day, the
 * depletion forecast (dashed) and the usage thresholds, drawn with Odoo's
 * Chart.js. One `get_burndown_data` RPC per agreement (and reloadKey): a new
 * agreementId fetches in onWillUpdateProps; coming back to an agreement
 * already shown reuses its data.
 */
export class AmcBurndownChart extends Component<AmcBurndownChartProps, OdooEnv> {
    static override template = "addon_amc.BurndownChart";
    static override props = {
        agreementId: Number,
        reloadKey: { type: String, optional: true },
    };

    declare orm: OrmService;
    declare canvasRef: { el: HTMLCanvasElement | null };
    /** Models fetched so far, by modelKey(); the newest MODEL_CACHE_SIZE are kept. */
    declare models: Map<string, BurndownData>;
    /** Fetches under way, by modelKey(), so one key is never fetched twice at once. */
    declare pending: Map<string, Promise<BurndownData>>;
    declare chart: ChartInstance | null;
    /** The model and the canvas the current chart was drawn for. */
    declare drawn: { model: BurndownData; canvas: HTMLCanvasElement } | null;

    override setup(): void {
        this.orm = useService("orm");
        this.canvasRef = useRef<HTMLCanvasElement>("canvas");
        this.models = new Map();
        this.pending = new Map();
        this.chart = null;
        this.drawn = null;

        onWillStart(() => Promise.all([this.load(this.props), loadBundle(CHARTJS_BUNDLE)]));
        // OWL renders new props only once this resolves, so `model` always
        // matches the props on screen, even when a slower fetch for props
        // that were replaced meanwhile answers late.
        onWillUpdateProps((nextProps: AmcBurndownChartProps) => this.load(nextProps));
        onMounted(() => this.renderChart());
        onPatched(() => this.renderChart());
        onWillUnmount(() => this.destroyChart());
    }

    /** The data of these props: fetched once (one RPC per agreement and reloadKey). */
    async load(props: AmcBurndownChartProps): Promise<void> {
        const key = modelKey(props);
        if (this.models.has(key)) {
            return;
        }
        let promise = this.pending.get(key);
        if (!promise) {
            promise = this.fetchModel(props);
            this.pending.set(key, promise);
        }
        try {
            const model = await promise;
            this.models.delete(key);
            this.models.set(key, model);
            for (const old of this.models.keys()) {
                if (this.models.size <= MODEL_CACHE_SIZE) {
                    break;
                }
                if (old !== modelKey(this.props)) {
                    this.models.delete(old);
                }
            }
        } finally {
            this.pending.delete(key);
        }
    }

    /** The server computes the whole burn-down; the component only draws it. */
    fetchModel(props: AmcBurndownChartProps): Promise<BurndownData> {
        return this.orm.call<BurndownData>(AGREEMENT_MODEL, BURNDOWN_METHOD, [[props.agreementId]]);
    }

    /** The model of the current props (loaded before they were applied). */
    get model(): BurndownData {
        const model = this.models.get(modelKey(this.props));
        if (!model) {
            throw new Error(`AmcBurndownChart: no data loaded for agreement ${this.props.agreementId}`);
        }
        return model;
    }

    // -- chart ----------------------------------------------------------------

    get chartTexts(): BurndownChartTexts {
        return {
            remaining: _t("Remaining hours"),
            forecast: _t("Forecast"),
            hoursAxis: _t("Hours"),
            threshold: (threshold) => formatPercent(threshold.percent),
            formatDate: (isoDate) => this.formatDate(isoDate),
        };
    }

    /** (Re)draws when the model or the canvas changed since the last draw. */
    renderChart(): void {
        const canvas = this.canvasRef.el;
        if (!canvas || this.model.is_empty) {
            this.destroyChart();
            return;
        }
        if (this.chart && this.drawn?.model === this.model && this.drawn.canvas === canvas) {
            return;
        }
        this.destroyChart();
        this.chart = new Chart(canvas, buildBurndownChartConfig(this.model, this.chartTexts));
        this.drawn = { model: this.model, canvas };
    }

    destroyChart(): void {
        if (this.chart) {
            this.chart.destroy();
            this.chart = null;
        }
        this.drawn = null;
    }

    // -- summary --------------------------------------------------------------

    formatDate(isoDate: string): string {
        return formatDate(deserializeDate(isoDate));
    }

    get chartLabel(): string {
        return _t("Burn-down of the prepaid hours of %s", this.model.agreement.name);
    }

    get remainingLabel(): string {
        return _t("%s hours left", formatFloatTime(this.model.remaining));
    }

    get forecastLabel(): string {
        const forecast = this.model.forecast;
        if (!forecast) {
            return _t("No depletion forecast");
        }
        if (forecast.days_left === 1) {
            return _t("Runs out around %s (tomorrow)", this.formatDate(forecast.depletion_date));
        }
        return _t("Runs out around %(date)s (in %(days)s days)", {
            date: this.formatDate(forecast.depletion_date),
            days: forecast.days_left,
        });
    }

    get rateLabel(): string {
        return _t("%(hours)s used in the last %(days)s days", {
            hours: formatFloatTime(this.model.window_hours),
            days: this.model.window_days,
        });
    }
}
