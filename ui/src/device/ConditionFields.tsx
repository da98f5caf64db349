// One simple alarm condition on a line: key type, key, value type, comparison, value.
import { OPERATIONS, KEY_TYPES, VALUE_TYPES, type ConditionErrors, type SimpleCondition, type ValueType } from './alarmRules';

interface Props {
  /** Prefix of the controls' ids and accessible names, e.g. "High temperature CRITICAL". */
  label: string;
  value: SimpleCondition;
  errors?: ConditionErrors;
  onChange: (c: SimpleCondition) => void;
}

export function ConditionFields({ label, value, errors = {}, onChange }: Props) {
  const set = (change: Partial<SimpleCondition>) => onChange({ ...value, ...change });
  const changeValueType = (valueType: ValueType) =>
    set({ valueType, operation: OPERATIONS[valueType][0].value, value: valueType === 'BOOLEAN' ? 'true' : value.valueType === 'BOOLEAN' ? '' : value.value });
  return (
    <div className="condition-row">
      <select aria-label={`${label} key type`} value={value.keyType} onChange={(e) => set({ keyType: e.target.value as SimpleCondition['keyType'] })}>
        {KEY_TYPES.map((k) => (
          <option key={k.value} value={k.value}>
            {k.label}
          </option>
        ))}
      </select>
      <div className="condition-cell">
        <input aria-label={`${label} key`} placeholder="key, e.g. temperature" value={value.key} onChange={(e) => set({ key: e.target.value })} aria-invalid={!!errors.key} />
        {errors.key && <div className="field-error">{errors.key}</div>}
      </div>
      <select aria-label={`${label} value type`} value={value.valueType} onChange={(e) => changeValueType(e.target.value as ValueType)}>
        {VALUE_TYPES.map((v) => (
          <option key={v.value} value={v.value}>
            {v.label}
          </option>
        ))}
      </select>
      <select aria-label={`${label} operation`} value={value.operation} onChange={(e) => set({ operation: e.target.value })}>
        {OPERATIONS[value.valueType].map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <div className="condition-cell">
        {value.valueType === 'BOOLEAN' ? (
          <select aria-label={`${label} value`} value={value.value} onChange={(e) => set({ value: e.target.value })}>
            <option value="true">true</option>
            <option value="false">false</option>
          </select>
        ) : (
          <input
            aria-label={`${label} value`}
            placeholder="value"
            inputMode={value.valueType === 'NUMERIC' ? 'decimal' : undefined}
            value={value.value}
            onChange={(e) => set({ value: e.target.value })}
            aria-invalid={!!errors.value}
          />
        )}
        {errors.value && <div className="field-error">{errors.value}</div>}
      </div>
    </div>
  );
}
