/**
 * AddressPolicy: every non-public range is refused in each spelling a
 * resolver or a URL can produce, IPv6 addresses carrying an IPv4 address are
 * judged by it, and ordinary public addresses pass. Addresses are only
 * classified here, never contacted.
 */
import { describe, expect, it } from "@effect/vitest"
import { AddressPolicy } from "../src/index.js"

const refused: ReadonlyArray<readonly [string, string]> = [
  // IPv4
  ["0.0.0.0", "this network, first"],
  ["0.255.255.255", "this network, last"],
  ["10.0.0.1", "private 10/8"],
  ["10.255.255.255", "private 10/8, last"],
  ["100.64.0.1", "shared 100.64/10, first"],
  ["100.127.255.254", "shared 100.64/10, last"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback, last"],
  ["169.254.0.1", "link-local"],
  ["169.254.169.254", "cloud metadata"],
  ["172.16.0.1", "private 172.16/12, first"],
  ["172.31.255.254", "private 172.16/12, last"],
  ["192.0.0.8", "IETF protocol assignments"],
  ["192.0.2.10", "TEST-NET-1"],
  ["192.168.0.1", "private 192.168/16"],
  ["192.168.255.255", "private 192.168/16, last"],
  ["198.18.0.1", "benchmarking, first"],
  ["198.19.255.254", "benchmarking, last"],
  ["198.51.100.7", "TEST-NET-2"],
  ["203.0.113.9", "TEST-NET-3"],
  ["224.0.0.1", "multicast, first"],
  ["239.255.255.250", "multicast, last"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "limited broadcast"],
  // IPv6
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["[::1]", "loopback in brackets"],
  ["0:0:0:0:0:0:0:1", "loopback, long form"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local with zone"],
  ["febf:ffff::1", "link-local, last block"],
  ["fc00::1", "unique local fc00/7"],
  ["fd00::1", "unique local fd"],
  ["fd00:ec2::254", "cloud metadata (IPv6)"],
  ["ff02::1", "multicast"],
  ["ff0e::101", "multicast, global scope"],
  ["::ffff:127.0.0.1", "IPv4-mapped loopback, dotted"],
  ["::ffff:7f00:1", "IPv4-mapped loopback, hex"],
  ["0:0:0:0:0:ffff:7f00:0001", "IPv4-mapped loopback, long hex"],
  ["::ffff:169.254.169.254", "IPv4-mapped metadata, dotted"],
  ["::ffff:a9fe:a9fe", "IPv4-mapped metadata, hex"],
  ["::ffff:10.0.0.1", "IPv4-mapped private"],
  ["::ffff:c0a8:101", "IPv4-mapped 192.168.1.1, hex"],
  ["::ffff:0.0.0.0", "IPv4-mapped this network"],
  ["64:ff9b::127.0.0.1", "NAT64 loopback, dotted"],
  ["64:ff9b::7f00:1", "NAT64 loopback, hex"],
  ["64:ff9b::a9fe:a9fe", "NAT64 metadata"],
  ["64:ff9b::c0a8:1", "NAT64 192.168.0.1"],
  ["64:ff9b:1::a00:1", "local-use NAT64"],
  ["2001:db8::1", "documentation"],
  ["2001:0db8:ffff::1", "documentation, long form"],
  ["::127.0.0.1", "IPv4-compatible loopback"],
  ["::8.8.8.8", "IPv4-compatible (deprecated, never a destination)"],
  ["::a9fe:a9fe", "IPv4-compatible metadata, hex"],
  ["2002:7f00:1::1", "6to4 of loopback"],
  ["2002:a9fe:a9fe::", "6to4 of metadata"],
  ["2001::1", "Teredo"],
  ["100::1", "discard-only"],
  // Not an address at all
  ["", "empty"],
  ["localhost", "a name"],
  ["256.0.0.1", "out of range"],
  ["1.2.3", "short IPv4"],
  ["0177.0.0.1", "octal spelling (a resolver never returns it)"],
  ["::ffff:999.0.0.1", "mapped out of range"],
  ["1::2::3", "two gaps"],
  ["12345::1", "group too long"]
]

const allowed: ReadonlyArray<readonly [string, string]> = [
  ["8.8.8.8", "public IPv4"],
  ["1.1.1.1", "public IPv4"],
  ["93.184.216.34", "public IPv4"],
  ["100.63.255.255", "just below shared 100.64/10"],
  ["100.128.0.0", "just above shared 100.64/10"],
  ["172.15.255.255", "just below 172.16/12"],
  ["172.32.0.0", "just above 172.16/12"],
  ["198.17.255.255", "just below benchmarking"],
  ["223.255.255.254", "just below multicast"],
  ["2606:4700::1111", "public IPv6"],
  ["2a00:1450:4001:80b::200e", "public IPv6"],
  ["::ffff:8.8.8.8", "IPv4-mapped public"],
  ["::ffff:808:808", "IPv4-mapped public, hex"],
  ["64:ff9b::808:808", "NAT64 of a public address"],
  ["2002:808:808::1", "6to4 of a public address"]
]

describe("AddressPolicy.isPublicAddress", () => {
  it.each(refused)("refuses %s (%s)", (address) => {
    expect(AddressPolicy.isPublicAddress(address)).toBe(false)
  })

  it.each(allowed)("accepts %s (%s)", (address) => {
    expect(AddressPolicy.isPublicAddress(address)).toBe(true)
  })
})
