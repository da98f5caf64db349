// Adds a node or edits one: name, description, debug mode, the type's own configuration fields
// (scripts in a code area) and the rest of the configuration as JSON. The change lands in the
// editor; the chain is saved with its Save button.
import { useState } from 'react';
import type { RuleNode } from '../api/types';
import { CodeField } from '../components/CodeField';
import { firstError, validate } from '../components/Field';
import { FormDialog } from '../components/FormDialog';
import { InputField } from '../components/InputField';
import { SelectField } from '../components/SelectField';
import { formTextOf, isShown, parseFormText, type NodeFormText } from './nodeForm';
import { nodeTypeDef, shortTypeName, type ConfigField } from './nodeTypes';
import { RuleChainSelect } from './RuleChainSelect';

interface Props {
  /** The node to edit, or a new one carrying its type's defaults. */
  node: RuleNode;
  adding: boolean;
  onApply: (node: RuleNode) => void;
  onClose: () => void;
}

export function NodeDialog({ node, adding, onApply, onClose }: Props) {
  const def = nodeTypeDef(node.type);
  const fields = def?.fields ?? [];
  const [name, setName] = useState(node.name);
  const [description, setDescription] = useState(String(node.additionalInfo?.description ?? ''));
  const [debugMode, setDebugMode] = useState(!!node.debugMode);
  const [form, setForm] = useState<NodeFormText>(() => formTextOf(node.configuration ?? {}, fields));
  const [errors, setErrors] = useState<Record<string, string>>({});

  const parsed = () => parseFormText(form, fields);
  const check = () => {
    const found = { ...parsed().errors };
    const nameError = firstError(validate.required(name, 'Name'), validate.maxLength(name, 255, 'Name'));
    if (nameError) found.name = nameError;
    setErrors(found);
    return Object.keys(found).length === 0;
  };

  const build = (): RuleNode => ({
    ...node,
    name: name.trim(),
    debugMode,
    configuration: parsed().configuration,
    additionalInfo: { ...(node.additionalInfo ?? {}), description: description.trim() },
  });

  const setField = (key: string, value: string) => {
    setForm((f) => ({ ...f, fields: { ...f.fields, [key]: value } }));
    setErrors((e) => ({ ...e, [key]: '' }));
  };
  const typeLabel = def?.label ?? shortTypeName(node.type);

  return (
    <FormDialog<RuleNode>
      title={adding ? `Add rule node: ${typeLabel}` : `Edit rule node ${node.name}`}
      submitLabel={adding ? 'Add' : 'Apply'}
      validate={check}
      save={async () => build()}
      onSaved={onApply}
      onClose={onClose}
      wide
    >
      <p className="muted small">
        {def?.description ?? 'A node type this editor has no form for: its configuration is edited as JSON.'} <code>{node.type}</code>
      </p>
      <InputField id="rule-node-name" label="Name" value={name} onChange={setName} error={errors.name} required />
      <InputField id="rule-node-description" label="Description" value={description} onChange={setDescription} />
      <div className="check-field">
        <label className="check">
          <input type="checkbox" checked={debugMode} onChange={(e) => setDebugMode(e.target.checked)} />
          Debug mode
        </label>
      </div>
      {fields.filter((f) => isShown(f, form.fields)).map((f) => (
        <ConfigFieldControl key={f.key} field={f} value={form.fields[f.key] ?? ''} error={errors[f.key]} onChange={(v) => setField(f.key, v)} />
      ))}
      <CodeField
        id="rule-node-configuration"
        label={fields.length ? 'Other configuration (JSON)' : 'Configuration (JSON)'}
        rows={fields.length ? 5 : 10}
        value={form.other}
        onChange={(other) => {
          setForm((f) => ({ ...f, other }));
          setErrors((e) => ({ ...e, other: '' }));
        }}
        error={errors.other}
      />
    </FormDialog>
  );
}

function ConfigFieldControl({ field, value, error, onChange }: { field: ConfigField; value: string; error?: string; onChange: (v: string) => void }) {
  const id = `rule-node-${field.key}`;
  switch (field.kind) {
    case 'script':
      return <CodeField id={id} label={field.label} rows={8} value={value} onChange={onChange} error={error} hint={field.hint} required={field.required} />;
    case 'boolean':
      return (
        <div className="check-field">
          <label className="check">
            <input id={id} type="checkbox" checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : 'false')} />
            {field.label}
          </label>
        </div>
      );
    case 'map':
      return <CodeField id={id} label={field.label} rows={3} value={value} onChange={onChange} error={error} hint={field.hint} required={field.required} />;
    case 'ruleChain':
      return <RuleChainSelect id={id} label={field.label} value={value} onChange={onChange} error={error} hint={field.hint} required={field.required} />;
    case 'select': {
      const options = field.options ?? [];
      // A stored value the list does not know stays selectable.
      const all = options.some((o) => o.value === value) || !value ? options : [...options, { value, label: value }];
      return <SelectField id={id} label={field.label} value={value} options={all} onChange={onChange} error={error} />;
    }
    default:
      return (
        <InputField
          id={id}
          label={field.label}
          value={value}
          onChange={onChange}
          error={error}
          hint={field.hint}
          required={field.required}
          inputMode={field.kind === 'number' ? 'decimal' : undefined}
          type={field.kind === 'password' ? 'password' : undefined}
          autoComplete={field.kind === 'password' ? 'new-password' : undefined}
        />
      );
  }
}
