// The embedded mode's own secrets: the RLS seal key and the development JWT secret, generated on
// first use and kept (mode 0600) in the data dir so that `token` and `serve` agree without setup.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface EmbeddedSecrets {
  sealKeyHex: string;
  devJwtSecret: string;
}

export function loadOrCreateEmbeddedSecrets(dataDir: string): EmbeddedSecrets {
  const dir = resolve(dataDir);
  const file = join(dir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as EmbeddedSecrets;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secrets: EmbeddedSecrets = {
    sealKeyHex: randomBytes(32).toString('hex'),
    devJwtSecret: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  return secrets;
}
