// TLS to PostgreSQL from libpq's URL parameters, where postgres.js falls short:
// - it reads `sslrootcert` only as `system`: a file path there was sent to the server as a setting,
//   which refused the connection. Managed databases (RDS, Cloud SQL, Azure) publish a CA bundle to
//   verify against, so a path is read here, as libpq reads it;
// - for an IP address it gives TLS no server name, and Node then checked the certificate against
//   "localhost" (measured: a localhost certificate passed verify-full for 127.0.0.1). The URL's own
//   host is checked here instead.
// verify-full (the default when a CA file is named, and stricter than libpq's require) checks the
// chain and the host name; verify-ca the chain only. sslmode=disable with a CA file is refused.
// Other modes without a CA file (require, prefer, disable) stay with postgres.js.
import { readFileSync } from 'node:fs';
import { type ConnectionOptions, checkServerIdentity } from 'node:tls';
import { ConfigError } from '../config.js';

export interface PoolTarget {
  /** The URL postgres.js is given: without the parameters handled here. */
  url: string;
  /** Explicit TLS options when the URL asks for verification; undefined leaves TLS to postgres.js. */
  ssl?: ConnectionOptions;
}

export function tlsFromUrl(url: string): PoolTarget {
  const parsed = new URL(url);
  const rootCert = parsed.searchParams.get('sslrootcert');
  const mode = parsed.searchParams.get('sslmode') ?? (rootCert ? 'verify-full' : null);
  if (!rootCert && mode !== 'verify-full' && mode !== 'verify-ca') return { url };
  const where = `the database URL for ${parsed.hostname}`;
  if (mode === 'disable') throw new ConfigError(`${where} has sslmode=disable and an sslrootcert: drop one of them.`);
  let ca: Buffer | undefined; // undefined: Node's own CA store (sslrootcert=system, or none named)
  if (rootCert && rootCert !== 'system') {
    try {
      ca = readFileSync(rootCert);
    } catch (err) {
      throw new ConfigError(
        `${where} names sslrootcert=${rootCert}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): give the path of the CA bundle your provider publishes, readable by this process.`,
      );
    }
  }
  parsed.searchParams.delete('sslrootcert');
  parsed.searchParams.delete('sslmode');
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const ssl: ConnectionOptions = {
    ...(ca ? { ca } : {}),
    rejectUnauthorized: true,
    checkServerIdentity: mode === 'verify-ca' ? () => undefined : (_, cert) => checkServerIdentity(host, cert),
  };
  return { url: parsed.toString(), ssl };
}
