// Create or edit something that has a name (or title) and a description: device profiles,
// rule chains, dashboards.
import { useState } from 'react';
import { firstError, validate } from '../components/Field';
import { FormDialog } from '../components/FormDialog';
import { InputField } from '../components/InputField';

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
      <InputField id="entity-name" label={nameLabel} value={name} onChange={setName} error={error} required />
      <InputField id="entity-description" label="Description" rows={3} value={description} onChange={setDescription} />
    </FormDialog>
  );
}
