// A line chart of time series drawn by Apache ECharts on a canvas. Only the pieces used are
// imported so that the lazily loaded chunk stays small.
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useEChart } from './useEChart';

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
  /** A smaller frame (dashboard widgets): no zoom slider, a tighter grid, the container's height. */
  compact?: boolean;
}

export function TimeseriesChart({ series, from, to, label, compact = false }: Props) {
  const container = useRef<HTMLDivElement>(null);
  // What never changes is set once, so that updates keep the user's zoom.
  const chart = useEChart(container, {
    animation: false,
    grid: compact ? { left: 48, right: 16, top: 32, bottom: 28 } : { left: 56, right: 24, top: 40, bottom: 64 },
    legend: { top: 4 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', scale: true },
    dataZoom: compact ? [{ type: 'inside' }] : [{ type: 'inside' }, { type: 'slider', height: 20, bottom: 12 }],
  });

  useEffect(() => {
    chart.current?.setOption(
      {
        legend: { data: series.map((s) => s.key) },
        xAxis: { min: from, max: to },
        series: series.map((s) => ({ name: s.key, type: 'line', showSymbol: s.points.length < 60, data: s.points })),
      },
      { replaceMerge: ['series'] },
    );
  }, [chart, series, from, to]);

  return <div ref={container} className={compact ? 'chart chart-fill' : 'chart'} role="img" aria-label={label} />;
}
