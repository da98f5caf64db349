// Adds a widget or configures one: type (when adding), title, devices and keys, and the type's
// settings. Everything is checked before the dialog closes; the change is saved with the dashboard.
import { useState } from 'react';
import { deviceApi } from '../api/endpoints';
import { telemetryApi } from '../api/telemetry';
import { validate as check } from '../components/Field';
import { ErrorAlert, Spinner } from '../components/Feedback';
import { FormDialog } from '../components/FormDialog';
import { InputField } from '../components/InputField';
import { SelectField } from '../components/SelectField';
import { useAsync } from '../components/useAsync';
import { DatasourceFields, keysOf, type DatasourceForm } from './DatasourceFields';
import { SettingsFields } from './SettingsFields';
import type { WidgetDraft } from './widgetDraft';
import { parseSettings, settingsToText, WIDGET_TYPES, widgetType } from './widgetTypes';

interface Props {
  /** The widget being configured; null to add one. */
  initial: WidgetDraft | null;
  onDone: (draft: WidgetDraft) => void;
  onClose: () => void;
}

interface Errors {
  title?: string | null;
  devices?: string | null;
  keys?: string | null;
  settings?: Record<string, string>;
}

export function WidgetDialog({ initial, onDone, onClose }: Props) {
  const [fqn, setFqn] = useState(initial?.fqn ?? WIDGET_TYPES[0].fqn);
  const def = widgetType(fqn) ?? WIDGET_TYPES[0];
  const [title, setTitle] = useState(initial?.title ?? '');
  const [sources, setSources] = useState<DatasourceForm>({
    deviceIds: initial?.entities.map((e) => e.entity.id) ?? [],
    keys: initial?.keys ?? [],
    otherKeys: '',
  });
  const [settingsText, setSettingsText] = useState(() => settingsToText(def, initial?.settings ?? {}));
  const [errors, setErrors] = useState<Errors>({});

  const devices = useAsync(
    () => deviceApi.tenantList({ pageSize: 1000, page: 0, sortProperty: 'name', sortOrder: 'ASC' }).then((p) => p.data),
    [],
  );
  const chosen = (devices.data ?? []).filter((d) => sources.deviceIds.includes(d.id!.id));
  const knownKeys = useAsync(async () => {
    const lists = await Promise.all(chosen.map((d) => telemetryApi.timeseriesKeys(d.id!)));
    return [...new Set(lists.flat())].sort((a, b) => a.localeCompare(b));
  }, [chosen.map((d) => d.id!.id).join(',')]);

  const changeType = (next: string) => {
    setFqn(next);
    const nextDef = widgetType(next);
    if (nextDef) setSettingsText(settingsToText(nextDef, {}));
    setErrors({});
  };

  const keys = keysOf(sources);
  const parsed = parseSettings(def, settingsText);
  const validate = () => {
    const found: Errors = {
      title: check.required(title, 'Title') ?? check.maxLength(title, 255, 'Title'),
      devices: chosen.length === 0 && !def.entitiesOptional ? (def.entities === 'one' ? 'Choose a device' : 'Choose at least one device') : null,
      keys: def.keys !== 'none' && keys.length === 0 ? (def.keys === 'one' ? 'Key is required' : 'Choose or type at least one key') : null,
      settings: parsed.errors,
    };
    setErrors(found);
    return !found.title && !found.devices && !found.keys && Object.keys(parsed.errors).length === 0;
  };

  const draft = (): WidgetDraft => ({
    fqn,
    title,
    entities: chosen.map((d) => ({ entity: d.id!, name: d.name })),
    keys: def.keys === 'none' ? [] : def.keys === 'one' ? keys.slice(0, 1) : keys,
    settings: parsed.settings,
  });

  return (
    <FormDialog<WidgetDraft>
      title={initial ? `Configure widget ${initial.title}` : 'Add widget'}
      submitLabel={initial ? 'Apply' : 'Add'}
      validate={validate}
      save={async () => draft()}
      onSaved={onDone}
      onClose={onClose}
      wide
    >
      {initial ? (
        <p className="muted">Type: {def.label}</p>
      ) : (
        <SelectField id="widget-type" label="Widget type" value={fqn} options={WIDGET_TYPES.map((t) => ({ value: t.fqn, label: t.label }))} onChange={changeType} />
      )}
      <InputField id="widget-title" label="Title" value={title} onChange={setTitle} error={errors.title} required />
      <ErrorAlert message={devices.error} onRetry={devices.reload} />
      <ErrorAlert message={knownKeys.error} onRetry={knownKeys.reload} />
      {devices.loading && !devices.data ? (
        <Spinner label="Loading devices…" />
      ) : (
        <DatasourceFields
          def={def}
          devices={devices.data ?? []}
          knownKeys={knownKeys.data ?? []}
          form={sources}
          onChange={(c) => setSources((s) => ({ ...s, ...c }))}
          errors={errors}
        />
      )}
      <SettingsFields
        fields={def.settings}
        values={settingsText}
        errors={errors.settings ?? {}}
        onChange={(name, value) => setSettingsText((s) => ({ ...s, [name]: value }))}
      />
    </FormDialog>
  );
}
