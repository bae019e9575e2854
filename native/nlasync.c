/*
 * requestAsync(fd, message): one netlink request answered off the JS thread.
 *
 * Some rtnetlink requests block in the kernel for tens of milliseconds: RTM_DELLINK of a veth
 * waits for RCU grace periods while the device is unregistered. Done synchronously, that wait
 * stalls every API request the daemon is serving. Here the send and the wait for the answer run
 * on a libuv pool thread and the result comes back as a Promise.
 *
 * The caller owns `fd` and must not use it for anything else while a request is in flight (the
 * TypeScript side keeps one socket per queue and one request at a time). Sockets are bound to
 * the namespace they were created in, so the pool thread never changes namespace.
 *
 * Resolves with the first datagram whose header carries the request's sequence number (the
 * NLMSG_ERROR ack); datagrams with another sequence number (late answers to an earlier request
 * that timed out) are skipped. Rejects with an errno-carrying Error when send or recv fails.
 */
#include "addon.h"
#include <errno.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref message_ref; /* keeps the request Buffer alive while the pool thread reads it */
  int fd;
  const void *message;
  size_t length;
  uint32_t seq;
  /* results */
  int err;
  const char *syscall;
  void *reply;
  size_t reply_length;
} request_job;

/* Receives one whole datagram into a fresh malloc'd buffer; -1 with errno on failure. */
static ssize_t recv_datagram(int fd, void **out) {
  ssize_t size, n;
  void *buf;
  size = next_datagram_size(fd);
  if (size < 0) return -1;
  buf = malloc(size > 0 ? (size_t)size : 1);
  if (buf == NULL) {
    errno = ENOMEM;
    return -1;
  }
  do {
    n = recv(fd, buf, (size_t)size, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    int saved = errno;
    free(buf);
    errno = saved;
    return -1;
  }
  *out = buf;
  return n;
}

static void execute_request(napi_env env, void *data) {
  request_job *job = data;
  ssize_t n;
  (void)env;
  do {
    n = send(job->fd, job->message, job->length, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    job->err = errno;
    job->syscall = "sendto";
    return;
  }
  for (;;) {
    void *buf = NULL;
    n = recv_datagram(job->fd, &buf);
    if (n < 0) {
      job->err = errno;
      job->syscall = "recv";
      return;
    }
    if ((size_t)n >= sizeof(struct nlmsghdr) && ((struct nlmsghdr *)buf)->nlmsg_seq == job->seq) {
      job->reply = buf;
      job->reply_length = (size_t)n;
      return;
    }
    free(buf); /* an answer to an earlier request: not ours */
  }
}

static void complete_request(napi_env env, napi_status status, void *data) {
  request_job *job = data;
  napi_value result;
  if (status != napi_ok) {
    job->err = ECANCELED;
    job->syscall = "requestAsync";
  }
  if (job->err == 0 &&
      napi_create_buffer_copy(env, job->reply_length, job->reply, NULL, &result) == napi_ok) {
    napi_resolve_deferred(env, job->deferred, result);
  } else {
    int err = job->err != 0 ? job->err : ENOMEM; /* 0: the reply Buffer could not be made */
    const char *syscall = job->syscall != NULL ? job->syscall : "requestAsync";
    napi_reject_deferred(env, job->deferred, errno_error(env, err, syscall, NULL));
  }
  free(job->reply);
  napi_delete_reference(env, job->message_ref);
  napi_delete_async_work(env, job->work);
  free(job);
}

napi_value js_request_async(napi_env env, napi_callback_info info) {
  napi_value argv[2], promise, name;
  size_t argc;
  int32_t fd;
  bool is_buffer = false;
  void *message;
  size_t length;
  request_job *job;
  if (!get_args(env, info, 2, argv, &argc)) return NULL;
  if (argc < 2 || !get_int(env, argv[0], "fd must be a number", &fd)) return NULL;
  napi_is_buffer(env, argv[1], &is_buffer);
  if (!is_buffer || napi_get_buffer_info(env, argv[1], &message, &length) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "message must be a Buffer");
    return NULL;
  }
  if (length < sizeof(struct nlmsghdr)) {
    napi_throw_range_error(env, "ERR_INVALID_ARG_VALUE", "message is shorter than nlmsghdr");
    return NULL;
  }
  job = calloc(1, sizeof *job);
  if (job == NULL) {
    throw_errno(env, ENOMEM, "requestAsync", NULL);
    return NULL;
  }
  job->fd = fd;
  job->message = message;
  job->length = length;
  job->seq = ((const struct nlmsghdr *)message)->nlmsg_seq;
  napi_create_reference(env, argv[1], 1, &job->message_ref);
  napi_create_promise(env, &job->deferred, &promise);
  napi_create_string_utf8(env, "pouch:netlink-request", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, execute_request, complete_request, job, &job->work);
  napi_queue_async_work(env, job->work);
  return promise;
}
