/**
 * Which IP addresses a webhook may be sent to: only public unicast ones.
 * Loopback, private, link-local (cloud metadata at 169.254.169.254 and
 * fd00:ec2::254), shared, documentation, benchmark, multicast and reserved
 * ranges are refused, and an IPv6 address that carries an IPv4 one
 * (IPv4-mapped, IPv4-compatible, NAT64, 6to4) is judged by that IPv4
 * address, so `::ffff:127.0.0.1` is loopback in every spelling. Anything
 * that does not parse as an address is refused too.
 */
import { isIPv4, isIPv6 } from "node:net"

/** An IPv4 range as its first address (32-bit number) and prefix length. */
type Range4 = readonly [base: number, bits: number]

const v4 = (text: string): number => {
  const parts = text.split(".").map(Number)
  return parts.reduce((acc, part) => acc * 256 + part, 0)
}

const range4 = (cidr: string): Range4 => {
  const [base = "", bits = "32"] = cidr.split("/")
  return [v4(base), Number(bits)]
}

/** Not publicly routable IPv4 ranges (RFC 6890 and the multicast/reserved blocks). */
const forbidden4: ReadonlyArray<Range4> = [
  "0.0.0.0/8", // "this network"
  "10.0.0.0/8", // private
  "100.64.0.0/10", // carrier-grade NAT
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local, cloud metadata
  "172.16.0.0/12", // private
  "192.0.0.0/24", // IETF protocol assignments
  "192.0.2.0/24", // TEST-NET-1
  "192.88.99.0/24", // 6to4 relay anycast (deprecated)
  "192.168.0.0/16", // private
  "198.18.0.0/15", // benchmarking
  "198.51.100.0/24", // TEST-NET-2
  "203.0.113.0/24", // TEST-NET-3
  "224.0.0.0/4", // multicast
  "240.0.0.0/4" // reserved, including 255.255.255.255
].map(range4)

const inRange4 = (address: number, [base, bits]: Range4) => {
  const size = 2 ** (32 - bits)
  return address >= base && address < base + size
}

const isPublic4 = (address: number) => !forbidden4.some((range) => inRange4(address, range))

/** The eight 16-bit groups of an IPv6 address (zone and brackets already removed), or undefined. */
const groups6 = (text: string): ReadonlyArray<number> | undefined => {
  let head = text
  const tail: Array<number> = []
  // An embedded dotted IPv4 address stands for the last two groups.
  const lastColon = head.lastIndexOf(":")
  const dotted = head.slice(lastColon + 1)
  if (dotted.includes(".")) {
    if (!isIPv4(dotted)) return undefined
    const value = v4(dotted)
    tail.push(Math.floor(value / 65536), value % 65536)
    head = `${head.slice(0, lastColon + 1)}0:0`
  }
  const halves = head.split("::")
  if (halves.length > 2) return undefined
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((group) => Number.parseInt(group, 16)))
  const left = parse(halves[0] ?? "")
  const right = halves.length === 2 ? parse(halves[1] ?? "") : []
  const all = halves.length === 2
    ? [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right]
    : left
  // The placeholder "0:0" stood for the dotted part.
  const result = tail.length === 0 ? all : [...all.slice(0, -2), ...tail]
  if (result.length !== 8 || result.some((group) => !Number.isInteger(group) || group < 0 || group > 0xffff)) {
    return undefined
  }
  return result
}

/** The IPv4 address in groups 6 and 7. */
const embedded4 = (groups: ReadonlyArray<number>) => (groups[6] ?? 0) * 65536 + (groups[7] ?? 0)

const startsWith = (groups: ReadonlyArray<number>, prefix: ReadonlyArray<number>) =>
  prefix.every((group, i) => groups[i] === group)

const isPublic6 = (groups: ReadonlyArray<number>): boolean => {
  const [first = 0, second = 0] = groups
  // ::/96 (unspecified, loopback, IPv4-compatible) is never a public destination.
  if (startsWith(groups, [0, 0, 0, 0, 0, 0])) return false
  // IPv4-mapped ::ffff:0:0/96 and NAT64 64:ff9b::/96 reach the embedded IPv4 address.
  if (startsWith(groups, [0, 0, 0, 0, 0, 0xffff])) return isPublic4(embedded4(groups))
  if (startsWith(groups, [0x64, 0xff9b, 0, 0, 0, 0])) return isPublic4(embedded4(groups))
  // Local-use NAT64 64:ff9b:1::/48 translates to addresses of the local network.
  if (first === 0x64 && second === 0xff9b) return false
  // 6to4 2002::/16 tunnels to the IPv4 address in groups 1 and 2.
  if (first === 0x2002) return isPublic4(second * 65536 + (groups[2] ?? 0))
  // Teredo 2001::/32 tunnels to an obfuscated address; documentation 2001:db8::/32.
  if (first === 0x2001 && (second === 0 || second === 0x0db8)) return false
  // Everything else outside global unicast 2000::/3 is link-local, unique local, multicast or reserved.
  return first >= 0x2000 && first <= 0x3fff
}

/** Whether `address` (as a resolver returns it, IPv6 with or without brackets or zone) is a public unicast address. */
export const isPublicAddress = (address: string): boolean => {
  const bare = address.replace(/^\[(.*)\]$/, "$1")
  if (isIPv4(bare)) return isPublic4(v4(bare))
  if (!isIPv6(bare)) return false
  // A zone index only makes sense for link-local addresses; judge the address itself.
  const groups = groups6(bare.replace(/%.*$/, ""))
  return groups !== undefined && isPublic6(groups)
}
