#!/bin/bash
# Regenerates the *.hex fixtures of the codec tests from what iproute2 and the kernel actually
# exchange. Run as root: it makes two throwaway namespaces (t-capture, t-capture2) and deletes
# them at the end. Each fixture is one sendmsg/recvmsg buffer, picked by its position in the
# strace log (send:N = N-th sendmsg, recv:N = N-th non-empty recvmsg of that command, N may be
# 'last'; iproute2 first resolves names, so the request itself is usually the last one).
set -euo pipefail
cd "$(dirname "$0")"
H=t-capture
S=t-capture2

cleanup() { ip netns del "$H" 2>/dev/null || true; ip netns del "$S" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
ip netns add "$H"
ip netns add "$S"

# capture FILE WHICH CMD... : writes buffer WHICH of CMD's netlink traffic to FILE as hex.
capture() {
  local file=$1 which=$2
  shift 2
  {
    echo "# captured $(date -u +%F) with: $*"
    echo "# buffer: $which (kernel $(uname -r), iproute2 $(ip -V | sed 's/.*iproute2-//'))"
    strace -e trace=sendmsg,recvmsg -e write=all -e read=all -s 0 "$@" 2>&1 >/dev/null |
      awk -v which="$which" '
        BEGIN { split(which, w, ":"); want = w[1]; n = w[2] }
        /^(\[pid +[0-9]+\] )?sendmsg\(/ { dir = "send"; seen = 0; next }
        /^(\[pid +[0-9]+\] )?recvmsg\(/ { dir = "recv"; seen = 0; next }
        /^ \* [0-9]+ bytes in buffer/ { if (!seen) { count[dir]++; seen = 1 } next }
        /^ \| [0-9a-f]+  / { buf[dir, count[dir]] = buf[dir, count[dir]] substr($0, 11, 49) "\n" }
        END { if (n == "last") n = count[want]; printf "%s", buf[want, n] }'
  } >"$file"
  if [ "$(grep -vc '^#' "$file")" = 0 ]; then echo "capture $file: no bytes for $which" >&2; exit 1; fi
}

# Requests as iproute2 encodes them, and the kernel's ACK / errors.
capture newlink-bridge.request.hex send:last \
  ip -n $H link add br-cap mtu 1400 address 02:42:ac:11:00:01 type bridge
capture newlink-bridge.ack.hex recv:last \
  ip -n $H link add br-cap2 type bridge
capture newlink-eexist.error.hex recv:last \
  ip -n $H link add br-cap type bridge || true
capture setlink-mtu.extack.hex recv:last \
  ip -n $H link set br-cap mtu 70000 || true
capture newlink-veth.request.hex send:last \
  ip -n $H link add vcap0 mtu 1400 master br-cap up type veth \
  peer name eth0 mtu 1400 address 02:42:ac:11:00:02 netns $S
capture newaddr-v4.request.hex send:last \
  ip -n $H addr add 10.9.0.1/24 brd + dev br-cap
capture newaddr-v6.request.hex send:last \
  ip -n $H addr add fd00:9::1/64 dev br-cap nodad
ip -n $H link set br-cap up
ip -n $S link set eth0 up
ip -n $S addr add 10.9.0.2/24 dev eth0
capture newroute-default.request.hex send:last \
  ip -n $S route add default via 10.9.0.1
capture newroute-device.request.hex send:last \
  ip -n $S route add 10.10.0.0/16 dev eth0

# Kernel replies to dumps.
capture getlink-dump.reply.hex recv:2 ip -n $H link show
capture getaddr-dump.reply.hex recv:3 ip -n $H addr show dev br-cap
capture getroute-dump.reply.hex recv:1 ip -n $S -4 route show
