// A line chart of time series drawn by Apache ECharts on a canvas. Only the pieces used are
// imported so that the lazily loaded chunk stays small.
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

export interface ChartSeries {
  key: string;
  /** [ts, value], oldest first. */
  points: [number, number][];
}

interface Props {
  series: ChartSeries[];
  /** The time axis range. */
  from: number;
  to: number;
  label: string;
}

export function TimeseriesChart({ series, from, to, label }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = container.current!;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    // What never changes is set once, so that updates keep the user's zoom.
    instance.setOption({
      animation: false,
      grid: { left: 56, right: 24, top: 40, bottom: 64 },
      legend: { top: 4 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', scale: true },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 20, bottom: 12 }],
    });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        legend: { data: series.map((s) => s.key) },
        xAxis: { min: from, max: to },
        series: series.map((s) => ({ name: s.key, type: 'line', showSymbol: s.points.length < 60, data: s.points })),
      },
      { replaceMerge: ['series'] },
    );
  }, [series, from, to]);

  return <div ref={container} className="chart" role="img" aria-label={label} />;
}
