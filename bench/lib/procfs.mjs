/**
 * What Linux's /proc says about a server under test: memory (VmRSS, VmHWM)
 * and CPU time of one process, and of a process with its descendants (a
 * node:cluster primary and its workers). Everything is undefined off Linux.
 */
import { readdirSync, readFileSync } from "node:fs"

/** Fields of /proc/PID/stat from #3 (state) on, or undefined when the process is gone. */
const statFields = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  } catch {
    return undefined
  }
}

export const readProcStatus = (pid) => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8")
    const kb = (field) => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)
      return m === null ? undefined : Number(m[1])
    }
    return { vmHWM: kb("VmHWM"), vmRSS: kb("VmRSS") }
  } catch {
    return undefined // not Linux, or the process is gone
  }
}

/** utime + stime of a process, in ms (Linux clock ticks are 10 ms), or undefined. */
export const cpuMs = (pid) => {
  const fields = statFields(pid)
  return fields === undefined ? undefined : (Number(fields[11]) + Number(fields[12])) * 10
}

/** pid and every live descendant of it (one scan of /proc), pid first. */
export const processTree = (pid) => {
  const parentOf = new Map()
  let entries
  try {
    entries = readdirSync("/proc")
  } catch {
    return [pid]
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue
    const fields = statFields(name)
    if (fields !== undefined) parentOf.set(Number(name), Number(fields[1]))
  }
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child)
  }
  return tree
}

/** Summed CPU ms of `pids` (undefined if the first, the server itself, is unreadable). */
export const cpuMsOf = (pids) => {
  const own = cpuMs(pids[0])
  if (own === undefined) return undefined
  return pids.slice(1).reduce((sum, pid) => sum + (cpuMs(pid) ?? 0), own)
}

/**
 * Summed VmRSS and VmHWM of `pids` (the sum of peaks is an upper bound of the
 * tree's peak), undefined if the first is unreadable.
 */
export const statusOf = (pids) => {
  const own = readProcStatus(pids[0])
  if (own === undefined) return undefined
  return pids.slice(1).map(readProcStatus).reduce(
    (sum, s) => ({ vmHWM: sum.vmHWM + (s?.vmHWM ?? 0), vmRSS: sum.vmRSS + (s?.vmRSS ?? 0) }),
    { vmHWM: own.vmHWM ?? 0, vmRSS: own.vmRSS ?? 0 }
  )
}
