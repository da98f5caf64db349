// A device's credentials inline on its details page: the access token with copy, or what the
// other types identify the device by (MQTT client id / user name, an X.509 certificate).
import { deviceApi } from '../api/endpoints';
import { credentialsTypeLabel, parseMqttBasic } from '../device/credentials';
import { CopyButton } from './CopyButton';
import { ErrorAlert, Spinner } from './Feedback';
import { useAsync } from './useAsync';

export function CredentialsSummary({ deviceId, version }: { deviceId: string; version: number }) {
  const { data, loading, error, reload } = useAsync(() => deviceApi.credentials(deviceId), [deviceId, version]);
  if (loading && !data) return <Spinner />;
  if (error) return <ErrorAlert message={error} onRetry={reload} />;
  if (!data) return null;
  const label = <span className="muted">{credentialsTypeLabel(data.credentialsType)}</span>;
  if (data.credentialsType === 'MQTT_BASIC') {
    const { clientId, userName } = parseMqttBasic(data.credentialsValue);
    const parts = [clientId && `client id ${clientId}`, userName && `user name ${userName}`].filter(Boolean);
    return (
      <div className="copy-row" data-testid="details-credentials">
        {label}
        <span>{parts.join(', ')}</span>
      </div>
    );
  }
  if (data.credentialsType !== 'ACCESS_TOKEN') {
    return (
      <div className="copy-row" data-testid="details-credentials">
        {label}
        <span className="muted small">open Manage credentials for the certificate</span>
      </div>
    );
  }
  return (
    <div className="copy-row" data-testid="details-credentials">
      {label}
      <code className="copy-value" data-testid="details-access-token">
        {data.credentialsId}
      </code>
      <CopyButton text={data.credentialsId ?? ''} />
    </div>
  );
}
