// Create or edit a device profile: name, description and provisioning. The profile read from the
// server is posted back whole, so alarm rules, transport settings and the rest of profileData stay.
import { useState } from 'react';
import { deviceProfileApi } from '../api/endpoints';
import type { DeviceProfile } from '../api/types';
import { firstError, validate } from '../components/Field';
import { FormDialog } from '../components/FormDialog';
import { InputField } from '../components/InputField';
import { ProvisioningFields } from '../device/ProvisioningFields';
import { checkProvisioning, provisioningOf, withProvisioning, type Provisioning, type ProvisioningErrors } from '../device/provisioning';

/** What a new profile is posted with (the reference's defaults). */
const NEW_PROFILE: DeviceProfile = {
  name: '',
  type: 'DEFAULT',
  transportType: 'DEFAULT',
  provisionType: 'DISABLED',
  profileData: {
    configuration: { type: 'DEFAULT' },
    transportConfiguration: { type: 'DEFAULT' },
    provisionConfiguration: { type: 'DISABLED', provisionDeviceSecret: null },
    alarms: null,
  },
};

interface Props {
  profile: DeviceProfile | null;
  onSaved: (saved: DeviceProfile) => void;
  onClose: () => void;
}

export function DeviceProfileDialog({ profile, onSaved, onClose }: Props) {
  const [name, setName] = useState(profile?.name ?? '');
  const [description, setDescription] = useState(profile?.description ?? '');
  const [provisioning, setProvisioning] = useState<Provisioning>(() => provisioningOf(profile));
  const [nameError, setNameError] = useState<string | null>(null);
  const [provisionErrors, setProvisionErrors] = useState<ProvisioningErrors>({});

  const check = () => {
    const problem = firstError(validate.required(name, 'Name'), validate.maxLength(name, 255, 'Name'));
    const found = checkProvisioning(provisioning);
    setNameError(problem);
    setProvisionErrors(found);
    return !problem && Object.keys(found).length === 0;
  };

  // A changed field is checked again on submit; until then its old message would mislead.
  const changeProvisioning = (change: Partial<Provisioning>) => {
    setProvisioning((p) => ({ ...p, ...change }));
    setProvisionErrors((errors) => ({ ...errors, ...Object.fromEntries(Object.keys(change).map((k) => [k, undefined])) }));
  };

  const build = (): DeviceProfile =>
    withProvisioning({ ...(profile ?? NEW_PROFILE), name: name.trim(), description: description.trim() || null }, provisioning);

  return (
    <FormDialog
      title={profile ? 'Edit device profile' : 'Add device profile'}
      submitLabel={profile ? 'Save' : 'Add'}
      validate={check}
      save={() => deviceProfileApi.save(build())}
      onSaved={onSaved}
      onClose={onClose}
      wide
    >
      <InputField id="entity-name" label="Name" value={name} onChange={setName} error={nameError} required />
      <InputField id="entity-description" label="Description" rows={2} value={description} onChange={setDescription} />
      <ProvisioningFields value={provisioning} errors={provisionErrors} onChange={changeProvisioning} />
    </FormDialog>
  );
}
