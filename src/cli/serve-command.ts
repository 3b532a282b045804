// `retail-mcp serve [--http | --stdio] [--host H] [--port N]`: self-check, then serve until
// SIGINT/SIGTERM; then stop accepting, drain in-flight calls up to SHUTDOWN_DRAIN_MS, flush the
// audit trail and telemetry, and close the pool.

import { describeConfig } from '../config.js';
import { formatSelfCheck, runSelfCheck } from '../db/self-check.js';
import { createReadinessProbe } from '../health/readiness-probe.js';
import { openRuntime } from '../runtime/open-runtime.js';
import { installProcessGuards } from '../runtime/process-guards.js';
import { createHttpServer, drainHttp } from '../transports/http.js';
import { serveStdio } from '../transports/stdio.js';
import { renderBanner } from './banner.js';
import type { Command } from './command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve MCP over Streamable HTTP (default, 127.0.0.1:3000) or stdio',
  usage: 'retail-mcp serve [--http | --stdio] [--host H] [--port N]',
  options: { http: { type: 'boolean' }, stdio: { type: 'boolean' }, host: { type: 'string' }, port: { type: 'string' } },
  async run({ values, config, log }) {
    // A stray error from a library (the driver, Redis, telemetry) must not end the process.
    const guards = installProcessGuards({ log });
    const stdio = Boolean(values.stdio);
    log.info('starting retail-mcp', describeConfig(config));
    const rt = await openRuntime(config, log);
    const report = await runSelfCheck(rt.dbs.app, { embedded: config.embedded });
    for (const item of report.items.filter((i) => !i.ok))
      log[item.severity === 'error' ? 'error' : 'warn'](`self-check: ${item.name}`, { detail: item.detail });
    if (!report.ok) {
      await rt.close();
      guards.uninstall();
      process.stderr.write(`${formatSelfCheck(report)}\nRefusing to start: fix the failed checks above.\n`);
      return 1;
    }

    let stop: () => Promise<void>;
    if (stdio) {
      stop = await serveStdio({
        token: config.MCP_TOKEN,
        verifyToken: rt.auth.verifyToken,
        resolvePrincipal: rt.auth.resolvePrincipal,
        serverDeps: rt.serverDeps,
      });
    } else {
      const readiness = createReadinessProbe({ sql: rt.dbs.app, embedded: config.embedded, embedder: rt.embedder, audit: rt.audit });
      const server = createHttpServer({
        config,
        verifyToken: rt.auth.verifyToken,
        resolvePrincipal: rt.auth.resolvePrincipal,
        serverDeps: rt.serverDeps,
        readiness,
      });
      try {
        await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.HTTP_PORT, config.HTTP_HOST, resolve));
      } catch (err) {
        // The message first: closing the runtime (telemetry, pools) may be slow, or fail.
        const why = listenFailure(err, config.HTTP_HOST, config.HTTP_PORT);
        if (why) process.stderr.write(`${why}\n`);
        await rt.close().catch((e: unknown) => log.warn('shutdown after a failed listen', { cause: (e as Error)?.message }));
        guards.uninstall();
        if (!why) throw err;
        return 1;
      }
      const url = config.resourceUrl;
      process.stdout.write(`${config.embedded ? await renderBanner(rt, url) : `retail-mcp listening on ${url}`}\n`);
      stop = () => drainHttp(server, config.SHUTDOWN_DRAIN_MS);
    }

    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        log.info('shutting down', { signal, drainMs: config.SHUTDOWN_DRAIN_MS });
        resolve();
      };
      process.once('SIGINT', shutdown).once('SIGTERM', shutdown);
      if (stdio) process.stdin.once('end', () => shutdown('stdin closed'));
    });
    await stop();
    // After the listener has drained: the last calls' audit rows are flushed before the pool closes.
    await rt.close();
    guards.uninstall();
    log.info('stopped');
    return 0;
  },
};

/** What to do about a listen error a user can fix (a busy port, say); undefined for anything else. */
export function listenFailure(err: unknown, host: string, port: number): string | undefined {
  const where = `Cannot listen on ${host}:${port}`;
  switch ((err as NodeJS.ErrnoException)?.code) {
    case 'EADDRINUSE':
      return `${where}: the port is already in use (another retail-mcp, or another program). Stop it, or choose a free port with --port N (HTTP_PORT).`;
    case 'EACCES':
      return `${where}: permission denied (ports below 1024 need privileges). Choose a port above 1023 with --port N (HTTP_PORT).`;
    case 'EADDRNOTAVAIL':
      return `${where}: ${host} is not an address of this machine. Use --host 127.0.0.1, or 0.0.0.0 for every interface (HTTP_HOST).`;
    default:
      return undefined;
  }
}
