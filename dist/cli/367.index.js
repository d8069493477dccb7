export const id = 367;
export const ids = [367];
export const modules = {

/***/ 72367:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D0: () => (/* binding */ withCallNames),
/* harmony export */   Zv: () => (/* binding */ resolveRegion),
/* harmony export */   rw: () => (/* binding */ awsClientConfig)
/* harmony export */ });
/* unused harmony exports AWS_REQUEST_TIMEOUTS, iamActionOf */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _core_version_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(24305);


/**
 * The SDK sets no request timeout of its own, so an endpoint that accepts the connection and never answers (a proxy
 * gone wrong, a black-holed VPC endpoint) held a step forever, deaf to the runner's first cancel. Every call drydock
 * makes is a small API request, answered in well under a second: a request still open after a minute is dead, retried
 * like any other failure (maxAttempts), then reported.
 */
const AWS_REQUEST_TIMEOUTS = { connectionTimeout: 10_000, requestTimeout: 60_000 };
function resolveRegion(input, env, inputName = 'region') {
    const region = input ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
    if (!region) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`Input '${inputName}' is not set and neither is AWS_REGION. Set '${inputName}', or configure credentials with a region first (aws-actions/configure-aws-credentials).`);
    }
    return region;
}
/** `timeouts` is for tests, which cannot wait a minute per attempt. */
function awsClientConfig(region, timeouts = AWS_REQUEST_TIMEOUTS) {
    // throwOnRequestTimeout: without it the SDK's handler only logs a warning when requestTimeout passes, and waits on.
    return { region, retryMode: 'adaptive', maxAttempts: 6, customUserAgent: _core_version_js__WEBPACK_IMPORTED_MODULE_1__/* .USER_AGENT */ ._, requestHandler: { ...timeouts, throwOnRequestTimeout: true } };
}
/** `ECRClient` and `CreateRepositoryCommand` as the IAM action `ecr:CreateRepository` (every client drydock uses is named so). */
function iamActionOf(clientName, commandName) {
    return `${clientName.replace(/Client$/, '').toLowerCase()}:${commandName.replace(/Command$/, '')}`;
}
/**
 * Adds to `client` a middleware that records on a failed call's error which call it was (AWS_OPERATION_PROPERTY). It
 * runs first (initialize step), so the error it sees is the one `send` throws, after the SDK's retries.
 */
function withCallNames(client) {
    client.middlewareStack.add((next, context) => async (args) => {
        try {
            return await next(args);
        }
        catch (error) {
            // Not `instanceof Error`: the SDK's errors may come from another realm (jest's vm contexts do that).
            if (typeof error === 'object' && error !== null && context.clientName && context.commandName) {
                Object.defineProperty(error, _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AWS_OPERATION_PROPERTY */ .yO, { value: iamActionOf(context.clientName, context.commandName), enumerable: false, configurable: true });
            }
            throw error;
        }
    }, { step: 'initialize', name: 'drydockCallName', override: true });
    return client;
}


/***/ })

};
