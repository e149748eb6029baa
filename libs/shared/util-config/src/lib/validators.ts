import { makeValidator } from 'envalid';

function checkUrl(input: string, protocols: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(input);
  } catch {
    throw new Error(`must be a URL (got "${input}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new Error(`must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
  }
  return input;
}

/** A URL whose scheme is one of `protocols` (e.g. `postgres:`), rejected with the reason otherwise. */
export const urlWithProtocol = (protocols: readonly string[]) =>
  makeValidator<string>((input: string) => checkUrl(input, protocols));

/** Like {@link urlWithProtocol}, but empty means "not set" (a feature that is off). */
export const optionalUrlWithProtocol = (protocols: readonly string[]) =>
  makeValidator<string>((input: string) => (input === '' ? '' : checkUrl(input, protocols)));

/** An integer within [min, max], parsed from its decimal string. */
export const intInRange = (min: number, max: number) =>
  makeValidator<number>((input: string) => {
    const value = Number(input);
    if (!/^-?\d+$/.test(String(input).trim()) || value < min || value > max) {
      throw new Error(`must be an integer from ${min} to ${max} (got "${input}")`);
    }
    return value;
  });

/** A TCP port number. */
export const tcpPort = intInRange(1, 65535);

/** A RabbitMQ / resource name: letters, digits, dot, dash, underscore. */
export const resourceName = makeValidator<string>((input: string) => {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(input)) {
    throw new Error(`must be 1-200 letters, digits, ".", "-" or "_" (got "${input}")`);
  }
  return input;
});

/** A comma-separated list of millisecond delays, each from 1 ms to 24 h (`1000,5000,30000`). */
export const delayList = makeValidator<number[]>((input: string) => {
  const delays = String(input)
    .split(',')
    .map((part) => part.trim());
  if (delays.length === 0 || delays.some((d) => !/^\d+$/.test(d) || Number(d) < 1 || Number(d) > 86_400_000)) {
    throw new Error(`must be comma-separated delays in ms, each from 1 to 86400000 (got "${input}")`);
  }
  return delays.map(Number);
});

/** A secret of exactly `bytes` random bytes, given base64-encoded (`openssl rand -base64 32`). */
export const base64Secret = (bytes: number) =>
  makeValidator<Buffer>((input: string) => {
    const decoded = Buffer.from(String(input).trim(), 'base64');
    if (decoded.length !== bytes || !/^[A-Za-z0-9+/=_-]+$/.test(String(input).trim())) {
      throw new Error(`must be ${bytes} bytes, base64-encoded (generate one with: openssl rand -base64 ${bytes})`);
    }
    return decoded;
  });

/** A comma-separated list of IP addresses or CIDR ranges (`127.0.0.1,10.0.0.0/8`). */
export const addressList = makeValidator<string[]>((input: string) => {
  const entries = String(input)
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (entries.some((entry) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry))) {
    throw new Error(`must be comma-separated IP addresses or CIDR ranges (got "${input}")`);
  }
  return entries;
});
