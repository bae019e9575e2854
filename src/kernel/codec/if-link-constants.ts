/**
 * Link constants: struct ifinfomsg and IFLA_* from linux/rtnetlink.h and linux/if_link.h,
 * VETH_INFO_* from linux/veth.h, IFF_* from linux/if.h.
 */

/** sizeof(struct ifinfomsg): family u8, pad u8, type u16, index s32, flags u32, change u32. */
export const IFINFOMSG_LEN = 16;
/** IFNAMSIZ - 1: the longest interface name (linux/if.h). */
export const IFNAME_MAX_BYTES = 15;

// enum in if_link.h: link attributes.
export const IFLA_ADDRESS = 1;
export const IFLA_BROADCAST = 2;
export const IFLA_IFNAME = 3;
export const IFLA_MTU = 4;
export const IFLA_LINK = 5;
export const IFLA_MASTER = 10;
export const IFLA_OPERSTATE = 16;
export const IFLA_LINKINFO = 18;
export const IFLA_NET_NS_PID = 19;
export const IFLA_NET_NS_FD = 28;
export const IFLA_LINK_NETNSID = 37;

// IFLA_LINKINFO nest.
export const IFLA_INFO_KIND = 1;
export const IFLA_INFO_DATA = 2;
export const IFLA_INFO_SLAVE_KIND = 4;

// IFLA_INFO_DATA of kind "veth" (linux/veth.h): an ifinfomsg followed by IFLA_* attributes.
export const VETH_INFO_PEER = 1;

// Interface flags (linux/if.h, enum net_device_flags).
export const IFF_UP = 0x1;
export const IFF_BROADCAST = 0x2;
export const IFF_LOOPBACK = 0x8;
export const IFF_RUNNING = 0x40;
export const IFF_LOWER_UP = 0x10000;

// IFLA_OPERSTATE values (RFC 2863, enum in if.h).
export const IF_OPER_UNKNOWN = 0;
export const IF_OPER_DOWN = 2;
export const IF_OPER_UP = 6;
