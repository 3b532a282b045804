// The structured logger redacts every field whose name says it holds a credential, at any depth,
// and leaves the rest readable.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';

function capture() {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  return { log: createLogger('debug', stream), lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('log redaction', () => {
  it('redacts credential-named fields, nested ones too', () => {
    const { log, lines } = capture();
    const secrets = {
      token: 't',
      accessToken: 't',
      apiKey: 'k',
      api_key: 'k',
      key: 'k',
      privateKey: 'k',
      accessKeyId: 'AKIA',
      secretAccessKey: 's',
      sealKey: 's',
      nonce: 'n',
      password: 'p',
      passphrase: 'p',
      authorization: 'Bearer x',
      credentials: 'c',
      privateKeyPem: 'k',
      sessionCookie: 'c',
      id_token: 't',
      signature: 's',
    };
    log.info('x', { ...secrets, nested: { privateKey: 'k' }, list: [{ apiKey: 'k' }] });
    const [line] = lines();
    for (const name of Object.keys(secrets)) expect(line![name], name).toBe('[redacted]');
    expect(line!.nested).toEqual({ privateKey: '[redacted]' });
    expect(line!.list).toEqual([{ apiKey: '[redacted]' }]);
  });

  it('keeps ordinary fields', () => {
    const { log, lines } = capture();
    const ordinary = {
      tool: 'execute_sales_query',
      durationMs: 12,
      store_ids: [1, 2],
      keyword: 'boots',
      keywordWeight: 0.3,
      keyId: 'kid-1',
      publicKey: 'pk',
      monkey: 'see',
    };
    log.warn('y', ordinary);
    expect(lines()[0]).toEqual({ time: expect.any(String), level: 'warn', msg: 'y', ...ordinary });
  });
});
