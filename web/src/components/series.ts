/** Option pieces several charts share: confidence-interval whiskers, a day axis, percent axes. */
import type { ChartOption } from "./echarts";

type RenderApi = {
  value: (dim: number) => number;
  coord: (point: [number, number]) => [number, number];
  size: (value: [number, number]) => [number, number];
};

/**
 * Whiskers from low to high at category x, drawn by a custom series: `data` rows are [x, low, high]
 * (ECharts has no error-bar series). `offset` moves them sideways by a share of the category's band,
 * to sit on one of several bars.
 */
export function intervalSeries(name: string, data: [number, number, number][], color: string, offset = 0) {
  return {
    type: "custom",
    name,
    data,
    itemStyle: { color },
    encode: { x: 0, y: [1, 2] },
    z: 3,
    renderItem: (_params: unknown, api: RenderApi) => {
      const x = api.value(0);
      const band = api.size([1, 0])[0];
      const shift = offset * band;
      const low = api.coord([x, api.value(1)]);
      const high = api.coord([x, api.value(2)]);
      const cx = low[0] + shift;
      const half = Math.min(10, Math.max(4, band * 0.05));
      const style = { stroke: color, lineWidth: 2 };
      return {
        type: "group",
        children: [
          { type: "line", shape: { x1: cx, y1: low[1], x2: cx, y2: high[1] }, style },
          { type: "line", shape: { x1: cx - half, y1: low[1], x2: cx + half, y2: low[1] }, style },
          { type: "line", shape: { x1: cx - half, y1: high[1], x2: cx + half, y2: high[1] }, style },
        ],
      };
    },
  };
}

export const percentAxis = (name?: string) => ({
  type: "value",
  name,
  axisLabel: { formatter: (v: number) => `${Math.round(v * 10) / 10}%` },
});

export const baseGrid = { left: 56, right: 56, top: 48, bottom: 40, containLabel: false };

export const legendTop = { top: 8, type: "scroll" } as const;

export function categoryAxis(data: string[], extra: Record<string, unknown> = {}): ChartOption {
  return { type: "category", data, ...extra };
}
