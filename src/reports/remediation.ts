// A rule's remediation covers every platform it applies to ("Terraform (aws): ... CloudFormation:
// ... ARM: ..."). A report about a few resources shows only the parts for the platforms those
// resources come from: the text is cut at sentences that start with a known platform label, and a
// labelled part is dropped only when no resource comes from its platform. Unlabelled sentences and
// labels not known here are always kept, so nothing is lost by a text this does not understand.
import type { FindingResource } from '../model/results.ts';

type Platform =
  | 'terraform-aws'
  | 'terraform-azurerm'
  | 'cloudformation'
  | 'arm'
  | 'kubernetes'
  | 'linux'
  | 'windows'
  | 'ad'
  | 'cisco'
  | 'aws'
  | 'azure';

/** Label at the start of a sentence -> the platforms whose resources it is written for. */
const LABELS: [RegExp, Platform[]][] = [
  [/^Terraform \(aws\):/, ['terraform-aws']],
  [/^Terraform \(azurerm\):/, ['terraform-azurerm']],
  [/^Terraform aws_[^:]*:/, ['terraform-aws']],
  [/^Terraform azurerm_[^:]*:/, ['terraform-azurerm']],
  [/^CloudFormation\b[^:]*:/, ['cloudformation']],
  [/^ARM\b[^:]*:/, ['arm']],
  [/^Kubernetes\b[^:]*:/, ['kubernetes']],
  [/^(Linux|RHEL)\b[^:]*:/, ['linux']],
  [/^Windows\b[^:]*:/, ['windows']],
  [/^Active Directory\b[^:]*:/, ['ad']],
  [/^Cisco\b[^:]*:/, ['cisco']],
];

/** Where a resource comes from, as the labels name platforms; undefined when it cannot be told. */
export function platformOf(
  resource: Pick<FindingResource, 'nativeType' | 'provider' | 'location'>,
): Platform | undefined {
  const { nativeType, provider } = resource;
  const fromFile = resource.location.file !== undefined;
  if (nativeType.startsWith('aws_')) return 'terraform-aws';
  if (nativeType.startsWith('azurerm_')) return 'terraform-azurerm';
  if (nativeType.startsWith('AWS::')) return fromFile ? 'cloudformation' : 'aws';
  if (nativeType.startsWith('Microsoft.')) return fromFile ? 'arm' : 'azure';
  if (provider === 'kubernetes') return 'kubernetes';
  if (provider === 'linux') return 'linux';
  if (provider === 'windows') return 'windows';
  if (provider === 'ad') return 'ad';
  if (provider === 'cisco') return 'cisco';
  return undefined;
}

/** Sentences: cut where a full stop, question or exclamation mark is followed by white space. */
function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=\S)/);
}

/** The remediation for `resources` only; the whole text when any resource's platform is unknown. */
export function remediationFor(
  text: string,
  resources: readonly Pick<FindingResource, 'nativeType' | 'provider' | 'location'>[],
): string {
  const present = new Set<Platform>();
  for (const resource of resources) {
    const platform = platformOf(resource);
    // Live resources (no file) are fixed in whatever tool made them: every part may apply.
    if (platform === undefined || platform === 'aws' || platform === 'azure') return text;
    present.add(platform);
  }
  let keep = true;
  const kept: string[] = [];
  for (const sentence of sentences(text)) {
    const label = LABELS.find(([pattern]) => pattern.test(sentence.trimStart()));
    if (label) keep = label[1].some((platform) => present.has(platform));
    if (keep) kept.push(sentence);
  }
  return kept.join(' ').trim() || text;
}
