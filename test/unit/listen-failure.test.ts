// The listen errors `serve` explains instead of printing a stack trace, and the ones it does not.
import { describe, expect, it } from 'vitest';
import { listenFailure } from '../../src/cli/serve-command.js';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('listenFailure', () => {
  it('tells how to fix a busy port, a privileged port and a foreign address', () => {
    expect(listenFailure(errno('EADDRINUSE'), '127.0.0.1', 3000)).toBe(
      'Cannot listen on 127.0.0.1:3000: the port is already in use (another retail-mcp, or another program). Stop it, or choose a free port with --port N (HTTP_PORT).',
    );
    expect(listenFailure(errno('EACCES'), '0.0.0.0', 80)).toMatch(/^Cannot listen on 0\.0\.0\.0:80: permission denied .* --port N/);
    expect(listenFailure(errno('EADDRNOTAVAIL'), '10.9.9.9', 3000)).toMatch(/10\.9\.9\.9 is not an address of this machine\. Use --host 127\.0\.0\.1/);
  });

  it('leaves anything else to the generic handler', () => {
    expect(listenFailure(errno('EMFILE'), '127.0.0.1', 3000)).toBeUndefined();
    expect(listenFailure(new Error('boom'), '127.0.0.1', 3000)).toBeUndefined();
    expect(listenFailure(undefined, '127.0.0.1', 3000)).toBeUndefined();
  });
});
