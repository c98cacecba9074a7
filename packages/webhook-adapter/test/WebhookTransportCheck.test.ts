/**
 * WebhookTransportNode.check with a stub resolver (no DNS query, no packet
 * leaves): only https (http when allowed), no credentials, and every
 * address of the host public; literal IP hosts are judged in every spelling
 * WHATWG URL accepts, without asking the resolver. Reasons name no address.
 */
import { describe, expect, it } from "@effect/vitest"
import { WebhookTransport, WebhookUrlRefused } from "@holonet/domain"
import { Effect, Either } from "effect"
import { WebhookTransportNode } from "../src/index.js"

/** A resolver answering from a table, recording every name it is asked. */
const stubResolver = (table: Record<string, ReadonlyArray<string>>) => {
  const asked: Array<string> = []
  const resolve: WebhookTransportNode.Resolver = (host) => {
    asked.push(host)
    const addresses = table[host]
    return addresses === undefined
      ? Effect.fail(new WebhookTransportNode.HostNotResolved({ host }))
      : Effect.succeed(addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })))
  }
  return { asked, resolve }
}

const checkWith = (
  options: { readonly allowHttp: boolean; readonly allowPrivate: boolean },
  resolve: WebhookTransportNode.Resolver,
  url: string
) =>
  Effect.flatMap(WebhookTransport, (transport) => transport.check(url)).pipe(
    Effect.either,
    Effect.provide(WebhookTransportNode.layer({ ...options, resolve }))
  )

const strict = { allowHttp: false, allowPrivate: false }

const reasonOf = (result: Either.Either<void, WebhookUrlRefused>) =>
  Either.match(result, { onLeft: (error) => error.reason, onRight: () => "accepted" })

const forbidden = [
  "0.0.0.0",
  "10.1.2.3",
  "100.64.0.1",
  "127.0.0.1",
  "169.254.169.254",
  "172.16.0.1",
  "192.0.0.1",
  "192.0.2.1",
  "192.168.1.1",
  "198.18.0.1",
  "198.51.100.1",
  "203.0.113.1",
  "224.0.0.1",
  "240.0.0.1",
  "255.255.255.255",
  "::",
  "::1",
  "fe80::1",
  "fc00::1",
  "fd00:ec2::254",
  "ff02::1",
  "::ffff:127.0.0.1",
  "::ffff:7f00:1",
  "64:ff9b::7f00:1",
  "2001:db8::1",
  "::127.0.0.1"
]

describe("WebhookTransportNode.check", () => {
  it.effect("accepts an https URL whose host resolves only to public addresses", () =>
    Effect.gen(function*() {
      const dns = stubResolver({ "hooks.example.com": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"] })
      const result = yield* checkWith(strict, dns.resolve, "https://hooks.example.com/holonet?x=1")
      expect(Either.isRight(result)).toBe(true)
      expect(dns.asked).toEqual(["hooks.example.com"])
    }))

  it.effect("refuses a host name resolving to each non-public address, without naming it", () =>
    Effect.gen(function*() {
      for (const address of forbidden) {
        const dns = stubResolver({ "hooks.example.com": [address] })
        const result = yield* checkWith(strict, dns.resolve, "https://hooks.example.com/hook")
        expect(reasonOf(result), address).toBe("the host name resolves to a private or reserved address")
        expect(Either.isLeft(result) && result.left).toBeInstanceOf(WebhookUrlRefused)
      }
    }))

  it.effect("refuses a host name resolving to public and private addresses, in either order", () =>
    Effect.gen(function*() {
      for (
        const addresses of [["93.184.216.34", "127.0.0.1"], ["10.0.0.1", "93.184.216.34"], ["2606:4700::1111", "::1"]]
      ) {
        const dns = stubResolver({ "hooks.example.com": addresses })
        const result = yield* checkWith(strict, dns.resolve, "https://hooks.example.com/")
        expect(reasonOf(result), addresses.join(" ")).toBe("the host name resolves to a private or reserved address")
      }
    }))

  it.effect("refuses literal non-public IP hosts in every spelling, without asking the resolver", () =>
    Effect.gen(function*() {
      const dns = stubResolver({})
      const urls = [
        "https://127.0.0.1/",
        "https://2130706433/",
        "https://0177.0.0.1/",
        "https://0x7f.1/",
        "https://0x7f000001/",
        "https://127.1/",
        "https://127.0.0.1.:443/",
        "https://0/",
        "https://0.0.0.0/",
        "https://10.0.0.1/",
        "https://012.0.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://0251.0376.0251.0376/",
        "https://2852039166/",
        "https://0xa9fea9fe/",
        "https://192.168.0.1:8443/",
        "https://[::1]/",
        "https://[0:0:0:0:0:0:0:1]/",
        "https://[::]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:7f00:1]/",
        "https://[::ffff:169.254.169.254]/",
        "https://[64:ff9b::127.0.0.1]/",
        "https://[::127.0.0.1]/",
        "https://[fe80::1]/",
        "https://[fd00:ec2::254]/",
        "https://[ff02::1]/",
        "https://[2001:db8::1]/"
      ]
      for (const url of urls) {
        const result = yield* checkWith(strict, dns.resolve, url)
        expect(reasonOf(result), url).toBe("the address is private or reserved")
      }
      expect(dns.asked).toEqual([])
    }))

  it.effect("accepts literal public IP hosts without asking the resolver", () =>
    Effect.gen(function*() {
      const dns = stubResolver({})
      for (const url of ["https://8.8.8.8/hook", "https://134744072/", "https://[2606:4700::1111]:8443/"]) {
        expect(reasonOf(yield* checkWith(strict, dns.resolve, url)), url).toBe("accepted")
      }
      expect(dns.asked).toEqual([])
    }))

  it.effect("refuses http unless allowed, and every other scheme always", () =>
    Effect.gen(function*() {
      const dns = stubResolver({ "hooks.example.com": ["93.184.216.34"] })
      expect(reasonOf(yield* checkWith(strict, dns.resolve, "http://hooks.example.com/"))).toBe(
        "the URL must use https"
      )
      const withHttp = { allowHttp: true, allowPrivate: false }
      expect(reasonOf(yield* checkWith(withHttp, dns.resolve, "http://hooks.example.com/"))).toBe("accepted")
      for (const url of ["ftp://hooks.example.com/", "file:///etc/passwd", "ws://hooks.example.com/", "gopher://h/"]) {
        expect(reasonOf(yield* checkWith(withHttp, dns.resolve, url)), url).toBe("the URL must use https or http")
      }
    }))

  it.effect("refuses credentials in the URL", () =>
    Effect.gen(function*() {
      const dns = stubResolver({ "hooks.example.com": ["93.184.216.34"] })
      for (
        const url of [
          "https://user:secret@hooks.example.com/",
          "https://user@hooks.example.com/",
          "https://:secret@hooks.example.com/"
        ]
      ) {
        expect(reasonOf(yield* checkWith(strict, dns.resolve, url)), url).toBe(
          "the URL must not contain a user name or password"
        )
      }
      expect(dns.asked).toEqual([])
    }))

  it.effect("refuses malformed, relative and overlong URLs", () =>
    Effect.gen(function*() {
      const dns = stubResolver({ "hooks.example.com": ["93.184.216.34"] })
      for (const url of ["", "not a url", "/hook", "https://", "https://exa mple.com/"]) {
        expect(reasonOf(yield* checkWith(strict, dns.resolve, url)), url).toBe("the URL is not a valid absolute URL")
      }
      const long = `https://hooks.example.com/${"a".repeat(2100)}`
      expect(reasonOf(yield* checkWith(strict, dns.resolve, long))).toBe("the URL is longer than 2048 characters")
    }))

  it.effect("refuses a host name that does not resolve or has no address", () =>
    Effect.gen(function*() {
      const dns = stubResolver({ "empty.example.com": [] })
      expect(reasonOf(yield* checkWith(strict, dns.resolve, "https://nowhere.example.com/"))).toBe(
        "the host name does not resolve"
      )
      expect(reasonOf(yield* checkWith(strict, dns.resolve, "https://empty.example.com/"))).toBe(
        "the host name does not resolve"
      )
    }))

  it.effect("allowPrivate accepts loopback and private addresses (local development)", () =>
    Effect.gen(function*() {
      const dns = stubResolver({ localhost: ["127.0.0.1", "::1"] })
      const lax = { allowHttp: true, allowPrivate: true }
      expect(reasonOf(yield* checkWith(lax, dns.resolve, "http://localhost:8080/hook"))).toBe("accepted")
      expect(reasonOf(yield* checkWith(lax, dns.resolve, "http://10.0.0.1/"))).toBe("accepted")
    }))
})
