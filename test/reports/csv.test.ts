// CSV: RFC 4180 framing, one row per (framework, control, resource, rule, status) with passing
// resources included, every control present, and cells a spreadsheet will not run as formulas.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, renderCsv } from '../../src/reports/csv.ts';
import { emptyResults, sampleResults } from './sample-results.ts';

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

function rowsOf(csv: string): Row[] {
  return parse(csv, { columns: true, relax_column_count: false, skip_empty_lines: false }) as Row[];
}

describe('CSV', () => {
  it('frames records per RFC 4180: CRLF after every record, header first, one field per column', async () => {
    const csv = renderCsv(await sampleResults());
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    // Outside quoted fields, every line break is CRLF.
    const unquoted = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted).not.toMatch(/[^\r]\n|\r[^\n]/);
    expect(unquoted.split('\r\n').length).toBeGreaterThan(100);
    const records = parse(csv, { relax_column_count: false }) as string[][];
    for (const record of records) expect(record).toHaveLength(CSV_COLUMNS.length);
  });

  it('names the run, the automation level and the waiver approver and ticket; passing rows carry no severity', async () => {
    const results = await sampleResults();
    const rows = rowsOf(renderCsv(results));
    for (const r of rows) {
      expect(r.run_id).toBe(results.run!.id);
      expect(r.run_time).toBe(results.run!.startedAt);
      expect(['automated', 'partial', 'manual']).toContain(r.automation);
    }
    const automation = new Map(
      results.frameworks.flatMap((f) => f.controls.map((c) => [`${f.id} ${c.id}`, c.automation])),
    );
    for (const r of rows) expect(r.automation).toBe(automation.get(`${r.framework} ${r.control}`));
    const passing = rows.filter((r) => r.resource_status === 'pass');
    expect(passing.length).toBeGreaterThan(0);
    for (const r of passing) expect(r.severity).toBe('');
    for (const r of rows.filter((r) => r.resource_uid === '')) expect(r.severity).toBe('');
    const failing = rows.filter((r) => r.resource_status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    for (const r of failing) expect(r.severity).not.toBe('');
    const waived = rows.filter((r) => r.resource_status === 'waived');
    expect(waived.length).toBeGreaterThan(0);
    const byFingerprint = results.findings.filter((f) => f.waiver);
    for (const r of waived) {
      const finding = byFingerprint.find((f) => f.resource.uid === r.resource_uid && f.ruleId === r.rule)!;
      expect(r.waiver_approver).toBe(finding.waiver!.approver ?? '');
      expect(r.waiver_ticket).toBe(finding.waiver!.ticket ?? '');
      expect(r.waiver_expires).toBe(finding.waiver!.expires);
    }
    expect(waived.some((r) => r.waiver_approver !== '')).toBe(true);
  });

  it('gives each in-scope resource of each control rule exactly the status the evidence records', async () => {
    const results = await sampleResults();
    const rows = rowsOf(renderCsv(results));
    const evidence = new Map(results.evidence.map((e) => [e.ruleId, e]));
    let expectedRows = 0;
    for (const fw of results.frameworks) {
      for (const control of fw.controls) {
        const mine = rows.filter((r) => r.framework === fw.id && r.control === control.id);
        expect(mine.length, `${fw.id} ${control.id} appears`).toBeGreaterThan(0);
        for (const r of mine) expect(r.control_status).toBe(control.status);
        if (control.rules.length === 0) {
          expect(mine).toHaveLength(1);
          expect(mine[0]!.rule).toBe('');
          expectedRows += 1;
          continue;
        }
        for (const { ruleId } of control.rules) {
          const e = evidence.get(ruleId)!;
          const ruleRows = mine.filter((r) => r.rule === ruleId);
          const uids = (status: string) =>
            ruleRows
              .filter((r) => r.resource_status === status)
              .map((r) => r.resource_uid)
              .sort();
          expect(uids('pass')).toEqual([...e.passed].sort());
          // Every row carries the values the rule decided on for its resource.
          for (const row of ruleRows.filter((r) => r.resource_uid !== '')) {
            const decided = e.values.find((v) => v.uid === row.resource_uid)!;
            for (const [path, value] of Object.entries(decided.values)) {
              expect(row.decided_values).toContain(`${path}=${JSON.stringify(value)}`);
            }
          }
          expect(uids('not-evaluated')).toEqual([...e.notEvaluated].sort());
          expect(uids('waived')).toEqual([...e.waived].sort());
          expect(uids('fail')).toEqual(e.failed.filter((u) => !e.waived.includes(u)).sort());
          expectedRows += Math.max(1, ruleRows.length);
          if (e.inScope.length === 0) {
            expect(ruleRows).toHaveLength(1);
            expect(ruleRows[0]!.resource_uid).toBe('');
          }
        }
      }
    }
    expect(rows).toHaveLength(expectedRows);
  });

  it('fills failing rows from the finding and waived rows from the waiver', async () => {
    const results = await sampleResults();
    const rows = rowsOf(renderCsv(results));
    const waived = results.findings.find((f) => f.waiver)!;
    const waivedRow = rows.find((r) => r.resource_uid === waived.resource.uid && r.rule === waived.ruleId)!;
    expect(waivedRow.resource_status).toBe('waived');
    expect(waivedRow.waiver_id).toBe(waived.waiver!.id);
    expect(waivedRow.waiver_reason).toBe(waived.waiver!.reason);
    expect(waivedRow.waiver_expires).toBe(waived.waiver!.expires);
    expect(waivedRow.message).toContain(waived.message);

    const open = results.findings.find((f) => !f.waiver && f.controls.length > 0)!;
    const openRow = rows.find((r) => r.resource_uid === open.resource.uid && r.rule === open.ruleId)!;
    expect(openRow).toMatchObject({
      resource_status: 'fail',
      severity: open.severity,
      resource_name: open.resource.name,
      file: open.resource.location.file ?? '',
      line: String(open.resource.location.line ?? ''),
      remediation: open.remediation,
      waiver_id: '',
    });
    expect(openRow.message.split('\n')).toContain(open.message);
  });

  it('names passing resources from the resources index', async () => {
    const results = await sampleResults();
    const rows = rowsOf(renderCsv(results));
    const passRows = rows.filter((r) => r.resource_status === 'pass');
    expect(passRows.length).toBeGreaterThan(0);
    const index = new Map(results.resources.map((r) => [r.uid, r]));
    for (const row of passRows) {
      const resource = index.get(row.resource_uid)!;
      expect(row.resource_name).toBe(resource.name);
      expect(row.file).toBe(resource.location.file ?? '');
    }
  });

  it('quotes commas, quotes and line breaks, and defuses formula-looking cells', async () => {
    const results = structuredClone(await sampleResults());
    const finding = results.findings.find((f) => !f.waiver && f.controls.length > 0)!;
    finding.resource.name = '=HYPERLINK("http://evil.example","click, here")';
    finding.message = 'line one\r\nline "two", with comma';
    finding.remediation = '+cmd|/c calc';
    const passed = results.evidence.find((e) => e.passed.length > 0)!.passed[0]!;
    const passedResource = results.resources.find((r) => r.uid === passed)!;
    passedResource.name = '@SUM(A1:A9)';
    passedResource.location.file = '-2+3';
    const otherPassed = results.evidence.flatMap((e) => e.passed).find((uid) => uid !== passed)!;
    const tabbed = results.resources.find((r) => r.uid === otherPassed)!;
    tabbed.name = '\tinjected';

    const csv = renderCsv(results);
    expect(csv).toContain('"\'=HYPERLINK(""http://evil.example"",""click, here"")"');
    const rows = rowsOf(csv);
    const row = rows.find((r) => r.resource_uid === finding.resource.uid && r.rule === finding.ruleId)!;
    expect(row.resource_name).toBe(`'${finding.resource.name}`);
    expect(row.message).toBe(finding.message);
    expect(row.remediation).toBe("'+cmd|/c calc");
    const passRow = rows.find((r) => r.resource_uid === passed && r.resource_status === 'pass')!;
    expect(passRow.resource_name).toBe("'@SUM(A1:A9)");
    expect(passRow.file).toBe("'-2+3");
    const tabbedRows = rows.filter((x) => x.resource_uid === tabbed.uid && x.resource_status === 'pass');
    expect(tabbedRows.length).toBeGreaterThan(0);
    for (const r of tabbedRows) expect(r.resource_name).toBe("'\tinjected");
    // Nothing in any cell starts a formula.
    for (const r of rows) for (const value of Object.values(r)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes only the header for results with no frameworks', () => {
    expect(renderCsv(emptyResults())).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('still lists a control whose rule is missing from the catalog and evidence', () => {
    const results = emptyResults();
    results.frameworks = [
      {
        id: 'internal',
        name: 'Internal',
        version: '1',
        summary: { pass: 0, fail: 0, exception: 0, 'not-evaluated': 1, manual: 0, total: 1 },
        controls: [
          {
            id: 'IC-1',
            title: 'Something, "quoted"',
            section: 'S',
            automation: 'automated',
            status: 'not-evaluated',
            statusReason: 'Nothing to test: no resource in scope.',
            rules: [
              {
                ruleId: 'custom.rule',
                reason: 'r',
                inScope: 0,
                passed: 0,
                failed: 0,
                waived: 0,
                notEvaluated: 0,
                populations: [],
              },
            ],
            findings: [],
            gaps: [],
          },
        ],
      },
    ];
    const rows = rowsOf(renderCsv(results));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      framework: 'internal',
      control: 'IC-1',
      control_title: 'Something, "quoted"',
      control_status: 'not-evaluated',
      rule: 'custom.rule',
      severity: '',
      resource_uid: '',
      resource_status: '',
    });
  });

  it('ends with a row per input not read or not modelled, so a sample can land on it', async () => {
    const results = await sampleResults();
    results.gaps = [
      {
        id: 'gap-1',
        source: 'iac',
        reason: 'unreadable',
        message: 'cannot read secrets.env (EACCES)',
        file: 'app/secrets.env',
      },
      {
        id: 'gap-2',
        source: 'iac',
        reason: 'unsupported',
        message: 'aws_sns_topic is not mapped',
        file: 'main.tf',
        line: 7,
      },
    ];
    const rows = rowsOf(renderCsv(results));
    expect(rows.slice(-2)).toEqual([
      expect.objectContaining({
        resource_uid: 'gap-1',
        file: 'app/secrets.env',
        resource_status: 'not-read',
        message: 'unreadable: cannot read secrets.env (EACCES)',
        framework: '',
      }),
      expect.objectContaining({ resource_uid: 'gap-2', file: 'main.tf', line: '7', resource_status: 'not-modelled' }),
    ]);
  });
});
