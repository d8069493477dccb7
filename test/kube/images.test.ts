import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../../src/core/errors.js';
import {
  containerImages,
  imagesIn,
  parseImageSubstitutions,
  pinImages,
  pinnedImage,
  rewriteContainerImages,
  substituteImages,
} from '../../src/kube/images.js';
import { parseManifestText } from '../../src/kube/manifests.js';
import { withPodPullSecret } from '../../src/kube/pull-secret.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/kube');
const workloads = () => parseManifestText(readFileSync(path.join(fixtures, 'workloads.yaml'), 'utf8'), path.join(fixtures, 'workloads.yaml'), fixtures);
const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('container images in every workload kind', () => {
  test('containers, init containers and ephemeral containers, in Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs', () => {
    const found = workloads().map((m) => [m.object.kind, containerImages(m.object).map((c) => `${c.list}:${c.container}=${c.image}`)]);
    expect(found).toEqual([
      ['Pod', ['initContainers:setup=app', 'containers:app=app:1.0', 'ephemeralContainers:debug=busybox:1.36']],
      ['Deployment', ['initContainers:migrate=app:1.0', 'containers:app=app:1.0', 'containers:sidecar=docker.io/library/envoy:1.30']],
      ['StatefulSet', ['containers:db=postgres:16']],
      ['DaemonSet', ['initContainers:prepare=app', 'containers:agent=registry.example.com/team/agent:2']],
      ['ReplicaSet', ['containers:app=app:1.0']],
      ['Job', ['containers:task=app:1.0']],
      ['CronJob', ['initContainers:wait=busybox:1.36', 'containers:report=app:1.0']],
      ['ReplicationController', ['containers:legacy=app:0.9']],
      ['ConfigMap', []],
      ['Deployment', []],
    ]);
  });

  test('a kind with a workload name in another API group is not a workload', () => {
    const last = workloads().at(-1)!;
    expect(last.object.apiVersion).toBe('example.com/v1');
    expect(containerImages(last.object)).toEqual([]);
    expect(rewriteContainerImages(last.object, () => 'x')).toEqual(last.object);
  });

  test('rewriting returns copies and leaves the original alone', () => {
    const [pod] = workloads();
    const rewritten = rewriteContainerImages(pod!.object, (image) => `${image}-new`);
    expect(containerImages(rewritten).map((c) => c.image)).toEqual(['app-new', 'app:1.0-new', 'busybox:1.36-new']);
    expect(containerImages(pod!.object).map((c) => c.image)).toEqual(['app', 'app:1.0', 'busybox:1.36']);
  });

  test('the pull secret goes into every pod spec, CronJobs included, once', () => {
    for (const { object } of workloads().slice(0, 8)) {
      const once = withPodPullSecret(object, 'ecr');
      const twice = withPodPullSecret(once, 'ecr');
      expect(JSON.stringify(twice)).toContain('"imagePullSecrets":[{"name":"ecr"}]');
      expect(twice).toEqual(once);
    }
  });
});

describe('substitutions', () => {
  test('replace by repository across kinds (Docker Hub names normalised), including CronJobs and init containers', () => {
    const substitutions = parseImageSubstitutions([`app=registry.example.com/team/app:2.0`, 'busybox@' + DIGEST, 'envoy:1.31']);
    const { manifests, unused } = substituteImages(workloads(), substitutions);
    expect(unused).toEqual([]);
    const images = manifests.map((m) => containerImages(m.object).map((c) => c.image));
    expect(images[0]).toEqual(['registry.example.com/team/app:2.0', 'registry.example.com/team/app:2.0', `busybox@${DIGEST}`]);
    expect(images[1]).toEqual(['registry.example.com/team/app:2.0', 'registry.example.com/team/app:2.0', 'envoy:1.31']);
    expect(images[6]).toEqual([`busybox@${DIGEST}`, 'registry.example.com/team/app:2.0']);
    expect(images[2]).toEqual(['postgres:16']);
  });

  test('a substitution that matches nothing is reported', () => {
    const { unused } = substituteImages(workloads(), parseImageSubstitutions(['redis:7']));
    expect(unused.map((u) => u.entry)).toEqual(['redis:7']);
  });

  test('an invalid image in a manifest names the file, the object and the container', () => {
    const [bad] = parseManifestText(readFileSync(path.join(fixtures, 'manifests/bad-image.yaml'), 'utf8'), path.join(fixtures, 'manifests/bad-image.yaml'), fixtures);
    expect(() => substituteImages([bad!], [])).toThrow(
      new ConfigurationError(
        "Manifest manifests/bad-image.yaml, document 1 (Deployment web): container 'web' has image 'Registry.Example.com/Team/Web:1.0', which is not a valid image reference: the repository name 'Team/Web' must be lower case. Write it as 'registry/repository:tag' or 'registry/repository@sha256:<64 hex digits>', e.g. '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.2.3'.",
      ),
    );
  });
});

describe('pinning', () => {
  test('the pinned form keeps the tag and adds the digest', () => {
    expect(pinnedImage('app:1.0', DIGEST)).toBe(`docker.io/library/app:1.0@${DIGEST}`);
    expect(pinnedImage('registry.example.com/team/agent:2', DIGEST)).toBe(`registry.example.com/team/agent:2@${DIGEST}`);
  });

  test('every occurrence of an image is replaced', () => {
    const pinned = pinImages(workloads(), new Map([['app:1.0', `app:1.0@${DIGEST}`]]));
    expect(imagesIn(pinned)).not.toContain('app:1.0');
    expect(imagesIn(pinned)).toContain(`app:1.0@${DIGEST}`);
  });
});
