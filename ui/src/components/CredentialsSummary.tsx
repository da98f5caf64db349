// The access token of a device inline on its details page, with copy.
import { deviceApi } from '../api/endpoints';
import { CopyButton } from './CopyButton';
import { ErrorAlert, Spinner } from './Feedback';
import { useAsync } from './useAsync';

export function CredentialsSummary({ deviceId, version }: { deviceId: string; version: number }) {
  const { data, loading, error, reload } = useAsync(() => deviceApi.credentials(deviceId), [deviceId, version]);
  if (loading && !data) return <Spinner />;
  if (error) return <ErrorAlert message={error} onRetry={reload} />;
  if (!data) return null;
  return (
    <div className="copy-row">
      <span className="muted">{data.credentialsType === 'ACCESS_TOKEN' ? 'Access token' : data.credentialsType}</span>
      <code className="copy-value" data-testid="details-access-token">
        {data.credentialsId}
      </code>
      <CopyButton text={data.credentialsId} />
    </div>
  );
}
