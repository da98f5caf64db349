// Random values people would otherwise have to invent: access tokens, provisioning keys and
// secrets. Letters and digits only, so they pass every check on tokens and keys.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomToken(length = 20): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  // 256 is not a multiple of 62: redraw the few values that would bias the result.
  let out = '';
  for (const b of bytes) out += b < 248 ? ALPHABET[b % 62] : '';
  return out.length === length ? out : out + randomToken(length - out.length);
}
