#define _GNU_SOURCE
#include <pthread.h>
#include <sys/resource.h>
#include <sys/eventfd.h>
#include "CLinux.h"
#include <malloc.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

int connectd_syncfs(int fd) {
    return syncfs(fd);
}

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

long connectd_release_code_pages(void) {
    char self[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) return 0;
    self[length] = 0;
    FILE *maps = fopen("/proc/self/maps", "re");
    if (!maps) return 0;
    char line[PATH_MAX + 128];
    long released = 0;
    while (fgets(line, sizeof line, maps)) {
        unsigned long start, end;
        char permissions[8];
        int path_offset = 0;
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &start, &end, permissions, &path_offset) < 3 || path_offset == 0) continue;
        char *path = line + path_offset;
        path[strcspn(path, "\n")] = 0;
        if (strcmp(path, self) != 0) continue;
        if (strcmp(permissions, "r-xp") == 0) {
            /* Executable, non-writable: clean pages only, so they can simply be dropped. */
            if (madvise((void *)start, end - start, MADV_DONTNEED) == 0) released += (long)(end - start);
        } else if (strcmp(permissions, "rw-p") == 0) {
            /* The data section: mostly clean pages of the file that were only read (tables the
               runtime looked at once). MADV_PAGEOUT reclaims those and never loses a written page
               (MADV_DONTNEED would). */
            if (madvise((void *)start, end - start, MADV_PAGEOUT) == 0) released += (long)(end - start);
        }
    }
    fclose(maps);
    return released;
}

int connectd_eventfd(void) {
    return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

void connectd_background_thread(const char *name) {
    pthread_setname_np(pthread_self(), name);
    setpriority(PRIO_PROCESS, (id_t)gettid(), 10);
}
