// Create or edit an asset: name, label, asset profile, description.
import { useState } from 'react';
import { assetApi, assetProfileApi } from '../api/endpoints';
import type { Asset } from '../api/types';
import { Field, firstError, validate } from '../components/Field';
import { FormDialog } from '../components/FormDialog';
import { ProfileSelect } from '../components/ProfileSelect';

interface Props {
  asset: Asset | null;
  onSaved: (asset: Asset) => void;
  onClose: () => void;
}

export function AssetDialog({ asset, onSaved, onClose }: Props) {
  const [name, setName] = useState(asset?.name ?? '');
  const [label, setLabel] = useState(asset?.label ?? '');
  const [profileId, setProfileId] = useState(asset?.assetProfileId?.id ?? '');
  const [description, setDescription] = useState(String(asset?.additionalInfo?.description ?? ''));
  const [errors, setErrors] = useState<{ name?: string | null; profile?: string | null }>({});

  const check = () => {
    const next = {
      name: firstError(validate.required(name, 'Name'), validate.maxLength(name, 255, 'Name')),
      profile: profileId ? null : 'Choose an asset profile',
    };
    setErrors(next);
    return !next.name && !next.profile;
  };

  const build = (): Asset => {
    const { type: _type, ...rest } = asset ?? ({} as Asset);
    const profileChanged = asset?.assetProfileId?.id !== profileId;
    return {
      ...(profileChanged ? rest : (asset ?? {})),
      name: name.trim(),
      label: label.trim() || null,
      assetProfileId: { entityType: 'ASSET_PROFILE', id: profileId },
      additionalInfo: { ...(asset?.additionalInfo ?? {}), description: description.trim() },
    } as Asset;
  };

  return (
    <FormDialog
      title={asset ? 'Edit asset' : 'Add asset'}
      submitLabel={asset ? 'Save' : 'Add'}
      validate={check}
      save={() => assetApi.save(build())}
      onSaved={onSaved}
      onClose={onClose}
    >
      <Field label="Name" htmlFor="asset-name" error={errors.name} required>
        <input id="asset-name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="Label" htmlFor="asset-label">
        <input id="asset-label" value={label} onChange={(e) => setLabel(e.target.value)} />
      </Field>
      <Field label="Asset profile" htmlFor="asset-profile" error={errors.profile} required>
        <ProfileSelect
          id="asset-profile"
          value={profileId}
          onChange={setProfileId}
          fetchProfiles={assetProfileApi.list}
          invalid={!!errors.profile}
        />
      </Field>
      <Field label="Description" htmlFor="asset-description">
        <textarea
          id="asset-description"
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </Field>
    </FormDialog>
  );
}
