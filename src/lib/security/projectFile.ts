/**
 * Helpers for reading a project file someone else made (untrusted input): a size limit before parsing,
 * plain JSON only (no prototype keys), a small schema check per field, and every SQL expression it
 * carries put through the same check as a typed custom feature. Nothing here runs code from the file.
 */
import { checkExpression, type ExpressionProblem } from './checkExpression';

/** Largest project file accepted, in bytes (the data itself is not part of it). */
export const MAX_PROJECT_BYTES = 20 * 1024 * 1024;

export type ProjectProblem = { path: string; message: string; line?: number; column?: number };

/** Field kinds of a schema: `string`, `number`, `boolean`, `array`, `object`, or a nested schema. */
export type FieldSchema = 'string' | 'number' | 'boolean' | 'array' | 'object' | { [key: string]: FieldSchema };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses `text` as a project file: refused when larger than `maxBytes`, not JSON, not an object, or
 * holding a `__proto__` / `constructor` / `prototype` key anywhere. Returns the value or the problem.
 */
export function parseProjectJson(text: string, maxBytes = MAX_PROJECT_BYTES): { ok: true; value: Record<string, unknown> } | { ok: false; problem: ProjectProblem } {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > maxBytes)
    return { ok: false, problem: { path: '', message: `The project file is ${(bytes / 1048576).toFixed(1)} MB; at most ${(maxBytes / 1048576).toFixed(0)} MB is accepted.` } };
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v) => {
      if (FORBIDDEN_KEYS.has(key)) throw new Error(`the key "${key}" is not allowed`);
      return v;
    });
  } catch (e) {
    return { ok: false, problem: { path: '', message: `This is not a readable project file (${e instanceof Error ? e.message : String(e)}). Nothing was changed.` } };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: { path: '', message: 'A project file holds one JSON object. Nothing was changed.' } };
  return { ok: true, value: value as Record<string, unknown> };
}

/** Problems of `value` against `schema`: missing or mistyped fields, and fields the schema does not know. */
export function schemaProblems(value: unknown, schema: FieldSchema, path = ''): ProjectProblem[] {
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (typeof schema === 'string') return kind === schema ? [] : [{ path, message: `${path || 'the file'} should be ${schema === 'array' ? 'a list' : `a ${schema}`}, not ${kind}.` }];
  if (kind !== 'object') return [{ path, message: `${path || 'the file'} should be an object, not ${kind}.` }];
  const obj = value as Record<string, unknown>;
  const out: ProjectProblem[] = [];
  for (const [k, s] of Object.entries(schema)) {
    const optional = k.endsWith('?');
    const key = optional ? k.slice(0, -1) : k;
    const p = path ? `${path}.${key}` : key;
    if (!(key in obj)) {
      if (!optional) out.push({ path: p, message: `${p} is missing.` });
      continue;
    }
    out.push(...schemaProblems(obj[key], s, p));
  }
  const known = new Set(Object.keys(schema).map((k) => k.replace(/\?$/, '')));
  for (const k of Object.keys(obj)) if (!known.has(k)) out.push({ path: path ? `${path}.${k}` : k, message: `${path ? `${path}.${k}` : k} is not part of a project file.` });
  return out;
}

/**
 * Checks every SQL expression a project file carries (`items`: where it sits and its text) with the
 * same check as a typed custom feature; returns one problem per refused expression.
 */
export function projectSqlProblems(items: { path: string; sql: string }[]): ProjectProblem[] {
  const out: ProjectProblem[] = [];
  for (const it of items) {
    if (typeof it.sql !== 'string') {
      out.push({ path: it.path, message: `${it.path} should be an SQL expression (text).` });
      continue;
    }
    const p: ExpressionProblem | null = checkExpression(it.sql);
    if (p) out.push({ path: it.path, message: `${it.path}: ${p.message}`, line: p.line, column: p.column });
  }
  return out;
}
