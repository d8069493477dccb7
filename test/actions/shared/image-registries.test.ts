import { ConfigurationError } from '../../../src/core/errors.js';
import { InputReader } from '../../../src/core/inputs.js';
import { openImageRegistries, parseImages, parseRegistryEndpoint } from '../../../src/actions/shared/image-registries.js';
import { RegistryClient, type RegistryClientOptions } from '../../../src/oci/registry-client.js';
import { testContext } from '../../support/context.js';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:1.2.3';

function endpointOf(value: string): URL | undefined {
  const inputs = new InputReader(new Map([['images', IMAGE], ['registry-endpoint', value]]));
  return parseRegistryEndpoint(inputs, parseImages(inputs));
}

describe('parseRegistryEndpoint', () => {
  test.each([
    ['https://127.0.0.1:5000', 'https://127.0.0.1:5000/'],
    ['http://127.0.0.1:5000', 'http://127.0.0.1:5000/'],
    ['https://registry.example', 'https://registry.example/'],
  ])('accepts %s', (value, expected) => {
    expect(endpointOf(value)?.href).toBe(expected);
  });

  test.each([
    [
      'user and password',
      'https://robot:hunter2pass@127.0.0.1:5000',
      "Input 'registry-endpoint': 'https://***@127.0.0.1:5000' has credentials in it. Write it as https://host[:port]; drydock logs in to ECR registries itself and reads other registries anonymously.",
    ],
    [
      'a password with no user (was accepted, then printed by the next error)',
      'http://:hunter2pass@registry.example',
      "Input 'registry-endpoint': 'http://***@registry.example' has credentials in it. Write it as https://host[:port]; drydock logs in to ECR registries itself and reads other registries anonymously.",
    ],
    [
      'a user name alone',
      'https://robot@registry.example/',
      "Input 'registry-endpoint': 'https://***@registry.example/' has credentials in it. Write it as https://host[:port]; drydock logs in to ECR registries itself and reads other registries anonymously.",
    ],
    [
      'credentials and a path: the path error does not show them either',
      'https://robot:p%40ss@registry.example/v2/',
      "Input 'registry-endpoint': 'https://***@registry.example/v2/' has credentials in it. Write it as https://host[:port]; drydock logs in to ECR registries itself and reads other registries anonymously.",
    ],
    [
      'not a URL, with what looks like a password in it',
      'https://robot:hunt/er2@pass@127.0.0.1:x',
      "Input 'registry-endpoint': 'https://***@127.0.0.1:x' is not a URL. Write it as https://host[:port].",
    ],
    [
      'a password holding "#", which ends the authority for a URL parser',
      'https://robot:99#hunter2@registry.example',
      "Input 'registry-endpoint': 'https://***@registry.example' is not a registry base URL. Write it as https://host[:port], without a path.",
    ],
    [
      'a token holding "?"',
      'https://hunter2?x@registry.example',
      "Input 'registry-endpoint': 'https://***@registry.example' is not a registry base URL. Write it as https://host[:port], without a path.",
    ],
    [
      'a path (no credentials): shown as written',
      'https://registry.example/v2/',
      "Input 'registry-endpoint': 'https://registry.example/v2/' is not a registry base URL. Write it as https://host[:port], without a path.",
    ],
  ])('refuses %s without showing the credentials', (_title, value, message) => {
    expect(() => endpointOf(value)).toThrow(new ConfigurationError(message));
    try {
      endpointOf(value);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/hunter2|robot|p%40ss|er2/);
    }
  });
});

describe('openImageRegistries', () => {
  test("every registry client gets the run's secret set, so bearer tokens it fetches are masked", async () => {
    const { context } = testContext();
    const seen: RegistryClientOptions[] = [];
    const clients = {
      ecr: async () => {
        throw new Error('no ECR image here');
      },
      registry: (options: RegistryClientOptions) => {
        seen.push(options);
        return new RegistryClient(options);
      },
    };
    const images = parseImages(new InputReader(new Map([['images', 'ghcr.io/team/app:1\nquay.io/team/tool:2']]), '/'));
    await openImageRegistries(images, undefined, clients, context);
    expect(seen.map((options) => [options.registry, options.secrets === context.secrets])).toEqual([
      ['ghcr.io', true],
      ['quay.io', true],
    ]);
  });
});
