// Create or edit an entity that has a profile: name, label, profile, description and the kind's
// yes/no flags (a device's "Is gateway"). Devices and assets differ only in their words, their
// profile field, their flags and their API.
import { useState } from 'react';
import type { AdditionalInfo, EntityId, PageData, PageQuery } from '../api/types';
import { Field, firstError, validate } from '../components/Field';
import { FormDialog } from '../components/FormDialog';
import { InputField } from '../components/InputField';
import { ProfileSelect } from '../components/ProfileSelect';

/** What a device or an asset has in common for this form. */
export interface ProfiledEntity {
  name: string;
  label?: string | null;
  type?: string;
  additionalInfo?: AdditionalInfo;
}

/** A yes/no property kept in additionalInfo, e.g. a device's `gateway`. */
export interface EntityFlag {
  key: string;
  label: string;
  /** Shown beside the name in lists when set. */
  badge: string;
  hint?: string;
}

export const flagSet = (entity: ProfiledEntity, flag: EntityFlag) => entity.additionalInfo?.[flag.key] === true;

export interface ProfiledEntityForm<T extends ProfiledEntity> {
  /** 'device', 'asset': used in the title and as the prefix of the field ids. */
  noun: string;
  profileLabel: string;
  profileOf: (entity: T) => string | undefined;
  /** The entity with the chosen profile set (e.g. deviceProfileId). */
  withProfile: (entity: T, profileId: string) => T;
  fetchProfiles: (q: PageQuery) => Promise<PageData<{ id?: EntityId; name: string; default?: boolean }>>;
  save: (entity: T) => Promise<T>;
  flags?: EntityFlag[];
}

const withArticle = (noun: string) => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

interface Props<T extends ProfiledEntity> {
  form: ProfiledEntityForm<T>;
  entity: T | null;
  onSaved: (entity: T) => void;
  onClose: () => void;
}

export function ProfiledEntityDialog<T extends ProfiledEntity>({ form, entity, onSaved, onClose }: Props<T>) {
  const { noun } = form;
  const [name, setName] = useState(entity?.name ?? '');
  const [label, setLabel] = useState(entity?.label ?? '');
  const [profileId, setProfileId] = useState((entity && form.profileOf(entity)) ?? '');
  const [description, setDescription] = useState(String(entity?.additionalInfo?.description ?? ''));
  const flagList = form.flags ?? [];
  const [flags, setFlags] = useState(() => Object.fromEntries(flagList.map((f) => [f.key, !!entity && flagSet(entity, f)])));
  const [errors, setErrors] = useState<{ name?: string | null; profile?: string | null }>({});

  const check = () => {
    const next = {
      name: firstError(validate.required(name, 'Name'), validate.maxLength(name, 255, 'Name')),
      profile: profileId ? null : `Choose ${withArticle(form.profileLabel.toLowerCase())}`,
    };
    setErrors(next);
    return !next.name && !next.profile;
  };

  // A changed profile also changes the type (the profile's name): leave it to the server.
  const build = (): T => {
    const { type: _type, ...rest } = entity ?? ({} as T);
    const profileChanged = !entity || form.profileOf(entity) !== profileId;
    const base = (profileChanged ? rest : entity) as T;
    return form.withProfile(
      {
        ...base,
        name: name.trim(),
        label: label.trim() || null,
        additionalInfo: { ...(entity?.additionalInfo ?? {}), ...flags, description: description.trim() },
      },
      profileId,
    );
  };

  return (
    <FormDialog
      title={entity ? `Edit ${noun}` : `Add ${noun}`}
      submitLabel={entity ? 'Save' : 'Add'}
      validate={check}
      save={() => form.save(build())}
      onSaved={onSaved}
      onClose={onClose}
    >
      <InputField id={`${noun}-name`} label="Name" value={name} onChange={setName} error={errors.name} required />
      <InputField id={`${noun}-label`} label="Label" value={label} onChange={setLabel} />
      <Field label={form.profileLabel} htmlFor={`${noun}-profile`} error={errors.profile} required>
        <ProfileSelect
          id={`${noun}-profile`}
          value={profileId}
          onChange={setProfileId}
          fetchProfiles={form.fetchProfiles}
          invalid={!!errors.profile}
        />
      </Field>
      <InputField id={`${noun}-description`} label="Description" rows={3} value={description} onChange={setDescription} />
      {flagList.map((f) => (
        <div className="check-field" key={f.key}>
          <label className="check">
            <input type="checkbox" checked={flags[f.key]} onChange={(e) => setFlags((all) => ({ ...all, [f.key]: e.target.checked }))} />
            {f.label}
          </label>
          {f.hint && <div className="field-hint">{f.hint}</div>}
        </div>
      ))}
    </FormDialog>
  );
}
