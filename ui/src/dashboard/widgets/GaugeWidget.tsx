// Gauge: one key of one entity on an ECharts gauge between the configured minimum and maximum.
import { GaugeChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useEChart } from '../../telemetry/useEChart';
import { formatValue } from './format';
import type { WidgetProps } from './types';
import { useSingleValue } from './useSingleValue';

echarts.use([GaugeChart, CanvasRenderer]);

function Gauge({ value, min, max, label, text }: { value: number | null; min: number; max: number; label: string; text: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useEChart(container, { animation: false });
  useEffect(() => {
    chart.current?.setOption({
      series: [
        {
          type: 'gauge',
          min,
          max,
          progress: { show: true, width: 12 },
          axisLine: { lineStyle: { width: 12 } },
          splitNumber: 5,
          axisLabel: { distance: 16, fontSize: 10 },
          detail: { valueAnimation: false, fontSize: 18, offsetCenter: [0, '70%'], formatter: () => text },
          data: [{ value: value === null ? min : Math.min(max, Math.max(min, value)) }],
        },
      ],
    });
  }, [chart, value, min, max, text]);
  return <div ref={container} className="chart chart-fill" role="img" aria-label={label} />;
}

export default function GaugeWidget({ title, sources, settings }: WidgetProps) {
  const { value, placeholder } = useSingleValue(sources);
  if (placeholder) return placeholder;
  const raw = value?.value;
  const n = raw === null || raw === undefined ? NaN : Number(raw);
  const min = typeof settings.minValue === 'number' ? settings.minValue : 0;
  const max = typeof settings.maxValue === 'number' ? settings.maxValue : 100;
  const text = formatValue(raw, settings);
  return <Gauge value={Number.isFinite(n) ? n : null} min={min} max={max} label={`${title}: ${text}`} text={text} />;
}
