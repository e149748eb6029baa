import type { IncomingMessage } from 'node:http';
import { ClientAddressing } from './client-addressing';

const from = (peer: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress: peer }, headers }) as unknown as IncomingMessage;

describe('ClientAddressing', () => {
  it('believes X-Forwarded-For, -Proto and -Host only from a trusted proxy', () => {
    const addressing = new ClientAddressing(['10.0.0.0/8']);
    const forwarded = {
      host: 'gateway.internal',
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-proto': 'http, https',
      'x-forwarded-host': 'evil.example, api.example.com',
    };
    const viaProxy = from('10.1.2.3', forwarded);
    expect(addressing.addressOf(viaProxy)).toBe('203.0.113.9');
    expect(addressing.protocolOf(viaProxy)).toBe('https');
    expect(addressing.hostOf(viaProxy)).toBe('api.example.com');
    const direct = from('198.51.100.4', forwarded);
    expect(addressing.addressOf(direct)).toBe('198.51.100.4');
    expect(addressing.protocolOf(direct)).toBe('http');
    expect(addressing.hostOf(direct)).toBe('gateway.internal');
  });

  it('stops at the first untrusted hop of a chain', () => {
    const addressing = new ClientAddressing(['10.0.0.0/8']);
    expect(addressing.addressOf(from('10.1.2.3', { 'x-forwarded-for': '203.0.113.9, 198.51.100.7, 10.9.9.9' }))).toBe(
      '198.51.100.7',
    );
  });

  it('trusts nobody when no proxy is configured', () => {
    const addressing = new ClientAddressing([]);
    const request = from('10.1.2.3', {
      host: 'api.example.com',
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
    });
    expect(addressing.addressOf(request)).toBe('10.1.2.3');
    expect(addressing.protocolOf(request)).toBe('http');
    expect(addressing.hostOf(request)).toBe('api.example.com');
  });
});
