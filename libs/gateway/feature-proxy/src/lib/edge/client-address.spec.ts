import type { IncomingMessage } from 'node:http';
import { ClientAddressing } from './client-address';

const from = (peer: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress: peer }, headers }) as unknown as IncomingMessage;

describe('ClientAddressing', () => {
  it('believes X-Forwarded-For and -Proto only from a trusted proxy', () => {
    const addressing = new ClientAddressing(['10.0.0.0/8']);
    const viaProxy = from('10.1.2.3', { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'http, https' });
    expect(addressing.addressOf(viaProxy)).toBe('203.0.113.9');
    expect(addressing.protocolOf(viaProxy)).toBe('https');
    const direct = from('198.51.100.4', { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' });
    expect(addressing.addressOf(direct)).toBe('198.51.100.4');
    expect(addressing.protocolOf(direct)).toBe('http');
  });

  it('stops at the first untrusted hop of a chain', () => {
    const addressing = new ClientAddressing(['10.0.0.0/8']);
    expect(addressing.addressOf(from('10.1.2.3', { 'x-forwarded-for': '203.0.113.9, 198.51.100.7, 10.9.9.9' }))).toBe('198.51.100.7');
  });

  it('trusts nobody when no proxy is configured', () => {
    const addressing = new ClientAddressing([]);
    expect(addressing.addressOf(from('10.1.2.3', { 'x-forwarded-for': '203.0.113.9' }))).toBe('10.1.2.3');
  });
});
