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
echo "== 4. a signing key: a test CA and a P-384 leaf (openssl), standing in for an AWS Signer profile"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -days 30 -sha384 \
  -subj "/C=US/ST=WA/O=drydock demo/CN=drydock demo root" -keyout "$work/ca.key" -out "$work/ca.pem" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -sha384 \
  -subj "/C=US/ST=WA/O=drydock demo/CN=release signer" -keyout "$work/signer.key" -out "$work/signer.csr" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n' >"$work/leaf.ext"
openssl x509 -req -in "$work/signer.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 7 -sha384 \
  -extfile "$work/leaf.ext" -out "$work/signer.pem" 2>/dev/null
cat "$work/signer.pem" "$work/ca.pem" >"$work/chain.pem"
mkdir -p "$work/truststore/x509/ca/demo"
cp "$work/ca.pem" "$work/truststore/x509/ca/demo/"
echo "signer: $(openssl x509 -in "$work/signer.pem" -noout -subject)"

echo
echo "== 5. notation-sign: sign the pushed digest (Notary Project JWS) and store the signature next to it"
drydock notation-sign --images "$image_uri" --key "$work/signer.key" --certificate-chain "$work/chain.pem" \
  --annotations "org.opencontainers.image.source=drydock-demo" --registry-endpoint "https://$DRYDOCK_REGISTRY_TLS"

echo
echo "== 6. verify-signature: strict trust policy over the demo CA, the signer's subject as the trusted identity"
cat >"$work/trustpolicy.json" <<POLICY
{"version": "1.0", "trustPolicies": [{"name": "demo", "registryScopes": ["*"],
  "signatureVerification": {"level": "strict"}, "trustStores": ["ca:demo"],
  "trustedIdentities": ["x509.subject: C=US, ST=WA, O=drydock demo, CN=release signer"]}]}
POLICY
drydock verify-signature --images "$image_uri" --trust-policy "$work/trustpolicy.json" --trust-store "$work/truststore" \
  --registry-endpoint "https://$DRYDOCK_REGISTRY_TLS"

echo
echo "== 7. verify-signature refuses an image nobody signed (fails closed, exit code 1)"
unsigned_uri="$(drydock push-ecr --repository drydock/unsigned --image "oci:$work/oci:v1" --tags v1 \
  --registry-endpoint "https://$DRYDOCK_REGISTRY_TLS" | sed -n 's/^image-uri=//p')"
if drydock verify-signature --images "$unsigned_uri" --trust-policy "$work/trustpolicy.json" --trust-store "$work/truststore" \
  --registry-endpoint "https://$DRYDOCK_REGISTRY_TLS"; then
  echo "error: an unsigned image passed verification" >&2
  exit 1
fi

echo
echo "== 8. deploy-aks-or-eks: verify, pin the tag to its digest, create the ECR pull secret, apply, wait for the rollout"
echo "   (the API server is drydock's in-repo fake on 127.0.0.1: no real Kubernetes runs here)"
node node_modules/typescript/bin/tsc -p bench/deploy.tsconfig.json
node scripts/fake-kube.mjs "$work/kubeconfig" >"$work/fake-kube.out" &
fake_kube=$!
trap 'kill "$fake_kube" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q ready "$work/fake-kube.out" 2>/dev/null && break; sleep 0.1; done
registry_host="${image_uri%%/*}"
cat >"$work/app.yaml" <<MANIFEST
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: demo}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: $registry_host/drydock/demo:v1
          ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: demo}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
MANIFEST
drydock deploy-aks-or-eks --target kubeconfig --kubeconfig "$work/kubeconfig" --manifests "$work/app.yaml" \
  --namespace demo --create-namespace true --verify-images true --trust-policy "$work/trustpolicy.json" \
  --trust-store "$work/truststore" --registry-endpoint "https://$DRYDOCK_REGISTRY_TLS" --timeout 2m

echo
echo "delivered, verified and deployed: $image_uri"
