// A small progress report for long work (seeding, embedding backfills): count, rate and ETA.
// On a terminal it redraws one bar on stderr. Elsewhere (CI, pipes, a log collector) it reports a
// line every few seconds, through the caller's logger when one is given (so it is a log line like
// any other, JSON when the logs are), or as plain text on the stream otherwise.

export interface Progress {
  tick(n?: number): void;
  done(): void;
}

export interface ProgressOptions {
  /** Where the bar is drawn (default stderr); its isTTY decides bar or periodic lines. */
  stream?: NodeJS.WriteStream;
  /** Off a terminal, each report goes here instead of to the stream. */
  log?: (line: string) => void;
  /** Off a terminal, the least time between two reports (default 5 s). */
  everyMs?: number;
}

const WIDTH = 28;

export function createProgress(label: string, total: number, options: ProgressOptions | NodeJS.WriteStream = {}): Progress {
  const o: ProgressOptions = 'write' in options ? { stream: options as NodeJS.WriteStream } : options;
  const stream = o.stream ?? process.stderr;
  const started = Date.now();
  let count = 0;
  let lastDraw = 0;
  const interactive = Boolean(stream.isTTY);
  const everyMs = interactive ? 100 : (o.everyMs ?? 5000);

  const figures = (final: boolean) => {
    const elapsed = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = count / elapsed;
    const eta = rate > 0 ? Math.max(total - count, 0) / rate : 0;
    const tail = final ? `${elapsed.toFixed(1)}s` : `ETA ${eta.toFixed(0)}s`;
    return { rate, tail };
  };

  const bar = (final: boolean): string => {
    const ratio = total > 0 ? Math.min(count / total, 1) : 1;
    const filled = Math.round(ratio * WIDTH);
    const { rate, tail } = figures(final);
    return `${label} ${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${count.toLocaleString('en')}/${total.toLocaleString('en')} ${Math.round(rate).toLocaleString('en')}/s ${tail}`;
  };

  const line = (final: boolean): string => {
    const percent = total > 0 ? Math.min(Math.floor((count / total) * 100), 100) : 100;
    const { rate, tail } = figures(final);
    return `${label}: ${count.toLocaleString('en')}/${total.toLocaleString('en')} (${percent}%), ${Math.round(rate).toLocaleString('en')}/s, ${final ? `done in ${tail}` : tail}`;
  };

  const draw = (final = false) => {
    const now = Date.now();
    if (!final && now - lastDraw < everyMs) return;
    lastDraw = now;
    if (interactive) stream.write(`\r\x1b[2K${bar(final)}${final ? '\n' : ''}`);
    else if (o.log) o.log(line(final));
    else stream.write(`${line(final)}\n`);
  };

  return {
    tick(n = 1) {
      count += n;
      draw();
    },
    done() {
      count = Math.max(count, total);
      draw(true);
    },
  };
}

/**
 * For work with no count to report (one long SQL statement, say): runs fn and, while it runs, logs
 * `${label}: N s so far` every everyMs, so that a long step is visibly alive. Fast work logs nothing.
 */
export async function reportWhileRunning<T>(label: string, log: (line: string) => void, everyMs: number, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => log(`${label}: ${Math.round((Date.now() - started) / 1000)} s so far`), everyMs);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}
