// Create or edit an entity with a title and contact fields: tenants and customers.
import { useState } from 'react';
import type { Customer, Tenant } from '../api/types';
import { Field, firstError, validate } from '../components/Field';
import { FormDialog } from '../components/FormDialog';

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
      <Field label="Title" htmlFor={`${prefix}-title`} error={errors.title} required>
        <input id={`${prefix}-title`} value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <div className="field-row">
        <Field label="Email" htmlFor={`${prefix}-email`} error={errors.email}>
          <input id={`${prefix}-email`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label="Phone" htmlFor={`${prefix}-phone`}>
          <input id={`${prefix}-phone`} value={phone} onChange={(e) => setPhone(e.target.value)} />
        </Field>
      </div>
      <div className="field-row">
        <Field label="Country" htmlFor={`${prefix}-country`}>
          <input id={`${prefix}-country`} value={country} onChange={(e) => setCountry(e.target.value)} />
        </Field>
        <Field label="City" htmlFor={`${prefix}-city`}>
          <input id={`${prefix}-city`} value={city} onChange={(e) => setCity(e.target.value)} />
        </Field>
      </div>
      <Field label="Description" htmlFor={`${prefix}-description`}>
        <textarea
          id={`${prefix}-description`}
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </Field>
    </FormDialog>
  );
}
