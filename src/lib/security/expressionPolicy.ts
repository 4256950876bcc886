/**
 * What a user expression may contain: the functions (pure scalar, window and aggregate-as-window
 * functions of DuckDB — none reads a file, a table, a setting or the network), the keywords of
 * expressions (CASE, CAST, windows, INTERVAL…) and the type names of casts.
 */

/** Functions an expression may call, by lower-case name. */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set(
  (
    // math
    'abs ceil ceiling floor round round_even trunc sign sqrt cbrt exp ln log log2 log10 pow power mod ' +
    'greatest least isnan isinf isfinite pi degrees radians sin cos tan asin acos atan atan2 sinh cosh tanh ' +
    'gcd lcm factorial even bit_count xor ' +
    // conditional and null handling
    'coalesce nullif ifnull if iff ' +
    // text
    'lower upper lcase ucase trim ltrim rtrim length strlen char_length character_length substr substring ' +
    'left right lpad rpad concat concat_ws contains starts_with ends_with prefix suffix replace strpos instr position ' +
    'split_part reverse repeat regexp_matches regexp_replace regexp_extract regexp_full_match like_escape ilike_escape ' +
    'format printf ascii chr unicode hash md5_number ' +
    // dates
    'date_part datepart date_trunc datetrunc date_diff datediff date_sub datesub date_add make_date last_day ' +
    'year month day dayofmonth dayofweek dayofyear weekday isodow week weekofyear yearweek quarter isoyear era ' +
    'decade century millennium epoch epoch_ms hour minute second millisecond microsecond ' +
    'monthname dayname strftime strptime try_strptime to_days to_weeks to_months to_years ' +
    // windows
    'lag lead first_value last_value nth_value row_number rank dense_rank percent_rank cume_dist ntile ' +
    // aggregates (meaningful here only with OVER)
    'avg mean sum fsum kahan_sum min max count count_star median mode quantile quantile_cont quantile_disc ' +
    'stddev stddev_samp stddev_pop variance var_samp var_pop first last any_value arg_max arg_min argmax argmin ' +
    'max_by min_by bool_and bool_or product kurtosis kurtosis_pop skewness corr covar_pop covar_samp ' +
    'regr_slope regr_intercept regr_r2 regr_count entropy mad ' +
    // lists (literals only: a list cannot hold a query)
    'list_value list_extract list_contains array_length len'
  ).split(' '),
);

/** Keywords that may appear in an expression (FROM, SELECT, WITH, ATTACH, COPY, SET… may not). */
export const ALLOWED_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'case when then else end and or not is null true false between in like ilike escape isnull notnull ' +
    'cast try_cast as over partition by order asc desc nulls first last rows range groups preceding following ' +
    'current row unbounded exclude ties others no ignore respect interval ' +
    'year years month months day days week weeks hour hours minute minutes second seconds millisecond milliseconds ' +
    'microsecond microseconds quarter quarters decade decades century centuries date timestamp time'
  ).split(' '),
);

/** Type names allowed after `::` or in CAST(… AS type). */
export const ALLOWED_TYPES: ReadonlySet<string> = new Set(
  (
    'double float real float4 float8 decimal numeric integer int int4 int8 int2 int1 bigint smallint tinyint hugeint ' +
    'ubigint uinteger usmallint utinyint uhugeint varchar text string char bpchar boolean bool date timestamp ' +
    'datetime time interval'
  ).split(' '),
);

/** Operators and punctuation allowed between terms. */
export const ALLOWED_OPS: ReadonlySet<string> = new Set(
  ['+', '-', '*', '/', '//', '%', '**', '^', '||', '=', '==', '!=', '<>', '<', '>', '<=', '>=', '(', ')', ',', '::', '[', ']', '~~', '!~~', '&', '|', '<<', '>>', '~'],
);

/** Keywords that start a statement, a query or a table reference: named in the refusal message. */
export const QUERY_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'select from with join union intersect except values table where group having qualify window limit offset ' +
    'insert update delete create drop alter attach detach copy pragma install load call export import set reset ' +
    'describe summarize show use checkpoint vacuum begin commit rollback exists lateral pivot unpivot returning into using'
  ).split(' '),
);
