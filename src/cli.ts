// The one binary: `retail-mcp <command> [options]`. Parses flags, loads config, runs the command.
import { parseArgs } from 'node:util';
import { embedCommand, migrateCommand, refreshSummariesCommand, seedCommand } from './cli/admin-commands.js';
import { checkCommand } from './cli/check-command.js';
import type { Command, OptionSpec } from './cli/command.js';
import { reportCommand } from './cli/report-command.js';
import { serveCommand } from './cli/serve-command.js';
import { tokenCommand } from './cli/token-command.js';
import { usersCommand } from './cli/users-command.js';
import { ConfigError, type ConfigOverrides, loadConfigFromProcess } from './config.js';
import { AppError } from './errors.js';
import { createLogger } from './log.js';

const COMMANDS: Command[] = [
  serveCommand,
  migrateCommand,
  seedCommand,
  refreshSummariesCommand,
  embedCommand,
  usersCommand,
  tokenCommand,
  checkCommand,
  reportCommand,
];

const GLOBAL: OptionSpec = {
  'data-dir': { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};
const GLOBAL_HELP = `Global options:
  --data-dir DIR     embedded database directory (env RETAIL_MCP_DATA_DIR, default .data)
  --log-level LEVEL  debug | info | warn | error (env LOG_LEVEL)
  -h, --help         show help`;

function usage(): string {
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n');
  return `retail-mcp: a multi-tenant retail analytics MCP server\n\nUsage: retail-mcp <command> [options]\n\nCommands:\n${rows}\n\n${GLOBAL_HELP}\n\nWith no DATABASE_URL every command uses the embedded database in the data dir.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: rest, options: { ...GLOBAL, ...command.options }, strict: true, allowPositionals: false }).values as typeof values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\nUsage: ${command.usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n\n${GLOBAL_HELP}\n`);
    return 0;
  }
  const overrides: ConfigOverrides = {
    RETAIL_MCP_DATA_DIR: values['data-dir'] as string | undefined,
    LOG_LEVEL: values['log-level'] as string | undefined,
    HTTP_HOST: values.host as string | undefined,
    HTTP_PORT: values.port as string | undefined,
  };
  const config = loadConfigFromProcess(overrides);
  const log = createLogger(config.LOG_LEVEL);
  return command.run({ values, config, log });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof AppError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`retail-mcp failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
