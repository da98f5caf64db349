// The component of each widget type, loaded lazily: ECharts and Leaflet arrive only with the
// first widget that needs them.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { WidgetProps } from './widgets/types';

type WidgetComponent = LazyExoticComponent<ComponentType<WidgetProps>>;

export const WIDGET_COMPONENTS: Record<string, WidgetComponent> = {
  'system.charts.timeseries_line': lazy(() => import('./widgets/TimeseriesChartWidget')),
  'system.cards.value_card': lazy(() => import('./widgets/LatestValueWidget')),
  'system.gauges.radial_gauge': lazy(() => import('./widgets/GaugeWidget')),
  'system.cards.entities_table': lazy(() => import('./widgets/EntitiesTableWidget')),
  'system.maps.entities_map': lazy(() => import('./widgets/MapWidget')),
  'system.control_widgets.rpc_button': lazy(() => import('./widgets/RpcWidget')),
  'system.alarm_widgets.alarms_table': lazy(() => import('./widgets/AlarmsTableWidget')),
};
