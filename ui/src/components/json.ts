// JSON typed by people (widget settings, RPC parameters): parsed with a message fit to show next
// to the field, and values shown back pretty-printed.

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses `text`; on failure the message names the field and keeps the parser's reason. */
export function parseJson(text: string, what: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^JSON\.parse: /, '') : '';
    return { ok: false, error: `${what} must be valid JSON${reason ? ` (${reason})` : ''}` };
  }
}

/** Two-space indented JSON; plain text stays as it is. */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}
