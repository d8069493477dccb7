// The comparison behind the least-privilege check: what the test suite recorded (aws-operation-recorder.setup.ts)
// against action-templates/iam/<action>.json. Plain CommonJS so that the jest reporter can load it without a
// transform; test/iam/recorder-check.test.ts covers it with fixture records and policies.
'use strict';
const { existsSync, readFileSync, readdirSync } = require('node:fs');
const path = require('node:path');

/** `ECRClient` + `DescribeRepositoriesCommand` -> `ecr:DescribeRepositories`: the SDK's names are IAM's for these services. */
function sdkPermission(client, command) {
  if (!/^[A-Za-z0-9]+Client$/.test(client) || !/^[A-Za-z0-9]+Command$/.test(command)) return undefined;
  return `${client.slice(0, -'Client'.length).toLowerCase()}:${command.slice(0, -'Command'.length)}`;
}

/**
 * The ECR permission that authorises a Docker Registry HTTP API request, as ECR documents them ("required IAM
 * permissions for pushing / pulling an image"; the referrers API needs ecr:BatchGetImage). `[]` for requests that need
 * none (the /v2/ ping); undefined for a request this table does not know, which the check reports, so that a new kind
 * of request cannot slip past it.
 */
function registryPermissions(method, pathname) {
  const bare = pathname.split('?')[0];
  if (bare === '/v2/' || bare === '/v2') return [];
  if (/^\/v2\/.+\/manifests\/[^/]+$/.test(bare)) {
    if (method === 'GET' || method === 'HEAD') return ['ecr:BatchGetImage'];
    if (method === 'PUT') return ['ecr:PutImage'];
    if (method === 'DELETE') return ['ecr:BatchDeleteImage'];
  }
  if (/^\/v2\/.+\/blobs\/uploads\/?[^/]*$/.test(bare)) {
    if (method === 'POST') return ['ecr:InitiateLayerUpload'];
    if (method === 'PATCH') return ['ecr:UploadLayerPart'];
    // A PUT may carry the last (or only) chunk: it is authorised as an upload part and as the completion.
    if (method === 'PUT') return ['ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];
    if (method === 'GET') return ['ecr:InitiateLayerUpload'];
    // Cancelling an unused session (notation-sign) is best effort: ECR has no IAM action for it, and a refusal is
    // ignored, so the policy needs nothing for it.
    if (method === 'DELETE') return [];
  }
  if (/^\/v2\/.+\/blobs\/[a-z0-9]+:[a-f0-9]+$/.test(bare)) {
    if (method === 'HEAD') return ['ecr:BatchCheckLayerAvailability'];
    if (method === 'GET') return ['ecr:GetDownloadUrlForLayer'];
  }
  if (/^\/v2\/.+\/tags\/list$/.test(bare) && method === 'GET') return ['ecr:ListImages'];
  if (/^\/v2\/.+\/referrers\/[^/]+$/.test(bare) && method === 'GET') return ['ecr:BatchGetImage'];
  return undefined;
}

/**
 * Registry requests the policies grant nothing for, whatever registry a test sent them to. A request matches by method,
 * path and a frame of the module that sends it; the same request from anywhere else is checked as usual.
 * - notation-sign's tag listing (ReferrersTagListing in src/oci/referrers.ts) is never sent to ECR: it skips ECR hosts,
 *   which have the referrers API ("no tag listing on ECR" in test/actions/notation-sign/main.test.ts).
 * - A failed referrers push deleting its manifest again (withdrawnAfter in src/oci/referrers.ts) happens only where
 *   the tag index is written, on registries without the referrers API, which ECR is not. It is best effort: a refused
 *   delete is reported with the manifest left behind, and a signing role needs no right to delete images.
 */
const NOT_GRANTED = [
  { method: 'GET', path: /^\/v2\/.+\/tags\/list$/, frame: 'src/oci/referrers.ts' },
  { method: 'DELETE', path: /^\/v2\/.+\/manifests\/[^/]+$/, frame: 'src/oci/referrers.ts' },
];

function notGranted(record) {
  const bare = String(record.path).split('?')[0];
  return NOT_GRANTED.some((rule) => rule.method === record.method && rule.path.test(bare) && (record.frames || []).includes(rule.frame));
}

/**
 * Which action owns a source file: each action's folder, and the domain modules that exactly one action uses. Shared
 * modules (src/oci, src/notation, src/aws, src/azure, src/core, src/actions/shared) are owned by none.
 */
const OWNERS = [
  [/^src\/actions\/(?!shared\/)([^/]+)\//, (match) => match[1]],
  [/^src\/nodegroups\//, () => 'rollout-nodegroups'],
  [/^src\/imagebuilder\//, () => 'build-harden-ami'],
  [/^src\/kube\//, () => 'deploy-aks-or-eks'],
];
/** Entry points every action run passes through, whichever action it is. */
const RUNNERS = [/^src\/core\/action\.ts$/, /^src\/cli\.ts$/];

function ownerOf(frame) {
  for (const [pattern, name] of OWNERS) {
    const match = pattern.exec(frame);
    if (match) return name(match);
  }
  return undefined;
}

/** The action a test file exercises: test/actions/<action>/… and test/iam/<action>/…. */
function actionOfTestFile(testFile) {
  const parts = String(testFile || '').split('/');
  return (parts[1] === 'actions' || parts[1] === 'iam') && parts.length > 3 ? parts[2] : null;
}

/**
 * The action whose code made the call, or null for a call the test made itself through shared modules (pushing a test
 * image with the registry client, reading back a manifest) or whose stack does not say.
 *
 * Going outwards from the call, the src/ frames before the first test/ frame are the work the test started (all of
 * them when the stack reaches no test: async stacks are cut where a promise was started elsewhere, such as a pool or a
 * memoised upload). The outermost frame an action owns names it: a verify-signature test that signs its images with
 * the notation-sign action records those calls as notation-sign's, a node group test's calls through src/nodegroups
 * are rollout-nodegroups'. Without such a frame, executeAction or the CLI on the stack means the test file's action.
 */
function attribute(record) {
  const frames = record.frames || [];
  const firstTest = frames.findIndex((frame) => frame.startsWith('test/'));
  const started = firstTest === -1 ? frames : frames.slice(0, firstTest);
  const owners = started.map(ownerOf).filter(Boolean);
  if (owners.length > 0) return owners[owners.length - 1];
  if (started.some((frame) => RUNNERS.some((runner) => runner.test(frame)))) return actionOfTestFile(record.testFile);
  return null;
}

/** Every record line of every worker's file in `directory`. */
function readRecords(directory) {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(path.join(directory, name), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** The permissions a policy document allows, `Allow` statements only (drydock's policies never use NotAction). */
function policyPermissions(policy) {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return new Set(
    statements.filter((statement) => statement && statement.Effect === 'Allow').flatMap((statement) => [].concat(statement.Action || [])),
  );
}

/**
 * Compares, per action, the permissions the recorded operations need (plus those AWS authorises implicitly alongside a
 * recorded one, from `implied`) with the policy's. Returns the per-action sets and the problems found:
 * - missing: needed by a recorded operation, not granted;
 * - unused: granted, never needed by anything recorded for that action;
 * - noPolicy: an action with recorded operations and no policy file;
 * - unmapped: records the tables above cannot turn into a permission.
 */
function compare({ records, policies, implied }) {
  const needed = new Map();
  const unmapped = [];
  const need = (action, permission, because) => {
    if (!needed.has(action)) needed.set(action, new Map());
    const reasons = needed.get(action);
    if (!reasons.has(permission)) reasons.set(permission, because);
  };
  let cutShort = 0;
  for (const raw of records) {
    const action = attribute(raw);
    if (!action) {
      if (!(raw.frames || []).some((frame) => frame.startsWith('test/'))) cutShort++;
      continue;
    }
    const record = { ...raw, action };
    const because = `${record.testFile} (${(record.frames || [])[0]})`;
    if (record.kind === 'sdk') {
      const permission = sdkPermission(record.client, record.command);
      if (permission) need(record.action, permission, because);
      else unmapped.push(`${record.action}: SDK call ${record.client}.${record.command}`);
    } else if (record.kind === 'registry') {
      if (notGranted(record)) continue;
      const permissions = registryPermissions(record.method, record.path);
      if (permissions === undefined) unmapped.push(`${record.action}: registry request ${record.method} ${record.path}`);
      else for (const permission of permissions) need(record.action, permission, because);
    }
  }
  for (const [action, reasons] of needed) {
    for (const rule of implied) {
      if (reasons.has(rule.when)) need(action, rule.also, `implied by ${rule.when}: ${rule.because}`);
    }
  }
  const problems = { missing: [], unused: [], noPolicy: [], unmapped, cutShort };
  const actions = new Set([...needed.keys(), ...Object.keys(policies)]);
  for (const action of [...actions].sort()) {
    const wanted = needed.get(action) || new Map();
    const policy = policies[action];
    if (!policy) {
      problems.noPolicy.push(action);
      continue;
    }
    const granted = policyPermissions(policy);
    for (const [permission, because] of wanted) if (!granted.has(permission)) problems.missing.push({ action, permission, because });
    for (const permission of granted) if (!wanted.has(permission)) problems.unused.push({ action, permission });
  }
  return { needed, problems };
}

/**
 * The policies of the JavaScript actions. A composite action's policy is not compared with recordings (composites run
 * only in a runner); test/iam/policies.test.ts checks it against its steps' policies instead.
 */
function loadPolicies(root) {
  const directory = path.join(root, 'action-templates', 'iam');
  const policies = {};
  if (!existsSync(directory)) return policies;
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.json'))) {
    const name = file.slice(0, -'.json'.length);
    const metadata = path.join(root, 'actions', name, 'action.yml');
    if (existsSync(metadata) && /^\s*using:\s*['"]?composite/m.test(readFileSync(metadata, 'utf8'))) continue;
    policies[name] = JSON.parse(readFileSync(path.join(directory, file), 'utf8'));
  }
  return policies;
}

function loadImplied(root) {
  return JSON.parse(readFileSync(path.join(root, 'test', 'fixtures', 'iam', 'implied-permissions.json'), 'utf8')).rules;
}

/** The report printed after the run; empty problems mean the policies are exactly what the suite saw the actions use. */
function formatReport({ needed, problems }) {
  const lines = ['IAM policies against the AWS operations the test suite recorded:'];
  for (const [action, reasons] of [...needed].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${action}: ${[...reasons.keys()].sort().join(', ')}`);
  }
  for (const { action, permission, because } of problems.missing) {
    lines.push(`  MISSING ${permission} in action-templates/iam/${action}.json: called from ${because}`);
  }
  for (const { action, permission } of problems.unused) {
    lines.push(`  UNUSED  ${permission} in action-templates/iam/${action}.json: granted, but no test of ${action} calls it (add a test that does, or remove it)`);
  }
  for (const action of problems.noPolicy) lines.push(`  NO POLICY action-templates/iam/${action}.json, but ${action} calls AWS`);
  if (problems.cutShort > 0) lines.push(`  (${problems.cutShort} recorded calls through shared modules had a stack cut short of any action or test, and were not attributed)`);
  for (const text of problems.unmapped) lines.push(`  UNMAPPED ${text}: teach test/support/aws-operation-recorder.check.cjs its permission`);
  return lines.join('\n');
}

const hasProblems = ({ problems }) =>
  problems.missing.length + problems.unused.length + problems.noPolicy.length + problems.unmapped.length > 0;

module.exports = { attribute, actionOfTestFile, sdkPermission, registryPermissions, readRecords, policyPermissions, compare, loadPolicies, loadImplied, formatReport, hasProblems };
