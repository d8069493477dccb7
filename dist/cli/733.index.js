export const id = 733;
export const ids = [733];
export const modules = {

/***/ 92347:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createPushEcr: () => (/* binding */ createPushEcr),
  defaultPushEcrClients: () => (/* binding */ defaultPushEcrClients),
  pushEcr: () => (/* binding */ pushEcr),
  runPushEcr: () => (/* binding */ runPushEcr)
});

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/errors.js
var errors = __webpack_require__(27814);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/format.js
var format = __webpack_require__(86874);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/version.js
var version = __webpack_require__(24305);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/aws/ecr.js
var aws_ecr = __webpack_require__(47637);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/pool.js
var core_pool = __webpack_require__(51367);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/digest.js
var oci_digest = __webpack_require__(36179);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/manifest.js
var oci_manifest = __webpack_require__(89922);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/media-types.js
var media_types = __webpack_require__(50443);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/copy.js






/**
 * A copy that stopped part-way: cancelled at a boundary, or a failure while moving tags (the one phase whose partial
 * state the user cannot tell from the error alone). The message is one line that ends with the facts of `progress`.
 */
class CopyInterruptedError extends Error {
    progress;
    constructor(message, progress, options) {
        super(message, options);
        this.progress = progress;
    }
}
/** `the push to <target> stopped <where> (<n> of <m> blobs uploaded, manifest ..., tags moved: ...)` */
function describeCopyProgress(progress, where) {
    const manifest = progress.digest ? `manifest pushed as ${progress.digest}` : 'manifest not pushed';
    const tags = progress.tags.length ? progress.tags.join(', ') : 'none';
    return `the push to ${progress.target} stopped ${where} (${progress.blobsDone} of ${progress.blobsTotal} blobs uploaded, ${manifest}, tags moved: ${tags})`;
}
const DEFAULT_CONCURRENCY = 4;
/** An index of indexes is legal; a deeper chain than this is a loop or a mistake. */
const MAX_INDEX_DEPTH = 4;
async function readGraph(source, root) {
    const manifests = new Map();
    const blobs = new Map();
    const visit = async (content, depth) => {
        if (manifests.has(content.descriptor.digest))
            return;
        if (content.parsed.kind === 'index') {
            if (depth >= MAX_INDEX_DEPTH)
                throw new Error(`${source.description}: indexes nest deeper than ${MAX_INDEX_DEPTH} levels`);
            for (const child of content.parsed.index.manifests) {
                if (!(0,media_types/* isManifestMediaType */.CM)(child.mediaType)) {
                    throw new Error(`${source.description}: the index lists ${child.digest} of type ${child.mediaType}, which is not a manifest drydock can copy`);
                }
                const childContent = await source.readManifest(child);
                // Keep the index entry's platform and annotations with the child, for the result.
                const entry = { ...(child.platform ? { platform: child.platform } : {}), ...(child.annotations ? { annotations: child.annotations } : {}) };
                await visit({ ...childContent, descriptor: { ...childContent.descriptor, ...entry } }, depth + 1);
            }
        }
        for (const blob of (0,oci_manifest/* blobsOf */.OR)(content.parsed))
            if (!blobs.has(blob.digest))
                blobs.set(blob.digest, blob);
        manifests.set(content.descriptor.digest, content);
    };
    await visit(root, 0);
    return { manifests: [...manifests.values()], blobs: [...blobs.values()] };
}
/**
 * The manifests grouped by how many index levels sit below them: image manifests (level 0), indexes of images, indexes
 * of those, and so on up to the root. `manifests` lists children before parents, as readGraph returns them.
 */
function manifestLevels(manifests) {
    const levelOf = new Map();
    const levels = [];
    for (const content of manifests) {
        const children = content.parsed.kind === 'index' ? content.parsed.index.manifests : [];
        const level = children.length === 0 ? 0 : 1 + Math.max(...children.map((child) => levelOf.get(child.digest) ?? 0));
        levelOf.set(content.descriptor.digest, level);
        (levels[level] ??= []).push(content);
    }
    return levels.filter((level) => level !== undefined);
}
/**
 * Copies an image, or a multi-platform index whole, from a source into a repository.
 *
 * Order matters for safety: first every blob (checked with HEAD, mounted when source and target share a registry,
 * otherwise uploaded in parallel with digest verification while streaming), then every child manifest, then the root
 * by digest, and only then the tags. A push that fails anywhere therefore never leaves a tag pointing at content the
 * repository does not have. Blobs the repository already has are not uploaded again, so a repeated push uploads nothing.
 *
 * A cancel (`signal`) is checked at each of those boundaries and before each tag; the copy then throws a
 * CopyInterruptedError saying what is in the repository (so does a failure while moving tags, where a bare registry
 * error would not say which tags had moved). A cancel after the last write has nothing left to stop: the copy succeeds.
 */
async function copyImage(options) {
    const { source, target, logger, signal } = options;
    const { client, repository } = target;
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    const tags = [...new Set(options.tags ?? [])];
    const root = await source.readRoot();
    const graph = await readGraph(source, root);
    const totalBytes = graph.blobs.reduce((sum, b) => sum + b.size, 0);
    const images = graph.manifests.filter((m) => m.parsed.kind === 'image');
    const attestations = images.filter((m) => (0,oci_manifest/* attestedDigest */.Js)(m.descriptor) !== undefined).length;
    const platforms = images.length - attestations;
    logger?.info(`Pushing ${source.description} to ${client.registry}/${repository}: ${platforms} image manifest${platforms === 1 ? '' : 's'}, ` +
        `${attestations ? `${attestations} attestation manifest${attestations === 1 ? '' : 's'}, ` : ''}` +
        `${graph.blobs.length} blob${graph.blobs.length === 1 ? '' : 's'} (${(0,format/* formatBytes */.z)(totalBytes)})`);
    const mountFrom = source.registryLocation && source.registryLocation.registry === client.registry && source.registryLocation.repository !== repository
        ? source.registryLocation.repository
        : undefined;
    let blobsUploaded = 0;
    let blobsReused = 0;
    let blobsMounted = 0;
    let bytesUploaded = 0;
    const pushed = new Map();
    const tagsDone = [];
    const progress = () => ({
        target: `${client.registry}/${repository}`,
        blobsDone: blobsUploaded + blobsReused,
        blobsTotal: graph.blobs.length,
        manifestsDone: pushed.size,
        manifestsTotal: graph.manifests.length,
        ...(pushed.has(root.descriptor.digest) ? { digest: root.descriptor.digest } : {}),
        tags: [...tagsDone],
    });
    // A cancel stops the copy where a write would start: the pools start no blob or manifest after it (see `pool`), and
    // these checks end each phase and precede each tag. Work already in flight finishes first (the pools wait for it), so
    // the progress reported is what the repository really holds.
    const stopIfCancelled = (where) => {
        if (signal?.aborted)
            throw new CopyInterruptedError(`${(0,errors/* errorMessage */.gJ)(signal.reason)}: ${describeCopyProgress(progress(), where)}`, progress());
    };
    stopIfCancelled('before the blob uploads');
    // The pool starts no blob after a cancel; the check below turns the ones left out into the interruption.
    const pool = signal ? { signal } : {};
    await (0,core_pool/* mapConcurrent */._)(graph.blobs, concurrency, async (blob) => {
        if (await client.hasBlob(repository, blob.digest)) {
            blobsReused++;
            logger?.debug(`blob ${(0,oci_digest/* shortDigest */.VK)(blob.digest)} is already in ${repository}`);
            return;
        }
        let uploadUrl;
        if (mountFrom) {
            const mount = await client.mountBlob(repository, blob.digest, mountFrom);
            if (mount.mounted) {
                blobsReused++;
                blobsMounted++;
                logger?.debug(`blob ${(0,oci_digest/* shortDigest */.VK)(blob.digest)} mounted from ${mountFrom}`);
                return;
            }
            uploadUrl = mount.uploadUrl;
        }
        await client.uploadBlob(repository, blob, () => source.openBlob(blob), uploadUrl === undefined ? {} : { uploadUrl });
        blobsUploaded++;
        bytesUploaded += blob.size;
        logger?.debug(`blob ${(0,oci_digest/* shortDigest */.VK)(blob.digest)} uploaded (${(0,format/* formatBytes */.z)(blob.size)})`);
    }, pool);
    if (blobsUploaded + blobsReused < graph.blobs.length)
        stopIfCancelled('during the blob uploads');
    // A manifest goes up only after everything it lists (registries refuse an index whose children are missing): image
    // manifests first, in parallel, then each level of indexes above them, and the root last.
    const pushManifest = async (content) => {
        const { digest, mediaType, size } = content.descriptor;
        const existing = await client.headManifest(repository, digest);
        if (!existing) {
            await client.putManifest(repository, digest, { mediaType, bytes: content.bytes });
            if (digest === root.descriptor.digest)
                options.onChange?.(`${client.registry}/${repository}: manifest ${digest} pushed`);
        }
        const attests = (0,oci_manifest/* attestedDigest */.Js)(content.descriptor);
        const platform = attests === undefined ? (0,oci_manifest/* formatPlatform */.Bq)(content.descriptor.platform) : undefined;
        pushed.set(digest, { digest, mediaType, size, ...(platform ? { platform } : {}), ...(attests ? { attests } : {}), pushed: !existing });
    };
    for (const level of manifestLevels(graph.manifests)) {
        stopIfCancelled(pushed.size === 0 ? 'after the blobs' : `after ${pushed.size} of ${graph.manifests.length} manifests`);
        await (0,core_pool/* mapConcurrent */._)(level, concurrency, pushManifest, pool);
    }
    const manifests = graph.manifests.map((content) => pushed.get(content.descriptor.digest));
    // A tag write that fails may still have landed: its answer was lost and the retry was refused (ECR answers
    // TAG_INVALID to any rewrite of an immutable tag, even to the same digest), or another push of this very image set it
    // meanwhile. When the tag points at this image after all, the write is done.
    const writeTag = async (tag) => {
        try {
            await client.putManifest(repository, tag, { mediaType: root.descriptor.mediaType, bytes: root.bytes });
        }
        catch (error) {
            const now = await client.headManifest(repository, tag).catch(() => undefined);
            if (now?.digest !== root.descriptor.digest)
                throw error;
            logger?.debug(`tag ${tag}: the write failed (${(0,errors/* errorMessage */.gJ)(error)}), but the tag points at ${(0,oci_digest/* shortDigest */.VK)(root.descriptor.digest)}`);
        }
    };
    // All or nothing as far as drydock decides: a cancel before the first tag moves none; once the loop runs, the tag in
    // flight finishes and the loop stops. A failure here is the one a bare error would leave ambiguous (which tags
    // moved?), so it carries the progress too.
    for (const [index, tag] of tags.entries()) {
        stopIfCancelled(index === 0 ? 'before the tags' : `before tag ${tag}`);
        try {
            const current = await client.headManifest(repository, tag);
            if (current?.digest === root.descriptor.digest) {
                logger?.debug(`tag ${tag} already points at ${(0,oci_digest/* shortDigest */.VK)(root.descriptor.digest)}`);
            }
            else {
                await writeTag(tag);
                options.onChange?.(`${client.registry}/${repository}: tag ${tag} moved to ${root.descriptor.digest}`);
            }
        }
        catch (error) {
            throw new CopyInterruptedError(`${(0,errors/* errorMessage */.gJ)(error)}; ${describeCopyProgress(progress(), `at tag ${tag}`)}`, progress(), { cause: error });
        }
        tagsDone.push(tag);
    }
    logger?.info(`Pushed ${client.registry}/${repository}@${root.descriptor.digest}: ${blobsUploaded} blob${blobsUploaded === 1 ? '' : 's'} uploaded ` +
        `(${(0,format/* formatBytes */.z)(bytesUploaded)}), ${blobsReused} reused${blobsMounted ? ` (${blobsMounted} mounted)` : ''}` +
        `${tags.length ? `; tags ${tags.join(', ')}` : ''}`);
    return {
        digest: root.descriptor.digest,
        mediaType: root.descriptor.mediaType,
        size: root.descriptor.size,
        blobsUploaded,
        blobsReused,
        blobsMounted,
        bytesUploaded,
        totalBytes,
        manifests,
        tags,
    };
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/loopback.js
var loopback = __webpack_require__(6458);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/reference.js
var oci_reference = __webpack_require__(92474);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/image-sources/image-source.js

/** A ConfigurationError about a source: `Input 'image': 'oci:./x' <problem>. <fix>`. */
function sourceError(input, problem, fix) {
    return (0,errors/* invalidInput */.aY)(input.inputName, input.value, problem, fix);
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/image-sources/docker-archive-source.js






const ARCHIVE_FIX = "Point it at the tar 'docker save -o <file> <image>' writes";
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/**
 * A `docker save` archive, converted on the fly into a Docker schema 2 image. Layers are pushed as they are stored,
 * uncompressed (`application/vnd.docker.image.rootfs.diff.tar`): their digests are then the config's diff_ids, known
 * without reading a byte, and nothing is recompressed. (Compressing on the fly would need the compressed digest before
 * the upload's single PUT, so every layer would have to be compressed twice.) A layer stored gzip-compressed is pushed
 * as a .tar.gzip layer, its digest computed by one streaming pass.
 */
class DockerArchiveSource {
    description;
    archive;
    root;
    blobs;
    constructor(description, archive, root, blobs) {
        this.description = description;
        this.archive = archive;
        this.root = root;
        this.blobs = blobs;
    }
    static async open(archive, selector, input) {
        const where = archive.path;
        const manifestEntry = archive.entry('manifest.json');
        if (!manifestEntry)
            throw sourceError(input, `is not a docker archive: ${where} has no manifest.json`, ARCHIVE_FIX);
        let saved;
        try {
            saved = JSON.parse(Buffer.from(await archive.read(manifestEntry, MAX_CONFIG_BYTES)).toString('utf8'));
        }
        catch {
            throw sourceError(input, `has a manifest.json in ${where} that is not valid JSON`, ARCHIVE_FIX);
        }
        if (!Array.isArray(saved) || saved.length === 0)
            throw sourceError(input, `has no image in ${where} (manifest.json is empty)`, ARCHIVE_FIX);
        const tagsOf = (image) => (Array.isArray(image.RepoTags) ? image.RepoTags.filter((t) => typeof t === 'string') : []);
        const listed = saved.map((image, i) => `@${i}${tagsOf(image).length ? ` (${tagsOf(image).join(', ')})` : ''}`).join(', ');
        let image;
        if (selector === undefined) {
            if (saved.length > 1)
                throw sourceError(input, `holds ${saved.length} images in ${where}: ${listed}`, "Say which one with ':<repo:tag>' or ':@<index>'");
            image = saved[0];
        }
        else if ('index' in selector) {
            const found = saved[selector.index];
            if (!found)
                throw sourceError(input, `asks for image @${selector.index}, but ${where} holds ${saved.length}: ${listed}`, 'Use an index from the list');
            image = found;
        }
        else {
            const wanted = (0,oci_reference/* formatImageReference */.my)((0,oci_reference/* parseImageReference */.o_)(selector.reference, input.inputName));
            const normalise = (tag) => {
                try {
                    return (0,oci_reference/* formatImageReference */.my)((0,oci_reference/* parseImageReference */.o_)(tag, input.inputName));
                }
                catch {
                    return tag;
                }
            };
            const found = saved.find((candidate) => tagsOf(candidate).some((tag) => normalise(tag) === wanted));
            if (!found)
                throw sourceError(input, `asks for '${selector.reference}', which ${where} does not hold: ${listed}`, 'Use one of the tags listed');
            image = found;
        }
        if (typeof image.Config !== 'string' || !Array.isArray(image.Layers) || !image.Layers.every((l) => typeof l === 'string')) {
            throw sourceError(input, `has an invalid manifest.json entry in ${where} (Config and Layers are required)`, ARCHIVE_FIX);
        }
        const configEntry = archive.entry(image.Config);
        if (!configEntry)
            throw sourceError(input, `is incomplete: ${where} has no ${image.Config}`, ARCHIVE_FIX);
        const configBytes = await archive.read(configEntry, MAX_CONFIG_BYTES);
        let diffIds = [];
        try {
            const config = JSON.parse(Buffer.from(configBytes).toString('utf8'));
            if (Array.isArray(config.rootfs?.diff_ids))
                diffIds = config.rootfs.diff_ids.filter((d) => typeof d === 'string');
        }
        catch {
            throw sourceError(input, `has an image config ${image.Config} in ${where} that is not valid JSON`, ARCHIVE_FIX);
        }
        const config = { mediaType: media_types/* MediaType */.zu.dockerConfig, digest: (0,oci_digest/* sha256Digest */.sI)(configBytes), size: configBytes.byteLength };
        const blobs = new Map([[config.digest, { bytes: configBytes }]]);
        const layers = [];
        for (const [i, layerPath] of image.Layers.entries()) {
            const entry = archive.entry(layerPath);
            if (!entry)
                throw sourceError(input, `is incomplete: ${where} has no ${layerPath}`, ARCHIVE_FIX);
            const head = await archive.read({ ...entry, size: Math.min(entry.size, 4) }, 4);
            if (ZSTD_MAGIC.every((b, k) => head[k] === b)) {
                throw sourceError(input, `has a zstd-compressed layer ${layerPath} in ${where}, which docker schema 2 cannot describe`, 'Save the image with a Docker that stores plain layers');
            }
            const gzipped = GZIP_MAGIC.every((b, k) => head[k] === b);
            const named = /^blobs\/(sha256|sha512)\/([0-9a-f]+)$/.exec(entry.path);
            let digest;
            if (named && (0,oci_digest/* parseDigest */.m)(`${named[1]}:${named[2]}`))
                digest = `${named[1]}:${named[2]}`; // content-addressed file name
            else if (!gzipped && diffIds[i] && (0,oci_digest/* parseDigest */.m)(diffIds[i]))
                digest = diffIds[i]; // an uncompressed layer is its diff_id
            else
                digest = await hashEntry(archive, entry);
            layers.push({ mediaType: gzipped ? media_types/* MediaType */.zu.dockerLayerGzip : media_types/* MediaType */.zu.dockerLayer, digest, size: entry.size });
            blobs.set(digest, { entry });
        }
        // Built in a fixed key order, so the same archive always gives the same manifest digest.
        const manifest = { schemaVersion: 2, mediaType: media_types/* MediaType */.zu.dockerManifest, config, layers };
        const root = (0,oci_manifest/* manifestContent */.$T)(new TextEncoder().encode(JSON.stringify(manifest)), media_types/* MediaType */.zu.dockerManifest);
        return new DockerArchiveSource(input.value, archive, root, blobs);
    }
    async readRoot() {
        return this.root;
    }
    async readManifest(descriptor) {
        if (descriptor.digest === this.root.descriptor.digest)
            return this.root;
        throw new Error(`${this.description} has no manifest ${descriptor.digest}`);
    }
    async openBlob(descriptor) {
        const location = this.blobs.get(descriptor.digest);
        if (!location)
            throw new Error(`${this.description} has no blob ${descriptor.digest}`);
        return 'bytes' in location ? [location.bytes] : this.archive.stream(location.entry);
    }
}
async function hashEntry(archive, entry) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of archive.stream(entry))
        hash.update(chunk);
    return `sha256:${hash.digest('hex')}`;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/image-sources/layout-files.js



/**
 * 256 KiB reads: large enough that a 1 GiB layer is 4,096 reads, small enough that the chunks in flight across
 * parallel uploads stay small. Measured on a 1 GiB push (bench:push): 1 MiB reads peaked at 202-215 MB RSS,
 * 256 KiB at 180-188 MB, 64 KiB at 172-183 MB but slower; what remains is mostly chunks V8 has not collected yet.
 */
const READ_CHUNK = 256 * 1024;
class TooLargeError extends Error {
    name = 'TooLargeError';
}
function directoryFiles(directory) {
    const full = (path) => (0,external_node_path_.join)(directory, ...path.split('/'));
    return {
        location: directory,
        async size(path) {
            try {
                const info = await (0,promises_.stat)(full(path));
                return info.isFile() ? info.size : undefined;
            }
            catch {
                return undefined;
            }
        },
        async read(path, limit) {
            let handle;
            try {
                handle = await (0,promises_.open)(full(path), 'r');
            }
            catch (error) {
                if (error.code === 'ENOENT')
                    return undefined;
                throw error;
            }
            try {
                const { size } = await handle.stat();
                if (size > limit)
                    throw new TooLargeError(`${path} is ${size} bytes, more than the ${limit} expected`);
                return await handle.readFile();
            }
            finally {
                await handle.close();
            }
        },
        stream(path) {
            return (0,external_node_fs_.createReadStream)(full(path), { highWaterMark: READ_CHUNK });
        },
    };
}
function tarFiles(archive) {
    return {
        location: archive.path,
        size: async (path) => archive.entry(path)?.size,
        async read(path, limit) {
            const entry = archive.entry(path);
            if (!entry)
                return undefined;
            if (entry.size > limit)
                throw new TooLargeError(`${path} is ${entry.size} bytes, more than the ${limit} expected`);
            return archive.read(entry, limit);
        },
        stream(path) {
            const entry = archive.entry(path);
            if (!entry)
                throw new Error(`${path} is not in ${archive.path}`);
            return archive.stream(entry);
        },
    };
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/image-sources/oci-layout-source.js





/** The annotation OCI layouts name images by; containerd (and `docker save` since 25) also write the full name. */
const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';
const LAYOUT_FIX = "Point it at an OCI image layout, e.g. what 'docker buildx build --output type=oci,tar=false,dest=<dir>' or 'skopeo copy <image> oci:<dir>' writes";
function blobPath(digest) {
    const parsed = (0,oci_digest/* parseDigest */.m)(digest);
    return parsed ? `blobs/${parsed.algorithm}/${parsed.hex}` : undefined;
}
/**
 * An OCI image layout (a directory or the same inside a tar): `oci-layout`, `index.json`, `blobs/<alg>/<hex>`.
 * The image is the index.json entry whose ref name matches, or the only entry when no ref name is given.
 */
class OciLayoutSource {
    description;
    files;
    input;
    root;
    constructor(description, files, input, root) {
        this.description = description;
        this.files = files;
        this.input = input;
        this.root = root;
    }
    static async open(files, refName, input) {
        const where = files.location;
        const layoutFile = await OciLayoutSource.readJson(files, 'oci-layout', input);
        if (layoutFile === undefined) {
            throw sourceError(input, `is not an OCI image layout: ${where} has no oci-layout file`, LAYOUT_FIX);
        }
        const version = layoutFile.imageLayoutVersion;
        if (typeof version !== 'string' || !version.startsWith('1.')) {
            throw sourceError(input, `has an unsupported oci-layout in ${where} (imageLayoutVersion ${JSON.stringify(version)})`, 'drydock reads layout version 1.x');
        }
        const index = await OciLayoutSource.readJson(files, 'index.json', input);
        if (index === undefined)
            throw sourceError(input, `is not an OCI image layout: ${where} has no index.json`, LAYOUT_FIX);
        const entries = index.manifests;
        if (!Array.isArray(entries))
            throw sourceError(input, `has an invalid index.json in ${where}: no manifests array`, LAYOUT_FIX);
        const images = entries.filter((d) => (0,media_types/* isManifestMediaType */.CM)(d?.mediaType));
        const names = (d) => [d.annotations?.[REF_NAME], d.annotations?.[CONTAINERD_NAME]].filter((n) => !!n);
        const available = images.flatMap((d) => names(d).slice(0, 1));
        const listed = available.length ? ` (ref names: ${available.map((n) => `'${n}'`).join(', ')})` : '';
        let chosen;
        if (refName !== undefined) {
            chosen = images.filter((d) => names(d).includes(refName));
            if (chosen.length === 0) {
                throw sourceError(input, `names ref '${refName}', which ${where} does not have${listed || ' (its images have no ref names)'}`, 'Use one of the ref names the layout has');
            }
        }
        else {
            chosen = images;
            if (chosen.length === 0)
                throw sourceError(input, `holds no image: index.json in ${where} lists no manifest`, LAYOUT_FIX);
            if (chosen.length > 1) {
                throw sourceError(input, `holds ${chosen.length} images in ${where}${listed}`, `Say which one with '<path>:<ref-name>'`);
            }
        }
        // Several entries under one name are the same image written twice; different digests would be ambiguous.
        const digests = new Set(chosen.map((d) => d.digest));
        if (digests.size > 1)
            throw sourceError(input, `has ${digests.size} different images named '${refName}' in ${where}`, 'Keep one image per ref name');
        const root = chosen[0];
        if (!(0,oci_digest/* parseDigest */.m)(root.digest) || !Number.isSafeInteger(root.size)) {
            throw sourceError(input, `has an invalid descriptor in ${where}/index.json (digest '${root.digest}')`, LAYOUT_FIX);
        }
        const description = `${input.value}`;
        return new OciLayoutSource(description, files, input, root);
    }
    static async readJson(files, path, input) {
        let bytes;
        try {
            bytes = await files.read(path, oci_manifest/* MAX_MANIFEST_BYTES */.ZJ);
        }
        catch (error) {
            if (error instanceof TooLargeError)
                throw sourceError(input, `has an oversized ${path} in ${files.location}`, LAYOUT_FIX);
            throw error;
        }
        if (bytes === undefined)
            return undefined;
        try {
            return JSON.parse(Buffer.from(bytes).toString('utf8'));
        }
        catch {
            throw sourceError(input, `has a ${path} in ${files.location} that is not valid JSON`, LAYOUT_FIX);
        }
    }
    readRoot() {
        return this.readManifest(this.root);
    }
    async readManifest(descriptor) {
        const path = this.pathOf(descriptor);
        let bytes;
        try {
            bytes = await this.files.read(path, oci_manifest/* MAX_MANIFEST_BYTES */.ZJ);
        }
        catch (error) {
            if (error instanceof TooLargeError)
                throw sourceError(this.input, `has a manifest larger than 4 MiB (${descriptor.digest})`, LAYOUT_FIX);
            throw error;
        }
        if (bytes === undefined)
            throw this.missing(descriptor);
        try {
            (0,oci_digest/* verifyBytes */.RV)(bytes, descriptor, `manifest ${descriptor.digest}`);
            return (0,oci_manifest/* manifestContent */.$T)(bytes, descriptor.mediaType, { ...descriptor });
        }
        catch (error) {
            if (error instanceof oci_digest/* DigestMismatchError */.h || error instanceof oci_manifest/* InvalidManifestError */.t4) {
                throw sourceError(this.input, `has a corrupt manifest ${(0,oci_digest/* shortDigest */.VK)(descriptor.digest)} in ${this.files.location}: ${error.message}`, 'Write the layout again');
            }
            throw error;
        }
    }
    async openBlob(descriptor) {
        const path = this.pathOf(descriptor);
        if ((await this.files.size(path)) === undefined)
            throw this.missing(descriptor);
        return this.files.stream(path);
    }
    pathOf(descriptor) {
        const path = blobPath(descriptor.digest);
        if (!path)
            throw sourceError(this.input, `refers to '${descriptor.digest}', which is not a digest`, LAYOUT_FIX);
        return path;
    }
    missing(descriptor) {
        return sourceError(this.input, `is incomplete: blob ${descriptor.digest} (${descriptor.mediaType}) is missing from ${this.files.location}`, 'Write the layout again; a layout copied without all of blobs/ cannot be pushed');
    }
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/image-sources/registry-source.js


/**
 * An image in a registry (`docker://<reference>`): promotion between registries, accounts or regions without a Docker
 * engine. Blobs stream from the source registry straight into the upload.
 */
class RegistrySource {
    client;
    reference;
    input;
    description;
    registryLocation;
    constructor(client, reference, input) {
        this.client = client;
        this.reference = reference;
        this.input = input;
        this.description = `docker://${(0,oci_reference/* formatImageReference */.my)(reference)}`;
        this.registryLocation = { registry: reference.registry, repository: reference.repository };
    }
    async readRoot() {
        const wanted = (0,oci_reference/* manifestReferenceOf */.aE)(this.reference);
        const found = await this.client.findManifest(this.reference.repository, wanted);
        if (!found) {
            throw sourceError(this.input, `does not exist: ${this.reference.registry} has no manifest ${wanted} in ${this.reference.repository}`, 'Check the repository, tag or digest');
        }
        return found;
    }
    readManifest(descriptor) {
        return this.client.getManifest(this.reference.repository, descriptor.digest);
    }
    /** Unverified here: the upload verifies the same bytes as they pass through, so they are hashed once, not twice. */
    openBlob(descriptor) {
        return this.client.openBlob(this.reference.repository, descriptor, { verify: false });
    }
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/image-sources/tar-archive.js



/** The archive is not a (readable) tar; the message says why, for the caller to wrap with the input's name. */
class TarFormatError extends Error {
    name = 'TarFormatError';
}
const BLOCK = 512;
const tar_archive_GZIP_MAGIC = [0x1f, 0x8b];
const tar_archive_ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const MAX_LINK_DEPTH = 16;
/** PAX and GNU long-name records are read into memory; real ones are a few hundred bytes. */
const MAX_METADATA_BYTES = 1024 * 1024;
/**
 * 256 KiB reads: large enough that a 1 GiB layer is 4,096 reads, small enough that the chunks in flight across
 * parallel uploads stay small. Measured on a 1 GiB push (bench:push): 1 MiB reads peaked at 202-215 MB RSS,
 * 256 KiB at 180-188 MB, 64 KiB at 172-183 MB but slower; what remains is mostly chunks V8 has not collected yet.
 */
const tar_archive_READ_CHUNK = 256 * 1024;
function tar_archive_text(block, start, length) {
    const field = block.subarray(start, start + length);
    const end = field.indexOf(0);
    return Buffer.from(end < 0 ? field : field.subarray(0, end)).toString('utf8');
}
/** Octal ASCII, or GNU base-256 (high bit set) for sizes of 8 GiB and more. */
function numeric(block, start, length) {
    const field = block.subarray(start, start + length);
    if (field[0] & 0x80) {
        let value = field[0] & 0x7f;
        for (let i = 1; i < field.length; i++)
            value = value * 256 + field[i];
        return value;
    }
    const digits = tar_archive_text(block, start, length).trim();
    if (digits === '')
        return 0;
    if (!/^[0-7]+$/.test(digits))
        throw new TarFormatError(`invalid numeric field '${digits}' in a tar header`);
    return parseInt(digits, 8);
}
function checksumMatches(block) {
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += i >= 148 && i < 156 ? 0x20 : block[i];
    const stored = tar_archive_text(block, 148, 8).trim();
    return /^[0-7]+$/.test(stored) && parseInt(stored, 8) === sum;
}
/** Parses PAX records: `<length> <key>=<value>\n`, repeated. */
function paxRecords(data) {
    const records = new Map();
    let position = 0;
    const buffer = Buffer.from(data);
    while (position < buffer.length) {
        const space = buffer.indexOf(0x20, position);
        if (space < 0)
            break;
        const length = Number(buffer.subarray(position, space).toString('ascii'));
        if (!Number.isInteger(length) || length <= 0)
            break;
        const record = buffer.subarray(space + 1, position + length - 1).toString('utf8');
        const equals = record.indexOf('=');
        if (equals > 0)
            records.set(record.slice(0, equals), record.slice(equals + 1));
        position += length;
    }
    return records;
}
function normalise(path) {
    const normalised = external_node_path_.posix.normalize(path.replace(/^\/+/, '')).replace(/\/+$/, '');
    return normalised === '.' ? '' : normalised.replace(/^\.\//, '');
}
/**
 * Random access to the regular files of an uncompressed tar without extracting it: the headers are read once (one
 * 512-byte read per entry, data skipped), then each file is streamed straight from its offset. Understands ustar,
 * PAX extended headers, GNU long names and base-256 sizes, and resolves the symbolic and hard links `docker save`
 * uses for layers shared between images.
 */
class TarArchive {
    path;
    files;
    links;
    constructor(path, files, links) {
        this.path = path;
        this.files = files;
        this.links = links;
    }
    static async open(path) {
        const handle = await (0,promises_.open)(path, 'r');
        try {
            return await TarArchive.index(path, handle);
        }
        finally {
            await handle.close();
        }
    }
    static async index(path, handle) {
        const { size: archiveSize } = await handle.stat();
        const files = new Map();
        const links = new Map();
        const block = new Uint8Array(BLOCK);
        const readAt = async (buffer, position) => {
            const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, position);
            return bytesRead;
        };
        const first = await readAt(block, 0);
        if (first >= 2 && block[0] === tar_archive_GZIP_MAGIC[0] && block[1] === tar_archive_GZIP_MAGIC[1]) {
            throw new TarFormatError('it is gzip-compressed; decompress it first (gunzip) and point the input at the .tar');
        }
        if (first >= 4 && tar_archive_ZSTD_MAGIC.every((b, i) => block[i] === b)) {
            throw new TarFormatError('it is zstd-compressed; decompress it first (zstd -d) and point the input at the .tar');
        }
        let position = 0;
        let pax = new Map();
        let longName;
        let longLink;
        for (;;) {
            const read = position === 0 ? first : await readAt(block, position);
            if (read === 0)
                break; // EOF without the end-of-archive blocks: tolerated, as GNU tar does.
            if (read < BLOCK)
                throw new TarFormatError(position === 0 ? 'it is not a tar archive (shorter than one header)' : `it ends inside a tar header at byte ${position}`);
            if (block.every((b) => b === 0))
                break;
            if (!checksumMatches(block)) {
                throw new TarFormatError(position === 0 ? 'it is not a tar archive' : `the tar header at byte ${position} is corrupt`);
            }
            const type = String.fromCharCode(block[156]);
            let size = numeric(block, 124, 12);
            if (pax.has('size'))
                size = Number(pax.get('size'));
            const dataStart = position + BLOCK;
            if (dataStart + size > archiveSize)
                throw new TarFormatError(`it is truncated: an entry at byte ${position} needs ${size} bytes`);
            const next = dataStart + Math.ceil(size / BLOCK) * BLOCK;
            if (type === 'x' || type === 'L' || type === 'K' || type === 'g') {
                if (size > MAX_METADATA_BYTES)
                    throw new TarFormatError(`an extended header of ${size} bytes is implausibly large`);
                const data = new Uint8Array(size);
                if ((await readAt(data, dataStart)) !== size)
                    throw new TarFormatError('it is truncated inside an extended header');
                if (type === 'x')
                    pax = paxRecords(data);
                else if (type === 'L')
                    longName = tar_archive_text(data, 0, size);
                else if (type === 'K')
                    longLink = tar_archive_text(data, 0, size);
                // 'g' (global PAX) carries nothing drydock needs.
                position = next;
                continue;
            }
            const magic = tar_archive_text(block, 257, 6);
            const prefix = magic === 'ustar' ? tar_archive_text(block, 345, 155) : '';
            const rawName = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${tar_archive_text(block, 0, 100)}` : tar_archive_text(block, 0, 100));
            const rawLink = pax.get('linkpath') ?? longLink ?? tar_archive_text(block, 157, 100);
            const name = normalise(rawName);
            if (type === '0' || type === '\0' || type === '7')
                files.set(name, { path: name, offset: dataStart, size });
            else if (type === '2')
                links.set(name, normalise(external_node_path_.posix.join(external_node_path_.posix.dirname(name), rawLink)));
            else if (type === '1')
                links.set(name, normalise(rawLink));
            // Directories, devices and FIFOs are not content an image source reads.
            pax = new Map();
            longName = undefined;
            longLink = undefined;
            position = next;
        }
        return new TarArchive(path, files, links);
    }
    /** The regular file at `path` (links followed), or undefined. */
    entry(path) {
        let current = normalise(path);
        for (let depth = 0; depth < MAX_LINK_DEPTH; depth++) {
            const file = this.files.get(current);
            if (file)
                return file;
            const target = this.links.get(current);
            if (target === undefined)
                return undefined;
            current = target;
        }
        return undefined;
    }
    paths() {
        return [...this.files.keys(), ...this.links.keys()].sort();
    }
    /** Streams a file's bytes from the archive, reading only its range. */
    stream(entry) {
        if (entry.size === 0)
            return [];
        return (0,external_node_fs_.createReadStream)(this.path, { start: entry.offset, end: entry.offset + entry.size - 1, highWaterMark: tar_archive_READ_CHUNK });
    }
    /** Reads a small file whole (manifests, configs, index.json). */
    async read(entry, limit) {
        if (entry.size > limit)
            throw new TarFormatError(`${entry.path} is ${entry.size} bytes, more than the ${limit} expected`);
        const handle = await (0,promises_.open)(this.path, 'r');
        try {
            const data = new Uint8Array(entry.size);
            const { bytesRead } = await handle.read(data, 0, entry.size, entry.offset);
            if (bytesRead !== entry.size)
                throw new TarFormatError(`${entry.path} is truncated`);
            return data;
        }
        finally {
            await handle.close();
        }
    }
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/image-sources/parse-image-source.js









const TRANSPORTS_FIX = "Start it with a transport: 'oci:<dir>[:<ref-name>]', 'oci-archive:<tar>[:<ref-name>]', 'docker-archive:<tar>[:<repo:tag>]' or 'docker://<reference>'";
function pathKind(path) {
    try {
        const info = (0,external_node_fs_.statSync)(path);
        return info.isDirectory() ? 'directory' : 'file';
    }
    catch {
        return 'missing';
    }
}
/**
 * Parses an image source input and checks that a local path exists and has the right kind (directory or file).
 * Relative paths are resolved against `baseDir` (the workspace). The content itself is checked by `openImageSource`.
 */
function parseImageSource(value, inputName, baseDir) {
    const input = { inputName, value };
    if (value.trim() === '')
        throw sourceError(input, 'is empty', TRANSPORTS_FIX);
    if (value.startsWith('docker://')) {
        return { ...input, transport: 'docker', reference: (0,oci_reference/* parseImageReference */.o_)(value.slice('docker://'.length), inputName) };
    }
    const prefix = /^(oci|oci-archive|docker-archive):/.exec(value);
    if (!prefix) {
        const kind = pathKind((0,external_node_path_.resolve)(baseDir, value));
        const hint = kind === 'directory' ? `; if it is an OCI layout directory, write 'oci:${value}'` : kind === 'file' ? `; if it is a tar, write 'oci-archive:${value}' or 'docker-archive:${value}'` : '';
        throw sourceError(input, `has no transport prefix${hint}`, TRANSPORTS_FIX);
    }
    const transport = prefix[1];
    const rest = value.slice(prefix[0].length);
    // As in containers/image: the path ends at the first colon; what follows names the image inside.
    const colon = rest.indexOf(':');
    const rawPath = colon < 0 ? rest : rest.slice(0, colon);
    const selector = colon < 0 ? undefined : rest.slice(colon + 1);
    if (rawPath === '')
        throw sourceError(input, 'has no path after the transport', `Write '${transport}:<path>'`);
    if (selector === '')
        throw sourceError(input, 'has an empty name after the path', "Remove the trailing ':' or add the name");
    const path = (0,external_node_path_.resolve)(baseDir, rawPath);
    const kind = pathKind(path);
    const wantDirectory = transport === 'oci';
    if (kind === 'missing') {
        throw sourceError(input, `names ${path}, which does not exist`, wantDirectory ? 'Build the image into that directory first, or fix the path' : 'Write the archive first, or fix the path');
    }
    if (wantDirectory && kind !== 'directory') {
        throw sourceError(input, `names ${path}, which is a file, not a directory`, `For a tar, write 'oci-archive:${rawPath}' or 'docker-archive:${rawPath}'`);
    }
    if (!wantDirectory && kind !== 'file') {
        throw sourceError(input, `names ${path}, which is a directory, not a tar file`, `For an OCI layout directory, write 'oci:${rawPath}'`);
    }
    if (transport === 'docker-archive') {
        if (selector === undefined)
            return { ...input, transport, path };
        if (selector.startsWith('@')) {
            const index = Number(selector.slice(1));
            if (!Number.isInteger(index) || index < 0)
                throw sourceError(input, `has '${selector}', which is not an image index`, "Write ':@0', ':@1', ...");
            return { ...input, transport, path, image: { index } };
        }
        (0,oci_reference/* parseImageReference */.o_)(selector, inputName);
        return { ...input, transport, path, image: { reference: selector } };
    }
    return { ...input, transport, path, ...(selector === undefined ? {} : { refName: selector }) };
}
/** Opens a parsed source, reading its index (layouts, archives); malformed content is a ConfigurationError naming the path. */
async function openImageSource(spec, options = {}) {
    switch (spec.transport) {
        case 'oci':
            return OciLayoutSource.open(directoryFiles(spec.path), spec.refName, spec);
        case 'oci-archive':
            return OciLayoutSource.open(tarFiles(await openTar(spec.path, spec)), spec.refName, spec);
        case 'docker-archive':
            return DockerArchiveSource.open(await openTar(spec.path, spec), spec.image, spec);
        case 'docker': {
            if (!options.registryClient)
                throw new Error('openImageSource: a docker:// source needs a registryClient factory');
            return new RegistrySource(options.registryClient(spec.reference.registry), spec.reference, spec);
        }
    }
}
async function openTar(path, input) {
    try {
        return await TarArchive.open(path);
    }
    catch (error) {
        if (error instanceof TarFormatError)
            throw sourceError(input, `cannot be read: ${path}: ${error.message}`, 'Point it at an uncompressed tar');
        throw error;
    }
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/registry-client.js + 2 modules
var registry_client = __webpack_require__(99309);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/aws/client-config.js
var client_config = __webpack_require__(72367);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/endpoint.js
var oci_endpoint = __webpack_require__(806);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/push-ecr/inputs.js





const KMS_KEY = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+|alias\/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
/** An ECR repository name: the OCI rules, plus a clear word for the common mistake of pasting the registry host too. */
function parseEcrRepositoryName(input, value) {
    const [first] = value.split('/');
    if (value.includes('/') && first && (first.includes('.') || first.includes(':'))) {
        throw (0,errors/* invalidInput */.aY)(input, value, 'starts with a registry host', `Give only the repository name, such as '${value.slice(first.length + 1)}'.`);
    }
    if (value.length < 2)
        throw (0,errors/* invalidInput */.aY)(input, value, 'is shorter than 2 characters', "Use a name of 2 to 255 characters (ECR's minimum, the image reference format's maximum).");
    return (0,oci_reference/* parseRepositoryName */.$M)(value, input);
}
function policyText(inputs, name, check, fix) {
    const policy = inputs.json(name);
    if (policy === undefined)
        return undefined;
    if (!check(policy.value))
        throw new errors/* ConfigurationError */.j1(`Input '${name}': ${policy.source === `input '${name}'` ? 'the JSON' : policy.source} ${fix}`);
    return JSON.stringify(policy.value);
}
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
function parsePushEcrInputs(inputs, context) {
    const repository = parseEcrRepositoryName('repository', inputs.required('repository', "Name the ECR repository, such as 'team/app'."));
    const image = parseImageSource(inputs.required('image', "Name the image source, such as 'oci:./build/oci' or 'docker-archive:image.tar'."), 'image', inputs.baseDir);
    const tags = inputs.list('tags').map((tag) => (0,oci_reference/* parseTag */.ED)(tag, 'tags'));
    const regionInput = inputs.region('region');
    const registryId = inputs.optional('registry-id');
    if (registryId !== undefined && !/^\d{12}$/.test(registryId)) {
        throw (0,errors/* invalidInput */.aY)('registry-id', registryId, 'is not a 12-digit AWS account id', 'Give the account id that owns the registry.');
    }
    const tagMutability = inputs.oneOf('image-tag-mutability', ['MUTABLE', 'IMMUTABLE']);
    const scanOnPush = inputs.isSet('scan-on-push') ? inputs.boolean('scan-on-push', false) : undefined;
    const type = inputs.oneOf('encryption', ['AES256', 'KMS']);
    const kmsKey = inputs.optional('kms-key');
    if (kmsKey !== undefined && type !== 'KMS') {
        throw new errors/* ConfigurationError */.j1("Input 'kms-key' is set but 'encryption' is AES256. Set encryption: KMS, or remove kms-key.");
    }
    if (kmsKey !== undefined && !KMS_KEY.test(kmsKey)) {
        throw (0,errors/* invalidInput */.aY)('kms-key', kmsKey, 'is not a KMS key id, key ARN or alias', 'Use a key ARN, a key id or alias/<name>.');
    }
    const lifecyclePolicy = policyText(inputs, 'lifecycle-policy', (value) => isObject(value) && Array.isArray(value['rules']), "is not an ECR lifecycle policy: it needs a 'rules' array.");
    const repositoryPolicy = policyText(inputs, 'repository-policy', (value) => isObject(value) && (Array.isArray(value['Statement']) || isObject(value['Statement'])), "is not an IAM policy document: it needs a 'Statement'.");
    const endpoint = inputs.optional('registry-endpoint');
    const settings = {
        repository,
        image,
        tags: [...new Set(tags)],
        region: (0,client_config/* resolveRegion */.Zv)(regionInput, context.env),
        createRepository: inputs.boolean('create-repository', true),
        // Not asked for, these stay unset: a repository this step creates gets ECR's defaults, and an existing one is not
        // compared with them (see RepositorySettings).
        ...(tagMutability ? { tagMutability } : {}),
        ...(scanOnPush !== undefined ? { scanOnPush } : {}),
        ...(type ? { encryption: kmsKey ? { type, kmsKey } : { type } } : {}),
        concurrency: inputs.integer('concurrency', 4, 1, 32),
        baseDir: inputs.baseDir,
        ...(registryId ? { registryId } : {}),
        ...(lifecyclePolicy ? { lifecyclePolicy } : {}),
        ...(repositoryPolicy ? { repositoryPolicy } : {}),
        ...(endpoint ? { registryEndpoint: (0,oci_endpoint/* parseRegistryBaseUrl */.F)('registry-endpoint', endpoint) } : {}),
    };
    return settings;
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/push-ecr/main.js











const defaultPushEcrClients = {
    ecr: aws_ecr.createEcrClient,
    registry: (options) => new registry_client/* RegistryClient */.b(options),
};
/** A `docker://` source's registry: ECR registries get their own ECR token (another account or region works if IAM allows). */
async function sourceCredentials(registry, clients, context) {
    const ecr = (0,oci_reference/* parseEcrRegistry */.d_)(registry);
    if (!ecr)
        return { kind: 'anonymous' };
    const login = await (0,aws_ecr.loginToRegistry)(clients.ecr(ecr.region), ecr.accountId, context.secrets);
    return { kind: 'basic-token', token: login.basicToken };
}
async function openSource(settings, clients, context) {
    const spec = settings.image;
    const credentials = spec.transport === 'docker' ? await sourceCredentials(spec.reference.registry, clients, context) : undefined;
    return openImageSource(spec, {
        registryClient: (registry) => clients.registry({
            registry,
            credentials: credentials ?? { kind: 'anonymous' },
            insecureHttp: (0,loopback/* isLoopbackHost */.c)(registry),
            clock: context.clock,
            logger: context.logger,
            userAgent: version/* USER_AGENT */._,
            secrets: context.secrets,
        }),
    });
}
/**
 * A tag that already points at another digest cannot move in an IMMUTABLE repository: say so before uploading
 * anything, instead of failing after the blobs are pushed. In a MUTABLE repository the move is logged.
 */
async function checkTags(client, settings, digest, repository, context) {
    for (const tag of settings.tags) {
        const current = await client.headManifest(settings.repository, tag);
        if (!current || current.digest === digest)
            continue;
        if (repository.isTagImmutable(tag)) {
            throw new errors/* ConfigurationError */.j1(`Input 'tags': tag '${tag}' already points at ${current.digest} in the ${repository.tagMutability} repository ${settings.repository}, not at ${digest}. Push under a new tag.`);
        }
        context.logger.info(`Tag ${tag} moves from ${(0,oci_digest/* shortDigest */.VK)(current.digest)} to ${(0,oci_digest/* shortDigest */.VK)(digest)}`);
    }
}
/** 'Repository team/app: created, lifecycle policy set', when push-ecr changed the repository itself. */
function summariseRepositoryChanges(context, settings, repository) {
    const changes = [...(repository.created ? ['created'] : []), ...repository.policiesApplied.map((policy) => `${policy} set`)];
    if (changes.length)
        context.summary.text(`Repository ${settings.repository}: ${changes.join(', ')}`);
}
function summarise(context, settings, repository, imageUri, result, elapsedMs) {
    const platforms = result.manifests.filter((m) => m.platform).map((m) => m.platform);
    context.summary.heading('push-ecr').table(['image', 'digest', 'size', 'blobs uploaded', 'blobs reused', 'time'], [
        [
            `${settings.repository}${settings.tags.length ? `:${settings.tags.join(', ')}` : ' (untagged)'}`,
            result.digest,
            (0,format/* formatBytes */.z)(result.totalBytes),
            `${result.blobsUploaded} (${(0,format/* formatBytes */.z)(result.bytesUploaded)})`,
            `${result.blobsReused}${result.blobsMounted ? ` (${result.blobsMounted} mounted)` : ''}`,
            `${(elapsedMs / 1000).toFixed(1)} s`,
        ],
    ]);
    if (platforms.length)
        context.summary.text(`Platforms: ${platforms.join(', ')}`);
    const attestations = result.manifests.filter((m) => m.attests).length;
    if (attestations) {
        context.summary.text(`Attestations: ${attestations} manifest${attestations === 1 ? '' : 's'} (BuildKit provenance or SBOM) in the index, beside the images they describe; ECR lists them as untagged images of platform unknown/unknown.`);
    }
    summariseRepositoryChanges(context, settings, repository);
    context.summary.text(`Pinned reference: \`${imageUri}\``);
}
/**
 * A push that stopped part-way (cancelled, or failed while moving tags): the outputs that are true and a summary with
 * the same facts as the error line. The digest and image-uri only once the manifest is in the repository; `tags` lists
 * only the tags that moved, so no later step acts on a tag that still points at the old image.
 */
function reportInterruptedPush(context, settings, repository, error) {
    const { progress } = error;
    const repositoryUri = repository.uri;
    context.outputs.set('registry', repositoryUri.slice(0, repositoryUri.indexOf('/')));
    context.outputs.set('repository-uri', repositoryUri);
    if (progress.digest) {
        context.outputs.set('digest', progress.digest);
        context.outputs.set('image-uri', `${repositoryUri}@${progress.digest}`);
    }
    context.outputs.set('tags', [...progress.tags]);
    context.summary.heading('push-ecr').table(['image', 'blobs uploaded', 'manifest', 'tags moved'], [
        [
            `${settings.repository}${settings.tags.length ? `:${settings.tags.join(', ')}` : ' (untagged)'}`,
            `${progress.blobsDone} of ${progress.blobsTotal}`,
            progress.digest ?? 'not pushed',
            progress.tags.length ? progress.tags.join(', ') : 'none',
        ],
    ]);
    // What it changed (the repository created, policies set, tags moved) follows from the recorded changes, which a
    // failed step lists (executeAction).
    context.summary.text(`**Failed:** ${error.message}`);
    if (progress.digest)
        context.summary.text(`Pinned reference: \`${repositoryUri}@${progress.digest}\``);
}
async function runPushEcr(settings, context, clients = defaultPushEcrClients) {
    const started = context.clock.now();
    // The image is read first: a source that is not an image (an empty layout, a missing archive) is an input mistake,
    // and must fail before the repository is created or changed.
    const source = await openSource(settings, clients, context);
    const root = await source.readRoot();
    const ecr = clients.ecr(settings.region);
    const repository = await (0,aws_ecr.ensureRepository)(ecr, {
        name: settings.repository,
        create: settings.createRepository,
        tagMutability: settings.tagMutability,
        scanOnPush: settings.scanOnPush,
        encryption: settings.encryption,
        ...(settings.registryId ? { registryId: settings.registryId } : {}),
        ...(settings.lifecyclePolicy ? { lifecyclePolicy: settings.lifecyclePolicy } : {}),
        ...(settings.repositoryPolicy ? { repositoryPolicy: settings.repositoryPolicy } : {}),
    }, context.logger, (change) => context.summary.recordChange(change));
    const login = await (0,aws_ecr.loginToRegistry)(ecr, repository.registryId, context.secrets);
    const endpoint = settings.registryEndpoint ?? new URL(login.endpoint);
    const target = clients.registry({
        registry: endpoint.host,
        credentials: { kind: 'basic-token', token: login.basicToken },
        insecureHttp: endpoint.protocol === 'http:',
        clock: context.clock,
        logger: context.logger,
        userAgent: version/* USER_AGENT */._,
        secrets: context.secrets,
    });
    await checkTags(target, settings, root.descriptor.digest, repository, context);
    let result;
    try {
        result = await copyImage({
            source,
            target: { client: target, repository: settings.repository },
            tags: settings.tags,
            concurrency: settings.concurrency,
            logger: context.logger,
            // The cancel is only checked between writes, so the runner's SIGINT ends the push at a boundary it can report
            // (its SIGTERM 7.5 s later exits mid-way, and only the summary's list of changes says what had moved).
            signal: context.signal,
            onChange: (change) => context.summary.recordChange(change),
        });
    }
    catch (error) {
        if (error instanceof CopyInterruptedError)
            reportInterruptedPush(context, settings, repository, error);
        throw error;
    }
    const registry = repository.uri.slice(0, repository.uri.indexOf('/'));
    const imageUri = `${repository.uri}@${result.digest}`;
    context.outputs.set('registry', registry);
    context.outputs.set('repository-uri', repository.uri);
    context.outputs.set('digest', result.digest);
    context.outputs.set('image-uri', imageUri);
    context.outputs.set('tags', [...result.tags]);
    summarise(context, settings, repository, imageUri, result, context.clock.now() - started);
}
function createPushEcr(clients = defaultPushEcrClients) {
    return { name: 'push-ecr', parse: parsePushEcrInputs, run: (settings, context) => runPushEcr(settings, context, clients) };
}
const pushEcr = createPushEcr();


/***/ }),

/***/ 86874:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ formatElapsed),
/* harmony export */   z: () => (/* binding */ formatBytes)
/* harmony export */ });
/** Human-readable sizes and durations for log lines and summaries, shared so every action reads the same. */
/** `512 B`, `3.5 KiB`, `1.0 GiB`. */
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
}
/** `45s`, `3m12s`, `1h02m`: elapsed times in progress lines. */
function formatElapsed(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 60)
        return `${seconds}s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60)
        return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
    return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}


/***/ }),

/***/ 90460:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AB: () => (/* binding */ LruMap),
/* harmony export */   HK: () => (/* binding */ remembered),
/* harmony export */   nc: () => (/* binding */ rememberedPair),
/* harmony export */   xT: () => (/* binding */ rememberedUntilRejected)
/* harmony export */ });
/** A Map that keeps at most `capacity` entries, dropping the least recently used: memoization that cannot grow forever. */
class LruMap {
    capacity;
    entries = new Map();
    constructor(capacity) {
        this.capacity = capacity;
        if (!Number.isInteger(capacity) || capacity < 1)
            throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    get size() {
        return this.entries.size;
    }
    get(key) {
        const value = this.entries.get(key);
        if (value === undefined)
            return undefined;
        // Re-inserting moves the key to the end: Map iterates in insertion order, so the first key is the least recent.
        this.entries.delete(key);
        this.entries.set(key, value);
        return value;
    }
    set(key, value) {
        this.entries.delete(key);
        this.entries.set(key, value);
        if (this.entries.size > this.capacity)
            this.entries.delete(this.entries.keys().next().value);
    }
}
/**
 * The value `cache` holds for `key`, computed and stored on first use: memoization over an LruMap or a WeakMap. A
 * computation that throws stores nothing, so the next call throws again.
 */
function remembered(cache, key, compute) {
    let value = cache.get(key);
    if (value === undefined) {
        value = compute(key);
        cache.set(key, value);
    }
    return value;
}
/**
 * `remembered` for work that may fail: every caller shares the key's pending or fulfilled promise, but one that rejects
 * is forgotten, so a failed attempt (a timeout, a throttled call) is tried afresh by the next caller instead of failing
 * every later one.
 */
function rememberedUntilRejected(cache, key, start) {
    return remembered(cache, key, () => {
        const attempt = start(key);
        attempt.catch(() => {
            if (cache.get(key) === attempt)
                cache.delete(key);
        });
        return attempt;
    });
}
/**
 * `remembered` by two objects, both held weakly: the value for (`first`, `second`), computed on first use. For
 * outcomes that depend on two memoized objects, such as a signature check of a parsed certificate with a parsed key.
 */
function rememberedPair(cache, first, second, compute) {
    let byFirst = cache.get(first);
    if (!byFirst)
        cache.set(first, (byFirst = new WeakMap()));
    return remembered(byFirst, second, compute);
}


/***/ }),

/***/ 36179:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   RV: () => (/* binding */ verifyBytes),
/* harmony export */   VK: () => (/* binding */ shortDigest),
/* harmony export */   h: () => (/* binding */ DigestMismatchError),
/* harmony export */   m: () => (/* binding */ parseDigest),
/* harmony export */   oP: () => (/* binding */ verifyingStream),
/* harmony export */   sI: () => (/* binding */ sha256Digest),
/* harmony export */   yw: () => (/* binding */ readAll)
/* harmony export */ });
/* harmony import */ var _core_node_crypto_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(43723);

/** The digest algorithms the OCI image spec registers; both are node:crypto hash names too. */
const HEX_LENGTH = { sha256: 64, sha512: 128 };
const DIGEST_SHAPE = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
/** Parses `sha256:<64 lower-case hex>` (or sha512); undefined for anything else, so callers word their own error. */
function parseDigest(value) {
    const match = DIGEST_SHAPE.exec(value);
    if (!match)
        return undefined;
    const algorithm = match[1];
    const hex = match[2];
    if (!(algorithm in HEX_LENGTH))
        return undefined;
    const expected = HEX_LENGTH[algorithm];
    if (hex.length !== expected || !/^[0-9a-f]+$/.test(hex))
        return undefined;
    return { algorithm: algorithm, hex };
}
function isDigest(value) {
    return parseDigest(value) !== undefined;
}
function sha256Digest(bytes) {
    return `sha256:${(0,_core_node_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .nodeCrypto */ .S)().createHash('sha256').update(bytes).digest('hex')}`;
}
/** `sha256:0123456789ab…` for log lines and error messages, where the full 71 characters drown the sentence. */
function shortDigest(digest) {
    const colon = digest.indexOf(':');
    return colon < 0 || digest.length <= colon + 13 ? digest : `${digest.slice(0, colon + 13)}…`;
}
/** Content whose bytes are not what its descriptor promised: never retried, since the same bytes would come again. */
class DigestMismatchError extends Error {
    name = 'DigestMismatchError';
}
function startHash(expected, what) {
    const parsed = parseDigest(expected.digest);
    if (!parsed)
        throw new DigestMismatchError(`${what}: '${expected.digest}' is not a digest drydock can verify (sha256 or sha512)`);
    return (0,_core_node_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .nodeCrypto */ .S)().createHash(parsed.algorithm);
}
/** Checks buffered content (manifests, configs) against its descriptor. */
function verifyBytes(bytes, expected, what) {
    if (bytes.byteLength !== expected.size) {
        throw new DigestMismatchError(`${what}: expected ${expected.size} bytes, got ${bytes.byteLength}`);
    }
    const actual = `${expected.digest.slice(0, expected.digest.indexOf(':'))}:${startHash(expected, what).update(bytes).digest('hex')}`;
    if (actual !== expected.digest)
        throw new DigestMismatchError(`${what}: content has digest ${actual}, expected ${expected.digest}`);
}
/**
 * Passes a byte stream through while hashing it, and fails it when the bytes are not the expected ones.
 *
 * The last chunk is held back until the digest has been checked: whoever consumes the stream (an HTTP PUT with a
 * Content-Length) therefore never receives the complete wrong content, so a mismatch can only ever abort the request,
 * never complete it. Too many bytes fail as soon as they arrive. At most one chunk is buffered.
 */
async function* verifyingStream(source, expected, what) {
    const hash = startHash(expected, what);
    let seen = 0;
    let held;
    for await (const chunk of source) {
        if (chunk.byteLength === 0)
            continue;
        seen += chunk.byteLength;
        if (seen > expected.size) {
            throw new DigestMismatchError(`${what}: content is longer than the ${expected.size} bytes its descriptor declares`);
        }
        hash.update(chunk);
        if (held)
            yield held;
        held = chunk;
    }
    if (seen !== expected.size) {
        throw new DigestMismatchError(`${what}: content ended after ${seen} of the ${expected.size} bytes its descriptor declares`);
    }
    const algorithm = expected.digest.slice(0, expected.digest.indexOf(':'));
    const actual = `${algorithm}:${hash.digest('hex')}`;
    if (actual !== expected.digest) {
        throw new DigestMismatchError(`${what}: content has digest ${actual}, expected ${expected.digest}`);
    }
    if (held)
        yield held;
}
/** Reads a whole (small) stream into memory; refuses more than `limit` bytes so a wrong descriptor cannot exhaust memory. */
async function readAll(source, limit, what) {
    const chunks = [];
    let total = 0;
    for await (const chunk of source) {
        total += chunk.byteLength;
        if (total > limit)
            throw new RangeError(`${what} is larger than ${limit} bytes`);
        chunks.push(chunk);
    }
    return Buffer.concat(chunks, total);
}


/***/ }),

/***/ 806:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ parseRegistryBaseUrl)
/* harmony export */ });
/* unused harmony export withoutCredentials */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _loopback_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6458);


/**
 * A `registry-endpoint` value as errors show it: everything up to its last `@` replaced by `***`. Where a URL parser
 * ends the user info depends on characters a password may hold (`https://deploy:99#Secret@host` parses as host
 * `deploy`, port 99 and a fragment), and a registry endpoint has no place for an `@` of its own, so any `@` means the
 * part before it could be a password.
 */
function withoutCredentials(value) {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value)?.[0] ?? '';
    const at = value.lastIndexOf('@');
    return at < scheme.length ? value : `${scheme}***@${value.slice(at + 1)}`;
}
/**
 * A registry base URL given instead of the registry's own host (a VPC endpoint, a local mirror, the loopback testbed),
 * as every action's `registry-endpoint` takes it: http(s), no path, query or fragment, no credentials (drydock logs
 * in itself, and a password in a URL ends up in logs), and plain HTTP only to this machine, since the registry's
 * credentials (an ECR password, a token) would otherwise cross the network in clear text. Refusals never show
 * credentials.
 */
function parseRegistryBaseUrl(input, value) {
    const shown = withoutCredentials(value);
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(input, shown, 'is not a URL', 'Write it as https://host[:port]');
    }
    if (url.username || url.password) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(input, shown, 'has credentials in it', 'Write it as https://host[:port]; drydock logs in to ECR registries itself and reads other registries anonymously');
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(input, shown, 'is not a registry base URL', 'Write it as https://host[:port], without a path');
    }
    if (url.protocol === 'http:' && !(0,_loopback_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoopbackHost */ .c)(url.host)) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(input, shown, 'uses plain HTTP to a host that is not this machine', 'Use https://; plain HTTP is only allowed for loopback test registries');
    }
    return url;
}


/***/ }),

/***/ 6458:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ isLoopbackHost)
/* harmony export */ });
/**
 * Plain HTTP only ever to a registry on this machine (the testbed, a local mirror), never across a network: credentials
 * and tokens would otherwise travel in clear text. Every action that accepts a `registry-endpoint` applies this rule.
 */
function isLoopbackHost(host) {
    const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}


/***/ }),

/***/ 92474:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $M: () => (/* binding */ parseRepositoryName),
/* harmony export */   ED: () => (/* binding */ parseTag),
/* harmony export */   Mb: () => (/* binding */ registryApiHost),
/* harmony export */   aE: () => (/* binding */ manifestReferenceOf),
/* harmony export */   d_: () => (/* binding */ parseEcrRegistry),
/* harmony export */   my: () => (/* binding */ formatImageReference),
/* harmony export */   o_: () => (/* binding */ parseImageReference),
/* harmony export */   og: () => (/* binding */ isRepositoryPath)
/* harmony export */ });
/* unused harmony export DOCKER_HUB */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36179);


const DOCKER_HUB = 'docker.io';
/** Docker Hub's API is not served at docker.io itself. */
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io']);
const MAX_NAME_LENGTH = 255;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const HOST = new RegExp(`^(?:\\[[0-9a-fA-F:.]+\\]|${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*)(?::([0-9]+))?$`);
const ECR_HOST = /^(\d{12})\.dkr\.ecr(-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;
const REFERENCE_FIX = "Write it as 'registry/repository:tag' or 'registry/repository@sha256:<64 hex digits>', e.g. '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.2.3'";
function notAReference(inputName, value, problem, fix = REFERENCE_FIX) {
    return (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(inputName, value, `is not a valid image reference: ${problem}`, fix);
}
/** Checks one repository path (`team/app`); returns the problem, or undefined when it is valid. */
function repositoryProblem(repository) {
    if (repository === '')
        return 'the repository name is empty';
    if (repository !== repository.toLowerCase())
        return `the repository name '${repository}' must be lower case`;
    for (const component of repository.split('/')) {
        if (component === '')
            return `the repository name '${repository}' has an empty path component`;
        if (!PATH_COMPONENT.test(component)) {
            return `'${component}' is not a valid repository path component (lower-case letters and digits, separated by '.', '_', '__' or '-')`;
        }
    }
    return undefined;
}
/** Whether `repository` is a valid repository path (`team/app`): the distribution grammar, lower case, no empty part. */
function isRepositoryPath(repository) {
    return repositoryProblem(repository) === undefined;
}
function hostProblem(host) {
    const match = HOST.exec(host);
    if (!match)
        return `'${host}' is not a valid registry host`;
    const port = match[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
        return `port ${port} is out of range`;
    return undefined;
}
/**
 * Docker's rule for whether the first path component names a registry: it does when it contains a dot or a colon,
 * is `localhost`, or has upper-case letters (repository paths never do). `team/app` is therefore Docker Hub's.
 */
function looksLikeHost(component) {
    return component.includes('.') || component.includes(':') || component === 'localhost' || component !== component.toLowerCase();
}
/** Parses and normalises an image reference; `inputName` names the action input in error messages. */
function parseImageReference(value, inputName) {
    if (value.trim() === '')
        throw notAReference(inputName, value, 'it is empty');
    if (/\s/.test(value))
        throw notAReference(inputName, value, 'it contains whitespace');
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(value);
    if (scheme) {
        throw notAReference(inputName, value, `a reference has no '${scheme[0]}' scheme`, `Remove '${scheme[0]}'`);
    }
    let rest = value;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!(0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDigest */ .m)(digest)) {
            throw notAReference(inputName, value, `'${digest}' is not a digest`, "A digest is 'sha256:' followed by 64 lower-case hex digits");
        }
    }
    let tag;
    const colon = rest.indexOf(':', rest.lastIndexOf('/') + 1);
    if (colon >= 0) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag)) {
            throw notAReference(inputName, value, tag === '' ? 'the tag after the colon is empty' : `'${tag}' is not a valid tag`, 'A tag is 1 to 128 letters, digits, underscores, periods and dashes, not starting with a period or dash');
        }
    }
    const slash = rest.indexOf('/');
    let registry = DOCKER_HUB;
    let repository = rest;
    if (slash >= 0 && looksLikeHost(rest.slice(0, slash))) {
        registry = rest.slice(0, slash).toLowerCase();
        repository = rest.slice(slash + 1);
        const problem = hostProblem(registry);
        if (problem)
            throw notAReference(inputName, value, problem);
    }
    else if (slash < 0 && parseEcrRegistry(rest) !== undefined) {
        // `123456789012.dkr.ecr.eu-west-1.amazonaws.com` alone is a common slip; Docker would call it a Docker Hub repository.
        throw notAReference(inputName, value, `'${rest}' is a registry host without a repository`, `Append the repository, e.g. '${rest}/app:tag'`);
    }
    if (DOCKER_HUB_ALIASES.has(registry)) {
        registry = DOCKER_HUB;
        if (repository !== '' && !repository.includes('/'))
            repository = `library/${repository}`;
    }
    const problem = repositoryProblem(repository);
    if (problem)
        throw notAReference(inputName, value, problem);
    const name = `${registry}/${repository}`;
    if (name.length > MAX_NAME_LENGTH) {
        throw notAReference(inputName, value, `the name is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}`, 'Use a shorter repository name');
    }
    return { registry, repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}
/** The canonical string form: `registry/repository[:tag][@digest]`. */
function formatImageReference(reference) {
    const tag = reference.tag === undefined ? '' : `:${reference.tag}`;
    const digest = reference.digest === undefined ? '' : `@${reference.digest}`;
    return `${reference.registry}/${reference.repository}${tag}${digest}`;
}
/** What to ask the registry for: the digest when pinned (it wins over a tag, as in Docker), else the tag, else `latest`. */
function manifestReferenceOf(reference) {
    return reference.digest ?? reference.tag ?? 'latest';
}
/** The host that serves the Distribution API for a registry name (only Docker Hub differs). */
function registryApiHost(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry;
}
/** Recognises an ECR private registry host and extracts its account and region. */
function parseEcrRegistry(host) {
    const match = ECR_HOST.exec(host.toLowerCase());
    if (!match)
        return undefined;
    return { accountId: match[1], region: match[3], fips: match[2] !== undefined };
}
/** Validates a repository name on its own (an input such as push-ecr's `repository`). */
function parseRepositoryName(value, inputName) {
    const problem = repositoryProblem(value);
    if (problem) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(inputName, value, `is not a valid repository name: ${problem}`, "Use lower-case path components separated by '/', e.g. 'team/app'");
    }
    if (value.length > MAX_NAME_LENGTH)
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(inputName, value, `is longer than ${MAX_NAME_LENGTH} characters`, 'Use a shorter name');
    return value;
}
/** Validates a tag on its own (an input such as push-ecr's `tags`). */
function parseTag(value, inputName) {
    if (!TAG.test(value)) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(inputName, value, 'is not a valid tag', 'A tag is 1 to 128 letters, digits, underscores, periods and dashes, not starting with a period or dash');
    }
    return value;
}


/***/ })

};
