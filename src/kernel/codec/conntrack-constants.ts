/**
 * ctnetlink constants, from linux/netfilter/nfnetlink.h and nfnetlink_conntrack.h (uapi).
 * A ctnetlink message is a nlmsghdr whose type is (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_*,
 * then a struct nfgenmsg, then CTA_* attributes. Ports and addresses inside tuples are in
 * network byte order.
 */

/** Protocol number of nfnetlink: socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER). */
export const NETLINK_NETFILTER = 12;
/** The conntrack subsystem of nfnetlink. */
export const NFNL_SUBSYS_CTNETLINK = 1;
/** nfgenmsg.version. */
export const NFNETLINK_V0 = 0;
/** sizeof(struct nfgenmsg): family u8, version u8, res_id be16. */
export const NFGENMSG_LEN = 4;

// enum cntl_msg_types
export const IPCTNL_MSG_CT_NEW = 0;
export const IPCTNL_MSG_CT_GET = 1;
export const IPCTNL_MSG_CT_DELETE = 2;

// enum ctattr_type (top level)
export const CTA_TUPLE_ORIG = 1;
export const CTA_TUPLE_REPLY = 2;
export const CTA_STATUS = 3;
export const CTA_MARK = 8;
export const CTA_ID = 12;
export const CTA_ZONE = 18;

// enum ctattr_tuple
export const CTA_TUPLE_IP = 1;
export const CTA_TUPLE_PROTO = 2;
export const CTA_TUPLE_ZONE = 3;

// enum ctattr_ip
export const CTA_IP_V4_SRC = 1;
export const CTA_IP_V4_DST = 2;
export const CTA_IP_V6_SRC = 3;
export const CTA_IP_V6_DST = 4;

// enum ctattr_l4proto
export const CTA_PROTO_NUM = 1;
export const CTA_PROTO_SRC_PORT = 2;
export const CTA_PROTO_DST_PORT = 3;

/** The nlmsg_type of a ctnetlink message. */
export function ctnetlinkType(msg: number): number {
  return (NFNL_SUBSYS_CTNETLINK << 8) | msg;
}
