export const id = 925;
export const ids = [925];
export const modules = {

/***/ 68976:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  T: () => (/* binding */ verifyImageBatch)
});

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/errors.js
var errors = __webpack_require__(27814);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/pool.js
var pool = __webpack_require__(51367);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/scratch.js
var scratch = __webpack_require__(75943);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/aws-signer-roots.js
var aws_signer_roots = __webpack_require__(45864);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trust-store.js
var trust_store = __webpack_require__(10578);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/verify-image.js
var verify_image = __webpack_require__(62903);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/aws/signer.js
var aws_signer = __webpack_require__(67445);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/aws-signer-regional.js
var aws_signer_regional = __webpack_require__(34612);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/lru.js
var lru = __webpack_require__(90460);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/node-crypto.js
var node_crypto = __webpack_require__(43723);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/crl-cache.js



/**
 * `download`, with each CRL kept on disk in `cache.dir` (as notation keeps them in its cache directory) and served from
 * there while it is current: a step that verifies after another in the same job (secure-release's verify-signature,
 * then deploy-aks-or-eks's gate) reuses the first one's download until the CRL's nextUpdate. A cached CRL is only
 * bytes: the caller checks it (issuer, signature, dates) exactly as a downloaded one. The cache is best effort: a file
 * that cannot be read, parsed or written means a download, never a failure.
 */
function cachingCrlFetch(download, cache) {
    return async (url) => {
        const file = external_node_path_.join(cache.dir, `${(0,node_crypto/* nodeCrypto */.S)().createHash('sha256').update(url).digest('hex')}.crl`);
        const cached = await currentCrl(file, cache.now());
        if (cached)
            return cached;
        const bytes = await download(url);
        keep(file, bytes);
        return bytes;
    };
}
/** The CRL in `file` if there is one, it parses, and `now` is within its thisUpdate..nextUpdate. */
async function currentCrl(file, now) {
    let bytes;
    try {
        bytes = (0,external_node_fs_.readFileSync)(file);
    }
    catch {
        return undefined;
    }
    const { parseCrl } = await __webpack_require__.e(/* import() */ 27).then(__webpack_require__.bind(__webpack_require__, 34027));
    try {
        const crl = parseCrl(bytes);
        return crl.nextUpdate && crl.thisUpdate.getTime() <= now.getTime() && now.getTime() < crl.nextUpdate.getTime() ? bytes : undefined;
    }
    catch {
        return undefined;
    }
}
/** Writes `bytes` to `file` whole or not at all (a temporary file renamed over it), so no reader sees half a CRL. */
function keep(file, bytes) {
    const temporary = `${file}.${process.pid}.tmp`;
    try {
        (0,external_node_fs_.mkdirSync)(external_node_path_.dirname(file), { recursive: true, mode: 0o700 });
        (0,external_node_fs_.writeFileSync)(temporary, bytes, { mode: 0o600 });
        (0,external_node_fs_.renameSync)(temporary, file);
    }
    catch {
        // Best effort: the CRL was downloaded and is used; the next step downloads it again.
    }
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/http.js
var http = __webpack_require__(40427);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/http-wire.js
var http_wire = __webpack_require__(84409);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/revocation-http.js


/**
 * What CRL downloads and OCSP queries share: notation reaches both over plain HTTP only (CRLs and OCSP responses carry
 * their issuer's signature, so TLS adds nothing to them), with a deadline for the whole exchange (withDeadline): a
 * server that answers a byte at a time must not hold a verification for hours.
 */
const REVOCATION_TIMEOUTS = { requestMs: 5_000, streamedUploadMs: 5_000 };
/**
 * `exchange`, or a rejection once `ms` have passed. What is still in flight then is left to finish or fail on its own
 * (the step's process ends when its work is done); nobody waits for it.
 */
async function withDeadline(ms, exchange) {
    let timer;
    const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no complete answer within ${ms / 1000} s`)), ms);
    });
    try {
        return await Promise.race([exchange(), deadline]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** The HTTP client: drydock's own, or node:http when a proxy is configured (NODE_USE_ENV_PROXY=1). */
function revocationHttp() {
    return process.env['NODE_USE_ENV_PROXY'] === '1' ? (0,http/* createNodeHttp */.B_)(REVOCATION_TIMEOUTS) : (0,http_wire/* createWireHttp */.S2)(REVOCATION_TIMEOUTS);
}
/** `text` as an http URL; anything else is refused. `what` completes "... over plain HTTP only". */
function httpUrl(text, what) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new Error(`"${text}" is not a URL`);
    }
    if (url.protocol !== 'http:')
        throw new Error(`"${text}" is not an http URL; ${what} over plain HTTP only, as notation does`);
    return url;
}
/** The body of a successful answer, at most `limit` bytes; anything else throws, saying what `server` answered. */
async function successfulBody(response, limit, server, what) {
    if (response.status < 200 || response.status > 299) {
        await response.discard();
        throw new Error(`the ${server} answered ${response.status} ${response.statusText}`.trimEnd());
    }
    try {
        return await response.bytes(limit);
    }
    catch (error) {
        if (error instanceof RangeError)
            throw new Error(`${what} is larger than ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MiB` : `${limit / 1024} KiB`}`);
        throw error;
    }
}
/** GETs `url`, following up to MAX_REDIRECTS redirects to http URLs: the body of the successful answer. */
async function getFollowingRedirects(send, url, get) {
    for (let redirects = 0;; redirects++) {
        const response = await send({ method: 'GET', url: url.href, headers: { accept: get.accept } });
        const next = response.headers.get('location');
        if (!(0,http/* isRedirectStatus */.xl)(response.status) || !next)
            return successfulBody(response, get.limit, get.server, get.body);
        await response.discard();
        if (redirects === http/* MAX_REDIRECTS */.NX)
            throw new Error(`more than ${http/* MAX_REDIRECTS */.NX} redirects`);
        url = httpUrl(new URL(next, url).href, get.scheme);
    }
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/crl-fetch.js



const MAX_CRL_BYTES = 32 * 1024 * 1024;
const CRL_DEADLINE_MS = 5_000;
const CRL_GET = { server: 'server', body: 'the CRL', scheme: 'CRLs are fetched', accept: 'application/pkix-crl, */*', limit: MAX_CRL_BYTES };
/** With `cache`, downloads are kept on disk for the job's later steps (crl-cache.ts). */
function crlFetcher(send = revocationHttp(), deadlineMs = CRL_DEADLINE_MS, cache) {
    const downloads = new Map();
    const download = (url) => withDeadline(deadlineMs, async () => getFollowingRedirects(send, httpUrl(url, CRL_GET.scheme), CRL_GET));
    const fetch = cache ? cachingCrlFetch(download, cache) : download;
    return (url) => (0,lru/* remembered */.HK)(downloads, url, () => fetch(url));
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/ocsp-fetch.js


const MAX_OCSP_RESPONSE_BYTES = 20 * 1024;
const OCSP_DEADLINE_MS = 2_000;
const OCSP_GET = { server: 'responder', body: 'the answer', scheme: 'OCSP responders are asked', accept: 'application/ocsp-response', limit: MAX_OCSP_RESPONSE_BYTES };
/** The responder's URL with `segment` added to its path (its query, if any, stays where it is), as Go's url.JoinPath does. */
function withPathSegment(url, segment) {
    const joined = new URL(url.href);
    joined.pathname = `${joined.pathname.replace(/\/+$/, '')}/${segment}`;
    return joined;
}
async function ask(send, location, request) {
    const responder = httpUrl(location, OCSP_GET.scheme);
    const encoded = encodeURIComponent(Buffer.from(request).toString('base64'));
    if (encoded.length < 255)
        return getFollowingRedirects(send, withPathSegment(responder, encoded), OCSP_GET);
    const headers = { 'content-type': 'application/ocsp-request', 'content-length': String(request.byteLength), accept: OCSP_GET.accept };
    return successfulBody(await send({ method: 'POST', url: responder.href, headers, body: request }), OCSP_GET.limit, OCSP_GET.server, OCSP_GET.body);
}
function ocspQuerier(send = revocationHttp(), deadlineMs = OCSP_DEADLINE_MS) {
    const answers = new Map();
    return (url, request) => (0,lru/* remembered */.HK)(answers, `${url}\n${Buffer.from(request).toString('base64')}`, () => withDeadline(deadlineMs, () => ask(send, url, request)));
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/shared/revocation-checker.js






/**
 * What verify-signature, and deploy-aks-or-eks when it verifies, check revocation with: AWS Signer's
 * GetRevocationStatus in each signing profile's region, and the OCSP responders and CRLs that X.509 certificates name.
 * None when the `revocation-check` input is `skip`. CRLs are kept for the job's later steps under RUNNER_TEMP
 * (runnerTempDir); outside a runner nothing is kept.
 */
function revocationCheckerFor(revocationCheck, signer, context) {
    if (revocationCheck === 'skip')
        return undefined;
    const runnerTemp = (0,scratch/* runnerTempDir */.c)(context.env);
    const cache = runnerTemp ? { dir: external_node_path_.join(runnerTemp, 'drydock-crl-cache'), now: () => new Date(context.clock.now()) } : undefined;
    return { ...(0,aws_signer_regional/* regionalAwsSignerRevocationChecker */.E)((0,aws_signer/* signerClientsByRegion */.sX)(signer)), fetchCrl: crlFetcher(undefined, undefined, cache), queryOcsp: ocspQuerier() };
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/shared/image-verification.js







/**
 * Verifies each image against the trust policy, `concurrency` at a time (resolveAndVerifyImage: a tag is resolved to
 * its digest first; an image given by digest has its signatures listed while the digest is confirmed): the one batch
 * that verify-signature and deploy-aks-or-eks's verification gate both run. Every time check uses the batch's start;
 * the trust stores are read once for the batch, beginning while the first images resolve. Returns each image's outcome
 * in input order, or nothing for an image that never started because `signal` aborted. Throws, instead, when a store
 * the policy names cannot be used (a ConfigurationError naming the trust-store input and the store's problem).
 */
async function verifyImageBatch(images, batch) {
    const { settings, context } = batch;
    return withTrustStoreDir(settings.trustStore, context.env, async (trustStoreDir) => {
        const revocation = revocationCheckerFor(settings.revocationCheck, batch.signer, context);
        const verifyAt = new Date(context.clock.now());
        const trustStoreCache = new trust_store/* TrustStoreCache */.aw();
        // Every store the policy names is read for the run; one that cannot be used is a mistake in the trust-store
        // input, not a failure of each image that needs it: it stops the batch (no image starts after it) and fails the
        // run as one error.
        const storesLoaded = trustStoreCache.prefetch(trustStoreDir, settings.trustPolicy.statements.flatMap((statement) => statement.trustStores));
        const brokenStore = new AbortController();
        storesLoaded.catch(() => brokenStore.abort());
        const signal = batch.signal ? AbortSignal.any([batch.signal, brokenStore.signal]) : brokenStore.signal;
        const outcomes = await (0,pool/* settleConcurrent */.J)(images, batch.concurrency, async (image) => {
            const client = await batch.clientFor(image.reference.registry);
            return (0,verify_image/* resolveAndVerifyImage */.G3)({
                client,
                image: image.reference,
                trustPolicy: settings.trustPolicy,
                trustStoreDir,
                trustStoreCache,
                verifyAt,
                ...(revocation ? { revocation } : {}),
                logger: context.logger,
            });
        }, { signal });
        await storesLoaded.catch((error) => {
            throw settings.trustStore.kind === 'directory' && error instanceof errors/* ConfigurationError */.j1 ? new errors/* ConfigurationError */.j1(`Input 'trust-store': ${error.message}`) : error;
        });
        return outcomes;
    });
}
/**
 * Runs `work` with a trust store directory in Notation's layout: the user's own as it is, or a scratch directory with
 * the bundled AWS Signer roots, removed once `work` settles.
 */
async function withTrustStoreDir(source, env, work) {
    if (source.kind === 'directory')
        return work(source.path);
    return (0,scratch/* withScratchDir */.C)(env, 'drydock-trust-store-', async (scratch) => {
        await (0,aws_signer_roots/* writeBundledAwsSignerTrustStores */.pA)(scratch);
        return work(scratch);
    });
}


/***/ }),

/***/ 43017:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  O: () => (/* binding */ parseVerifySignatureActionInputs),
  E: () => (/* binding */ parseVerifySignatureInputs)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/errors.js
var errors = __webpack_require__(27814);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/inputs.js
var core_inputs = __webpack_require__(52164);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/aws-signer-roots.js
var aws_signer_roots = __webpack_require__(45864);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trust-policy.js
var trust_policy = __webpack_require__(57669);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/aws-signer.js
var aws_signer = __webpack_require__(66012);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trusted-identities.js






const TRUSTED_IDENTITIES_STATEMENT = 'drydock-trusted-identities';
/** The named stores of one type in a trust store directory (subdirectories of x509/<type>/). */
function storeNamesOfType(trustStoreDir, type) {
    try {
        return (0,external_node_fs_.readdirSync)(external_node_path_.join(trustStoreDir, 'x509', type), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => entry.name)
            .sort();
    }
    catch {
        return [];
    }
}
function buildTrustedIdentitiesPolicy(options) {
    const { inputName, trustStore } = options;
    const signingAuthorityStores = new Set();
    const caStores = new Set();
    const withSubjects = options.identities.some((identity) => identity.startsWith(`${trust_policy/* X509_SUBJECT_PREFIX */.D0}:`));
    for (const identity of options.identities) {
        if (identity === trust_policy/* WILDCARD */.bs) {
            throw (0,errors/* invalidInput */.aY)(inputName, identity, 'would trust every signer', 'List signing profile ARNs or x509.subject: lines, or write a trust-policy');
        }
        if (identity.startsWith('arn:')) {
            const arn = (0,aws_signer/* parseSignerArn */.Lj)(identity);
            if (!arn) {
                const region = (0,aws_signer/* signerArnRegionProblem */.$1)(identity);
                throw (0,errors/* invalidInput */.aY)(inputName, identity, `is not an AWS Signer signing profile ARN${region ? `: ${region}` : ''}`, 'Use arn:aws:signer:<region>:<account>:/signing-profiles/<name>, optionally followed by /<version>');
            }
            if (trustStore.kind === 'directory') {
                const names = storeNamesOfType(trustStore.path, 'signingAuthority');
                if (names.length === 0) {
                    throw (0,errors/* invalidInput */.aY)(options.trustStoreInputName, trustStore.path, `has no x509/signingAuthority/<name>/ store, which the AWS Signer identity '${identity}' needs`, withSubjects
                        ? `Put the AWS Signer root certificate there: the x509.subject identities need ${options.trustStoreInputName}, and the AWS Signer roots drydock bundles are used only without it`
                        : `Put the AWS Signer root certificate there, or leave ${options.trustStoreInputName} unset to use the AWS Signer roots drydock bundles`);
                }
                names.forEach((name) => signingAuthorityStores.add(name));
            }
            else {
                const bundled = (0,aws_signer_roots/* bundledAwsSignerTrustStore */.h_)(arn.partition);
                if (!bundled) {
                    throw (0,errors/* invalidInput */.aY)(inputName, identity, `is in partition ${arn.partition}, for which drydock bundles no AWS Signer root`, `Set ${options.trustStoreInputName} to a directory holding that partition's AWS Signer root under x509/signingAuthority/<name>/`);
                }
                signingAuthorityStores.add(bundled.name);
            }
            continue;
        }
        if (identity.startsWith(`${trust_policy/* X509_SUBJECT_PREFIX */.D0}:`)) {
            if (trustStore.kind !== 'directory') {
                throw (0,errors/* invalidInput */.aY)(inputName, identity, `needs the root certificate of its signer, and ${options.trustStoreInputName} is not set`, `Set ${options.trustStoreInputName} to a directory holding that root under x509/ca/<name>/`);
            }
            const names = storeNamesOfType(trustStore.path, 'ca');
            if (names.length === 0) {
                throw (0,errors/* invalidInput */.aY)(options.trustStoreInputName, trustStore.path, `has no x509/ca/<name>/ store, which the identity '${identity}' needs`, "Put the signer's root certificate under x509/ca/<name>/");
            }
            names.forEach((name) => caStores.add(name));
            continue;
        }
        throw (0,errors/* invalidInput */.aY)(inputName, identity, 'is neither a signing profile ARN nor an x509.subject: identity', 'Write arn:aws:signer:<region>:<account>:/signing-profiles/<name> or x509.subject: CN=<name>,O=<organization>,ST=<state>,C=<country>');
    }
    const document = {
        version: '1.0',
        trustPolicies: [
            {
                name: TRUSTED_IDENTITIES_STATEMENT,
                registryScopes: [trust_policy/* WILDCARD */.bs],
                signatureVerification: { level: options.level, ...(options.revocation ? { override: { revocation: options.revocation } } : {}) },
                trustStores: [...[...signingAuthorityStores].map((name) => `signingAuthority:${name}`), ...[...caStores].map((name) => `ca:${name}`)],
                trustedIdentities: [...new Set(options.identities)],
            },
        ],
    };
    return (0,trust_policy/* validateTrustPolicy */.BC)(document, `built from input '${inputName}'`);
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trust-store.js
var trust_store = __webpack_require__(10578);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/shared/image-registries.js
var image_registries = __webpack_require__(87184);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/verify-signature/inputs.js









const TRUST_POLICY_DOCS = 'https://notaryproject.dev/docs/user-guides/how-to/manage-trust-policy/';
/**
 * `trust-policy`: inline JSON, a trustpolicy(.oci).json file, or notation's configuration directory (its
 * trustpolicy.oci.json, else trustpolicy.json). Symbolic links are refused, as notation refuses them.
 */
function readTrustPolicy(inputs) {
    const value = inputs.optional('trust-policy');
    if (value === undefined)
        return undefined;
    if (/^[[{]/.test(value))
        return (0,trust_policy/* parseTrustPolicy */.GS)(value, "from input 'trust-policy'");
    const given = external_node_path_.resolve(inputs.baseDir, value);
    let file = given;
    // A symbolic link counts as there even when it leads nowhere, so that it is refused below rather than passed over
    // (a dangling trustpolicy.oci.json must not quietly hand the decision to trustpolicy.json; notation refuses it too).
    const present = (candidate) => (0,external_node_fs_.lstatSync)(candidate, { throwIfNoEntry: false }) !== undefined;
    if (!present(file)) {
        throw (0,errors/* invalidInput */.aY)('trust-policy', value, 'is neither inline JSON nor an existing file', `Give the policy JSON, or the path of trustpolicy.json; relative paths start at ${inputs.baseDir}`);
    }
    if ((0,external_node_fs_.statSync)(file, { throwIfNoEntry: false })?.isDirectory()) {
        const found = trust_policy/* TRUST_POLICY_FILE_NAMES */.qM.map((name) => external_node_path_.join(file, name)).find(present);
        if (!found) {
            throw (0,errors/* invalidInput */.aY)('trust-policy', value, `is a directory with neither ${trust_policy/* TRUST_POLICY_FILE_NAMES */.qM.join(' nor ')}`, `Name the policy file, or write one (see ${TRUST_POLICY_DOCS})`);
        }
        file = found;
    }
    if ((0,external_node_fs_.lstatSync)(file).isSymbolicLink()) {
        if (file !== given) {
            throw (0,errors/* invalidInput */.aY)('trust-policy', value, `holds ${external_node_path_.basename(file)} as a symbolic link, which is not supported for trust policies`, 'Replace the link with the policy file itself');
        }
        throw (0,errors/* invalidInput */.aY)('trust-policy', value, 'is a symbolic link, which is not supported for trust policies', 'Point to the policy file itself');
    }
    return (0,trust_policy/* parseTrustPolicy */.GS)((0,core_inputs/* readInputFile */.jH)('trust-policy', file, value), file);
}
/** `trust-store`: the directory that holds x509/ (notation's truststore directory). */
function readTrustStore(inputs) {
    const value = inputs.optional('trust-store');
    if (value === undefined)
        return { kind: 'bundled' };
    const directory = inputs.existingPath('trust-store', 'directory');
    if (external_node_path_.basename(directory) === 'x509') {
        throw (0,errors/* invalidInput */.aY)('trust-store', value, 'is the x509 directory itself', `Name the directory that holds it: '${external_node_path_.dirname(value)}'`);
    }
    if (!(0,external_node_fs_.existsSync)(external_node_path_.join(directory, 'x509'))) {
        if ((0,external_node_fs_.existsSync)(external_node_path_.join(directory, 'truststore', 'x509'))) {
            throw (0,errors/* invalidInput */.aY)('trust-store', value, "is notation's configuration directory", `Name its trust store: '${external_node_path_.join(value, 'truststore')}'`);
        }
        throw (0,errors/* invalidInput */.aY)('trust-store', value, 'has no x509 directory', 'Name the directory that holds x509/<ca|signingAuthority|tsa>/<store name>/');
    }
    return { kind: 'directory', path: directory };
}
/** `trusted-identities`: one identity per line; DNs contain commas, so lines are the only separator. */
function readTrustedIdentities(inputs) {
    const identities = inputs.lines('trusted-identities');
    return identities.length ? [...new Set(identities)] : undefined;
}
/** Every store a policy names must be there: bundled ones without trust-store, directories of the given one otherwise. */
function checkPolicyStores(policy, trustStore) {
    const bundled = new Set(aws_signer_roots/* AWS_SIGNER_BUNDLED_TRUST_STORES */.e3.map((store) => `signingAuthority:${store.name}`));
    for (const statement of policy.statements) {
        for (const store of statement.trustStores) {
            const label = `${store.type}:${store.name}`;
            if (trustStore.kind === 'bundled' && !bundled.has(label)) {
                throw new errors/* ConfigurationError */.j1(`Input 'trust-store' is not set, and trust policy statement "${statement.name}" names trust store ${label}, which is not one drydock bundles (${[...bundled].join(', ')}). Set trust-store to the directory that holds x509/${store.type}/${store.name}/.`);
            }
            if (trustStore.kind === 'directory' && !(0,external_node_fs_.existsSync)((0,trust_store/* trustStorePath */.jr)(trustStore.path, store))) {
                throw (0,errors/* invalidInput */.aY)('trust-store', trustStore.path, `has no x509/${store.type}/${store.name}/ directory, which trust policy statement "${statement.name}" names`, 'Add that store, or fix the store name in the policy');
            }
        }
    }
}
/** Applies revocation-check to every statement that verifies (a skip statement verifies nothing to override). */
function withRevocation(policy, revocation) {
    if (revocation === undefined)
        return policy;
    return (0,trust_policy/* mapTrustPolicyStatements */.XF)(policy, (statement) => (statement.level === 'skip' ? statement : { ...statement, actions: { ...statement.actions, revocation } }));
}
function parseVerifySignatureInputs(inputs) {
    const images = (0,image_registries/* parseImages */.eb)(inputs);
    const fromFile = readTrustPolicy(inputs);
    const identities = readTrustedIdentities(inputs);
    const trustStore = readTrustStore(inputs);
    const level = inputs.oneOf('verification-level', ['strict', 'permissive', 'audit']);
    const revocationCheck = inputs.oneOf('revocation-check', ['enforce', 'log', 'skip']);
    const registryEndpoint = (0,image_registries/* parseRegistryEndpoint */.kG)(inputs, images);
    const concurrency = inputs.integer('concurrency', 8, 1, 32);
    if (fromFile && identities) {
        throw new errors/* ConfigurationError */.j1("Inputs 'trust-policy' and 'trusted-identities' are both set. Use one: trusted-identities builds a policy for the listed signers, trust-policy is a complete policy.");
    }
    let trustPolicy;
    if (fromFile) {
        if (level !== undefined) {
            throw new errors/* ConfigurationError */.j1("Input 'verification-level' applies to trusted-identities only; with trust-policy the policy's statements set the level. Remove verification-level, or change signatureVerification.level in the policy.");
        }
        checkPolicyStores(fromFile, trustStore);
        trustPolicy = withRevocation(fromFile, revocationCheck);
    }
    else if (identities) {
        trustPolicy = buildTrustedIdentitiesPolicy({
            identities,
            level: level ?? 'strict',
            ...(revocationCheck ? { revocation: revocationCheck } : {}),
            trustStore,
            inputName: 'trusted-identities',
            trustStoreInputName: 'trust-store',
        });
    }
    else {
        throw new errors/* ConfigurationError */.j1("Input 'trusted-identities' or 'trust-policy' is required. List the signing profile ARNs to trust in trusted-identities, or give a Notation trust policy in trust-policy.");
    }
    return {
        images,
        trustPolicy,
        trustStore,
        revocationCheck,
        concurrency,
        ...(registryEndpoint ? { registryEndpoint } : {}),
    };
}
/**
 * verify-signature's inputs: those above, and a statement of the policy for every image, so an image none covers is
 * refused as the configuration mistake it is before anything is fetched. (deploy-aks-or-eks and admission-policy read
 * the trust inputs through parseVerifySignatureInputs with images of their own.)
 */
function parseVerifySignatureActionInputs(inputs) {
    const settings = parseVerifySignatureInputs(inputs);
    for (const image of settings.images) {
        (0,trust_policy/* requireStatementFor */.cx)(settings.trustPolicy, `${image.reference.registry}/${image.reference.repository}`, `image "${image.text}"`);
    }
    return settings;
}


/***/ }),

/***/ 49188:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hr: () => (/* binding */ failureReason),
/* harmony export */   q0: () => (/* binding */ summariseVerification)
/* harmony export */ });
/* unused harmony export FIXES */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _notation_artifact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92608);
/* harmony import */ var _shared_cancelled_batch_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(36421);



/** What a user can do about each failed check; shown after the check's own message. */
const FIXES = {
    signature: 'Sign the image (notation-sign) and check that the signature was pushed to the same repository as the image.',
    integrity: 'The signature is damaged or was changed after signing: sign the image again.',
    verificationPlugin: 'The signature needs a Notation verification plugin that drydock does not build in (only the AWS Signer plugin is): verify it with notation and that plugin, or sign with AWS Signer or a key.',
    authenticity: "Put the signer's root certificate into a trust store the policy lists (AWS Signer roots are bundled), or check the image was signed by the signer you expect.",
    trustedIdentity: "Add the signer to trusted-identities (or the policy's trustedIdentities), or sign with a signer that is trusted already.",
    expiry: 'The signature has expired: sign the image again.',
    authenticTimestamp: 'A certificate of the chain was not valid when the image was signed (or is not valid now): renew it and sign again.',
    revocation: "If the signature, signing profile or certificate was revoked, sign again with a valid one. If the revocation status could not be fetched, allow signer:GetRevocationStatus for this job's role (AWS Signer) or make the certificate's OCSP responder or CRL reachable over HTTP, or set revocation-check: log.",
    descriptor: 'The signature is for another artifact than this digest: sign this image.',
};
/** For an integrity failure where the signer's certificates or key break the rules: signing again with them fails too. */
const SIGNER_RULES_FIX = "The signer's certificate chain or key breaks the Notary Project rules named above, and signing again with them would fail the same way: sign the image again with a key and chain that meet them.";
/**
 * The fix for one failure: its check's, unless the integrity failure is not damage. An envelope format drydock does not
 * read fails integrity (as the specification files it), and its message says so: "sign the image again" would mislead.
 */
function fixFor(failure) {
    if (failure.fault === 'unsupported')
        return undefined;
    return failure.fault === 'signer' ? SIGNER_RULES_FIX : FIXES[failure.check];
}
/** The failed check of a row in words a user can act on: what failed, why, and what to do. */
function failureReason(row) {
    if (row.verification?.failure) {
        const { check, message } = row.verification.failure;
        const fix = fixFor(row.verification.failure);
        return `${check} check failed: ${message.replace(/\.\s*$/, '')}.${fix ? ` ${fix}` : ''}`;
    }
    if (row.error instanceof _notation_artifact_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactResolutionError */ .X)
        return `could not be resolved: ${row.error.message}`;
    if (row.error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1)
        return `trust policy: ${row.error.message}`;
    return `could not be verified: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(row.error)}`;
}
function resultText(row) {
    const verification = row.verification;
    if (!verification)
        return row.error instanceof _notation_artifact_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactResolutionError */ .X ? 'failed: image' : row.error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1 ? 'failed: trust policy' : 'failed: registry';
    if (verification.verdict === 'fail')
        return `failed: ${verification.failure.check}`;
    if (verification.level === 'skip')
        return `not verified (statement "${verification.statement}" sets level skip)`;
    return `verified (${verification.level})`;
}
function detailsText(row) {
    const verification = row.verification;
    if (!verification || verification.verdict === 'fail')
        return failureReason(row);
    const logged = verification.signature?.outcome?.checks.filter((check) => check.result === 'logged') ?? [];
    const tag = verification.artifact.resolvedTag ? `tag ${verification.artifact.resolvedTag} resolved to this digest` : '';
    const notes = logged.map((check) => `logged, not enforced at level ${verification.level}: ${check.name}: ${check.message}`);
    return [tag, ...notes].filter((part) => part !== '').join('; ');
}
/** `rows` are the images that were done; `notStarted`, the ones a cancel kept from starting. */
function summariseVerification(summary, rows, notStarted) {
    summary.heading('verify-signature').table(['image', 'digest', 'result', 'signed by', 'signed at', 'details'], rows.map((row) => {
        const signature = row.verification?.verdict === 'pass' ? row.verification.signature?.outcome?.signature : undefined;
        return [
            row.image.text,
            row.verification?.artifact.descriptor.digest ?? '',
            resultText(row),
            signature ? (signature.signingProfileVersionArn ?? signature.signer) : '',
            signature ? signature.signingTime.toISOString() : '',
            detailsText(row),
        ];
    }));
    const resolved = rows.filter((row) => row.verification?.artifact.resolvedTag !== undefined);
    if (resolved.length > 0) {
        summary
            .text('Tags were resolved to digests before verification; deploy the digest, not the tag:')
            .list(resolved.map((row) => `${row.image.text} → ${row.verification.artifact.reference}`));
    }
    (0,_shared_cancelled_batch_js__WEBPACK_IMPORTED_MODULE_2__/* .summariseNotStarted */ .lQ)(summary, notStarted, 'verified');
}


/***/ })

};
