{
  "targets": [
    {
      "target_name": "nlns",
      "sources": ["nlns.c", "fsops.c", "seqpacket.c", "nlasync.c"],
      "cflags": ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O2"],
      "defines": ["NAPI_VERSION=8", "_GNU_SOURCE"],
      "libraries": ["-lpthread"]
    }
  ]
}
