/** One ECharts chart: created on mount, updated when the option changes, resized with its box. */
import { useEffect, useRef } from "react";
import { type ChartOption, echarts, PALETTE } from "./echarts";

interface ChartProps {
  option: ChartOption;
  /** What the chart shows, for screen readers and tests. */
  label: string;
  height?: number;
}

export function Chart({ option, label, height = 280 }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const instance = echarts.init(box.current, undefined, { renderer: "canvas" });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: PALETTE, animation: false, ...option }, { notMerge: true });
  }, [option]);

  return (
    <div className="chart" ref={box} role="img" aria-label={label} data-chart={label} style={{ height }} />
  );
}
