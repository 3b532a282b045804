// TLS to PostgreSQL from libpq's URL parameters, where postgres.js falls short:
// - it reads `sslrootcert` only as `system`: a file path there was sent to the server as a setting,
//   which refused the connection. Managed databases (RDS, Cloud SQL, Azure) publish a CA bundle to
//   verify against, so a path is read here, as libpq reads it;
// - for an IP address it gives TLS no server name, and Node then checked the certificate against
//   "localhost" (measured: a localhost certificate passed verify-full for 127.0.0.1). The URL's own
//   host is checked here instead.
// With a CA file (or sslrootcert=system): verify-full, the default, checks the chain and the host
// name; verify-ca and require (as in libpq) the chain only. Whatever cannot be honoured is refused
// with a message rather than sent to the server: prefer, allow or disable with a CA file, several
// hosts under verify-full, and client certificates. Other URLs stay with postgres.js.
import { readFileSync } from 'node:fs';
import { type ConnectionOptions, checkServerIdentity } from 'node:tls';
import { ConfigError } from '../config.js';

export interface PoolTarget {
  /** The URL postgres.js is given: without the parameters handled here. */
  url: string;
  /** Explicit TLS options when the URL asks for verification; undefined leaves TLS to postgres.js. */
  ssl?: ConnectionOptions;
}

const UNSUPPORTED = ['sslcert', 'sslkey', 'sslpassword', 'sslcrl'];

export function tlsFromUrl(url: string): PoolTarget {
  const parsed = new URL(url);
  const where = `the database URL for ${parsed.hostname}`;
  const unsupported = UNSUPPORTED.filter((p) => parsed.searchParams.has(p));
  if (unsupported.length > 0)
    throw new ConfigError(
      `${where} sets ${unsupported.join(', ')}: client certificates are not supported; authenticate with a password (or IAM token) in the URL.`,
    );
  const rootCert = parsed.searchParams.get('sslrootcert');
  const mode = parsed.searchParams.get('sslmode') ?? (rootCert ? 'verify-full' : null);
  if (!rootCert && mode !== 'verify-full' && mode !== 'verify-ca') return { url };
  if (mode !== 'verify-full' && mode !== 'verify-ca' && mode !== 'require')
    throw new ConfigError(`${where} has sslmode=${mode} with sslrootcert: use sslmode=verify-full (or verify-ca) to verify the server, or drop sslrootcert.`);
  const checkName = mode === 'verify-full';
  if (checkName && parsed.hostname.includes(','))
    throw new ConfigError(`${where} lists several hosts under sslmode=verify-full: give one host, or use sslmode=verify-ca.`);
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
    checkServerIdentity: checkName ? (_, cert) => checkServerIdentity(host, cert) : () => undefined,
  };
  return { url: parsed.toString(), ssl };
}
