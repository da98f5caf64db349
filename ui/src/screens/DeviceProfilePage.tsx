// One device profile: its fields (edited in the profile dialog) and its alarm rules. Loaded
// lazily with the alarm rules editor.
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { deviceProfileApi } from '../api/endpoints';
import type { DeviceProfile } from '../api/types';
import { ActionButton } from '../components/ActionButton';
import { ErrorAlert, InfoAlert, Spinner } from '../components/Feedback';
import { dash, formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { Tabs } from '../components/Tabs';
import { useAsync } from '../components/useAsync';
import { AlarmRulesPanel } from '../device/AlarmRulesPanel';
import { provisionTypeLabel } from '../device/provisioning';
import { DeviceProfileDialog } from '../dialogs/DeviceProfileDialog';

const TABS = [
  { id: 'details', label: 'Details' },
  { id: 'alarms', label: 'Alarm rules' },
];

export default function DeviceProfilePage() {
  const { deviceProfileId = '' } = useParams();
  const loaded = useAsync(() => deviceProfileApi.get(deviceProfileId), [deviceProfileId]);
  const [profile, setProfile] = useState<DeviceProfile | null>(null);
  const [version, setVersion] = useState(0);
  const [tab, setTab] = useState('details');
  const [editing, setEditing] = useState(false);
  const [savedRules, setSavedRules] = useState(false);
  useEffect(() => setProfile(loaded.data), [loaded.data]);

  const crumbs = [{ label: 'Device profiles', to: '/deviceProfiles' }];
  if (!profile) {
    return (
      <>
        <PageHeader title="Device profile" crumbs={crumbs} />
        {loaded.loading ? <Spinner /> : <ErrorAlert message={loaded.error} onRetry={loaded.reload} />}
      </>
    );
  }
  const replace = (saved: DeviceProfile) => {
    setProfile(saved);
    setVersion((v) => v + 1);
  };

  return (
    <>
      <PageHeader
        title={profile.name}
        crumbs={crumbs}
        actions={
          <ActionButton small={false} onClick={() => setEditing(true)}>
            Edit
          </ActionButton>
        }
      />
      <Tabs
        tabs={TABS}
        active={tab}
        onChange={(t) => {
          setTab(t);
          setSavedRules(false);
        }}
      />
      {tab === 'details' && (
        <section className="panel">
          <dl className="details-list">
            <dt>Name</dt>
            <dd>
              {profile.name}
              {profile.default && <span className="badge">Default</span>}
            </dd>
            <dt>Description</dt>
            <dd>{dash(profile.description)}</dd>
            <dt>Transport</dt>
            <dd>{dash(profile.transportType)}</dd>
            <dt>Provisioning</dt>
            <dd>{provisionTypeLabel(profile.provisionType)}</dd>
            <dt>Alarm rules</dt>
            <dd>{Array.isArray(profile.profileData?.alarms) ? profile.profileData.alarms.length : 0}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(profile.createdTime)}</dd>
          </dl>
        </section>
      )}
      {tab === 'alarms' && (
        <>
          {savedRules && <InfoAlert>Alarm rules saved.</InfoAlert>}
          <AlarmRulesPanel
            key={version}
            profile={profile}
            onSaved={(saved) => {
              replace(saved);
              setSavedRules(true);
            }}
          />
        </>
      )}
      {editing && (
        <DeviceProfileDialog
          profile={profile}
          onSaved={(saved) => {
            replace(saved);
            setEditing(false);
          }}
          onClose={() => setEditing(false)}
        />
      )}
    </>
  );
}
