// Plain-words names for parse-tree statement kinds ("SET", "COPY", "CREATE TABLE"), for messages.
// Built only from the node type and fixed flags: never from names or values in the query.

const OVERRIDES: Readonly<Record<string, string>> = {
  CreateStmt: 'CREATE TABLE',
  CreateTableAsStmt: 'CREATE TABLE AS',
  ViewStmt: 'CREATE VIEW',
  IndexStmt: 'CREATE INDEX',
  CreateTrigStmt: 'CREATE TRIGGER',
  CreateSeqStmt: 'CREATE SEQUENCE',
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  RuleStmt: 'CREATE RULE',
  VariableShowStmt: 'SHOW',
  ClosePortalStmt: 'CLOSE',
  CheckPointStmt: 'CHECKPOINT',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  GrantRoleStmt: 'GRANT',
  SecLabelStmt: 'SECURITY LABEL',
};

type Body = Record<string, unknown>;

function variableSet(body: Body): string {
  const verb = body['kind'] === 'VAR_RESET' || body['kind'] === 'VAR_RESET_ALL' ? 'RESET' : 'SET';
  // Only fixed setting names are echoed; a custom one (app.*) is the model's text and stays out.
  if (body['name'] === 'role') return `${verb} ROLE`;
  if (body['name'] === 'session_authorization') return `${verb} SESSION AUTHORIZATION`;
  return verb;
}

function special(tag: string, body: Body): string | undefined {
  switch (tag) {
    case 'VariableSetStmt':
      return variableSet(body);
    case 'TransactionStmt':
      // e.g. TRANS_STMT_ROLLBACK_TO -> ROLLBACK TO
      return typeof body['kind'] === 'string' ? body['kind'].replace(/^TRANS_STMT_/, '').replace(/_/g, ' ') : 'transaction';
    case 'CreateFunctionStmt':
      return body['is_procedure'] === true ? 'CREATE PROCEDURE' : 'CREATE FUNCTION';
    case 'CreateTableAsStmt':
      return body['objtype'] === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : undefined;
    case 'VacuumStmt':
      return body['is_vacuumcmd'] === true ? 'VACUUM' : 'ANALYZE';
    case 'GrantStmt':
      return body['is_grant'] === true ? 'GRANT' : 'REVOKE';
    default:
      return undefined;
  }
}

/** "SET", "EXPLAIN", "CREATE TABLE"... for a statement node type such as `VariableSetStmt`. */
function statementKind(tag: string, body: unknown): string {
  const b = body !== null && typeof body === 'object' ? (body as Body) : {};
  const known = special(tag, b) ?? OVERRIDES[tag];
  if (known !== undefined) return known;
  // Generic fallback: AlterTableStmt -> ALTER TABLE, DeleteStmt -> DELETE.
  const words = tag.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.toUpperCase();
}

/** "a SET statement" / "an EXPLAIN statement". */
export function describeStatement(tag: string, body: unknown): string {
  const kind = statementKind(tag, body);
  const article = /^[AEIOUaeiou]/.test(kind) ? 'an' : 'a';
  return `${article} ${kind} statement`;
}
