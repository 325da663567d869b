// Normalized properties per kind. A property the source does not state is absent (never guessed);
// a value filled from a documented provider default is listed in Resource.defaulted.
// The JSON Schemas in ./schemas/ are the authority; these types mirror them (a test keeps them in step).

export const KINDS = [
  'storage.bucket',
  'storage.container',
  'compute.disk',
  'compute.disk_encryption_default',
  'database.instance',
  'network.firewall',
  'network.vpc',
  'network.flow_log',
  'loadbalancer.listener',
  'iam.policy',
  'identity.user',
  'identity.group',
  'identity.password_policy',
  'logging.trail',
  'logging.log_group',
  'crypto.key',
  'host.ssh',
  'host.os',
  'host.service',
  'k8s.workload',
  'iac.file',
  'k8s.cluster',
  'storage.snapshot',
  'network.device',
] as const;

export type Kind = (typeof KINDS)[number];

export interface TlsSettings {
  /** Only encrypted (HTTPS/TLS) connections are accepted. */
  required?: boolean;
  /** Lowest TLS protocol version accepted, as "1.0", "1.1", "1.2" or "1.3". */
  minVersion?: string;
}

export interface StoragePublicAccess {
  /** A canned ACL or grant gives access to everyone (AllUsers / AuthenticatedUsers). */
  aclPublic?: boolean;
  /** A bucket policy allows a wildcard principal without a restricting condition. */
  policyPublic?: boolean;
  blockPublicAcls?: boolean;
  ignorePublicAcls?: boolean;
  blockPublicPolicy?: boolean;
  restrictPublicBuckets?: boolean;
  /** Azure: the account allows anonymous (public) blob access to be enabled on containers. */
  anonymousAccessAllowed?: boolean;
}

export interface StorageBucketProps {
  encryption?: { enabled: boolean; algorithm?: string; kmsKeyId?: string };
  publicAccess?: StoragePublicAccess;
  versioning?: { enabled: boolean; mfaDelete?: boolean };
  accessLogging?: { enabled: boolean; target?: string };
  tls?: TlsSettings;
  /** Azure: which networks reach the account's endpoints. */
  networkAccess?: {
    /** Public network access is on (publicNetworkAccess "Enabled", public_network_access_enabled). */
    publicEnabled?: boolean;
    /** What the network rules do with traffic no rule names (networkAcls.defaultAction): "allow" admits every network. */
    defaultAction?: 'allow' | 'deny';
  };
}

export interface StorageContainerProps {
  /** Anonymous read access level: none, blob (objects) or container (objects and listing). */
  anonymousAccess?: 'none' | 'blob' | 'container';
  parent?: string;
}

export interface ComputeDiskProps {
  encryption?: { enabled: boolean; kmsKeyId?: string };
  sizeGb?: number;
  attachedTo?: string;
}

/** A region's setting that encrypts every new block volume (EBS encryption by default). */
export interface ComputeDiskEncryptionDefaultProps {
  enabled: boolean;
  /** The key new volumes are encrypted with; AWS's managed key (alias/aws/ebs) when not set. */
  kmsKeyId?: string;
}

export interface DatabaseInstanceProps {
  engine?: string;
  /** The cluster this instance belongs to (Aurora): its storage encryption and backups are the cluster's. */
  clusterId?: string;
  /** The source instance of a read replica (RDS), or the reference naming it: the replica's data is backed up there. */
  replicaOf?: string;
  /**
   * The logical server this database is reached through (Azure SQL): its public network access and
   * firewall rules are the server's, judged on the server, not repeated on each database.
   */
  serverId?: string;
  publiclyAccessible?: boolean;
  encryption?: { enabled: boolean; kmsKeyId?: string };
  backupRetentionDays?: number;
  deletionProtection?: boolean;
  tls?: TlsSettings;
  /** Server-level firewall rules (Azure SQL, etc.) as CIDR-like start/end ranges. */
  firewallRules?: { name?: string; startIp: string; endIp: string; line?: number }[];
}

export interface FirewallRule {
  name?: string;
  direction: 'ingress' | 'egress';
  action: 'allow' | 'deny';
  /** Lower-case protocol name ("tcp", "udp", "icmp", "icmpv6") or "all". */
  protocol: string;
  /** Port ranges the rule covers; [{from: 0, to: 65535}] when it covers every port. */
  ports: { from: number; to: number }[];
  /** Peer addresses as written: CIDRs ("0.0.0.0/0", "::/0") or service tags ("*", "Internet", "any"). */
  sources: string[];
  destinations?: string[];
  /** Azure NSG / firewall rule order: lower is evaluated first. Device rules: 1-based position (first match wins). */
  priority?: number;
  line?: number;
  /** Device rules: source port ranges when the rule restricts them (`ports` are destination ports). */
  sourcePorts?: { from: number; to: number }[];
  /** Device rules: matching traffic is logged (false when the rule states no logging). */
  logging?: boolean;
  /** Device rules: false when the rule is disabled or inactive (it matches nothing). */
  enabled?: boolean;
  /** Device rules: the rule as written (one config line, or a summary of an XML/JSON rule), for evidence. */
  text?: string;
  /** Device rules: an earlier rule that matches every packet this one matches, so this one never applies. */
  shadowedBy?: { priority: number; name?: string; text?: string; reason: string };
  /** Device rules: a peer (object, group, set) that could not be resolved; the rule's match is unknown. */
  unresolved?: string[];
  /** Device rules: matches the other fields cannot express (connection state, interface, negations); the rule matches less than its fields say. */
  conditions?: string[];
}

export interface NetworkFirewallProps {
  rules: FirewallRule[];
  /** What happens to traffic no rule matches. */
  defaultIngressAction?: 'allow' | 'deny';
  attachedTo?: string[];
  /** Device rulebases: evaluated in order, first match wins (ACLs, chains, security rulebases). */
  firstMatch?: boolean;
  /** Device rulebases: the direction of the traffic the rulebase filters. */
  direction?: 'ingress' | 'egress';
  /** Device rulebases: the chain, ACL or rulebase name and where it is bound (hook, interface and direction, zones). */
  binding?: {
    table?: string;
    chain?: string;
    hook?: string;
    interface?: string;
    direction?: 'in' | 'out';
    fromZones?: string[];
    toZones?: string[];
  }[];
}

/**
 * One ordered device rulebase (an ACL in one direction, a chain, a security rulebase) as vendor
 * parsers in src/providers/ hand it to the firewall collector, which makes it a network.firewall.
 */
export interface DeviceRulebase {
  /** Unique within its file: "acl/OUTSIDE_IN/in", "ipv4/filter/INPUT", "vsys/vsys1/security". */
  id: string;
  name: string;
  nativeType: string;
  line: number;
  rules: FirewallRule[];
  direction: 'ingress' | 'egress';
  /** What happens to traffic no rule matches, when the source states it or the vendor documents it. */
  defaultAction?: 'allow' | 'deny';
  attachedTo: string[];
  binding: NonNullable<NetworkFirewallProps['binding']>;
}

export interface NetworkVpcProps {
  cidrBlocks?: string[];
  /** Whether at least one flow log captures this network's traffic (resolved across resources). */
  flowLogsEnabled?: boolean;
  flowLogs?: string[];
}

export interface NetworkFlowLogProps {
  enabled?: boolean;
  retentionDays?: number;
  trafficType?: string;
  target?: string;
}

export interface LoadbalancerListenerProps {
  protocol?: string;
  port?: number;
  /** The listener's default action redirects plain HTTP to HTTPS. */
  redirectsToHttps?: boolean;
  sslPolicy?: string;
  tls?: TlsSettings;
}

export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: string[];
  /** The statement carries conditions that narrow it. */
  hasCondition?: boolean;
  /** Condition keys the statement uses, e.g. "aws:SecureTransport", "aws:MultiFactorAuthPresent". */
  conditionKeys?: string[];
  line?: number;
}

export interface IamPolicyProps {
  statements: PolicyStatement[];
  /** Who or what carries the policy: user, group, role ids, or scopes for Azure role definitions. */
  attachedTo?: string[];
  managedBy?: 'provider' | 'customer' | 'inline';
}

export interface IdentityUserProps {
  enabled?: boolean;
  isRoot?: boolean;
  mfaEnabled?: boolean;
  consoleAccess?: boolean;
  accessKeys?: { id?: string; active: boolean; lastUsed?: string; createdAt?: string }[];
  passwordLastSet?: string;
  lastLogon?: string;
  passwordNeverExpires?: boolean;
  passwordNotRequired?: boolean;
  preAuthNotRequired?: boolean;
  reversibleEncryption?: boolean;
  trustedForDelegation?: boolean;
  servicePrincipalNames?: string[];
  adminCount?: number;
  groups?: string[];
  /** A person's or service's account, or a computer's machine account (AD). */
  accountType?: 'user' | 'computer';
  /** A domain controller's machine account (AD SERVER_TRUST_ACCOUNT). */
  isDomainController?: boolean;
  /** Member (directly or through nested groups) of a privileged group, or marked adminCount=1. */
  privileged?: boolean;
  /** Ages in whole days at collection time: policies cannot read the clock, collectors can. */
  passwordAgeDays?: number;
  /** Numeric user id (Linux). */
  uid?: number;
  /** Login shell (Linux); nologin/false allow no interactive logon. */
  shell?: string;
  /** The password is locked or unset (Linux shadow `!` or `*`): no password logon. */
  passwordLocked?: boolean;
  /** Absent when the account never logged on (see neverLoggedOn). */
  daysSinceLastLogon?: number;
  neverLoggedOn?: boolean;
  accountAgeDays?: number;
}

export interface IdentityGroupProps {
  members?: string[];
  /** Members after expanding nested groups, as user uids. */
  effectiveMembers?: string[];
  privileged?: boolean;
  memberCount?: number;
  /** Uids of groups that are members, directly or nested. */
  nestedGroups?: string[];
  /** The nested groups that are themselves privileged (Domain Admins inside Administrators is AD's default). */
  nestedPrivilegedGroups?: string[];
  /** Effective members (user uids) whose accounts are disabled. */
  disabledMembers?: string[];
}

export interface IdentityPasswordPolicyProps {
  scope?: 'account' | 'domain' | 'fine-grained' | 'host';
  minLength?: number;
  /** Number of previous passwords that cannot be reused. */
  historySize?: number;
  /** 0 means passwords never expire. */
  maxAgeDays?: number;
  minAgeDays?: number;
  requireUppercase?: boolean;
  requireLowercase?: boolean;
  requireNumbers?: boolean;
  requireSymbols?: boolean;
  complexity?: boolean;
  lockoutThreshold?: number;
  /** 0 means locked until an administrator unlocks the account. */
  lockoutDurationMinutes?: number;
  /** Window in which failed attempts are counted. */
  lockoutObservationMinutes?: number;
  appliesTo?: string[];
  /** Fine-grained policies: lower wins (msDS-PasswordSettingsPrecedence). */
  precedence?: number;
}

export interface LoggingTrailProps {
  enabled?: boolean;
  multiRegion?: boolean;
  /** Events of global services (IAM, STS, CloudFront) are recorded too. */
  globalServiceEvents?: boolean;
  logFileValidation?: boolean;
  encryption?: { enabled: boolean; kmsKeyId?: string };
  /** 0 means kept indefinitely. */
  retentionDays?: number;
  managementEvents?: boolean;
  destination?: string;
  /** Key prefix under which the trail writes its log files in its bucket (they go to <prefix>/AWSLogs/). */
  destinationPrefix?: string;
  /**
   * The storage.bucket the trail delivers its logs to, joined when the snapshot is built (same
   * collector run), with the facts its rules read copied from it; absent when it is not among the
   * scanned resources (the trail then lists `bucket` as unknown, with the reason).
   */
  bucket?: {
    uid: string;
    publicAccess?: StoragePublicAccess;
    /** As StorageBucketProps.versioning of that bucket. */
    versioning?: { enabled: boolean; mfaDelete?: boolean };
  };
}

export interface LoggingLogGroupProps {
  /** 0 means kept indefinitely (no expiry). */
  retentionDays?: number;
  encryption?: { enabled: boolean; kmsKeyId?: string };
}

export interface CryptoKeyProps {
  enabled?: boolean;
  rotationEnabled?: boolean;
  rotationPeriodDays?: number;
  /** e.g. SYMMETRIC_DEFAULT, RSA_2048; rotation applies to symmetric keys only in AWS KMS. */
  keySpec?: string;
  usage?: string;
}

export interface HostSshProps {
  permitRootLogin?: string;
  passwordAuthentication?: boolean;
  permitEmptyPasswords?: boolean;
  maxAuthTries?: number;
  ciphers?: string[];
  macs?: string[];
  kexAlgorithms?: string[];
  x11Forwarding?: boolean;
  loginGraceTimeSeconds?: number;
  clientAliveIntervalSeconds?: number;
  kbdInteractiveAuthentication?: boolean;
  /** Unanswered keepalives after which sshd disconnects; 0 disables the disconnect (OpenSSH 8.2+). */
  clientAliveCountMax?: number;
}

export interface HostOsProps {
  family?: string;
  name?: string;
  version?: string;
  kernel?: string;
  packagesPendingSecurityUpdates?: number;
  /** Packages with a pending security update (at most 200 listed). */
  pendingSecurityPackages?: string[];
  /** Hardening-relevant kernel parameters as sysctl prints them. */
  sysctl?: Record<string, string>;
  timeSync?: { synchronized?: boolean; ntpEnabled?: boolean; source?: 'timedatectl' | 'chrony' };
  /** enabled: the kernel audit subsystem is on (auditctl -s enabled 1 or 2). */
  auditd?: { running?: boolean; enabled?: boolean; rules?: string[] };
  sensitiveFiles?: { path: string; mode: string; owner: string; group: string }[];
  firewall?: {
    /** Policies of nftables base chains on the input hook. */
    nftInputPolicies?: string[];
    iptablesInputPolicy?: 'ACCEPT' | 'DROP';
    /** Linux: each input or prerouting base chain's default (first rule matching every packet, else its policy). */
    inputChains?: {
      tool: 'nft' | 'iptables-save';
      chain: string;
      policy?: 'allow' | 'deny';
      decidedBy: string;
      action?: 'allow' | 'deny';
    }[];
    /** What happens to inbound traffic no narrower rule decides (Linux: any input chain denying
     * it; Windows: every firewall profile on and blocking it); absent when not known. */
    defaultInputAction?: 'allow' | 'deny';
  };
  /** sudoers rules that grant every command. */
  sudoAllGrants?: { principal: string; noPassword: boolean; file: string; line: number }[];
  /** Windows settings from the assay Windows export. */
  windows?: {
    /** The SMB server accepts SMBv1 (Get-SmbServerConfiguration EnableSMB1Protocol). */
    smb1Enabled?: boolean;
    rdpEnabled?: boolean;
    nlaRequired?: boolean;
    localAdministrators?: string[];
    firewallProfiles?: { name: string; enabled: boolean; defaultInboundAction: string }[];
    /** auditpol subcategory -> inclusion setting. */
    auditPolicy?: Record<string, string>;
    /** auditpol subcategory GUID (upper case, in braces) -> inclusion setting; the same in every display language. */
    auditPolicyByGuid?: Record<string, 'No Auditing' | 'Success' | 'Failure' | 'Success and Failure'>;
    /** The SMBv1 client driver (mrxsmb10) is installed and not disabled (Start is not 4). */
    smb1ClientEnabled?: boolean;
    /** Effective RDP SecurityLayer (Group Policy, else RDP-Tcp): 0 rdp, 1 negotiate, 2 tls. */
    rdpSecurityLayer?: 'rdp' | 'negotiate' | 'tls';
    /** Effective RDP MinEncryptionLevel (Group Policy, else RDP-Tcp): 1 low, 2 client-compatible, 3 high, 4 fips. */
    rdpMinEncryptionLevel?: 'low' | 'client-compatible' | 'high' | 'fips';
    /** secedit [Privilege Rights]: right -> SIDs or names. */
    privilegeRights?: Record<string, string[]>;
  };
}

export interface HostServiceProps {
  enabled?: boolean;
  /** systemctl list-unit-files state (enabled, disabled, masked, static...). */
  unitFileState?: string;
  running?: boolean;
  listening?: { protocol: string; address: string; port: number }[];
}

export interface K8sContainer {
  name: string;
  image?: string;
  /** Image tag as written (absent when the reference has none). */
  imageTag?: string;
  imageDigest?: string;
  /** true for init containers. */
  init?: boolean;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  /** Effective value after the pod-level securityContext is applied. */
  runAsNonRoot?: boolean;
  /** Effective value after the pod-level securityContext is applied. */
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  capabilitiesAdd?: string[];
  limits?: { cpu?: string; memory?: string };
  requests?: { cpu?: string; memory?: string };
  line?: number;
}

export interface K8sWorkloadProps {
  workloadKind: string;
  namespace?: string;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  containers: K8sContainer[];
}

export interface DetectedSecret {
  /** Which detector matched, e.g. "aws-access-key-id", "private-key", "password-attribute". */
  detector: string;
  /** The attribute or key that holds it, when there is one. */
  attribute?: string;
  line?: number;
  /** The value with all but a few characters masked; the clear value is never stored. */
  masked: string;
}

export interface IacFileProps {
  /** 'other': a YAML/JSON file of no modelled format, read only for hardcoded secrets. */
  format: 'terraform' | 'terraform-plan' | 'tfvars' | 'cloudformation' | 'kubernetes' | 'arm' | 'other';
  sha256: string;
  resourceCount: number;
  secrets: DetectedSecret[];
}

/**
 * A managed Kubernetes control plane (EKS, AKS): who can reach its API server. The public
 * endpoint's allowed addresses are ["0.0.0.0/0"] when it admits every address (EKS's default, an
 * AKS cluster without authorized IP ranges).
 */
export interface K8sClusterProps {
  /** The API server has an endpoint reachable from the internet. */
  publicEndpoint?: boolean;
  /** The API server has an endpoint inside the cluster's network. */
  privateEndpoint?: boolean;
  /** Source addresses (CIDRs) the public endpoint admits. */
  publicAccessCidrs?: string[];
  /** The API server's audit log (who did what through the API) is kept: EKS log type "audit", an AKS diagnostic setting with kube-audit. */
  auditLogging?: boolean;
  /** EKS control-plane log types sent to CloudWatch Logs, as written. */
  logTypes?: string[];
  /** Kubernetes secrets are envelope-encrypted with a key the customer manages (EKS encryption_config, AKS KMS etcd encryption). */
  secretsCustomerKey?: boolean;
  /** Kubernetes RBAC authorizes requests to the API server (AKS can turn it off; EKS cannot). */
  rbac?: boolean;
  /** The engine that enforces Kubernetes NetworkPolicy objects (azure, calico, cilium), or "none". */
  networkPolicy?: string;
  /** An admission policy add-on managed with the cluster enforces policies on workloads (AKS Azure Policy add-on). */
  policyEnforcement?: boolean;
  /** Container and node logs and metrics are collected (AKS Container insights: the omsagent add-on or azureMonitorProfile.containerInsights). */
  monitoring?: boolean;
}

/**
 * A point-in-time copy of a disk, a database or a machine image (EBS and RDS snapshots, AMIs):
 * who besides its owner may restore it.
 */
/** A network device's management-plane settings (Cisco IOS running configuration). */
export interface NetworkDeviceProps {
  /**
   * SNMP v1/v2c communities. A community string is a password: only the well-known defaults
   * ("public", "private") are kept by name, any other is recorded without its value.
   */
  snmpCommunities?: {
    wellKnown: 'public' | 'private' | null;
    access?: 'ro' | 'rw';
    restricted: boolean;
    line: number;
  }[];
  /**
   * How the privileged-mode (enable) password is stored, `enable secret` taking precedence as on
   * the device: "secret" (a one-way hash), "type7" (Cisco type 7, reversible), "clear"; absent
   * when the configuration sets neither.
   */
  enablePassword?: { storage: 'secret' | 'type7' | 'clear'; line: number };
}

export interface StorageSnapshotProps {
  /** What it copies. */
  snapshotOf?: 'disk' | 'database' | 'image';
  /** Any account may restore or launch it (shared with "all"). */
  public?: boolean;
  /** Accounts, organizations or groups it is shared with, as written ("all" for everyone). */
  sharedWith?: string[];
  encryption?: { enabled: boolean; kmsKeyId?: string };
}

export interface KindProps {
  'storage.bucket': StorageBucketProps;
  'storage.container': StorageContainerProps;
  'compute.disk': ComputeDiskProps;
  'compute.disk_encryption_default': ComputeDiskEncryptionDefaultProps;
  'database.instance': DatabaseInstanceProps;
  'network.firewall': NetworkFirewallProps;
  'network.vpc': NetworkVpcProps;
  'network.flow_log': NetworkFlowLogProps;
  'loadbalancer.listener': LoadbalancerListenerProps;
  'iam.policy': IamPolicyProps;
  'identity.user': IdentityUserProps;
  'identity.group': IdentityGroupProps;
  'identity.password_policy': IdentityPasswordPolicyProps;
  'logging.trail': LoggingTrailProps;
  'logging.log_group': LoggingLogGroupProps;
  'crypto.key': CryptoKeyProps;
  'host.ssh': HostSshProps;
  'host.os': HostOsProps;
  'host.service': HostServiceProps;
  'k8s.workload': K8sWorkloadProps;
  'iac.file': IacFileProps;
  'k8s.cluster': K8sClusterProps;
  'storage.snapshot': StorageSnapshotProps;
  'network.device': NetworkDeviceProps;
}
