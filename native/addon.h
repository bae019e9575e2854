/* Shared helpers of the addon's C files (defined in nlns.c). */
#ifndef POUCH_ADDON_H
#define POUCH_ADDON_H
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

napi_value errno_error(napi_env env, int err, const char *syscall, const char *path);
void throw_errno(napi_env env, int err, const char *syscall, const char *path);
int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv, size_t *argc);
int get_int(napi_env env, napi_value v, const char *what, int32_t *out);
int is_absent(napi_env env, napi_value v);
int get_path(napi_env env, napi_value v, const char *what, char *buf);
ssize_t next_datagram_size(int fd);

/* fsops.c: filesystem syscalls Node has no binding for. */
napi_value js_mount(napi_env env, napi_callback_info info);
napi_value js_umount(napi_env env, napi_callback_info info);
napi_value js_mknod(napi_env env, napi_callback_info info);
napi_value js_lsetxattr(napi_env env, napi_callback_info info);

#define FSOPS_PROPERTIES                                                              \
  {"mount", NULL, js_mount, NULL, NULL, NULL, napi_enumerable, NULL},                 \
      {"umount", NULL, js_umount, NULL, NULL, NULL, napi_enumerable, NULL},           \
      {"mknod", NULL, js_mknod, NULL, NULL, NULL, napi_enumerable, NULL},             \
      {"lsetxattr", NULL, js_lsetxattr, NULL, NULL, NULL, napi_enumerable, NULL},

/* seqpacket.c: a stream bridge to SOCK_SEQPACKET sockets (conmon's attach socket). */
napi_value js_seqpacket_bridge(napi_env env, napi_callback_info info);

#define SEQPACKET_PROPERTIES \
  {"seqpacketBridge", NULL, js_seqpacket_bridge, NULL, NULL, NULL, napi_enumerable, NULL},

/* nlasync.c: one netlink request answered on a libuv pool thread (a Promise). */
napi_value js_request_async(napi_env env, napi_callback_info info);

#define NLASYNC_PROPERTIES \
  {"requestAsync", NULL, js_request_async, NULL, NULL, NULL, napi_enumerable, NULL},

#endif
