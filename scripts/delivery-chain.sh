#!/usr/bin/env bash
# The delivery chain against the running testbed (scripts/main.sh starts it): moto answers the ECR API, and the TLS
# registry with htpasswd stands in for the ECR registry, accepting moto's ECR token. Runs the committed bundles
# through the drydock CLI, exactly as a workflow step or a CodeCatalyst build step would.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DRYDOCK_REGISTRY_TLS:?start the testbed first (bash scripts/testbed.sh start; source .testbed/env)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
drydock() { node bin/drydock.js "$@"; }

echo "== 1. build a small OCI image (no Docker engine)"
node scripts/demo-image.mjs "$work/oci" v1

echo
echo "== 2. push-ecr: ensure the repository in (moto) ECR, log in with its token, push to the TLS registry"
drydock push-ecr \
  --repository drydock/demo \
  --image "oci:$work/oci:v1" \
  --tags v1,latest \
  --scan-on-push true \
  --lifecycle-policy '{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}' \
  --registry-endpoint "https://$DRYDOCK_REGISTRY_TLS" | tee "$work/push.out"
image_uri="$(sed -n 's/^image-uri=//p' "$work/push.out")"

echo
echo "== 3. push-ecr again: nothing to upload"
drydock push-ecr --repository drydock/demo --image "oci:$work/oci:v1" --tags v1 --scan-on-push true \
  --registry-endpoint "https://$DRYDOCK_REGISTRY_TLS" | grep -E 'uploaded|reused|^digest=' || true

echo
echo "delivered: $image_uri"
