// The generic parse-tree walk: visits every node of a SELECT, wherever it sits, and applies the
// function, relation, operator and statement rules, tracking which WITH names are in scope.

import { isAllowedFunction } from './allowed-functions.js';
import { isAllowedRelation, RETAIL_SCHEMA } from './allowed-relations.js';
import { ONE_ARG_FUNCTION_NAMES } from './one-arg-function-names.js';
import { displayName, reject } from './reject.js';
import { describeStatement } from './statement-kind.js';

type Scope = ReadonlySet<string>;
type Obj = Record<string, unknown>;
interface Pending {
  value: unknown;
  scope: Scope;
}

const NO_CTES: Scope = new Set();
const INTO_MESSAGE = 'SELECT INTO is not allowed: it creates a table.';
const LOCKING_MESSAGE = 'Row-locking clauses (FOR UPDATE, FOR SHARE...) are not allowed.';
// libxml2 evaluates XPath without looking at interrupts: a crafted document ran past the statement
// timeout and any cancel (measured: 1.5 s under a 300 ms timeout, growing with the square of its size).
const XML_MESSAGE = 'XML (XMLTABLE, XMLPARSE, XMLELEMENT, the xml type...) is not allowed in analytics queries.';

const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
// In libpg-query's JSON a node is `{ Tag: body }`; tags start upper-case and field names never do.
const isNodeTag = (key: string): boolean => /^[A-Z]/.test(key);

/**
 * Checks the body of a top-level SelectStmt. Uses an explicit stack rather than recursion, so a
 * deeply nested expression cannot overflow the JavaScript stack and skip checks.
 */
export function checkSelectTree(select: unknown): void {
  const stack: Pending[] = [];
  pushSelect(select, NO_CTES, stack);
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, scope } = item;
    if (Array.isArray(value)) {
      for (const child of value) stack.push({ value: child, scope });
    } else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (isNodeTag(key)) visitNode(key, child, scope, stack);
        else {
          // A type (casts, column definitions) is a field, not a tagged node, in libpg-query's JSON.
          if (key === 'typeName' && isXmlType(names(field(child, 'names'))?.at(-1))) reject(XML_MESSAGE);
          stack.push({ value: child, scope });
        }
      }
    }
  }
}

function visitNode(tag: string, body: unknown, scope: Scope, stack: Pending[]): void {
  switch (tag) {
    case 'SelectStmt':
      pushSelect(body, scope, stack);
      return; // pushSelect queues the body itself, with this SELECT's WITH names added
    case 'CommonTableExpr':
      checkCteQuery(body);
      break;
    case 'FuncCall':
      checkFunction(body);
      break;
    case 'RangeVar':
      checkRelation(body, scope);
      break;
    case 'A_Expr':
      checkOperator(field(body, 'name'));
      break;
    case 'SortBy': // ORDER BY x USING op
      checkOperator(field(body, 'useOp'));
      break;
    case 'SubLink': // x op ANY (subquery)
      checkOperator(field(body, 'operName'));
      break;
    case 'RangeTableSample':
      checkSampleMethod(field(body, 'method'));
      break;
    case 'ColumnRef': // `x.f` is f(x) when f is a one-argument function
      checkAttributeCall(field(body, 'fields'), 2);
      break;
    case 'A_Indirection': // `(x).f`, the same
      checkAttributeCall(field(body, 'indirection'), 1);
      break;
    case 'XmlExpr':
    case 'XmlSerialize':
    case 'RangeTableFunc':
      reject(XML_MESSAGE);
    case 'IntoClause':
      reject(INTO_MESSAGE);
    case 'LockingClause':
      reject(LOCKING_MESSAGE);
    default:
      // Belt and braces: no statement other than SELECT may appear anywhere inside the tree.
      if (tag.endsWith('Stmt')) reject(`Only a single SELECT statement is allowed; this query contains ${describeStatement(tag, body)}.`);
  }
  stack.push({ value: body, scope });
}

/** Queues a SELECT's parts. Its WITH names are visible in its whole body, set-operation arms included. */
function pushSelect(body: unknown, scope: Scope, stack: Pending[]): void {
  if (!isObject(body)) return;
  if (body['intoClause'] !== undefined) reject(INTO_MESSAGE);
  if (body['lockingClause'] !== undefined) reject(LOCKING_MESSAGE);
  const inner = pushWith(body['withClause'], scope, stack);
  for (const [key, child] of Object.entries(body)) {
    if (key === 'withClause') continue;
    // Set-operation arms are bare SelectStmt bodies (no tag): wrap them so they get SELECT checks.
    if (key === 'larg' || key === 'rarg') stack.push({ value: { SelectStmt: child }, scope: inner });
    else stack.push({ value: child, scope: inner });
  }
}

/**
 * Queues each CTE with the names PostgreSQL lets it see, and returns the scope of the main query.
 * Without RECURSIVE a CTE sees only the CTEs before it: a forward reference, or a reference to its
 * own name, resolves to a real table (so `with pg_stats as (select * from pg_stats)` reads the catalog).
 */
function pushWith(withClause: unknown, scope: Scope, stack: Pending[]): Scope {
  if (!isObject(withClause)) return scope;
  const ctes = Array.isArray(withClause['ctes']) ? withClause['ctes'] : [];
  const names = ctes.map((cte) => field(field(cte, 'CommonTableExpr'), 'ctename'));
  const all = extend(scope, names);
  const recursive = withClause['recursive'] === true;
  ctes.forEach((cte, i) => stack.push({ value: cte, scope: recursive ? all : extend(scope, names.slice(0, i)) }));
  return all;
}

function extend(scope: Scope, names: readonly unknown[]): Scope {
  const out = new Set(scope);
  for (const name of names) if (typeof name === 'string') out.add(name);
  return out;
}

function checkCteQuery(body: unknown): void {
  const query = field(body, 'ctequery');
  const tag = isObject(query) ? Object.keys(query)[0] : undefined;
  // A data-modifying CTE (INSERT/UPDATE/DELETE/MERGE in WITH) runs even if the outer query is a SELECT.
  if (tag !== 'SelectStmt') {
    reject(`Only SELECT is allowed inside WITH; this WITH query is ${tag ? describeStatement(tag, field(query, tag)) : 'not a SELECT'}.`);
  }
}

function checkFunction(body: unknown): void {
  const parts = names(field(body, 'funcname'));
  if (parts === undefined) reject('A function call in this query could not be checked.');
  if (!isAllowedFunction(parts)) reject(`Function "${displayName(parts)}" is not allowed in analytics queries.`);
}

/**
 * PostgreSQL reads `x.f`, `t.col.f` and `(x).f` as f(x) when f is a function that takes one
 * argument (attribute notation), so the last name of a qualified column reference, and every field
 * selected from an expression, must not name a function the allow-list refuses.
 */
function checkAttributeCall(list: unknown, minParts: number): void {
  if (!Array.isArray(list) || list.length < minParts) return;
  for (const item of minParts === 1 ? list : [list.at(-1)]) {
    const name = field(field(item, 'String'), 'sval');
    // `(x).xml` is a cast (a type name after a dot works like a function of that name).
    if (isXmlType(name)) reject(XML_MESSAGE);
    if (typeof name === 'string' && ONE_ARG_FUNCTION_NAMES.has(name) && !isAllowedFunction([name]))
      reject(`"${name}" after a dot is a call of the function "${name}" in PostgreSQL, which is not allowed in analytics queries.`);
  }
}

/** xml, or its array type `_xml` (`xml[]` parses as xml with array bounds). */
function isXmlType(name: unknown): boolean {
  return name === 'xml' || name === '_xml';
}

function checkRelation(body: unknown, scope: Scope): void {
  if (!isObject(body)) reject('A relation in this query could not be checked.');
  if (!isAllowedRelation(body, scope)) {
    const parts = [body['catalogname'], body['schemaname'], body['relname']].filter((p): p is string => typeof p === 'string');
    reject(`Relation "${displayName(parts)}" is not allowed; query the ${RETAIL_SCHEMA} schema.`);
  }
}

/** Operators run functions too: a schema-qualified one may only come from pg_catalog or public (pgvector). */
function checkOperator(list: unknown): void {
  if (list === undefined) return;
  const parts = names(list);
  if (parts === undefined) reject('An operator in this query could not be checked.');
  if (parts.length === 1) return;
  const [schema] = parts;
  if (parts.length !== 2 || (schema !== 'pg_catalog' && schema !== 'public')) {
    reject(`Operator "${displayName(parts)}" is not allowed; write operators without a schema.`);
  }
}

function checkSampleMethod(list: unknown): void {
  const parts = names(list);
  const method = parts?.length === 2 && parts[0] === 'pg_catalog' ? parts[1] : parts?.length === 1 ? parts[0] : undefined;
  if (method !== 'system' && method !== 'bernoulli') reject('Only the SYSTEM and BERNOULLI table sample methods are allowed.');
}

function field(node: unknown, key: string): unknown {
  return isObject(node) ? node[key] : undefined;
}

/** A name list ([{ String: { sval } }, ...]) as strings, or undefined if it has any other shape. */
function names(list: unknown): string[] | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const out: string[] = [];
  for (const item of list) {
    const sval = field(field(item, 'String'), 'sval');
    if (typeof sval !== 'string') return undefined;
    out.push(sval);
  }
  return out;
}
