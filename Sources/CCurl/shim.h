// The part of libcurl that Swift cannot import directly: curl_easy_setopt/getinfo are variadic.
// One typed wrapper per argument type, as swift-corelibs-foundation does.
#ifndef ANDON_CCURL_SHIM_H
#define ANDON_CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>

typedef size_t (*ccurl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);

// Where libcurl is built on OpenSSL: tells OpenSSL not to free its state in an atexit handler
// (OPENSSL_INIT_NO_ATEXIT, 0x00080000 in OpenSSL 3's crypto.h), before curl_global_init initialises it. A transport
// released on its own thread while the process exits would otherwise clean up its TLS connections against locks
// that handler has freed. Looked up at run time, so that nothing is linked against OpenSSL directly and a libcurl on
// another TLS library is left alone.
static inline void ccurl_openssl_no_atexit(void) {
    typedef int (*ccurl_openssl_init)(uint64_t options, const void *settings);
    void *self = dlopen(NULL, RTLD_LAZY);
    if (self == NULL) return;
    ccurl_openssl_init init = (ccurl_openssl_init)dlsym(self, "OPENSSL_init_crypto");
    if (init != NULL) init(0x00080000ULL, NULL);
    dlclose(self);
}

static inline CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_write_function(CURL *handle, ccurl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode ccurl_setopt_header_function(CURL *handle, ccurl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

static inline CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

/// CURLAUTH_BASIC is a macro with a cast that Swift does not import.
static inline long ccurl_auth_basic(void) { return (long)CURLAUTH_BASIC; }

static inline CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

#endif
