// completion/complete for prompt arguments and resource-template variables, always scoped to the
// caller: a store manager completing "store" is offered their store only. At most 100 values.
import type { CompleteResult } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/principal.js';
import { answerForScope } from '../tools/get-multiple-table-schemas.js';
import type { ToolDeps } from '../tools/tool.js';
import { promptNamed } from './prompts.js';
import { matchCompletions, scopedValues } from './scoped-values.js';

type Ref = { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };

const EMPTY: CompleteResult = { completion: { values: [], total: 0, hasMore: false } };

async function candidates(deps: ToolDeps, principal: Principal, ref: Ref, argument: string): Promise<string[] | undefined> {
  if (ref.type === 'ref/prompt') {
    const kind = promptNamed(ref.name)?.kinds[argument];
    return kind ? scopedValues(deps, principal, kind) : undefined;
  }
  if (ref.uri === 'retail://metrics/{name}' && argument === 'name') return scopedValues(deps, principal, 'metric');
  if ((ref.uri === 'retail://schema/{table}' || ref.uri === 'retail://tables/{table}/page/{page}') && argument === 'table') {
    return (await answerForScope(deps, principal)).tables.map((t) => t.table_name);
  }
  return undefined;
}

export async function complete(deps: ToolDeps, principal: Principal, ref: Ref, argument: { name: string; value: string }): Promise<CompleteResult> {
  const values = await candidates(deps, principal, ref, argument.name);
  if (!values) return EMPTY;
  const m = matchCompletions(values, argument.value.slice(0, 200));
  return { completion: { values: m.values, total: m.total, hasMore: m.hasMore } };
}
