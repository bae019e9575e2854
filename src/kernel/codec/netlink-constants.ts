/**
 * Constants of the netlink transport itself, from linux/netlink.h (uapi). Message-family
 * constants (RTM_*, IFLA_*, …) live in their own files, one per kernel header.
 */

/** Protocol number of rtnetlink: socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE). */
export const NETLINK_ROUTE = 0;

/** sizeof(struct nlmsghdr): len u32, type u16, flags u16, seq u32, pid u32. */
export const NLMSG_HDRLEN = 16;
/** Messages and attributes are padded to 4 bytes (NLMSG_ALIGNTO, NLA_ALIGNTO). */
export const NLMSG_ALIGNTO = 4;

// Control message types (< NLMSG_MIN_TYPE).
export const NLMSG_NOOP = 0x1;
export const NLMSG_ERROR = 0x2;
export const NLMSG_DONE = 0x3;
export const NLMSG_OVERRUN = 0x4;

// nlmsg_flags: standard flags.
export const NLM_F_REQUEST = 0x01;
export const NLM_F_MULTI = 0x02;
export const NLM_F_ACK = 0x04;
export const NLM_F_ECHO = 0x08;
/** The dump was inconsistent because the object list changed while it ran. */
export const NLM_F_DUMP_INTR = 0x10;
export const NLM_F_DUMP_FILTERED = 0x20;

// Modifiers to GET requests.
export const NLM_F_ROOT = 0x100;
export const NLM_F_MATCH = 0x200;
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

// Modifiers to NEW requests.
export const NLM_F_REPLACE = 0x100;
export const NLM_F_EXCL = 0x200;
export const NLM_F_CREATE = 0x400;

// Flags on NLMSG_ERROR acknowledgements.
/** The original request is not echoed back (NETLINK_CAP_ACK was set). */
export const NLM_F_CAPPED = 0x100;
/** Extended-ack TLVs (NLMSGERR_ATTR_*) follow the echoed request. */
export const NLM_F_ACK_TLVS = 0x200;

// enum nlmsgerr_attrs: extended-ack TLVs after struct nlmsgerr.
export const NLMSGERR_ATTR_MSG = 1;
export const NLMSGERR_ATTR_OFFS = 2;
export const NLMSGERR_ATTR_COOKIE = 3;
export const NLMSGERR_ATTR_POLICY = 4;
export const NLMSGERR_ATTR_MISS_TYPE = 5;
export const NLMSGERR_ATTR_MISS_NEST = 6;

// struct nlattr flag bits in nla_type.
/** The attribute carries nested attributes. */
export const NLA_F_NESTED = 0x8000;
export const NLA_F_NET_BYTEORDER = 0x4000;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;
/** sizeof(struct nlattr): len u16, type u16. */
export const NLA_HDRLEN = 4;
