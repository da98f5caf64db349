// One alarm rule in the profile's form: its type, a condition per severity that raises it, the
// condition that clears it, and whether it propagates to related entities.
import { ActionButton } from '../components/ActionButton';
import { SEVERITY_LABELS } from '../alarms/alarmFormat';
import { emptyCondition, SEVERITIES, type RuleDraft, type RuleErrors, type Severity } from './alarmRules';
import { ConditionFields } from './ConditionFields';

interface Props {
  index: number;
  rule: RuleDraft;
  errors?: RuleErrors;
  onChange: (rule: RuleDraft) => void;
  onRemove: () => void;
}

export function AlarmRuleCard({ index, rule, errors, onChange, onRemove }: Props) {
  const name = rule.alarmType.trim() || `Rule ${index + 1}`;
  const set = (change: Partial<RuleDraft>) => onChange({ ...rule, ...change });
  const unused = SEVERITIES.filter((s) => !rule.create.some((c) => c.severity === s));
  const typeId = `alarm-rule-${index}-type`;

  return (
    <fieldset className="form-section alarm-rule" aria-label={`Alarm rule ${name}`}>
      <legend>{name}</legend>
      <div className={errors?.alarmType ? 'field field-invalid' : 'field'}>
        <label htmlFor={typeId}>
          Alarm type<span className="required" aria-hidden="true"> *</span>
        </label>
        <input id={typeId} value={rule.alarmType} onChange={(e) => set({ alarmType: e.target.value })} />
        {errors?.alarmType && <div className="field-error">{errors.alarmType}</div>}
      </div>

      <h4 className="section-title">Create the alarm when</h4>
      {rule.create.map((entry, i) => (
        <div className="condition-line" key={i}>
          <select
            aria-label={`${name} severity ${i + 1}`}
            value={entry.severity}
            onChange={(e) => set({ create: rule.create.map((c, j) => (j === i ? { ...c, severity: e.target.value as Severity } : c)) })}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {SEVERITY_LABELS[s]}
              </option>
            ))}
          </select>
          <ConditionFields
            label={`${name} ${entry.severity}`}
            value={entry.condition}
            errors={errors?.conditions[i]}
            onChange={(condition) => set({ create: rule.create.map((c, j) => (j === i ? { ...c, condition } : c)) })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${name} ${entry.severity} condition`}
            onClick={() => set({ create: rule.create.filter((_, j) => j !== i) })}
          >
            ×
          </button>
        </div>
      ))}
      {errors?.create && <div className="field-error">{errors.create}</div>}
      {unused.length > 0 && (
        <p>
          <ActionButton onClick={() => set({ create: [...rule.create, { severity: unused[0], condition: emptyCondition() }] })}>
            Add severity
          </ActionButton>
        </p>
      )}

      <h4 className="section-title">Clear the alarm when</h4>
      {rule.clear ? (
        <div className="condition-line">
          <ConditionFields label={`${name} clear`} value={rule.clear} errors={errors?.clear} onChange={(clear) => set({ clear })} />
          <button type="button" className="icon-button" aria-label={`Remove ${name} clear condition`} onClick={() => set({ clear: null })}>
            ×
          </button>
        </div>
      ) : (
        <p>
          <span className="muted">Never by itself (cleared by hand or by a rule chain). </span>
          <ActionButton onClick={() => set({ clear: emptyCondition() })}>Add clear condition</ActionButton>
        </p>
      )}

      <div className="check-field">
        <label className="check">
          <input type="checkbox" checked={rule.propagate} onChange={(e) => set({ propagate: e.target.checked })} />
          Propagate the alarm to related entities
        </label>
      </div>
      <ActionButton danger onClick={onRemove}>
        Remove alarm rule
      </ActionButton>
    </fieldset>
  );
}
