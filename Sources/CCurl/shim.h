#ifndef GITSOPS_CCURL_SHIM_H
#define GITSOPS_CCURL_SHIM_H
// libcurl's types and constants come from its header; its functions are resolved at run time
// (Platform's DynamicLibrary loads it, gitsops_curl_fill takes its functions). Linking libcurl directly costs every process start ~4 ms for the
// ~30 shared libraries it pulls in, while most gitsops commands never make a request.
#include <curl/curl.h>

/// The libcurl functions gitsops uses. The variadic ones are stored untyped (Swift cannot import
/// variadic function pointers) and called through the typed wrappers below.
typedef struct gitsops_curl_api {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    void *easy_setopt;
    void *easy_getinfo;
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *string);
    void (*slist_free_all)(struct curl_slist *list);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *multi);
    CURLMcode (*multi_add_handle)(CURLM *multi, CURL *handle);
    CURLMcode (*multi_remove_handle)(CURLM *multi, CURL *handle);
    CURLMcode (*multi_perform)(CURLM *multi, int *running);
    CURLMcode (*multi_poll)(CURLM *multi, struct curl_waitfd extra[], unsigned int count, int timeout_ms, int *numfds);
    CURLMcode (*multi_wakeup)(CURLM *multi);
    CURLMsg *(*multi_info_read)(CURLM *multi, int *queued);
} gitsops_curl_api;

/// Finds `name` in a loaded library (Platform's `DynamicLibrary.lookup`, which is dlsym).
typedef void *(*gitsops_curl_lookup)(void *library, const char *name);

/// Fills `api` from the loaded `library`; returns 1 when every function was found, 0 otherwise.
static inline int gitsops_curl_fill(gitsops_curl_api *api, void *library, gitsops_curl_lookup lookup) {
#define GITSOPS_CURL_SYM(field, name) \
    *(void **)(&api->field) = lookup(library, name); \
    if (!api->field) return 0;
    GITSOPS_CURL_SYM(global_init, "curl_global_init")
    GITSOPS_CURL_SYM(easy_init, "curl_easy_init")
    GITSOPS_CURL_SYM(easy_cleanup, "curl_easy_cleanup")
    GITSOPS_CURL_SYM(easy_setopt, "curl_easy_setopt")
    GITSOPS_CURL_SYM(easy_getinfo, "curl_easy_getinfo")
    GITSOPS_CURL_SYM(easy_strerror, "curl_easy_strerror")
    GITSOPS_CURL_SYM(slist_append, "curl_slist_append")
    GITSOPS_CURL_SYM(slist_free_all, "curl_slist_free_all")
    GITSOPS_CURL_SYM(multi_init, "curl_multi_init")
    GITSOPS_CURL_SYM(multi_cleanup, "curl_multi_cleanup")
    GITSOPS_CURL_SYM(multi_add_handle, "curl_multi_add_handle")
    GITSOPS_CURL_SYM(multi_remove_handle, "curl_multi_remove_handle")
    GITSOPS_CURL_SYM(multi_perform, "curl_multi_perform")
    GITSOPS_CURL_SYM(multi_poll, "curl_multi_poll")
    GITSOPS_CURL_SYM(multi_wakeup, "curl_multi_wakeup")
    GITSOPS_CURL_SYM(multi_info_read, "curl_multi_info_read")
#undef GITSOPS_CURL_SYM
    return 1;
}

/// curl_easy_setopt / curl_easy_getinfo are variadic; one typed wrapper per argument kind, called
/// with the function pointer loaded into gitsops_curl_api.
typedef CURLcode (*gitsops_curl_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*gitsops_curl_getinfo_fn)(CURL *, CURLINFO, ...);
typedef size_t (*gitsops_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode gitsops_curl_setopt_long(void *setopt, CURL *h, CURLoption o, long v) {
    return ((gitsops_curl_setopt_fn)setopt)(h, o, v);
}
static inline CURLcode gitsops_curl_setopt_ptr(void *setopt, CURL *h, CURLoption o, const void *v) {
    return ((gitsops_curl_setopt_fn)setopt)(h, o, v);
}
static inline CURLcode gitsops_curl_setopt_off(void *setopt, CURL *h, CURLoption o, curl_off_t v) {
    return ((gitsops_curl_setopt_fn)setopt)(h, o, v);
}
static inline CURLcode gitsops_curl_setopt_callback(void *setopt, CURL *h, CURLoption o, gitsops_curl_data_callback v) {
    return ((gitsops_curl_setopt_fn)setopt)(h, o, v);
}
static inline CURLcode gitsops_curl_getinfo_long(void *getinfo, CURL *h, CURLINFO i, long *v) {
    return ((gitsops_curl_getinfo_fn)getinfo)(h, i, v);
}
#endif
