// A small progress bar for long work (seeding, embedding backfills): count, rate and ETA on stderr.
// On a terminal it redraws one line; elsewhere (CI, pipes) it prints a line every few seconds.

export interface Progress {
  tick(n?: number): void;
  done(): void;
}

const WIDTH = 28;

export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let count = 0;
  let lastDraw = 0;
  const interactive = Boolean(stream.isTTY);

  const render = (final: boolean): string => {
    const elapsed = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = count / elapsed;
    const ratio = total > 0 ? Math.min(count / total, 1) : 1;
    const filled = Math.round(ratio * WIDTH);
    const eta = rate > 0 ? Math.max(total - count, 0) / rate : 0;
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    const tail = final ? `${elapsed.toFixed(1)}s` : `ETA ${eta.toFixed(0)}s`;
    return `${label} ${bar} ${count.toLocaleString('en')}/${total.toLocaleString('en')} ${Math.round(rate).toLocaleString('en')}/s ${tail}`;
  };

  const draw = (final = false) => {
    const now = Date.now();
    if (!final && now - lastDraw < (interactive ? 100 : 5000)) return;
    lastDraw = now;
    if (interactive) stream.write(`\r\x1b[2K${render(final)}${final ? '\n' : ''}`);
    else stream.write(`${render(final)}\n`);
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
