// Create or edit something that has a name (or title) and a description: device profiles,
// rule chains, dashboards.
import { useState } from 'react';
import { Field, firstError, validate } from '../components/Field';
import { FormDialog } from '../components/FormDialog';

interface Props<T> {
  title: string;
  nameLabel?: string;
  initialName?: string;
  initialDescription?: string;
  submitLabel: string;
  save: (name: string, description: string) => Promise<T>;
  onSaved: (result: T) => void;
  onClose: () => void;
}

export function NameDialog<T>({
  title,
  nameLabel = 'Name',
  initialName = '',
  initialDescription = '',
  submitLabel,
  save,
  onSaved,
  onClose,
}: Props<T>) {
  const [name, setName] = useState(initialName);
  const [description, setDescription] = useState(initialDescription);
  const [error, setError] = useState<string | null>(null);

  const check = () => {
    const problem = firstError(validate.required(name, nameLabel), validate.maxLength(name, 255, nameLabel));
    setError(problem);
    return !problem;
  };

  return (
    <FormDialog
      title={title}
      submitLabel={submitLabel}
      validate={check}
      save={() => save(name.trim(), description.trim())}
      onSaved={onSaved}
      onClose={onClose}
    >
      <Field label={nameLabel} htmlFor="entity-name" error={error} required>
        <input id="entity-name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="Description" htmlFor="entity-description">
        <textarea id="entity-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
    </FormDialog>
  );
}
