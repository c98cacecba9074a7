/**
 * Holonet's own ESLint rules, loaded by eslint.config.mjs as the `holonet` plugin.
 * `import-boundaries` is the dependency rule: the config gives each folder the module
 * specifiers it may (`allow`) or may not (`forbid`) import, as regular expressions, and the
 * rule checks every form a dependency can take in TypeScript, not only `import ... from`:
 * `export ... from`, `import("x")`, `import("x").T` types, `import x = require("x")` and
 * `require("x")`.
 */

/** The text of a string literal or of a template literal without substitutions. */
const staticText = (node) => {
  if (node == null) return undefined
  if (node.type === "Literal" && typeof node.value === "string") return node.value
  if (node.type === "TemplateLiteral" && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined
  return undefined
}

const importBoundaries = {
  meta: {
    type: "problem",
    docs: { description: "Restrict what the files of a folder may import (the dependency rule)" },
    schema: [
      {
        type: "object",
        properties: {
          allow: { type: "array", items: { type: "string" } },
          forbid: { type: "array", items: { type: "string" } },
          because: { type: "string" }
        },
        required: ["because"],
        additionalProperties: false
      }
    ],
    messages: { refused: "\"{{specifier}}\" may not be imported here: {{because}}." }
  },
  create(context) {
    const { allow, forbid = [], because } = context.options[0]
    const allowed = allow?.map((source) => new RegExp(source))
    const forbidden = forbid.map((source) => new RegExp(source))
    const check = (node) => {
      const specifier = staticText(node)
      if (specifier === undefined) return
      const refused = (allowed !== undefined && !allowed.some((re) => re.test(specifier))) ||
        forbidden.some((re) => re.test(specifier))
      if (refused) context.report({ node, messageId: "refused", data: { specifier, because } })
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportType: (node) => check(node.source ?? node.argument?.literal),
      TSExternalModuleReference: (node) => check(node.expression),
      "CallExpression[callee.type='Identifier'][callee.name='require']": (node) => check(node.arguments[0])
    }
  }
}

export default {
  meta: { name: "holonet" },
  rules: { "import-boundaries": importBoundaries }
}
