import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@holonet/source"] },
  ssr: { resolve: { conditions: ["@holonet/source"] } },
  test: {
    include: ["{packages,apps}/*/test/**/*.test.ts", "tools/**/*.test.mjs"],
    testTimeout: 30_000
  }
})
