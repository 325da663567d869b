// Every collector assay has, one line each. `assay collect <id>` is generated from this list, the
// Action collects with its `iac` entry, and an `audit` config names sources by these ids. A new
// source is one folder under src/collectors/ with a collector.ts, plus one line here
// (docs/extending.md).
import { adCollector } from './ad/collector.ts';
import { awsCollector } from './aws/collector.ts';
import { azureCollector } from './azure/collector.ts';
import type { Collector } from './contract.ts';
import { firewallCollector } from './firewall/collector.ts';
import { hostCollector } from './host/collector.ts';
import { iacCollector } from './iac/collector.ts';

export const COLLECTORS: readonly Collector[] = [
  iacCollector, // IaC files: Terraform, plans, CloudFormation, Kubernetes, ARM
  adCollector, // one Active Directory domain over LDAPS
  hostCollector, // Linux hosts locally or over SSH; Windows hosts from exported files
  awsCollector, // AWS accounts: AWS Config and IAM online, or Config snapshot files offline
  firewallCollector, // device and host firewall configurations: iptables, nftables, Cisco, PAN-OS
  azureCollector, // Azure subscriptions: Resource Graph and Azure Policy online, or saved az output offline
];

export function findCollector(id: string, collectors: readonly Collector[] = COLLECTORS): Collector | undefined {
  return collectors.find((c) => c.id === id);
}
