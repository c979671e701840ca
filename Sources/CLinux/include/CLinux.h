#ifndef CONNECTD_CLINUX_H
#define CONNECTD_CLINUX_H

/* glibc calls that Swift's Glibc module does not import (they need _GNU_SOURCE or malloc.h). */

/* accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC: one call, no window in which a hook inherits the fd. */
int connectd_accept_nonblocking(int fd);

/* Large blocks from their own mappings (given back on free), one arena, trim the heap top. */
void connectd_malloc_tune(void);

/* Gives free heap pages back to the system. */
int connectd_malloc_trim(void);

/* Gives back the resident pages of this program's own file (/proc/self/exe): its code (r-xp,
   clean pages, dropped) and the pages of its data section that were only read (rw-p, reclaimed
   with MADV_PAGEOUT, which keeps written pages). The next use maps them again from the page cache.
   Returns the number of bytes advised. */
long connectd_release_code_pages(void);

/* Commits the whole file system that holds fd to disk (one call for a batch of files). */
int connectd_syncfs(int fd);

/* A non-blocking, close-on-exec eventfd: how a thread wakes the event loop. -1 on failure. */
int connectd_eventfd(void);

/* Names the calling thread as ps and top show it (15 bytes at most) and lowers its priority
   (nice 10), so that the event loop's thread gets the CPU first. */
void connectd_background_thread(const char *name);

#endif
