/** The bench's one error class: what it expects can go wrong, as opposed to its own bugs. */

/** An expected failure (bad build, server did not start, seeding refused): reported without a stack. */
export class BenchError extends Error {}
