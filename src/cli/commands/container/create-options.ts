/**
 * The flags shared by `pouch create` and `pouch run`, in PouchContainer's and Docker's
 * spellings (`--net`/`--network`, `--dns-option`/`--dns-opt`, `--net-alias`/`--network-alias`).
 * `-h` is Docker's `--hostname`, so these commands keep only `--help` for help. Option parsing
 * stops at the image, so `pouch run busybox ls -l` passes `-l` to the container.
 */
import type { Command } from 'commander';
import { collect } from '../../key-value.js';

/** The parsed flags of `create`/`run`, as commander hands them over. */
export interface ContainerCreateOptions {
  name?: string;
  detach?: boolean;
  rm?: boolean;
  env?: string[];
  envFile?: string[];
  workdir?: string;
  user?: string;
  interactive?: boolean;
  tty?: boolean;
  entrypoint?: string;
  label?: string[];
  hostname?: string;
  domainname?: string;
  network?: string[];
  ip?: string;
  ip6?: string;
  macAddress?: string;
  addHost?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOption?: string[];
  networkAlias?: string[];
  link?: string[];
  publish?: string[];
  publishAll?: boolean;
  expose?: string[];
  disableNetworkFiles?: boolean;
  sysctl?: string[];
  restart?: string;
  stopSignal?: string;
  stopTimeout?: string;
}

type Flag = [flags: string, description: string, repeatable?: true];

const FLAGS: Flag[] = [
  ['--name <name>', 'assign a name to the container'],
  ['--rm', 'remove the container when it exits'],
  ['-e, --env <KEY=VALUE>', 'set an environment variable; KEY alone copies it from here', true],
  ['--env-file <file>', 'read environment variables from a file', true],
  ['-w, --workdir <dir>', 'working directory inside the container'],
  ['-u, --user <user>', 'username or UID (format: <name|uid>[:<group|gid>])'],
  ['-i, --interactive', 'keep STDIN open and attach it'],
  ['-t, --tty', 'allocate a pseudo-TTY'],
  ['--entrypoint <command>', 'overwrite the default entrypoint of the image'],
  ['-l, --label <key=value>', 'set a label on the container', true],
  ['-h, --hostname <name>', 'container host name'],
  ['--domainname <name>', 'container NIS domain name'],
  ['--net, --network <network>', 'connect to a network; the first one is the mode', true],
  ['--ip <address>', 'IPv4 address on the primary network'],
  ['--ip6 <address>', 'IPv6 address on the primary network'],
  ['--mac-address <mac>', 'MAC address on the primary network'],
  ['--add-host <host:ip>', 'add a custom host-to-IP mapping', true],
  ['--dns <ip>', 'set a custom DNS server', true],
  ['--dns-search <domain>', 'set a custom DNS search domain', true],
  ['--dns-opt, --dns-option <option>', 'set a DNS resolver option', true],
  ['--net-alias, --network-alias <alias>', 'network-scoped alias on the primary network', true],
  ['--link <name[:alias]>', 'add a link to another container', true],
  ['-p, --publish <spec>', 'publish a container port to the host ([ip:][hostPort:]port)', true],
  ['-P, --publish-all', 'publish all exposed ports to random host ports'],
  ['--expose <port>', 'expose a port or a range of ports', true],
  ['--disable-network-files', 'do not create /etc/hosts, /etc/resolv.conf, /etc/hostname'],
  ['--sysctl <key=value>', 'set a namespaced kernel parameter', true],
  ['--restart <policy>', 'no, always, unless-stopped or on-failure[:max-retries]'],
  ['--stop-signal <signal>', 'signal that stops the container'],
  ['--stop-timeout <seconds>', 'seconds to wait before killing the container'],
];

/**
 * Adds the shared flags, `IMAGE [COMMAND] [ARG...]` arguments and the parsing rules to `command`
 * (whose parent must have positional options enabled).
 */
export function addCreateOptions(command: Command): Command {
  command
    .helpOption('--help', 'display help for command')
    .usage('[OPTIONS] IMAGE [COMMAND] [ARG...]')
    .argument('<image>', 'the image to create the container from')
    .argument('[command...]', 'the command and its arguments')
    .passThroughOptions();
  for (const [flags, description, repeatable] of FLAGS) {
    if (repeatable) command.option(flags, description, collect);
    else command.option(flags, description);
  }
  return command;
}
