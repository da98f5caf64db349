// A device profile's provisioning as the profile form edits it: the type, the key (top-level
// provisionDeviceKey, unique across all tenants) and the secret (profileData.provisionConfiguration).
// Writing it back keeps every other part of profileData as the server sent it.
import type { DeviceProfile, ProvisionType } from '../api/types';
import { firstError, validate } from '../components/Field';

export const PROVISION_TYPES: { value: ProvisionType; label: string }[] = [
  { value: 'DISABLED', label: 'Disabled' },
  { value: 'ALLOW_CREATE_NEW_DEVICES', label: 'Allow to create new devices' },
  { value: 'CHECK_PRE_PROVISIONED_DEVICES', label: 'Check for pre-provisioned devices' },
];

export function provisionTypeLabel(type: string | undefined): string {
  return PROVISION_TYPES.find((t) => t.value === type)?.label ?? type ?? 'Disabled';
}

export interface Provisioning {
  type: ProvisionType;
  key: string;
  secret: string;
}

type Json = Record<string, unknown>;

function provisionConfiguration(profile: DeviceProfile | null): Json {
  const config = profile?.profileData?.provisionConfiguration;
  return config && typeof config === 'object' ? (config as Json) : {};
}

export function provisioningOf(profile: DeviceProfile | null): Provisioning {
  const config = provisionConfiguration(profile);
  const secret = config.provisionDeviceSecret;
  return {
    type: profile?.provisionType ?? 'DISABLED',
    key: profile?.provisionDeviceKey ?? '',
    secret: typeof secret === 'string' ? secret : '',
  };
}

export type ProvisioningErrors = Partial<Record<'key' | 'secret', string>>;

export function checkProvisioning(p: Provisioning): ProvisioningErrors {
  if (p.type === 'DISABLED') return {};
  const errors: ProvisioningErrors = {};
  const key = firstError(validate.required(p.key, 'Provision device key'), validate.maxLength(p.key, 255, 'Provision device key'));
  const secret = firstError(validate.required(p.secret, 'Provision device secret'), validate.maxLength(p.secret, 255, 'Provision device secret'));
  if (key) errors.key = key;
  if (secret) errors.secret = secret;
  return errors;
}

/** The profile with this provisioning; disabled provisioning clears the key and the secret. */
export function withProvisioning(profile: DeviceProfile, p: Provisioning): DeviceProfile {
  const enabled = p.type !== 'DISABLED';
  return {
    ...profile,
    provisionType: p.type,
    provisionDeviceKey: enabled ? p.key.trim() : null,
    profileData: {
      ...(profile.profileData ?? {}),
      provisionConfiguration: {
        ...provisionConfiguration(profile),
        type: p.type,
        provisionDeviceSecret: enabled ? p.secret.trim() : null,
      },
    },
  };
}
