/*
 * seqpacket: a bridge to conmon's attach socket, which is AF_UNIX SOCK_SEQPACKET. Node's net
 * module only wraps stream sockets (libuv's uv_guess_handle() calls a SEQPACKET fd "unknown"),
 * so seqpacketBridge(path) connects the SEQPACKET socket and returns one end of a SOCK_STREAM
 * socketpair for `new net.Socket({ fd })`. A detached pthread pumps between the two:
 *
 *   conmon -> JS: each packet (1 pipe byte + data) becomes [u32 big-endian length][packet],
 *                 so message boundaries and the stream byte survive the stream socket.
 *   JS -> conmon: bytes are sent as packets of at most PUMP_CHUNK bytes (conmon reads up to
 *                 32 KiB per packet and treats the payload as the container's stdin).
 *
 * End of stream: conmon closing (container exited) ends the JS side (shutdown SHUT_WR); JS
 * ending its write side shuts down the packet socket's write side (stdin EOF for conmon); JS
 * closing its end entirely (POLLHUP) stops the thread and closes both sockets. The thread
 * touches no JS state, so it needs no synchronisation with the event loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "addon.h"

#define PUMP_CHUNK 8192
#define PACKET_MAX 65536

typedef struct {
  int seq;    /* SOCK_SEQPACKET, connected to conmon */
  int stream; /* our end of the socketpair */
} pump_t;

static int write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t w = send(fd, buf, len, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    buf += w;
    len -= (size_t)w;
  }
  return 0;
}

/* One packet from conmon → one frame to JS. Returns 0 on EOF/error (stop reading), 1 otherwise. */
static int pump_from_seq(pump_t *p, char *pkt) {
  ssize_t n = recv(p->seq, pkt + 4, PACKET_MAX, 0);
  if (n < 0 && errno == EINTR) return 1;
  if (n <= 0) {
    shutdown(p->stream, SHUT_WR);
    return 0;
  }
  uint32_t len = (uint32_t)n;
  pkt[0] = (char)(len >> 24);
  pkt[1] = (char)(len >> 16);
  pkt[2] = (char)(len >> 8);
  pkt[3] = (char)len;
  if (write_all(p->stream, pkt, (size_t)n + 4) < 0) return 0;
  return 1;
}

/* Bytes from JS → one packet to conmon. Returns 0 on EOF/error (stop reading), 1 otherwise. */
static int pump_from_stream(pump_t *p, char *buf) {
  ssize_t n = read(p->stream, buf, PUMP_CHUNK);
  if (n < 0 && errno == EINTR) return 1;
  if (n <= 0) {
    shutdown(p->seq, SHUT_WR);
    return 0;
  }
  if (send(p->seq, buf, (size_t)n, MSG_NOSIGNAL) < 0) return 0;
  return 1;
}

static void *pump_main(void *arg) {
  pump_t *p = arg;
  char *pkt = malloc(PACKET_MAX + 4);
  char *in = malloc(PUMP_CHUNK);
  int seq_open = 1, stream_open = 1;
  while (pkt != NULL && in != NULL && (seq_open || stream_open)) {
    /* POLLHUP is always reported; ask for POLLRDHUP only while JS may still write, else a
     * half-closed stream would wake us forever. */
    struct pollfd fds[2] = {{seq_open ? p->seq : -1, POLLIN, 0},
                            {p->stream, stream_open ? (POLLIN | POLLRDHUP) : 0, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    /* JS closed its end completely (or both directions are shut): nobody is listening. */
    if (fds[1].revents & (POLLHUP | POLLERR | POLLNVAL)) break;
    if (seq_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
      seq_open = pump_from_seq(p, pkt);
    if (stream_open && (fds[1].revents & (POLLIN | POLLRDHUP)))
      stream_open = pump_from_stream(p, in);
  }
  free(pkt);
  free(in);
  close(p->seq);
  close(p->stream);
  free(p);
  return NULL;
}

/* Connects a SEQPACKET socket to `path`, going through the parent directory's fd so paths
 * longer than sun_path (108 bytes) work, as conmon does when it binds. */
static int connect_seqpacket(const char *path, const char **failed) {
  char dir_buf[PATH_MAX + 1], base_buf[PATH_MAX + 1];
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  int dfd, fd, rc;
  snprintf(dir_buf, sizeof dir_buf, "%s", path);
  snprintf(base_buf, sizeof base_buf, "%s", path);
  *failed = "open";
  dfd = open(dirname(dir_buf), O_PATH | O_CLOEXEC);
  if (dfd < 0) return -1;
  snprintf(addr.sun_path, sizeof addr.sun_path, "/proc/self/fd/%d/%s", dfd, basename(base_buf));
  *failed = "socket";
  /* Non-blocking connect: a unix connect completes at once or fails with EAGAIN when the
   * listener's backlog is full (a hung conmon), which must not block the JS thread. The pump
   * thread then uses the socket in blocking mode. */
  fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd >= 0) {
    *failed = "connect";
    do rc = connect(fd, (struct sockaddr *)&addr, sizeof addr);
    while (rc < 0 && errno == EINTR);
    if (rc == 0) {
      *failed = "fcntl";
      int flags = fcntl(fd, F_GETFL);
      rc = flags < 0 ? -1 : fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    }
    if (rc < 0) {
      int e = errno;
      close(fd);
      errno = e;
      fd = -1;
    }
  }
  int e = errno;
  close(dfd);
  errno = e;
  return fd;
}

/* seqpacketBridge(path) → fd of a SOCK_STREAM socket carrying the framed conversation. */
napi_value js_seqpacket_bridge(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  size_t argc;
  char path[PATH_MAX + 1];
  const char *failed = NULL;
  int pair[2];
  pthread_t thread;
  pthread_attr_t attr;
  if (!get_args(env, info, 1, argv, &argc)) return NULL;
  if (argc < 1 || !get_path(env, argv[0], "path must be a non-empty path", path)) return NULL;
  int seq = connect_seqpacket(path, &failed);
  if (seq < 0) {
    throw_errno(env, errno, failed, path);
    return NULL;
  }
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) {
    int e = errno;
    close(seq);
    throw_errno(env, e, "socketpair", NULL);
    return NULL;
  }
  pump_t *p = malloc(sizeof *p);
  if (p == NULL) {
    close(seq), close(pair[0]), close(pair[1]);
    throw_errno(env, ENOMEM, "malloc", NULL);
    return NULL;
  }
  p->seq = seq;
  p->stream = pair[1];
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  int rc = pthread_create(&thread, &attr, pump_main, p);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    close(seq), close(pair[0]), close(pair[1]);
    free(p);
    throw_errno(env, rc, "pthread_create", NULL);
    return NULL;
  }
  napi_create_int32(env, pair[0], &out);
  return out;
}
