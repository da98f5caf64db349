// Map of entities: a marker where each chosen entity is, from its latest `latitude`/`longitude`
// time series (live) or, failing those, its attributes of the same keys. Leaflet draws markers
// only: tiles need the internet, which the platform does not assume, so there is no tile layer.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { telemetryApi } from '../../api/telemetry';
import { useAsync } from '../../components/useAsync';
import { useLatestValues } from '../../telemetry/useLatestValues';
import type { WidgetProps } from './types';
import { WidgetMessage } from './WidgetMessage';

export interface Marker {
  id: string;
  name: string;
  lat: number;
  lng: number;
}

function coordinate(value: unknown, limit: number): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

function MarkerMap({ markers, label }: { markers: Marker[]; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.FeatureGroup | null>(null);

  useEffect(() => {
    const instance = L.map(container.current!, { attributionControl: false, zoomSnap: 0.5 });
    instance.setView([0, 0], 1);
    layer.current = L.featureGroup().addTo(instance);
    map.current = instance;
    const observer = new ResizeObserver(() => instance.invalidateSize());
    observer.observe(container.current!);
    return () => {
      observer.disconnect();
      instance.remove();
      map.current = null;
    };
  }, []);

  const placed = markers.map((m) => `${m.id}:${m.lat}:${m.lng}`).join('|');
  useEffect(() => {
    const group = layer.current;
    if (!group || !map.current) return;
    group.clearLayers();
    for (const m of markers) {
      L.circleMarker([m.lat, m.lng], { radius: 8, color: '#0b5cab', weight: 2, fillColor: '#3b82f6', fillOpacity: 0.8 })
        .bindTooltip(m.name, { permanent: true, direction: 'top', offset: [0, -8] })
        .addTo(group);
    }
    if (markers.length > 0) map.current.fitBounds(group.getBounds(), { padding: [40, 40], maxZoom: 12 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [placed]);

  return <div ref={container} className="map" role="img" aria-label={label} data-markers={markers.length} />;
}

export default function MapWidget({ title, sources, settings }: WidgetProps) {
  const latKey = typeof settings.latitudeKey === 'string' ? settings.latitudeKey : 'latitude';
  const lngKey = typeof settings.longitudeKey === 'string' ? settings.longitudeKey : 'longitude';
  const keys = [latKey, lngKey];
  const latest = useLatestValues(sources.map((s) => ({ entity: s.entity, keys })));
  const attributes = useAsync(
    () => Promise.all(sources.map((s) => telemetryApi.attributesByKeys(s.entity, keys))),
    [JSON.stringify(sources.map((s) => s.entity.id)), latKey, lngKey],
  );

  if (sources.length === 0) return <WidgetMessage text="Choose one or more entities." />;
  if (!latest.values || !attributes.data) {
    const error = latest.error ?? attributes.error;
    return <WidgetMessage loading error={error} onRetry={latest.error ? latest.reload : attributes.reload} />;
  }
  const markers: Marker[] = [];
  sources.forEach((s, i) => {
    const ts = latest.values?.get(s.entity.id);
    const attr = new Map((attributes.data?.[i] ?? []).map((a) => [a.key, a.value]));
    const lat = coordinate(ts?.get(latKey)?.value ?? attr.get(latKey), 90);
    const lng = coordinate(ts?.get(lngKey)?.value ?? attr.get(lngKey), 180);
    if (lat !== null && lng !== null) markers.push({ id: s.entity.id, name: s.name, lat, lng });
  });
  return (
    <div className="widget-map">
      <MarkerMap markers={markers} label={`${title}: ${markers.length} of ${sources.length} entities located`} />
      {markers.length < sources.length && (
        <p className="muted small widget-foot">
          {sources.length - markers.length} without {latKey}/{lngKey}
        </p>
      )}
    </div>
  );
}
