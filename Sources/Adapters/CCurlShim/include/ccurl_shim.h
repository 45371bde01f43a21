#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

#include <curl/curl.h>
#include <stddef.h>

/*
 * Typed wrappers around libcurl's variadic API (Swift cannot call variadic C functions),
 * and a transfer context whose callbacks enforce a response size cap and cancellation.
 */

/* Calls curl_global_init(CURL_GLOBAL_DEFAULT) once per process; returns its result. */
CURLcode ccurl_global_init_once(void);

/* Typed curl_easy_setopt. */
CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode ccurl_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback);
CURLcode ccurl_setopt_read_callback(CURL *handle, CURLoption option, curl_read_callback callback);
CURLcode ccurl_setopt_xferinfo_callback(CURL *handle, curl_xferinfo_callback callback);

/* Typed curl_easy_getinfo. */
CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *out);
CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *out);
CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *out);
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **out);

/* Typed curl_multi_setopt. */
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/* Receives a chunk of the response body or one header line; returns 0 to go on, non-zero to abort. */
typedef int (*ccurl_sink_fn)(void *userdata, const char *data, size_t length);
/* Fills `buffer` with up to `capacity` bytes of the request body; returns the count, 0 at the end,
   or (size_t)-1 to abort. */
typedef size_t (*ccurl_source_fn)(void *userdata, char *buffer, size_t capacity);

/* One transfer's context: callbacks, limits and the cancellation flag. Opaque. */
typedef struct ccurl_transfer ccurl_transfer;

ccurl_transfer *ccurl_transfer_create(void);
void ccurl_transfer_destroy(ccurl_transfer *transfer);
void ccurl_transfer_set_body_sink(ccurl_transfer *transfer, ccurl_sink_fn sink, void *userdata);
void ccurl_transfer_set_header_sink(ccurl_transfer *transfer, ccurl_sink_fn sink, void *userdata);
void ccurl_transfer_set_body_source(ccurl_transfer *transfer, ccurl_source_fn source, void *userdata);
/* Aborts the transfer when the body exceeds `max_body` bytes (negative: no cap). Headers are capped at
   `max_headers` bytes in all (negative: no cap). */
void ccurl_transfer_set_limits(ccurl_transfer *transfer, curl_off_t max_body, curl_off_t max_headers);
/* Thread-safe: makes the transfer stop at once (wakes a blocked poll). */
void ccurl_transfer_cancel(ccurl_transfer *transfer);
int ccurl_transfer_was_cancelled(const ccurl_transfer *transfer);
int ccurl_transfer_exceeded_limit(const ccurl_transfer *transfer);
int ccurl_transfer_sink_failed(const ccurl_transfer *transfer);
curl_off_t ccurl_transfer_body_bytes(const ccurl_transfer *transfer);

/* Installs the context's write/header/read/xferinfo trampolines on `easy`. Call after curl_easy_reset. */
CURLcode ccurl_transfer_install(ccurl_transfer *transfer, CURL *easy);

/* Runs `easy` to completion on `multi` (which keeps the connection cache between transfers), blocking the
   calling thread; returns the transfer's result, CURLE_ABORTED_BY_CALLBACK when cancelled. */
CURLcode ccurl_transfer_perform(ccurl_transfer *transfer, CURLM *multi, CURL *easy);

#endif
