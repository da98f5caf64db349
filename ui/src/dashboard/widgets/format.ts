// Values as widgets show them: rounded to the configured decimals, followed by the units.
export function formatValue(value: string | null | undefined, settings: Record<string, unknown>): string {
  if (value === null || value === undefined || value === '') return '—';
  const decimals = settings.decimals;
  const n = Number(value);
  const text = typeof decimals === 'number' && Number.isFinite(n) ? n.toFixed(Math.max(0, Math.min(10, decimals))) : value;
  return typeof settings.units === 'string' && settings.units ? `${text} ${settings.units}` : text;
}
