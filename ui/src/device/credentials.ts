// A device's credentials as the dialog edits them: one draft for the three types, checked before
// sending and turned back into the wire object (POST /api/device/credentials). The server computes
// credentialsId for MQTT_BASIC and X509_CERTIFICATE; for ACCESS_TOKEN it is the token.
import type { CredentialsType, DeviceCredentials } from '../api/types';
import { firstError, validate } from '../components/Field';

export const CREDENTIALS_TYPES: { value: CredentialsType; label: string }[] = [
  { value: 'ACCESS_TOKEN', label: 'Access token' },
  { value: 'MQTT_BASIC', label: 'MQTT basic' },
  { value: 'X509_CERTIFICATE', label: 'X.509 certificate' },
];

export function credentialsTypeLabel(type: string): string {
  return CREDENTIALS_TYPES.find((t) => t.value === type)?.label ?? type;
}

export interface MqttBasic {
  clientId: string;
  userName: string;
  password: string;
}

/** MQTT_BASIC's credentialsValue is a JSON string; anything unreadable reads as empty fields. */
export function parseMqttBasic(value: string | null): MqttBasic {
  let parsed: Record<string, unknown> = {};
  try {
    const v = value ? (JSON.parse(value) as unknown) : null;
    if (v && typeof v === 'object') parsed = v as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  const text = (key: string) => (typeof parsed[key] === 'string' ? (parsed[key] as string) : '');
  return { clientId: text('clientId'), userName: text('userName'), password: text('password') };
}

export interface CredentialsDraft extends MqttBasic {
  type: CredentialsType;
  token: string;
  pem: string;
}

export type CredentialsErrors = Partial<Record<keyof CredentialsDraft | 'mqtt', string>>;

export function draftOf(c: DeviceCredentials): CredentialsDraft {
  const mqtt = c.credentialsType === 'MQTT_BASIC' ? parseMqttBasic(c.credentialsValue) : { clientId: '', userName: '', password: '' };
  return {
    type: c.credentialsType,
    token: c.credentialsType === 'ACCESS_TOKEN' ? c.credentialsId ?? '' : '',
    pem: c.credentialsType === 'X509_CERTIFICATE' ? c.credentialsValue ?? '' : '',
    ...mqtt,
  };
}

// The server refuses spaces, '/', '+' and '#' (MQTT topic characters) in a token.
const TOKEN_PATTERN = /^[^\s/+#]+$/;
const PEM_PATTERN = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;

export function checkDraft(d: CredentialsDraft): CredentialsErrors {
  const errors: CredentialsErrors = {};
  const put = (key: keyof CredentialsErrors, message: string | null) => {
    if (message) errors[key] = message;
  };
  switch (d.type) {
    case 'ACCESS_TOKEN':
      put(
        'token',
        firstError(
          validate.required(d.token, 'Access token'),
          validate.maxLength(d.token, 255, 'Access token'),
          TOKEN_PATTERN.test(d.token) ? null : "The access token may not contain spaces, '/', '+' or '#'",
        ),
      );
      break;
    case 'MQTT_BASIC':
      if (!d.clientId.trim() && !d.userName.trim()) put('mqtt', 'Enter a client id, a user name or both');
      put('clientId', validate.maxLength(d.clientId, 255, 'Client id'));
      put('userName', validate.maxLength(d.userName, 255, 'User name'));
      if (d.password && !d.userName.trim()) put('password', 'A password needs a user name');
      else put('password', validate.maxLength(d.password, 255, 'Password'));
      break;
    case 'X509_CERTIFICATE':
      put('pem', validate.required(d.pem, 'Certificate') ?? (PEM_PATTERN.test(d.pem) ? null : 'Paste a PEM certificate: -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----'));
      break;
  }
  return errors;
}

/** The stored credentials with the draft's type and values (same id, so they are replaced). */
export function toCredentials(stored: DeviceCredentials, d: CredentialsDraft): DeviceCredentials {
  const base = { ...stored, credentialsType: d.type };
  switch (d.type) {
    case 'ACCESS_TOKEN':
      return { ...base, credentialsId: d.token.trim(), credentialsValue: null };
    case 'MQTT_BASIC': {
      const value: Partial<MqttBasic> = {};
      if (d.clientId.trim()) value.clientId = d.clientId.trim();
      if (d.userName.trim()) value.userName = d.userName.trim();
      if (d.password) value.password = d.password;
      return { ...base, credentialsId: null, credentialsValue: JSON.stringify(value) };
    }
    case 'X509_CERTIFICATE':
      return { ...base, credentialsId: null, credentialsValue: d.pem.trim() };
  }
}
