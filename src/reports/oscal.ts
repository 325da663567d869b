// OSCAL Assessment Results (JSON, OSCAL 1.2.1): one result per run, one observation per rule and per gap,
// one finding per framework control, a risk per applied or expired waiver, and back-matter resources
// carrying the evidence hashes (policy bundle, snapshots, populations) and every waiver.
//
// Mapping choices (OSCAL has no slot for some of assay's facts; these are the honest nearest ones):
// - Control ids: OSCAL wants tokens (^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$) and one id space, while assay has one
//   id space per framework. A control becomes "<framework id>_<control id>" (e.g. "pci-dss_8.3.6"), every
//   character outside letters, digits, ".", "-" and "_" replaced by "_"; the standard's own id stays in the
//   `control-id` and `framework` props. Finding targets are "<token>_obj" (NIST's objective-id convention).
// - Findings only where this tool determined the control: "satisfied" (reason pass) for an automated
//   control that passed in full scope (every evidence rule had resources in scope); "not-satisfied" for
//   fail (reason fail) and exception (reason exception, with its approved-deviation risk). A partial
//   control that passed, a limited-scope pass and not-evaluated get no finding, since the tool showed
//   only part of the objective (or none): each gets an observation ("not determined by assay") that
//   links the rule observations, so the evidence stays traceable and a GRC tool imports no state.
//   Manual controls are not assessed by this tool: no finding, and they are listed under
//   exclude-controls of the reviewed controls.
// - import-ap: assay writes no OSCAL assessment plan; the href points at a back-matter resource that
//   describes the plan it did follow (the rule bundle, by hash, and the frameworks evaluated).
// - UUIDs are name-based (SHA-256 of a stable key, version 5 bits set), so the same results give the
//   same bytes. Resources and the tool keep their UUID across runs; everything else is scoped to the run.
// - Snapshots are linked by RFC 6920 content names (ni:///sha-256;...) unless the caller knows a file.
import { createHash } from 'node:crypto';
import type {
  ControlResult,
  FrameworkResult,
  Population,
  ResultGap,
  Results,
  WaiverOutcome,
} from '../model/results.ts';
import { LazyArray, type TextSink, writeJson } from '../util/json-stream.ts';

export const OSCAL_VERSION = '1.2.1';
/** Namespace of assay's own props, so they never pass for OSCAL-defined names. */
export const ASSAY_NS = 'https://assay.dev/ns/oscal';

export interface OscalOptions {
  title?: string;
  /** Where a snapshot can be fetched, by its sha256; default: its RFC 6920 content name. */
  snapshotHref?: (sha256: string) => string;
}

type Json = Record<string, unknown>;
interface Prop {
  name: string;
  ns: string;
  value: string;
  group?: string;
}

/** Name-based UUID: SHA-256 of the key, with the version (5) and RFC 4122 variant bits OSCAL's pattern requires. */
export function oscalUuid(key: string): string {
  const b = createHash('sha256').update(`assay-oscal\u0000${key}`).digest();
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** An OSCAL token for a framework control (see the header for the mapping). */
export function controlToken(framework: string, control: string): string {
  const token = `${framework}_${control}`.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^(\p{L}|_)/u.test(token) ? token : `_${token}`;
}

/** OSCAL strings may not start or end with whitespace, nor (for one-line fields) hold line breaks. */
function plain(value: unknown): string | undefined {
  const text = String(value ?? '')
    .replace(/\s+/gu, ' ')
    .trim();
  return text === '' ? undefined : text;
}

// Markup fields are Markdown: escape what would turn text from the estate (names, messages) into markup.
// An underscore inside a word (rule ids such as k8s.no_host_namespaces) never emphasizes, so it stays as is.
const escapeMarkdown = (text: string) =>
  text.replace(/[\\`*[\]<>&]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (c) => `\\${c}`);
const markupLine = (value: unknown, fallback = '-') => escapeMarkdown(plain(value) ?? fallback);
const markup = (value: unknown) => escapeMarkdown(String(value ?? '').trim()) || '-';

function prop(name: string, value: unknown, group?: string): Prop[] {
  const text = plain(value);
  if (text === undefined) return [];
  return [{ name, ns: ASSAY_NS, value: text, ...(group ? { group } : {}) }];
}

/** Who ran the assessment, where and from which code; a value the run could not find is left out. */
function provenanceProps(results: Results): Prop[] {
  const run = results.run;
  if (!run) return [];
  const p = run.provenance;
  return [
    ...prop('run-id', run.id),
    ...prop('run-started', run.startedAt),
    ...prop('run-finished', run.finishedAt),
    ...(p
      ? [
          ...prop('repository', p.repository),
          ...prop('commit', p.commit),
          ...prop('branch', p.branch),
          ...prop('ci-system', p.ciSystem),
          ...prop('ci-run', p.runUrl ?? p.runId),
          ...prop('run-by', p.actor),
          ...prop('host', p.host),
        ]
      : []),
  ];
}

/** OSCAL arrays must not be empty: omit the key instead. */
function some<T>(key: string, items: T[] | LazyArray<T>): Json {
  return items.length > 0 ? { [key]: items } : {};
}

/** Normalizes to ISO 8601 with "Z"; undefined when the input is not a date. */
function dateTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function niHref(sha256: string): string {
  return `ni:///sha-256;${Buffer.from(sha256, 'hex').toString('base64url')}`;
}

const SHA256 = /^[0-9a-f]{64}$/i;
const hashes = (sha256: string) => (SHA256.test(sha256) ? { hashes: [{ algorithm: 'SHA-256', value: sha256 }] } : {});

class Ids {
  constructor(private readonly run: string) {}
  /** Scoped to this run: the same key in another run is another observation. */
  of(...parts: string[]): string {
    return oscalUuid([this.run, ...parts].join('\u0000'));
  }
  /** Stable across runs: the same resource is the same inventory item. */
  resource(uid: string): string {
    return oscalUuid(`resource\u0000${uid}`);
  }
}

/**
 * The OSCAL state this tool can defend for a control, or undefined when it cannot state one: only an
 * automated control that passed with every evidence rule in scope is satisfied; a failure (open or
 * waived) disproves the control whatever its automation.
 */
export function determination(control: ControlResult): 'satisfied' | 'not-satisfied' | undefined {
  if (control.status === 'fail' || control.status === 'exception') return 'not-satisfied';
  if (control.status === 'pass' && control.automation === 'automated' && control.passScope === 'full')
    return 'satisfied';
  return undefined;
}

/** The assessment-results document as an object; written with an indent of 2, see escapeInert. */
function oscalDocument(results: Results, options: OscalOptions) {
  const generatedAt = dateTime(results.generatedAt);
  if (!generatedAt) throw new Error(`results.generatedAt is not a date-time: ${JSON.stringify(results.generatedAt)}`);
  const ids = new Ids(
    [generatedAt, results.tool.bundleSha256, ...results.snapshots.map((s) => s.sha256)].join('\u0000'),
  );
  const toolUuid = oscalUuid('tool\u0000assay');
  const origins = [{ actors: [{ type: 'tool', 'actor-uuid': toolUuid }] }];
  const planUuid = ids.of('plan');
  const snapshotHref = options.snapshotHref ?? niHref;

  const populationUuid = (p: Population) => ids.of('population', p.id);
  const ruleObservationUuid = (ruleId: string) => ids.of('observation', 'rule', ruleId);
  const gapObservationUuid = (gapId: string) => ids.of('observation', 'gap', gapId);
  const waiverResourceUuid = (w: WaiverOutcome) => ids.of('waiver', w.id, w.origin);
  const riskUuid = (w: WaiverOutcome) => ids.of('risk', w.id, w.origin);

  const sources = results.snapshots.flatMap((s) => s.sources);
  const starts = [...sources.map((s) => dateTime(s.startedAt)), generatedAt].filter((t): t is string => !!t).sort();
  const firstCollected = results.snapshots.map((s) => dateTime(s.collectedAt)).find((t) => t) ?? generatedAt;

  // --- Observations: one per rule (shared by every control it evidences) and one per gap.
  const evidenceByRule = new Map(results.evidence.map((e) => [e.ruleId, e]));
  const messages = new Map<string, string[]>();
  for (const f of results.findings) {
    const key = `${f.ruleId}\u0000${f.resource.uid}`;
    const said = messages.get(key);
    if (said) said.push(f.message);
    else messages.set(key, [f.message]);
  }
  const resourceByUid = new Map(results.resources.map((r) => [r.uid, r]));

  const ruleObservations = results.rules.map((rule) => {
    const evidence = evidenceByRule.get(rule.id);
    const kinds = new Set<string>(rule.kinds);
    const populations = results.populations.filter((p) => kinds.has(p.kind));
    const failed = new Set(evidence?.failed ?? []);
    const waived = new Set(evidence?.waived ?? []);
    const unknown = new Set(evidence?.notEvaluated ?? []);
    const subjects = LazyArray.of(evidence?.inScope ?? [], (uid) => {
      const outcome = waived.has(uid)
        ? 'waived'
        : failed.has(uid)
          ? 'fail'
          : unknown.has(uid)
            ? 'not-evaluated'
            : 'pass';
      const why = unknown.has(uid) ? (evidence?.notEvaluatedReasons[uid] ?? []) : [];
      const said = [...(messages.get(`${rule.id}\u0000${uid}`) ?? []), ...why];
      return {
        'subject-uuid': ids.resource(uid),
        type: 'inventory-item',
        title: markupLine(resourceByUid.get(uid)?.name ?? uid),
        props: [...prop('uid', uid), ...prop('result', outcome)],
        ...(said.length > 0 ? { remarks: said.map(markup).join('\n\n') } : {}),
      };
    });
    const collected =
      populations
        .map((p) => dateTime(p.source.finishedAt))
        .filter((t): t is string => !!t)
        .sort()
        .at(-1) ?? firstCollected;
    const relevantEvidence =
      populations.length > 0
        ? populations.map((p) => ({
            href: `#${populationUuid(p)}`,
            description: markup(
              `Population ${p.id}: ${p.count} resource(s) of kind ${p.kind} from collector ${p.source.collector} on ${p.source.target}.`,
            ),
            props: [
              ...prop('population-sha256', p.sha256),
              ...prop('snapshot-sha256', p.snapshotSha256),
              ...prop('count', p.count),
            ],
          }))
        : [{ description: markup(`No resource of kind ${rule.kinds.join(', ')} was collected.`) }];
    return {
      uuid: ruleObservationUuid(rule.id),
      title: markupLine(`${rule.id}: ${rule.title}`),
      description: markup(
        `${rule.description}\n\nIn scope: ${rule.inScope}, passed: ${rule.passed}, failed: ${rule.failed} (waived: ${waived.size})${unknown.size > 0 ? `, not evaluated (unknown values): ${unknown.size}` : ''}.`,
      ),
      props: [
        ...prop('rule-id', rule.id),
        ...prop('severity', rule.severity),
        ...prop('in-scope', rule.inScope),
        ...prop('passed', rule.passed),
        ...prop('failed', rule.failed),
        ...prop('waived', waived.size),
        ...(unknown.size > 0 ? prop('not-evaluated', unknown.size) : []),
        ...prop('policy-file', rule.file),
      ],
      methods: ['TEST'],
      types: [failed.size > 0 ? 'finding' : 'control-objective'],
      origins,
      ...some('subjects', subjects),
      'relevant-evidence': relevantEvidence,
      collected,
      ...(rule.failed > 0 ? { remarks: markup(`Remediation: ${rule.remediation}`) } : {}),
    };
  });

  const gapObservations = results.gaps.map((gap: ResultGap) => {
    const source = sources.find((s) => s.id === gap.source);
    const where = [gap.file && `${gap.file}${gap.line ? `:${gap.line}` : ''}`, gap.endpoint].filter(Boolean);
    return {
      uuid: gapObservationUuid(gap.id),
      title: markupLine(`Not read (${gap.reason})${where.length > 0 ? `: ${where.join(' ')}` : ''}`),
      description: markup(gap.message),
      props: [
        ...prop('gap-id', gap.id),
        ...prop('gap-reason', gap.reason),
        ...prop('collector', gap.source),
        ...prop('file', gap.file),
        ...prop('line', gap.line),
        ...prop('endpoint', gap.endpoint),
        ...prop('permission', gap.permission),
        ...prop('kinds', gap.kinds?.join(' ') ?? 'any'),
      ],
      methods: ['EXAMINE'],
      types: ['discovery'],
      origins,
      collected: dateTime(source?.finishedAt) ?? firstCollected,
      remarks: markup(
        'The collector could not read this input; controls whose resources it may hold are not evaluated.',
      ),
    };
  });

  // --- Risks: an applied waiver is an approved deviation; an expired one leaves its failures open.
  const riskWaivers = results.waivers.filter((w) => w.state === 'applied' || w.state === 'expired');
  const findingByFingerprint = new Map(results.findings.map((f) => [f.fingerprint, f]));
  const risks = riskWaivers.map((w) => {
    const accepted = w.findings.map((fp) => findingByFingerprint.get(fp)).filter((f) => f !== undefined);
    const deadline = /^\d{4}-\d{2}-\d{2}$/.test(w.expires) ? dateTime(`${w.expires}T23:59:59Z`) : undefined;
    const ruleObservation = results.rules.some((r) => r.id === w.rule) ? [w.rule] : [];
    const applied = w.state === 'applied';
    return {
      uuid: riskUuid(w),
      title: markupLine(`${applied ? 'Accepted exception' : 'Expired exception'} ${w.id}: ${w.rule}`),
      description: markup(w.reason),
      statement: markup(
        [
          applied
            ? `Waiver ${w.id} accepts ${accepted.length} failure(s) of ${w.rule} until ${w.expires}.`
            : `Waiver ${w.id} expired on ${w.expires}; the ${accepted.length} failure(s) it named are open again.`,
          ...accepted.map((f) => `- ${f.resource.uid}: ${f.message}`),
        ].join('\n'),
      ),
      props: [
        ...prop('waiver-id', w.id),
        ...prop('waiver-state', w.state),
        ...prop('rule', w.rule),
        ...prop('reason', w.reason),
        ...prop('approver', w.approver),
        ...prop('ticket', w.ticket),
        ...prop('expires', w.expires),
        ...prop('origin', w.origin),
        ...w.findings.flatMap((fp) => prop('finding-fingerprint', fp)),
      ],
      links: [{ href: `#${waiverResourceUuid(w)}`, rel: 'reference' }],
      status: applied ? 'deviation-approved' : 'open',
      origins,
      ...(applied && deadline ? { deadline } : {}),
      ...some(
        'related-observations',
        ruleObservation.map((r) => ({ 'observation-uuid': ruleObservationUuid(r) })),
      ),
    };
  });

  // --- Findings where the tool determined the control; an observation where it did not (see the header).
  const ruleIds = new Set(results.rules.map((r) => r.id));
  const assessed = results.frameworks.flatMap((framework) =>
    framework.controls.filter((c) => c.status !== 'manual').map((control) => ({ framework, control })),
  );
  const findings = assessed
    .filter(({ control }) => determination(control) !== undefined)
    .map(({ framework, control }) => controlFinding(framework, control));
  const undetermined = assessed
    .filter(({ control }) => determination(control) === undefined)
    .map(({ framework, control }) => undeterminedObservation(framework, control));
  function controlEvidence(framework: FrameworkResult, control: ControlResult) {
    const observed = [
      ...control.rules.filter((r) => ruleIds.has(r.ruleId)).map((r) => ruleObservationUuid(r.ruleId)),
      ...control.gaps.filter((g) => results.gaps.some((x) => x.id === g)).map(gapObservationUuid),
    ];
    const lines = control.rules.map(
      (r) =>
        `- ${r.ruleId}${r.mappingType === 'supporting' ? ' (supporting: can only disprove)' : ''}: ${r.inScope} in scope, ${r.passed} passed, ${r.failed} failed, ${r.waived} waived${r.notEvaluated > 0 ? `, ${r.notEvaluated} not evaluated` : ''} (${r.reason})`,
    );
    const coverage = control.coverage ? [`Coverage: ${control.coverage.summary}.`] : [];
    const description = markup(
      [control.statusReason, ...coverage, ...(lines.length > 0 ? ['', ...lines] : [])].join('\n'),
    );
    const props = [
      ...prop('framework', framework.id),
      ...prop('control-id', control.id),
      ...prop('status', control.status),
      ...prop('pass-scope', control.passScope),
      ...prop('automation', control.automation),
      ...prop('section', control.section),
      ...prop('coverage', control.coverage?.summary),
      ...control.gaps.flatMap((g) => prop('gap-id', g)),
    ];
    return { observed, description, props };
  }
  function controlFinding(framework: FrameworkResult, control: ControlResult) {
    const token = controlToken(framework.id, control.id);
    const fingerprints = new Set(control.findings);
    const relatedRisks = riskWaivers.filter((w) => w.findings.some((fp) => fingerprints.has(fp)));
    const { observed, description, props } = controlEvidence(framework, control);
    return {
      uuid: ids.of('finding', framework.id, control.id),
      title: markupLine(`${framework.name} ${control.id}: ${control.title}`),
      description,
      props,
      origins,
      target: {
        type: 'objective-id',
        'target-id': `${token}_obj`,
        title: markupLine(`${framework.name} ${control.id}`),
        status: {
          state: determination(control),
          // OSCAL names pass and fail; exception is a token of its own.
          reason: control.status,
          remarks: markup(control.statusReason),
        },
      },
      ...some(
        'related-observations',
        observed.map((uuid) => ({ 'observation-uuid': uuid })),
      ),
      ...some(
        'related-risks',
        relatedRisks.map((w) => ({ 'risk-uuid': riskUuid(w) })),
      ),
    };
  }
  function undeterminedObservation(framework: FrameworkResult, control: ControlResult) {
    const { observed, description, props } = controlEvidence(framework, control);
    const why =
      control.status === 'pass'
        ? control.passScope === 'full'
          ? 'Its rules passed, but they check only part of what the control asks (automation: partial); a person assesses the rest.'
          : 'Its rules passed, but not every rule had resources in scope (limited scope).'
        : 'This tool could not evaluate it (see the status reason).';
    return {
      uuid: ids.of('observation', 'control', framework.id, control.id),
      title: markupLine(`${framework.name} ${control.id}: not determined by assay`),
      description,
      props: [...props, ...prop('determination', 'not-determined-by-tool')],
      ...some(
        'links',
        observed.map((uuid) => ({ href: `#${uuid}`, rel: 'related' })),
      ),
      methods: ['TEST'],
      types: ['control-objective'],
      origins,
      collected: firstCollected,
      remarks: markup(`No finding is stated for this control. ${why}`),
    };
  }

  // --- Reviewed controls: every control of every framework, by token.
  const controlSelections =
    results.frameworks.length > 0
      ? results.frameworks.map((framework) => ({
          description: markup(`${framework.name} ${framework.version}: all ${framework.controls.length} controls.`),
          props: [
            ...prop('framework', framework.id),
            ...prop('framework-version', framework.version),
            ...prop('publisher', framework.publisher),
          ],
          ...selectionOf(framework),
        }))
      : // OSCAL needs one selection; with no framework asked for, none was assessed (and no finding says otherwise).
        [{ description: markup('No framework was selected: no control was assessed.'), 'include-all': {} }];

  // Manual controls are listed as excluded: this tool did not assess them.
  function selectionOf(framework: FrameworkResult) {
    if (framework.controls.length === 0)
      return { 'include-all': {}, remarks: markup('This framework lists no controls.') };
    const token = (c: ControlResult) => ({ 'control-id': controlToken(framework.id, c.id) });
    const manual = framework.controls.filter((c) => c.status === 'manual');
    const tested = framework.controls.filter((c) => c.status !== 'manual');
    return {
      ...(tested.length > 0 ? { 'include-controls': tested.map(token) } : { 'include-all': {} }),
      ...some('exclude-controls', manual.map(token)),
      ...(manual.length > 0
        ? {
            remarks: markup(
              `${manual.length} manual control(s) are excluded: no rule of this tool can evidence them, so they were not assessed by it and need evidence gathered by a person.`,
            ),
          }
        : {}),
    };
  }

  // --- Inventory: every resource some rule had in scope.
  const inScopeUids = [...new Set(results.evidence.flatMap((e) => e.inScope))].sort();
  // One item per resource, made when it is written: an estate's inventory is never held whole.
  const inventoryUids = [...new Set([...results.resources.map((r) => r.uid), ...inScopeUids])].sort();
  const inventory = LazyArray.of(inventoryUids, (uid) => {
    const r = resourceByUid.get(uid);
    return {
      uuid: ids.resource(uid),
      description: markup(
        r ? `${r.nativeType} "${r.name}" (${r.provider}, ${r.kind})` : `Resource ${uid} (not described in the results)`,
      ),
      props: [
        ...prop('uid', uid),
        ...prop('name', r?.name),
        ...prop('kind', r?.kind),
        ...prop('native-type', r?.nativeType),
        ...prop('provider', r?.provider),
        ...prop('file', r?.location.file),
        ...prop('line', r?.location.line),
      ],
    };
  });

  // --- Back matter: the plan placeholder, the bundle, snapshots, populations and waivers.
  const frameworkNames = results.frameworks.map((f) => `${f.name} ${f.version}`).join(', ') || 'none';
  const backMatter = [
    {
      uuid: planUuid,
      title: markupLine('assay assessment plan (rule bundle and frameworks; no OSCAL assessment plan document)'),
      description: markup(
        `assay evaluated ${results.rules.length} rule(s) of its compiled policy bundle against the collected snapshots, for the frameworks: ${frameworkNames}.`,
      ),
      props: [...prop('bundle-sha256', results.tool.bundleSha256), ...prop('tool-version', results.tool.version)],
      rlinks: [
        { href: 'dist/policies/policy.wasm', 'media-type': 'application/wasm', ...hashes(results.tool.bundleSha256) },
      ],
      remarks: markup('The rlink is relative to the installed assay package.'),
    },
    ...results.snapshots.map((snapshot) => ({
      uuid: ids.of('snapshot', snapshot.sha256),
      title: markupLine(`Snapshot ${snapshot.sha256.slice(0, 12)} collected ${snapshot.collectedAt}`),
      props: [
        ...prop('snapshot-sha256', snapshot.sha256),
        ...prop('collected-at', snapshot.collectedAt),
        ...snapshot.sources.flatMap((s, i) => {
          const group = `source-${i + 1}`;
          return [
            ...prop('source-id', s.id, group),
            ...prop('collector', s.collector, group),
            ...prop('target', s.target, group),
            ...prop('status', s.status, group),
            ...prop('started-at', s.startedAt, group),
            ...prop('finished-at', s.finishedAt, group),
            ...prop('method', s.method, group),
            ...prop('item-count', s.itemCount, group),
            ...(s.queries ?? []).flatMap((q) => prop('query', q, group)),
          ];
        }),
      ],
      rlinks: [{ href: snapshotHref(snapshot.sha256), 'media-type': 'application/json', ...hashes(snapshot.sha256) }],
    })),
    ...results.populations.map((p) => ({
      uuid: populationUuid(p),
      title: markupLine(`Population ${p.id}`),
      description: markup(
        `${p.count} resource(s) of kind ${p.kind}, collected by ${p.source.collector} from ${p.source.target} between ${p.source.startedAt} and ${p.source.finishedAt}.`,
      ),
      props: [
        ...prop('population-id', p.id),
        ...prop('kind', p.kind),
        ...prop('count', p.count),
        ...prop('population-sha256', p.sha256),
        ...prop('snapshot-sha256', p.snapshotSha256),
        ...prop('collector', p.source.collector),
        ...prop('target', p.source.target),
        ...prop('status', p.source.status),
        ...prop('method', p.source.method),
        ...(p.source.queries ?? []).flatMap((q) => prop('query', q)),
      ],
      citation: {
        text: markupLine(`Snapshot ${p.snapshotSha256}`),
        links: [{ href: `#${ids.of('snapshot', p.snapshotSha256)}`, rel: 'reference' }],
      },
      remarks: markup(
        'population-sha256 is the SHA-256 over the sorted lines "<uid> <sha256 of the resource\'s canonical JSON>\\n" of this population\'s resources in the snapshot.',
      ),
    })),
    ...results.waivers.map((w) => ({
      uuid: waiverResourceUuid(w),
      title: markupLine(`Waiver ${w.id} (${w.state}) for ${w.rule}`),
      description: markup(w.reason),
      props: [
        ...prop('waiver-id', w.id),
        ...prop('waiver-state', w.state),
        ...prop('rule', w.rule),
        ...prop('selector', JSON.stringify(w.selector)),
        ...prop('approver', w.approver),
        ...prop('ticket', w.ticket),
        ...prop('expires', w.expires),
        ...prop('origin', w.origin),
        ...w.findings.flatMap((fp) => prop('finding-fingerprint', fp)),
      ],
      ...(w.message ? { remarks: markup(w.message) } : {}),
    })),
  ];

  const s = results.summary;
  const document = {
    'assessment-results': {
      uuid: ids.of('document'),
      metadata: {
        title: markupLine(options.title ?? 'assay compliance assessment results'),
        'last-modified': generatedAt,
        version: plain(results.tool.version) ?? 'unknown',
        'oscal-version': OSCAL_VERSION,
        props: [
          ...prop('tool', results.tool.name),
          ...prop('tool-version', results.tool.version),
          ...prop('bundle-sha256', results.tool.bundleSha256),
          ...prop('results-schema', results.schema),
          ...provenanceProps(results),
        ],
      },
      'import-ap': {
        href: `#${planUuid}`,
        remarks: markup(
          'assay does not write an OSCAL assessment plan. This points at the back-matter resource that describes the plan it followed: its policy bundle (by SHA-256) and the frameworks evaluated.',
        ),
      },
      results: [
        {
          uuid: ids.of('result'),
          title: markupLine(options.title ?? 'assay scan'),
          description: markup(
            `Automated evaluation of ${s.resources} resource(s) with ${s.rules} rule(s): ${s.findings} failure(s), ${s.open} open and ${s.waived} accepted by waivers; ${s.gaps} input(s) not read.`,
          ),
          start: starts[0] ?? generatedAt,
          end: generatedAt,
          props: [
            ...prop('resources', s.resources),
            ...prop('rules', s.rules),
            ...prop('findings', s.findings),
            ...prop('open', s.open),
            ...prop('waived', s.waived),
            ...prop('gaps', s.gaps),
          ],
          'local-definitions': {
            components: [
              {
                uuid: toolUuid,
                type: 'software',
                title: 'assay',
                description: markup('assay, the policy-as-code compliance scanner that produced these results.'),
                props: [
                  ...prop('tool-version', results.tool.version),
                  ...prop('bundle-sha256', results.tool.bundleSha256),
                ],
                status: { state: 'operational' },
              },
            ],
            ...some('inventory-items', inventory),
          },
          'reviewed-controls': { 'control-selections': controlSelections },
          ...some('observations', [...ruleObservations, ...gapObservations, ...undetermined]),
          ...some('risks', risks),
          ...some('findings', findings),
        },
      ],
      'back-matter': { resources: backMatter },
    },
  };
  return document;
}

// \u-escaped so the file stays inert when pasted into HTML or script; JSON readers see the same strings.
// Character by character, so it applies to the pieces of a streamed document as to the whole.
function escapeInert(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function renderOscal(results: Results, options: OscalOptions = {}): string {
  return `${escapeInert(JSON.stringify(oscalDocument(results, options), null, 2))}\n`;
}

/** The same bytes as renderOscal, written piece by piece (it lists every resource in scope per rule). */
export function writeOscal(results: Results, options: OscalOptions, sink: TextSink): void {
  // Subjects sit at depth 6 (assessment-results.results[].observations[].subjects).
  writeJson({ write: (piece) => sink.write(escapeInert(piece)) }, oscalDocument(results, options), 2, 6);
  sink.write('\n');
}
