// Create or edit a device: name, label, device profile, description.
import { useState } from 'react';
import { deviceApi, deviceProfileApi } from '../api/endpoints';
import type { Device } from '../api/types';
import { Field, firstError, validate } from '../components/Field';
import { FormDialog } from '../components/FormDialog';
import { ProfileSelect } from '../components/ProfileSelect';

interface Props {
  device: Device | null;
  onSaved: (device: Device) => void;
  onClose: () => void;
}

export function DeviceDialog({ device, onSaved, onClose }: Props) {
  const [name, setName] = useState(device?.name ?? '');
  const [label, setLabel] = useState(device?.label ?? '');
  const [profileId, setProfileId] = useState(device?.deviceProfileId?.id ?? '');
  const [description, setDescription] = useState(String(device?.additionalInfo?.description ?? ''));
  const [errors, setErrors] = useState<{ name?: string | null; profile?: string | null }>({});

  const check = () => {
    const next = {
      name: firstError(validate.required(name, 'Name'), validate.maxLength(name, 255, 'Name')),
      profile: profileId ? null : 'Choose a device profile',
    };
    setErrors(next);
    return !next.name && !next.profile;
  };

  const build = (): Device => {
    const { type: _type, ...rest } = device ?? ({} as Device);
    const profileChanged = device?.deviceProfileId?.id !== profileId;
    return {
      ...(profileChanged ? rest : (device ?? {})),
      name: name.trim(),
      label: label.trim() || null,
      deviceProfileId: { entityType: 'DEVICE_PROFILE', id: profileId },
      additionalInfo: { ...(device?.additionalInfo ?? {}), description: description.trim() },
    } as Device;
  };

  return (
    <FormDialog
      title={device ? 'Edit device' : 'Add device'}
      submitLabel={device ? 'Save' : 'Add'}
      validate={check}
      save={() => deviceApi.save(build())}
      onSaved={onSaved}
      onClose={onClose}
    >
      <Field label="Name" htmlFor="device-name" error={errors.name} required>
        <input id="device-name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="Label" htmlFor="device-label">
        <input id="device-label" value={label} onChange={(e) => setLabel(e.target.value)} />
      </Field>
      <Field label="Device profile" htmlFor="device-profile" error={errors.profile} required>
        <ProfileSelect
          id="device-profile"
          value={profileId}
          onChange={setProfileId}
          fetchProfiles={deviceProfileApi.list}
          invalid={!!errors.profile}
        />
      </Field>
      <Field label="Description" htmlFor="device-description">
        <textarea
          id="device-description"
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </Field>
    </FormDialog>
  );
}
