// Checks that the loopback testbed (scripts/testbed.sh) is what the other integration tests assume: both registries,
// the ECR login flow from moto's token to the authenticated registry, and the peer binaries.
// Runs only with the testbed's environment: `bash scripts/with-testbed.sh npx jest test/integration`.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';

const env = process.env;
const onTestbed = env.DRYDOCK_TESTBED === '1';
const describeTestbed = onTestbed ? describe : describe.skip;
const title = onTestbed
  ? 'loopback testbed'
  : 'loopback testbed (skipped: DRYDOCK_TESTBED is unset; run under scripts/with-testbed.sh or source .testbed/env)';

describeTestbed(title, () => {
  const password = env.DRYDOCK_REGISTRY_PASSWORD ?? '';
  const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

  test('the plain HTTP registry answers /v2/ without credentials', async () => {
    const response = await fetch(`http://${env.DRYDOCK_REGISTRY_HTTP}/v2/`);
    expect(response.status).toBe(200);
  });

  test('the TLS registry is trusted through the testbed CA and asks for credentials', async () => {
    const url = `https://${env.DRYDOCK_REGISTRY_TLS}/v2/`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    const authenticated = await fetch(url, {
      headers: { authorization: basic(env.DRYDOCK_REGISTRY_USER ?? '', password) },
    });
    expect(authenticated.status).toBe(200);
  });

  test("moto's ECR authorization token is the registry's user and password", async () => {
    const ecr = new ECRClient({ region: env.AWS_REGION });
    const { authorizationData } = await ecr.send(new GetAuthorizationTokenCommand({}));
    const token = authorizationData?.[0]?.authorizationToken ?? '';
    expect(Buffer.from(token, 'base64').toString()).toBe(`AWS:${password}`);
    const login = await fetch(`https://${env.DRYDOCK_REGISTRY_TLS}/v2/`, { headers: { authorization: `Basic ${token}` } });
    expect(login.status).toBe(200);
  });

  // notation and crane have no --version flag: their version is a subcommand.
  const peer = (name: string) => join(env.DRYDOCK_PEER_BIN ?? '', name);
  test.each([
    ['skopeo', 'skopeo', ['--version'], /skopeo version/],
    ['crane', peer('crane'), ['version'], /\S/],
    ['notation', peer('notation'), ['version'], /Notation/],
  ])('%s runs', (_name, binary, args, output) => {
    expect(execFileSync(binary, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toMatch(output);
  });
});
