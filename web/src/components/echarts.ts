/** The parts of ECharts the console draws with, registered once (the rest is left out of the bundle). */
import {
  BarChart,
  CustomChart,
  GaugeChart,
  HeatmapChart,
  LineChart,
  PieChart,
  ScatterChart,
} from "echarts/charts";
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  CustomChart,
  GaugeChart,
  HeatmapChart,
  LineChart,
  PieChart,
  ScatterChart,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type { EChartsCoreOption as ChartOption } from "echarts/core";
export { echarts };

/** The console's series colours, in order. */
export const PALETTE = [
  "#2f6fde",
  "#e8833a",
  "#3aa675",
  "#c94f6d",
  "#8a63d2",
  "#d4a72c",
  "#4bb3c9",
  "#7a7a7a",
];
