#!/usr/bin/env bash
# What reading the git history costs: a synthetic tracker of N incidents committed one file per
# commit (N commits, made quickly with `git fast-import`), checked with and without its `.git`.
# The difference is the price of the dates of addition and change (one `git log` and one
# `git status` for the whole tree; later builds read only the commits made since the cache).
# Needs hyperfine (Debian: apt-get install hyperfine). Usage: bash benches/history.sh [N]  (10000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
cargo build --release --quiet --example synth
cargo build --release --quiet
bin=$(realpath target/release/tally)
dir=target/bench/history-$n
target/release/examples/synth "$dir" "$n"
python3 - "$dir" <<'PY'
import os, subprocess, sys
root = sys.argv[1]
files = []
for sub, _, names in os.walk(root):
    for name in names:
        files.append(os.path.relpath(os.path.join(sub, name), root))
files.sort()
subprocess.run(["git", "init", "-q", root], check=True)
out = []
day = 1_600_000_000
for k, path in enumerate(files):
    data = open(os.path.join(root, path), "rb").read()
    msg = f"add {path}\n".encode()
    stamp = f"Editor <editor@example.org> {day + k * 3600} +0000"
    out.append(b"commit refs/heads/main\n")
    out.append(f"committer {stamp}\n".encode())
    out.append(b"data %d\n" % len(msg) + msg)
    out.append(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(data)) + data + b"\n")
subprocess.run(["git", "-C", root, "fast-import", "--quiet"], input=b"".join(out), check=True)
subprocess.run(["git", "-C", root, "checkout", "-q", "-f", "main"], check=True)
print(f"{len(files)} files, {len(files)} commits")
PY
plain=$dir-nogit
rm -rf "$plain"; cp -r "$dir" "$plain"; rm -rf "$plain/.git"
echo "== first read of the whole history (no cache yet)"
rm -f "$dir/.git/tally-history"
/usr/bin/time -f "%e s wall, %U s user" "$bin" check --root "$dir" >/dev/null
echo "== with the cache, after one more commit"
files=("$dir"/content/incidents/*.md)
echo "A correction." >> "${files[0]}"
git -C "$dir" -c user.name=Editor -c user.email=editor@example.org commit -qam "one correction"
/usr/bin/time -f "%e s wall, %U s user" "$bin" check --root "$dir" >/dev/null
echo "== with the cache up to date, against no git at all"
hyperfine --warmup 1 --runs 5 \
  -n "check, with git history" "$bin check --root $dir" \
  -n "check, without git" "$bin check --root $plain" \
  -n "git log + status alone" "git -C $dir log -z --format=%x01%cs --name-only --no-renames -- content >/dev/null && git -C $dir status --porcelain -z --no-renames --untracked-files=all -- content >/dev/null"
