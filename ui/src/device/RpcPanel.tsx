// Send a command to the device (server-side RPC) and see what came back: the device's reply
// pretty-printed for a two-way call, "delivered" for a one-way call, or why it failed (the
// time-out statuses are explained by api/rpc, as for the dashboard's RPC widget).
import { useState, type FormEvent } from 'react';
import { rpcApi, type RpcKind } from '../api/rpc';
import type { EntityId } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { ErrorAlert, Spinner } from '../components/Feedback';
import { InputField } from '../components/InputField';
import { prettyJson } from '../components/json';
import { SelectField } from '../components/SelectField';
import { useSubmit } from '../components/useSubmit';
import { checkRpcDraft, NEW_RPC_DRAFT, type RpcDraft, type RpcDraftErrors } from './rpcForm';

const KINDS = [
  { value: 'twoway' as RpcKind, label: 'Two-way (waits for the reply)' },
  { value: 'oneway' as RpcKind, label: 'One-way (no reply)' },
];

interface Outcome {
  kind: RpcKind;
  method: string;
  reply: unknown;
  ms: number;
}

export function RpcPanel({ device }: { device: EntityId }) {
  const [draft, setDraft] = useState<RpcDraft>(NEW_RPC_DRAFT);
  const [errors, setErrors] = useState<RpcDraftErrors>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const submit = useSubmit();
  const edit = (change: Partial<RpcDraft>) => setDraft((d) => ({ ...d, ...change }));

  const send = (e: FormEvent) => {
    e.preventDefault();
    if (submit.busy) return;
    const checked = checkRpcDraft(draft);
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return;
    setOutcome(null);
    const started = performance.now();
    void submit.run(async () => {
      const reply = await rpcApi.send(draft.kind, device.id, checked.request);
      setOutcome({ kind: draft.kind, method: checked.request.method, reply, ms: Math.round(performance.now() - started) });
    });
  };

  return (
    <section className="panel rpc-panel" aria-label="RPC">
      <form onSubmit={send} noValidate>
        <fieldset disabled={submit.busy} className="form-fields">
          <div className="field-row">
            <InputField id="rpc-method" label="Method" value={draft.method} onChange={(method) => edit({ method })} error={errors.method} placeholder="e.g. getValue" required />
            <SelectField id="rpc-kind" label="Call" value={draft.kind} options={KINDS} onChange={(kind) => edit({ kind })} />
          </div>
          <InputField
            id="rpc-params"
            label="Parameters (JSON)"
            rows={4}
            value={draft.params}
            onChange={(params) => edit({ params })}
            error={errors.params}
            hint="Any JSON value; empty sends {}."
          />
          <InputField
            id="rpc-timeout"
            label="Timeout (ms)"
            inputMode="numeric"
            value={draft.timeout}
            onChange={(timeout) => edit({ timeout })}
            error={errors.timeout}
            hint="How long the server waits for the device to take (one-way) or answer (two-way) the call; at least 5 s."
            required
          />
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={submit.busy}>
            {submit.busy ? 'Sending…' : 'Send'}
          </button>
        </div>
      </form>
      {submit.busy && <Spinner label="Waiting for the device…" />}
      <ErrorAlert message={submit.busy ? null : submit.error} />
      {outcome && !submit.busy && <RpcOutcome outcome={outcome} />}
    </section>
  );
}

function RpcOutcome({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'oneway') {
    return (
      <p className="alert alert-info" role="status">
        {outcome.method}: delivered to the device ({outcome.ms} ms).
      </p>
    );
  }
  const text = prettyJson(outcome.reply);
  return (
    <div className="rpc-reply" role="status">
      <div className="copy-row">
        <strong>Reply to {outcome.method}</strong>
        <span className="muted small">{outcome.ms} ms</span>
        <CopyButton text={text} />
      </div>
      <pre className="code-block" data-testid="rpc-reply">
        {outcome.reply === null ? '(empty reply)' : text}
      </pre>
    </div>
  );
}
