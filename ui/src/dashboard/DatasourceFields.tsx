// The entities and keys of a widget: one device (a select) or several (check boxes); one key (a
// text field suggesting the keys the devices have sent) or several (check boxes of those keys
// plus a field for others).
import type { Device } from '../api/types';
import { Field } from '../components/Field';
import { InputField } from '../components/InputField';
import { SelectField } from '../components/SelectField';
import type { WidgetTypeDef } from './widgetTypes';

export interface DatasourceForm {
  deviceIds: string[];
  /** Keys checked (many) or the one key (one). */
  keys: string[];
  /** Comma-separated keys not in the list. */
  otherKeys: string;
}

interface Props {
  def: WidgetTypeDef;
  devices: Device[];
  knownKeys: string[];
  form: DatasourceForm;
  onChange: (change: Partial<DatasourceForm>) => void;
  errors: { devices?: string | null; keys?: string | null };
}

const toggle = (list: string[], item: string) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

export function DatasourceFields({ def, devices, knownKeys, form, onChange, errors }: Props) {
  return (
    <>
      {def.entities === 'one' ? (
        <SelectField
          id="widget-device"
          label="Device"
          value={form.deviceIds[0] ?? ''}
          options={[{ value: '', label: 'Choose a device' }, ...devices.map((d) => ({ value: d.id!.id, label: d.name }))]}
          onChange={(id) => onChange({ deviceIds: id ? [id] : [] })}
          error={errors.devices}
        />
      ) : (
        <Field label="Devices" htmlFor="widget-devices" error={errors.devices} hint={def.entitiesOptional ? 'None chosen: all devices' : undefined}>
          <fieldset id="widget-devices" className="check-list">
            {devices.length === 0 && <span className="muted">No devices yet.</span>}
            {devices.map((d) => (
              <label key={d.id!.id} className="check">
                <input type="checkbox" checked={form.deviceIds.includes(d.id!.id)} onChange={() => onChange({ deviceIds: toggle(form.deviceIds, d.id!.id) })} />
                {d.name}
              </label>
            ))}
          </fieldset>
        </Field>
      )}
      {def.keys === 'one' && (
        <>
          <InputField
            id="widget-key"
            label="Key"
            value={form.keys[0] ?? ''}
            onChange={(key) => onChange({ keys: [key] })}
            list="widget-known-keys"
            error={errors.keys}
            hint={knownKeys.length ? `Sent so far: ${knownKeys.join(', ')}` : undefined}
          />
          <datalist id="widget-known-keys">
            {knownKeys.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
        </>
      )}
      {def.keys === 'many' && (
        <>
          <Field label="Keys" htmlFor="widget-keys" error={errors.keys}>
            <fieldset id="widget-keys" className="check-list">
              {knownKeys.length === 0 && <span className="muted">The chosen devices have sent no time series yet.</span>}
              {knownKeys.map((k) => (
                <label key={k} className="check">
                  <input type="checkbox" checked={form.keys.includes(k)} onChange={() => onChange({ keys: toggle(form.keys, k) })} />
                  {k}
                </label>
              ))}
            </fieldset>
          </Field>
          <InputField id="widget-other-keys" label="Other keys" value={form.otherKeys} onChange={(otherKeys) => onChange({ otherKeys })} hint="Comma-separated" />
        </>
      )}
    </>
  );
}

/** The keys the form names: checked ones and the typed ones, trimmed, without repeats. */
export function keysOf(form: DatasourceForm): string[] {
  const typed = form.otherKeys.split(',').map((k) => k.trim());
  return [...new Set([...form.keys.map((k) => k.trim()), ...typed].filter(Boolean))];
}
