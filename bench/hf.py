#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench/hf.py: one benchmark of bench/run.sh, with hyperfine.

    hf.py [options] NAME CMD [NAME CMD ...]

The first NAME CMD is the hello-world baseline.  hyperfine runs the
commands with no shell between (-N: CMD is split into words by hyperfine,
so quote paths with spaces) in --rounds rounds, the order rotated each
round so that a drift in the machine's load hits every command alike;
the times of all rounds are pooled.  Each command is printed with its
median, minimum, mean and CPU time (user + system, hyperfine's mean),
and the others with the ratio of their median to the baseline's (and of
their minimum and CPU time to the baseline's).

Options: --warmup N, --runs N (in all, over the rounds), --rounds N,
--prepare CMD (before every run), --json-dir DIR (keep hyperfine's
JSON there).  With --target, --label and --verdicts FILE, the last
command is checked and a verdict line appended to FILE:
  ratio:X   median <= X times the hello-world median
  plus:MS   median <= the hello-world median + MS milliseconds
  max:MS    median <= MS milliseconds
Informational only: the exit status is 0 whatever the figures.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile


def ms(s):
    return s * 1000.0


def run(args, pairs):
    """Pooled times (seconds) per name, or None when hyperfine failed."""
    times = {name: [] for name, _ in pairs}
    times.update({("cpu", name): [] for name, _ in pairs})
    per_round = max(3, args.runs // args.rounds)
    with tempfile.TemporaryDirectory(prefix="hf.") as scratch:
        return rounds(args, pairs, times, per_round,
                      args.json_dir or scratch)


def rounds(args, pairs, times, per_round, tmp):
    """Run the rounds, adding each command's times to times[name]."""
    for k in range(args.rounds):
        order = pairs[k % len(pairs):] + pairs[:k % len(pairs)]
        out = os.path.join(tmp, "round%d.json" % k)
        cmd = ["hyperfine", "-N", "--style", "none", "--warmup",
               str(args.warmup), "--runs", str(per_round),
               "--export-json", out]
        if args.prepare:
            cmd += ["--prepare", args.prepare]
        for name, c in order:
            cmd += ["-n", name, c]
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            print("  hyperfine failed:")
            for line in p.stderr.splitlines():
                print("    " + line)
            return None
        with open(out) as f:
            for r in json.load(f)["results"]:
                times[r["command"]] += r["times"]
                # user + system CPU time: a mean per round
                times[("cpu", r["command"])] += [
                    r["user"] + r["system"]] * len(r["times"])
    return times


def verdict(args, base, last):
    kind, _, val = args.target.partition(":")
    val = float(val)
    if kind == "ratio":
        got = "%.2f x hello-world" % (last / base)
        want = "<= %.2f x hello-world" % val
        ok = last <= val * base
    elif kind == "plus":
        got = "hello-world %+.3f ms" % ms(last - base)
        want = "<= hello-world + %.1f ms" % val
        ok = ms(last - base) <= val
    else:
        got = "%.3f ms" % ms(last)
        want = "<= %.1f ms" % val
        ok = ms(last) <= val
    return "%s: %s (target %s): %s" % (args.label, got, want,
                                        "met" if ok else "NOT MET")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--prepare")
    ap.add_argument("--json-dir")
    ap.add_argument("--target")
    ap.add_argument("--label")
    ap.add_argument("--verdicts")
    ap.add_argument("pairs", nargs="+")
    args = ap.parse_args()
    if len(args.pairs) < 4 or len(args.pairs) % 2:
        ap.error("want NAME CMD pairs, the hello-world first")
    pairs = list(zip(args.pairs[0::2], args.pairs[1::2]))
    times = run(args, pairs)
    if times is None:
        if args.verdicts:
            with open(args.verdicts, "a") as f:
                f.write("%s: not measured (hyperfine failed)\n" % args.label)
        return
    width = max(len(n) for n, _ in pairs) + 2
    base = statistics.median(times[pairs[0][0]])
    base_min = min(times[pairs[0][0]])
    base_cpu = statistics.mean(times[("cpu", pairs[0][0])])
    for i, (name, _) in enumerate(pairs):
        t = times[name]
        med = statistics.median(t)
        cpu = statistics.mean(times[("cpu", name)])
        line = "  %-*s %8.3f ms median  (min %.3f, mean %.3f +- %.3f, " \
            "CPU %.3f, %d runs)" % (
                width, name, ms(med), ms(min(t)), ms(statistics.mean(t)),
                ms(statistics.stdev(t)) if len(t) > 1 else 0.0, ms(cpu),
                len(t))
        if i > 0:
            line += "\n  %-*s = %.2f x hello-world, %+.3f ms (min: %.2f x;" \
                " CPU: %.2f x)" % (
                    width, "", med / base, ms(med - base), min(t) / base_min,
                    cpu / base_cpu)
        print(line)
    if args.target and args.label and args.verdicts:
        v = verdict(args, base, statistics.median(times[pairs[-1][0]]))
        print("  " + v)
        with open(args.verdicts, "a") as f:
            f.write(v + "\n")


if __name__ == "__main__":
    main()
