// Host and Origin checks for the HTTP transport: DNS-rebinding protection when bound to loopback,
// and a browser Origin allow-list everywhere. Pure functions of the request headers.
import type { Config } from '../config.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export interface RequestGuards {
  hostAllowed(host: string | undefined): boolean;
  originAllowed(origin: string | undefined): boolean;
}

export function createRequestGuards(
  config: Pick<Config, 'HTTP_HOST' | 'HTTP_PORT' | 'PUBLIC_URL' | 'allowedOrigins' | 'resourceUrl'>,
  boundPort: () => number,
): RequestGuards {
  const loopback = LOOPBACK.has(config.HTTP_HOST);
  const publicHost = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).host.toLowerCase() : null;
  // Built once per bound port, not per request (it showed in a CPU profile of the request path).
  let hostsFor: { port: number; hosts: Set<string> } | undefined;
  const loopbackHosts = () => {
    const port = boundPort();
    if (hostsFor?.port !== port) hostsFor = { port, hosts: new Set(['127.0.0.1', 'localhost', '[::1]'].map((h) => `${h}:${port}`)) };
    return hostsFor.hosts;
  };
  const origins = new Set([new URL(config.resourceUrl).origin, ...config.allowedOrigins]);

  return {
    hostAllowed(host) {
      if (!host) return false;
      const h = host.toLowerCase();
      if (publicHost && h === publicHost) return true;
      // Bound to loopback, only loopback names may reach us: a rebinding DNS name cannot.
      if (loopback) return loopbackHosts().has(h);
      return publicHost === null; // bound to a wide address without PUBLIC_URL: the operator's proxy decides
    },
    originAllowed(origin) {
      if (origin === undefined) return true; // not a browser request
      if (origins.has(origin)) return true;
      if (!loopback) return false;
      try {
        const u = new URL(origin);
        return LOOPBACK.has(u.hostname) && u.port === String(boundPort());
      } catch {
        return false;
      }
    },
  };
}
