// Machine time by process, from Linux's /proc: a dev server is one process group (wrangler's node
// process, its proxy, and workerd, which runs the worker and local D1), so the CPU its processes
// used between two readings is the machine time the server spent on what happened in between.
// Unlike a profiler attached to workerd, reading /proc changes nothing in what it measures.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of utime/stime in /proc/PID/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/**
 * CPU milliseconds used so far by each live process of group `pgid`, by command name and, where a
 * group has several processes of one name, their order of start ("workerd 1", "workerd 2").
 */
export function groupCpu(pgid: number | undefined): Map<string, number> {
  const found: { pid: number; comm: string; ms: number }[] = [];
  if (!pgid || process.platform !== "linux") return new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …"
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    if (Number(fields[2]) !== pgid) continue;
    const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
    found.push({ pid: Number(entry), comm, ms });
  }
  found.sort((a, b) => a.pid - b.pid);
  const out = new Map<string, number>();
  for (const p of found) {
    const same = found.filter((q) => q.comm === p.comm);
    out.set(same.length > 1 ? `${p.comm} ${same.indexOf(p) + 1}` : p.comm, p.ms);
  }
  return out;
}

/** This process's own CPU milliseconds so far (the benchmark's clients). */
export function ownCpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** What each process used between two readings of groupCpu, ms. */
export function cpuSince(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, ms] of after) out.set(name, ms - (before.get(name) ?? 0));
  return out;
}
