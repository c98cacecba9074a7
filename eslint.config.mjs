/**
 * Lint and format for the whole repository: `pnpm lint` checks, `pnpm lint:fix` (alias
 * `pnpm format`) rewrites. Formatting is the `@effect/dprint` rule, which runs dprint's
 * TypeScript plugin from its npm package (no dprint CLI, nothing downloaded at run time);
 * its options match the style the code was written in, so a file that follows it has no
 * findings. The dependency rule (the domain imports only effect; an adapter never imports
 * another adapter or the app) is the local `holonet/import-boundaries` rule in
 * tools/eslint-rules.mjs, one block per folder below; tools/lint-rules.test.mjs shows that
 * each rule here reports what it should.
 */
import effect from "@effect/eslint-plugin"
import js from "@eslint/js"
import { defineConfig } from "eslint/config"
import globals from "globals"
import { readdirSync } from "node:fs"
import tseslint from "typescript-eslint"
import holonet from "./tools/eslint-rules.mjs"

const typescript = ["packages/*/{src,test,contracts,testing}/**/*.ts", "apps/*/{src,test}/**/*.ts"]
const scripts = ["bench/**/*.mjs", "tools/**/*.mjs", "eslint.config.mjs"]
/** Code that runs in the server, as opposed to its tests. */
const production = ["packages/*/{src,contracts,testing}/**/*.ts", "apps/*/src/**/*.ts"]

/** dprint options: the code's own style (measured: these change the fewest existing lines). */
const dprint = {
  indentWidth: 2,
  lineWidth: 120,
  semiColons: "asi",
  quoteStyle: "alwaysDouble",
  trailingCommas: "never",
  operatorPosition: "maintain",
  "arrowFunction.useParentheses": "force",
  // Imports stay in the order they were written; sorting would reorder dozens of files for nothing.
  "module.sortImportDeclarations": "maintain",
  "importDeclaration.sortNamedImports": "maintain",
  "exportDeclaration.sortNamedExports": "maintain"
}

const relative = "^\\.{1,2}/"
const onlyEffect = ["^effect(/|$)", relative]

/** One block per adapter, so that each one may import itself but no other adapter (new adapters included). */
const adapters = readdirSync(new URL("packages", import.meta.url)).filter((name) => name.endsWith("-adapter"))
const adapterBoundaries = adapters.map((adapter) => ({
  files: [`packages/${adapter}/{src,testing}/**/*.ts`],
  rules: {
    "holonet/import-boundaries": ["error", {
      forbid: [`^@holonet/(?!${adapter}(/|$))[^/]+-adapter(/|$)`, "^@holonet/server(/|$)"],
      because: "an adapter depends on the domain and its own driver, never on another adapter or the app"
    }]
  }
}))

export default defineConfig([
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.vitest-results.json"] },

  { files: [...typescript, ...scripts], extends: [js.configs.recommended] },
  { files: typescript, extends: [tseslint.configs.recommended] },
  {
    files: typescript,
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", {
        argsIgnorePattern: "^_",
        varsIgnorePattern: "^_",
        caughtErrorsIgnorePattern: "^_",
        destructuredArrayIgnorePattern: "^_"
      }],
      // `interface Post extends Schema.Schema.Type<typeof Post> {}` is how Effect names a schema's type.
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
      "@typescript-eslint/array-type": ["error", { default: "generic", readonly: "generic" }]
    }
  },
  {
    files: scripts,
    languageOptions: { globals: { ...globals.node } },
    rules: { "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }] }
  },

  // Formatting.
  { files: [...typescript, ...scripts], extends: [effect.configs.dprint] },
  { files: [...typescript, ...scripts], rules: { "@effect/dprint": ["error", { config: dprint }] } },

  // The dependency rule.
  { plugins: { holonet } },
  {
    files: ["packages/domain/src/**/*.ts"],
    rules: {
      "holonet/import-boundaries": ["error", {
        allow: onlyEffect,
        because: "the domain imports only effect and its own files"
      }]
    }
  },
  {
    files: ["packages/domain/contracts/**/*.ts"],
    rules: {
      "holonet/import-boundaries": ["error", {
        allow: [...onlyEffect, "^@holonet/domain$", "^@effect/vitest$", "^vitest$"],
        because: "the domain's contract kit imports only effect, its test runner and the domain itself"
      }]
    }
  },
  ...adapterBoundaries,
  {
    // Stricter than the other adapters: an allow list, so that nothing but its driver comes in.
    files: ["packages/redis-adapter/{src,testing}/**/*.ts"],
    rules: {
      "holonet/import-boundaries": ["error", {
        allow: [...onlyEffect, "^@holonet/domain$", "^@holonet/redis-adapter(/|$)", "^ioredis$", "^node:"],
        because: "the Redis adapter imports only the domain, effect, ioredis and node's own modules"
      }]
    }
  },
  {
    // The pages are built from the use cases alone: no other adapter (the HTTP adapter included), no driver.
    files: ["packages/web-adapter/{src,testing}/**/*.ts"],
    rules: {
      "holonet/import-boundaries": ["error", {
        allow: [...onlyEffect, "^@holonet/domain$", "^@holonet/web-adapter(/|$)", "^@effect/platform/", "^node:"],
        because: "the web pages import only the domain, effect, @effect/platform and node's own modules"
      }]
    }
  },

  // Habits.
  {
    files: typescript,
    rules: {
      "no-restricted-syntax": ["error", {
        selector:
          "MemberExpression[property.name=/^(only|skip)$/]:matches([object.name=/^(it|test|describe)$/], [object.object.name=/^(it|test|describe)$/])",
        message: "No focused or skipped tests: every test runs, every time."
      }]
    }
  },
  {
    files: production,
    rules: {
      "no-restricted-properties": ["error", {
        object: "console",
        property: "log",
        message: "Use Effect.log* (structured, leveled, annotated)."
      }, {
        object: "console",
        property: "error",
        message: "Use Effect.logError (structured, leveled, annotated)."
      }],
      // A value import from a package's index loads every module of the package: for
      // @effect/platform that includes the docs pages' inlined scripts, ~25 MB of heap in each
      // server process. Deep imports load what is used (`import * as Effect from "effect/Effect"`).
      "@effect/no-import-from-barrel-package": ["error", {
        packageNames: ["effect", "@effect/platform", "@effect/platform-node"]
      }]
    }
  }
])
