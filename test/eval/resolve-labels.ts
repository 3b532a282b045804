// Turns the relevance set's predicates into graded ids for the catalogue actually in the database,
// and fails loudly when a label no longer matches anything (the seed changed under it).
import type { Sql } from '../../src/db/client.js';
import type { EvalProduct, RelevanceQuery } from './relevance-set.js';

export interface ResolvedQuery extends RelevanceQuery {
  /** product_id -> grade, for every product with a grade above 0. */
  grades: Map<number, number>;
}

export async function loadEvalProducts(admin: Sql): Promise<EvalProduct[]> {
  return admin<EvalProduct[]>`
    select p.product_id, p.sku, p.product_name, c.category_name, t.type_name
      from retail.products p
      join retail.categories c on c.category_id = p.category_id
      join retail.product_types t on t.type_id = p.type_id
     order by p.product_id`;
}

export function resolveLabels(set: readonly RelevanceQuery[], products: readonly EvalProduct[]): ResolvedQuery[] {
  return set.map((q) => {
    const grades = new Map<number, number>();
    for (const p of products) {
      const grade = Math.max(0, ...q.labels.filter(([, ...matchers]) => matchers.some((m) => m(p))).map(([g]) => g));
      if (grade > 0) grades.set(p.product_id, grade);
    }
    if (![...grades.values()].includes(2))
      throw new Error(`relevance label for "${q.query}" matches no product with grade 2; update test/eval/relevance-set.ts`);
    return { ...q, grades };
  });
}
