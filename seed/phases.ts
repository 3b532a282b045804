// Wall time per phase of a seed, for its closing log line and for `npm run bench:seed`.

export class PhaseTimer {
  /** Milliseconds per phase, in the order the phases ended. */
  readonly ms: Record<string, number> = {};
  private last = performance.now();

  /** Ends the running phase, naming it: the time since the previous lap (or the start) goes to it. */
  lap(name: string): void {
    const now = performance.now();
    this.ms[name] = (this.ms[name] ?? 0) + (now - this.last);
    this.last = now;
  }

  describe(): string {
    return Object.entries(this.ms)
      .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}s`)
      .join(', ');
  }
}
