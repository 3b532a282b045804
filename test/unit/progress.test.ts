// Progress for long work (seed, embeddings): a redrawn bar on a terminal; elsewhere, a line every
// few seconds through the caller's logger (so `npm start` under a pipe or a log collector shows the
// seed's progress as log lines), or on the stream when there is no logger.
import { describe, expect, it } from 'vitest';
import { createProgress, reportWhileRunning } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream };
}

describe('createProgress', () => {
  it('off a terminal, reports through the logger: the first tick, at most one line per interval, and the end', () => {
    const { written, stream } = fakeStream(false);
    const lines: string[] = [];
    const p = createProgress('seed orders', 1000, { stream, log: (l) => lines.push(l), everyMs: 60_000 });
    p.tick(100);
    p.tick(100);
    p.done();
    expect(written).toEqual([]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^seed orders: 100\/1,000 \(10%\), [\d,]+\/s, ETA \d+s$/);
    expect(lines[1]).toMatch(/^seed orders: 1,000\/1,000 \(100%\), [\d,]+\/s, done in \d+\.\ds$/);
  });

  it('off a terminal without a logger, writes the same lines to the stream', () => {
    const { written, stream } = fakeStream(false);
    const p = createProgress('embeddings', 10, stream);
    p.tick(5);
    p.done();
    expect(written).toHaveLength(2);
    expect(written[1]).toMatch(/^embeddings: 10\/10 \(100%\).*\n$/);
  });

  it('on a terminal, redraws one bar in place and ends the line when done (the logger is not used)', () => {
    const { written, stream } = fakeStream(true);
    const lines: string[] = [];
    const p = createProgress('seed orders', 4, { stream, log: (l) => lines.push(l) });
    p.tick();
    p.done();
    expect(lines).toEqual([]);
    expect(written[0]!.startsWith('\r\u001b[2Kseed orders █')).toBe(true);
    expect(written[0]).toMatch(/ 1\/4 /);
    expect(written.at(-1)).toMatch(/4\/4 .*s\n$/);
  });
});

describe('reportWhileRunning', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('logs a line while long work runs, stops when it ends, and returns its value', async () => {
    const lines: string[] = [];
    const value = await reportWhileRunning(
      'applying 021_x.sql',
      (l) => lines.push(l),
      40,
      async () => {
        await sleep(150);
        return 'done';
      },
    );
    expect(value).toBe('done');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^applying 021_x\.sql: \d+ s so far$/);
    const count = lines.length;
    await sleep(100);
    expect(lines).toHaveLength(count);
  });

  it('logs nothing for fast work, and passes a failure through', async () => {
    const lines: string[] = [];
    await reportWhileRunning(
      'fast',
      (l) => lines.push(l),
      1000,
      async () => sleep(5),
    );
    await expect(
      reportWhileRunning(
        'failing',
        (l) => lines.push(l),
        1000,
        async () => Promise.reject(new Error('boom')),
      ),
    ).rejects.toThrow('boom');
    expect(lines).toEqual([]);
  });
});
