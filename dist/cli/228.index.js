export const id = 228;
export const ids = [228];
export const modules = {

/***/ 36421:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I2: () => (/* binding */ cancelledBatchError),
/* harmony export */   eT: () => (/* binding */ notStartedOf),
/* harmony export */   lQ: () => (/* binding */ summariseNotStarted)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);

/**
 * Undefined when every image started: a cancel that came after the last one stopped nothing, and the run reports as
 * usual. `outcomes` are the pool's results, undefined for an image that never started.
 */
function notStartedOf(images, outcomes, signal) {
    const left = images.filter((_, index) => outcomes[index] === undefined);
    return left.length > 0 ? { images: left, reason: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(signal.reason) } : undefined;
}
/** `cancelled by SIGINT: 2 of 3 image(s) done before the cancel (1 signed, 1 failed: ...); 1 not started` */
function cancelledBatchError(notStarted, total, done) {
    return new Error(`${notStarted.reason}: ${total - notStarted.images.length} of ${total} image(s) done before the cancel (${done}); ${notStarted.images.length} not started`);
}
/** The summary's list of the images not started, `what` they therefore are not (signed, verified). */
function summariseNotStarted(summary, notStarted, what) {
    if (notStarted)
        summary.text(`Not started (${notStarted.reason}), so not ${what}:`).list(notStarted.images.map((image) => image.text));
}


/***/ }),

/***/ 67445:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cR: () => (/* binding */ createSignerClient),
/* harmony export */   ff: () => (/* binding */ signerPayloadApi),
/* harmony export */   sX: () => (/* binding */ signerClientsByRegion)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _client_config_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(72367);


function loadSignerSdk() {
    return Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(935)]).then(__webpack_require__.t.bind(__webpack_require__, 39935, 19));
}
/** A SignerClient for `region`, created (and the SDK loaded) when the first command is sent. */
function createSignerClient(region) {
    let client;
    const real = () => (client ??= loadSignerSdk().then(({ SignerClient }) => (0,_client_config_js__WEBPACK_IMPORTED_MODULE_1__/* .withCallNames */ .D0)(new SignerClient((0,_client_config_js__WEBPACK_IMPORTED_MODULE_1__/* .awsClientConfig */ .rw)(region)))));
    const send = async (...args) => {
        const client = await real();
        return client.send.apply(client, args);
    };
    return { send: send };
}
/** One client per region for a run: signatures from profiles in several regions each need their own region's API. */
function signerClientsByRegion(create) {
    const clients = new Map();
    return (region) => {
        let client = clients.get(region);
        if (client === undefined) {
            client = create(region);
            clients.set(region, client);
        }
        return client;
    };
}
/**
 * SignPayload with the AWS error kept whole: the error name, AWS's message (which names the denied action and
 * resource for AccessDenied) and the request id, so a failing step says what to fix in IAM or in the profile.
 */
function signerPayloadApi(client) {
    return {
        async signPayload(request) {
            const { SignPayloadCommand } = await loadSignerSdk();
            try {
                const response = await client.send(new SignPayloadCommand({
                    profileName: request.profileName,
                    profileOwner: request.profileOwner,
                    payload: request.payload,
                    payloadFormat: request.payloadFormat,
                }));
                return {
                    ...(response.jobId ? { jobId: response.jobId } : {}),
                    ...(response.jobOwner ? { jobOwner: response.jobOwner } : {}),
                    ...(response.metadata ? { metadata: response.metadata } : {}),
                    ...(response.signature ? { signature: response.signature } : {}),
                };
            }
            catch (error) {
                const metadata = error.$metadata;
                const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
                const requestId = metadata?.requestId ? ` (request id ${metadata.requestId})` : '';
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RemoteError */ .Hi(`AWS Signer SignPayload with signing profile ${request.profileName} of account ${request.profileOwner} failed: ${name}${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}${requestId}`, metadata?.httpStatusCode, { cause: error });
            }
        },
    };
}


/***/ }),

/***/ 75943:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ withScratchDir),
/* harmony export */   c: () => (/* binding */ runnerTempDir)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);



/**
 * The runner's RUNNER_TEMP, when it is set and exists: a directory private to the job, which the runner empties after
 * every job. Undefined elsewhere (the CLI, CodeCatalyst).
 */
function runnerTempDir(env) {
    const runnerTemp = env['RUNNER_TEMP'];
    return runnerTemp && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(runnerTemp) ? runnerTemp : undefined;
}
/**
 * Runs `work` with a fresh directory (mode 0700) for one run's scratch files, and removes it once `work` settles. It
 * is made under RUNNER_TEMP when there is one (runnerTempDir), so even a step killed before its clean-up leaves nothing
 * behind on a self-hosted runner; elsewhere, under the system's temp directory.
 */
async function withScratchDir(env, prefix, work) {
    const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(runnerTempDir(env) ?? (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), prefix));
    try {
        return await work(dir);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(dir, { recursive: true, force: true });
    }
}


/***/ }),

/***/ 92608:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ resolveArtifact),
/* harmony export */   X: () => (/* binding */ ArtifactResolutionError)
/* harmony export */ });
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92474);

/** The image is not in the registry, or the registry contradicts the digest asked for. Messages do not repeat the image. */
class ArtifactResolutionError extends Error {
    name = 'ArtifactResolutionError';
}
async function resolveArtifact(client, image) {
    const wanted = image.digest ?? image.tag;
    if (wanted === undefined) {
        throw new ArtifactResolutionError(`${(0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageReference */ .my)(image)} names neither a tag nor a digest; add one`);
    }
    const found = await client.headManifest(image.repository, wanted);
    if (!found) {
        throw new ArtifactResolutionError(`the registry has no manifest ${image.digest ? image.digest : `tagged ${image.tag}`} in ${image.repository}; push the image first or fix the reference`);
    }
    if (image.digest && found.digest !== image.digest) {
        throw new ArtifactResolutionError(`the registry answered with digest ${found.digest}, not the digest asked for`);
    }
    return {
        image,
        descriptor: { mediaType: found.mediaType, digest: found.digest, size: found.size },
        reference: `${image.registry}/${image.repository}@${found.digest}`,
        resolvedTag: image.digest ? undefined : image.tag,
    };
}


/***/ }),

/***/ 34612:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ regionalAwsSignerRevocationChecker)
/* harmony export */ });
/* harmony import */ var _aws_signer_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(66012);

/**
 * GetRevocationStatus in the region of the signing profile that made the signature: one verification run may meet
 * signatures from profiles in several regions, and each region only knows its own profiles and jobs. (The AWS Signer
 * plugin asks the one region it is configured with, its aws-region setting or the SDK's default, which answers for
 * that region's signatures only.) `clientFor` decides credentials and endpoints (and may cache a client per region).
 */
function regionalAwsSignerRevocationChecker(clientFor) {
    return {
        awsSignerRevocationStatus(query) {
            const profile = (0,_aws_signer_js__WEBPACK_IMPORTED_MODULE_0__/* .parseSignerArn */ .Lj)(query.profileVersionArn);
            if (!profile) {
                return Promise.reject(new Error(`the signature's signing profile version "${query.profileVersionArn}" is not an AWS Signer ARN, so its region is unknown`));
            }
            return (0,_aws_signer_js__WEBPACK_IMPORTED_MODULE_0__/* .awsSignerRevocationChecker */ .by)(clientFor(profile.region)).awsSignerRevocationStatus(query);
        },
    };
}


/***/ }),

/***/ 62465:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MS: () => (/* binding */ validateCodeSigningChain),
/* harmony export */   _q: () => (/* binding */ validateTimestampingChain),
/* harmony export */   tw: () => (/* binding */ CertificateChainError)
/* harmony export */ });
/* harmony import */ var _algorithms_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17912);
/* harmony import */ var _certificates_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(26138);


/**
 * Certificate chain rules of the Notary Project signature specification ("Certificate Requirements"), as the reference
 * implementation (notation-core-go) applies them. They are part of integrity: a chain that breaks them is rejected
 * whatever the verification level. Validity periods are deliberately not checked here; when a certificate must be
 * valid depends on the signing scheme and timestamp, which is the authentic-timestamp check's job.
 */
class CertificateChainError extends Error {
    name = 'CertificateChainError';
}
const EKU = {
    serverAuth: '1.3.6.1.5.5.7.3.1',
    clientAuth: '1.3.6.1.5.5.7.3.2',
    emailProtection: '1.3.6.1.5.5.7.3.4',
    timeStamping: '1.3.6.1.5.5.7.3.8',
    ocspSigning: '1.3.6.1.5.5.7.3.9',
    any: '2.5.29.37.0',
};
/**
 * EKUs that make a certificate something other than a code signing certificate. The signature specification names
 * anyExtendedKeyUsage among them; notation-core-go lists it too, though its comparison lets it through.
 */
const EXCLUDED_CODE_SIGNING_EKUS = [
    [EKU.any, 'AnyExtendedKeyUsage'],
    [EKU.serverAuth, 'ServerAuth'],
    [EKU.clientAuth, 'ClientAuth'],
    [EKU.emailProtection, 'EmailProtection'],
    [EKU.timeStamping, 'TimeStamping'],
    [EKU.ocspSigning, 'OCSPSigning'],
];
/** Validates a signing chain, leaf first and self-signed root last. Throws CertificateChainError. */
function validateCodeSigningChain(chain) {
    validateChain(chain, 'codeSigning');
}
/** Validates the chain of a timestamp authority's signing certificate, leaf first and self-signed root last. */
function validateTimestampingChain(chain) {
    validateChain(chain, 'timestamping');
}
function fail(message) {
    throw new CertificateChainError(message);
}
function validateChain(chain, purpose) {
    if (chain.length === 0)
        fail('certificate chain must contain at least one certificate');
    for (const certificate of chain) {
        if (certificate.signatureAlgorithm.insecure) {
            fail(`certificate "${certificate.subject}" is signed with ${certificate.signatureAlgorithm.name}; SHA-1 and MD5 signatures are not allowed, reissue it with SHA-256 or stronger`);
        }
        if (!(0,_algorithms_js__WEBPACK_IMPORTED_MODULE_0__/* .isStrongEnoughKey */ .VE)(certificate.keySpec)) {
            fail(`certificate "${certificate.subject}" has ${(0,_algorithms_js__WEBPACK_IMPORTED_MODULE_0__/* .describeKeySpec */ .Kc)(certificate.keySpec)} key; certificate keys must be RSA of at least 2048 bits or EC P-256, P-384 or P-521`);
        }
    }
    if (chain.length === 1) {
        const certificate = chain[0];
        if (!(0,_certificates_js__WEBPACK_IMPORTED_MODULE_1__/* .isSelfSigned */ .Nl)(certificate)) {
            fail(`certificate "${certificate.subject}" is not self-signed and the chain holds no issuer for it; the chain must list the leaf first and end with its self-signed root certificate`);
        }
        validateLeaf(certificate, purpose);
        return;
    }
    chain.forEach((certificate, index) => {
        const last = index === chain.length - 1;
        if (last) {
            if (!(0,_certificates_js__WEBPACK_IMPORTED_MODULE_1__/* .isSelfSigned */ .Nl)(certificate)) {
                fail(`root certificate "${certificate.subject}" is not self-signed; the certificate chain must end with a valid self-signed root certificate`);
            }
        }
        else {
            if ((0,_certificates_js__WEBPACK_IMPORTED_MODULE_1__/* .isSelfSigned */ .Nl)(certificate)) {
                fail(index === 0
                    ? `leaf certificate "${certificate.subject}" is self-signed; a chain of several certificates must not contain a self-signed leaf`
                    : `intermediate certificate "${certificate.subject}" is self-signed; only the last certificate of the chain may be self-signed`);
            }
            const parent = chain[index + 1];
            if (!(0,_certificates_js__WEBPACK_IMPORTED_MODULE_1__/* .isIssuedBy */ .rh)(certificate, parent)) {
                fail(`certificate "${certificate.subject}" is not issued by "${parent.subject}"; order the chain leaf first, each certificate followed by its issuer`);
            }
        }
        if (index === 0)
            validateLeaf(certificate, purpose);
        else
            validateCertificateAuthority(certificate, index - 1, purpose);
    });
}
function validateCertificateAuthority(certificate, expectedPathLength, purpose) {
    const constraints = certificate.basicConstraints;
    // Code signing CAs must mark basicConstraints critical, as the Notary Project signature specification and RFC 5280
    // §4.2.1.9 say (notation-core-go itself checks only cA=true, so it accepts a non-critical one). Timestamping chains
    // are held to cA=true only: their CAs are public TSA hierarchies outside the signer's control.
    if (!constraints || !constraints.ca || (purpose === 'codeSigning' && !constraints.critical)) {
        fail(`certificate "${certificate.subject}": ca field in basic constraints must be present, critical, and set to true`);
    }
    if (constraints.pathLength !== undefined && constraints.pathLength < expectedPathLength) {
        fail(`certificate "${certificate.subject}": expected path length of ${expectedPathLength} but certificate has path length ${constraints.pathLength} instead`);
    }
    const keyUsage = certificate.keyUsage;
    if (!keyUsage)
        fail(`certificate "${certificate.subject}": key usage extension must be present`);
    if (purpose === 'codeSigning' && !keyUsage.critical) {
        fail(`certificate "${certificate.subject}": key usage extension must be marked critical`);
    }
    if (!keyUsage.usages.has('keyCertSign')) {
        fail(`certificate "${certificate.subject}": key usage must have the bit positions for key cert sign set`);
    }
    // A CA that lists extended key usages limits what it may issue for, as Go's x509 verification (and so notation's
    // timestamp check) enforces down the chain: a TSA's CAs must allow timestamping.
    const purposes = certificate.extendedKeyUsage?.purposes;
    if (purpose === 'timestamping' && purposes && !purposes.includes(EKU.timeStamping) && !purposes.includes(EKU.any)) {
        fail(`certificate "${certificate.subject}": its extended key usage does not include TimeStamping, so it cannot issue a timestamping certificate`);
    }
}
function validateLeaf(certificate, purpose) {
    if (certificate.basicConstraints?.ca) {
        fail(`certificate "${certificate.subject}": if the basic constraints extension is present, the ca field must be set to false (a CA certificate cannot be the signing certificate)`);
    }
    const keyUsage = certificate.keyUsage;
    if (!keyUsage)
        fail(`certificate "${certificate.subject}": key usage extension must be present`);
    if (purpose === 'codeSigning' && !keyUsage.critical) {
        fail(`certificate "${certificate.subject}": key usage extension must be marked critical`);
    }
    if (!keyUsage.usages.has('digitalSignature')) {
        fail(`certificate "${certificate.subject}": the key usage must have the bit positions for "Digital Signature" set`);
    }
    const extra = [...keyUsage.usages].filter((usage) => usage !== 'digitalSignature' && usage !== 'nonRepudiation');
    if (extra.length > 0) {
        fail(`certificate "${certificate.subject}": the key usage must be "Digital Signature" only, but found ${extra.map((u) => `"${u}"`).join(', ')}`);
    }
    validateLeafExtendedKeyUsage(certificate, purpose);
    if (!(0,_algorithms_js__WEBPACK_IMPORTED_MODULE_0__/* .algorithmForKeySpec */ .Pe)(certificate.keySpec)) {
        fail(`certificate "${certificate.subject}" has ${(0,_algorithms_js__WEBPACK_IMPORTED_MODULE_0__/* .describeKeySpec */ .Kc)(certificate.keySpec)} key; signing keys must be RSA 2048, 3072 or 4096 bits, or EC P-256, P-384 or P-521`);
    }
}
function validateLeafExtendedKeyUsage(certificate, purpose) {
    const eku = certificate.extendedKeyUsage;
    if (purpose === 'timestamping') {
        // RFC 3161 §2.3: exactly one EKU, id-kp-timeStamping, in a critical extension.
        if (!eku || eku.purposes.length !== 1 || eku.purposes[0] !== EKU.timeStamping) {
            fail(`timestamp signing certificate "${certificate.subject}" must have and only have TimeStamping as extended key usage`);
        }
        if (!eku.critical) {
            fail(`timestamp signing certificate "${certificate.subject}" must have its extended key usage extension marked critical`);
        }
        return;
    }
    for (const [oid, name] of EXCLUDED_CODE_SIGNING_EKUS) {
        if (eku?.purposes.includes(oid)) {
            fail(`certificate "${certificate.subject}": extended key usage must not contain ${name} eku (use a code signing certificate)`);
        }
    }
}


/***/ }),

/***/ 53590:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  El: () => (/* binding */ HEADER),
  Or: () => (/* binding */ InvalidEnvelopeError),
  E3: () => (/* binding */ JWS_ENVELOPE_MEDIA_TYPE),
  Vi: () => (/* binding */ buildJwsEnvelope),
  UV: () => (/* binding */ parseJwsEnvelope)
});

// UNUSED EXPORTS: SIGNING_SCHEMES, formatTime, jwsSigningInput

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/json-keys.js
var json_keys = __webpack_require__(23096);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/algorithms.js
var algorithms = __webpack_require__(17912);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/base64url.js
/**
 * Strict base64 codecs. JWS (RFC 7515 §2) uses base64url WITHOUT padding for its three parts, and the signature covers
 * the exact text of the protected header and payload: a decoder that tolerates padding or stray characters would accept
 * an envelope whose signing input differs from the text that was signed. Node's own 'base64url' decoder is lenient
 * (it accepts '=' and skips unknown characters), so both directions are checked here.
 */
const BASE64URL_NO_PADDING = /^[A-Za-z0-9_-]*$/;
const BASE64_STANDARD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
class Base64Error extends Error {
    name = 'Base64Error';
}
function encodeBase64Url(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}
/** Decodes unpadded base64url; rejects padding, characters outside the alphabet and non-canonical trailing bits. */
function decodeBase64Url(text, what) {
    if (!BASE64URL_NO_PADDING.test(text)) {
        throw new Base64Error(`${what} is not unpadded base64url (RFC 7515 requires no '=' padding and only A-Z a-z 0-9 - _)`);
    }
    if (text.length % 4 === 1)
        throw new Base64Error(`${what} has an impossible base64url length`);
    const decoded = Buffer.from(text, 'base64url');
    // A non-canonical encoding (non-zero unused bits) decodes to the same bytes as another text: reject it so that one
    // byte string has exactly one accepted text.
    if (decoded.toString('base64url') !== text)
        throw new Base64Error(`${what} is not canonical base64url`);
    return decoded;
}
/** Decodes standard base64 with the required '=' padding (x5c entries and the timestamp token, RFC 7515 §4.1.6). */
function decodeBase64Standard(text, what) {
    if (!BASE64_STANDARD.test(text)) {
        throw new Base64Error(`${what} is not standard padded base64`);
    }
    return Buffer.from(text, 'base64');
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/errors.js
var errors = __webpack_require__(27814);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/envelope-jws.js




/**
 * The JWS envelope of the Notary Project (signature-envelope-jws.md): RFC 7515 flattened JSON serialization with the
 * signed attributes in the protected header and the certificate chain in the unprotected header. This module knows the
 * envelope's shape and header rules; the certificate chain and signature are checked by integrity.ts.
 */
const JWS_ENVELOPE_MEDIA_TYPE = 'application/jose+json';
const HEADER = {
    algorithm: 'alg',
    contentType: 'cty',
    critical: 'crit',
    signingScheme: 'io.cncf.notary.signingScheme',
    signingTime: 'io.cncf.notary.signingTime',
    authenticSigningTime: 'io.cncf.notary.authenticSigningTime',
    expiry: 'io.cncf.notary.expiry',
    verificationPlugin: 'io.cncf.notary.verificationPlugin',
    verificationPluginMinVersion: 'io.cncf.notary.verificationPluginMinVersion',
    certificateChain: 'x5c',
    timestampSignature: 'io.cncf.notary.timestampSignature',
    signingAgent: 'io.cncf.notary.signingAgent',
};
/** Protected header members with a meaning of their own; every other member is an extended attribute. */
const STANDARD_PROTECTED_HEADERS = new Set([
    HEADER.algorithm,
    HEADER.contentType,
    HEADER.critical,
    HEADER.signingScheme,
    HEADER.signingTime,
    HEADER.authenticSigningTime,
    HEADER.expiry,
]);
const SIGNING_SCHEMES = (/* unused pure expression or super */ null && (['notary.x509', 'notary.x509.signingAuthority']));
class InvalidEnvelopeError extends Error {
    unsupported;
    name = 'InvalidEnvelopeError';
    /** `unsupported`: well formed, but in a form drydock does not read (another algorithm or signing scheme). */
    constructor(message, unsupported = false) {
        super(message);
        this.unsupported = unsupported;
    }
}
/** RFC 3339 as Go's time package parses it (notation decodes these headers with it): upper-case T and Z only. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;
/** Days in a month; the year is moved into 2000-2399, which has the same leap years, since Date.UTC maps 0-99 to 19xx. */
function daysInMonth(year, month) {
    return new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate();
}
function parseTime(value, header) {
    const match = typeof value === 'string' ? RFC3339.exec(value) : null;
    if (!match)
        throw new InvalidEnvelopeError(`protected header "${header}" is not an RFC 3339 time`);
    const field = (index) => Number(match[index] ?? 0);
    const [year, month, day] = [field(1), field(2), field(3)];
    // new Date() would roll February 30 over into March; Go refuses it, as it refuses hour 24 and second 60.
    const dateValid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
    const valid = dateValid && field(4) <= 23 && field(5) <= 59 && field(6) <= 59 && field(7) <= 23 && field(8) <= 59;
    const instant = new Date(value);
    if (!valid || Number.isNaN(instant.getTime()))
        throw new InvalidEnvelopeError(`protected header "${header}" is not a valid time`);
    return instant;
}
/** RFC 3339 with whole seconds in UTC, the form notation itself writes (it truncates signing times to seconds). */
function formatTime(instant) {
    return new Date(Math.floor(instant.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
function asObject(value, what) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new InvalidEnvelopeError(`${what} is not a JSON object`);
    }
    return value;
}
function asString(value, what) {
    if (typeof value !== 'string')
        throw new InvalidEnvelopeError(`${what} is not a string`);
    return value;
}
function decodePart(text, what) {
    try {
        return decodeBase64Url(text, what);
    }
    catch (error) {
        if (error instanceof Base64Error)
            throw new InvalidEnvelopeError(error.message);
        throw error;
    }
}
function jwsSigningInput(encodedProtected, encodedPayload) {
    return Buffer.from(`${encodedProtected}.${encodedPayload}`, 'ascii');
}
/**
 * Parses a JWS envelope and applies the header rules of the specification: known algorithm and signing scheme, the
 * scheme's time attribute (signingTime for notary.x509, authenticSigningTime for signingAuthority, never the other),
 * a crit list naming every required critical header once and otherwise only extended attributes that are present,
 * and an expiry later than the signing time. Throws InvalidEnvelopeError with the broken rule.
 */
function parseJwsEnvelope(input) {
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
    let document;
    try {
        document = JSON.parse(text);
    }
    catch {
        throw new InvalidEnvelopeError('the envelope is not JSON');
    }
    const envelope = asObject(document, 'the envelope');
    const topLevel = Object.keys(envelope);
    const unexpected = topLevel.filter((key) => !['payload', 'protected', 'header', 'signature'].includes(key));
    if (unexpected.length > 0) {
        throw new InvalidEnvelopeError(`the envelope has member(s) ${unexpected.map((k) => `"${k}"`).join(', ')}; only the flattened JWS JSON serialization (payload, protected, header, signature) is allowed`);
    }
    const encodedProtected = asString(envelope['protected'], 'the "protected" member');
    const encodedPayload = asString(envelope['payload'], 'the "payload" member');
    const encodedSignature = asString(envelope['signature'], 'the "signature" member');
    const unprotected = asObject(envelope['header'], 'the unprotected "header" member');
    const payload = decodePart(encodedPayload, 'payload');
    const signature = decodePart(encodedSignature, 'signature');
    if (signature.length === 0)
        throw new InvalidEnvelopeError('the signature is empty');
    let protectedHeader;
    try {
        protectedHeader = asObject(JSON.parse(decodePart(encodedProtected, 'protected header').toString('utf8')), 'the protected header');
    }
    catch (error) {
        if (error instanceof InvalidEnvelopeError)
            throw error;
        throw new InvalidEnvelopeError('the protected header is not JSON');
    }
    // notation-core-go decodes the standard members into a struct, whose keys Go matches without regard to case: it would
    // read "io.cncf.notary.Expiry" as the expiry, where this parser would take it for an extended attribute.
    const variant = (0,json_keys/* caseVariantKey */.P)(protectedHeader, [...STANDARD_PROTECTED_HEADERS]);
    if (variant) {
        throw new InvalidEnvelopeError(`the protected header has the key "${variant.key}" beside or instead of "${variant.meant}"; notation reads these keys without regard to case`);
    }
    const algorithm = protectedHeader[HEADER.algorithm];
    if (!(0,algorithms/* isJwsAlgorithm */.Oo)(algorithm)) {
        throw new InvalidEnvelopeError(`signature algorithm "${String(algorithm)}" is not supported (allowed: PS256, PS384, PS512, ES256, ES384, ES512)`, true);
    }
    const contentType = asString(protectedHeader[HEADER.contentType] ?? '', `protected header "${HEADER.contentType}"`);
    const scheme = protectedHeader[HEADER.signingScheme];
    if (scheme !== 'notary.x509' && scheme !== 'notary.x509.signingAuthority') {
        throw new InvalidEnvelopeError(`unsupported signing scheme "${String(scheme)}" (expected notary.x509 or notary.x509.signingAuthority)`, true);
    }
    const signingScheme = scheme;
    const hasSigningTime = HEADER.signingTime in protectedHeader;
    const hasAuthenticSigningTime = HEADER.authenticSigningTime in protectedHeader;
    let signingTime;
    if (signingScheme === 'notary.x509') {
        if (hasAuthenticSigningTime) {
            throw new InvalidEnvelopeError(`"${HEADER.authenticSigningTime}" header must not be present for notary.x509 signing scheme`);
        }
        if (!hasSigningTime)
            throw new InvalidEnvelopeError(`"${HEADER.signingTime}" header must be present for notary.x509 signing scheme`);
        signingTime = parseTime(protectedHeader[HEADER.signingTime], HEADER.signingTime);
    }
    else {
        if (hasSigningTime) {
            throw new InvalidEnvelopeError(`"${HEADER.signingTime}" header must not be present for notary.x509.signingAuthority signing scheme`);
        }
        if (!hasAuthenticSigningTime) {
            throw new InvalidEnvelopeError(`"${HEADER.authenticSigningTime}" header must be present for notary.x509.signingAuthority signing scheme`);
        }
        signingTime = parseTime(protectedHeader[HEADER.authenticSigningTime], HEADER.authenticSigningTime);
    }
    const expiry = HEADER.expiry in protectedHeader ? parseTime(protectedHeader[HEADER.expiry], HEADER.expiry) : undefined;
    if (expiry && expiry.getTime() <= signingTime.getTime()) {
        throw new InvalidEnvelopeError('expiry cannot be equal or before the signing time');
    }
    const critical = validateCritical(protectedHeader, signingScheme, expiry !== undefined);
    const extendedAttributes = Object.entries(protectedHeader)
        .filter(([key]) => !STANDARD_PROTECTED_HEADERS.has(key))
        .map(([key, value]) => ({ key, value, critical: critical.includes(key) }));
    const x5c = unprotected[HEADER.certificateChain];
    if (x5c === undefined || (Array.isArray(x5c) && x5c.length === 0)) {
        throw new InvalidEnvelopeError('the certificate chain (x5c) is missing from the unprotected header');
    }
    if (!Array.isArray(x5c))
        throw new InvalidEnvelopeError('x5c is not an array');
    const certificateChain = x5c.map((entry, index) => {
        try {
            return decodeBase64Standard(asString(entry, `x5c[${index}]`), `x5c[${index}]`);
        }
        catch (error) {
            throw new InvalidEnvelopeError((0,errors/* errorMessage */.gJ)(error));
        }
    });
    const tokenText = unprotected[HEADER.timestampSignature];
    let timestampToken;
    if (tokenText !== undefined) {
        try {
            timestampToken = decodeBase64Standard(asString(tokenText, HEADER.timestampSignature), HEADER.timestampSignature);
        }
        catch (error) {
            throw new InvalidEnvelopeError((0,errors/* errorMessage */.gJ)(error));
        }
    }
    const agent = unprotected[HEADER.signingAgent];
    return {
        algorithm,
        contentType,
        signingScheme,
        signingTime,
        expiry,
        critical,
        extendedAttributes,
        certificateChain,
        timestampToken,
        // Informational only; other unprotected members (including differently cased ones) are ignored, as notation does.
        signingAgent: typeof agent === 'string' ? agent : undefined,
        payload,
        signature,
        signingInput: jwsSigningInput(encodedProtected, encodedPayload),
    };
}
/**
 * `crit` must exist, must name the signing scheme (and authenticSigningTime / expiry when they apply), and may name
 * only extended attributes that are present. Naming a standard header that is not required critical (e.g. signingTime,
 * alg) or naming a header twice is refused, as in the reference.
 */
function validateCritical(protectedHeader, scheme, hasExpiry) {
    const value = protectedHeader[HEADER.critical];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
        throw new InvalidEnvelopeError('missing "crit" header');
    }
    if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
        throw new InvalidEnvelopeError('"crit" header is not a list of header names');
    }
    const critical = value;
    const mustBeCritical = new Set([HEADER.signingScheme]);
    if (hasExpiry)
        mustBeCritical.add(HEADER.expiry);
    if (scheme === 'notary.x509.signingAuthority')
        mustBeCritical.add(HEADER.authenticSigningTime);
    const seen = new Set();
    for (const name of critical) {
        if (seen.has(name))
            throw new InvalidEnvelopeError(`"${name}" is listed more than once in "crit"`);
        seen.add(name);
        if (mustBeCritical.delete(name))
            continue;
        if (!Object.hasOwn(protectedHeader, name))
            throw new InvalidEnvelopeError(`"${name}" header is marked critical but not present`);
        if (STANDARD_PROTECTED_HEADERS.has(name))
            throw new InvalidEnvelopeError(`"${name}" header must not be marked critical`);
    }
    if (mustBeCritical.size > 0) {
        throw new InvalidEnvelopeError(`these required headers are not marked as critical: ${[...mustBeCritical].map((k) => `"${k}"`).join(', ')}`);
    }
    return critical;
}
/** Builds and signs a JWS envelope; returns its JSON bytes. */
async function buildJwsEnvelope(options) {
    const { signingScheme, signer } = options;
    const signingTimeText = formatTime(options.signingTime);
    const expiryText = options.expiry ? formatTime(options.expiry) : undefined;
    if (expiryText && new Date(expiryText).getTime() <= new Date(signingTimeText).getTime()) {
        throw new InvalidEnvelopeError('expiry must be later than the signing time');
    }
    const extended = options.extendedAttributes ?? [];
    for (const attribute of extended) {
        if (STANDARD_PROTECTED_HEADERS.has(attribute.key)) {
            throw new InvalidEnvelopeError(`extended attribute "${attribute.key}" collides with a standard protected header`);
        }
    }
    const critical = [HEADER.signingScheme];
    if (signingScheme === 'notary.x509.signingAuthority')
        critical.push(HEADER.authenticSigningTime);
    if (expiryText)
        critical.push(HEADER.expiry);
    critical.push(...extended.filter((attribute) => attribute.critical).map((attribute) => attribute.key));
    const protectedHeader = {
        [HEADER.algorithm]: signer.algorithm,
        [HEADER.contentType]: options.payloadContentType,
        [HEADER.critical]: critical,
        [HEADER.signingScheme]: signingScheme,
        [signingScheme === 'notary.x509' ? HEADER.signingTime : HEADER.authenticSigningTime]: signingTimeText,
    };
    if (expiryText)
        protectedHeader[HEADER.expiry] = expiryText;
    for (const attribute of extended)
        protectedHeader[attribute.key] = attribute.value;
    const encodedProtected = encodeBase64Url(Buffer.from(JSON.stringify(protectedHeader), 'utf8'));
    const encodedPayload = encodeBase64Url(options.payload);
    const signature = await signer.sign(jwsSigningInput(encodedProtected, encodedPayload));
    const header = {
        [HEADER.certificateChain]: signer.certificateChain.map((der) => Buffer.from(der).toString('base64')),
    };
    if (options.signingAgent)
        header[HEADER.signingAgent] = options.signingAgent;
    return Buffer.from(JSON.stringify({ payload: encodedPayload, protected: encodedProtected, header, signature: encodeBase64Url(signature) }), 'utf8');
}


/***/ }),

/***/ 15459:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ IntegrityError),
/* harmony export */   l: () => (/* binding */ verifyEnvelopeIntegrity)
/* harmony export */ });
/* harmony import */ var _algorithms_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17912);
/* harmony import */ var _certificates_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(26138);
/* harmony import */ var _chain_validation_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(62465);
/* harmony import */ var _envelope_jws_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(53590);
/* harmony import */ var _payload_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(34550);





class IntegrityError extends Error {
    fault;
    name = 'IntegrityError';
    /** Set when the failure is not damage, and whose it is (see IntegrityFault). */
    constructor(message, fault) {
        super(message);
        this.fault = fault;
    }
}
function verifyEnvelopeIntegrity(envelopeBytes, envelopeMediaType) {
    if (envelopeMediaType !== _envelope_jws_js__WEBPACK_IMPORTED_MODULE_3__/* .JWS_ENVELOPE_MEDIA_TYPE */ .E3) {
        throw new IntegrityError(envelopeMediaType === 'application/cose'
            ? 'COSE signature envelopes (application/cose) are not supported; sign with the JWS envelope (application/jose+json), which is what AWS Signer and notation produce by default'
            : `signature envelope type "${envelopeMediaType}" is not supported; only application/jose+json is`, 'unsupported');
    }
    let envelope;
    try {
        envelope = (0,_envelope_jws_js__WEBPACK_IMPORTED_MODULE_3__/* .parseJwsEnvelope */ .UV)(envelopeBytes);
    }
    catch (error) {
        if (error instanceof _envelope_jws_js__WEBPACK_IMPORTED_MODULE_3__/* .InvalidEnvelopeError */ .Or) {
            throw new IntegrityError(`${error.unsupported ? 'unsupported' : 'malformed'} signature envelope: ${error.message}`, error.unsupported ? 'unsupported' : undefined);
        }
        throw error;
    }
    const chain = envelope.certificateChain.map((der, index) => {
        try {
            return (0,_certificates_js__WEBPACK_IMPORTED_MODULE_1__/* .parseCertificate */ .hB)(der);
        }
        catch (error) {
            if (error instanceof _certificates_js__WEBPACK_IMPORTED_MODULE_1__/* .CertificateParseError */ .zU) {
                throw new IntegrityError(`x5c[${index}] of the signature envelope is ${index === 0 ? 'a malformed leaf certificate' : 'malformed'}: ${error.message}`);
            }
            throw error;
        }
    });
    try {
        (0,_chain_validation_js__WEBPACK_IMPORTED_MODULE_2__/* .validateCodeSigningChain */ .MS)(chain);
    }
    catch (error) {
        if (error instanceof _chain_validation_js__WEBPACK_IMPORTED_MODULE_2__/* .CertificateChainError */ .tw)
            throw new IntegrityError(`certificate chain is invalid: ${error.message}`, 'signer');
        throw error;
    }
    const leaf = chain[0];
    const expectedAlgorithm = (0,_algorithms_js__WEBPACK_IMPORTED_MODULE_0__/* .algorithmForKeySpec */ .Pe)(leaf.keySpec);
    if (!expectedAlgorithm) {
        throw new IntegrityError(`signing certificate "${leaf.subject}" has ${(0,_algorithms_js__WEBPACK_IMPORTED_MODULE_0__/* .describeKeySpec */ .Kc)(leaf.keySpec)} key, which no Notary Project signature algorithm allows`, 'signer');
    }
    if (expectedAlgorithm !== envelope.algorithm) {
        throw new IntegrityError(`mismatch between signature algorithm derived from signing certificate (${expectedAlgorithm} for its ${(0,_algorithms_js__WEBPACK_IMPORTED_MODULE_0__/* .describeKeySpec */ .Kc)(leaf.keySpec)} key) and signing algorithm specified (${envelope.algorithm})`);
    }
    if (!(0,_algorithms_js__WEBPACK_IMPORTED_MODULE_0__/* .verifyWithAlgorithm */ .li)(envelope.algorithm, leaf.publicKey, envelope.signingInput, envelope.signature)) {
        throw new IntegrityError('the signature does not verify with the signing certificate\'s key: the envelope was modified after signing, or was not signed by that certificate');
    }
    if (envelope.contentType !== _payload_js__WEBPACK_IMPORTED_MODULE_4__/* .NOTARY_PAYLOAD_MEDIA_TYPE */ .L2) {
        throw new IntegrityError(`payload content type "${envelope.contentType}" is not supported; expected ${_payload_js__WEBPACK_IMPORTED_MODULE_4__/* .NOTARY_PAYLOAD_MEDIA_TYPE */ .L2}`, 'unsupported');
    }
    let payload;
    try {
        payload = (0,_payload_js__WEBPACK_IMPORTED_MODULE_4__/* .parsePayload */ .ex)(envelope.payload);
    }
    catch (error) {
        if (error instanceof _payload_js__WEBPACK_IMPORTED_MODULE_4__/* .PayloadError */ .tG)
            throw new IntegrityError(`the signed payload is invalid: ${error.message}`);
        throw error;
    }
    return { envelope, chain, payload };
}


/***/ }),

/***/ 34550:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L2: () => (/* binding */ NOTARY_PAYLOAD_MEDIA_TYPE),
/* harmony export */   Ul: () => (/* binding */ isReservedAnnotation),
/* harmony export */   Vi: () => (/* binding */ isSameArtifact),
/* harmony export */   ex: () => (/* binding */ parsePayload),
/* harmony export */   nI: () => (/* binding */ buildPayload),
/* harmony export */   tG: () => (/* binding */ PayloadError)
/* harmony export */ });
/* harmony import */ var _core_json_keys_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(23096);

/**
 * The Notary Project payload: `{"targetArtifact": <OCI descriptor>}` with media type
 * application/vnd.cncf.notary.payload.v1+json. It is what gets signed; the descriptor's annotations carry the user
 * metadata given at signing time.
 */
const NOTARY_PAYLOAD_MEDIA_TYPE = 'application/vnd.cncf.notary.payload.v1+json';
/** Annotation keys with this prefix are reserved by the specification and may not be set by users. */
const RESERVED_ANNOTATION_PREFIX = 'io.cncf.notary';
class PayloadError extends Error {
    name = 'PayloadError';
}
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
function isReservedAnnotation(key) {
    return key.startsWith(RESERVED_ANNOTATION_PREFIX);
}
/**
 * Serializes the payload for signing. User annotations are merged into the descriptor's own; reserved keys are refused
 * because a verifier could mistake them for specification-defined attributes.
 */
function buildPayload(descriptor, userAnnotations = {}) {
    const reserved = Object.keys(userAnnotations).filter(isReservedAnnotation);
    if (reserved.length > 0) {
        throw new PayloadError(`annotation key(s) ${reserved.map((k) => `'${k}'`).join(', ')} use the reserved prefix '${RESERVED_ANNOTATION_PREFIX}'`);
    }
    validateDescriptor(descriptor);
    const annotations = { ...descriptor.annotations, ...userAnnotations };
    const targetArtifact = {
        mediaType: descriptor.mediaType,
        digest: descriptor.digest,
        size: descriptor.size,
    };
    if (Object.keys(annotations).length > 0)
        targetArtifact['annotations'] = annotations;
    return Buffer.from(JSON.stringify({ targetArtifact }), 'utf8');
}
/** A signed key notation would read differently (see caseVariantKey) makes the payload ambiguous: refused. */
function refuseCaseVariants(object, keys, where) {
    const variant = (0,_core_json_keys_js__WEBPACK_IMPORTED_MODULE_0__/* .caseVariantKey */ .P)(object, keys);
    if (variant)
        throw new PayloadError(`${where} has the key "${variant.key}" beside or instead of "${variant.meant}"; notation reads keys without regard to case`);
}
function validateDescriptor(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new PayloadError('targetArtifact is not an object');
    const descriptor = value;
    refuseCaseVariants(descriptor, ['mediaType', 'digest', 'size', 'annotations'], 'targetArtifact');
    if (typeof descriptor['mediaType'] !== 'string' || descriptor['mediaType'] === '') {
        throw new PayloadError('targetArtifact.mediaType is missing');
    }
    if (typeof descriptor['digest'] !== 'string' || !DIGEST.test(descriptor['digest'])) {
        throw new PayloadError('targetArtifact.digest is missing or not a digest');
    }
    const size = descriptor['size'];
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw new PayloadError('targetArtifact.size is missing or not a non-negative integer');
    }
    const annotations = descriptor['annotations'];
    if (annotations !== undefined) {
        if (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations)) {
            throw new PayloadError('targetArtifact.annotations is not an object');
        }
        for (const [key, annotation] of Object.entries(annotations)) {
            if (typeof annotation !== 'string')
                throw new PayloadError(`targetArtifact.annotations['${key}'] is not a string`);
        }
    }
}
/** Parses payload bytes. Call it only on a payload whose signature already verified. */
function parsePayload(bytes) {
    let document;
    try {
        document = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        throw new PayloadError('payload is not JSON');
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
        throw new PayloadError('payload is not a JSON object');
    }
    refuseCaseVariants(document, ['targetArtifact'], 'payload');
    const targetArtifact = document['targetArtifact'];
    if (targetArtifact === undefined)
        throw new PayloadError('payload has no targetArtifact');
    validateDescriptor(targetArtifact);
    return { targetArtifact };
}
/**
 * Whether a signed descriptor names the artifact being verified. Only mediaType, digest and size take part:
 * annotations are signed metadata, not identity (notation compares the same three fields).
 */
function isSameArtifact(signed, artifact) {
    return signed.mediaType === artifact.mediaType && signed.digest === artifact.digest && signed.size === artifact.size;
}


/***/ }),

/***/ 51417:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ readSignature),
/* harmony export */   Mn: () => (/* binding */ ensureInReferrersTag),
/* harmony export */   Uc: () => (/* binding */ listSignatures),
/* harmony export */   WY: () => (/* binding */ storeSignature),
/* harmony export */   eb: () => (/* binding */ EmptyConfigUploads),
/* harmony export */   lG: () => (/* binding */ SignatureReadError)
/* harmony export */ });
/* unused harmony exports SIGNATURE_ARTIFACT_TYPE, THUMBPRINT_ANNOTATION, CREATED_ANNOTATION, EMPTY_CONFIG, MAX_SIGNATURE_MANIFEST_BYTES, MAX_SIGNATURE_ENVELOPE_BYTES, buildSignatureManifest */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _core_lru_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(90460);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36179);
/* harmony import */ var _oci_manifest_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(89922);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(50443);
/* harmony import */ var _oci_referrers_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(89723);
/* harmony import */ var _oci_registry_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(51606);







/**
 * Notary Project signatures in an OCI registry (signature specification, "Storage"): each signature is an OCI image
 * manifest with artifactType application/vnd.cncf.notary.signature, the empty config, exactly one layer holding the
 * envelope, the signed manifest as `subject`, and annotations for the certificate thumbprints and creation time.
 * Registries with the referrers API index it themselves; for the others the referrers tag schema is kept up to date.
 */
const SIGNATURE_ARTIFACT_TYPE = 'application/vnd.cncf.notary.signature';
const THUMBPRINT_ANNOTATION = 'io.cncf.notary.x509chain.thumbprint#S256';
const CREATED_ANNOTATION = 'org.opencontainers.image.created';
/** The OCI empty descriptor: config of every artifact manifest without a config of its own. */
const EMPTY_CONFIG = {
    mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .MediaType */ .zu.ociEmpty,
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2,
};
const EMPTY_CONFIG_BYTES = new TextEncoder().encode('{}');
/** notation-go's limits when reading signatures: a larger manifest or envelope is refused before it is downloaded. */
const MAX_SIGNATURE_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_SIGNATURE_ENVELOPE_BYTES = 32 * 1024 * 1024;
/** RFC 3339 in UTC with whole seconds, as notation writes org.opencontainers.image.created. */
function createdTime(instant) {
    return new Date(Math.floor(instant.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
/** Builds the signature manifest exactly as the specification lays it out (and in notation's field order). */
function buildSignatureManifest(input) {
    const layer = { mediaType: input.envelopeMediaType, digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256Digest */ .sI)(input.envelope), size: input.envelope.byteLength };
    const manifest = {
        schemaVersion: 2,
        mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .MediaType */ .zu.ociManifest,
        artifactType: SIGNATURE_ARTIFACT_TYPE,
        config: EMPTY_CONFIG,
        layers: [layer],
        subject: { mediaType: input.subject.mediaType, digest: input.subject.digest, size: input.subject.size },
        annotations: {
            ...input.annotations,
            [THUMBPRINT_ANNOTATION]: JSON.stringify(input.certificateThumbprints),
            [CREATED_ANNOTATION]: createdTime(input.created),
        },
    };
    const bytes = new TextEncoder().encode(JSON.stringify(manifest));
    return {
        mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .MediaType */ .zu.ociManifest,
        bytes,
        layer,
        descriptor: {
            mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .MediaType */ .zu.ociManifest,
            digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256Digest */ .sI)(bytes),
            size: bytes.byteLength,
            artifactType: SIGNATURE_ARTIFACT_TYPE,
            annotations: manifest.annotations,
        },
    };
}
/** Uploads the empty config blob unless the repository has it. */
async function ensureEmptyConfig(client, repository) {
    if (!(await client.hasBlob(repository, EMPTY_CONFIG.digest)))
        await client.uploadBlob(repository, EMPTY_CONFIG, async () => [EMPTY_CONFIG_BYTES]);
}
/**
 * The empty config blob is the one blob every signature manifest of a repository shares. Uploading it concurrently
 * for several images of one repository races on docker-registry (a manifest PUT that lands while another upload of
 * the same blob commits fails with DIGEST_INVALID), so a run signing many images uploads it once per repository,
 * before any signature manifest needs it. One instance per run and registry client.
 */
class EmptyConfigUploads {
    client;
    uploads = new Map();
    constructor(client) {
        this.client = client;
    }
    /** A failed upload is tried again by the next signature rather than failing every later one. */
    ensure(repository) {
        return (0,_core_lru_js__WEBPACK_IMPORTED_MODULE_6__/* .rememberedUntilRejected */ .xT)(this.uploads, repository, () => ensureEmptyConfig(this.client, repository));
    }
}
/** Pushes the envelope and its signature manifest next to the signed image. */
async function storeSignature(options) {
    const { client, repository } = options;
    const manifest = buildSignatureManifest(options);
    // Both blobs go up side by side; the manifest, which needs them, after both.
    await Promise.all([
        options.emptyConfig ? options.emptyConfig.ensure(repository) : ensureEmptyConfig(client, repository),
        client.uploadBlob(repository, manifest.layer, async () => [options.envelope], options.uploadUrl ? { uploadUrl: options.uploadUrl } : {}),
    ]);
    const pushed = await (0,_oci_referrers_js__WEBPACK_IMPORTED_MODULE_4__/* .pushReferrer */ .eX)(client, repository, { mediaType: manifest.mediaType, bytes: manifest.bytes, fresh: true });
    if (pushed.indexedBy === 'referrers-tag')
        return { descriptor: manifest.descriptor, indexedBy: 'referrers-tag' };
    if (options.forceReferrersTag) {
        await recordInReferrersTag(client, repository, options.subject.digest, manifest.descriptor);
        return { descriptor: manifest.descriptor, indexedBy: 'referrers-tag' };
    }
    return { descriptor: manifest.descriptor, indexedBy: 'referrers-api' };
}
/**
 * force-referrers-tag on a registry with the referrers API: the signature is stored and listed by the API already, so a
 * failure to also record it in the tag index takes nothing back; the error says so, and a rerun finds the signature
 * and records it (ensureInReferrersTag).
 */
async function recordInReferrersTag(client, repository, subjectDigest, signature) {
    try {
        await (0,_oci_referrers_js__WEBPACK_IMPORTED_MODULE_4__/* .addToReferrersIndex */ .fd)(client, repository, subjectDigest, signature);
    }
    catch (error) {
        throw new Error(`${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}; signature ${(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .shortDigest */ .VK)(signature.digest)} is stored and the registry's referrers API lists it, but the referrers tag does not: run the step again to record it there`, { cause: error });
    }
}
/**
 * force-referrers-tag for a signature found already in place: on a registry with the referrers API, it is added to the
 * subject's tag index if that does not list it (a signature from before the flag was set, or from a run whose tag
 * update failed). Without the API the signature was found through the tag index, which lists it already.
 */
async function ensureInReferrersTag(client, repository, subjectDigest, signatureDigest) {
    if (!(await client.referrersApiSupported(repository)))
        return;
    const signature = (await listSignatures(client, repository, subjectDigest)).find((descriptor) => descriptor.digest === signatureDigest);
    if (signature)
        await recordInReferrersTag(client, repository, subjectDigest, signature);
}
/**
 * The signature manifests that refer to a manifest (listReferrers filtered by the signature artifact type), at least
 * `enough` of them when there are that many (all by default). The legacy form (no artifactType, config.mediaType = the
 * signature type) is listed too: registries and the tag index report a manifest's artifact type as its config media
 * type when it has no artifactType.
 */
function listSignatures(client, repository, subjectDigest, enough) {
    return (0,_oci_referrers_js__WEBPACK_IMPORTED_MODULE_4__/* .listReferrers */ .xt)(client, repository, subjectDigest, { artifactType: SIGNATURE_ARTIFACT_TYPE, ...(enough === undefined ? {} : { enough }) });
}
/** A signature manifest that cannot be used: too large, malformed, or not a signature. Reported, then skipped. */
class SignatureReadError extends Error {
    name = 'SignatureReadError';
}
function isSignatureManifest(manifest) {
    if (manifest.artifactType !== undefined)
        return manifest.artifactType === SIGNATURE_ARTIFACT_TYPE;
    return manifest.config.mediaType === SIGNATURE_ARTIFACT_TYPE;
}
/**
 * Reads one signature: the manifest (at most 4 MiB, an image manifest of the signature type with exactly one layer)
 * and its envelope blob (at most 32 MiB, digest-checked). Throws SignatureReadError for a signature that cannot be
 * used, so the caller can go on to the next one; registry failures propagate as they are.
 */
async function readSignature(client, repository, descriptor) {
    const name = `signature ${(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .shortDigest */ .VK)(descriptor.digest)}`;
    if (descriptor.size > MAX_SIGNATURE_MANIFEST_BYTES) {
        throw new SignatureReadError(`${name}: its manifest is ${descriptor.size} bytes, over the ${MAX_SIGNATURE_MANIFEST_BYTES}-byte limit for signature manifests`);
    }
    let found;
    try {
        found = await client.findManifest(repository, descriptor.digest);
    }
    catch (error) {
        // One unreadable manifest is that signature's failure, not the image's: the next signature may pass.
        if (error instanceof _oci_registry_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .RegistryError */ .gl && error.cause instanceof _oci_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .InvalidManifestError */ .t4) {
            throw new SignatureReadError(`${name}: its manifest is not a valid OCI manifest (${error.cause.message})`);
        }
        if (error instanceof _oci_registry_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .RegistryError */ .gl && error.cause instanceof _oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .DigestMismatchError */ .h) {
            throw new SignatureReadError(`${name}: the registry sent a manifest that does not match its digest ${descriptor.digest}`);
        }
        throw error;
    }
    if (!found)
        throw new SignatureReadError(`${name}: the referrers list names it, but the registry has no such manifest`);
    if (found.parsed.kind !== 'image')
        throw new SignatureReadError(`${name}: it is an image index, not a signature manifest`);
    const manifest = found.parsed.manifest;
    if (!isSignatureManifest(manifest)) {
        throw new SignatureReadError(`${name}: its artifact type is ${manifest.artifactType ?? manifest.config.mediaType}, not ${SIGNATURE_ARTIFACT_TYPE}`);
    }
    if (manifest.layers.length !== 1) {
        throw new SignatureReadError(`${name}: it has ${manifest.layers.length} layers; a signature manifest has exactly one, the envelope`);
    }
    const layer = manifest.layers[0];
    if (layer.size > MAX_SIGNATURE_ENVELOPE_BYTES) {
        throw new SignatureReadError(`${name}: its envelope is ${layer.size} bytes, over the ${MAX_SIGNATURE_ENVELOPE_BYTES}-byte limit for signature envelopes`);
    }
    let envelope;
    try {
        envelope = await client.readBlob(repository, layer, MAX_SIGNATURE_ENVELOPE_BYTES);
    }
    catch (error) {
        if (error instanceof _oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .DigestMismatchError */ .h)
            throw new SignatureReadError(`${name}: the registry sent an envelope that does not match its digest ${layer.digest}`);
        throw error;
    }
    return { signatureDigest: descriptor.digest, envelope, mediaType: layer.mediaType, annotations: manifest.annotations ?? {} };
}


/***/ }),

/***/ 62903:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G3: () => (/* binding */ resolveAndVerifyImage),
/* harmony export */   RI: () => (/* binding */ listImageSignatures),
/* harmony export */   ZG: () => (/* binding */ verifyImage)
/* harmony export */ });
/* unused harmony export DEFAULT_MAX_SIGNATURE_ATTEMPTS */
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(36179);
/* harmony import */ var _artifact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92608);
/* harmony import */ var _storage_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51417);
/* harmony import */ var _trust_policy_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(57669);
/* harmony import */ var _verify_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(87342);





/**
 * Verification of one image in a registry, as `notation verify` does it: select the trust policy statement for the
 * image's digest reference, list its signatures (referrers API or tag schema), and verify them one by one until one
 * passes. The image fails closed: no signature, or none that passes, is a failure that names the check and the reason.
 */
/** notation's default limit (`--max-signatures`): an image with more signatures than this is not worth trying further. */
const DEFAULT_MAX_SIGNATURE_ATTEMPTS = 100;
function passedChecks(attempt) {
    return attempt.outcome?.checks.filter((check) => check.result === 'pass').length ?? -1;
}
function failureOf(attempt) {
    const failed = attempt.outcome?.checks.find((check) => check.result === 'fail');
    if (failed)
        return { check: failed.name, message: failed.message, ...(failed.fault ? { fault: failed.fault } : {}) };
    return { check: 'signature', message: attempt.problem ?? 'the signature could not be evaluated' };
}
/**
 * The signature manifests of the image `digest` names, as many as verifyImage needs with `maxSignatureAttempts`: for
 * a caller that knows the digest before the registry confirmed it, to list them meanwhile (VerifyImageOptions.signatures).
 */
function listImageSignatures(client, repository, digest, maxSignatureAttempts) {
    // One more than the limit tells whether signatures were left untried; later referrers pages are not read.
    return (0,_storage_js__WEBPACK_IMPORTED_MODULE_2__/* .listSignatures */ .Uc)(client, repository, digest, attemptLimit(maxSignatureAttempts) + 1);
}
/**
 * Resolves the image to its digest (resolveArtifact), then verifies it (verifyImage). For an image given by digest its
 * signatures are listed while the registry confirms the digest, which saves a round trip per image; the listing is
 * used only once the digest is confirmed, and resolution errors are reported as they would be without it.
 */
async function resolveAndVerifyImage(options) {
    const { client, image } = options;
    const digest = image.digest;
    const early = digest !== undefined && !options.signatures && levelFor(options.trustPolicy, `${image.registry}/${image.repository}@${digest}`) !== 'skip'
        ? listImageSignatures(client, image.repository, digest, options.maxSignatureAttempts)
        : undefined;
    early?.catch(() => undefined); // a failed resolution is the error to report; the listing's own is seen when used
    const artifact = await (0,_artifact_js__WEBPACK_IMPORTED_MODULE_1__/* .resolveArtifact */ .B)(client, image);
    return verifyImage({ ...options, artifact, ...(early ? { signatures: early } : {}) });
}
/** The level of the statement that covers `reference`, or undefined when none does (verifyImage reports that). */
function levelFor(policy, reference) {
    try {
        return (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_3__/* .selectTrustPolicyStatement */ .e)(policy, reference).level;
    }
    catch {
        return undefined;
    }
}
function attemptLimit(maxSignatureAttempts) {
    const limit = maxSignatureAttempts ?? DEFAULT_MAX_SIGNATURE_ATTEMPTS;
    if (!Number.isInteger(limit) || limit < 1)
        throw new RangeError(`maxSignatureAttempts must be a whole number of at least 1, not ${limit}`);
    return limit;
}
/** Verifies an image's signatures until one passes. Configuration mistakes (no applicable policy statement) throw. */
async function verifyImage(options) {
    const { artifact, client } = options;
    const statement = (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_3__/* .selectTrustPolicyStatement */ .e)(options.trustPolicy, artifact.reference);
    const result = (verdict, attempts, signature, failure) => ({
        artifact,
        verdict,
        statement: statement.name,
        level: statement.level,
        signature,
        attempts,
        failure,
    });
    if (statement.level === 'skip')
        return result('pass', []);
    const limit = attemptLimit(options.maxSignatureAttempts);
    const descriptors = await (options.signatures ?? listImageSignatures(client, artifact.image.repository, artifact.descriptor.digest, limit));
    if (descriptors.length === 0) {
        return result('fail', [], undefined, {
            check: 'signature',
            message: `no signature is associated with "${artifact.reference}", make sure the artifact was signed successfully`,
        });
    }
    const attempts = [];
    for (const descriptor of descriptors.slice(0, limit)) {
        let attempt;
        try {
            const stored = await (0,_storage_js__WEBPACK_IMPORTED_MODULE_2__/* .readSignature */ .Bc)(client, artifact.image.repository, descriptor);
            const outcome = await (0,_verify_js__WEBPACK_IMPORTED_MODULE_4__/* .verifyEnvelope */ .Y)({
                envelope: stored.envelope,
                mediaType: stored.mediaType,
                descriptor: artifact.descriptor,
                reference: artifact.reference,
                trustPolicy: options.trustPolicy,
                trustStoreDir: options.trustStoreDir,
                ...(options.trustStoreCache ? { trustStoreCache: options.trustStoreCache } : {}),
                verifyAt: options.verifyAt,
                ...(options.revocation ? { revocation: options.revocation } : {}),
            });
            const refused = outcome.verdict === 'pass' ? options.accept?.(outcome) : undefined;
            attempt = { signatureDigest: descriptor.digest, outcome, problem: refused };
        }
        catch (error) {
            if (!(error instanceof _storage_js__WEBPACK_IMPORTED_MODULE_2__/* .SignatureReadError */ .lG))
                throw error;
            attempt = { signatureDigest: descriptor.digest, outcome: undefined, problem: error.message };
        }
        attempts.push(attempt);
        if (attempt.outcome?.verdict === 'pass' && attempt.problem === undefined)
            return result('pass', attempts, attempt);
        options.logger?.debug(`${artifact.reference}: signature ${(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .shortDigest */ .VK)(descriptor.digest)} does not pass: ${failureOf(attempt).message}`);
    }
    const best = attempts.reduce((a, b) => (passedChecks(b) > passedChecks(a) ? b : a));
    let failure = failureOf(best);
    if (descriptors.length > limit) {
        failure = { ...failure, message: `${failure.message} (only the first ${limit} signatures were tried; the image has more)` };
    }
    return result('fail', attempts, best, failure);
}


/***/ }),

/***/ 87342:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Y: () => (/* binding */ verifyEnvelope)
});

// UNUSED EXPORTS: CHECK_NAMES

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/errors.js
var errors = __webpack_require__(27814);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/certificates.js
var notation_certificates = __webpack_require__(26138);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/chain-validation.js
var chain_validation = __webpack_require__(62465);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/der.js
var der = __webpack_require__(20423);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/algorithm-identifiers.js
var algorithm_identifiers = __webpack_require__(42220);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/node-crypto.js
var node_crypto = __webpack_require__(43723);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/timestamp.js






class TimestampError extends Error {
    name = 'TimestampError';
}
const OID = {
    signedData: '1.2.840.113549.1.7.2',
    tstInfo: '1.2.840.113549.1.9.16.1.4',
    contentType: '1.2.840.113549.1.9.3',
    messageDigest: '1.2.840.113549.1.9.4',
    signingCertificate: '1.2.840.113549.1.9.16.2.12',
    signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
    rsaEncryption: '1.2.840.113549.1.1.1',
    baselineTimestampPolicy: '0.4.0.2023.1.1',
};
function fail(message) {
    throw new TimestampError(message);
}
function hashOf(oid, what, allowSha1 = false) {
    const hash = algorithm_identifiers/* DIGEST_ALGORITHMS */.MF[oid];
    if (!hash)
        fail(`${what} uses unsupported hash algorithm ${oid}`);
    if (hash === 'sha1' && !allowSha1)
        fail(`${what} uses SHA-1, which is not allowed`);
    return hash;
}
function algorithmOid(identifier, what) {
    return (0,der/* decodeOid */.FK)((0,der/* childrenOf */.LU)((0,der/* expectTag */.yi)(identifier, der/* DER_TAG */.pJ.sequence, what))[0]);
}
function parseSignerInfo(element) {
    const fields = (0,der/* childrenOf */.LU)((0,der/* expectTag */.yi)(element, der/* DER_TAG */.pJ.sequence, 'a SignerInfo'));
    let index = 0;
    const version = (0,der/* decodeInteger */.RR)(fields[index++]);
    const sid = fields[index++];
    let issuer;
    let serial;
    if (sid.tag === der/* DER_TAG */.pJ.sequence) {
        const [issuerName, serialNumber] = (0,der/* childrenOf */.LU)(sid);
        issuer = issuerName?.encoded;
        serial = serialNumber ? (0,der/* decodeInteger */.RR)(serialNumber) : undefined;
    }
    const digestAlgorithm = algorithmOid(fields[index++], 'a digest AlgorithmIdentifier');
    let signedAttributes;
    if (fields[index]?.tag === (0,der/* contextTag */.qA)(0, true))
        signedAttributes = fields[index++];
    const signatureAlgorithm = (0,der/* expectTag */.yi)(fields[index++], der/* DER_TAG */.pJ.sequence, 'a signature AlgorithmIdentifier');
    const signature = (0,der/* decodeOctetString */.HM)(fields[index++]);
    return { version, issuer, serial, digestAlgorithm, signedAttributes, signatureAlgorithm, signature };
}
function parseSignedToken(token) {
    const contentInfo = (0,der/* childrenOf */.LU)((0,der/* expectTag */.yi)((0,der/* readSingleElement */.dD)(token), der/* DER_TAG */.pJ.sequence, 'a ContentInfo'));
    if ((0,der/* decodeOid */.FK)(contentInfo[0]) !== OID.signedData)
        fail('the timestamp token is not a CMS SignedData');
    const explicit = (0,der/* expectTag */.yi)(contentInfo[1], (0,der/* contextTag */.qA)(0, true), 'the SignedData content');
    const fields = (0,der/* childrenOf */.LU)((0,der/* expectTag */.yi)((0,der/* childrenOf */.LU)(explicit)[0], der/* DER_TAG */.pJ.sequence, 'a SignedData'));
    const encapsulated = (0,der/* childrenOf */.LU)((0,der/* expectTag */.yi)(fields[2], der/* DER_TAG */.pJ.sequence, 'an EncapsulatedContentInfo'));
    const contentType = (0,der/* decodeOid */.FK)(encapsulated[0]);
    const eContent = (0,der/* expectTag */.yi)(encapsulated[1], (0,der/* contextTag */.qA)(0, true), 'encapsulated content');
    const content = (0,der/* decodeOctetString */.HM)((0,der/* childrenOf */.LU)(eContent)[0]);
    let index = 3;
    const certificates = [];
    if (fields[index]?.tag === (0,der/* contextTag */.qA)(0, true)) {
        for (const choice of (0,der/* childrenOf */.LU)(fields[index])) {
            // Only plain certificates are used; attribute certificates and other choices are irrelevant here.
            if (choice.tag === der/* DER_TAG */.pJ.sequence)
                certificates.push((0,notation_certificates/* parseCertificate */.hB)(choice.encoded));
        }
        index++;
    }
    if (fields[index]?.tag === (0,der/* contextTag */.qA)(1, true))
        index++;
    const signerInfos = (0,der/* childrenOf */.LU)((0,der/* expectTag */.yi)(fields[index], der/* DER_TAG */.pJ.set, 'the SignerInfos')).map(parseSignerInfo);
    return { contentType, content, certificates, signerInfos };
}
/** Signed attributes as OID -> values. */
function attributesOf(signedAttributes) {
    const attributes = new Map();
    for (const attribute of (0,der/* childrenOf */.LU)(signedAttributes)) {
        const [type, values] = (0,der/* childrenOf */.LU)((0,der/* expectTag */.yi)(attribute, der/* DER_TAG */.pJ.sequence, 'an Attribute'));
        attributes.set((0,der/* decodeOid */.FK)(type), (0,der/* childrenOf */.LU)((0,der/* expectTag */.yi)(values, der/* DER_TAG */.pJ.set, 'attribute values')));
    }
    return attributes;
}
function singleAttribute(attributes, oid, name) {
    const values = attributes.get(oid);
    if (!values || values.length !== 1)
        fail(`the timestamp signature has no single ${name} signed attribute`);
    return values[0];
}
/**
 * The TSA signing certificate, as named by the ESS signingCertificateV2 attribute (RFC 5816): found by its IssuerSerial
 * (or the SignerInfo's sid when the attribute has none) and confirmed by its hash. A token that names it only with the
 * SHA-1 signingCertificate (v1) is refused, as notation's timestamp client (tspclient-go) refuses it.
 */
function signingCertificateOf(signerInfo, attributes, token) {
    const attribute = attributes.get(OID.signingCertificateV2)?.[0];
    if (!attribute) {
        fail(attributes.has(OID.signingCertificate)
            ? 'the timestamp names its TSA certificate only with a signingCertificate (v1, SHA-1) attribute, which notation refuses; timestamp with a TSA that issues signingCertificateV2 (RFC 5816)'
            : 'the timestamp signature has no signingCertificateV2 attribute naming the TSA certificate');
    }
    const certIds = (0,der/* childrenOf */.LU)((0,der/* childrenOf */.LU)((0,der/* expectTag */.yi)(attribute, der/* DER_TAG */.pJ.sequence, 'a SigningCertificate'))[0]);
    const certId = (0,der/* childrenOf */.LU)((0,der/* expectTag */.yi)(certIds[0], der/* DER_TAG */.pJ.sequence, 'an ESSCertID'));
    let index = 0;
    // ESSCertIDv2's hashAlgorithm is optional, SHA-256 when left out.
    let hash = 'sha256';
    if (certId[0]?.tag === der/* DER_TAG */.pJ.sequence)
        hash = hashOf(algorithmOid(certId[index++], 'ESSCertIDv2'), 'the signingCertificateV2 attribute', true);
    const certHash = (0,der/* decodeOctetString */.HM)(certId[index++]);
    let issuer = signerInfo.issuer;
    let serial = signerInfo.serial;
    const issuerSerial = certId[index];
    if (issuerSerial) {
        const [generalNames, serialNumber] = (0,der/* childrenOf */.LU)(issuerSerial);
        const directoryName = (0,der/* childrenOf */.LU)(generalNames).find((name) => name.tag === (0,der/* contextTag */.qA)(4, true));
        issuer = directoryName ? (0,der/* childrenOf */.LU)(directoryName)[0]?.encoded : undefined;
        serial = serialNumber ? (0,der/* decodeInteger */.RR)(serialNumber) : undefined;
    }
    const candidate = token.certificates.find((certificate) => issuer !== undefined && certificate.rawIssuer.equals(issuer) && BigInt(`0x${certificate.x509.serialNumber}`) === serial);
    if (!candidate)
        fail('the TSA signing certificate is not included in the timestamp token');
    if (!(0,node_crypto/* nodeCrypto */.S)().createHash(hash).update(candidate.der).digest().equals(certHash)) {
        fail('the TSA signing certificate does not match the hash in its signingCertificate attribute');
    }
    return candidate;
}
function verifyCmsSignature(signerInfo, signedBytes, publicKey) {
    const signatureOid = algorithmOid(signerInfo.signatureAlgorithm, 'a signature AlgorithmIdentifier');
    const digest = hashOf(signerInfo.digestAlgorithm, 'the timestamp signature');
    const { constants, verify } = (0,node_crypto/* nodeCrypto */.S)();
    try {
        if (signatureOid === algorithm_identifiers/* RSASSA_PSS */.n6) {
            return verify(digest, signedBytes, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signerInfo.signature);
        }
        // rsaEncryption leaves the hash to digestAlgorithm; RSA and ECDSA algorithms that fix their own hash use it.
        const fixed = algorithm_identifiers/* SIGNATURE_ALGORITHMS */.a[signatureOid];
        if (fixed?.hash === 'sha1')
            fail('the timestamp signature uses SHA-1, which is not allowed');
        const usable = signatureOid === OID.rsaEncryption || (fixed !== undefined && (fixed.key === 'rsa' || fixed.key === 'ec') && !(0,algorithm_identifiers/* hasInsecureHash */.hK)(fixed));
        if (!usable)
            fail(`the timestamp signature uses unsupported algorithm ${signatureOid}`);
        return verify(fixed?.hash ?? digest, signedBytes, publicKey, signerInfo.signature);
    }
    catch (error) {
        if (error instanceof TimestampError)
            throw error;
        return false;
    }
}
/** Builds signer -> ... -> trusted certificate, every link valid at `at`; intermediates come from the token. */
function buildTsaChain(signer, intermediates, trusted, at) {
    const extend = (chain) => {
        const last = chain[chain.length - 1];
        if (!(0,notation_certificates/* isValidAt */.Ub)(last, at))
            return undefined;
        if (trusted.some((certificate) => (0,notation_certificates/* sameCertificate */.qD)(certificate, last)))
            return chain;
        if (chain.length > 8)
            return undefined;
        for (const issuer of [...trusted, ...intermediates]) {
            if (chain.some((certificate) => (0,notation_certificates/* sameCertificate */.qD)(certificate, issuer)))
                continue;
            if ((0,notation_certificates/* isIssuedBy */.rh)(last, issuer)) {
                const found = extend([...chain, issuer]);
                if (found)
                    return found;
            }
        }
        return undefined;
    };
    return extend([signer]);
}
function parseTstInfo(content, signature) {
    const fields = (0,der/* childrenOf */.LU)((0,der/* expectTag */.yi)((0,der/* readSingleElement */.dD)(content), der/* DER_TAG */.pJ.sequence, 'a TSTInfo'));
    if ((0,der/* decodeInteger */.RR)(fields[0]) !== 1n)
        fail('the timestamp TSTInfo version is not 1');
    const policy = (0,der/* decodeOid */.FK)(fields[1]);
    const [hashAlgorithm, hashedMessage] = (0,der/* childrenOf */.LU)((0,der/* expectTag */.yi)(fields[2], der/* DER_TAG */.pJ.sequence, 'a MessageImprint'));
    const hash = hashOf(algorithmOid(hashAlgorithm, 'a MessageImprint'), 'the timestamp message imprint');
    if (!(0,node_crypto/* nodeCrypto */.S)().createHash(hash).update(signature).digest().equals((0,der/* decodeOctetString */.HM)(hashedMessage))) {
        fail('the timestamp was issued for a different signature (message imprint mismatch)');
    }
    const genTime = (0,der/* decodeGeneralizedTime */.i1)(fields[4]);
    let accuracyMs = 0;
    const accuracy = fields[5];
    if (accuracy?.tag === der/* DER_TAG */.pJ.sequence) {
        for (const part of (0,der/* childrenOf */.LU)(accuracy)) {
            const value = Number((0,der/* decodeInteger */.RR)({ ...part, tag: der/* DER_TAG */.pJ.integer }));
            if (part.tag === der/* DER_TAG */.pJ.integer)
                accuracyMs += value * 1000;
            else if (part.tag === (0,der/* contextTag */.qA)(0, false))
                accuracyMs += value;
            else if (part.tag === (0,der/* contextTag */.qA)(1, false))
                accuracyMs += value / 1000;
        }
    }
    // RFC 3628 §5.1: a TSA under the baseline policy guarantees at least one second when it states no accuracy.
    if (accuracyMs === 0 && policy === OID.baselineTimestampPolicy)
        accuracyMs = 1000;
    return { genTime, accuracyMs };
}
/**
 * Verifies a timestamp token over a signature value against trusted TSA certificates (a tsa trust store). Throws
 * TimestampError naming the failed step.
 */
function verifyTimestampToken(token, signature, trustedTsaCertificates) {
    try {
        return verifyParsedToken(parseSignedToken(Buffer.from(token)), signature, trustedTsaCertificates);
    }
    catch (error) {
        if (error instanceof TimestampError)
            throw error;
        // The token is untrusted input: any structural surprise (DerError, CertificateParseError, a missing field) means
        // it is malformed, never an internal error.
        throw new TimestampError(`the timestamp token is malformed: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
function verifyParsedToken(token, signature, trusted) {
    if (token.contentType !== OID.tstInfo)
        fail('the timestamp token does not hold a TSTInfo');
    const { genTime, accuracyMs } = parseTstInfo(token.content, signature);
    if (trusted.length === 0)
        fail('no trusted TSA certificate found in the tsa trust store');
    if (token.signerInfos.length === 0)
        fail('the timestamp token has no signer');
    let lastError;
    for (const signerInfo of token.signerInfos) {
        try {
            if (signerInfo.version !== 1n)
                fail('only SignerInfo version 1 (issuer and serial number) is supported');
            if (!signerInfo.signedAttributes)
                fail('the timestamp signature has no signed attributes');
            const attributes = attributesOf(signerInfo.signedAttributes);
            if ((0,der/* decodeOid */.FK)(singleAttribute(attributes, OID.contentType, 'content-type')) !== token.contentType) {
                fail('the content-type signed attribute does not match the token content');
            }
            const digest = hashOf(signerInfo.digestAlgorithm, 'the timestamp signature');
            if (!(0,node_crypto/* nodeCrypto */.S)().createHash(digest).update(token.content).digest().equals((0,der/* decodeOctetString */.HM)(singleAttribute(attributes, OID.messageDigest, 'message-digest')))) {
                fail('the message-digest signed attribute does not match the token content');
            }
            const signer = signingCertificateOf(signerInfo, attributes, token);
            // The signature covers the DER of the attributes as a SET OF (RFC 5652 §5.4): not their [0] IMPLICIT form, and not
            // the BER lengths a token may carry them in.
            const signedBytes = (0,der/* toDer */.dJ)(signerInfo.signedAttributes, der/* DER_TAG */.pJ.set);
            if (!verifyCmsSignature(signerInfo, signedBytes, signer.publicKey))
                fail('the TSA signature over the timestamp does not verify');
            const tsaChain = buildTsaChain(signer, token.certificates, trusted, genTime);
            if (!tsaChain) {
                fail(`the TSA certificate "${signer.subject}" does not chain to a certificate of the tsa trust store with every certificate valid at ${genTime.toISOString()}`);
            }
            try {
                (0,chain_validation/* validateTimestampingChain */._q)(tsaChain);
            }
            catch (error) {
                if (error instanceof chain_validation/* CertificateChainError */.tw)
                    fail(`the timestamping certificate chain is invalid: ${error.message}`);
                throw error;
            }
            return {
                genTime,
                accuracyMs,
                earliest: new Date(genTime.getTime() - accuracyMs),
                latest: new Date(genTime.getTime() + accuracyMs),
                tsaChain,
            };
        }
        catch (error) {
            if (!(error instanceof TimestampError))
                throw error;
            lastError = error;
        }
    }
    throw lastError;
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trust-store.js
var trust_store = __webpack_require__(10578);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/x509-revocation.js

const revokedOn = (revokedAt, reason) => `${revokedAt.toISOString()}${reason ? `, reason ${reason}` : ''}`;
async function crlRevocation(certificate, issuer, options) {
    if (!options.fetchCrl)
        return { status: 'unknown', reason: `it names a CRL, and ${options.offlineBecause ?? 'this verification ran offline'}` };
    const { certificateStatusInCrl, parseCrl } = await __webpack_require__.e(/* import() */ 27).then(__webpack_require__.bind(__webpack_require__, 34027));
    // Every distribution point is read (each may hold part of the CA's revocations); the first that fails ends the check.
    for (const url of certificate.crlDistributionPoints) {
        let verdict;
        try {
            verdict = certificateStatusInCrl(parseCrl(await options.fetchCrl(url)), certificate, issuer, options);
        }
        catch (error) {
            return { status: 'unknown', reason: `CRL ${url} could not be read: ${(0,errors/* errorMessage */.gJ)(error)}` };
        }
        if (verdict.status === 'revoked')
            return { status: 'revoked', how: `CRL ${url} lists it as revoked on ${revokedOn(verdict.entry.revokedAt, verdict.entry.reason)}` };
        if (verdict.status === 'unknown')
            return { status: 'unknown', reason: `CRL ${url}: ${verdict.reason}` };
    }
    return { status: 'good', by: 'CRL' };
}
/** Each responder in turn until one gives an answer that counts (good, revoked, or "unknown" from the responder itself). */
async function ocspRevocation(certificate, issuer, options) {
    if (!options.queryOcsp)
        return { status: 'unknown', reason: `it names an OCSP responder, and ${options.offlineBecause ?? 'this verification ran offline'}` };
    const { buildOcspRequest, certificateStatusInOcsp, parseOcspResponse } = await __webpack_require__.e(/* import() */ 987).then(__webpack_require__.bind(__webpack_require__, 37987));
    const request = buildOcspRequest(certificate, issuer);
    let last;
    for (const url of certificate.ocspServers) {
        let verdict;
        try {
            verdict = certificateStatusInOcsp(parseOcspResponse(await options.queryOcsp(url, request)), certificate, issuer, options);
        }
        catch (error) {
            last = { status: 'unknown', reason: `OCSP responder ${url} could not be asked: ${(0,errors/* errorMessage */.gJ)(error)}` };
            continue;
        }
        if (verdict.status === 'good')
            return { status: 'good', by: 'OCSP' };
        if (verdict.status === 'revoked')
            return { status: 'revoked', how: `OCSP responder ${url} answers that it was revoked on ${revokedOn(verdict.revokedAt, verdict.reason)}` };
        last = { status: 'unknown', reason: `OCSP responder ${url}: ${verdict.reason}` };
        if (verdict.responderUnknown)
            break;
    }
    return last;
}
async function certificateRevocation(certificate, issuer, options) {
    const hasCrl = certificate.crlDistributionPoints.length > 0;
    if (certificate.ocspServers.length === 0)
        return hasCrl ? crlRevocation(certificate, issuer, options) : { status: 'unchecked' };
    const ocsp = await ocspRevocation(certificate, issuer, options);
    if (ocsp.status !== 'unknown' || !hasCrl)
        return ocsp;
    const crl = await crlRevocation(certificate, issuer, options);
    return crl.status === 'unknown' ? { status: 'unknown', reason: `${ocsp.reason}; ${crl.reason}` } : crl;
}
async function chainRevocation(chain, options) {
    const noun = options.noun ?? 'certificate';
    const results = await Promise.all(chain.slice(0, -1).map((certificate, index) => certificateRevocation(certificate, chain[index + 1], options)));
    const revokedAt = results.findIndex((result) => result.status === 'revoked');
    if (revokedAt >= 0) {
        const { how } = results[revokedAt];
        const certificate = chain[revokedAt];
        return { status: 'revoked', certificate, message: `${noun} "${certificate.subject}" is revoked: ${how}` };
    }
    const unknownAt = results.findIndex((result) => result.status === 'unknown');
    if (unknownAt >= 0) {
        const certificate = chain[unknownAt];
        const { reason } = results[unknownAt];
        return { status: 'unknown', certificate, message: `revocation status of ${noun} "${certificate.subject}" is unknown: ${reason}` };
    }
    const checked = results.filter((result) => result.status === 'good');
    if (checked.length === 0)
        return { status: 'good', message: 'no certificate of the chain names an OCSP responder or a CRL, so none can be revoked' };
    const by = [...new Set(checked.map((result) => result.by))].sort().join(' and ');
    return { status: 'good', message: `no certificate of the chain is revoked (${checked.length} checked, by ${by})` };
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/authentic-timestamp.js





const iso = (instant) => instant.toISOString();
const validity = (certificate) => `valid from ${iso(certificate.notBefore)} to ${iso(certificate.notAfter)}`;
async function checkAuthenticTimestamp(input) {
    const { envelope, chain, statement, verifyAt } = input;
    if (envelope.signingScheme === 'notary.x509.signingAuthority') {
        const invalid = chain.find((certificate) => !(0,notation_certificates/* isValidAt */.Ub)(certificate, envelope.signingTime));
        return invalid
            ? {
                passed: false,
                message: `certificate "${invalid.subject}" was not valid when the signature was produced at ${iso(envelope.signingTime)} (${validity(invalid)})`,
            }
            : { passed: true, message: `every certificate of the chain was valid at the authentic signing time ${iso(envelope.signingTime)}` };
    }
    const tsaConfigured = statement.trustStores.some((store) => store.type === 'tsa');
    const chainExpired = chain.some((certificate) => verifyAt.getTime() > certificate.notAfter.getTime());
    const needsTimestamp = tsaConfigured && (statement.verifyTimestamp === 'always' || chainExpired);
    if (!needsTimestamp) {
        const invalid = chain.find((certificate) => !(0,notation_certificates/* isValidAt */.Ub)(certificate, verifyAt));
        if (invalid) {
            const hint = tsaConfigured
                ? ''
                : '; a notary.x509 signature outlives its certificates only with a timestamp verified against a tsa trust store';
            return {
                passed: false,
                message: `certificate "${invalid.subject}" is not valid at verification time ${iso(verifyAt)} (${validity(invalid)})${hint}`,
            };
        }
        return { passed: true, message: `every certificate of the chain is valid at verification time ${iso(verifyAt)}` };
    }
    if (!envelope.timestampToken) {
        return {
            passed: false,
            message: 'no timestamp countersignature was found in the signature envelope, but the trust policy requires one (it lists a tsa trust store); sign with a timestamp authority (notation sign --timestamp-url) or remove the tsa store from the statement',
        };
    }
    let trustedTsaCertificates;
    try {
        trustedTsaCertificates = await (0,trust_store/* loadTrustStoresOfType */.G7)(input.trustStoreDir, statement.trustStores, 'tsa', input.loadStore);
    }
    catch (error) {
        if (error instanceof errors/* ConfigurationError */.j1)
            return { passed: false, message: `failed to load tsa trust store: ${error.message}` };
        throw error;
    }
    let timestamp;
    try {
        timestamp = verifyTimestampToken(envelope.timestampToken, envelope.signature, trustedTsaCertificates);
    }
    catch (error) {
        if (error instanceof TimestampError)
            return { passed: false, message: `timestamp verification failed: ${error.message}` };
        throw error;
    }
    const range = `[${iso(timestamp.earliest)}, ${iso(timestamp.latest)}]`;
    // Only the chain's validity bounds the timestamp, as in notation: signingTime is the signer's claim, cut to whole
    // seconds, and a TSA's whole-second genTime minus its accuracy is usually earlier than it.
    for (const certificate of chain) {
        if (timestamp.earliest.getTime() < certificate.notBefore.getTime()) {
            return { passed: false, message: `timestamp ${range} can be before certificate "${certificate.subject}" validity period (${validity(certificate)})` };
        }
        if (timestamp.latest.getTime() > certificate.notAfter.getTime()) {
            return { passed: false, message: `timestamp ${range} can be after certificate "${certificate.subject}" validity period (${validity(certificate)})` };
        }
    }
    // notation checks the TSA chain's revocation too (unless revocation is skipped), with no signing time to weigh.
    if (statement.actions.revocation !== 'skip') {
        const revocation = await chainRevocation(timestamp.tsaChain, { ...input.fetchers, now: verifyAt, noun: 'timestamping certificate' });
        if (revocation.status === 'revoked')
            return { passed: false, message: `timestamp ${range} verified, but its ${revocation.message}` };
        if (revocation.status === 'unknown') {
            return {
                passed: false,
                message: `timestamp ${range} verified, but the ${revocation.message}; make the OCSP responder or CRL reachable and current, or override revocation to "skip" in the trust policy to accept it`,
            };
        }
    }
    return {
        passed: true,
        message: `timestamp ${range} from TSA "${timestamp.tsaChain[0].subject}" verified; every certificate of the chain was valid then`,
    };
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/aws-signer.js
var aws_signer = __webpack_require__(66012);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/distinguished-name.js
var distinguished_name = __webpack_require__(33206);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/envelope-jws.js + 1 modules
var envelope_jws = __webpack_require__(53590);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/extended-attributes.js


const PLUGIN_HEADERS = [envelope_jws/* HEADER */.El.verificationPlugin, envelope_jws/* HEADER */.El.verificationPluginMinVersion];
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;
/** Semantic version precedence (semver.org §11); both inputs must match SEMVER. */
function compareSemver(a, b) {
    const [, aMajor, aMinor, aPatch, aPre] = SEMVER.exec(a);
    const [, bMajor, bMinor, bPatch, bPre] = SEMVER.exec(b);
    for (const [x, y] of [[aMajor, bMajor], [aMinor, bMinor], [aPatch, bPatch]]) {
        const difference = Number(x) - Number(y);
        if (difference !== 0)
            return Math.sign(difference);
    }
    if (aPre === undefined || bPre === undefined)
        return aPre === bPre ? 0 : aPre === undefined ? 1 : -1;
    const aParts = aPre.split('.');
    const bParts = bPre.split('.');
    for (let i = 0; i < Math.max(aParts.length, bParts.length); i++) {
        const x = aParts[i];
        const y = bParts[i];
        if (x === undefined)
            return -1;
        if (y === undefined)
            return 1;
        const xNumeric = /^\d+$/.test(x);
        const yNumeric = /^\d+$/.test(y);
        if (xNumeric && yNumeric && Number(x) !== Number(y))
            return Math.sign(Number(x) - Number(y));
        if (xNumeric !== yNumeric)
            return xNumeric ? -1 : 1;
        if (x !== y)
            return x < y ? -1 : 1;
    }
    return 0;
}
function evaluateExtendedAttributes(envelope) {
    const attributes = new Map(envelope.extendedAttributes.map((attribute) => [attribute.key, attribute]));
    const plugin = attributes.get(envelope_jws/* HEADER */.El.verificationPlugin);
    if (!plugin) {
        const unknownCritical = envelope.extendedAttributes.filter((attribute) => attribute.critical);
        if (unknownCritical.length > 0) {
            return {
                ok: false,
                message: `the signature marks attribute(s) ${unknownCritical.map((a) => `"${a.key}"`).join(', ')} as critical, which no verifier here understands; such a signature needs the verifier or plugin that defines them`,
            };
        }
        return { ok: true, plugin: 'none', message: 'no verification plugin is required and no unknown critical attribute is present' };
    }
    if (!plugin.critical) {
        return { ok: false, message: `"${envelope_jws/* HEADER */.El.verificationPlugin}" must be a critical attribute; the signature is malformed` };
    }
    if (typeof plugin.value !== 'string' || plugin.value.trim() === '') {
        return { ok: false, message: `"${envelope_jws/* HEADER */.El.verificationPlugin}" is empty or not a string; the signature is malformed` };
    }
    if (plugin.value !== aws_signer/* AWS_SIGNER_PLUGIN_NAME */.Z_) {
        return {
            ok: false,
            message: `the signature requires verification plugin "${plugin.value}", which is not available: only the AWS Signer plugin (${aws_signer/* AWS_SIGNER_PLUGIN_NAME */.Z_}) is built in. Verify it with notation and that plugin installed, or use a signature from a supported signer`,
        };
    }
    const minVersion = attributes.get(envelope_jws/* HEADER */.El.verificationPluginMinVersion);
    if (minVersion) {
        if (!minVersion.critical || typeof minVersion.value !== 'string' || !SEMVER.test(minVersion.value)) {
            return { ok: false, message: `"${envelope_jws/* HEADER */.El.verificationPluginMinVersion}" must be a critical semantic version; the signature is malformed` };
        }
        if (compareSemver(aws_signer/* AWS_SIGNER_PLUGIN_EMULATED_VERSION */.gc, minVersion.value) < 0) {
            return {
                ok: false,
                message: `the signature needs AWS Signer plugin version ${minVersion.value} or later; the built-in emulation implements version ${aws_signer/* AWS_SIGNER_PLUGIN_EMULATED_VERSION */.gc}`,
            };
        }
    }
    if (envelope.signingScheme !== 'notary.x509.signingAuthority') {
        return { ok: false, message: `AWS Signer signatures use the notary.x509.signingAuthority scheme; this one uses ${envelope.signingScheme}` };
    }
    // As with the real plugin, every extended attribute (critical or not) must be one the plugin processes.
    const unprocessed = envelope.extendedAttributes.filter((attribute) => !PLUGIN_HEADERS.includes(attribute.key) && !aws_signer/* AWS_SIGNER_PROCESSED_ATTRIBUTES */.Ug.includes(attribute.key));
    if (unprocessed.length > 0) {
        return {
            ok: false,
            message: `extended attribute(s) ${unprocessed.map((a) => `"${a.key}"`).join(', ')} are not processed by the verification plugin "${aws_signer/* AWS_SIGNER_PLUGIN_NAME */.Z_}" (all extended attributes must be processed)`,
        };
    }
    return { ok: true, plugin: 'awsSigner', message: `verification plugin ${aws_signer/* AWS_SIGNER_PLUGIN_NAME */.Z_} (AWS Signer) is built in` };
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/integrity.js
var integrity = __webpack_require__(15459);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/payload.js
var notation_payload = __webpack_require__(34550);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trust-policy.js
var trust_policy = __webpack_require__(57669);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/verify.js











const CHECK_NAMES = [
    'integrity',
    'verificationPlugin',
    'authenticity',
    'trustedIdentity',
    'expiry',
    'authenticTimestamp',
    'revocation',
    'descriptor',
];
const pass = (message) => ({ passed: true, message });
const failure = (message, enforcement) => ({ passed: false, message, enforcement });
/** Records check results and knows when an enforced failure ends verification. */
class CheckLog {
    results = [];
    stoppedBy;
    get stopped() {
        return this.stoppedBy !== undefined;
    }
    /** Records a finding; the finding's own enforcement, when it has one, wins over the level's. */
    record(name, finding, levelEnforcement) {
        const enforcement = finding.enforcement ?? levelEnforcement;
        let result;
        if (enforcement === 'skip')
            result = 'skipped';
        else if (finding.passed)
            result = 'pass';
        else if (enforcement === 'log')
            result = 'logged';
        else
            result = 'fail';
        this.results.push({ name, result, message: finding.message, ...(finding.fault ? { fault: finding.fault } : {}) });
        if (result === 'fail')
            this.stoppedBy = name;
    }
    finish() {
        const done = new Set(this.results.map((check) => check.name));
        const remaining = CHECK_NAMES.filter((name) => !done.has(name)).map((name) => ({ name, result: 'skipped', message: `not evaluated: the ${this.stoppedBy} check failed` }));
        return { verdict: this.stoppedBy ? 'fail' : 'pass', checks: [...this.results, ...remaining] };
    }
}
function stringAttribute(envelope, key) {
    const value = envelope.extendedAttributes.find((attribute) => attribute.key === key)?.value;
    return typeof value === 'string' ? value : undefined;
}
/** Verifies one envelope. Configuration mistakes (invalid policy, no applicable statement, bad reference) throw. */
async function verifyEnvelope(options) {
    const policy = (0,trust_policy/* isValidatedTrustPolicy */.xn)(options.trustPolicy)
        ? options.trustPolicy
        : (0,trust_policy/* validateTrustPolicy */.BC)(options.trustPolicy, '(inline document)');
    const { digest } = (0,trust_policy/* parseArtifactReference */.F3)(options.reference);
    if (digest !== options.descriptor.digest) {
        throw new errors/* ConfigurationError */.j1(`Artifact reference "${options.reference}" names digest ${digest}, but the descriptor being verified has ${options.descriptor.digest}. Pass the descriptor the reference resolves to.`);
    }
    const statement = (0,trust_policy/* selectTrustPolicyStatement */.e)(policy, options.reference);
    const verifyAt = options.verifyAt ?? new Date();
    const loadStore = options.trustStoreCache?.load ?? trust_store/* loadTrustStore */.Kl;
    const log = new CheckLog();
    const outcome = (signature) => ({
        ...log.finish(),
        statement: statement.name,
        level: statement.level,
        signature,
    });
    if (statement.level === 'skip') {
        for (const name of CHECK_NAMES) {
            log.record(name, pass(`trust policy statement "${statement.name}" sets level skip: signatures are not verified`), 'skip');
        }
        return outcome(undefined);
    }
    let verified;
    try {
        verified = (0,integrity/* verifyEnvelopeIntegrity */.l)(options.envelope, options.mediaType);
    }
    catch (error) {
        if (!(error instanceof integrity/* IntegrityError */.c))
            throw error;
        log.record('integrity', { ...failure(error.message), ...(error.fault ? { fault: error.fault } : {}) }, 'always');
        return outcome(undefined);
    }
    const { envelope, chain, payload } = verified;
    log.record('integrity', pass(`signature verifies with the ${envelope.algorithm} key of "${chain[0].subject}"`), 'always');
    const extended = evaluateExtendedAttributes(envelope);
    const awsSigner = extended.ok && extended.plugin === 'awsSigner';
    const summary = {
        signingScheme: envelope.signingScheme,
        signingTime: envelope.signingTime,
        expiry: envelope.expiry,
        signer: chain[0].subject,
        // The com.amazonaws.signer attributes mean something only in a signature that names the AWS Signer plugin; in any
        // other they are unchecked claims and must not be reported as who signed.
        signingProfileVersionArn: awsSigner ? stringAttribute(envelope, aws_signer/* AWS_SIGNER_ATTRIBUTE */.Sb.signingProfileVersion) : undefined,
        certificateThumbprints: chain.map((certificate) => certificate.sha256),
        targetArtifact: payload.targetArtifact,
    };
    log.record('verificationPlugin', { passed: extended.ok, message: extended.message }, 'always');
    if (!extended.ok)
        return outcome(summary);
    const actions = statement.actions;
    const authenticity = await checkAuthenticity(envelope.signingScheme, chain, statement, options.trustStoreDir, loadStore);
    log.record('authenticity', authenticity, actions.authenticity);
    if (log.stopped)
        return outcome(summary);
    // The locations a certificate names are fetched only when a trusted root issued it: at audit level an untrusted chain
    // goes on to the revocation check, and its URLs are the signer's choice, so fetching them would let anyone who can
    // push a signature make this runner send requests where they like.
    const fetchers = authenticity.passed
        ? { fetchCrl: options.revocation?.fetchCrl, queryOcsp: options.revocation?.queryOcsp }
        : { offlineBecause: 'the chain is not trusted, so the locations it names are not fetched' };
    // The reference records trusted-identity failures under authenticity, so they follow authenticity's action.
    const identity = awsSigner ? checkAwsSignerIdentity(envelope, statement) : checkX509Identity(chain[0], statement);
    log.record('trustedIdentity', identity, actions.authenticity);
    if (log.stopped)
        return outcome(summary);
    log.record('expiry', checkExpiry(envelope, verifyAt), actions.expiry);
    if (log.stopped)
        return outcome(summary);
    const timestamp = await checkAuthenticTimestamp({ envelope, chain, statement, trustStoreDir: options.trustStoreDir, loadStore, verifyAt, fetchers });
    log.record('authenticTimestamp', timestamp, actions.authenticTimestamp);
    if (log.stopped)
        return outcome(summary);
    if (actions.revocation === 'skip') {
        log.record('revocation', pass('revocation checking is skipped by the trust policy override'), 'skip');
    }
    else {
        const revocation = awsSigner ? await checkAwsSignerRevocation(envelope, chain, options.revocation) : await checkX509Revocation(envelope, chain, fetchers, verifyAt);
        log.record('revocation', revocation, actions.revocation);
        if (log.stopped)
            return outcome(summary);
    }
    const signed = payload.targetArtifact;
    const artifact = options.descriptor;
    log.record('descriptor', (0,notation_payload/* isSameArtifact */.Vi)(signed, artifact)
        ? pass(`the signature is for ${artifact.digest}`)
        : failure(`content descriptor mismatch: the signature is for ${signed.mediaType} ${signed.digest} (${signed.size} bytes), not for the artifact being verified, ${artifact.mediaType} ${artifact.digest} (${artifact.size} bytes)`), 'always');
    return outcome(summary);
}
async function checkAuthenticity(scheme, chain, statement, trustStoreDir, loadStore) {
    // A signing-authority signature is only trusted through signingAuthority stores, a notary.x509 one only through ca
    // stores: trusting a CA for one must not make it an authority for the other.
    const type = scheme === 'notary.x509.signingAuthority' ? 'signingAuthority' : 'ca';
    const stores = statement.trustStores.filter((store) => store.type === type);
    if (stores.length === 0) {
        return failure(`signature is not produced by a trusted signer: its ${scheme} scheme is only trusted through ${type} trust stores, and statement "${statement.name}" lists none`);
    }
    // Every listed store must load before any is consulted: a broken store is a broken policy, even if another store
    // would have trusted the signature (notation fails the whole load too).
    const loaded = [];
    for (const store of stores) {
        try {
            loaded.push({ label: `${store.type}:${store.name}`, certificates: await loadStore(trustStoreDir, store) });
        }
        catch (error) {
            if (error instanceof errors/* ConfigurationError */.j1)
                return failure(`failed to load trust store: ${error.message}`);
            throw error;
        }
    }
    for (const { label, certificates } of loaded) {
        const trusted = chain.find((certificate) => certificates.some((candidate) => (0,notation_certificates/* sameCertificate */.qD)(candidate, certificate)));
        if (trusted)
            return pass(`the chain includes "${trusted.subject}" from trust store ${label}`);
    }
    return failure(`signature is not produced by a trusted signer: no certificate of its chain (root "${chain[chain.length - 1].subject}") is in trust store(s) ${loaded.map((store) => store.label).join(', ')}`);
}
function checkX509Identity(leaf, statement) {
    if (statement.trustedIdentities.includes(trust_policy/* WILDCARD */.bs))
        return pass('the trust policy trusts any identity ("*") from its trust stores');
    const identities = statement.trustedIdentities.filter((identity) => identity.startsWith(`${trust_policy/* X509_SUBJECT_PREFIX */.D0}:`));
    if (identities.length === 0) {
        return failure(`no x509 trusted identities are configured in the trust policy statement "${statement.name}"; add "x509.subject:<DN>" identities`);
    }
    let leafName;
    try {
        leafName = (0,distinguished_name/* distinguishedNameOfCertificateName */.B1)(leaf.subjectName);
    }
    catch (error) {
        if (error instanceof distinguished_name/* DistinguishedNameError */.gG)
            return failure(`the signing certificate subject cannot be matched: ${error.message}`);
        throw error;
    }
    for (const identity of identities) {
        if ((0,distinguished_name/* isSubsetDistinguishedName */.Oz)((0,distinguished_name/* parseDistinguishedName */.XU)(identity.slice(trust_policy/* X509_SUBJECT_PREFIX */.D0.length + 1)), leafName)) {
            return pass(`signing certificate subject "${leaf.subject}" matches trusted identity "${identity}"`);
        }
    }
    return failure(`signing certificate subject "${leaf.subject}" does not match the trusted identities of statement "${statement.name}" (${identities.join('; ')})`);
}
function checkAwsSignerIdentity(envelope, statement) {
    // The real plugin refuses these requests outright (an error, not a verification result), so they fail at any level.
    if (statement.trustedIdentities.includes(trust_policy/* WILDCARD */.bs))
        return failure(aws_signer/* WILDCARD_IDENTITY_MESSAGE */.Y, 'always');
    const signingProfileVersion = stringAttribute(envelope, aws_signer/* AWS_SIGNER_ATTRIBUTE */.Sb.signingProfileVersion);
    if (!signingProfileVersion) {
        return failure(`unable to parse attribute "${aws_signer/* AWS_SIGNER_ATTRIBUTE */.Sb.signingProfileVersion}" of the AWS Signer signature`, 'always');
    }
    const match = (0,aws_signer/* matchAwsSignerIdentity */.xt)(statement.trustedIdentities, {
        signingProfileVersion,
        signingJob: stringAttribute(envelope, aws_signer/* AWS_SIGNER_ATTRIBUTE */.Sb.signingJob),
        signingProfileAlias: stringAttribute(envelope, aws_signer/* AWS_SIGNER_ATTRIBUTE */.Sb.signingProfileAlias),
    });
    return match.matched
        ? pass(`Signature publisher matched "${match.identity}" trusted identity (signed by ${signingProfileVersion}).`)
        : failure(`${match.reason} The signature was made by ${signingProfileVersion}.`);
}
function checkExpiry(envelope, verifyAt) {
    if (!envelope.expiry)
        return pass('the signature has no expiry');
    if (verifyAt.getTime() >= envelope.expiry.getTime()) {
        return failure(`digital signature has expired on ${envelope.expiry.toISOString()}; re-sign the artifact`);
    }
    return pass(`the signature is valid until ${envelope.expiry.toISOString()}`);
}
async function checkAwsSignerRevocation(envelope, chain, checker) {
    const profileVersionArn = stringAttribute(envelope, aws_signer/* AWS_SIGNER_ATTRIBUTE */.Sb.signingProfileVersion);
    const jobArn = stringAttribute(envelope, aws_signer/* AWS_SIGNER_ATTRIBUTE */.Sb.signingJob);
    if (!profileVersionArn || !jobArn) {
        const missing = profileVersionArn ? aws_signer/* AWS_SIGNER_ATTRIBUTE */.Sb.signingJob : aws_signer/* AWS_SIGNER_ATTRIBUTE */.Sb.signingProfileVersion;
        return failure(`unable to parse attribute "${missing}" of the AWS Signer signature`, 'always');
    }
    if (!checker?.awsSignerRevocationStatus) {
        return failure('the revocation status of an AWS Signer signature comes from AWS Signer GetRevocationStatus, and this verification ran offline (no revocation checker); give one, or override revocation to "log" or "skip" in the trust policy');
    }
    try {
        const status = await checker.awsSignerRevocationStatus({
            signatureTimestamp: envelope.signingTime,
            platformId: aws_signer/* AWS_SIGNER_PLATFORM_ID */.zI,
            profileVersionArn,
            jobArn,
            certificateHashes: (0,aws_signer/* awsSignerCertificateHashes */.bc)(chain),
        });
        if (status.revokedEntities.length > 0) {
            return failure(`the signature is revoked: ${(0,aws_signer/* describeRevokedEntities */.jN)(status.revokedEntities)}`);
        }
        return pass('Signature is not revoked.');
    }
    catch (error) {
        return failure(`GetRevocationStatus call failed with error: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
/** The chain's OCSP responders and CRLs, asked through `fetchers` (x509-revocation.ts); a signing authority's signing time counts. */
async function checkX509Revocation(envelope, chain, fetchers, verifyAt) {
    const result = await chainRevocation(chain, {
        ...fetchers,
        now: verifyAt,
        // notation compares invalidity dates with the signing time only when a signing authority vouches for it.
        ...(envelope.signingScheme === 'notary.x509.signingAuthority' ? { signingTime: envelope.signingTime } : {}),
    });
    if (result.status === 'good')
        return pass(result.message);
    if (result.status === 'revoked')
        return failure(`${result.message}; sign the artifact again with a certificate that is not revoked`);
    return failure(`${result.message}; make the OCSP responder or CRL reachable and current, or override revocation to "log" or "skip" in the trust policy to accept this`);
}


/***/ }),

/***/ 89723:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LN: () => (/* binding */ referrersTag),
/* harmony export */   Rd: () => (/* binding */ ReferrersTagListing),
/* harmony export */   eX: () => (/* binding */ pushReferrer),
/* harmony export */   fd: () => (/* binding */ addToReferrersIndex),
/* harmony export */   xt: () => (/* binding */ listReferrers)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _core_lru_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(90460);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36179);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(89922);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(50443);
/* harmony import */ var _registry_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(51606);






/**
 * The referrers tag schema's tag for a subject: `<alg>-<ref>`, where `<ref>` is the digest's hex cut to its first 64
 * characters (OCI distribution spec 1.1, "Referrers Tag Schema"), so a sha512 subject gets `sha512-` and 64 hex digits.
 * Registries without the referrers API keep an image index of a manifest's referrers under this tag.
 */
function referrersTag(subjectDigest) {
    const parsed = (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDigest */ .m)(subjectDigest);
    if (!parsed)
        throw new TypeError(`'${subjectDigest}' is not a digest`);
    return `${parsed.algorithm}-${parsed.hex.slice(0, 64)}`;
}
/**
 * The referrers of a manifest: from the referrers API when the registry has one (probed once per repository and
 * client, as oras-go does, rather than asked and refused with a 404 for every subject), else from the referrers tag
 * index (none when that tag does not exist). Filtered by artifact type when one is given; a manifest without
 * artifactType is listed under its config media type, as registries and the tag index report it. With `enough`, the
 * API's further pages are not read once that many are listed (the tag index is one document, read whole).
 */
async function listReferrers(client, repository, subjectDigest, options = {}) {
    if (await client.referrersApiSupported(repository)) {
        const fromApi = await client.fetchReferrers(repository, subjectDigest, options);
        if (fromApi !== undefined)
            return fromApi;
    }
    const index = await readReferrersIndex(client, repository, subjectDigest);
    return index.manifests.filter((d) => !options.artifactType || d.artifactType === options.artifactType);
}
/** The subject's tag index; an empty one when the tag does not exist. A tag holding anything else is refused. */
async function readReferrersIndex(client, repository, subjectDigest) {
    const tag = referrersTag(subjectDigest);
    const found = await client.findManifest(repository, tag);
    if (!found)
        return (0,_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .emptyIndex */ .gW)();
    if (found.parsed.kind !== 'index') {
        throw new _registry_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RegistryError */ .gl(`reading referrers of ${(0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .shortDigest */ .VK)(subjectDigest)} in ${repository} failed: tag ${tag} is not an image index`, {
            operation: { description: `reading the referrers tag ${tag}`, repository },
            transient: false,
        });
    }
    return found.parsed.index;
}
/**
 * Adds a referrer to its subject's tag index (read unless `index` is the one just read, add when absent, write).
 * pushReferrer does this for registries without the referrers API; callers that want the tag schema kept on the
 * others too (force-referrers-tag) call it directly. A tag that is not an index is refused, never overwritten.
 */
async function addToReferrersIndex(client, repository, subjectDigest, referrer, index) {
    const current = index ?? (await readReferrersIndex(client, repository, subjectDigest));
    if (current.manifests.some((d) => d.digest === referrer.digest))
        return;
    const updated = { ...current, schemaVersion: 2, mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .MediaType */ .zu.ociIndex, manifests: [...current.manifests, referrer] };
    await client.putManifest(repository, referrersTag(subjectDigest), {
        mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .MediaType */ .zu.ociIndex,
        bytes: new TextEncoder().encode(JSON.stringify(updated)),
    });
}
/**
 * Pushes a manifest that refers to another one through `subject` (a signature, an SBOM), with its small blobs first
 * (side by side).
 * When the registry neither answers with OCI-Subject nor has a referrers API, the referrers tag index is updated
 * (read, add if absent, write), so clients of either kind find the referrer. If that fails, the manifest is deleted
 * again where nothing can list it (see withdrawnAfter).
 *
 * The read-modify-write is not atomic: two writers racing on one subject can lose an entry. Registries offer no
 * conditional PUT for manifests, so this is the best the tag schema allows; registries with the API are not affected.
 */
async function pushReferrer(client, repository, manifest, blobs = []) {
    const content = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .manifestContent */ .$T)(manifest.bytes, manifest.mediaType);
    const subject = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .subjectOf */ .et)(content.parsed);
    if (!subject)
        throw new TypeError('pushReferrer: the manifest has no subject');
    await Promise.all(blobs.map(async (blob) => {
        if (!blob.fresh && (await client.hasBlob(repository, blob.descriptor.digest)))
            return;
        await client.uploadBlob(repository, blob.descriptor, async () => [blob.bytes]);
    }));
    // On a repository already probed and found without the API, the tag index is read while the manifest is written:
    // the read does not depend on the write, and a signing batch waits one round trip less per image. Otherwise the
    // probe waits for the manifest's answer, which may make it unnecessary (OCI-Subject).
    const probed = client.probedReferrersApiSupport(repository);
    const earlyIndex = probed?.then((supported) => (supported ? undefined : readReferrersIndex(client, repository, subject.digest)));
    earlyIndex?.catch(() => undefined);
    const result = await client.putManifest(repository, content.descriptor.digest, manifest);
    const artifactType = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .artifactTypeOf */ .Gh)(content.parsed);
    const annotations = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .annotationsOf */ .Ih)(content.parsed);
    const descriptor = {
        mediaType: content.descriptor.mediaType,
        digest: content.descriptor.digest,
        size: content.descriptor.size,
        ...(artifactType ? { artifactType } : {}),
        ...(annotations ? { annotations } : {}),
    };
    if (result.subject || (await client.referrersApiSupported(repository)))
        return { descriptor, indexedBy: 'registry' };
    let index;
    try {
        index = (await earlyIndex) ?? (await readReferrersIndex(client, repository, subject.digest));
        await addToReferrersIndex(client, repository, subject.digest, descriptor, index);
    }
    catch (error) {
        // Made for this push, or missing from the index just read: the manifest is listed nowhere, so it is taken back.
        if (manifest.fresh || index !== undefined)
            throw await withdrawnAfter(error, client, repository, descriptor.digest);
        throw error;
    }
    return { descriptor, indexedBy: 'referrers-tag' };
}
/**
 * Without the referrers API a manifest its tag index does not list is unreachable: nothing finds it. When the index
 * update fails, the manifest just pushed is deleted again, so the failed push leaves nothing behind, and the error
 * says whether that worked (a registry may refuse deletes) and which manifest is left if not.
 */
async function withdrawnAfter(error, client, repository, digest) {
    let outcome;
    try {
        await client.deleteManifest(repository, digest);
        outcome = `the manifest ${(0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .shortDigest */ .VK)(digest)}, pushed before it, was deleted again`;
    }
    catch (deleteError) {
        outcome = `the manifest ${digest}, pushed before it, is left in ${repository} with nothing referring to it (deleting it failed: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(deleteError)})`;
    }
    return new Error(`${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}; ${outcome}`, { cause: error });
}
/** The tag page asked for and the bytes read of it: beyond either, the listing is not worth it (see below). */
const LISTING_PAGE_SIZE = 1000;
const LISTING_LIMIT_BYTES = 512 * 1024;
/**
 * Which subjects of a repository have no referrers at all, from one tag listing per repository instead of one tag
 * index read per subject. On a registry without the referrers API a subject has referrers only if its referrers tag
 * exists, so a batch looking for existing signatures of many images of one repository lists the tags once and reads
 * only the indexes that exist. It answers "none" only when it knows: the registry has no referrers API and one page
 * (of at most 1000 tags and 512 KiB) held every tag of the repository. Otherwise, or when listing fails, it answers
 * "unknown" and the caller reads the tag index as before. The listing is as of its time: a referrer another writer adds
 * later is not seen, as it would not be by a read made just before that writer's. A registry that cut the list short
 * without a Link would, at worst, have an image signed a second time: the index itself is still read before a
 * signature is added to it, so no entry is lost.
 */
class ReferrersTagListing {
    client;
    listings = new Map();
    pageSize;
    bytes;
    logger;
    /** `logger`: told (debug) why a repository's listing could not answer, which means a tag index read per subject. */
    constructor(client, options = {}) {
        this.client = client;
        this.pageSize = options.pageSize ?? LISTING_PAGE_SIZE;
        this.bytes = options.bytes ?? LISTING_LIMIT_BYTES;
        this.logger = options.logger;
    }
    /** Starts the repository's listing (and its referrers API probe) now, ahead of the first question. */
    prefetch(repository) {
        void this.listing(repository);
    }
    /** True when the subject certainly has no referrers in the repository; false when it has or when that is unknown. */
    async knownWithoutReferrers(repository, subjectDigest) {
        const tags = await this.listing(repository);
        return tags !== undefined && !tags.has(referrersTag(subjectDigest));
    }
    /** The repository's listing, started once; a failed one is "unknown" (undefined), not an error. */
    listing(repository) {
        return (0,_core_lru_js__WEBPACK_IMPORTED_MODULE_5__/* .remembered */ .HK)(this.listings, repository, () => this.list(repository).catch((error) => this.unknown((0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error))));
    }
    async list(repository) {
        if (await this.client.referrersApiSupported(repository))
            return undefined;
        const page = await this.client.firstTagPage(repository, this.pageSize, this.bytes);
        return page.complete ? new Set(page.tags) : this.unknown(`${repository} has more tags than one page of ${this.pageSize}`);
    }
    unknown(why) {
        this.logger?.debug(`${why}; each image's referrers tag index is read instead`);
        return undefined;
    }
}


/***/ })

};
