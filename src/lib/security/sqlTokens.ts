/**
 * A lexer for DuckDB SQL expressions (the PostgreSQL lexical rules DuckDB uses): words, "quoted"
 * identifiers, 'strings' (also E'…' and $tag$…$tag$), numbers, operators and comments, each with its
 * offset in the text. Where the engine is at hand its own tokenizer (`duckdb.tokenize`) is compared with
 * this one ({@link sameTokenStarts}), so a checked expression is read the same way by both.
 */

/** What a token is. `word`: bare identifier or keyword; `quoted`: "identifier". */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'op' | 'param' | 'comment';

export interface SqlToken {
  kind: TokenKind;
  /** The token as written. */
  text: string;
  /** Offset of its first character in the text. */
  start: number;
}

/** DuckDB-WASM's tokenizer output: token start offsets and types (0 identifier … 5 comment). */
export interface SqlTokens {
  offsets: number[];
  types: number[];
}

/** Thrown for text the lexer cannot read (an unclosed quote or comment). */
export class SqlLexError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const MULTI = ['->>', '!~~', '->', '::', ':=', '//', '**', '>=', '<=', '<>', '!=', '==', '||', '<<', '>>', '~~', '^@'];
const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;

function closeQuote(text: string, from: number, q: string, backslash: boolean): number {
  for (let i = from; i < text.length; i++) {
    if (backslash && text[i] === '\\') i++;
    else if (text[i] === q) {
      if (text[i + 1] === q) i++;
      else return i + 1;
    }
  }
  throw new SqlLexError(q === '"' ? 'a double-quoted name is not closed' : 'a quoted string is not closed', from - 1);
}

/** Splits `text` into tokens; throws {@link SqlLexError} for an unclosed quote or comment. */
export function lexSql(text: string): SqlToken[] {
  const out: SqlToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '--') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      out.push({ kind: 'comment', text: text.slice(start, i), start });
      continue;
    }
    if (two === '/*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new SqlLexError('a /* comment is not closed', i);
      i = end + 2;
      out.push({ kind: 'comment', text: text.slice(start, i), start });
      continue;
    }
    if (c === "'" || ((c === 'E' || c === 'e') && text[i + 1] === "'")) {
      const q = c === "'" ? i + 1 : i + 2;
      i = closeQuote(text, q, "'", c !== "'");
      out.push({ kind: 'string', text: text.slice(start, i), start });
      continue;
    }
    if (c === '"') {
      i = closeQuote(text, i + 1, '"', false);
      out.push({ kind: 'quoted', text: text.slice(start, i), start });
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        if (end < 0) throw new SqlLexError('a $-quoted string is not closed', i);
        i = end + tag[0].length;
        out.push({ kind: 'string', text: text.slice(start, i), start });
        continue;
      }
      const p = /^\$[A-Za-z0-9_]*/.exec(text.slice(i))!;
      i += p[0].length;
      out.push({ kind: 'param', text: p[0], start });
      continue;
    }
    const num = /^(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      out.push({ kind: 'number', text: num[0], start });
      continue;
    }
    if (WORD_START.test(c)) {
      while (i < text.length && WORD.test(text[i])) i++;
      out.push({ kind: 'word', text: text.slice(start, i), start });
      continue;
    }
    if (c === '?') {
      i++;
      out.push({ kind: 'param', text: c, start });
      continue;
    }
    const op = MULTI.find((m) => text.startsWith(m, i)) ?? c;
    i += op.length;
    out.push({ kind: 'op', text: op, start });
  }
  return out;
}

/** Name of a word or "quoted" token as DuckDB compares it (case-insensitive; "" unescaped). */
export function identName(t: SqlToken): string {
  return (t.kind === 'quoted' ? t.text.slice(1, -1).replace(/""/g, '"') : t.text).toLowerCase();
}

/**
 * Offset of the first token where DuckDB's tokenizer and {@link lexSql} disagree on where tokens start
 * (comments ignored), or -1 when they agree.
 */
export function sameTokenStarts(ours: SqlToken[], duck: SqlTokens): number {
  const a = ours.filter((t) => t.kind !== 'comment').map((t) => t.start);
  const b = duck.offsets.filter((_, i) => duck.types[i] !== 5);
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return Math.min(a[i] ?? Infinity, b[i] ?? Infinity);
  return -1;
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
