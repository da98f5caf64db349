// RPC control: a button that sends {method, params} to the device, or a switch that sends its
// new state as params. One-way or two-way (the reply is shown); the server's error message is
// shown when the call fails (device offline, no RPC support, timeout).
import { useState } from 'react';
import { rpcApi, type RpcKind } from '../../api/rpc';
import { ErrorAlert } from '../../components/Feedback';
import { useSubmit } from '../../components/useSubmit';
import type { WidgetProps } from './types';
import { WidgetMessage } from './WidgetMessage';

export default function RpcWidget({ title, sources, settings }: WidgetProps) {
  const source = sources[0];
  const submit = useSubmit();
  const [reply, setReply] = useState<string | null>(null);
  const [on, setOn] = useState(false);
  if (!source) return <WidgetMessage text="Choose a device." />;

  const method = typeof settings.method === 'string' ? settings.method : 'setValue';
  const kind: RpcKind = settings.rpcType === 'twoway' ? 'twoway' : 'oneway';
  const timeout = typeof settings.requestTimeout === 'number' ? settings.requestTimeout : 5000;
  const isSwitch = settings.control === 'switch';

  const call = async (params: unknown, after?: () => void) => {
    setReply(null);
    const ok = await submit.run(async () => {
      const answer = await rpcApi.send(kind, source.entity.id, { method, params, timeout });
      setReply(kind === 'twoway' ? `Reply: ${JSON.stringify(answer)}` : 'Sent');
    });
    if (ok) after?.();
  };
  const { busy } = submit;

  return (
    <div className="rpc-widget">
      <div className="muted small">
        {source.name} · {method} ({kind === 'oneway' ? 'one-way' : 'two-way'})
      </div>
      {isSwitch ? (
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            aria-label={title}
            checked={on}
            disabled={busy}
            onChange={(e) => {
              const next = e.target.checked;
              void call(next, () => setOn(next));
            }}
          />
          <span>{on ? 'On' : 'Off'}</span>
        </label>
      ) : (
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void call(settings.params ?? {})}>
          {busy ? 'Sending…' : title}
        </button>
      )}
      <ErrorAlert message={busy ? null : submit.error} />
      {reply && !busy && (
        <p className="small" role="status">
          {reply}
        </p>
      )}
    </div>
  );
}
