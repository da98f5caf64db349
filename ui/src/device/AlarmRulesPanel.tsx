// A device profile's alarm rules (profileData.alarms): a form for simple rules (one key compared
// with a value per severity, one clear condition), the reference's JSON for everything else.
// Save posts the whole profile with only `alarms` replaced.
import { useState } from 'react';
import { deviceProfileApi } from '../api/endpoints';
import type { DeviceProfile } from '../api/types';
import { ActionButton } from '../components/ActionButton';
import { CodeField } from '../components/CodeField';
import { ErrorAlert, InfoAlert } from '../components/Feedback';
import { useSubmit } from '../components/useSubmit';
import { AlarmRuleCard } from './AlarmRuleCard';
import { alarmOf, alarmsOf, checkDrafts, draftsOf, hasErrors, newRule, parseAlarmsJson, type RuleDraft, type RuleErrors } from './alarmRules';

interface Props {
  profile: DeviceProfile;
  onSaved: (profile: DeviceProfile) => void;
}

type Mode = 'form' | 'json';

export function AlarmRulesPanel({ profile, onSaved }: Props) {
  const [initial] = useState(() => {
    const alarms = alarmsOf(profile.profileData);
    const form = draftsOf(alarms);
    return { alarms, form };
  });
  const [mode, setMode] = useState<Mode>('drafts' in initial.form ? 'form' : 'json');
  const [drafts, setDrafts] = useState<RuleDraft[]>('drafts' in initial.form ? initial.form.drafts : []);
  const [json, setJson] = useState(() => JSON.stringify(initial.alarms, null, 2));
  // Checked on Save (or on switching to JSON), then again on every change.
  const [checking, setChecking] = useState(false);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>('reason' in initial.form ? `The form cannot show these rules: ${initial.form.reason}.` : null);
  const { busy, error, run } = useSubmit();

  const errors: RuleErrors[] = checking ? checkDrafts(drafts) : [];
  const checkForm = () => {
    setChecking(true);
    return !hasErrors(checkDrafts(drafts));
  };

  const toJson = () => {
    if (!checkForm()) return;
    setJson(JSON.stringify(drafts.map(alarmOf), null, 2));
    setJsonError(null);
    setMode('json');
  };

  const toForm = () => {
    const parsed = parseAlarmsJson(json);
    if (!parsed.ok) return setJsonError(parsed.error);
    const form = draftsOf(parsed.alarms);
    if ('reason' in form) return setNotice(`The form cannot show these rules: ${form.reason}.`);
    setDrafts(form.drafts);
    setChecking(false);
    setNotice(null);
    setMode('form');
  };

  const save = () => {
    let alarms: Record<string, unknown>[];
    if (mode === 'form') {
      if (!checkForm()) return;
      alarms = drafts.map(alarmOf);
    } else {
      const parsed = parseAlarmsJson(json);
      setJsonError(parsed.ok ? null : parsed.error);
      if (!parsed.ok) return;
      alarms = parsed.alarms;
    }
    void run(async () => {
      const saved = await deviceProfileApi.save({ ...profile, profileData: { ...profile.profileData, alarms: alarms.length ? alarms : null } });
      onSaved(saved);
    });
  };

  const change = (i: number, rule: RuleDraft) => setDrafts((ds) => ds.map((d, j) => (j === i ? rule : d)));

  return (
    <section className="panel alarm-rules">
      <div className="table-toolbar">
        <div className="segmented" role="group" aria-label="Edit as">
          <button type="button" className={mode === 'form' ? 'seg seg-active' : 'seg'} aria-pressed={mode === 'form'} onClick={() => mode === 'json' && toForm()}>
            Form
          </button>
          <button type="button" className={mode === 'json' ? 'seg seg-active' : 'seg'} aria-pressed={mode === 'json'} onClick={() => mode === 'form' && toJson()}>
            JSON
          </button>
        </div>
        <div className="toolbar-actions">
          <button type="button" className="btn btn-primary" onClick={save} disabled={busy}>
            {busy ? 'Saving…' : 'Save alarm rules'}
          </button>
        </div>
      </div>
      <ErrorAlert message={error} />
      {notice && <InfoAlert>{notice}</InfoAlert>}
      {mode === 'form' ? (
        <>
          {drafts.length === 0 && <p className="muted">No alarm rules: devices of this profile raise no alarms by themselves.</p>}
          {drafts.map((d, i) => (
            <AlarmRuleCard key={i} index={i} rule={d} errors={errors[i]} onChange={(r) => change(i, r)} onRemove={() => setDrafts((ds) => ds.filter((_, j) => j !== i))} />
          ))}
          <ActionButton small={false} onClick={() => setDrafts((ds) => [...ds, newRule()])}>
            Add alarm rule
          </ActionButton>
        </>
      ) : (
        <CodeField
          id="alarm-rules-json"
          label="Alarm rules (JSON)"
          rows={22}
          value={json}
          onChange={(v) => {
            setJson(v);
            setJsonError(null);
          }}
          error={jsonError}
          hint="profileData.alarms in the reference's format: a list of {id, alarmType, createRules, clearRule, propagate}"
        />
      )}
    </section>
  );
}
