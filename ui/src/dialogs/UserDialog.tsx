// Create or edit a user of a tenant (TENANT_ADMIN) or of a customer (CUSTOMER_USER).
import { useState } from 'react';
import { userApi } from '../api/endpoints';
import type { Authority, EntityId, User } from '../api/types';
import { Field, firstError, validate } from '../components/Field';
import { FormDialog } from '../components/FormDialog';

interface Props {
  user: User | null;
  authority: Authority;
  tenantId?: EntityId<'TENANT'>;
  customerId?: EntityId<'CUSTOMER'>;
  onSaved: (user: User, created: boolean) => void;
  onClose: () => void;
}

export function UserDialog({ user, authority, tenantId, customerId, onSaved, onClose }: Props) {
  const [email, setEmail] = useState(user?.email ?? '');
  const [firstName, setFirstName] = useState(user?.firstName ?? '');
  const [lastName, setLastName] = useState(user?.lastName ?? '');
  const [description, setDescription] = useState(String(user?.additionalInfo?.description ?? ''));
  const [errors, setErrors] = useState<{ email?: string | null }>({});

  const check = () => {
    const next = { email: firstError(validate.required(email, 'Email'), validate.email(email)) };
    setErrors(next);
    return !next.email;
  };

  const build = (): User => ({
    ...(user ?? {}),
    email: email.trim(),
    authority: user?.authority ?? authority,
    firstName: firstName.trim() || null,
    lastName: lastName.trim() || null,
    ...(user ? {} : { ...(tenantId ? { tenantId } : {}), ...(customerId ? { customerId } : {}) }),
    additionalInfo: { ...(user?.additionalInfo ?? {}), description: description.trim() },
  });

  return (
    <FormDialog
      title={user ? 'Edit user' : authority === 'TENANT_ADMIN' ? 'Add tenant administrator' : 'Add customer user'}
      submitLabel={user ? 'Save' : 'Add'}
      validate={check}
      save={() => userApi.save(build())}
      onSaved={(saved) => onSaved(saved, !user)}
      onClose={onClose}
    >
      <Field label="Email" htmlFor="user-email" error={errors.email} required>
        <input id="user-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <div className="field-row">
        <Field label="First name" htmlFor="user-first">
          <input id="user-first" value={firstName} onChange={(e) => setFirstName(e.target.value)} />
        </Field>
        <Field label="Last name" htmlFor="user-last">
          <input id="user-last" value={lastName} onChange={(e) => setLastName(e.target.value)} />
        </Field>
      </div>
      <Field label="Description" htmlFor="user-description">
        <textarea id="user-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
    </FormDialog>
  );
}
