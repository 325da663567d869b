# METADATA
# title: Container images are pinned to a digest or a fixed version tag
# description: >-
#   Fails for every container and init container whose image has no digest (@sha256:...) and
#   whose tag is absent (which pulls "latest"), is a well-known moving tag (latest, stable, main,
#   master, edge, dev, develop, nightly, canary, current, lts, rolling, mainline, head), or
#   contains no digit at all (e.g. "alpine", "bookworm"), since such a tag follows new releases.
#   A tag with a version number (1.25, v2.3.1, 3.19-alpine) passes. Containers whose image is not
#   stated (e.g. set by a template the collector could not resolve) are not judged. With a
#   moving tag, what runs differs from what was reviewed and scanned, and a compromised
#   registry push reaches production on the next restart.
# custom:
#   id: k8s.immutable_image_tags
#   severity: medium
#   kinds: [k8s.workload]
#   decides:
#     - containers[].image
#     - containers[].imageTag
#     - containers[].imageDigest
#   remediation: >-
#     Reference images by digest (registry/app@sha256:...) or by a release tag that is never
#     reused (registry/app:1.4.2), and let a bot (Renovate, Dependabot) update it. Kubernetes
#     YAML: spec.containers[].image; Terraform kubernetes_deployment / kubernetes_pod:
#     container { image = "registry/app:1.4.2" }. Enable tag immutability in the registry (ECR
#     image_tag_mutability = "IMMUTABLE").
package assay.rules.k8s.immutable_image_tags

import data.assay.lib

moving_tags := {
	"latest", "stable", "main", "master", "edge", "dev", "develop", "nightly",
	"canary", "current", "lts", "rolling", "mainline", "head",
}

in_scope contains r.uid if some r in lib.resources(["k8s.workload"])

deny contains lib.finding_for_item(r, message, concat("", ["containers.", lib.fmt_d(i), ".imageTag"]), object.get(c, "imageTag", null), image_line(r, i, c)) if {
	some r in lib.resources(["k8s.workload"])
	some i, c in lib.k8s_containers(r)
	is_string(c.image)
	not pinned(c)
	message := concat("", [
		lib.fmt_s(lib.k8s_workload_label(r)), " ", lib.fmt_s(lib.k8s_container_label(c)),
		" uses image \"", lib.fmt_s(c.image), "\" ", lib.fmt_s(problem(c)),
	])
}

# The tag is part of the image reference, so point at the line of `image:` when it is known.
image_line(r, i, c) := {"line": object.get(r, ["propLines", concat("", ["containers.", lib.fmt_d(i), ".image"])], object.get(c, "line", null))}

pinned(c) if c.imageDigest != ""

pinned(c) if {
	is_string(c.imageTag)
	not lower(c.imageTag) in moving_tags
	regex.match(`[0-9]`, c.imageTag)
}

problem(c) := concat("", ["with the moving tag \"", lib.fmt_s(c.imageTag), "\""]) if {
	is_string(c.imageTag)
} else := "with no tag, which pulls \"latest\""
