export const id = 367;
export const ids = [367];
export const modules = {

/***/ 72367:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ resolveRegion),
/* harmony export */   r: () => (/* binding */ awsClientConfig)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _core_version_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(24305);


function resolveRegion(input, env, inputName = 'region') {
    const region = input ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
    if (!region) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`Input '${inputName}' is not set and neither is AWS_REGION. Set '${inputName}', or configure credentials with a region first (aws-actions/configure-aws-credentials).`);
    }
    return region;
}
function awsClientConfig(region) {
    return { region, retryMode: 'adaptive', maxAttempts: 6, customUserAgent: _core_version_js__WEBPACK_IMPORTED_MODULE_1__/* .USER_AGENT */ ._ };
}


/***/ })

};
