#ifndef FEEDWATCH_CCURL_SHIM_H
#define FEEDWATCH_CCURL_SHIM_H
#include <curl/curl.h>

// curl_easy_setopt/getinfo and curl_multi_setopt are variadic C macros/functions that Swift cannot
// call; these typed inline shims are the only way in (house style rule 2).
static inline CURLcode fw_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode fw_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode fw_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode fw_easy_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode fw_easy_setopt_write_function(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, f);
}
static inline CURLcode fw_easy_setopt_header_function(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, f);
}
static inline CURLcode fw_easy_setopt_read_function(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_READFUNCTION, f);
}
static inline CURLcode fw_easy_setopt_xferinfo_function(CURL *h, int (*f)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f);
}
static inline CURLcode fw_easy_setopt_opensocket_function(CURL *h, curl_socket_t (*f)(void *, curlsocktype, struct curl_sockaddr *)) {
    return curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, f);
}
static inline CURLcode fw_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode fw_easy_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode fw_easy_getinfo_off_t(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode fw_easy_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode fw_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
static inline CURLMcode fw_multi_setopt_pointer(CURLM *m, CURLMoption o, void *v) { return curl_multi_setopt(m, o, v); }
static inline CURLMcode fw_multi_setopt_socket_function(CURLM *m, int (*f)(CURL *, curl_socket_t, int, void *, void *)) {
    return curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, f);
}
static inline CURLMcode fw_multi_setopt_timer_function(CURLM *m, int (*f)(CURLM *, long, void *)) {
    return curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, f);
}
static inline curl_socket_t fw_socket_timeout(void) { return CURL_SOCKET_TIMEOUT; }

// The epoll set CurlMulti drives libcurl's sockets with (struct epoll_event is packed on x86-64,
// which Swift does not import well): watch, unwatch, and wait into two plain arrays.
#include <sys/epoll.h>
#include <sys/eventfd.h>
static inline int fw_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }
static inline int fw_eventfd_create(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }
// Watches fd for reading and/or writing (added, or changed when already in the set).
static inline int fw_epoll_watch(int epfd, int fd, int readable, int writable) {
    struct epoll_event event = {0};
    event.events = (readable ? EPOLLIN : 0) | (writable ? EPOLLOUT : 0);
    event.data.fd = fd;
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &event) == 0) return 0;
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event);
}
static inline int fw_epoll_unwatch(int epfd, int fd) { return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL); }
// Waits; fills fds[i] and bits[i] (CURL_CSELECT_IN/OUT/ERR) for each ready descriptor.
static inline int fw_epoll_wait(int epfd, int *fds, int *bits, int capacity, int timeout) {
    struct epoll_event events[128];
    if (capacity > 128) capacity = 128;
    int count = epoll_wait(epfd, events, capacity, timeout);
    for (int i = 0; i < count; i++) {
        fds[i] = events[i].data.fd;
        int b = 0;
        if (events[i].events & EPOLLIN) b |= CURL_CSELECT_IN;
        if (events[i].events & EPOLLOUT) b |= CURL_CSELECT_OUT;
        if (events[i].events & (EPOLLERR | EPOLLHUP)) b |= CURL_CSELECT_ERR;
        bits[i] = b;
    }
    return count;
}

// Macros that Swift cannot import (they expand to other macros or casts), as inline functions.
static inline CURLcode fw_global_init_default(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }
static inline const curl_version_info_data *fw_version_info(void) { return curl_version_info(CURLVERSION_NOW); }
static inline int fw_version_has_libz(const curl_version_info_data *d) { return (d->features & CURL_VERSION_LIBZ) != 0; }
static inline int fw_version_has_brotli(const curl_version_info_data *d) { return (d->features & CURL_VERSION_BROTLI) != 0; }
static inline int fw_version_has_zstd(const curl_version_info_data *d) { return (d->features & CURL_VERSION_ZSTD) != 0; }
static inline curl_socket_t fw_socket_bad(void) { return CURL_SOCKET_BAD; }
static inline int fw_error_size(void) { return CURL_ERROR_SIZE; }
#endif
