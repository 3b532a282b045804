// The function allow-list for model-written SQL: what analytics needs, nothing that runs SQL text,
// touches settings, files, other sessions or databases, sleeps, locks, or reveals the tenant context.

// Default-deny: a name missing here is rejected. Deliberately absent (do not add): set_config and
// current_setting (rewrite or reveal the sealed tenant context), query_to_xml / table_to_xml /
// cursor_to_xml / schema_to_xml / database_to_xml and ts_stat / ts_rewrite (run SQL text as the
// caller), pg_* (admin, files, sleep, signals, advisory locks, catalog probes), lo_* / loread,
// dblink*, nextval / setval / currval, txid_* / pg_notify, has_*_privilege, setseed, version,
// current_database, to_regclass, pgcrypto's hmac / digest (public schema) and xpath.
const AGGREGATES = [
  'count', 'sum', 'avg', 'min', 'max', 'any_value',
  'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp',
  'corr', 'covar_pop', 'covar_samp',
  'regr_avgx', 'regr_avgy', 'regr_count', 'regr_intercept', 'regr_r2', 'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy',
  'bool_and', 'bool_or', 'every', 'bit_and', 'bit_or', 'bit_xor',
  'string_agg', 'array_agg', 'json_agg', 'jsonb_agg', 'json_agg_strict', 'jsonb_agg_strict',
  'json_object_agg', 'jsonb_object_agg', 'json_object_agg_strict', 'jsonb_object_agg_strict',
  'json_object_agg_unique', 'jsonb_object_agg_unique', 'json_object_agg_unique_strict', 'jsonb_object_agg_unique_strict',
  'percentile_cont', 'percentile_disc', 'mode', 'grouping', 'range_agg', 'range_intersect_agg',
];

const WINDOW = [
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile',
  'lag', 'lead', 'first_value', 'last_value', 'nth_value',
];

const MATH = [
  'abs', 'ceil', 'ceiling', 'floor', 'round', 'trunc', 'sign', 'sqrt', 'cbrt', 'power', 'pow', 'exp', 'ln', 'log',
  'log10', 'mod', 'div', 'width_bucket', 'greatest', 'least', 'pi', 'degrees', 'radians', 'sin', 'cos', 'tan',
  'asin', 'acos', 'atan', 'atan2', 'factorial', 'gcd', 'lcm', 'scale', 'min_scale', 'trim_scale',
  'random', 'random_normal', 'num_nulls', 'num_nonnulls',
];

// `format` only builds a string; nothing on this list can execute one.
const STRING = [
  'length', 'char_length', 'character_length', 'octet_length', 'bit_length', 'lower', 'upper', 'initcap',
  'trim', 'btrim', 'ltrim', 'rtrim', 'lpad', 'rpad', 'substr', 'substring', 'left', 'right', 'position', 'strpos',
  'overlay', 'replace', 'translate', 'concat', 'concat_ws', 'split_part', 'format', 'string_to_array',
  'string_to_table', 'array_to_string', 'regexp_replace', 'regexp_match', 'regexp_matches',
  'regexp_split_to_array', 'regexp_split_to_table', 'regexp_like', 'regexp_count', 'regexp_instr',
  'regexp_substr', 'starts_with', 'md5', 'to_char', 'to_number', 'to_hex', 'reverse', 'repeat', 'ascii', 'chr',
  // Targets of grammar rewrites: LIKE ... ESCAPE, SIMILAR TO, NORMALIZE(), IS NORMALIZED.
  'like_escape', 'similar_to_escape', 'normalize', 'is_normalized',
];

// Full-text search over descriptions. ts_stat and ts_rewrite stay out: they run SQL text.
const TEXT_SEARCH = [
  'to_tsvector', 'to_tsquery', 'plainto_tsquery', 'phraseto_tsquery', 'websearch_to_tsquery',
  'ts_rank', 'ts_rank_cd', 'ts_headline', 'setweight', 'numnode', 'querytree',
];

const DATE_TIME = [
  'now', 'clock_timestamp', 'statement_timestamp', 'transaction_timestamp',
  'date_trunc', 'date_part', 'extract', 'age', 'date_bin', 'date_add', 'date_subtract',
  'make_date', 'make_time', 'make_interval', 'make_timestamp', 'make_timestamptz',
  'justify_days', 'justify_hours', 'justify_interval', 'isfinite', 'to_date', 'to_timestamp',
  'timezone', // target of AT TIME ZONE / AT LOCAL
  'overlaps', // target of (a, b) OVERLAPS (c, d)
];

// Function-style casts, e.g. date(order_date), numeric(x), and TREAT(x AS int4).
const CONVERSIONS = ['date', 'text', 'numeric', 'int2', 'int4', 'int8', 'float4', 'float8', 'bool', 'timestamp', 'timestamptz'];

const JSON_FUNCTIONS = [
  'json_build_object', 'jsonb_build_object', 'json_build_array', 'jsonb_build_array', 'json_object', 'jsonb_object',
  'to_json', 'to_jsonb', 'row_to_json', 'array_to_json',
  'json_array_elements', 'jsonb_array_elements', 'json_array_elements_text', 'jsonb_array_elements_text',
  'json_each', 'jsonb_each', 'json_each_text', 'jsonb_each_text', 'json_object_keys', 'jsonb_object_keys',
  'json_extract_path', 'jsonb_extract_path', 'json_extract_path_text', 'jsonb_extract_path_text',
  'json_typeof', 'jsonb_typeof', 'json_array_length', 'jsonb_array_length', 'jsonb_pretty',
  'json_strip_nulls', 'jsonb_strip_nulls', 'jsonb_set', 'jsonb_insert',
  'json_to_record', 'jsonb_to_record', 'json_to_recordset', 'jsonb_to_recordset',
  'jsonb_path_query', 'jsonb_path_query_array', 'jsonb_path_query_first', 'jsonb_path_exists', 'jsonb_path_match',
];

const ARRAYS_AND_SETS = [
  'array_length', 'array_lower', 'array_upper', 'array_ndims', 'array_dims', 'cardinality', 'unnest',
  'array_position', 'array_positions', 'array_remove', 'array_replace', 'array_append', 'array_prepend',
  'array_cat', 'array_fill', 'array_reverse', 'array_sort', 'trim_array',
  'generate_series', 'generate_subscripts',
];

const RANGES = [
  'numrange', 'daterange', 'tsrange', 'tstzrange', 'int4range', 'int8range',
  'isempty', 'lower_inc', 'upper_inc', 'lower_inf', 'upper_inf', 'range_merge',
];

const CONDITIONAL = ['coalesce', 'nullif'];

/** pgvector's functions: the only ones that may also be written `public.name`. */
const PGVECTOR_FUNCTIONS: ReadonlySet<string> = new Set([
  'vector_dims', 'vector_norm', 'l2_normalize', 'l2_distance', 'l1_distance', 'cosine_distance', 'inner_product',
  'subvector', 'binary_quantize', 'hamming_distance', 'jaccard_distance',
]);

/** Lower-case names callable unqualified or as `pg_catalog.name`. Matched exactly: the parser has
 * already folded unquoted names to lower case, and a quoted "COUNT" is a different (absent) function. */
const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  ...AGGREGATES, ...WINDOW, ...MATH, ...STRING, ...TEXT_SEARCH, ...DATE_TIME, ...CONVERSIONS, ...JSON_FUNCTIONS,
  ...ARRAYS_AND_SETS, ...RANGES, ...CONDITIONAL, ...PGVECTOR_FUNCTIONS,
]);

/** Whether a (possibly qualified) function name, as parsed, may be called. */
export function isAllowedFunction(parts: readonly string[]): boolean {
  const [first, second, ...rest] = parts;
  if (first === undefined || rest.length > 0) return false;
  if (second === undefined) return ALLOWED_FUNCTIONS.has(first);
  // Another schema could hold a same-named function of the owner's (e.g. retail.visible_store_ids).
  if (first === 'pg_catalog') return ALLOWED_FUNCTIONS.has(second);
  if (first === 'public') return PGVECTOR_FUNCTIONS.has(second);
  return false;
}
