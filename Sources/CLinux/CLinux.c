#define _GNU_SOURCE
#include "CLinux.h"
#include <malloc.h>
#include <sys/socket.h>

int connectd_accept_nonblocking(int fd) {
    return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

void connectd_malloc_tune(void) {
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024);
    mallopt(M_ARENA_MAX, 1);
}

int connectd_malloc_trim(void) {
    return malloc_trim(0);
}
