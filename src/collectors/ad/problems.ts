// Attribute values the collector could not use, counted per object type and attribute so one gap
// says how many objects are affected, instead of one gap per object.
import type { Kind } from '../../model/kinds.ts';
import type { Gap } from '../../model/resource.ts';

interface Tally {
  kind: Kind;
  nativeType: string;
  attribute: string;
  count: number;
  example?: string;
  /** The first few objects affected (DNs), so an auditor can tell which ones are unknown. */
  objects: string[];
}

const OBJECTS_NAMED = 5;

export class AttributeProblems {
  private readonly missingTallies = new Map<string, Tally>();
  private readonly malformedTallies = new Map<string, Tally>();
  private readonly objects = new Map<string, number>();

  constructor(readonly endpoint: string) {}

  /** Counts one object read of this native type (the denominator in gap messages). */
  seen(nativeType: string): void {
    this.objects.set(nativeType, (this.objects.get(nativeType) ?? 0) + 1);
  }

  /** An attribute every object of the type has was absent: AD omits what the account may not read. */
  missing(kind: Kind, nativeType: string, attribute: string, object: string): void {
    this.bump(this.missingTallies, { kind, nativeType, attribute }, undefined, object);
  }

  /** A value that could not be parsed; `example` names the object and the value's problem. */
  malformed(kind: Kind, nativeType: string, attribute: string, example: string): void {
    this.bump(this.malformedTallies, { kind, nativeType, attribute }, example);
  }

  private bump(
    map: Map<string, Tally>,
    key: Pick<Tally, 'kind' | 'nativeType' | 'attribute'>,
    example?: string,
    object?: string,
  ): void {
    const id = `${key.nativeType}\u0000${key.attribute}`;
    const tally = map.get(id) ?? { ...key, count: 0, example, objects: [] };
    tally.count += 1;
    if (object !== undefined && tally.objects.length < OBJECTS_NAMED) tally.objects.push(object);
    map.set(id, tally);
  }

  toGaps(): Gap[] {
    const named = (t: Tally) =>
      `${t.objects.join('; ')}${t.count > t.objects.length ? `; and ${t.count - t.objects.length} more` : ''}`;
    const of = (t: Tally) => `${t.count} of ${this.objects.get(t.nativeType) ?? t.count} ${t.nativeType} objects`;
    const missing = [...this.missingTallies.values()].map(
      (t): Gap => ({
        reason: 'permission-denied',
        message: `${t.attribute} was absent on ${of(t)} (${named(t)}); every such object has it, so the bind account may not read it. The properties it decides are left unknown on those objects.`,
        endpoint: this.endpoint,
        permission: `read ${t.attribute}`,
        kinds: [t.kind],
      }),
    );
    const malformed = [...this.malformedTallies.values()].map(
      (t): Gap => ({
        reason: 'parse-error',
        message: `${t.attribute} could not be read on ${of(t)} (e.g. ${t.example}); the properties it decides are left unknown on those objects.`,
        endpoint: this.endpoint,
        kinds: [t.kind],
      }),
    );
    return [...missing, ...malformed];
  }
}
