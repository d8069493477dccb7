/**
 * A double of EC2 Image Builder, which moto does not emulate. Built on aws-sdk-client-mock, it keeps an in-memory model
 * of components, recipes, configurations, pipelines and images and answers with the shapes the real API returns:
 * versioned ARNs (`component/<name>/1.0.0/1`, `image/<name>/1.0.0/3`), lists that page with nextToken (deliberately
 * small pages, so every caller's paging is exercised), ResourceAlreadyExists/ResourceNotFound errors, and images whose
 * state moves along a timeline on the test's FakeClock (PENDING -> BUILDING -> TESTING -> DISTRIBUTING ->
 * INTEGRATING -> AVAILABLE, or FAILED/CANCELLED with a reason), so a two-hour build takes milliseconds.
 */
import {
  CancelImageCreationCommand,
  CreateComponentCommand,
  CreateDistributionConfigurationCommand,
  CreateImagePipelineCommand,
  CreateImageRecipeCommand,
  CreateInfrastructureConfigurationCommand,
  GetDistributionConfigurationCommand,
  GetImageCommand,
  GetImagePipelineCommand,
  GetInfrastructureConfigurationCommand,
  ImagebuilderClient,
  ListComponentBuildVersionsCommand,
  ListComponentsCommand,
  ListDistributionConfigurationsCommand,
  ListImagePipelineImagesCommand,
  ListImagePipelinesCommand,
  ListImageRecipesCommand,
  ListImageScanFindingAggregationsCommand,
  ListInfrastructureConfigurationsCommand,
  ResourceAlreadyExistsException,
  ResourceInUseException,
  ResourceNotFoundException,
  StartImagePipelineExecutionCommand,
  UpdateDistributionConfigurationCommand,
  UpdateImagePipelineCommand,
  UpdateInfrastructureConfigurationCommand,
  type ComponentSummary,
  type DistributionConfiguration,
  type Image,
  type ImagePipeline,
  type ImageRecipeSummary,
  type InfrastructureConfiguration,
  type ComponentConfiguration,
  type ImageState,
  type ImageStatus,
  type SeverityCounts,
} from '@aws-sdk/client-imagebuilder';
import { mockClient } from 'aws-sdk-client-mock';
import type { FakeClock } from '../support/fake-clock.js';

export interface TimelineStep {
  readonly status: string;
  /** Milliseconds after the build started. */
  readonly atMs: number;
  readonly reason?: string;
}

const MINUTE = 60_000;

/** A one-hour build with the phase lengths a CIS hardening build has. */
export const SIXTY_MINUTE_BUILD: readonly TimelineStep[] = [
  { status: 'PENDING', atMs: 0 },
  { status: 'BUILDING', atMs: 1 * MINUTE },
  { status: 'TESTING', atMs: 35 * MINUTE },
  { status: 'DISTRIBUTING', atMs: 52 * MINUTE },
  { status: 'INTEGRATING', atMs: 59 * MINUTE },
  { status: 'AVAILABLE', atMs: 60 * MINUTE },
];

export interface BuildPlan {
  readonly timeline: readonly TimelineStep[];
  /** AMI ids by region once the build has an image; by default one per distribution region. */
  readonly amis?: Readonly<Record<string, string>>;
  /** The AMI exists from TESTING on, so FAILED builds (the audit gate) still report it, as the real service does. */
  readonly scanStatus?: string;
  readonly findings?: SeverityCounts;
}

interface ImageRecord {
  arn: string;
  name: string;
  version: string;
  build: number;
  pipelineArn: string;
  recipeArn: string;
  startedAt: number;
  plan: BuildPlan;
  cancelledAt?: number;
  /** Set on seeded images: the parent their (historical) recipe had. */
  parentImage?: string;
}

const exception = <T>(Type: new (options: { message: string; $metadata: object }) => T, message: string) => new Type({ message, $metadata: {} });

export class FakeImageBuilder {
  readonly client: ImagebuilderClient;
  readonly mock;
  /** Every command the code under test sent, by name, in order. */
  readonly sent: string[] = [];
  readonly components = new Map<string, { name: string; version: string; builds: (ComponentSummary & { data: string })[] }>();
  readonly recipes = new Map<string, ImageRecipeSummary & { version: string; components: ComponentConfiguration[] }>();
  readonly infrastructure = new Map<string, InfrastructureConfiguration>();
  readonly distributions = new Map<string, DistributionConfiguration>();
  readonly pipelines = new Map<string, ImagePipeline>();
  readonly images = new Map<string, ImageRecord>();
  /** Plans for the next builds, used in order; the 60-minute build when empty. */
  readonly plans: BuildPlan[] = [];
  pageSize = 2;
  /** Runs before a command is handled (after it is recorded): lets a test play a concurrent run. */
  beforeCommand?: (command: string, input: Record<string, unknown>) => void;

  constructor(
    readonly clock: FakeClock,
    readonly region = 'us-east-1',
    readonly account = '123456789012',
  ) {
    this.client = new ImagebuilderClient({ region, credentials: { accessKeyId: 'fake', secretAccessKey: 'fake' } });
    this.mock = mockClient(this.client);
    this.install();
  }

  count(command: string): number {
    return this.sent.filter((name) => name === command).length;
  }

  creations(): string[] {
    return this.sent.filter((name) => /^(Create|Update)/.test(name));
  }

  private arn(kind: string, name: string): string {
    return `arn:aws:imagebuilder:${this.region}:${this.account}:${kind}/${name.toLowerCase().replaceAll(' ', '-')}`;
  }

  private page<T>(items: readonly T[], nextToken: string | undefined): { items: T[]; nextToken?: string } {
    const start = nextToken ? Number(nextToken) : 0;
    const end = start + this.pageSize;
    return { items: items.slice(start, end), ...(end < items.length ? { nextToken: String(end) } : {}) };
  }

  private byName<T extends { name?: string }>(items: Iterable<T>, filters: { name?: string; values?: string[] }[] | undefined): T[] {
    const names = filters?.find((filter) => filter.name === 'name')?.values;
    return [...items].filter((item) => !names || names.includes(item.name ?? ''));
  }

  /** Adds an image as if an earlier build had produced it (check-mode tests). */
  seedImage(options: {
    pipelineArn: string;
    name: string;
    version: string;
    build: number;
    status: string;
    parentImage: string;
    amiId?: string;
    dateCreated?: string;
  }): string {
    const recipeArn = `${this.arn('image-recipe', options.name)}/${options.version}`;
    if (!this.recipes.has(recipeArn)) {
      this.recipes.set(recipeArn, { arn: recipeArn, name: options.name, version: options.version, parentImage: options.parentImage, components: [], tags: {} });
    }
    const arn = `${this.arn('image', options.name)}/${options.version}/${options.build}`;
    this.images.set(arn, {
      arn,
      name: options.name,
      version: options.version,
      build: options.build,
      pipelineArn: options.pipelineArn,
      recipeArn,
      parentImage: options.parentImage,
      startedAt: this.clock.now() - 2 * 3_600_000,
      plan: {
        timeline: [{ status: options.status, atMs: 0 }],
        ...(options.amiId ? { amis: { [this.region]: options.amiId } } : {}),
      },
    });
    return arn;
  }

  /** The state of an image now, following its plan on the fake clock. */
  stateOf(record: ImageRecord): ImageState {
    if (record.cancelledAt !== undefined) return { status: 'CANCELLED', reason: 'Image creation was cancelled by the user.' };
    const elapsed = this.clock.now() - record.startedAt;
    let current = record.plan.timeline[0]!;
    for (const step of record.plan.timeline) if (step.atMs <= elapsed) current = step;
    const status = current.status as ImageStatus;
    return current.reason ? { status, reason: current.reason } : { status };
  }

  private amisOf(record: ImageRecord, status: string) {
    if (['PENDING', 'CREATING', 'BUILDING', 'CANCELLED'].includes(status)) return [];
    const pipeline = this.pipelines.get(record.pipelineArn);
    const distribution = pipeline?.distributionConfigurationArn ? this.distributions.get(pipeline.distributionConfigurationArn) : undefined;
    const regions = distribution?.distributions?.map((item) => item.region!) ?? [this.region];
    const amis = record.plan.amis ?? Object.fromEntries(regions.map((region) => [region, `ami-${region.replaceAll('-', '').slice(0, 6)}${String(record.build).padStart(11, '0')}`]));
    // Until DISTRIBUTING ends only the build region has its AMI.
    const visible = ['TESTING', 'DISTRIBUTING'].includes(status) || status === 'FAILED' ? { [this.region]: amis[this.region]! } : amis;
    return Object.entries(visible)
      .filter(([, image]) => image)
      .map(([region, image]) => ({ region, image, name: record.name, accountId: this.account }));
  }

  imageView(record: ImageRecord): Image {
    const state = this.stateOf(record);
    const recipe = this.recipes.get(record.recipeArn);
    const pipeline = this.pipelines.get(record.pipelineArn);
    const scanning = pipeline?.imageScanningConfiguration?.imageScanningEnabled ?? false;
    return {
      arn: record.arn,
      type: 'AMI',
      name: record.name,
      version: `${record.version}/${record.build}`,
      platform: 'Linux',
      state,
      imageRecipe: { arn: record.recipeArn, name: record.name, version: record.version, parentImage: record.parentImage ?? recipe?.parentImage, components: recipe?.components ?? [] },
      sourcePipelineArn: record.pipelineArn,
      imageScanningConfiguration: { imageScanningEnabled: scanning },
      ...(scanning && state.status === 'AVAILABLE' ? { scanState: { status: (record.plan.scanStatus ?? 'COMPLETED') as 'COMPLETED' } } : {}),
      outputResources: { amis: this.amisOf(record, state.status ?? 'PENDING') },
      loggingConfiguration: { logGroupName: `/aws/imagebuilder/${record.name}` },
      dateCreated: new Date(record.startedAt).toISOString(),
    };
  }

  private install(): void {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const on = <C extends new (...args: any[]) => unknown>(command: C, handler: (input: NonNullable<ConstructorParameters<C>[0]>) => unknown) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (this.mock.on as any)(command).callsFake(async (input: NonNullable<ConstructorParameters<C>[0]>) => {
        const name = (command as unknown as { name: string }).name.replace(/Command$/, '');
        this.sent.push(name);
        this.beforeCommand?.(name, input as Record<string, unknown>);
        return handler(input);
      });

    on(ListComponentsCommand, (input) => {
      const versions = this.byName(this.components.values(), input.filters).map((component) => ({
        arn: this.arn('component', component.name) + `/${component.version}`,
        name: component.name,
        version: component.version,
        platform: 'Linux' as const,
        owner: this.account,
        type: 'BUILD' as const,
      }));
      const { items, nextToken } = this.page(versions, input.nextToken);
      return { componentVersionList: items, nextToken };
    });
    on(ListComponentBuildVersionsCommand, (input) => {
      const component = this.components.get(input.componentVersionArn ?? '');
      if (!component) throw exception(ResourceNotFoundException, `The component ${input.componentVersionArn} does not exist.`);
      const { items, nextToken } = this.page(
        component.builds.map(({ data: _data, ...summary }) => summary),
        input.nextToken,
      );
      return { componentSummaryList: items, nextToken };
    });
    on(CreateComponentCommand, (input) => {
      const versionArn = `${this.arn('component', input.name!)}/${input.semanticVersion}`;
      if (this.components.has(versionArn)) {
        throw exception(ResourceAlreadyExistsException, `The component ${versionArn} already exists.`);
      }
      const arn = `${versionArn}/1`;
      this.components.set(versionArn, {
        name: input.name!,
        version: input.semanticVersion!,
        builds: [{ arn, name: input.name, version: input.semanticVersion, description: input.description, tags: input.tags ?? {}, data: input.data ?? '' }],
      });
      return { componentBuildVersionArn: arn, clientToken: input.clientToken };
    });

    on(ListImageRecipesCommand, (input) => {
      const { items, nextToken } = this.page(
        this.byName(this.recipes.values(), input.filters).map(({ version: _version, components: _components, ...summary }) => summary),
        input.nextToken,
      );
      return { imageRecipeSummaryList: items, nextToken };
    });
    on(CreateImageRecipeCommand, (input) => {
      const arn = `${this.arn('image-recipe', input.name!)}/${input.semanticVersion}`;
      if (this.recipes.has(arn)) throw exception(ResourceAlreadyExistsException, `The image recipe ${arn} already exists.`);
      this.recipes.set(arn, {
        arn,
        name: input.name,
        version: input.semanticVersion!,
        parentImage: input.parentImage,
        components: input.components ?? [],
        platform: 'Linux',
        owner: this.account,
        tags: input.tags ?? {},
      });
      return { imageRecipeArn: arn, clientToken: input.clientToken };
    });

    on(ListInfrastructureConfigurationsCommand, (input) => {
      const { items, nextToken } = this.page(this.byName(this.infrastructure.values(), input.filters), input.nextToken);
      return { infrastructureConfigurationSummaryList: items.map(({ arn, name }) => ({ arn, name })), nextToken };
    });
    on(GetInfrastructureConfigurationCommand, (input) => ({ infrastructureConfiguration: this.infrastructure.get(input.infrastructureConfigurationArn!) }));
    on(CreateInfrastructureConfigurationCommand, (input) => {
      const arn = this.arn('infrastructure-configuration', input.name!);
      if (this.infrastructure.has(arn)) throw exception(ResourceAlreadyExistsException, `${arn} already exists.`);
      const { clientToken: _token, ...configuration } = input;
      this.infrastructure.set(arn, { ...configuration, arn });
      return { infrastructureConfigurationArn: arn };
    });
    on(UpdateInfrastructureConfigurationCommand, (input) => {
      const arn = input.infrastructureConfigurationArn!;
      const current = this.infrastructure.get(arn);
      if (!current) throw exception(ResourceNotFoundException, `${arn} does not exist.`);
      const { clientToken: _token, infrastructureConfigurationArn: _arn, ...configuration } = input;
      this.infrastructure.set(arn, { ...configuration, arn, name: current.name, tags: current.tags });
      return { infrastructureConfigurationArn: arn };
    });

    on(ListDistributionConfigurationsCommand, (input) => {
      const { items, nextToken } = this.page(this.byName(this.distributions.values(), input.filters), input.nextToken);
      return { distributionConfigurationSummaryList: items.map(({ arn, name }) => ({ arn, name })), nextToken };
    });
    on(GetDistributionConfigurationCommand, (input) => ({ distributionConfiguration: this.distributions.get(input.distributionConfigurationArn!) }));
    on(CreateDistributionConfigurationCommand, (input) => {
      const arn = this.arn('distribution-configuration', input.name!);
      if (this.distributions.has(arn)) throw exception(ResourceAlreadyExistsException, `${arn} already exists.`);
      this.distributions.set(arn, { arn, name: input.name, description: input.description, distributions: input.distributions, timeoutMinutes: 720, tags: input.tags });
      return { distributionConfigurationArn: arn };
    });
    on(UpdateDistributionConfigurationCommand, (input) => {
      const arn = input.distributionConfigurationArn!;
      const current = this.distributions.get(arn);
      if (!current) throw exception(ResourceNotFoundException, `${arn} does not exist.`);
      this.distributions.set(arn, { ...current, description: input.description, distributions: input.distributions });
      return { distributionConfigurationArn: arn };
    });

    on(ListImagePipelinesCommand, (input) => {
      const { items, nextToken } = this.page(this.byName(this.pipelines.values(), input.filters), input.nextToken);
      return { imagePipelineList: items, nextToken };
    });
    on(GetImagePipelineCommand, (input) => {
      const pipeline = this.pipelines.get(input.imagePipelineArn!);
      if (!pipeline) throw exception(ResourceNotFoundException, `The image pipeline ${input.imagePipelineArn} does not exist.`);
      return { imagePipeline: pipeline };
    });
    on(CreateImagePipelineCommand, (input) => {
      const arn = this.arn('image-pipeline', input.name!);
      if (this.pipelines.has(arn)) throw exception(ResourceAlreadyExistsException, `${arn} already exists.`);
      const { clientToken: _token, ...pipeline } = input;
      this.pipelines.set(arn, { ...pipeline, arn, platform: 'Linux' });
      return { imagePipelineArn: arn };
    });
    on(UpdateImagePipelineCommand, (input) => {
      const arn = input.imagePipelineArn!;
      const current = this.pipelines.get(arn);
      if (!current) throw exception(ResourceNotFoundException, `${arn} does not exist.`);
      const { clientToken: _token, imagePipelineArn: _arn, ...pipeline } = input;
      this.pipelines.set(arn, { ...pipeline, arn, name: current.name, tags: current.tags, platform: 'Linux' });
      return { imagePipelineArn: arn };
    });

    on(StartImagePipelineExecutionCommand, (input) => {
      const pipeline = this.pipelines.get(input.imagePipelineArn!);
      if (!pipeline) throw exception(ResourceNotFoundException, `The image pipeline ${input.imagePipelineArn} does not exist.`);
      const recipe = this.recipes.get(pipeline.imageRecipeArn!);
      if (!recipe) throw exception(ResourceNotFoundException, `The image recipe ${pipeline.imageRecipeArn} does not exist.`);
      const build = [...this.images.values()].filter((image) => image.recipeArn === recipe.arn).length + 1;
      const arn = `${this.arn('image', recipe.name!)}/${recipe.version}/${build}`;
      this.images.set(arn, {
        arn,
        name: recipe.name!,
        version: recipe.version,
        build,
        pipelineArn: pipeline.arn!,
        recipeArn: recipe.arn!,
        startedAt: this.clock.now(),
        plan: this.plans.shift() ?? { timeline: SIXTY_MINUTE_BUILD },
      });
      return { imageBuildVersionArn: arn, clientToken: input.clientToken, requestId: 'fake' };
    });
    on(GetImageCommand, (input) => {
      const record = this.images.get(input.imageBuildVersionArn!);
      if (!record) throw exception(ResourceNotFoundException, `The image ${input.imageBuildVersionArn} does not exist.`);
      return { image: this.imageView(record) };
    });
    on(CancelImageCreationCommand, (input) => {
      const record = this.images.get(input.imageBuildVersionArn!);
      if (!record) throw exception(ResourceNotFoundException, `The image ${input.imageBuildVersionArn} does not exist.`);
      if (['AVAILABLE', 'FAILED', 'CANCELLED'].includes(this.stateOf(record).status ?? '')) {
        throw exception(ResourceInUseException, 'The image is not in a state that can be cancelled.');
      }
      record.cancelledAt = this.clock.now();
      return { imageBuildVersionArn: record.arn, clientToken: input.clientToken };
    });
    on(ListImagePipelineImagesCommand, (input) => {
      if (!this.pipelines.has(input.imagePipelineArn!)) {
        throw exception(ResourceNotFoundException, `The image pipeline ${input.imagePipelineArn} does not exist.`);
      }
      const summaries = [...this.images.values()]
        .filter((image) => image.pipelineArn === input.imagePipelineArn)
        .map((record) => {
          const view = this.imageView(record);
          return { arn: view.arn, name: view.name, version: view.version, type: view.type, platform: view.platform, state: view.state, owner: this.account, dateCreated: view.dateCreated, outputResources: view.outputResources };
        });
      const { items, nextToken } = this.page(summaries, input.nextToken);
      return { imageSummaryList: items, nextToken };
    });
    on(ListImageScanFindingAggregationsCommand, (input) => {
      const arn = input.filter?.values?.[0] ?? '';
      const record = this.images.get(arn);
      const counts = record?.plan.findings;
      return { aggregationType: 'imageBuildVersionArn', responses: counts ? [{ imageAggregation: { imageBuildVersionArn: arn, severityCounts: counts } }] : [] };
    });
  }
}
