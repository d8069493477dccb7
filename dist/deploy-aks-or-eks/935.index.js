export const id = 935;
export const ids = [935];
export const modules = {

/***/ 39935:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { awsEndpointFunctions, emitWarningIfUnsupportedVersion: emitWarningIfUnsupportedVersion$1, createDefaultUserAgentProvider, NODE_APP_ID_CONFIG_OPTIONS, getAwsRegionExtensionConfiguration, resolveAwsRegionExtensionConfiguration, resolveUserAgentConfig, resolveHostHeaderConfig, getUserAgentPlugin, getHostHeaderPlugin, getLoggerPlugin, getRecursionDetectionPlugin } = __webpack_require__(5152);
const { getHttpAuthSchemeEndpointRuleSetPlugin, DefaultIdentityProviderConfig, getHttpSigningPlugin, createPaginator } = __webpack_require__(90402);
const { normalizeProvider, getSmithyContext, ServiceException, NoOpLogger, emitWarningIfUnsupportedVersion, loadConfigsForDefaultMode, getDefaultExtensionConfiguration, resolveDefaultRuntimeConfig, Client, makeBuilder, createWaiter, checkExceptions, WaiterState, createAggregatedClient } = __webpack_require__(92658);
const { Command: $Command } = __webpack_require__(92658);
exports.$Command = $Command;
exports.__Client = Client;
const { resolveDefaultsModeConfig, loadConfig, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS, resolveRegionConfig } = __webpack_require__(47291);
const { BinaryDecisionDiagram, EndpointCache, decideEndpoint, customEndpointFunctions, resolveEndpointConfig, getEndpointPlugin } = __webpack_require__(62085);
const { parseUrl, getHttpHandlerExtensionConfiguration, resolveHttpHandlerRuntimeConfig, getContentLengthPlugin } = __webpack_require__(93422);
const { DEFAULT_RETRY_MODE, NODE_RETRY_MODE_CONFIG_OPTIONS, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, resolveRetryConfig, getRetryPlugin } = __webpack_require__(23609);
const { TypeRegistry, getSchemaSerdePlugin } = __webpack_require__(26890);
const { resolveAwsSdkSigV4Config, AwsSdkSigV4Signer, NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } = __webpack_require__(97523);
const { defaultProvider } = __webpack_require__(5861);
const { toUtf8, fromUtf8, toBase64, fromBase64, calculateBodyLength } = __webpack_require__(92430);
const { streamCollector, NodeHttpHandler } = __webpack_require__(61279);
const { AwsRestJsonProtocol } = __webpack_require__(37288);
const { Sha256 } = __webpack_require__(99542);

const defaultSignerHttpAuthSchemeParametersProvider = async (config, context, input) => {
    return {
        operation: getSmithyContext(context).operation,
        region: await normalizeProvider(config.region)() || (() => {
            throw new Error("expected `region` to be configured for `aws.auth#sigv4`");
        })(),
    };
};
function createAwsAuthSigv4HttpAuthOption(authParameters) {
    return {
        schemeId: "aws.auth#sigv4",
        signingProperties: {
            name: "signer",
            region: authParameters.region,
        },
        propertiesExtractor: (config, context) => ({
            signingProperties: {
                config,
                context,
            },
        }),
    };
}
const defaultSignerHttpAuthSchemeProvider = (authParameters) => {
    const options = [];
    switch (authParameters.operation) {
        default: {
            options.push(createAwsAuthSigv4HttpAuthOption(authParameters));
        }
    }
    return options;
};
const resolveHttpAuthSchemeConfig = (config) => {
    const config_0 = resolveAwsSdkSigV4Config(config);
    return Object.assign(config_0, {
        authSchemePreference: normalizeProvider(config.authSchemePreference ?? []),
    });
};

const resolveClientEndpointParameters = (options) => {
    return Object.assign(options, {
        useDualstackEndpoint: options.useDualstackEndpoint ?? false,
        useFipsEndpoint: options.useFipsEndpoint ?? false,
        defaultSigningName: "signer",
    });
};
const commonParams = {
    UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
    Endpoint: { type: "builtInParams", name: "endpoint" },
    Region: { type: "builtInParams", name: "region" },
    UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" },
};

var version = "3.1133.0";
var packageInfo = {
	version: version};

const k = "ref";
const a = -1, b = true, c = "isSet", d = "PartitionResult", e = "booleanEquals", f = "getAttr", g = { [k]: "Endpoint" }, h = { [k]: d }, i = {}, j = [{ [k]: "Region" }];
const _data = {
    conditions: [
        [c, [g]],
        [c, j],
        ["aws.partition", j, d],
        [e, [{ [k]: "UseFIPS" }, b]],
        [e, [{ [k]: "UseDualStack" }, b]],
        [e, [{ fn: f, argv: [h, "supportsDualStack"] }, b]],
        [e, [{ fn: f, argv: [h, "supportsFIPS"] }, b]]
    ],
    results: [
        [a],
        [a, "Invalid Configuration: FIPS and custom endpoint are not supported"],
        [a, "Invalid Configuration: Dualstack and custom endpoint are not supported"],
        [g, i],
        ["https://signer-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "FIPS and DualStack are enabled, but this partition does not support one or both"],
        ["https://signer-fips.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "FIPS is enabled but this partition does not support FIPS"],
        ["https://signer.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "DualStack is enabled but this partition does not support DualStack"],
        ["https://signer.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "Invalid Configuration: Missing Region"]
    ]
};
const root = 2;
const r = 100_000_000;
const nodes = new Int32Array([
    -1, 1, -1,
    0, 12, 3,
    1, 4, r + 11,
    2, 5, r + 11,
    3, 8, 6,
    4, 7, r + 10,
    5, r + 8, r + 9,
    4, 10, 9,
    6, r + 6, r + 7,
    5, 11, r + 5,
    6, r + 4, r + 5,
    3, r + 1, 13,
    4, r + 2, r + 3,
]);
const bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);

const cache = new EndpointCache({
    size: 50,
    params: ["Endpoint", "Region", "UseDualStack", "UseFIPS"],
});
const defaultEndpointResolver = (endpointParams, context = {}) => {
    return cache.get(endpointParams, () => decideEndpoint(bdd, {
        endpointParams: endpointParams,
        logger: context.logger,
    }));
};
customEndpointFunctions.aws = awsEndpointFunctions;

class SignerServiceException extends ServiceException {
    constructor(options) {
        super(options);
        Object.setPrototypeOf(this, SignerServiceException.prototype);
    }
}

class AccessDeniedException extends SignerServiceException {
    name = "AccessDeniedException";
    $fault = "client";
    code;
    constructor(opts) {
        super({
            name: "AccessDeniedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AccessDeniedException.prototype);
        this.code = opts.code;
    }
}
class ConflictException extends SignerServiceException {
    name = "ConflictException";
    $fault = "client";
    code;
    constructor(opts) {
        super({
            name: "ConflictException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ConflictException.prototype);
        this.code = opts.code;
    }
}
class InternalServiceErrorException extends SignerServiceException {
    name = "InternalServiceErrorException";
    $fault = "server";
    code;
    constructor(opts) {
        super({
            name: "InternalServiceErrorException",
            $fault: "server",
            ...opts,
        });
        Object.setPrototypeOf(this, InternalServiceErrorException.prototype);
        this.code = opts.code;
    }
}
class ResourceNotFoundException extends SignerServiceException {
    name = "ResourceNotFoundException";
    $fault = "client";
    code;
    constructor(opts) {
        super({
            name: "ResourceNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceNotFoundException.prototype);
        this.code = opts.code;
    }
}
class ServiceLimitExceededException extends SignerServiceException {
    name = "ServiceLimitExceededException";
    $fault = "client";
    code;
    constructor(opts) {
        super({
            name: "ServiceLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ServiceLimitExceededException.prototype);
        this.code = opts.code;
    }
}
class TooManyRequestsException extends SignerServiceException {
    name = "TooManyRequestsException";
    $fault = "client";
    code;
    constructor(opts) {
        super({
            name: "TooManyRequestsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyRequestsException.prototype);
        this.code = opts.code;
    }
}
class ValidationException extends SignerServiceException {
    name = "ValidationException";
    $fault = "client";
    code;
    constructor(opts) {
        super({
            name: "ValidationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ValidationException.prototype);
        this.code = opts.code;
    }
}
class BadRequestException extends SignerServiceException {
    name = "BadRequestException";
    $fault = "client";
    code;
    constructor(opts) {
        super({
            name: "BadRequestException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, BadRequestException.prototype);
        this.code = opts.code;
    }
}
class NotFoundException extends SignerServiceException {
    name = "NotFoundException";
    $fault = "client";
    code;
    constructor(opts) {
        super({
            name: "NotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, NotFoundException.prototype);
        this.code = opts.code;
    }
}
class ThrottlingException extends SignerServiceException {
    name = "ThrottlingException";
    $fault = "client";
    code;
    constructor(opts) {
        super({
            name: "ThrottlingException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ThrottlingException.prototype);
        this.code = opts.code;
    }
}

const _ADE = "AccessDeniedException";
const _APP = "AddProfilePermission";
const _APPR = "AddProfilePermissionRequest";
const _APPRd = "AddProfilePermissionResponse";
const _BRE = "BadRequestException";
const _CE = "ConflictException";
const _CSP = "CancelSigningProfile";
const _CSPR = "CancelSigningProfileRequest";
const _D = "Destination";
const _DSJ = "DescribeSigningJob";
const _DSJR = "DescribeSigningJobRequest";
const _DSJRe = "DescribeSigningJobResponse";
const _EAO = "EncryptionAlgorithmOptions";
const _GRS = "GetRevocationStatus";
const _GRSR = "GetRevocationStatusRequest";
const _GRSRe = "GetRevocationStatusResponse";
const _GSP = "GetSigningPlatform";
const _GSPR = "GetSigningPlatformRequest";
const _GSPRe = "GetSigningPlatformResponse";
const _GSPRet = "GetSigningProfileRequest";
const _GSPReti = "GetSigningProfileResponse";
const _GSPe = "GetSigningProfile";
const _HAO = "HashAlgorithmOptions";
const _ISEE = "InternalServiceErrorException";
const _LPP = "ListProfilePermissions";
const _LPPR = "ListProfilePermissionsRequest";
const _LPPRi = "ListProfilePermissionsResponse";
const _LSJ = "ListSigningJobs";
const _LSJR = "ListSigningJobsRequest";
const _LSJRi = "ListSigningJobsResponse";
const _LSP = "ListSigningPlatforms";
const _LSPR = "ListSigningPlatformsRequest";
const _LSPRi = "ListSigningPlatformsResponse";
const _LSPRis = "ListSigningProfilesRequest";
const _LSPRist = "ListSigningProfilesResponse";
const _LSPi = "ListSigningProfiles";
const _LTFR = "ListTagsForResource";
const _LTFRR = "ListTagsForResourceRequest";
const _LTFRRi = "ListTagsForResourceResponse";
const _NFE = "NotFoundException";
const _P = "Permission";
const _PSP = "PutSigningProfile";
const _PSPR = "PutSigningProfileRequest";
const _PSPRu = "PutSigningProfileResponse";
const _Pe = "Permissions";
const _RNFE = "ResourceNotFoundException";
const _RPP = "RemoveProfilePermission";
const _RPPR = "RemoveProfilePermissionRequest";
const _RPPRe = "RemoveProfilePermissionResponse";
const _RS = "RevokeSignature";
const _RSP = "RevokeSigningProfile";
const _RSPR = "RevokeSigningProfileRequest";
const _RSR = "RevokeSignatureRequest";
const _S = "Source";
const _SC = "SigningConfiguration";
const _SCO = "SigningConfigurationOverrides";
const _SD = "S3Destination";
const _SIF = "SigningImageFormat";
const _SJ = "SigningJob";
const _SJRR = "SigningJobRevocationRecord";
const _SJi = "SigningJobs";
const _SLEE = "ServiceLimitExceededException";
const _SM = "SigningMaterial";
const _SO = "SignedObject";
const _SP = "SigningPlatform";
const _SPO = "SigningPlatformOverrides";
const _SPR = "SignPayloadRequest";
const _SPRR = "SigningProfileRevocationRecord";
const _SPRi = "SignPayloadResponse";
const _SPi = "SigningProfile";
const _SPig = "SigningPlatforms";
const _SPign = "SigningProfiles";
const _SPigna = "SignPayload";
const _SS = "S3Source";
const _SSJ = "StartSigningJob";
const _SSJR = "StartSigningJobRequest";
const _SSJRt = "StartSigningJobResponse";
const _SSO = "S3SignedObject";
const _SVP = "SignatureValidityPeriod";
const _TE = "ThrottlingException";
const _TMRE = "TooManyRequestsException";
const _TR = "TagResource";
const _TRR = "TagResourceRequest";
const _TRRa = "TagResourceResponse";
const _UR = "UntagResource";
const _URR = "UntagResourceRequest";
const _URRn = "UntagResourceResponse";
const _VE = "ValidationException";
const _a = "action";
const _aV = "allowedValues";
const _ar = "arn";
const _bN = "bucketName";
const _c = "client";
const _cA = "createdAt";
const _cAe = "certificateArn";
const _cAo = "completedAt";
const _cH = "certificateHashes";
const _cRT = "clientRequestToken";
const _ca = "category";
const _co = "code";
const _d = "destination";
const _dF = "defaultFormat";
const _dN = "displayName";
const _dV = "defaultValue";
const _e = "error";
const _eA = "encryptionAlgorithm";
const _eAO = "encryptionAlgorithmOptions";
const _eT = "effectiveTime";
const _en = "endpoint";
const _h = "http";
const _hA = "hashAlgorithm";
const _hAO = "hashAlgorithmOptions";
const _hE = "httpError";
const _hQ = "httpQuery";
const _iC = "includeCanceled";
const _iR = "isRevoked";
const _j = "jobs";
const _jA = "jobArn";
const _jI = "jobId";
const _jIo = "jobInvoker";
const _jO = "jobOwner";
const _k = "key";
const _m = "message";
const _mR = "maxResults";
const _mSIMB = "maxSizeInMB";
const _me = "metadata";
const _nT = "nextToken";
const _o = "overrides";
const _p = "principal";
const _pDN = "platformDisplayName";
const _pF = "payloadFormat";
const _pI = "platformId";
const _pN = "profileName";
const _pO = "profileOwner";
const _pSB = "policySizeBytes";
const _pV = "profileVersion";
const _pVA = "profileVersionArn";
const _pa = "partner";
const _pay = "payload";
const _pe = "permissions";
const _pl = "platforms";
const _pr = "profiles";
const _pre = "prefix";
const _r = "reason";
const _rA = "resourceArn";
const _rAe = "revokedAt";
const _rB = "requestedBy";
const _rBe = "revokedBy";
const _rE = "revokedEntities";
const _rEF = "revocationEffectiveFrom";
const _rI = "revisionId";
const _rR = "revocationRecord";
const _rS = "revocationSupported";
const _s = "smithy.ts.sdk.synthetic.com.amazonaws.signer";
const _sC = "signingConfiguration";
const _sEA = "signatureExpiresAt";
const _sEAi = "signatureExpiresAfter";
const _sEB = "signatureExpiresBefore";
const _sF = "supportedFormats";
const _sI = "statementId";
const _sIF = "signingImageFormat";
const _sM = "signingMaterial";
const _sO = "signedObject";
const _sP = "signingParameters";
const _sR = "statusReason";
const _sT = "signatureTimestamp";
const _sVP = "signatureValidityPeriod";
const _s_ = "s3";
const _se = "server";
const _si = "signature";
const _so = "source";
const _st = "status";
const _sta = "statuses";
const _t = "target";
const _tK = "tagKeys";
const _ta = "tags";
const _ty = "type";
const _v = "version";
const _va = "value";
const n0 = "com.amazonaws.signer";
const _s_registry = TypeRegistry.for(_s);
var SignerServiceException$ = [-3, _s, "SignerServiceException", 0, [], []];
_s_registry.registerError(SignerServiceException$, SignerServiceException);
const n0_registry = TypeRegistry.for(n0);
var AccessDeniedException$ = [-3, n0, _ADE,
    { [_e]: _c, [_hE]: 403 },
    [_m, _co],
    [0, 0]
];
n0_registry.registerError(AccessDeniedException$, AccessDeniedException);
var BadRequestException$ = [-3, n0, _BRE,
    { [_e]: _c, [_hE]: 400 },
    [_m, _co],
    [0, 0]
];
n0_registry.registerError(BadRequestException$, BadRequestException);
var ConflictException$ = [-3, n0, _CE,
    { [_e]: _c, [_hE]: 409 },
    [_m, _co],
    [0, 0]
];
n0_registry.registerError(ConflictException$, ConflictException);
var InternalServiceErrorException$ = [-3, n0, _ISEE,
    { [_e]: _se, [_hE]: 500 },
    [_m, _co],
    [0, 0]
];
n0_registry.registerError(InternalServiceErrorException$, InternalServiceErrorException);
var NotFoundException$ = [-3, n0, _NFE,
    { [_e]: _c, [_hE]: 404 },
    [_m, _co],
    [0, 0]
];
n0_registry.registerError(NotFoundException$, NotFoundException);
var ResourceNotFoundException$ = [-3, n0, _RNFE,
    { [_e]: _c, [_hE]: 404 },
    [_m, _co],
    [0, 0]
];
n0_registry.registerError(ResourceNotFoundException$, ResourceNotFoundException);
var ServiceLimitExceededException$ = [-3, n0, _SLEE,
    { [_e]: _c, [_hE]: 402 },
    [_m, _co],
    [0, 0]
];
n0_registry.registerError(ServiceLimitExceededException$, ServiceLimitExceededException);
var ThrottlingException$ = [-3, n0, _TE,
    { [_e]: _c, [_hE]: 429 },
    [_m, _co],
    [0, 0]
];
n0_registry.registerError(ThrottlingException$, ThrottlingException);
var TooManyRequestsException$ = [-3, n0, _TMRE,
    { [_e]: _c, [_hE]: 429 },
    [_m, _co],
    [0, 0]
];
n0_registry.registerError(TooManyRequestsException$, TooManyRequestsException);
var ValidationException$ = [-3, n0, _VE,
    { [_e]: _c, [_hE]: 400 },
    [_m, _co],
    [0, 0]
];
n0_registry.registerError(ValidationException$, ValidationException);
const errorTypeRegistries = [
    _s_registry,
    n0_registry,
];
var AddProfilePermissionRequest$ = [3, n0, _APPR,
    0,
    [_pN, _a, _p, _sI, _pV, _rI],
    [[0, 1], 0, 0, 0, 0, 0], 4
];
var AddProfilePermissionResponse$ = [3, n0, _APPRd,
    0,
    [_rI],
    [0]
];
var CancelSigningProfileRequest$ = [3, n0, _CSPR,
    0,
    [_pN],
    [[0, 1]], 1
];
var DescribeSigningJobRequest$ = [3, n0, _DSJR,
    0,
    [_jI],
    [[0, 1]], 1
];
var DescribeSigningJobResponse$ = [3, n0, _DSJRe,
    0,
    [_jI, _so, _sM, _pI, _pDN, _pN, _pV, _o, _sP, _cA, _cAo, _sEA, _rB, _st, _sR, _rR, _sO, _jO, _jIo],
    [0, () => Source$, () => SigningMaterial$, 0, 0, 0, 0, () => SigningPlatformOverrides$, 128 | 0, 4, 4, 4, 0, 0, 0, () => SigningJobRevocationRecord$, () => SignedObject$, 0, 0]
];
var Destination$ = [3, n0, _D,
    0,
    [_s_],
    [() => S3Destination$]
];
var EncryptionAlgorithmOptions$ = [3, n0, _EAO,
    0,
    [_aV, _dV],
    [64 | 0, 0], 2
];
var GetRevocationStatusRequest$ = [3, n0, _GRSR,
    0,
    [_sT, _pI, _pVA, _jA, _cH],
    [[4, { [_hQ]: _sT }], [0, { [_hQ]: _pI }], [0, { [_hQ]: _pVA }], [0, { [_hQ]: _jA }], [64 | 0, { [_hQ]: _cH }]], 5
];
var GetRevocationStatusResponse$ = [3, n0, _GRSRe,
    0,
    [_rE],
    [64 | 0]
];
var GetSigningPlatformRequest$ = [3, n0, _GSPR,
    0,
    [_pI],
    [[0, 1]], 1
];
var GetSigningPlatformResponse$ = [3, n0, _GSPRe,
    0,
    [_pI, _dN, _pa, _t, _ca, _sC, _sIF, _mSIMB, _rS],
    [0, 0, 0, 0, 0, () => SigningConfiguration$, () => SigningImageFormat$, 1, 2]
];
var GetSigningProfileRequest$ = [3, n0, _GSPRet,
    0,
    [_pN, _pO],
    [[0, 1], [0, { [_hQ]: _pO }]], 1
];
var GetSigningProfileResponse$ = [3, n0, _GSPReti,
    0,
    [_pN, _pV, _pVA, _rR, _sM, _pI, _pDN, _sVP, _o, _sP, _st, _sR, _ar, _ta],
    [0, 0, 0, () => SigningProfileRevocationRecord$, () => SigningMaterial$, 0, 0, () => SignatureValidityPeriod$, () => SigningPlatformOverrides$, 128 | 0, 0, 0, 0, 128 | 0]
];
var HashAlgorithmOptions$ = [3, n0, _HAO,
    0,
    [_aV, _dV],
    [64 | 0, 0], 2
];
var ListProfilePermissionsRequest$ = [3, n0, _LPPR,
    0,
    [_pN, _nT],
    [[0, 1], [0, { [_hQ]: _nT }]], 1
];
var ListProfilePermissionsResponse$ = [3, n0, _LPPRi,
    0,
    [_rI, _pSB, _pe, _nT],
    [0, 1, () => Permissions, 0]
];
var ListSigningJobsRequest$ = [3, n0, _LSJR,
    0,
    [_st, _pI, _rB, _mR, _nT, _iR, _sEB, _sEAi, _jIo],
    [[0, { [_hQ]: _st }], [0, { [_hQ]: _pI }], [0, { [_hQ]: _rB }], [1, { [_hQ]: _mR }], [0, { [_hQ]: _nT }], [2, { [_hQ]: _iR }], [4, { [_hQ]: _sEB }], [4, { [_hQ]: _sEAi }], [0, { [_hQ]: _jIo }]]
];
var ListSigningJobsResponse$ = [3, n0, _LSJRi,
    0,
    [_j, _nT],
    [() => SigningJobs, 0]
];
var ListSigningPlatformsRequest$ = [3, n0, _LSPR,
    0,
    [_ca, _pa, _t, _mR, _nT],
    [[0, { [_hQ]: _ca }], [0, { [_hQ]: _pa }], [0, { [_hQ]: _t }], [1, { [_hQ]: _mR }], [0, { [_hQ]: _nT }]]
];
var ListSigningPlatformsResponse$ = [3, n0, _LSPRi,
    0,
    [_pl, _nT],
    [() => SigningPlatforms, 0]
];
var ListSigningProfilesRequest$ = [3, n0, _LSPRis,
    0,
    [_iC, _mR, _nT, _pI, _sta],
    [[2, { [_hQ]: _iC }], [1, { [_hQ]: _mR }], [0, { [_hQ]: _nT }], [0, { [_hQ]: _pI }], [64 | 0, { [_hQ]: _sta }]]
];
var ListSigningProfilesResponse$ = [3, n0, _LSPRist,
    0,
    [_pr, _nT],
    [() => SigningProfiles, 0]
];
var ListTagsForResourceRequest$ = [3, n0, _LTFRR,
    0,
    [_rA],
    [[0, 1]], 1
];
var ListTagsForResourceResponse$ = [3, n0, _LTFRRi,
    0,
    [_ta],
    [128 | 0]
];
var Permission$ = [3, n0, _P,
    0,
    [_a, _p, _sI, _pV],
    [0, 0, 0, 0]
];
var PutSigningProfileRequest$ = [3, n0, _PSPR,
    0,
    [_pN, _pI, _sM, _sVP, _o, _sP, _ta],
    [[0, 1], 0, () => SigningMaterial$, () => SignatureValidityPeriod$, () => SigningPlatformOverrides$, 128 | 0, 128 | 0], 2
];
var PutSigningProfileResponse$ = [3, n0, _PSPRu,
    0,
    [_ar, _pV, _pVA],
    [0, 0, 0]
];
var RemoveProfilePermissionRequest$ = [3, n0, _RPPR,
    0,
    [_pN, _rI, _sI],
    [[0, 1], [0, { [_hQ]: _rI }], [0, 1]], 3
];
var RemoveProfilePermissionResponse$ = [3, n0, _RPPRe,
    0,
    [_rI],
    [0]
];
var RevokeSignatureRequest$ = [3, n0, _RSR,
    0,
    [_jI, _r, _jO],
    [[0, 1], 0, 0], 2
];
var RevokeSigningProfileRequest$ = [3, n0, _RSPR,
    0,
    [_pN, _pV, _r, _eT],
    [[0, 1], 0, 0, 4], 4
];
var S3Destination$ = [3, n0, _SD,
    0,
    [_bN, _pre],
    [0, 0]
];
var S3SignedObject$ = [3, n0, _SSO,
    0,
    [_bN, _k],
    [0, 0]
];
var S3Source$ = [3, n0, _SS,
    0,
    [_bN, _k, _v],
    [0, 0, 0], 3
];
var SignatureValidityPeriod$ = [3, n0, _SVP,
    0,
    [_va, _ty],
    [1, 0]
];
var SignedObject$ = [3, n0, _SO,
    0,
    [_s_],
    [() => S3SignedObject$]
];
var SigningConfiguration$ = [3, n0, _SC,
    0,
    [_eAO, _hAO],
    [() => EncryptionAlgorithmOptions$, () => HashAlgorithmOptions$], 2
];
var SigningConfigurationOverrides$ = [3, n0, _SCO,
    0,
    [_eA, _hA],
    [0, 0]
];
var SigningImageFormat$ = [3, n0, _SIF,
    0,
    [_sF, _dF],
    [64 | 0, 0], 2
];
var SigningJob$ = [3, n0, _SJ,
    0,
    [_jI, _so, _sO, _sM, _cA, _st, _iR, _pN, _pV, _pI, _pDN, _sEA, _jO, _jIo],
    [0, () => Source$, () => SignedObject$, () => SigningMaterial$, 4, 0, 2, 0, 0, 0, 0, 4, 0, 0]
];
var SigningJobRevocationRecord$ = [3, n0, _SJRR,
    0,
    [_r, _rAe, _rBe],
    [0, 4, 0]
];
var SigningMaterial$ = [3, n0, _SM,
    0,
    [_cAe],
    [0], 1
];
var SigningPlatform$ = [3, n0, _SP,
    0,
    [_pI, _dN, _pa, _t, _ca, _sC, _sIF, _mSIMB, _rS],
    [0, 0, 0, 0, 0, () => SigningConfiguration$, () => SigningImageFormat$, 1, 2]
];
var SigningPlatformOverrides$ = [3, n0, _SPO,
    0,
    [_sC, _sIF],
    [() => SigningConfigurationOverrides$, 0]
];
var SigningProfile$ = [3, n0, _SPi,
    0,
    [_pN, _pV, _pVA, _sM, _sVP, _pI, _pDN, _sP, _st, _ar, _ta],
    [0, 0, 0, () => SigningMaterial$, () => SignatureValidityPeriod$, 0, 0, 128 | 0, 0, 0, 128 | 0]
];
var SigningProfileRevocationRecord$ = [3, n0, _SPRR,
    0,
    [_rEF, _rAe, _rBe],
    [4, 4, 0]
];
var SignPayloadRequest$ = [3, n0, _SPR,
    0,
    [_pN, _pay, _pF, _pO],
    [0, 21, 0, 0], 3
];
var SignPayloadResponse$ = [3, n0, _SPRi,
    0,
    [_jI, _jO, _me, _si],
    [0, 0, 128 | 0, 21]
];
var Source$ = [3, n0, _S,
    0,
    [_s_],
    [() => S3Source$]
];
var StartSigningJobRequest$ = [3, n0, _SSJR,
    0,
    [_so, _d, _pN, _cRT, _pO],
    [() => Source$, () => Destination$, 0, [0, 4], 0], 3
];
var StartSigningJobResponse$ = [3, n0, _SSJRt,
    0,
    [_jI, _jO],
    [0, 0]
];
var TagResourceRequest$ = [3, n0, _TRR,
    0,
    [_rA, _ta],
    [[0, 1], 128 | 0], 2
];
var TagResourceResponse$ = [3, n0, _TRRa,
    0,
    [],
    []
];
var UntagResourceRequest$ = [3, n0, _URR,
    0,
    [_rA, _tK],
    [[0, 1], [64 | 0, { [_hQ]: _tK }]], 2
];
var UntagResourceResponse$ = [3, n0, _URRn,
    0,
    [],
    []
];
var __Unit = "unit";
var Permissions = [1, n0, _Pe,
    0, () => Permission$
];
var SigningJobs = [1, n0, _SJi,
    0, () => SigningJob$
];
var SigningPlatforms = [1, n0, _SPig,
    0, () => SigningPlatform$
];
var SigningProfiles = [1, n0, _SPign,
    0, () => SigningProfile$
];
var AddProfilePermission$ = [9, n0, _APP,
    { [_h]: ["POST", "/signing-profiles/{profileName}/permissions", 200] }, () => AddProfilePermissionRequest$, () => AddProfilePermissionResponse$
];
var CancelSigningProfile$ = [9, n0, _CSP,
    { [_h]: ["DELETE", "/signing-profiles/{profileName}", 200] }, () => CancelSigningProfileRequest$, () => __Unit
];
var DescribeSigningJob$ = [9, n0, _DSJ,
    { [_h]: ["GET", "/signing-jobs/{jobId}", 200] }, () => DescribeSigningJobRequest$, () => DescribeSigningJobResponse$
];
var GetRevocationStatus$ = [9, n0, _GRS,
    { [_en]: ["data-"], [_h]: ["GET", "/revocations", 200] }, () => GetRevocationStatusRequest$, () => GetRevocationStatusResponse$
];
var GetSigningPlatform$ = [9, n0, _GSP,
    { [_h]: ["GET", "/signing-platforms/{platformId}", 200] }, () => GetSigningPlatformRequest$, () => GetSigningPlatformResponse$
];
var GetSigningProfile$ = [9, n0, _GSPe,
    { [_h]: ["GET", "/signing-profiles/{profileName}", 200] }, () => GetSigningProfileRequest$, () => GetSigningProfileResponse$
];
var ListProfilePermissions$ = [9, n0, _LPP,
    { [_h]: ["GET", "/signing-profiles/{profileName}/permissions", 200] }, () => ListProfilePermissionsRequest$, () => ListProfilePermissionsResponse$
];
var ListSigningJobs$ = [9, n0, _LSJ,
    { [_h]: ["GET", "/signing-jobs", 200] }, () => ListSigningJobsRequest$, () => ListSigningJobsResponse$
];
var ListSigningPlatforms$ = [9, n0, _LSP,
    { [_h]: ["GET", "/signing-platforms", 200] }, () => ListSigningPlatformsRequest$, () => ListSigningPlatformsResponse$
];
var ListSigningProfiles$ = [9, n0, _LSPi,
    { [_h]: ["GET", "/signing-profiles", 200] }, () => ListSigningProfilesRequest$, () => ListSigningProfilesResponse$
];
var ListTagsForResource$ = [9, n0, _LTFR,
    { [_h]: ["GET", "/tags/{resourceArn}", 200] }, () => ListTagsForResourceRequest$, () => ListTagsForResourceResponse$
];
var PutSigningProfile$ = [9, n0, _PSP,
    { [_h]: ["PUT", "/signing-profiles/{profileName}", 200] }, () => PutSigningProfileRequest$, () => PutSigningProfileResponse$
];
var RemoveProfilePermission$ = [9, n0, _RPP,
    { [_h]: ["DELETE", "/signing-profiles/{profileName}/permissions/{statementId}", 200] }, () => RemoveProfilePermissionRequest$, () => RemoveProfilePermissionResponse$
];
var RevokeSignature$ = [9, n0, _RS,
    { [_h]: ["PUT", "/signing-jobs/{jobId}/revoke", 200] }, () => RevokeSignatureRequest$, () => __Unit
];
var RevokeSigningProfile$ = [9, n0, _RSP,
    { [_h]: ["PUT", "/signing-profiles/{profileName}/revoke", 200] }, () => RevokeSigningProfileRequest$, () => __Unit
];
var SignPayload$ = [9, n0, _SPigna,
    { [_h]: ["POST", "/signing-jobs/with-payload", 200] }, () => SignPayloadRequest$, () => SignPayloadResponse$
];
var StartSigningJob$ = [9, n0, _SSJ,
    { [_h]: ["POST", "/signing-jobs", 200] }, () => StartSigningJobRequest$, () => StartSigningJobResponse$
];
var TagResource$ = [9, n0, _TR,
    { [_h]: ["POST", "/tags/{resourceArn}", 200] }, () => TagResourceRequest$, () => TagResourceResponse$
];
var UntagResource$ = [9, n0, _UR,
    { [_h]: ["DELETE", "/tags/{resourceArn}", 200] }, () => UntagResourceRequest$, () => UntagResourceResponse$
];

const getRuntimeConfig$1 = (config) => {
    return {
        apiVersion: "2017-08-25",
        base64Decoder: config?.base64Decoder ?? fromBase64,
        base64Encoder: config?.base64Encoder ?? toBase64,
        disableHostPrefix: config?.disableHostPrefix ?? false,
        endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
        extensions: config?.extensions ?? [],
        httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultSignerHttpAuthSchemeProvider,
        httpAuthSchemes: config?.httpAuthSchemes ?? [
            {
                schemeId: "aws.auth#sigv4",
                identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
                signer: new AwsSdkSigV4Signer(),
            },
        ],
        logger: config?.logger ?? new NoOpLogger(),
        protocol: config?.protocol ?? AwsRestJsonProtocol,
        protocolSettings: config?.protocolSettings ?? {
            defaultNamespace: "com.amazonaws.signer",
            errorTypeRegistries,
            version: "2017-08-25",
            serviceTarget: "WallabyService",
        },
        serviceId: config?.serviceId ?? "signer",
        sha256: config?.sha256 ?? Sha256,
        urlParser: config?.urlParser ?? parseUrl,
        utf8Decoder: config?.utf8Decoder ?? fromUtf8,
        utf8Encoder: config?.utf8Encoder ?? toUtf8,
    };
};

const getRuntimeConfig = (config) => {
    emitWarningIfUnsupportedVersion(process.version);
    const defaultsMode = resolveDefaultsModeConfig(config);
    const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
    const clientSharedValues = getRuntimeConfig$1(config);
    emitWarningIfUnsupportedVersion$1(process.version);
    const loaderConfig = {
        profile: config?.profile,
        logger: clientSharedValues.logger,
    };
    return {
        ...clientSharedValues,
        ...config,
        runtime: "node",
        defaultsMode,
        authSchemePreference: config?.authSchemePreference ?? loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
        bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
        credentialDefaultProvider: config?.credentialDefaultProvider ?? defaultProvider,
        defaultUserAgentProvider: config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: clientSharedValues.serviceId, clientVersion: packageInfo.version }),
        maxAttempts: config?.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
        region: config?.region ?? loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
        requestHandler: NodeHttpHandler.create(config?.requestHandler ?? defaultConfigProvider),
        retryMode: config?.retryMode ??
            loadConfig({
                ...NODE_RETRY_MODE_CONFIG_OPTIONS,
                default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE,
            }, config),
        streamCollector: config?.streamCollector ?? streamCollector,
        useDualstackEndpoint: config?.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        useFipsEndpoint: config?.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        userAgentAppId: config?.userAgentAppId ?? loadConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig),
    };
};

const getHttpAuthExtensionConfiguration = (runtimeConfig) => {
    const _httpAuthSchemes = runtimeConfig.httpAuthSchemes;
    let _httpAuthSchemeProvider = runtimeConfig.httpAuthSchemeProvider;
    let _credentials = runtimeConfig.credentials;
    return {
        setHttpAuthScheme(httpAuthScheme) {
            const index = _httpAuthSchemes.findIndex((scheme) => scheme.schemeId === httpAuthScheme.schemeId);
            if (index === -1) {
                _httpAuthSchemes.push(httpAuthScheme);
            }
            else {
                _httpAuthSchemes.splice(index, 1, httpAuthScheme);
            }
        },
        httpAuthSchemes() {
            return _httpAuthSchemes;
        },
        setHttpAuthSchemeProvider(httpAuthSchemeProvider) {
            _httpAuthSchemeProvider = httpAuthSchemeProvider;
        },
        httpAuthSchemeProvider() {
            return _httpAuthSchemeProvider;
        },
        setCredentials(credentials) {
            _credentials = credentials;
        },
        credentials() {
            return _credentials;
        },
    };
};
const resolveHttpAuthRuntimeConfig = (config) => {
    return {
        httpAuthSchemes: config.httpAuthSchemes(),
        httpAuthSchemeProvider: config.httpAuthSchemeProvider(),
        credentials: config.credentials(),
    };
};

const resolveRuntimeExtensions = (runtimeConfig, extensions) => {
    const extensionConfiguration = Object.assign(getAwsRegionExtensionConfiguration(runtimeConfig), getDefaultExtensionConfiguration(runtimeConfig), getHttpHandlerExtensionConfiguration(runtimeConfig), getHttpAuthExtensionConfiguration(runtimeConfig));
    extensions.forEach((extension) => extension.configure(extensionConfiguration));
    return Object.assign(runtimeConfig, resolveAwsRegionExtensionConfiguration(extensionConfiguration), resolveDefaultRuntimeConfig(extensionConfiguration), resolveHttpHandlerRuntimeConfig(extensionConfiguration), resolveHttpAuthRuntimeConfig(extensionConfiguration));
};

class SignerClient extends Client {
    config;
    constructor(...[configuration]) {
        const _config_0 = getRuntimeConfig(configuration || {});
        super(_config_0);
        this.initConfig = _config_0;
        const _config_1 = resolveClientEndpointParameters(_config_0);
        const _config_2 = resolveUserAgentConfig(_config_1);
        const _config_3 = resolveRetryConfig(_config_2);
        const _config_4 = resolveRegionConfig(_config_3);
        const _config_5 = resolveHostHeaderConfig(_config_4);
        const _config_6 = resolveEndpointConfig(_config_5);
        const _config_7 = resolveHttpAuthSchemeConfig(_config_6);
        const _config_8 = resolveRuntimeExtensions(_config_7, configuration?.extensions || []);
        this.config = _config_8;
        this.middlewareStack.use(getSchemaSerdePlugin(this.config));
        this.middlewareStack.use(getUserAgentPlugin(this.config));
        this.middlewareStack.use(getRetryPlugin(this.config));
        this.middlewareStack.use(getContentLengthPlugin(this.config));
        this.middlewareStack.use(getHostHeaderPlugin(this.config));
        this.middlewareStack.use(getLoggerPlugin(this.config));
        this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
        this.middlewareStack.use(getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
            httpAuthSchemeParametersProvider: defaultSignerHttpAuthSchemeParametersProvider,
            identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({
                "aws.auth#sigv4": config.credentials,
            }),
        }));
        this.middlewareStack.use(getHttpSigningPlugin(this.config));
    }
    destroy() {
        super.destroy();
    }
}

const command = makeBuilder(commonParams, "WallabyService", "SignerClient", getEndpointPlugin);
const _ep0 = {};
const _mw0 = (Command, cs, config, o) => [];

class AddProfilePermissionCommand extends command(_ep0, _mw0, "AddProfilePermission", AddProfilePermission$) {
}

class CancelSigningProfileCommand extends command(_ep0, _mw0, "CancelSigningProfile", CancelSigningProfile$) {
}

class DescribeSigningJobCommand extends command(_ep0, _mw0, "DescribeSigningJob", DescribeSigningJob$) {
}

class GetRevocationStatusCommand extends command(_ep0, _mw0, "GetRevocationStatus", GetRevocationStatus$) {
}

class GetSigningPlatformCommand extends command(_ep0, _mw0, "GetSigningPlatform", GetSigningPlatform$) {
}

class GetSigningProfileCommand extends command(_ep0, _mw0, "GetSigningProfile", GetSigningProfile$) {
}

class ListProfilePermissionsCommand extends command(_ep0, _mw0, "ListProfilePermissions", ListProfilePermissions$) {
}

class ListSigningJobsCommand extends command(_ep0, _mw0, "ListSigningJobs", ListSigningJobs$) {
}

class ListSigningPlatformsCommand extends command(_ep0, _mw0, "ListSigningPlatforms", ListSigningPlatforms$) {
}

class ListSigningProfilesCommand extends command(_ep0, _mw0, "ListSigningProfiles", ListSigningProfiles$) {
}

class ListTagsForResourceCommand extends command(_ep0, _mw0, "ListTagsForResource", ListTagsForResource$) {
}

class PutSigningProfileCommand extends command(_ep0, _mw0, "PutSigningProfile", PutSigningProfile$) {
}

class RemoveProfilePermissionCommand extends command(_ep0, _mw0, "RemoveProfilePermission", RemoveProfilePermission$) {
}

class RevokeSignatureCommand extends command(_ep0, _mw0, "RevokeSignature", RevokeSignature$) {
}

class RevokeSigningProfileCommand extends command(_ep0, _mw0, "RevokeSigningProfile", RevokeSigningProfile$) {
}

class SignPayloadCommand extends command(_ep0, _mw0, "SignPayload", SignPayload$) {
}

class StartSigningJobCommand extends command(_ep0, _mw0, "StartSigningJob", StartSigningJob$) {
}

class TagResourceCommand extends command(_ep0, _mw0, "TagResource", TagResource$) {
}

class UntagResourceCommand extends command(_ep0, _mw0, "UntagResource", UntagResource$) {
}

const paginateListSigningJobs = createPaginator(SignerClient, ListSigningJobsCommand, "nextToken", "nextToken", "maxResults");

const paginateListSigningPlatforms = createPaginator(SignerClient, ListSigningPlatformsCommand, "nextToken", "nextToken", "maxResults");

const paginateListSigningProfiles = createPaginator(SignerClient, ListSigningProfilesCommand, "nextToken", "nextToken", "maxResults");

const checkState = async (client, input) => {
    let reason;
    try {
        let result = await client.send(new DescribeSigningJobCommand(input));
        reason = result;
        try {
            const returnComparator = () => {
                return result.status;
            };
            if (returnComparator() === "Succeeded") {
                return { state: WaiterState.SUCCESS, reason };
            }
        }
        catch (e) { }
        try {
            const returnComparator = () => {
                return result.status;
            };
            if (returnComparator() === "Failed") {
                return { state: WaiterState.FAILURE, reason };
            }
        }
        catch (e) { }
    }
    catch (exception) {
        reason = exception;
        if (exception.name === "ResourceNotFoundException") {
            return { state: WaiterState.FAILURE, reason };
        }
    }
    return { state: WaiterState.RETRY, reason };
};
const waitForSuccessfulSigningJob = async (params, input) => {
    const serviceDefaults = { minDelay: 20, maxDelay: 120 };
    return createWaiter({ ...serviceDefaults, ...params }, input, checkState);
};
const waitUntilSuccessfulSigningJob = async (params, input) => {
    const serviceDefaults = { minDelay: 20, maxDelay: 120 };
    const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState);
    return checkExceptions(result);
};

const commands = {
    AddProfilePermissionCommand,
    CancelSigningProfileCommand,
    DescribeSigningJobCommand,
    GetRevocationStatusCommand,
    GetSigningPlatformCommand,
    GetSigningProfileCommand,
    ListProfilePermissionsCommand,
    ListSigningJobsCommand,
    ListSigningPlatformsCommand,
    ListSigningProfilesCommand,
    ListTagsForResourceCommand,
    PutSigningProfileCommand,
    RemoveProfilePermissionCommand,
    RevokeSignatureCommand,
    RevokeSigningProfileCommand,
    SignPayloadCommand,
    StartSigningJobCommand,
    TagResourceCommand,
    UntagResourceCommand,
};
const paginators = {
    paginateListSigningJobs,
    paginateListSigningPlatforms,
    paginateListSigningProfiles,
};
const waiters = {
    waitUntilSuccessfulSigningJob,
};
class Signer extends SignerClient {
}
createAggregatedClient(commands, Signer, { paginators, waiters });

const Category = {
    AWSIoT: "AWSIoT",
};
const EncryptionAlgorithm = {
    ECDSA: "ECDSA",
    RSA: "RSA",
};
const HashAlgorithm = {
    SHA1: "SHA1",
    SHA256: "SHA256",
};
const ImageFormat = {
    JSON: "JSON",
    JSONDetached: "JSONDetached",
    JSONEmbedded: "JSONEmbedded",
};
const SigningStatus = {
    Failed: "Failed",
    InProgress: "InProgress",
    Succeeded: "Succeeded",
};
const ValidityType = {
    DAYS: "DAYS",
    MONTHS: "MONTHS",
    YEARS: "YEARS",
};
const SigningProfileStatus = {
    Active: "Active",
    Canceled: "Canceled",
    Revoked: "Revoked",
};

exports.AccessDeniedException = AccessDeniedException;
exports.AccessDeniedException$ = AccessDeniedException$;
exports.AddProfilePermission$ = AddProfilePermission$;
exports.AddProfilePermissionCommand = AddProfilePermissionCommand;
exports.AddProfilePermissionRequest$ = AddProfilePermissionRequest$;
exports.AddProfilePermissionResponse$ = AddProfilePermissionResponse$;
exports.BadRequestException = BadRequestException;
exports.BadRequestException$ = BadRequestException$;
exports.CancelSigningProfile$ = CancelSigningProfile$;
exports.CancelSigningProfileCommand = CancelSigningProfileCommand;
exports.CancelSigningProfileRequest$ = CancelSigningProfileRequest$;
exports.Category = Category;
exports.ConflictException = ConflictException;
exports.ConflictException$ = ConflictException$;
exports.DescribeSigningJob$ = DescribeSigningJob$;
exports.DescribeSigningJobCommand = DescribeSigningJobCommand;
exports.DescribeSigningJobRequest$ = DescribeSigningJobRequest$;
exports.DescribeSigningJobResponse$ = DescribeSigningJobResponse$;
exports.Destination$ = Destination$;
exports.EncryptionAlgorithm = EncryptionAlgorithm;
exports.EncryptionAlgorithmOptions$ = EncryptionAlgorithmOptions$;
exports.GetRevocationStatus$ = GetRevocationStatus$;
exports.GetRevocationStatusCommand = GetRevocationStatusCommand;
exports.GetRevocationStatusRequest$ = GetRevocationStatusRequest$;
exports.GetRevocationStatusResponse$ = GetRevocationStatusResponse$;
exports.GetSigningPlatform$ = GetSigningPlatform$;
exports.GetSigningPlatformCommand = GetSigningPlatformCommand;
exports.GetSigningPlatformRequest$ = GetSigningPlatformRequest$;
exports.GetSigningPlatformResponse$ = GetSigningPlatformResponse$;
exports.GetSigningProfile$ = GetSigningProfile$;
exports.GetSigningProfileCommand = GetSigningProfileCommand;
exports.GetSigningProfileRequest$ = GetSigningProfileRequest$;
exports.GetSigningProfileResponse$ = GetSigningProfileResponse$;
exports.HashAlgorithm = HashAlgorithm;
exports.HashAlgorithmOptions$ = HashAlgorithmOptions$;
exports.ImageFormat = ImageFormat;
exports.InternalServiceErrorException = InternalServiceErrorException;
exports.InternalServiceErrorException$ = InternalServiceErrorException$;
exports.ListProfilePermissions$ = ListProfilePermissions$;
exports.ListProfilePermissionsCommand = ListProfilePermissionsCommand;
exports.ListProfilePermissionsRequest$ = ListProfilePermissionsRequest$;
exports.ListProfilePermissionsResponse$ = ListProfilePermissionsResponse$;
exports.ListSigningJobs$ = ListSigningJobs$;
exports.ListSigningJobsCommand = ListSigningJobsCommand;
exports.ListSigningJobsRequest$ = ListSigningJobsRequest$;
exports.ListSigningJobsResponse$ = ListSigningJobsResponse$;
exports.ListSigningPlatforms$ = ListSigningPlatforms$;
exports.ListSigningPlatformsCommand = ListSigningPlatformsCommand;
exports.ListSigningPlatformsRequest$ = ListSigningPlatformsRequest$;
exports.ListSigningPlatformsResponse$ = ListSigningPlatformsResponse$;
exports.ListSigningProfiles$ = ListSigningProfiles$;
exports.ListSigningProfilesCommand = ListSigningProfilesCommand;
exports.ListSigningProfilesRequest$ = ListSigningProfilesRequest$;
exports.ListSigningProfilesResponse$ = ListSigningProfilesResponse$;
exports.ListTagsForResource$ = ListTagsForResource$;
exports.ListTagsForResourceCommand = ListTagsForResourceCommand;
exports.ListTagsForResourceRequest$ = ListTagsForResourceRequest$;
exports.ListTagsForResourceResponse$ = ListTagsForResourceResponse$;
exports.NotFoundException = NotFoundException;
exports.NotFoundException$ = NotFoundException$;
exports.Permission$ = Permission$;
exports.PutSigningProfile$ = PutSigningProfile$;
exports.PutSigningProfileCommand = PutSigningProfileCommand;
exports.PutSigningProfileRequest$ = PutSigningProfileRequest$;
exports.PutSigningProfileResponse$ = PutSigningProfileResponse$;
exports.RemoveProfilePermission$ = RemoveProfilePermission$;
exports.RemoveProfilePermissionCommand = RemoveProfilePermissionCommand;
exports.RemoveProfilePermissionRequest$ = RemoveProfilePermissionRequest$;
exports.RemoveProfilePermissionResponse$ = RemoveProfilePermissionResponse$;
exports.ResourceNotFoundException = ResourceNotFoundException;
exports.ResourceNotFoundException$ = ResourceNotFoundException$;
exports.RevokeSignature$ = RevokeSignature$;
exports.RevokeSignatureCommand = RevokeSignatureCommand;
exports.RevokeSignatureRequest$ = RevokeSignatureRequest$;
exports.RevokeSigningProfile$ = RevokeSigningProfile$;
exports.RevokeSigningProfileCommand = RevokeSigningProfileCommand;
exports.RevokeSigningProfileRequest$ = RevokeSigningProfileRequest$;
exports.S3Destination$ = S3Destination$;
exports.S3SignedObject$ = S3SignedObject$;
exports.S3Source$ = S3Source$;
exports.ServiceLimitExceededException = ServiceLimitExceededException;
exports.ServiceLimitExceededException$ = ServiceLimitExceededException$;
exports.SignPayload$ = SignPayload$;
exports.SignPayloadCommand = SignPayloadCommand;
exports.SignPayloadRequest$ = SignPayloadRequest$;
exports.SignPayloadResponse$ = SignPayloadResponse$;
exports.SignatureValidityPeriod$ = SignatureValidityPeriod$;
exports.SignedObject$ = SignedObject$;
exports.Signer = Signer;
exports.SignerClient = SignerClient;
exports.SignerServiceException = SignerServiceException;
exports.SignerServiceException$ = SignerServiceException$;
exports.SigningConfiguration$ = SigningConfiguration$;
exports.SigningConfigurationOverrides$ = SigningConfigurationOverrides$;
exports.SigningImageFormat$ = SigningImageFormat$;
exports.SigningJob$ = SigningJob$;
exports.SigningJobRevocationRecord$ = SigningJobRevocationRecord$;
exports.SigningMaterial$ = SigningMaterial$;
exports.SigningPlatform$ = SigningPlatform$;
exports.SigningPlatformOverrides$ = SigningPlatformOverrides$;
exports.SigningProfile$ = SigningProfile$;
exports.SigningProfileRevocationRecord$ = SigningProfileRevocationRecord$;
exports.SigningProfileStatus = SigningProfileStatus;
exports.SigningStatus = SigningStatus;
exports.Source$ = Source$;
exports.StartSigningJob$ = StartSigningJob$;
exports.StartSigningJobCommand = StartSigningJobCommand;
exports.StartSigningJobRequest$ = StartSigningJobRequest$;
exports.StartSigningJobResponse$ = StartSigningJobResponse$;
exports.TagResource$ = TagResource$;
exports.TagResourceCommand = TagResourceCommand;
exports.TagResourceRequest$ = TagResourceRequest$;
exports.TagResourceResponse$ = TagResourceResponse$;
exports.ThrottlingException = ThrottlingException;
exports.ThrottlingException$ = ThrottlingException$;
exports.TooManyRequestsException = TooManyRequestsException;
exports.TooManyRequestsException$ = TooManyRequestsException$;
exports.UntagResource$ = UntagResource$;
exports.UntagResourceCommand = UntagResourceCommand;
exports.UntagResourceRequest$ = UntagResourceRequest$;
exports.UntagResourceResponse$ = UntagResourceResponse$;
exports.ValidationException = ValidationException;
exports.ValidationException$ = ValidationException$;
exports.ValidityType = ValidityType;
exports.errorTypeRegistries = errorTypeRegistries;
exports.paginateListSigningJobs = paginateListSigningJobs;
exports.paginateListSigningPlatforms = paginateListSigningPlatforms;
exports.paginateListSigningProfiles = paginateListSigningProfiles;
exports.waitForSuccessfulSigningJob = waitForSuccessfulSigningJob;
exports.waitUntilSuccessfulSigningJob = waitUntilSuccessfulSigningJob;


/***/ })

};
