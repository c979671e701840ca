#ifndef CONNECTD_CLINUX_H
#define CONNECTD_CLINUX_H

/* glibc calls that Swift's Glibc module does not import (they need _GNU_SOURCE or malloc.h). */

/* accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC: one call, no window in which a hook inherits the fd. */
int connectd_accept_nonblocking(int fd);

/* Large blocks from their own mappings (given back on free), one arena, trim the heap top. */
void connectd_malloc_tune(void);

/* Gives free heap pages back to the system. */
int connectd_malloc_trim(void);

/* Unmaps the resident pages of this program's own executable code (r-xp mappings of
   /proc/self/exe). They are clean file pages: the next use maps them again from the page cache.
   Returns the number of bytes advised. */
long connectd_release_code_pages(void);

#endif
