/**
 * Address constants: struct ifaddrmsg and IFA_* from linux/if_addr.h.
 */

/** sizeof(struct ifaddrmsg): family, prefixlen, flags, scope (u8), index u32. */
export const IFADDRMSG_LEN = 8;

// enum in if_addr.h: address attributes.
/** The prefix (or, on point-to-point links, the peer) address. */
export const IFA_ADDRESS = 1;
/** The local address of the interface. */
export const IFA_LOCAL = 2;
export const IFA_LABEL = 3;
export const IFA_BROADCAST = 4;
export const IFA_CACHEINFO = 6;
/** u32 extension of the u8 ifa_flags field. */
export const IFA_FLAGS = 8;

// ifa_flags.
export const IFA_F_SECONDARY = 0x01;
/** Skip IPv6 duplicate address detection: the address is usable at once. */
export const IFA_F_NODAD = 0x02;
export const IFA_F_TENTATIVE = 0x40;
export const IFA_F_PERMANENT = 0x80;
