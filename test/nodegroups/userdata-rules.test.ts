import { readdirSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { findBootstrapInvocations, retargetBootstrap } from '../../src/nodegroups/userdata/al2-bootstrap.js';
import { retargetNodeConfigs } from '../../src/nodegroups/userdata/al2023-nodeconfig.js';
import { appendParts, newPart, parseMultipart, serializeMultipart } from '../../src/nodegroups/userdata/mime.js';
import { decodeUserData, retargetUserData } from '../../src/nodegroups/userdata/rewrite.js';
import { readCommandWords, shellQuote } from '../../src/nodegroups/userdata/shell-words.js';
import { CLUSTERS, fixturePath, readFixture } from './support/fixtures.js';

const { ipv4, ipv6 } = CLUSTERS;

describe('MIME multipart', () => {
  test.each(readdirSync(fixturePath('userdata')).flatMap((name) => [`${name}/input.txt`, `${name}/expected.txt`]))(
    '%s parses and serializes back byte for byte',
    (file) => {
      const text = readFixture('userdata', file);
      const document = parseMultipart(text);
      if (document) expect(serializeMultipart(document)).toBe(text);
    },
  );

  test('CRLF documents, unquoted boundaries, preamble, epilogue and headerless parts survive a round trip', () => {
    const text = 'Content-Type: multipart/mixed; boundary=//\r\nMIME-Version: 1.0\r\n\r\npreamble\r\n--//\r\n\r\nno headers\r\n--//  \r\nContent-Type: text/x-shellscript\r\n\r\n#!/bin/sh\r\n--//--\r\nepilogue\r\n';
    const document = parseMultipart(text)!;
    expect(document.newline).toBe('\r\n');
    expect(document.parts.map((part) => part.contentType)).toEqual(['text/plain', 'text/x-shellscript']);
    expect(serializeMultipart(document)).toBe(text);
    const added = appendParts(document, [newPart('//', 'text/cloud-config', '#cloud-config\n', '\r\n')]);
    expect(serializeMultipart(added)).toBe(text.replace('--//--', '--//\r\nContent-Type: text/cloud-config\r\n\r\n#cloud-config\r\n--//--'));
  });

  test('a document without a closing delimiter gets one when a part is added', () => {
    const text = 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/x-shellscript\n\n#!/bin/sh\necho hi';
    const added = appendParts(parseMultipart(text)!, [newPart('B', 'text/plain', 'x\n', '\n')]);
    expect(serializeMultipart(added)).toBe(`${text}\n--B\nContent-Type: text/plain\n\nx\n--B--\n`);
  });

  test.each([['#!/bin/bash\necho hi\n'], ['Content-Type: text/plain\n\nhello'], ['MIME-Version: 1.0\nContent-Type: multipart/mixed\n\n--x\n']])(
    'is not multipart: %j',
    (text) => expect(parseMultipart(text)).toBeUndefined(),
  );
});

describe('shell words', () => {
  test('quotes, escapes, expansions and continuations, with offsets into the script', () => {
    const script = `cmd 'a b' "c \\"d\\" $(echo e f)" g\\ h \${X:-y z} \\\n  --k=v $VAR # comment\nnext`;
    const words = readCommandWords(script, 3);
    expect(words.map((word) => [word.value, word.quote, word.bareExpansion])).toEqual([
      ['a b', "'", false],
      ['c "d" $(echo e f)', '"', false],
      ['g h', '', false],
      ['${X:-y z}', '', true],
      ['--k=v', '', false],
      ['$VAR', '', true],
    ]);
    for (const word of words) expect(script.slice(word.start, word.end)).not.toBe('');
    expect(script.slice(words[0]!.start, words[0]!.end)).toBe("'a b'");
  });

  test.each([['; next'], ['&& next'], ['| tee'], [')'], ['\nnext']])('the command ends at %j', (end) => {
    expect(readCommandWords(`x one two ${end} three`, 1).map((word) => word.value)).toEqual(['one', 'two']);
  });

  test.each([
    ['plain-1.2', '', 'plain-1.2'],
    ['has space', '', "'has space'"],
    ["it's", '', `'it'\\''s'`],
    ['x', "'", "'x'"],
    ['$HOME "q"', '"', '"\\$HOME \\"q\\""'],
  ] as const)('shellQuote(%j, %j) is %s', (value, like, expected) => expect(shellQuote(value, like)).toBe(expected));
});

describe('AL2 bootstrap.sh arguments', () => {
  const run = (line: string, cluster = ipv4) => retargetBootstrap(`#!/bin/bash\n${line}\n`, cluster).split('\n')[1];
  const ca = ipv4.certificateAuthority;
  const endpoint = ipv4.endpoint;

  test.each([
    ['a bare call gets every identity argument', '/etc/eks/bootstrap.sh', `/etc/eks/bootstrap.sh --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca} --dns-cluster-ip 10.100.0.10 payments-prod`],
    [
      'the name may come last, after the options',
      `/etc/eks/bootstrap.sh --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca} other`,
      `/etc/eks/bootstrap.sh --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca} payments-prod --dns-cluster-ip 10.100.0.10`,
    ],
    [
      'an option with no value at the end gets one',
      '/etc/eks/bootstrap.sh payments-prod --apiserver-endpoint',
      `/etc/eks/bootstrap.sh payments-prod --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca} --dns-cluster-ip 10.100.0.10`,
    ],
    [
      'an IPv6 service CIDR on an IPv4 cluster is removed, --ip-family set back',
      `/etc/eks/bootstrap.sh payments-prod --ip-family ipv6 --service-ipv6-cidr fd00::/108 --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca}`,
      `/etc/eks/bootstrap.sh payments-prod --ip-family ipv4 --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca} --dns-cluster-ip 10.100.0.10`,
    ],
    [
      'a $EXTRA_ARGS expansion is left alone and not taken for the name',
      `/etc/eks/bootstrap.sh $EXTRA_ARGS "\${CLUSTER_NAME}" --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca} --dns-cluster-ip 10.100.0.10`,
      `/etc/eks/bootstrap.sh $EXTRA_ARGS "payments-prod" --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca} --dns-cluster-ip 10.100.0.10`,
    ],
    [
      'the same cluster keeps its own DNS address (NodeLocal DNSCache)',
      `/etc/eks/bootstrap.sh payments-prod --dns-cluster-ip 169.254.20.10 --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca}`,
      `/etc/eks/bootstrap.sh payments-prod --dns-cluster-ip 169.254.20.10 --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca}`,
    ],
    [
      "another cluster's DNS address is replaced",
      `/etc/eks/bootstrap.sh other --dns-cluster-ip 169.254.20.10 --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca}`,
      `/etc/eks/bootstrap.sh payments-prod --dns-cluster-ip 10.100.0.10 --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca}`,
    ],
    [
      'a call after other commands on the line is found; the rest of the line stays',
      `cd /tmp && /etc/eks/bootstrap.sh other --kubelet-extra-args '--max-pods=20' && echo done`,
      `cd /tmp && /etc/eks/bootstrap.sh payments-prod --kubelet-extra-args '--max-pods=20' --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca} --dns-cluster-ip 10.100.0.10 && echo done`,
    ],
    ['a commented-out call is not a call', '# /etc/eks/bootstrap.sh other', '# /etc/eks/bootstrap.sh other'],
    // The path as another command's argument is not a call: arguments added there would break that command (under
    // errexit, before the real bootstrap line runs).
    ['a sed that patches bootstrap.sh is not a call', "sed -i '/^set -o errexit/a source /etc/environment' /etc/eks/bootstrap.sh", "sed -i '/^set -o errexit/a source /etc/environment' /etc/eks/bootstrap.sh"],
    ['a test of bootstrap.sh is not a call', 'if [ -x /etc/eks/bootstrap.sh ]; then', 'if [ -x /etc/eks/bootstrap.sh ]; then'],
    ['a message naming bootstrap.sh is not a call', 'echo "calling /etc/eks/bootstrap.sh"', 'echo "calling /etc/eks/bootstrap.sh"'],
    [
      'wrappers, their options and assignments may lead a call',
      'B64_CLUSTER_CA=x sudo -E /etc/eks/bootstrap.sh other',
      `B64_CLUSTER_CA=x sudo -E /etc/eks/bootstrap.sh payments-prod --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca} --dns-cluster-ip 10.100.0.10`,
    ],
  ])('%s', (_name, line, expected) => expect(run(line)).toBe(expected));

  test('an IPv6 cluster gets --ip-family ipv6 and its service CIDR; an IPv4 DNS address is re-derived', () => {
    expect(run('/etc/eks/bootstrap.sh edge-v6 --dns-cluster-ip 10.100.0.10', ipv6)).toBe(
      `/etc/eks/bootstrap.sh edge-v6 --dns-cluster-ip fd4e:8d2a:51c0::a --apiserver-endpoint ${ipv6.endpoint} --b64-cluster-ca ${ipv6.certificateAuthority} --ip-family ipv6 --service-ipv6-cidr fd4e:8d2a:51c0::/108`,
    );
  });

  test('every invocation in a script is found, including `bash /etc/eks/bootstrap.sh`', () => {
    expect(findBootstrapInvocations('bash /etc/eks/bootstrap.sh a\nif x; then /etc/eks/bootstrap.sh b; fi\necho /etc/eks/bootstrap.shx\n')).toHaveLength(2);
  });

  test('a script that patches and tests bootstrap.sh before calling it gets the arguments on the call only', () => {
    const script = [
      '#!/bin/bash',
      'set -o errexit',
      "sed -i '/^set -o errexit/a source /etc/environment' /etc/eks/bootstrap.sh",
      'if [ -x /etc/eks/bootstrap.sh ]; then',
      '  /etc/eks/bootstrap.sh other',
      'fi',
      '',
    ].join('\n');
    const lines = retargetBootstrap(script, ipv4).split('\n');
    expect(lines.slice(0, 4)).toEqual(script.split('\n').slice(0, 4));
    expect(lines[4]).toBe(`  /etc/eks/bootstrap.sh payments-prod --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca} --dns-cluster-ip 10.100.0.10`);
  });
});

describe('AL2023 NodeConfig', () => {
  test('a flow-style NodeConfig is rewritten through the YAML model and keeps its other fields', () => {
    const text = '{"apiVersion":"node.eks.aws/v1alpha1","kind":"NodeConfig","spec":{"cluster":{"name":"x","cidr":"172.20.0.0/16"},"kubelet":{"flags":["--v=2"]}}}\n';
    const edit = retargetNodeConfigs(text, ipv4);
    expect(edit.kind).toBe('edited');
    const parsed = parseYaml((edit as { text: string }).text);
    expect(parsed).toEqual({
      apiVersion: 'node.eks.aws/v1alpha1',
      kind: 'NodeConfig',
      spec: {
        cluster: { name: 'payments-prod', cidr: '10.100.0.0/16', apiServerEndpoint: ipv4.endpoint, certificateAuthority: ipv4.certificateAuthority },
        kubelet: { flags: ['--v=2'] },
      },
    });
  });

  test('missing cluster fields are added under the existing ones with the same indentation', () => {
    const text = 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n    cluster:\n        name: payments-prod\n    kubelet: {}\n';
    const edit = retargetNodeConfigs(text, ipv4) as { text: string };
    expect(edit.text).toBe(
      `apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n    cluster:\n        name: payments-prod\n        apiServerEndpoint: ${ipv4.endpoint}\n        certificateAuthority: ${ipv4.certificateAuthority}\n        cidr: 10.100.0.0/16\n    kubelet: {}\n`,
    );
  });

  test.each(['|', '|-', '>'])('a field written as a block scalar (%s) is replaced with valid YAML, every field set', (indicator) => {
    const text = `apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: old\n    certificateAuthority: ${indicator}\n      LS0tLS1CRUdJTg==\n    cidr: 172.20.0.0/16\n  kubelet:\n    flags: [--v=2]\n`;
    const edit = retargetNodeConfigs(text, ipv4) as { text: string };
    expect(parseYaml(edit.text)).toEqual({
      apiVersion: 'node.eks.aws/v1alpha1',
      kind: 'NodeConfig',
      spec: {
        cluster: { name: 'payments-prod', certificateAuthority: ipv4.certificateAuthority, cidr: '10.100.0.0/16', apiServerEndpoint: ipv4.endpoint },
        kubelet: { flags: ['--v=2'] },
      },
    });
  });

  test('a cluster name YAML would read as a number is quoted', () => {
    const text = 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: old\n';
    const edit = retargetNodeConfigs(text, { ...ipv4, name: '2024' }) as { text: string };
    expect(edit.text).toContain('    name: "2024"\n');
  });
});

describe('user data drydock leaves to its owner', () => {
  test.each([
    ['al2', 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: application/node.eks.aws\n\nkind: NodeConfig\n--B--\n', 'its user data holds a nodeadm NodeConfig (Amazon Linux 2023) but the new AMI is Amazon Linux 2'],
    ['al2', 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec: {}\n', 'its user data is a nodeadm NodeConfig (Amazon Linux 2023) but the new AMI is Amazon Linux 2'],
    ['al2', 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/cloud-config\n\nruncmd:\n  - /etc/eks/bootstrap.sh x\n--B--\n', 'its user data calls /etc/eks/bootstrap.sh from a part that is not a shell script; drydock edits only shell script parts'],
    ['al2', 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/x-shellscript\nContent-Transfer-Encoding: quoted-printable\n\n#!/bin/sh=0A\n--B--\n', 'MIME part 1 of its user data uses quoted-printable transfer encoding, which drydock does not edit'],
    ['al2', 'just some text', 'its user data is neither MIME multipart, a shell script, cloud-config nor a NodeConfig, so drydock cannot tell where the bootstrap goes'],
    ['al2023', '#!/bin/bash\n/etc/eks/bootstrap.sh x\n', 'its user data calls /etc/eks/bootstrap.sh (Amazon Linux 2) but the new AMI is Amazon Linux 2023, which bootstraps with nodeadm; move the node group to a launch template with NodeConfig user data first'],
    ['al2023', 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: application/node.eks.aws\n\nspec: [unclosed\n--B--\n', 'its NodeConfig YAML does not parse (Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1)'],
    ['al2023', 'just some text', 'its user data is neither MIME multipart, a shell script, cloud-config nor a NodeConfig, so drydock cannot tell where the bootstrap goes'],
  ] as const)('%s target, user data %j', (family, text, reason) => {
    expect(retargetUserData(text, family, ipv4)).toEqual({ kind: 'unsupported', reason });
  });

  test('gzip and binary user data are not decoded', () => {
    expect(decodeUserData(Buffer.from([0x1f, 0x8b, 8, 0]).toString('base64'))).toEqual({ problem: 'its user data is gzip-compressed, which drydock does not edit' });
    expect(decodeUserData(Buffer.from([0xff, 0xfe, 0x00]).toString('base64'))).toEqual({ problem: 'its user data is not UTF-8 text' });
    expect(decodeUserData(undefined)).toEqual({ text: '' });
  });
});
