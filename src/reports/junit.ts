// JUnit XML for CI systems: one testsuite per rule, one testcase per (rule, resource in scope).
// Open failures fail the case, waived ones are skipped with the waiver named, resources that could
// not be evaluated (an unknown value) are skipped with the reason, passing resources pass.
// Shaped to the Ant JUnit XSD (windyroad/JUnit-Schema), which most CI importers accept.
import { UNREAD_GAP_REASONS } from '../model/resource.ts';
import type { Finding, Results } from '../model/results.ts';
import { StringSink, type TextSink } from '../util/json-stream.ts';
import { provenanceLines, runHost } from './provenance.ts';

// Characters XML 1.0 allows; everything else (NUL, most C0 controls, lone surrogates) is dropped.
const ILLEGAL_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(value: string): string {
  return value.replace(ILLEGAL_XML, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

// Attribute values: parsers turn raw tabs and newlines into spaces, so keep them as references.
function attr(value: string | number): string {
  return text(String(value))
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;');
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${attr(value)}"`)
    .join('');
}

/** The XSD wants a local date-time without zone or fraction; results times are UTC. */
function timestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '1970-01-01T00:00:00' : date.toISOString().slice(0, 19);
}

function where(f: Finding): string {
  const { file, line } = f.resource.location;
  return file ? `${file}${line ? `:${line}` : ''}` : f.resource.uid;
}

function failure(open: Finding[]): string {
  const first = open[0]!;
  const controls = first.controls.map((c) => `${c.framework} ${c.control}`).join(', ');
  const body = [
    ...open.map((f) => `${f.message} (${where(f)})`),
    '',
    `Remediation: ${first.remediation}`,
    ...(controls ? [`Controls: ${controls}`] : []),
  ].join('\n');
  const message = open.map((f) => f.message).join('; ');
  return `<failure${attrs({ message, type: first.severity })}>${text(body)}</failure>`;
}

function skipped(waived: Finding[]): string {
  const w = waived[0]!.waiver!;
  const message = `waived: ${w.reason} (${w.id}, expires ${w.expires})`;
  const body = [
    ...waived.map((f) => `${f.message} (${where(f)})`),
    '',
    `Waiver ${w.id}: ${w.reason}`,
    ...(w.ticket ? [`Ticket: ${w.ticket}`] : []),
    ...(w.approver ? [`Approver: ${w.approver}`] : []),
    `Expires: ${w.expires}`,
    `Defined at: ${w.origin}`,
  ].join('\n');
  return `<skipped${attrs({ message })}>${text(body)}</skipped>`;
}

/** A resource in scope whose deciding property is unknown: neither passed nor failed. */
function notEvaluated(reasons: string[]): string {
  const message = `not evaluated: ${reasons[0] ?? 'a property the rule decides on is unknown'}`;
  return `<skipped${attrs({ message })}>${text(reasons.join('\n'))}</skipped>`;
}

export function renderJunit(results: Results): string {
  const sink = new StringSink();
  writeJunit(results, sink);
  return sink.text();
}

/** The XML suite by suite: a large estate has a test case per resource and rule. */
export function writeJunit(results: Results, sink: TextSink): void {
  const evidence = new Map(results.evidence.map((e) => [e.ruleId, e]));
  const byRuleAndUid = new Map<string, Finding[]>();
  for (const f of results.findings) {
    const key = `${f.ruleId}\u0000${f.resource.uid}`;
    const group = byRuleAndUid.get(key);
    if (group) group.push(f);
    else byRuleAndUid.set(key, [f]);
  }
  const when = timestamp(results.generatedAt);
  // The real host the run executed on (from the run's provenance), "unknown" when not recorded.
  const hostname = runHost(results);
  const integrity: Record<string, string> = {
    'assay.version': results.tool.version,
    'assay.bundleSha256': results.tool.bundleSha256,
  };
  for (const [label, value] of provenanceLines(results)) {
    integrity[`run.${label.toLowerCase().replaceAll(' ', '_')}`] = value;
  }
  results.snapshots.forEach((s, i) => {
    integrity[`snapshot.${i}.sha256`] = s.sha256;
  });

  sink.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n');
  results.rules.forEach((rule, id) => {
    const ruleEvidence = evidence.get(rule.id);
    const inScope = ruleEvidence?.inScope ?? [];
    /** The outcome of the case of one resource; the cases are made twice (counted, then written), never held. */
    const outcomeOf = (uid: string) => {
      const found = byRuleAndUid.get(`${rule.id}\u0000${uid}`) ?? [];
      const open = found.filter((f) => !f.waiver);
      const waived = found.filter((f) => f.waiver);
      return { open, waived, unknown: ruleEvidence?.notEvaluatedReasons?.[uid] };
    };
    let failures = 0;
    let skips = 0;
    for (const uid of inScope) {
      const { open, waived, unknown } = outcomeOf(uid);
      if (open.length > 0) failures++;
      else if (waived.length > 0 || unknown) skips++;
    }
    const properties = {
      'rule.title': rule.title,
      'rule.severity': rule.severity,
      'rule.file': rule.file,
      'rule.controls': rule.controls.map((c) => `${c.framework} ${c.control}`).join(', '),
      ...integrity,
    };
    sink.write(
      `${[
        `  <testsuite${attrs({
          name: rule.id,
          package: 'assay',
          id,
          timestamp: when,
          hostname,
          tests: inScope.length,
          failures,
          errors: 0,
          skipped: skips,
          time: 0,
        })}>`,
        '    <properties>',
        ...Object.entries(properties).map(([name, value]) => `      <property${attrs({ name, value })}/>`),
        '    </properties>',
      ].join('\n')}\n`,
    );
    for (const uid of inScope) {
      const { open, waived, unknown } = outcomeOf(uid);
      // A case holds one outcome: an open failure outweighs a waived one on the same resource.
      const outcome =
        open.length > 0 ? failure(open) : waived.length > 0 ? skipped(waived) : unknown ? notEvaluated(unknown) : '';
      const head = `<testcase${attrs({ name: uid, classname: rule.id, time: 0 })}`;
      sink.write(outcome ? `    ${head}>${outcome}</testcase>\n` : `    ${head}/>\n`);
    }
    sink.write(
      `${[
        `    <system-out>${text(`${rule.title}\n\nRemediation: ${rule.remediation}`)}</system-out>`,
        '    <system-err></system-err>',
        '  </testsuite>',
      ].join('\n')}\n`,
    );
  });
  writeGapSuite(results, when, hostname, sink);
  sink.write('</testsuites>\n');
}

/** One suite for the inputs: an input not read is an error, one read but not modelled a skip. */
function writeGapSuite(results: Results, when: string, hostname: string, sink: TextSink): void {
  if (results.gaps.length === 0) return;
  const unread = results.gaps.filter((gap) => UNREAD_GAP_REASONS.has(gap.reason)).length;
  const cases = results.gaps.map((gap) => {
    const where = gap.file ? `${gap.file}${gap.line ? `:${gap.line}` : ''}` : (gap.endpoint ?? gap.source);
    const message = `${where}: ${gap.reason}: ${gap.message}`;
    const outcome = UNREAD_GAP_REASONS.has(gap.reason)
      ? `<error${attrs({ message, type: gap.reason })}>${text(message)}</error>`
      : `<skipped${attrs({ message })}>${text(message)}</skipped>`;
    return `    <testcase${attrs({ name: gap.id, classname: 'assay.inputs', time: 0 })}>${outcome}</testcase>`;
  });
  sink.write(
    `${[
      `  <testsuite${attrs({
        name: 'assay.inputs',
        package: 'assay',
        id: results.rules.length,
        timestamp: when,
        hostname,
        tests: cases.length,
        failures: 0,
        errors: unread,
        skipped: cases.length - unread,
        time: 0,
      })}>`,
      '    <properties>',
      `      <property${attrs({ name: 'assay.version', value: results.tool.version })}/>`,
      '    </properties>',
      ...cases,
      `    <system-out>${text('Inputs the run did not read, or read without modelling what they hold.')}</system-out>`,
      '    <system-err></system-err>',
      '  </testsuite>',
    ].join('\n')}\n`,
  );
}
