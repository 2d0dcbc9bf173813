#!/usr/bin/env bash
# Whole-process timings of the release binary, each beside its floor, in one run, for
# docs/performance.md (the in-process costs are the criterion benches: cargo bench):
#   - `read 1 --plain --width 100` against `cat` of the same rendered text;
#   - `list`, on the shipped course and on a generated 200-chapter course (--content);
#   - `read N --plain`, the reader's first frame and the quiz's first screen on one chapter
#     of the 200-chapter course against the built-in course (target: within 2x);
#   - `--version` against `cat` (within 1.2x), and `lowdown -Tterm` on Chapter 1 when
#     installed (`read 1 --plain` at most 1.0x): these two ratios also from interleaved
#     runs (A B, B A, ... one pair at a time), min/median/max of the per-pair ratios;
#   - `progress --json` on a store holding 10,000 attempts;
#   - start to the reader's first frame in a pseudo-terminal (80x24), and the reader's
#     peak memory (max RSS) on Chapter 1 and on the 200-chapter course.
# Fixtures come from `examples/bench_fixture.rs` (the benches' own generators).
# `scripts/bench.sh criterion` runs the in-process benches instead and tabulates them.
# Uses hyperfine when installed, else timed loops here (min/median/max); max RSS via
# /usr/bin/time when present; the pty measurements need python3. Each missing tool only
# skips or simplifies its rows. RUNS (default 30) and PTY_RUNS (15) set the number of
# timed runs; NO_HYPERFINE=1 uses the loops even where hyperfine is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-30}
PTY_RUNS=${PTY_RUNS:-15}

# `scripts/bench.sh criterion`: run the criterion benches, then print each one's
# per-iteration min/median/max over its samples, and the reader frames against their
# bare paragraphs (the min/median/max docs/performance.md quotes).
if [[ ${1:-} == criterion ]]; then
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    cargo bench --quiet --bench '*' >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
    python3 - target/criterion <<'PY'
import json, os, statistics, sys
rows = {}
for root, _, files in os.walk(sys.argv[1]):
    if root.endswith("/new") and "sample.json" in files:
        sample = json.load(open(os.path.join(root, "sample.json")))
        name = json.load(open(os.path.join(root, "benchmark.json")))["full_id"]
        per = sorted(t / i for t, i in zip(sample["times"], sample["iters"]))
        rows[name] = (per[0], statistics.median(per), per[-1])
def fmt(ns):
    return "%.2f ms" % (ns / 1e6) if ns >= 1e6 else "%.1f µs" % (ns / 1e3)
print("| bench | min | median | max | ratio (min / median) |")
print("|---|---:|---:|---:|---|")
for name, (lo, mid, hi) in sorted(rows.items()):
    ratio = "-"
    bare = name.replace("/reader", "/bare_paragraph")
    if name.endswith("/reader") and bare in rows:
        ratio = "%.2fx / %.2fx vs bare paragraph" % (lo / rows[bare][0], mid / rows[bare][1])
    print("| %s | %s | %s | %s | %s |" % (name, fmt(lo), fmt(mid), fmt(hi), ratio))
PY
    exit
fi

cargo build --release --quiet --bin mlsys-learn --example bench_fixture
BIN=$PWD/target/release/mlsys-learn
FIXTURE=$PWD/target/release/examples/bench_fixture

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export MLSYS_LEARN_DATA_DIR=$WORK/data
export MLSYS_LEARN_USER=bench
# The reader reads a config file from the user's config folder: keep the defaults.
export XDG_CONFIG_HOME=$WORK/config

"$BIN" read 1 --plain --width 100 >"$WORK/chapter1.txt"
"$FIXTURE" course "$WORK/large" >/dev/null
# Files changed in the last two seconds are never cached (content::cache): age them, and
# fill the list cache once. `list (200 chapters)` gets a data folder that cannot hold one.
find "$WORK/large" -type f -exec touch -d '1 hour ago' {} +
"$BIN" --content "$WORK/large" list >/dev/null
"$FIXTURE" progress "$WORK/progress" bench >/dev/null
LARGE_BYTES=$(cat "$WORK"/large/course.toml "$WORK"/large/chapters/* "$WORK"/large/quizzes/* | wc -c)
SHIPPED_BYTES=$(cat course.toml chapters/* quizzes/* | wc -c)

echo "# mlsys-learn whole-process benchmarks"
echo
echo "machine: $(nproc) cores; $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
echo "shipped course: $SHIPPED_BYTES bytes; generated course: $LARGE_BYTES bytes (200 chapters)"
echo "runs: $RUNS per command (pty: $PTY_RUNS)"
echo

# name|command, run with no shell (stdout to /dev/null).
COMMANDS=(
    "cat floor|cat $WORK/chapter1.txt"
    "read 1 --plain --width 100|$BIN read 1 --plain --width 100"
    "list|$BIN list"
    "progress --json (10,000 attempts)|$BIN --data-dir $WORK/progress --user bench progress --json"
    "list (200 chapters)|$BIN --data-dir $WORK/chapter1.txt --content $WORK/large list"
    "list (200 chapters, cached)|$BIN --content $WORK/large list"
    "read 1 --plain (200 chapters)|$BIN --content $WORK/large read 1 --plain --width 100"
    "read 200 --plain (200 chapters)|$BIN --content $WORK/large read 200 --plain --width 100"
    "--version|$BIN --version"
)
# The peer a student could read Markdown with instead (Debian package lowdown).
if command -v lowdown >/dev/null; then
    COMMANDS+=("lowdown -Tterm|lowdown -Tterm --term-width=100 $PWD/chapters/01-introduction.md")
fi

# Prints "min median max" in milliseconds for a command line, by hyperfine or a loop.
declare -A STATS
time_all() {
    if [[ -z ${NO_HYPERFINE:-} ]] && command -v hyperfine >/dev/null; then
        local args=() entry
        # `--command-name=NAME` in one word: `-n --version` would be read as hyperfine's
        # own --version.
        for entry in "${COMMANDS[@]}"; do
            args+=("--command-name=${entry%%|*}" "${entry#*|}")
        done
        if ! hyperfine -N --warmup 3 --runs "$RUNS" --style none \
            --export-json "$WORK/hyperfine.json" "${args[@]}" >"$WORK/hyperfine.log" 2>&1; then
            cat "$WORK/hyperfine.log" >&2
            exit 1
        fi
        while IFS='|' read -r name min median max; do
            STATS[$name]="$min $median $max"
        done < <(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%s|%.2f|%.2f|%.2f" % (r["command"], r["min"]*1e3, r["median"]*1e3, r["max"]*1e3))
' "$WORK/hyperfine.json")
    else
        local entry name cmd i start end
        for entry in "${COMMANDS[@]}"; do
            name=${entry%%|*}
            cmd=${entry#*|}
            : >"$WORK/times"
            for ((i = 0; i < RUNS + 3; i++)); do
                start=$(date +%s%N)
                $cmd >/dev/null
                end=$(date +%s%N)
                ((i >= 3)) && echo $(((end - start) / 1000)) >>"$WORK/times"
            done
            STATS[$name]=$(sort -n "$WORK/times" | awk '
                { v[NR] = $1 }
                END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
                      printf "%.2f %.2f %.2f", v[1] / 1000, m / 1000, v[NR] / 1000 }')
        done
    fi
}

# Peak memory in MB of a command (stdout to /dev/null), or "-" without GNU time.
rss() {
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f %M -o "$WORK/rss" "$@" >/dev/null
        awk '{ printf "%.1f", $1 / 1024 }' "$WORK/rss"
    else
        echo "-"
    fi
}

# Start to first frame of the reader in an 80x24 pty: "min median max" ms over PTY_RUNS,
# then, with /usr/bin/time around one more run, the peak memory in MB.
PTY_DRIVER='
import os, pty, re, select, struct, sys, time, fcntl, termios, statistics
runs, argv = int(sys.argv[1]), sys.argv[3:]
wanted = re.sub(r"\s+", "", sys.argv[2]).encode()
ansi = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
def once():
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execv(argv[0], argv)
    seen, elapsed, deadline = b"", None, start + 20
    while elapsed is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if wanted in re.sub(rb"\s+", b"", ansi.sub(b"", seen)):
                elapsed = time.perf_counter() - start
    os.write(fd, b"q")
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    if elapsed is None:
        sys.exit("no first frame with %r" % wanted)
    return elapsed * 1e3
times = sorted(once() for _ in range(runs))
print("%.2f %.2f %.2f" % (times[0], statistics.median(times), times[-1]))
'
# Two commands run alternately, run by run (A B, then B A, ...), so a change in the
# machine's load falls on both alike; each pair gives one ratio A/B. Prints
# "ratio-min ratio-median ratio-max A-min A-median B-min B-median" (ms for the times).
# Times from just before the spawn to the end of the wait, stdout to /dev/null.
INTERLEAVE_DRIVER='
import os, shlex, statistics, sys, time
runs, warmup = int(sys.argv[1]), 3
a, b = shlex.split(sys.argv[2]), shlex.split(sys.argv[3])
null = os.open(os.devnull, os.O_WRONLY)
def once(argv):
    start = time.perf_counter_ns()
    pid = os.posix_spawnp(argv[0], argv, os.environ,
                          file_actions=[(os.POSIX_SPAWN_DUP2, null, 1)])
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter_ns() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s" % " ".join(argv))
    return elapsed / 1e6
ta, tb = [], []
for i in range(warmup + runs):
    if i % 2 == 0:
        x, y = once(a), once(b)
    else:
        y, x = once(b), once(a)
    if i >= warmup:
        ta.append(x)
        tb.append(y)
ratios = sorted(x / y for x, y in zip(ta, tb))
m = statistics.median
print("%.2f %.2f %.2f %.2f %.2f %.2f %.2f" % (ratios[0], m(ratios), ratios[-1],
      min(ta), m(ta), min(tb), m(tb)))
'
# One row of the interleaved table: name of A, name of B, target.
interleaved_row() {
    local a=$1 b=$2 target=$3 cmd_a cmd_b entry
    for entry in "${COMMANDS[@]}"; do
        [[ ${entry%%|*} == "$a" ]] && cmd_a=${entry#*|}
        [[ ${entry%%|*} == "$b" ]] && cmd_b=${entry#*|}
    done
    read -r rmin rmed rmax amin amed bmin bmed < <(
        python3 -c "$INTERLEAVE_DRIVER" "$RUNS" "$cmd_a" "$cmd_b")
    printf '| %s vs %s | %s / %s | %s / %s | %sx | %sx | %sx | %s |\n' \
        "$a" "$b" "$amin" "$amed" "$bmin" "$bmed" "$rmin" "$rmed" "$rmax" "$target"
}

pty_first_frame() {
    python3 -c "$PTY_DRIVER" "$PTY_RUNS" "$@"
}
pty_rss() {
    python3 -c "$PTY_DRIVER" 1 "$1" /usr/bin/time -f %M -o "$WORK/rss" "${@:2}" >/dev/null
    awk '{ printf "%.1f", $1 / 1024 }' "$WORK/rss"
}

time_all

# One table row; the ratios divide by the baseline's min and median: the min is the best
# estimate of the uncontended cost, the median what a loaded machine gives.
row() { # name [baseline-name [target]]
    local name=$1 base=${2:-} target=${3:--}
    read -r min median max <<<"${STATS[$name]}"
    local ratio="-"
    if [[ -n $base ]]; then
        read -r bmin bmed _ <<<"${STATS[$base]}"
        ratio=$(awk -v a="$min" -v b="$bmin" -v c="$median" -v d="$bmed" \
            'BEGIN { printf "%.2fx / %.2fx", a / b, c / d }')
        ratio="$ratio vs $base"
    fi
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$min" "$median" "$max" "$ratio" "$target"
}

echo "| command | min ms | median ms | max ms | ratio (min / median) | target |"
echo "|---|---:|---:|---:|---|---|"
row "cat floor"
row "read 1 --plain --width 100" "cat floor" "within 3x"
row "list"
row "progress --json (10,000 attempts)"
row "list (200 chapters)" "list" "(loading: cargo bench --bench load)"
row "list (200 chapters, cached)" "list (200 chapters)" "at most 0.2x"
row "read 1 --plain (200 chapters)" "read 1 --plain --width 100" "within 2x"
row "read 200 --plain (200 chapters)" "read 1 --plain --width 100" "within 2x"
row "--version" "cat floor" "within 1.2x"
if [[ -n ${STATS[lowdown -Tterm]:-} ]]; then
    row "lowdown -Tterm"
    row "read 1 --plain --width 100" "lowdown -Tterm" "at most 1.0x"
else
    echo "| lowdown -Tterm | not installed (apt-get install lowdown) | | | | |"
fi

if command -v python3 >/dev/null; then
    echo
    echo "Interleaved ($RUNS pairs after 3 warm-up pairs; each pair's ratio A/B):"
    echo
    echo "| A vs B | A min / median ms | B min / median ms | ratio min | ratio median | ratio max | target |"
    echo "|---|---:|---:|---:|---:|---:|---|"
    interleaved_row "--version" "cat floor" "within 1.2x"
    if [[ -n ${STATS[lowdown -Tterm]:-} ]]; then
        interleaved_row "read 1 --plain --width 100" "lowdown -Tterm" "at most 1.0x"
    fi
    echo
    echo "| command | min ms | median ms | max ms | ratio (min / median) | target |"
    echo "|---|---:|---:|---:|---|---|"
    STATS["reader: first frame (pty 80x24)"]=$(pty_first_frame "Chapter 1 ·" "$BIN" read 1)
    STATS["reader, 200 chapters: read 200"]=$(
        pty_first_frame "Chapter 200 ·" "$BIN" --content "$WORK/large" read 200)
    STATS["quiz 1: first screen"]=$(pty_first_frame "Quiz ·" "$BIN" quiz 1)
    STATS["quiz, 200 chapters: quiz 200"]=$(
        pty_first_frame "Quiz ·" "$BIN" --content "$WORK/large" quiz 200)
    row "reader: first frame (pty 80x24)"
    row "reader, 200 chapters: read 200" "reader: first frame (pty 80x24)" "within 2x"
    row "quiz 1: first screen"
    row "quiz, 200 chapters: quiz 200" "quiz 1: first screen" "within 2x"
fi

echo
echo "| peak memory (max RSS) | MB | target |"
echo "|---|---:|---|"
echo "| read 1 --plain --width 100 | $(rss "$BIN" read 1 --plain --width 100) | - |"
echo "| progress --json (10,000 attempts) | $(rss "$BIN" --data-dir "$WORK/progress" --user bench progress --json) | - |"
echo "| read 1 --plain (200 chapters) | $(rss "$BIN" --content "$WORK/large" read 1 --plain --width 100) | - |"
if command -v python3 >/dev/null && [[ -x /usr/bin/time ]]; then
    LIMIT=$(awk -v b="$LARGE_BYTES" 'BEGIN { printf "%.1f", 3 * b / 1048576 + 20 }')
    echo "| reader on Chapter 1 (pty) | $(pty_rss "Chapter 1 ·" "$BIN" read 1) | under 20 |"
    echo "| reader, 200 chapters (pty) | $(pty_rss "Chapter 200 ·" "$BIN" --content "$WORK/large" read 200) | under $LIMIT (3x size + 20) |"
fi
