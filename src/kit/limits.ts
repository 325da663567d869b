// Safety limits on what one input may cost. A tiny hostile file (an alias bomb, `count =
// 100000000`, a string doubled 40 times) must not hang or exhaust the scan. Each limit is far above
// what real infrastructure code needs; reaching one is a `limit-exceeded` gap naming the file, the
// line and the limit, and the rest of the scan goes on.

/** Largest file read (bytes). The biggest real plans and templates are a few MB; a 10 MB garbage line is not IaC. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Nodes YAML aliases may expand to in one document (located.ts expands them itself, keeping
 * positions). A 9-level alias bomb is 9^9 nodes; real anchors reuse a few dozen.
 */
export const MAX_YAML_ALIAS_NODES = 10_000;

/**
 * YAML aliases a document may expand (the yaml library's maxAliasCount). The yaml library counts an alias by the size of what it
 * expands to, so a 9-level alias bomb stops after a few hundred nodes instead of growing to GB.
 */
export const MAX_YAML_ALIAS_COUNT = 100;

/** Instances one `count` or `for_each` may expand to. Real fleets declared in Terraform stay in the hundreds. */
export const MAX_RESOURCE_INSTANCES = 1_000;

/**
 * Module instances in one root module, the product of nested count/for_each fan-out, computed
 * before expansion (three nested `count = 10000` would otherwise mean 10^12 evaluations).
 */
export const MAX_MODULE_INSTANCES = 1_000;

/** Terraform resource instances read from sources in one scan (every module instance included); a valid 20,000-file tree holds 240,000. */
export const MAX_TERRAFORM_RECORDS = 500_000;

/** Longest string an HCL expression may build (characters); `x = "${x}${x}"` 40 times is 2^40 characters. */
export const MAX_STRING_LENGTH = 1024 * 1024;

/** Longest list or most keys an HCL expression may build (range(1e9), a doubled concat). */
export const MAX_COLLECTION_LENGTH = 100_000;

/**
 * Deepest syntax tree read from an HCL file, in tree-sitter nodes (one nesting level of a block or
 * an object is 2 to 4 nodes). Terraform code nests a few dozen nodes deep; the recursive converter
 * and evaluator would overflow the stack on 5,000-deep blocks or 50,000 parentheses.
 */
export const MAX_NESTING_DEPTH = 500;

/** Deepest chain of local module calls; cycles are stopped on their own before this. */
export const MAX_MODULE_DEPTH = 16;
