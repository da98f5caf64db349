// The RPC panel's form as typed (all text) and its check: a method, parameters that parse as
// JSON (empty sends {}), a whole-number timeout. Kept apart from the panel so the rules read alone.
import type { RpcKind, RpcRequest } from '../api/rpc';
import { firstError, validate } from '../components/Field';
import { parseJson } from '../components/json';

export interface RpcDraft {
  method: string;
  params: string;
  kind: RpcKind;
  /** Milliseconds, as typed. */
  timeout: string;
}

export const NEW_RPC_DRAFT: RpcDraft = { method: '', params: '{}', kind: 'twoway', timeout: '5000' };

/** The server keeps a call at most this long; longer waits belong to persistent RPC. */
export const MAX_TIMEOUT_MS = 600000;
const MIN_TIMEOUT_MS = 100;

export type RpcDraftErrors = Partial<Record<'method' | 'params' | 'timeout', string>>;

export type RpcDraftCheck = { ok: true; request: RpcRequest } | { ok: false; errors: RpcDraftErrors };

export function checkRpcDraft(draft: RpcDraft): RpcDraftCheck {
  const errors: RpcDraftErrors = {};
  const method = firstError(validate.required(draft.method, 'Method'), validate.maxLength(draft.method, 255, 'Method'));
  if (method) errors.method = method;

  const params = parseJson(draft.params.trim() || '{}', 'Parameters');
  if (!params.ok) errors.params = params.error;

  const timeout = Number(draft.timeout.trim());
  if (!draft.timeout.trim() || !Number.isInteger(timeout) || timeout < MIN_TIMEOUT_MS || timeout > MAX_TIMEOUT_MS) {
    errors.timeout = `Timeout must be a whole number of milliseconds from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}`;
  }

  if (Object.keys(errors).length > 0 || !params.ok) return { ok: false, errors };
  return { ok: true, request: { method: draft.method.trim(), params: params.value, timeout } };
}
