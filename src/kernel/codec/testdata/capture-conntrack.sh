#!/bin/bash
# Regenerates the ctnetlink fixtures (ct-*.hex) from what conntrack-tools and the kernel
# exchange. Run as root: it makes one throwaway namespace (t-ctcap), creates two UDP flows to
# 127.0.0.1:5353 and :5354 inside it (a ruleset with a `ct` rule makes the namespace track),
# captures `conntrack -L` and `conntrack -D` under strace, and deletes the namespace.
# Each fixture is one buffer: send:N = N-th sendto/sendmsg, recv:N = N-th non-empty recvmsg.
set -euo pipefail
cd "$(dirname "$0")"
NS=t-ctcap

cleanup() { ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
ip netns add "$NS"
ip -n "$NS" link set lo up
ip netns exec "$NS" nft -f - <<'NFT'
table inet ctcap {
  chain out { type filter hook output priority 0; policy accept; ct state new accept; }
}
NFT
ip netns exec "$NS" bash -c 'echo a >/dev/udp/127.0.0.1/5353; echo b >/dev/udp/127.0.0.1/5354'

# capture FILE WHICH CMD... : writes buffer WHICH of CMD's netlink traffic to FILE as hex.
capture() {
  local file=$1 which=$2
  shift 2
  {
    echo "# captured $(date -u +%F) with: $*"
    echo "# buffer: $which (kernel $(uname -r), $(conntrack --version 2>&1 | head -1))"
    ip netns exec "$NS" strace -e trace=sendto,sendmsg,recvmsg -e write=all -e read=all -s 0 \
      "$@" 2>&1 >/dev/null |
      awk -v which="$which" '
        BEGIN { split(which, w, ":"); want = w[1]; n = w[2] }
        /^(\[pid +[0-9]+\] )?send(to|msg)\(/ { dir = "send"; count[dir]++; next }
        /^(\[pid +[0-9]+\] )?recvmsg\(/ { dir = "recv"; seen = 0; next }
        /^ \* [0-9]+ bytes in buffer/ { if (!seen) { count[dir]++; seen = 1 } next }
        /^ \| [0-9a-f]+  / { buf[dir, count[dir]] = buf[dir, count[dir]] substr($0, 11, 49) "\n" }
        END { if (n == "last") n = count[want]; printf "%s", buf[want, n] }'
  } >"$file"
  if [ "$(grep -vc '^#' "$file")" = 0 ]; then echo "capture $file: no bytes for $which" >&2; exit 1; fi
}

capture ct-dump-v4.request.hex send:1 conntrack -L -f ipv4
capture ct-dump-v4.reply.hex recv:1 conntrack -L -f ipv4
capture ct-delete-v4.request.hex send:2 conntrack -D -f ipv4 -p udp --orig-port-dst 5353
