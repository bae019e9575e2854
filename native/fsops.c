/*
 * Filesystem syscalls Node has no binding for: mount(2)/umount2(2) for container root
 * filesystems (overlay) and bind mounts, mknod(2) and lsetxattr(2) for overlay whiteouts when
 * unpacking image layers. None is namespace-sensitive, so they run on the calling thread.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include "addon.h"

#define MAX_DATA 65536

static char data_buf[MAX_DATA];

/* mount(source, target, fstype, flags, data?) */
napi_value js_mount(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  size_t argc, len = 0;
  char source[PATH_MAX + 1], target[PATH_MAX + 1], fstype[PATH_MAX + 1];
  int32_t flags;
  const char *data = NULL;
  if (!get_args(env, info, 5, argv, &argc)) return NULL;
  if (argc < 4 || !get_path(env, argv[0], "source must be a non-empty string", source) ||
      !get_path(env, argv[1], "target must be a non-empty path", target) ||
      !get_path(env, argv[2], "fstype must be a non-empty string", fstype) ||
      !get_int(env, argv[3], "flags must be a number", &flags))
    return NULL;
  if (argc >= 5 && !is_absent(env, argv[4])) {
    if (napi_get_value_string_utf8(env, argv[4], data_buf, MAX_DATA, &len) != napi_ok ||
        len >= MAX_DATA - 1) {
      napi_throw_range_error(env, "ERR_INVALID_ARG_VALUE", "data must be a string under 64 KiB");
      return NULL;
    }
    data = data_buf;
  }
  if (mount(source, target, fstype, (unsigned long)(uint32_t)flags, data) < 0) {
    throw_errno(env, errno, "mount", target);
    return NULL;
  }
  return NULL;
}

/* umount(target, flags) */
napi_value js_umount(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  size_t argc;
  char target[PATH_MAX + 1];
  int32_t flags = 0;
  if (!get_args(env, info, 2, argv, &argc)) return NULL;
  if (argc < 1 || !get_path(env, argv[0], "target must be a non-empty path", target)) return NULL;
  if (argc >= 2 && !get_int(env, argv[1], "flags must be a number", &flags)) return NULL;
  if (umount2(target, flags) < 0) {
    throw_errno(env, errno, "umount2", target);
    return NULL;
  }
  return NULL;
}

/* mknod(path, mode, major, minor) */
napi_value js_mknod(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  size_t argc;
  char path[PATH_MAX + 1];
  int32_t mode, major_n, minor_n;
  if (!get_args(env, info, 4, argv, &argc)) return NULL;
  if (argc < 4 || !get_path(env, argv[0], "path must be a non-empty path", path) ||
      !get_int(env, argv[1], "mode must be a number", &mode) ||
      !get_int(env, argv[2], "major must be a number", &major_n) ||
      !get_int(env, argv[3], "minor must be a number", &minor_n))
    return NULL;
  if (mknod(path, (mode_t)mode, makedev((unsigned)major_n, (unsigned)minor_n)) < 0) {
    throw_errno(env, errno, "mknod", path);
    return NULL;
  }
  return NULL;
}

/* lsetxattr(path, name, value: string) */
napi_value js_lsetxattr(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  size_t argc, len = 0;
  char path[PATH_MAX + 1], name[256];
  if (!get_args(env, info, 3, argv, &argc)) return NULL;
  if (argc < 3 || !get_path(env, argv[0], "path must be a non-empty path", path)) return NULL;
  if (napi_get_value_string_utf8(env, argv[1], name, sizeof name, &len) != napi_ok || len == 0 ||
      len >= sizeof name - 1) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "name must be a short string");
    return NULL;
  }
  if (napi_get_value_string_utf8(env, argv[2], data_buf, MAX_DATA, &len) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "value must be a string");
    return NULL;
  }
  if (lsetxattr(path, name, data_buf, len, 0) < 0) {
    throw_errno(env, errno, "lsetxattr", path);
    return NULL;
  }
  return NULL;
}
