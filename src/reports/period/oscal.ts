// The period report as OSCAL 1.2.1 assessment-results: one result spanning the period (start = its
// first instant, end = its last), one observation per control summing its runs, one for the
// schedule, a risk per exception (waiver) with its approver, and a finding per control: satisfied
// only when every run of the period assessed and passed it. Control tokens and name-based UUIDs
// as in the run report (src/reports/oscal.ts).
import type { PeriodControl, PeriodException, PeriodReport } from '../../model/period.ts';
import { ASSAY_NS, controlToken, OSCAL_VERSION, oscalUuid } from '../oscal.ts';
import { periodText, stretchText } from './common.ts';

const text = (value: unknown) =>
  String(value ?? '')
    .replace(/\s+/gu, ' ')
    .trim() || '-';
const markup = (value: string) =>
  value.replace(/[\\`*[\]<>&]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (c) => `\\${c}`) || '-';
const prop = (name: string, value: unknown) =>
  value === undefined || text(value) === '-' ? [] : [{ name, ns: ASSAY_NS, value: text(value) }];

export function renderPeriodOscal(report: PeriodReport): string {
  const scope = [report.period.from, report.period.to, report.generatedAt].join('\u0000');
  const id = (...parts: string[]) => oscalUuid([scope, ...parts].join('\u0000'));
  const toolUuid = oscalUuid('tool\u0000assay');
  const origins = [{ actors: [{ type: 'tool', 'actor-uuid': toolUuid }] }];
  const end = new Date(Date.parse(report.period.to) - 1).toISOString();
  const planUuid = id('plan');

  const exceptions = new Map<string, PeriodException>();
  for (const c of report.controls) for (const e of c.exceptions) exceptions.set(e.waiver, e);
  const riskUuid = (waiver: string) => id('risk', waiver);
  const observationUuid = (c: PeriodControl) => id('observation', c.framework, c.control);

  const observations = report.controls.map((c) => ({
    uuid: observationUuid(c),
    title: markup(text(`${c.framework} ${c.control} over ${periodText(report)}`)),
    description: markup(
      `${c.runs} run(s) assessed the control: ${c.passed} passed, ${c.statusCounts.fail} failed, ${c.statusCounts.exception} accepted exceptions, ${c.statusCounts['not-evaluated']} not evaluated. Longest failing stretch: ${stretchText(c)}.`,
    ),
    props: [
      ...prop('framework', c.framework),
      ...prop('control-id', c.control),
      ...prop('runs', c.runs),
      ...prop('passed', c.passed),
      ...prop('failed-runs', c.statusCounts.fail),
      ...prop('longest-failing-runs', c.longestFailing?.runs ?? 0),
      ...prop('longest-failing-first-run', c.longestFailing?.firstRun),
      ...prop('longest-failing-last-run', c.longestFailing?.lastRun),
    ],
    methods: ['TEST'],
    types: [c.statusCounts.fail > 0 ? 'finding' : 'control-objective'],
    origins,
    collected: c.timeline.at(-1)?.startedAt ?? report.generatedAt,
  }));
  const schedule = report.schedule
    ? [
        {
          uuid: id('observation', 'schedule'),
          title: markup(text(`Schedule ${report.schedule.expression}`)),
          description: markup(
            `${report.schedule.satisfied} of ${report.schedule.slots} scheduled slots have a complete run; missed: ${report.schedule.missed.map((m) => `${m.from} to ${m.to}`).join(', ') || 'none'}.`,
          ),
          props: [...prop('slots', report.schedule.slots), ...prop('missed', report.schedule.missed.length)],
          methods: ['EXAMINE'],
          types: [report.schedule.missed.length > 0 ? 'finding' : 'control-objective'],
          origins,
          collected: report.generatedAt,
        },
      ]
    : [];

  const risks = [...exceptions.values()].map((e) => ({
    uuid: riskUuid(e.waiver),
    title: markup(text(`Exception ${e.waiver}`)),
    description: markup(text(e.reason)),
    statement: markup(
      `Waiver ${e.waiver} (${e.states.join(', ')}) covered failures in ${e.runs} run(s) of the period; it expires ${e.expires}.`,
    ),
    props: [
      ...prop('waiver-id', e.waiver),
      ...prop('approver', e.approver),
      ...prop('ticket', e.ticket),
      ...prop('expires', e.expires),
      ...prop('origin', e.origin),
    ],
    status: e.states.includes('expired') ? 'open' : 'deviation-approved',
    origins,
  }));

  const findings = report.controls.map((c) => {
    const satisfied = c.runs > 0 && c.passed === c.runs;
    return {
      uuid: id('finding', c.framework, c.control),
      title: markup(text(`${report.frameworks[c.framework] ?? c.framework} ${c.control}: ${c.title}`)),
      description: markup(text(`Passed in ${c.passed} of ${c.runs} runs; longest failing stretch: ${stretchText(c)}.`)),
      props: [
        ...prop('framework', c.framework),
        ...prop('control-id', c.control),
        ...prop('last-status', c.lastStatus),
      ],
      origins,
      target: {
        type: 'objective-id',
        'target-id': `${controlToken(c.framework, c.control)}_obj`,
        title: markup(text(`${c.framework} ${c.control}`)),
        status: { state: satisfied ? 'satisfied' : 'not-satisfied', reason: satisfied ? 'pass' : 'fail' },
      },
      'related-observations': [{ 'observation-uuid': observationUuid(c) }],
      ...(c.exceptions.length > 0
        ? { 'related-risks': c.exceptions.map((e) => ({ 'risk-uuid': riskUuid(e.waiver) })) }
        : {}),
    };
  });

  const frameworks = Object.entries(report.frameworks).filter(([fid]) =>
    report.controls.some((c) => c.framework === fid),
  );
  const document = {
    'assessment-results': {
      uuid: id('document'),
      metadata: {
        title: markup(text(`assay evidence over ${periodText(report)}`)),
        'last-modified': report.generatedAt,
        version: text(report.tool.version),
        'oscal-version': OSCAL_VERSION,
        props: [
          ...prop('tool', report.tool.name),
          ...prop('tool-version', report.tool.version),
          ...prop('results-schema', report.schema),
        ],
      },
      'import-ap': {
        href: `#${planUuid}`,
        remarks: markup(
          'assay writes no OSCAL assessment plan; the back-matter resource describes the scheduled audits this period covers.',
        ),
      },
      results: [
        {
          uuid: id('result'),
          title: markup(text(`Audits from ${periodText(report)}`)),
          description: markup(
            `${report.runs.total} recorded run(s), ${report.runs.complete} complete with results, ${report.runs.withoutResults.length} without results.`,
          ),
          start: report.period.from,
          end,
          props: [...prop('runs', report.runs.total), ...prop('complete-runs', report.runs.complete)],
          'local-definitions': {
            components: [
              {
                uuid: toolUuid,
                type: 'software',
                title: 'assay',
                description: markup('assay, the policy-as-code compliance scanner that recorded the runs.'),
                status: { state: 'operational' },
              },
            ],
          },
          'reviewed-controls': {
            'control-selections': frameworks.length
              ? frameworks.map(([fid, name]) => ({
                  description: markup(text(`${name}: the controls assessed in the period.`)),
                  props: prop('framework', fid),
                  'include-controls': report.controls
                    .filter((c) => c.framework === fid)
                    .map((c) => ({ 'control-id': controlToken(c.framework, c.control) })),
                }))
              : [{ description: markup('No run in the period assessed a framework.'), 'include-all': {} }],
          },
          ...(observations.length + schedule.length > 0 ? { observations: [...observations, ...schedule] } : {}),
          ...(risks.length > 0 ? { risks } : {}),
          ...(findings.length > 0 ? { findings } : {}),
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: planUuid,
            title: markup('The scheduled audits behind this period'),
            description: markup(
              `Every run recorded in assay's run store between ${report.period.from} and ${report.period.to}${report.schedule ? `, expected on the schedule ${report.schedule.expression}` : ''}.`,
            ),
          },
        ],
      },
    },
  };
  return `${JSON.stringify(document, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
