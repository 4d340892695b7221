# Shared by the benchmarks in tests/bench/: running a program with its peak
# RSS, reading the "MARK <phase> <CLOCK_MONOTONIC µs>" lines that Signet
# (with SIGNET_BENCH=1) and the reference clients print on stderr, and one
# table of medians and ratios.  A benchmark prints figures; it asserts
# nothing.  Each row is also printed as "RATIO<TAB>bench<TAB>phase<TAB>
# signet<TAB>reference<TAB>ratio" for build-aux/bench.
import os, statistics, subprocess, time


def now_us():
    return time.monotonic_ns() // 1000


def marks_of(stderr):
    """The first time of each phase, in µs."""
    marks = {}
    for line in stderr.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "MARK" and words[1] not in marks:
            marks[words[1]] = int(words[2])
    return marks


class Popen4(subprocess.Popen):
    """A Popen whose wait() keeps the child's rusage (peak RSS)."""
    rusage = None

    def _try_wait(self, wait_flags):
        try:
            pid, status, self.rusage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            pid, status = self.pid, 0
        return (pid, status)


def spawn(argv, env=None, stdin=True):
    return Popen4(argv, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(child, stdin_text=None, timeout=300):
    out, err = child.communicate(stdin_text, timeout=timeout)
    rss = child.rusage.ru_maxrss / 1024.0 if child.rusage is not None else float("nan")
    return {"end": now_us(), "marks": marks_of(err), "status": child.returncode, "rss": rss,
            "stdout": out, "stderr": err}


def phases(marks, start, names, end=None):
    """Durations in ms between consecutive marks of @names (from @start)."""
    out = {}
    previous = start
    for name in names:
        if name in marks:
            out[name] = (marks[name] - previous) / 1000.0
            previous = marks[name]
    if end is not None:
        out["total"] = (end - start) / 1000.0
    return out


def table(bench, rows, signet, reference, unit="ms"):
    """@signet and @reference: lists of dicts phase -> value."""
    print(f"{'phase':<22} {'signet ' + unit:>12} {'reference ' + unit:>14} {'ratio':>7}")
    for phase in rows:
        s = [r[phase] for r in signet if phase in r]
        f = [r[phase] for r in reference if phase in r]
        if not s:
            continue
        if not f:
            print(f"{phase:<22} {statistics.median(s):12.1f} {'-':>14} {'-':>7}")
            print(f"RATIO\t{bench}\t{phase}\t{statistics.median(s):.1f}\t-\t-", flush=True)
            continue
        ms, mf = statistics.median(s), statistics.median(f)
        ratio = ms / mf if mf > 0 else float("nan")
        print(f"{phase:<22} {ms:12.1f} {mf:14.1f} {ratio:7.2f}")
        print(f"RATIO\t{bench}\t{phase}\t{ms:.1f}\t{mf:.1f}\t{ratio:.2f}", flush=True)


def load():
    try:
        return open("/proc/loadavg").read().split()[0]
    except OSError:
        return "?"
