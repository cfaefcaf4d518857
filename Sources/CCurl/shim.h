#ifndef GITSOPS_CCURL_SHIM_H
#define GITSOPS_CCURL_SHIM_H
#include <curl/curl.h>

/// curl_easy_setopt is variadic; Swift cannot call it. One typed wrapper per argument kind.
static inline CURLcode gitsops_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode gitsops_curl_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode gitsops_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode gitsops_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
#endif
