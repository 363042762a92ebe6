"""Small helpers shared by the bench sections: percentiles, load average, /usr/bin/time -v."""

import re
import subprocess
import time
from pathlib import Path


def percentile(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def loadavg():
    """The three load averages of /proc/loadavg, e.g. '1.20 0.95 0.80'."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def timed_command(command, env, log_path, cwd=None):
    """Run `command` under /usr/bin/time -v; wall seconds, peak RSS (MB), load before/after.

    The command's output goes to log_path; the time -v report is parsed from stderr.
    """
    load_before = loadavg()
    started = time.perf_counter()
    with open(log_path, "w") as log:
        result = subprocess.run(["/usr/bin/time", "-v", *command], env=env, cwd=cwd,
                                stdout=log, stderr=subprocess.PIPE, text=True)
        log.write(result.stderr)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}), see {log_path}")
    peak_kb = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return {
        "command": " ".join(Path(part).name if i == 0 else part
                            for i, part in enumerate(command)),
        "wall_s": round(wall, 1),
        "peak_rss_mb": int(peak_kb.group(1)) // 1024 if peak_kb else None,
        "load_before": load_before,
        "load_after": loadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
