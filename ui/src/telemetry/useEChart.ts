// An ECharts instance on a container for as long as the component is mounted, resized with the
// container. The caller registers the chart types it uses (echarts.use) and sets the options.
import * as echarts from 'echarts/core';
import { useEffect, useRef, type RefObject } from 'react';

/** `initial` is set once, so that later partial updates keep what the user did (zoom). */
export function useEChart(container: RefObject<HTMLDivElement>, initial: echarts.EChartsCoreOption) {
  const chart = useRef<echarts.ECharts | null>(null);
  const initialRef = useRef(initial);

  useEffect(() => {
    const instance = echarts.init(container.current!, undefined, { renderer: 'canvas' });
    instance.setOption(initialRef.current);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(container.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [container]);

  return chart;
}
