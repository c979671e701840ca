/*
 * A load generator for Unix-socket request/reply servers: connectd (Varlink: JSON + NUL) and
 * redis (RESP, single-line replies). Each client is a thread with its own connection that keeps
 * `pipeline` requests in flight. Prints one JSON object: total replies, replies per client,
 * seconds, rate and latency percentiles. Written in C so that the generator is never the
 * bottleneck (compare its redis figure with redis-benchmark's).
 *
 *   loadgen --socket PATH --protocol varlink|resp --clients N (--seconds S | --count K)
 *           [--pipeline P] [--ids M] --request TEMPLATE
 *
 * In TEMPLATE, {ID} becomes 1 + (request number % M) and {N} the request number.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static const char *socket_path, *protocol, *template_text;
static int clients = 1, pipeline = 1, ids = 1;
static double seconds = 0;
static long count = 0;
static atomic_long issued;
static double deadline;

struct client {
    pthread_t thread;
    long replies;
    double *latencies;
    long latency_count, latency_capacity;
    int failed;
};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* The request with its placeholders filled, and the terminator the protocol needs. */
static size_t render(char *out, size_t size, long n) {
    char id[32], number[32];
    snprintf(id, sizeof id, "%ld", 1 + n % ids);
    snprintf(number, sizeof number, "%ld", n);
    size_t length = 0;
    for (const char *p = template_text; *p && length + 32 < size;) {
        if (strncmp(p, "{ID}", 4) == 0) { length += snprintf(out + length, size - length, "%s", id); p += 4; }
        else if (strncmp(p, "{N}", 3) == 0) { length += snprintf(out + length, size - length, "%s", number); p += 3; }
        else out[length++] = *p++;
    }
    if (strcmp(protocol, "varlink") == 0) out[length++] = 0;
    else { out[length++] = '\r'; out[length++] = '\n'; }
    return length;
}

/* Takes the next request number, or -1 when the run is over. */
static long next_request(void) {
    if (count > 0) {
        long n = atomic_fetch_add(&issued, 1);
        return n < count ? n : -1;
    }
    if (now() >= deadline) return -1;
    return atomic_fetch_add(&issued, 1);
}

static void *run(void *argument) {
    struct client *c = argument;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strncpy(address.sun_path, socket_path, sizeof address.sun_path - 1);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) { c->failed = 1; return NULL; }
    char request[4096], buffer[1 << 16];
    double *sent = calloc(pipeline, sizeof(double));
    int in_flight = 0, head = 0, finished = 0;
    size_t buffered = 0;
    int varlink = strcmp(protocol, "varlink") == 0;
    while (!finished || in_flight > 0) {
        while (!finished && in_flight < pipeline) {
            long n = next_request();
            if (n < 0) { finished = 1; break; }
            size_t length = render(request, sizeof request, n);
            size_t offset = 0;
            while (offset < length) {
                ssize_t w = write(fd, request + offset, length - offset);
                if (w <= 0) { c->failed = 1; return NULL; }
                offset += w;
            }
            sent[(head + in_flight) % pipeline] = now();
            in_flight++;
        }
        if (in_flight == 0) break;
        ssize_t r = read(fd, buffer + buffered, sizeof buffer - buffered);
        if (r <= 0) { c->failed = 1; return NULL; }
        buffered += r;
        /* Consume every complete reply. */
        size_t start = 0;
        for (size_t i = 0; i < buffered; i++) {
            int end = varlink ? buffer[i] == 0 : (i > 0 && buffer[i] == '\n' && buffer[i - 1] == '\r');
            if (!end) continue;
            if (!varlink && buffer[start] == '-') { fprintf(stderr, "loadgen: error reply %.*s\n", (int)(i - start), buffer + start); }
            if (varlink && memmem(buffer + start, i - start, "\"error\"", 7)) {
                fprintf(stderr, "loadgen: error reply %.*s\n", (int)(i - start > 300 ? 300 : i - start), buffer + start);
            }
            double latency = now() - sent[head];
            head = (head + 1) % pipeline;
            in_flight--;
            c->replies++;
            if (c->latency_count == c->latency_capacity) {
                c->latency_capacity = c->latency_capacity ? c->latency_capacity * 2 : 4096;
                c->latencies = realloc(c->latencies, c->latency_capacity * sizeof(double));
            }
            c->latencies[c->latency_count++] = latency;
            start = i + 1;
        }
        if (start == 0 && buffered == sizeof buffer) {
            /* A reply larger than the buffer: keep only its tail (we only need the terminator). */
            buffered = 0;
            continue;
        }
        memmove(buffer, buffer + start, buffered - start);
        buffered -= start;
    }
    close(fd);
    return NULL;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--socket")) socket_path = argv[i + 1];
        else if (!strcmp(argv[i], "--protocol")) protocol = argv[i + 1];
        else if (!strcmp(argv[i], "--clients")) clients = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--seconds")) seconds = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--count")) count = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--pipeline")) pipeline = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--ids")) ids = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--request")) template_text = argv[i + 1];
        else { fprintf(stderr, "loadgen: unknown option %s\n", argv[i]); return 2; }
    }
    if (!socket_path || !protocol || !template_text || (seconds <= 0 && count <= 0) || clients < 1 || pipeline < 1 || ids < 1) {
        fprintf(stderr, "usage: loadgen --socket PATH --protocol varlink|resp --clients N (--seconds S | --count K) [--pipeline P] [--ids M] --request TEMPLATE\n");
        return 2;
    }
    struct client *all = calloc(clients, sizeof *all);
    double started = now();
    deadline = started + seconds;
    for (int i = 0; i < clients; i++) pthread_create(&all[i].thread, NULL, run, &all[i]);
    long total = 0, failed = 0, latency_total = 0;
    for (int i = 0; i < clients; i++) {
        pthread_join(all[i].thread, NULL);
        total += all[i].replies;
        failed += all[i].failed;
        latency_total += all[i].latency_count;
    }
    double elapsed = now() - started;
    double *latencies = malloc((latency_total + 1) * sizeof(double));
    long k = 0;
    for (int i = 0; i < clients; i++) for (long j = 0; j < all[i].latency_count; j++) latencies[k++] = all[i].latencies[j];
    qsort(latencies, k, sizeof(double), compare);
    printf("{\"total\": %ld, \"seconds\": %.4f, \"rate\": %.1f, \"failed_clients\": %ld, \"p50_us\": %.1f, \"p99_us\": %.1f, \"per_client\": [",
           total, elapsed, total / elapsed, failed, k ? latencies[k / 2] * 1e6 : 0, k ? latencies[(long)(k * 0.99)] * 1e6 : 0);
    for (int i = 0; i < clients; i++) printf("%s%ld", i ? ", " : "", all[i].replies);
    printf("]}\n");
    return failed ? 1 : 0;
}
