#include "ccurl_shim.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_result = CURLE_OK;

static void global_init(void) { global_result = curl_global_init(CURL_GLOBAL_DEFAULT); }

CURLcode ccurl_global_init_once(void) {
    pthread_once(&global_once, global_init);
    return global_result;
}

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
CURLcode ccurl_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}
CURLcode ccurl_setopt_read_callback(CURL *handle, CURLoption option, curl_read_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}
CURLcode ccurl_setopt_xferinfo_callback(CURL *handle, curl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *out) { return curl_easy_getinfo(handle, info, out); }
CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *out) {
    return curl_easy_getinfo(handle, info, out);
}
CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *out) {
    return curl_easy_getinfo(handle, info, out);
}
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **out) {
    char *value = NULL;
    CURLcode result = curl_easy_getinfo(handle, info, &value);
    *out = value;
    return result;
}

CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

struct ccurl_transfer {
    ccurl_sink_fn body_sink;
    void *body_userdata;
    ccurl_sink_fn header_sink;
    void *header_userdata;
    ccurl_source_fn body_source;
    void *source_userdata;
    curl_off_t max_body;
    curl_off_t max_headers;
    curl_off_t body_bytes;
    curl_off_t header_bytes;
    int exceeded;
    int sink_failed;
    atomic_int cancelled;
    pthread_mutex_t lock; /* guards `multi` against a concurrent cancel */
    CURLM *multi;
};

ccurl_transfer *ccurl_transfer_create(void) {
    ccurl_transfer *transfer = calloc(1, sizeof(ccurl_transfer));
    if (transfer == NULL) return NULL;
    transfer->max_body = -1;
    transfer->max_headers = -1;
    atomic_init(&transfer->cancelled, 0);
    pthread_mutex_init(&transfer->lock, NULL);
    return transfer;
}

void ccurl_transfer_destroy(ccurl_transfer *transfer) {
    if (transfer == NULL) return;
    pthread_mutex_destroy(&transfer->lock);
    free(transfer);
}

void ccurl_transfer_set_body_sink(ccurl_transfer *transfer, ccurl_sink_fn sink, void *userdata) {
    transfer->body_sink = sink;
    transfer->body_userdata = userdata;
}
void ccurl_transfer_set_header_sink(ccurl_transfer *transfer, ccurl_sink_fn sink, void *userdata) {
    transfer->header_sink = sink;
    transfer->header_userdata = userdata;
}
void ccurl_transfer_set_body_source(ccurl_transfer *transfer, ccurl_source_fn source, void *userdata) {
    transfer->body_source = source;
    transfer->source_userdata = userdata;
}
void ccurl_transfer_set_limits(ccurl_transfer *transfer, curl_off_t max_body, curl_off_t max_headers) {
    transfer->max_body = max_body;
    transfer->max_headers = max_headers;
}

void ccurl_transfer_cancel(ccurl_transfer *transfer) {
    pthread_mutex_lock(&transfer->lock);
    atomic_store(&transfer->cancelled, 1);
    if (transfer->multi != NULL) curl_multi_wakeup(transfer->multi);
    pthread_mutex_unlock(&transfer->lock);
}

int ccurl_transfer_was_cancelled(const ccurl_transfer *transfer) {
    return atomic_load(&((ccurl_transfer *)transfer)->cancelled);
}
int ccurl_transfer_exceeded_limit(const ccurl_transfer *transfer) { return transfer->exceeded; }
int ccurl_transfer_sink_failed(const ccurl_transfer *transfer) { return transfer->sink_failed; }
curl_off_t ccurl_transfer_body_bytes(const ccurl_transfer *transfer) { return transfer->body_bytes; }

static size_t write_trampoline(char *data, size_t size, size_t count, void *userdata) {
    ccurl_transfer *transfer = userdata;
    size_t length = size * count;
    if (atomic_load(&transfer->cancelled)) return 0;
    if (transfer->max_body >= 0 && transfer->body_bytes + (curl_off_t)length > transfer->max_body) {
        transfer->exceeded = 1;
        return 0;
    }
    transfer->body_bytes += (curl_off_t)length;
    if (transfer->body_sink != NULL && transfer->body_sink(transfer->body_userdata, data, length) != 0) {
        transfer->sink_failed = 1;
        return 0;
    }
    return length;
}

static size_t header_trampoline(char *data, size_t size, size_t count, void *userdata) {
    ccurl_transfer *transfer = userdata;
    size_t length = size * count;
    if (atomic_load(&transfer->cancelled)) return 0;
    if (transfer->max_headers >= 0 && transfer->header_bytes + (curl_off_t)length > transfer->max_headers) {
        transfer->exceeded = 1;
        return 0;
    }
    transfer->header_bytes += (curl_off_t)length;
    if (transfer->header_sink != NULL && transfer->header_sink(transfer->header_userdata, data, length) != 0) {
        transfer->sink_failed = 1;
        return 0;
    }
    return length;
}

static size_t read_trampoline(char *buffer, size_t size, size_t count, void *userdata) {
    ccurl_transfer *transfer = userdata;
    if (atomic_load(&transfer->cancelled)) return CURL_READFUNC_ABORT;
    if (transfer->body_source == NULL) return 0;
    size_t produced = transfer->body_source(transfer->source_userdata, buffer, size * count);
    if (produced == (size_t)-1) {
        transfer->sink_failed = 1;
        return CURL_READFUNC_ABORT;
    }
    return produced;
}

static int xferinfo_trampoline(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                               curl_off_t ulnow) {
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    ccurl_transfer *transfer = userdata;
    return atomic_load(&transfer->cancelled) ? 1 : 0;
}

CURLcode ccurl_transfer_install(ccurl_transfer *transfer, CURL *easy) {
    CURLcode result;
    if ((result = curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, write_trampoline)) != CURLE_OK) return result;
    if ((result = curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer)) != CURLE_OK) return result;
    if ((result = curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, header_trampoline)) != CURLE_OK) return result;
    if ((result = curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer)) != CURLE_OK) return result;
    if ((result = curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, xferinfo_trampoline)) != CURLE_OK) return result;
    if ((result = curl_easy_setopt(easy, CURLOPT_XFERINFODATA, transfer)) != CURLE_OK) return result;
    if ((result = curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L)) != CURLE_OK) return result;
    if (transfer->body_source != NULL) {
        if ((result = curl_easy_setopt(easy, CURLOPT_READFUNCTION, read_trampoline)) != CURLE_OK) return result;
        if ((result = curl_easy_setopt(easy, CURLOPT_READDATA, transfer)) != CURLE_OK) return result;
    }
    return CURLE_OK;
}

CURLcode ccurl_transfer_perform(ccurl_transfer *transfer, CURLM *multi, CURL *easy) {
    pthread_mutex_lock(&transfer->lock);
    if (atomic_load(&transfer->cancelled)) {
        pthread_mutex_unlock(&transfer->lock);
        return CURLE_ABORTED_BY_CALLBACK;
    }
    transfer->multi = multi;
    pthread_mutex_unlock(&transfer->lock);

    CURLcode result = CURLE_OK;
    if (curl_multi_add_handle(multi, easy) != CURLM_OK) {
        result = CURLE_FAILED_INIT;
    } else {
        int done = 0;
        int idle_rounds = 0;
        while (!done) {
            int running = 0;
            if (curl_multi_perform(multi, &running) != CURLM_OK) {
                result = CURLE_FAILED_INIT;
                break;
            }
            CURLMsg *message;
            int pending;
            while ((message = curl_multi_info_read(multi, &pending)) != NULL) {
                if (message->msg == CURLMSG_DONE && message->easy_handle == easy) {
                    result = message->data.result;
                    done = 1;
                }
            }
            if (done) break;
            if (atomic_load(&transfer->cancelled)) {
                result = CURLE_ABORTED_BY_CALLBACK;
                break;
            }
            if (running == 0 && ++idle_rounds > 3) { /* finished without a DONE message: should not happen */
                result = CURLE_FAILED_INIT;
                break;
            }
            if (curl_multi_poll(multi, NULL, 0, 1000, NULL) != CURLM_OK) {
                result = CURLE_FAILED_INIT;
                break;
            }
        }
        curl_multi_remove_handle(multi, easy);
    }

    pthread_mutex_lock(&transfer->lock);
    transfer->multi = NULL;
    pthread_mutex_unlock(&transfer->lock);
    return result;
}
