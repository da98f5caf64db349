// One device: its fields and credentials, relations, latest telemetry (live), attributes of each
// scope, a chart of its time series (loaded lazily with ECharts), commands to it (RPC) and its
// alarms.
import { lazy, Suspense, useState } from 'react';
import { useParams } from 'react-router-dom';
import { AlarmsTable } from '../alarms/AlarmsTable';
import { useSession } from '../auth/AuthContext';
import { AssignableDetailsPage } from '../components/AssignableDetailsPage';
import { CredentialsSummary } from '../components/CredentialsSummary';
import { Spinner } from '../components/Feedback';
import { RpcPanel } from '../device/RpcPanel';
import { CredentialsDialog } from '../dialogs/CredentialsDialog';
import { deviceKind } from '../kinds/deviceKind';
import { AttributesPanel } from '../telemetry/AttributesPanel';
import { LatestTelemetryPanel } from '../telemetry/LatestTelemetryPanel';

const TelemetryChartPanel = lazy(() =>
  import('../telemetry/TelemetryChartPanel').then((m) => ({ default: m.TelemetryChartPanel })),
);

export function DeviceDetailsPage() {
  const { deviceId = '' } = useParams();
  const manage = useSession().authority === 'TENANT_ADMIN';
  const [credentialsVersion, setCredentialsVersion] = useState(0);
  return (
    <AssignableDetailsPage
      kind={deviceKind}
      id={deviceId}
      extra={{
        label: 'Manage credentials',
        render: (device, close) => (
          <CredentialsDialog
            device={device}
            editable
            onClose={() => {
              close();
              setCredentialsVersion((v) => v + 1);
            }}
          />
        ),
      }}
      extraDetails={(device) => (
        <>
          <dt>Credentials</dt>
          <dd>
            <CredentialsSummary deviceId={device.id!.id} version={credentialsVersion} />
          </dd>
        </>
      )}
      extraTabs={[
        { id: 'telemetry', label: 'Latest telemetry', render: (device) => <LatestTelemetryPanel entity={device.id!} /> },
        { id: 'attributes', label: 'Attributes', render: (device) => <AttributesPanel entity={device.id!} manage={manage} /> },
        {
          id: 'chart',
          label: 'Chart',
          render: (device) => (
            <Suspense fallback={<Spinner label="Loading the chart…" />}>
              <TelemetryChartPanel entity={device.id!} />
            </Suspense>
          ),
        },
        { id: 'rpc', label: 'RPC', render: (device) => <RpcPanel device={device.id!} /> },
        { id: 'alarms', label: 'Alarms', render: (device) => <AlarmsTable entity={device.id!} label={`Alarms of ${device.name}`} /> },
      ]}
    />
  );
}
