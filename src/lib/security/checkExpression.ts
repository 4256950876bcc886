/**
 * The static half of the SQL check: is `text` ONE scalar expression built only from columns,
 * constants, allow-listed functions, operators, CASE, CAST and windows (expressionPolicy.ts)? It reads
 * the tokens (sqlTokens.ts, cross-checked with DuckDB's own tokenizer where the engine is at hand), so a
 * quote inside a name or a keyword inside a string cannot hide anything. The other half
 * (checkPlan.ts) asks DuckDB's planner what the expression reads.
 */
import { ALLOWED_FUNCTIONS, ALLOWED_KEYWORDS, ALLOWED_OPS, ALLOWED_TYPES, QUERY_KEYWORDS } from './expressionPolicy';
import { identName, lexSql, lineColumn, sameTokenStarts, SqlLexError, type SqlToken, type SqlTokens } from './sqlTokens';

/** Why an expression is refused, with where (1-based, in the text the user typed). */
export interface ExpressionProblem {
  message: string;
  line: number;
  column: number;
}

/** Options of {@link checkExpression}. */
export interface CheckExpressionOptions {
  /** DuckDB's tokens of the same text (`db.tokenize(text)`): the reading must agree with ours. */
  duckTokens?: SqlTokens;
}

const ONE_EXPRESSION = 'a feature is one expression over the sales columns — no query, subquery, table, file or setting';

/** Returns why `text` is not an allowed expression, or null when it is. */
export function checkExpression(text: string, options: CheckExpressionOptions = {}): ExpressionProblem | null {
  const at = (offset: number, message: string): ExpressionProblem => ({ message, ...lineColumn(text, offset) });
  let tokens: SqlToken[];
  try {
    tokens = lexSql(text);
  } catch (e) {
    if (e instanceof SqlLexError) return at(e.at, `${e.message}.`);
    throw e;
  }
  if (!tokens.length) return at(0, 'the expression is empty.');
  if (options.duckTokens) {
    const off = sameTokenStarts(tokens, options.duckTokens);
    if (off >= 0) return at(off, 'DuckDB reads this part differently from the checker; write it more plainly (spaces between operators, no unusual literals).');
  }
  // A query keyword anywhere is named first: it is the usual reason (a subquery inside a function call).
  const query = tokens.find((t) => (t.kind === 'word' && QUERY_KEYWORDS.has(t.text.toLowerCase())) || (t.kind === 'op' && t.text === ';'));
  if (query?.text === ';') return at(query.start, `";" is not allowed — ${ONE_EXPRESSION}.`);
  if (query) {
    const hint = query.text.toLowerCase() === 'from' ? " (for EXTRACT(x FROM ds) write date_part('x', ds))" : '';
    return at(query.start, `"${query.text}" is not allowed — ${ONE_EXPRESSION}${hint}.`);
  }
  // Each open parenthesis remembers what opened it: a function, CAST, OVER, IN or plain grouping.
  const stack: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const word = t.kind === 'word' ? t.text.toLowerCase() : null;
    if (t.kind === 'comment') return at(t.start, 'comments are not allowed in the expression.');
    if (t.kind === 'param') return at(t.start, `"${t.text}": parameters are not allowed in the expression.`);
    if (t.kind === 'op') {
      if (t.text === ';') return at(t.start, `";" is not allowed — ${ONE_EXPRESSION}.`);
      if (t.text === '.') return at(t.start, '"." is not allowed: write the column name alone (no table name, no field access).');
      if (!ALLOWED_OPS.has(t.text)) return at(t.start, `"${t.text}" is not allowed in a feature expression.`);
      if (t.text === '(') {
        const opener = prev && (prev.kind === 'word' || prev.kind === 'quoted') ? identName(prev) : '';
        stack.push(opener);
      } else if (t.text === ')') {
        if (!stack.length) return at(t.start, 'this ")" closes nothing — check the parentheses.');
        stack.pop();
      } else if (t.text === '*' && (!prev || (prev.kind === 'op' && prev.text !== ')' && prev.text !== ']'))) {
        const countStar = prev?.text === '(' && tokens[i - 2] && identName(tokens[i - 2]) === 'count' && next?.text === ')';
        if (!countStar) return at(t.start, '"*" stands for every column here: name the columns you use.');
      }
      continue;
    }
    if (t.kind === 'string' || t.kind === 'number') continue;
    // A word or "quoted" name.
    const name = identName(t);
    // A name before "(" is a function call, unless it is an expression keyword (CASE WHEN (…), IN (…), CAST (…)).
    const keywordOnly = !!word && ALLOWED_KEYWORDS.has(word) && !ALLOWED_FUNCTIONS.has(word);
    if (next?.text === '(' && prev?.text !== '::' && !keywordOnly) {
      if (word && QUERY_KEYWORDS.has(word)) return at(t.start, `"${t.text}" is not allowed — ${ONE_EXPRESSION}.`);
      if (prev?.text.toLowerCase() === 'as' && stack.at(-1)?.endsWith('cast') && ALLOWED_TYPES.has(name)) continue;
      if (!ALLOWED_FUNCTIONS.has(name))
        return at(t.start, `the function "${t.text}" is not allowed in a feature: use arithmetic, CASE, CAST, date, text, math and window functions over the sales columns.`);
      continue;
    }
    if (prev?.text === '::' || (prev && prev.kind === 'word' && prev.text.toLowerCase() === 'as')) {
      if (!ALLOWED_TYPES.has(name)) return at(t.start, `"${t.text}" is not a type a feature can be cast to (use DOUBLE, INTEGER, VARCHAR, DATE, BOOLEAN…).`);
      continue;
    }
    if (word && QUERY_KEYWORDS.has(word)) {
      const hint = word === 'from' ? " (for EXTRACT(x FROM ds) write date_part('x', ds))" : '';
      return at(t.start, `"${t.text}" is not allowed — ${ONE_EXPRESSION}${hint}.`);
    }
    if (word === 'as' && !stack.at(-1)?.endsWith('cast')) return at(t.start, '"AS" is allowed only inside CAST(… AS type): the feature is named in the Name field.');
    // Other words are keywords of expressions or column names; DuckDB's binder refuses unknown columns.
    if (word && !ALLOWED_KEYWORDS.has(word) && /^(?:struct|map|row|array|list|columns|unnest|getvariable|current_setting)$/.test(word))
      return at(t.start, `"${t.text}" is not allowed in a feature expression.`);
  }
  if (stack.length) return at(text.length, 'a "(" is not closed — check the parentheses.');
  return null;
}
