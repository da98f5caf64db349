// A device's credentials, read-only: what a device needs to connect, each value with a copy
// button. The password of MQTT basic credentials stays hidden until asked for.
import { useState } from 'react';
import type { DeviceCredentials } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { credentialsTypeLabel, parseMqttBasic } from './credentials';

function Copyable({ value, testId, shown }: { value: string; testId?: string; shown?: string }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <div className="copy-row">
      <code className="copy-value" data-testid={testId}>
        {shown ?? value}
      </code>
      <CopyButton text={value} />
    </div>
  );
}

export function CredentialsView({ credentials }: { credentials: DeviceCredentials }) {
  const [showPassword, setShowPassword] = useState(false);
  const { credentialsType: type, credentialsId, credentialsValue } = credentials;
  const mqtt = type === 'MQTT_BASIC' ? parseMqttBasic(credentialsValue) : null;
  return (
    <dl className="details-list">
      <dt>Credentials type</dt>
      <dd data-testid="credentials-type">{credentialsTypeLabel(type)}</dd>
      {type === 'ACCESS_TOKEN' && (
        <>
          <dt>Access token</dt>
          <dd>
            <Copyable value={credentialsId ?? ''} testId="access-token" />
          </dd>
        </>
      )}
      {mqtt && (
        <>
          <dt>Client id</dt>
          <dd>
            <Copyable value={mqtt.clientId} testId="mqtt-client-id" />
          </dd>
          <dt>User name</dt>
          <dd>
            <Copyable value={mqtt.userName} testId="mqtt-user-name" />
          </dd>
          <dt>Password</dt>
          <dd>
            <Copyable value={mqtt.password} testId="mqtt-password" shown={showPassword ? undefined : '••••••••'} />
            {mqtt.password && (
              <button type="button" className="btn btn-small" onClick={() => setShowPassword((s) => !s)}>
                {showPassword ? 'Hide password' : 'Show password'}
              </button>
            )}
          </dd>
        </>
      )}
      {type === 'X509_CERTIFICATE' && (
        <>
          <dt>Certificate (PEM)</dt>
          <dd>
            <pre className="code-block" data-testid="x509-pem">
              {credentialsValue}
            </pre>
            <CopyButton text={credentialsValue ?? ''} label="Copy certificate" />
          </dd>
          <dt>Credentials id</dt>
          <dd>
            <Copyable value={credentialsId ?? ''} testId="x509-hash" />
          </dd>
        </>
      )}
    </dl>
  );
}
