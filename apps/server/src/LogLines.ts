/**
 * Where the server's log lines go: standard output, written in batches. The
 * access log writes a line per request, and Effect's console loggers pay a
 * `console.log` (formatting, one write) for each; here lines are formatted
 * by Effect's own json or logfmt formatter, gathered, and written with one
 * `write` per turn of the event loop. The batch is flushed when the layer's
 * scope closes and, as a last resort, when the process exits, so a clean
 * stop loses nothing.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"

/** Lines waiting for the next flush, shared by every logger of the process (there is one stdout). */
const pending: Array<string> = []
let scheduled = false

const flush = () => {
  scheduled = false
  if (pending.length === 0) return
  const text = pending.join("\n") + "\n"
  pending.length = 0
  process.stdout.write(text)
}

const append = (line: string) => {
  pending.push(line)
  if (!scheduled) {
    scheduled = true
    setImmediate(flush)
  }
}

let exitHookInstalled = false

/** Replaces the default logger with `format`'s lines, batched onto stdout. */
export const layer = (format: Logger.Logger<unknown, string>): Layer.Layer<never> =>
  Layer.merge(
    Logger.replace(Logger.defaultLogger, Logger.map(format, append)),
    Layer.scopedDiscard(Effect.gen(function*() {
      if (!exitHookInstalled) {
        exitHookInstalled = true
        process.on("exit", flush)
      }
      yield* Effect.addFinalizer(() => Effect.sync(flush))
    }))
  )
