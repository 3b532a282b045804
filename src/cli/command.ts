// The shape of a CLI command: its options for util.parseArgs, its help text and run().
import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  /** Returns the process exit code. */
  run(ctx: { values: Record<string, string | boolean | undefined>; config: Config; log: Logger }): Promise<number>;
}
