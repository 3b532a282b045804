// `retail-mcp report --user <uuid|email> [--period last-month] --out report.html`: one self-contained
// HTML file with the dashboard's charts, from the curated tools run as that user (so scoped by RLS
// exactly as their own calls are, and audited as theirs), for people without an app-capable client.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildReport, toReportHtml } from '../apps/report.js';
import { ConfigError } from '../config.js';
import { withDatabases } from '../runtime/databases.js';
import { openRuntime } from '../runtime/open-runtime.js';
import type { Command } from './command.js';
import { listUsers } from './user-directory.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'Write a self-contained HTML report (charts) for a user',
  usage: 'retail-mcp report --user <uuid|email> [--period last-month] --out report.html',
  options: { user: { type: 'string' }, period: { type: 'string', default: 'last-month' }, out: { type: 'string' } },
  async run({ values, config, log }) {
    const who = String(values.user ?? '')
      .trim()
      .toLowerCase();
    if (!who) throw new ConfigError('Missing --user <uuid|email>. `retail-mcp users` lists them.');
    if (!values.out) throw new ConfigError('Missing --out FILE, e.g. --out report.html.');
    const period = String(values.period);
    // The directory (an owner login, as for `token`) only maps the email to a user id; what the
    // report shows is decided by that user's own principal under RLS below.
    const user = await withDatabases(config, { admin: true }, async (dbs) =>
      (await listUsers(dbs.admin!)).find((u) => u.user_id === who || u.email.toLowerCase() === who),
    );
    if (!user) throw new ConfigError(`No user ${JSON.stringify(who)}. \`retail-mcp users\` lists them.`);
    const rt = await openRuntime(config, log);
    try {
      const principal = await rt.auth.resolvePrincipal(user.user_id);
      const html = await toReportHtml(await buildReport(rt.serverDeps, principal, user.email, period));
      const out = resolve(String(values.out));
      await writeFile(out, html);
      process.stderr.write(`report: ${out} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KB) for ${user.email}, ${period}\n`);
      return 0;
    } finally {
      await rt.close();
    }
  },
};
