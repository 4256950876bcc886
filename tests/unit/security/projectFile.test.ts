import { describe, expect, it } from 'vitest';
import { parseProjectJson, projectSqlProblems, schemaProblems } from '../../../src/lib/security';

describe('project files are untrusted input', () => {
  it('a file over the size limit, not JSON, not an object, or with prototype keys is refused with a message', () => {
    expect(parseProjectJson('{"a":1}', 3)).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/at most/) } });
    expect(parseProjectJson('{"a":')).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/not a readable project file/) } });
    expect(parseProjectJson('[1]')).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/one JSON object/) } });
    const proto = parseProjectJson('{"spec": {"__proto__": {"polluted": true}}}');
    expect(proto.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parseProjectJson('{"version": 1}')).toEqual({ ok: true, value: { version: 1 } });
  });
  it('schema: missing, mistyped and unknown fields are each named', () => {
    const schema = { version: 'number', name: 'string', 'spec?': { 'custom?': 'array' } } as const;
    expect(schemaProblems({ version: 1, name: 'p', spec: { custom: [] } }, schema)).toEqual([]);
    expect(schemaProblems({ version: '1', spec: { custom: {} }, script: 'x' }, schema).map((p) => p.path)).toEqual(['version', 'name', 'spec.custom', 'script']);
  });
  it('every SQL expression it carries gets the custom-feature check, with its place in the file', () => {
    const problems = projectSqlProblems([
      { path: 'spec.custom[0].sql', sql: 'price * promo' },
      { path: 'spec.custom[1].sql', sql: `struct_pack("a'" := 0, b := (SELECT count(*)::DOUBLE FROM raw), "c'" := 0).b` },
      { path: 'spec.custom[2].sql', sql: "read_csv('http://127.0.0.1:9/x.csv')" },
      { path: 'spec.custom[3].sql', sql: 42 as unknown as string },
    ]);
    expect(problems.map((p) => p.path)).toEqual(['spec.custom[1].sql', 'spec.custom[2].sql', 'spec.custom[3].sql']);
    expect(problems[0]).toMatchObject({ line: 1, column: 30, message: expect.stringMatching(/"SELECT" is not allowed/) });
    expect(problems[1].message).toMatch(/function "read_csv" is not allowed/);
  });
});
