// The relation types of a connection between two nodes: those the source node sends on (check
// boxes) and custom names (typed). At least one is needed; removing them all is deleting the edge.
import { useState } from 'react';
import { Field } from '../components/Field';
import { FormDialog } from '../components/FormDialog';
import { InputField } from '../components/InputField';

interface Props {
  title: string;
  /** The names to offer, the source node's first. */
  offered: string[];
  initial: string[];
  onApply: (types: string[]) => void;
  onClose: () => void;
}

export function RelationDialog({ title, offered, initial, onApply, onClose }: Props) {
  const [checked, setChecked] = useState<string[]>(initial.filter((t) => offered.includes(t)));
  const [custom, setCustom] = useState(initial.filter((t) => !offered.includes(t)).join(', '));
  const [error, setError] = useState<string | null>(null);

  const types = () => {
    const typed = custom.split(',').map((t) => t.trim());
    return [...new Set([...checked, ...typed].filter(Boolean))];
  };
  const toggle = (t: string) => {
    setChecked((c) => (c.includes(t) ? c.filter((x) => x !== t) : [...c, t]));
    setError(null);
  };

  return (
    <FormDialog<string[]>
      title={title}
      submitLabel="Apply"
      validate={() => {
        const found = types().length ? null : 'Choose or type at least one relation type';
        setError(found);
        return !found;
      }}
      save={async () => types()}
      onSaved={onApply}
      onClose={onClose}
    >
      <Field label="Relation types" htmlFor="relation-types" error={error}>
        <fieldset id="relation-types" className="check-list">
          {offered.map((t) => (
            <label key={t} className="check">
              <input type="checkbox" checked={checked.includes(t)} onChange={() => toggle(t)} />
              {t}
            </label>
          ))}
        </fieldset>
      </Field>
      <InputField
        id="relation-custom"
        label="Custom relation types"
        value={custom}
        onChange={(v) => {
          setCustom(v);
          setError(null);
        }}
        hint="Comma-separated, e.g. the names a script switch returns"
      />
    </FormDialog>
  );
}
