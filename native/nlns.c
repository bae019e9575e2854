/*
 * nlns: the engine's only native code. It does the few things Node cannot:
 * netlink sockets, network namespaces (create/delete) and opening files inside
 * a namespace. Message encoding lives in TypeScript (src/kernel/codec/).
 *
 * Namespace rule (docs/kernel-api.md §2.1): setns()/unshare() change only the
 * calling thread, and Node's JS thread and libuv pool threads must never
 * change namespace. Every namespace-sensitive syscall therefore runs on a
 * fresh pthread that is joined and discarded afterwards, so there is nothing
 * to restore and a failure cannot leave a long-lived thread in the wrong
 * namespace. Everything else (bind, send, recv, umount) is namespace-neutral
 * and runs on the calling thread: a socket stays in the namespace it was
 * created in, whichever thread uses it later.
 *
 * Errors are thrown as Error objects carrying `errno` (positive), `code`
 * ("EEXIST") and `syscall` ("mount"), plus `path` where one applies.
 */
#include "addon.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/netlink.h>
#include <linux/nsfs.h>
#include <node_api.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_MS 5000
#define RCVBUF_BYTES (4 * 1024 * 1024)

/* ---------- errors ---------- */

static void set_prop_str(napi_env env, napi_value obj, const char *key, const char *val) {
  napi_value v;
  if (napi_create_string_utf8(env, val, NAPI_AUTO_LENGTH, &v) == napi_ok)
    napi_set_named_property(env, obj, key, v);
}

/* An Error `<syscall> <path>: <description> (<NAME>)` with errno/code/syscall/path properties. */
napi_value errno_error(napi_env env, int err, const char *syscall, const char *path) {
  const char *name = strerrorname_np(err);
  const char *desc = strerrordesc_np(err);
  char msg[PATH_MAX + 256];
  napi_value code, message, error, errnum;
  if (name == NULL) name = "EUNKNOWN";
  if (desc == NULL) desc = "Unknown error";
  snprintf(msg, sizeof msg, "%s%s%s: %s (%s)", syscall, path ? " " : "", path ? path : "", desc,
           name);
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &message);
  napi_create_error(env, code, message, &error);
  napi_create_int32(env, err, &errnum);
  napi_set_named_property(env, error, "errno", errnum);
  set_prop_str(env, error, "syscall", syscall);
  if (path != NULL) set_prop_str(env, error, "path", path);
  return error;
}

/* Throws errno_error(). */
void throw_errno(napi_env env, int err, const char *syscall, const char *path) {
  napi_throw(env, errno_error(env, err, syscall, path));
}

/* ---------- argument helpers (return 0 and throw on failure) ---------- */

int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv,
                    size_t *argc) {
  *argc = want;
  if (napi_get_cb_info(env, info, argc, argv, NULL, NULL) != napi_ok) return 0;
  return 1;
}

int get_int(napi_env env, napi_value v, const char *what, int32_t *out) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t != napi_number || napi_get_value_int32(env, v, out) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", what);
    return 0;
  }
  return 1;
}

int is_absent(napi_env env, napi_value v) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  return t == napi_undefined || t == napi_null;
}

/* Copies a JS string into buf (PATH_MAX+1 bytes); rejects truncation and embedded NUL bytes. */
int get_path(napi_env env, napi_value v, const char *what, char *buf) {
  size_t len = 0;
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t != napi_string) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", what);
    return 0;
  }
  napi_get_value_string_utf8(env, v, buf, PATH_MAX + 1, &len);
  if (len >= PATH_MAX || strlen(buf) != len || len == 0) {
    napi_throw_range_error(env, "ERR_INVALID_ARG_VALUE", what);
    return 0;
  }
  return 1;
}

/* ---------- the namespace thread ---------- */

typedef struct {
  int err;             /* errno; 0 on success */
  const char *syscall; /* syscall that failed */
  int value;           /* result (an fd) */
} op_result;

typedef void (*ns_op)(void *arg, op_result *res);

typedef struct {
  const char *ns_path; /* NULL: stay in the process's namespace */
  ns_op op;
  void *arg;
  op_result res;
} ns_job;

static void *ns_thread_main(void *p) {
  ns_job *job = p;
  if (job->ns_path != NULL) {
    int nsfd = open(job->ns_path, O_RDONLY | O_CLOEXEC);
    if (nsfd < 0) {
      job->res.err = errno;
      job->res.syscall = "open";
      return NULL;
    }
    if (setns(nsfd, CLONE_NEWNET) < 0) {
      job->res.err = errno;
      job->res.syscall = "setns";
      close(nsfd);
      return NULL;
    }
    close(nsfd);
  }
  job->op(job->arg, &job->res);
  return NULL; /* the thread, and its namespace membership, end here */
}

/*
 * Runs op on a new pthread (inside ns_path when given) and waits for it. All
 * signals are blocked in the new thread so no handler ever runs in a foreign
 * namespace.
 */
static op_result run_on_ns_thread(const char *ns_path, ns_op op, void *arg) {
  ns_job job = {ns_path, op, arg, {0, NULL, -1}};
  sigset_t all, old;
  pthread_t thread;
  int rc;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  rc = pthread_create(&thread, NULL, ns_thread_main, &job);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (rc != 0) {
    job.res.err = rc;
    job.res.syscall = "pthread_create";
    return job.res;
  }
  pthread_join(thread, NULL);
  return job.res;
}

/* ---------- openNetlink(protocol, nsPath?, timeoutMs?) ---------- */

static void op_socket(void *arg, op_result *res) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, *(int32_t *)arg);
  if (fd < 0) {
    res->err = errno;
    res->syscall = "socket";
  }
  res->value = fd;
}

static int set_int_opt(int fd, int level, int name, int value) {
  return setsockopt(fd, level, name, &value, sizeof value);
}

/* Binds and tunes a fresh netlink socket; returns 0 or sets *syscall and returns errno. */
static int configure_netlink(int fd, int32_t timeout_ms, const char **syscall) {
  struct sockaddr_nl addr = {.nl_family = AF_NETLINK};
  struct timeval tv = {.tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000};
  *syscall = "setsockopt";
  if (set_int_opt(fd, SOL_SOCKET, SO_RCVBUFFORCE, RCVBUF_BYTES) < 0 &&
      set_int_opt(fd, SOL_SOCKET, SO_RCVBUF, RCVBUF_BYTES) < 0)
    return errno;
  if (set_int_opt(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1) < 0) return errno;
  if (set_int_opt(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1) < 0) return errno;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0) return errno;
  if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0) return errno;
  *syscall = "bind";
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) return errno;
  return 0;
}

static napi_value js_open_netlink(napi_env env, napi_callback_info info) {
  napi_value argv[3], out;
  size_t argc;
  int32_t protocol, timeout_ms = DEFAULT_TIMEOUT_MS;
  char ns_path[PATH_MAX + 1];
  int has_ns;
  op_result res = {0, NULL, -1};
  const char *syscall = NULL;
  int err;
  if (!get_args(env, info, 3, argv, &argc)) return NULL;
  if (argc < 1 || !get_int(env, argv[0], "protocol must be a number", &protocol)) return NULL;
  has_ns = argc >= 2 && !is_absent(env, argv[1]);
  if (has_ns && !get_path(env, argv[1], "nsPath must be a non-empty path", ns_path)) return NULL;
  if (argc >= 3 && !is_absent(env, argv[2]) &&
      !get_int(env, argv[2], "timeoutMs must be a number", &timeout_ms))
    return NULL;
  if (timeout_ms <= 0) timeout_ms = DEFAULT_TIMEOUT_MS;
  if (has_ns)
    res = run_on_ns_thread(ns_path, op_socket, &protocol);
  else
    op_socket(&protocol, &res);
  if (res.err != 0) {
    throw_errno(env, res.err, res.syscall, has_ns ? ns_path : NULL);
    return NULL;
  }
  err = configure_netlink(res.value, timeout_ms, &syscall);
  if (err != 0) {
    close(res.value);
    throw_errno(env, err, syscall, NULL);
    return NULL;
  }
  napi_create_int32(env, res.value, &out);
  return out;
}

/* ---------- portId(fd) ---------- */

static napi_value js_port_id(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  size_t argc;
  int32_t fd;
  struct sockaddr_nl addr;
  socklen_t len = sizeof addr;
  if (!get_args(env, info, 1, argv, &argc)) return NULL;
  if (argc < 1 || !get_int(env, argv[0], "fd must be a number", &fd)) return NULL;
  if (getsockname(fd, (struct sockaddr *)&addr, &len) < 0) {
    throw_errno(env, errno, "getsockname", NULL);
    return NULL;
  }
  napi_create_uint32(env, addr.nl_pid, &out);
  return out;
}

/* ---------- send(fd, buf) / recv(fd) / close(fd) ---------- */

static napi_value js_send(napi_env env, napi_callback_info info) {
  napi_value argv[2], out;
  size_t argc, len;
  int32_t fd;
  void *data;
  bool is_buf = false;
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  ssize_t n;
  if (!get_args(env, info, 2, argv, &argc)) return NULL;
  if (argc < 2 || !get_int(env, argv[0], "fd must be a number", &fd)) return NULL;
  napi_is_buffer(env, argv[1], &is_buf);
  if (!is_buf) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "message must be a Buffer");
    return NULL;
  }
  napi_get_buffer_info(env, argv[1], &data, &len);
  do {
    n = sendto(fd, data, len, 0, (struct sockaddr *)&kernel, sizeof kernel);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    throw_errno(env, errno, "sendto", NULL);
    return NULL;
  }
  napi_create_int64(env, n, &out);
  return out;
}

/* Size of the next datagram without reading it (blocks like recv); -1 with errno on failure. */
ssize_t next_datagram_size(int fd) {
  ssize_t size;
  do { /* MSG_TRUNC makes netlink report the real datagram size */
    size = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
  } while (size < 0 && errno == EINTR);
  return size;
}

static napi_value js_recv(napi_env env, napi_callback_info info) {
  napi_value argv[1], out, copy;
  size_t argc;
  int32_t fd;
  void *data;
  ssize_t size, n;
  if (!get_args(env, info, 1, argv, &argc)) return NULL;
  if (argc < 1 || !get_int(env, argv[0], "fd must be a number", &fd)) return NULL;
  size = next_datagram_size(fd);
  if (size < 0) {
    throw_errno(env, errno, "recv", NULL);
    return NULL;
  }
  if (napi_create_buffer(env, (size_t)size, &data, &out) != napi_ok) return NULL;
  do {
    n = recv(fd, data, (size_t)size, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    throw_errno(env, errno, "recv", NULL);
    return NULL;
  }
  if (n == size) return out;
  napi_create_buffer_copy(env, (size_t)n, data, NULL, &copy);
  return copy;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc;
  int32_t fd;
  if (!get_args(env, info, 1, argv, &argc)) return NULL;
  if (argc < 1 || !get_int(env, argv[0], "fd must be a number", &fd)) return NULL;
  if (close(fd) < 0 && errno != EINTR) throw_errno(env, errno, "close", NULL);
  return NULL;
}

/* ---------- createNetns(path) / deleteNetns(path) ---------- */

static void op_create_netns(void *arg, op_result *res) {
  const char *path = arg;
  int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (fd < 0) {
    res->err = errno;
    res->syscall = "open";
    return;
  }
  close(fd);
  if (unshare(CLONE_NEWNET) < 0) {
    res->err = errno;
    res->syscall = "unshare";
  } else if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) < 0) {
    /* /proc/self would name the thread-group leader, i.e. the JS thread's netns */
    res->err = errno;
    res->syscall = "mount";
  }
  if (res->err != 0) unlink(path);
  res->value = 0;
}

static napi_value js_create_netns(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc;
  char path[PATH_MAX + 1];
  op_result res;
  if (!get_args(env, info, 1, argv, &argc)) return NULL;
  if (argc < 1 || !get_path(env, argv[0], "path must be a non-empty path", path)) return NULL;
  res = run_on_ns_thread(NULL, op_create_netns, path);
  if (res.err != 0) throw_errno(env, res.err, res.syscall, path);
  return NULL;
}

/* Mirrors `ip netns del`: lazy unmount, then unlink. Absent or already-unmounted is fine. */
static napi_value js_delete_netns(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc;
  char path[PATH_MAX + 1];
  if (!get_args(env, info, 1, argv, &argc)) return NULL;
  if (argc < 1 || !get_path(env, argv[0], "path must be a non-empty path", path)) return NULL;
  if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT) {
    throw_errno(env, errno, "umount2", path);
    return NULL;
  }
  if (unlink(path) < 0 && errno != ENOENT) throw_errno(env, errno, "unlink", path);
  return NULL;
}

/* ---------- openInNetns(nsPath, path, flags) ---------- */

typedef struct {
  const char *path;
  int flags;
} open_args;

static void op_open(void *arg, op_result *res) {
  open_args *a = arg;
  res->value = open(a->path, a->flags | O_CLOEXEC, 0);
  if (res->value < 0) {
    res->err = errno;
    res->syscall = "open";
  }
}

static napi_value js_open_in_netns(napi_env env, napi_callback_info info) {
  napi_value argv[3], out;
  size_t argc;
  char ns_path[PATH_MAX + 1], path[PATH_MAX + 1];
  int32_t flags;
  open_args a;
  op_result res;
  if (!get_args(env, info, 3, argv, &argc)) return NULL;
  if (argc < 3 || !get_path(env, argv[0], "nsPath must be a non-empty path", ns_path) ||
      !get_path(env, argv[1], "path must be a non-empty path", path) ||
      !get_int(env, argv[2], "flags must be a number", &flags))
    return NULL;
  a.path = path;
  a.flags = flags;
  res = run_on_ns_thread(ns_path, op_open, &a);
  if (res.err != 0) {
    throw_errno(env, res.err, res.syscall, strcmp(res.syscall, "open") == 0 ? path : ns_path);
    return NULL;
  }
  napi_create_int32(env, res.value, &out);
  return out;
}

/* ---------- isNetnsMount(path) ---------- */

/*
 * True when path is an nsfs file for a network namespace. After a reboot the
 * files under /run/netns (ext4 here, not tmpfs) survive as plain empty files;
 * those report false.
 */
static napi_value js_is_netns_mount(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  size_t argc;
  char path[PATH_MAX + 1];
  struct statfs sfs;
  int fd, type = -1;
  if (!get_args(env, info, 1, argv, &argc)) return NULL;
  if (argc < 1 || !get_path(env, argv[0], "path must be a non-empty path", path)) return NULL;
  if (statfs(path, &sfs) < 0) {
    if (errno != ENOENT && errno != ENOTDIR) {
      throw_errno(env, errno, "statfs", path);
      return NULL;
    }
  } else if (sfs.f_type == NSFS_MAGIC) {
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      type = ioctl(fd, NS_GET_NSTYPE);
      close(fd);
    }
  }
  napi_get_boolean(env, type == CLONE_NEWNET, &out);
  return out;
}

/* ---------- module ---------- */

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"openNetlink", NULL, js_open_netlink, NULL, NULL, NULL, napi_enumerable, NULL},
      {"portId", NULL, js_port_id, NULL, NULL, NULL, napi_enumerable, NULL},
      {"send", NULL, js_send, NULL, NULL, NULL, napi_enumerable, NULL},
      {"recv", NULL, js_recv, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_enumerable, NULL},
      {"createNetns", NULL, js_create_netns, NULL, NULL, NULL, napi_enumerable, NULL},
      {"deleteNetns", NULL, js_delete_netns, NULL, NULL, NULL, napi_enumerable, NULL},
      {"openInNetns", NULL, js_open_in_netns, NULL, NULL, NULL, napi_enumerable, NULL},
      {"isNetnsMount", NULL, js_is_netns_mount, NULL, NULL, NULL, napi_enumerable, NULL},
      FSOPS_PROPERTIES
      SEQPACKET_PROPERTIES
      NLASYNC_PROPERTIES
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
