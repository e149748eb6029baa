import { str } from 'envalid';
import { ConfigError, loadConfig } from './load-config';
import {
  addressList,
  base64Secret,
  delayList,
  intInRange,
  optionalUrlWithProtocol,
  tcpPort,
  urlWithProtocol,
} from './validators';

describe('loadConfig', () => {
  const spec = {
    PORT: tcpPort({ default: 3001 }),
    DATABASE_URL: urlWithProtocol(['postgres:'])({ default: 'postgres://127.0.0.1/users' }),
    NAME: str(),
  };

  it('returns typed values and applies defaults', () => {
    const config = loadConfig(spec, { NAME: 'users', PORT: '4000' });
    expect(config.PORT).toBe(4000);
    expect(config.DATABASE_URL).toBe('postgres://127.0.0.1/users');
  });

  it('names a missing variable in one line', () => {
    expect(() => loadConfig(spec, {})).toThrow(new ConfigError('Invalid configuration: NAME is missing'));
  });

  it('names a malformed variable and the value it got', () => {
    const run = () => loadConfig(spec, { NAME: 'x', PORT: 'abc', DATABASE_URL: 'mysql://h/db' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/PORT must be an integer from 1 to 65535 \(got "abc"\)/);
    expect(run).toThrow(/DATABASE_URL must use postgres: \(got "mysql:"\)/);
    try {
      run();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('takes an empty optional URL as not set, and checks one that is given', () => {
    const optional = { OTLP: optionalUrlWithProtocol(['http:', 'https:'])({ default: '' }) };
    expect(loadConfig(optional, {}).OTLP).toBe('');
    expect(loadConfig(optional, { OTLP: '' }).OTLP).toBe('');
    expect(loadConfig(optional, { OTLP: 'http://jaeger:4318' }).OTLP).toBe('http://jaeger:4318');
    expect(() => loadConfig(optional, { OTLP: 'jaeger:4318' })).toThrow(
      /OTLP must use http: or https: \(got "jaeger:"\)/,
    );
  });

  it('rejects numbers outside their range', () => {
    const ranged = { LIMIT: intInRange(1, 100)() };
    expect(() => loadConfig(ranged, { LIMIT: '0' })).toThrow(/LIMIT must be an integer from 1 to 100/);
    expect(() => loadConfig(ranged, { LIMIT: '1.5' })).toThrow(/LIMIT must be an integer/);
  });

  it('reads a list of delays and refuses a malformed one', () => {
    const delays = { RETRY: delayList({ default: [1000] }) };
    expect(loadConfig(delays, { RETRY: '100, 2000,30000' }).RETRY).toEqual([100, 2000, 30000]);
    expect(loadConfig(delays, {}).RETRY).toEqual([1000]);
    expect(() => loadConfig(delays, { RETRY: '100,soon' })).toThrow(/RETRY must be comma-separated delays in ms/);
  });

  it('treats an empty value as unset: the default applies, or the variable is missing', () => {
    const spec = { LIMIT: intInRange(1, 100)({ default: 7 }), SECRET: base64Secret(32)() };
    const secret = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig(spec, { LIMIT: '', SECRET: secret }).LIMIT).toBe(7);
    expect(() => loadConfig(spec, { SECRET: '' })).toThrow('Invalid configuration: SECRET is missing');
  });

  it('reads a base64 secret of the right length only, saying how to make one', () => {
    const spec = { SECRET: base64Secret(32)() };
    expect(loadConfig(spec, { SECRET: Buffer.alloc(32, 1).toString('base64') }).SECRET).toEqual(Buffer.alloc(32, 1));
    expect(() => loadConfig(spec, { SECRET: Buffer.alloc(16).toString('base64') })).toThrow(
      /SECRET must be 32 bytes, base64-encoded \(generate one with: openssl rand -base64 32\)/,
    );
  });

  it('reads a list of addresses and CIDR ranges', () => {
    const spec = { PROXIES: addressList({ default: [] }) };
    expect(loadConfig(spec, { PROXIES: '127.0.0.1, ::1,10.0.0.0/8' }).PROXIES).toEqual([
      '127.0.0.1',
      '::1',
      '10.0.0.0/8',
    ]);
    expect(() => loadConfig(spec, { PROXIES: 'gateway.local' })).toThrow(
      /PROXIES must be comma-separated IP addresses/,
    );
  });
});
