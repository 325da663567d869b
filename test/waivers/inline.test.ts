import { describe, expect, it } from 'vitest';
import type { InlineSuppression, Source } from '../../src/model/resource.ts';
import { readInlineWaivers } from '../../src/waivers/inline.ts';

function sourceWith(...texts: string[]): Source {
  const suppressions: InlineSuppression[] = texts.map((text, index) => ({
    file: 'infra/main.tf',
    line: index + 1,
    text,
  }));
  return {
    id: 'iac',
    collector: 'iac',
    target: '.',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    status: 'ok',
    gaps: [],
    suppressions,
  };
}

// Every valid comment names its approver; the tests of a missing approver say so.
function readOne(text: string) {
  return readInlineWaivers([sourceWith(/approver=/.test(text) || text === '' ? text : `${text} approver=jane`)]);
}

describe('readInlineWaivers', () => {
  it('reports a comment without an approver as invalid: it makes no exception', () => {
    const { waivers, invalid } = readInlineWaivers([sourceWith('a.b reason=legacy expires=2999-01-01')]);
    expect(waivers).toEqual([]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]!.state).toBe('invalid');
    expect(invalid[0]!.message).toContain('approver=... is missing');
    expect(
      readInlineWaivers([sourceWith('a.b reason=x expires=2999-01-01 approver=""')]).invalid[0]!.message,
    ).toContain('approver= is empty');
  });

  it('records the pull request that approved the change as the approver when the comment names none', () => {
    const { waivers, invalid } = readInlineWaivers(
      [sourceWith('a.b reason=legacy expires=2999-01-01', 'c.d reason=y expires=2999-01-01 approver=jane')],
      { approvedBy: 'pull request #17' },
    );
    expect(invalid).toEqual([]);
    expect(waivers.map((w) => w.approver)).toEqual(['pull request #17', 'jane']);
  });

  it('reads quoted and bare values into a waiver selecting the comment file and line', () => {
    const { waivers, invalid } = readOne(
      'storage.* reason="Public assets, approved" expires=2026-06-30 ticket=SEC-7 approver="Jane Doe"',
    );
    expect(invalid).toEqual([]);
    expect(waivers).toEqual([
      {
        id: 'inline:infra/main.tf:1',
        rule: 'storage.*',
        selector: { file: 'infra/main.tf', line: 1 },
        reason: 'Public assets, approved',
        expires: '2026-06-30',
        ticket: 'SEC-7',
        approver: 'Jane Doe',
        origin: { kind: 'inline', file: 'infra/main.tf', line: 1 },
      },
    ]);
  });

  it('accepts a bare reason and escaped quotes, leaving optional fields absent', () => {
    const { waivers } = readOne('a.b expires=2026-01-01 reason="say \\"hi\\""');
    expect(waivers[0]?.reason).toBe('say "hi"');
    expect(readOne('a.b reason=legacy expires=2026-01-01').waivers[0]).not.toHaveProperty('ticket');
  });

  it('reads every suppression of every source, keeping lines apart', () => {
    const { waivers } = readInlineWaivers([
      sourceWith('a.b reason=x expires=2026-01-01 approver=a', 'c.d reason=y expires=2026-01-02 approver=b'),
      { ...sourceWith(), suppressions: undefined },
    ]);
    expect(waivers.map((w) => [w.id, w.rule])).toEqual([
      ['inline:infra/main.tf:1', 'a.b'],
      ['inline:infra/main.tf:2', 'c.d'],
    ]);
  });

  it.each([
    ['a.b expires=2026-06-30', 'reason="..." is missing'],
    ['a.b reason="why"', 'expires=YYYY-MM-DD is missing'],
    ['a.b reason="" expires=2026-06-30', 'reason="..." is missing'],
    ['a.b reason=x expires=2026-02-30', 'expires=2026-02-30 is not a YYYY-MM-DD date'],
    ['a.b reason=x expires=30/06/2026', 'expires=30/06/2026 is not a YYYY-MM-DD date'],
    ['reason=x expires=2026-06-30', 'no rule id after assay:ignore'],
    ['', 'no rule id after assay:ignore'],
    ['a.b reason=x expiry=2026-06-30', "unknown key 'expiry'"],
    ['a.b reason=x reason=y expires=2026-06-30', 'reason= given twice'],
    ['a.b because reason=x expires=2026-06-30', "unexpected 'because'"],
    ['a.b reason="never closed expires=2026-06-30', 'unterminated quote'],
    ['a/b reason=x expires=2026-06-30', "'a/b' is not a rule id or glob"],
  ])('reports %j as invalid: %s', (text, problem) => {
    const { waivers, invalid } = readOne(text);
    expect(waivers).toEqual([]);
    expect(invalid).toHaveLength(1);
    const outcome = invalid[0]!;
    expect(outcome.state).toBe('invalid');
    expect(outcome.origin).toBe('infra/main.tf:1');
    expect(outcome.findings).toEqual([]);
    expect(outcome.selector).toEqual({ file: 'infra/main.tf', line: 1 });
    expect(outcome.message).toMatch(/^infra\/main\.tf:1: assay:ignore /);
    expect(outcome.message).toContain(problem);
  });

  it('names every problem at once and keeps what could be read', () => {
    const outcome = readOne('a.b ticket=SEC-1').invalid[0]!;
    expect(outcome.message).toBe(
      'infra/main.tf:1: assay:ignore reason="..." is missing; expires=YYYY-MM-DD is missing',
    );
    expect(outcome).toMatchObject({ rule: 'a.b', ticket: 'SEC-1', reason: '', expires: '' });
  });
});
