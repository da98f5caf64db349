// Create or edit an entity with a title and contact fields: tenants and customers.
import { useState } from 'react';
import type { Customer, Tenant } from '../api/types';
import { firstError, validate } from '../components/Field';
import { FormDialog } from '../components/FormDialog';
import { InputField } from '../components/InputField';

type Titled = Tenant | Customer;

interface Props<T extends Titled> {
  kind: string;
  entity: T | null;
  save: (entity: T) => Promise<T>;
  onSaved: (entity: T) => void;
  onClose: () => void;
}

export function ContactEntityDialog<T extends Titled>({ kind, entity, save, onSaved, onClose }: Props<T>) {
  const [title, setTitle] = useState(entity?.title ?? '');
  const [email, setEmail] = useState(entity?.email ?? '');
  const [phone, setPhone] = useState(entity?.phone ?? '');
  const [country, setCountry] = useState(entity?.country ?? '');
  const [city, setCity] = useState(entity?.city ?? '');
  const [description, setDescription] = useState(String(entity?.additionalInfo?.description ?? ''));
  const [errors, setErrors] = useState<{ title?: string | null; email?: string | null }>({});
  const prefix = kind.toLowerCase();

  const check = () => {
    const next = {
      title: firstError(validate.required(title, 'Title'), validate.maxLength(title, 255, 'Title')),
      email: validate.optionalEmail(email),
    };
    setErrors(next);
    return !next.title && !next.email;
  };

  const build = (): T =>
    ({
      ...(entity ?? {}),
      title: title.trim(),
      email: email.trim() || null,
      phone: phone.trim() || null,
      country: country.trim() || null,
      city: city.trim() || null,
      additionalInfo: { ...(entity?.additionalInfo ?? {}), description: description.trim() },
    }) as T;

  return (
    <FormDialog
      title={entity ? `Edit ${prefix}` : `Add ${prefix}`}
      submitLabel={entity ? 'Save' : 'Add'}
      validate={check}
      save={() => save(build())}
      onSaved={onSaved}
      onClose={onClose}
    >
      <InputField id={`${prefix}-title`} label="Title" value={title} onChange={setTitle} error={errors.title} required />
      <div className="field-row">
        <InputField id={`${prefix}-email`} label="Email" type="email" value={email} onChange={setEmail} error={errors.email} />
        <InputField id={`${prefix}-phone`} label="Phone" value={phone} onChange={setPhone} />
      </div>
      <div className="field-row">
        <InputField id={`${prefix}-country`} label="Country" value={country} onChange={setCountry} />
        <InputField id={`${prefix}-city`} label="City" value={city} onChange={setCity} />
      </div>
      <InputField id={`${prefix}-description`} label="Description" rows={3} value={description} onChange={setDescription} />
    </FormDialog>
  );
}
