// Tests read their knobs (FAULT_RESTARTS, LOAD_CALLS, ...) as `import.meta.env.NAME`, which Vitest
// fills from the environment; process.env is read in src/config.ts only. Vitest rewrites that exact
// spelling, so keep it literal.
interface ImportMeta {
  readonly env: Record<string, string | undefined>;
}
