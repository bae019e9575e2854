/**
 * rtnetlink message types and route constants, from linux/rtnetlink.h (uapi).
 */

// Message types (enum in rtnetlink.h, RTM_BASE = 16).
export const RTM_NEWLINK = 16;
export const RTM_DELLINK = 17;
export const RTM_GETLINK = 18;
export const RTM_SETLINK = 19;
export const RTM_NEWADDR = 20;
export const RTM_DELADDR = 21;
export const RTM_GETADDR = 22;
export const RTM_NEWROUTE = 24;
export const RTM_DELROUTE = 25;
export const RTM_GETROUTE = 26;

/** sizeof(struct rtmsg): family, dst_len, src_len, tos, table, protocol, scope, type (u8), flags u32. */
export const RTMSG_LEN = 12;

// enum rtattr_type_t: route attributes.
export const RTA_DST = 1;
export const RTA_SRC = 2;
export const RTA_IIF = 3;
export const RTA_OIF = 4;
export const RTA_GATEWAY = 5;
export const RTA_PRIORITY = 6;
export const RTA_PREFSRC = 7;
export const RTA_METRICS = 8;
export const RTA_MULTIPATH = 9;
export const RTA_TABLE = 15;
export const RTA_PREF = 20;

// rtm_type (RTN_*).
export const RTN_UNSPEC = 0;
export const RTN_UNICAST = 1;
export const RTN_LOCAL = 2;
export const RTN_BROADCAST = 3;
export const RTN_BLACKHOLE = 6;
export const RTN_UNREACHABLE = 7;

// rtm_protocol (RTPROT_*).
export const RTPROT_UNSPEC = 0;
export const RTPROT_KERNEL = 2;
/** What `ip route add` uses; routes "installed during boot" i.e. by administration. */
export const RTPROT_BOOT = 3;
export const RTPROT_STATIC = 4;

// rtm_scope (enum rt_scope_t).
export const RT_SCOPE_UNIVERSE = 0;
export const RT_SCOPE_SITE = 200;
export const RT_SCOPE_LINK = 253;
export const RT_SCOPE_HOST = 254;
export const RT_SCOPE_NOWHERE = 255;

// rtm_table (enum rt_class_t); ids above 255 travel in RTA_TABLE.
export const RT_TABLE_UNSPEC = 0;
export const RT_TABLE_MAIN = 254;
export const RT_TABLE_LOCAL = 255;

// rtm_flags.
/** The entry is a cached clone (route cache / exceptions), not a configured route. */
export const RTM_F_CLONED = 0x200;

// Address families (linux/socket.h).
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;
