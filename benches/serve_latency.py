#!/usr/bin/env python3
"""Times `tally serve` from a file save to the reload event its open pages receive.

usage: python3 benches/serve_latency.py ROOT FILE [RUNS] [TALLY]
  ROOT   a tracker (it is edited: FILE's `title:` line is changed and put back at the end)
  FILE   an incident file, relative to ROOT (content/incidents/....md)
  RUNS   saves to time (default 20)
  TALLY  the binary (default target/release/tally)
Starts the server on a free loopback port, listens to its event stream as a page does, then
saves FILE RUNS times (each save writes the whole file, as an editor does) and measures until
the `reload` event arrives. Prints every time, the median and the 90th percentile.
"""
import http.client
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlparse


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    root, rel = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    tally = sys.argv[4] if len(sys.argv) > 4 else "target/release/tally"
    path = os.path.join(root, rel)
    original = open(path, encoding="utf-8").read()
    server = subprocess.Popen(
        [tally, "serve", "--root", root, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()  # "Serving http://127.0.0.1:PORT/base/ (press Ctrl-C to stop)"
        url = urlparse(line.split()[1])
        events = queue.Queue()

        def listen():
            conn = http.client.HTTPConnection(url.hostname, url.port)
            conn.request("GET", url.path.rstrip("/") + "/__tally/events")
            resp = conn.getresponse()
            while True:
                text = resp.fp.readline()
                if not text:
                    return
                if text.startswith(b"event: reload"):
                    events.put(time.perf_counter())

        threading.Thread(target=listen, daemon=True).start()
        # Drain what the server prints, as a terminal would.
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        time.sleep(1.0)
        times = []
        for n in range(runs):
            text = original.replace("title: ", f"title: Edit {n} of ", 1)
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            try:
                times.append((events.get(timeout=10) - start) * 1000)
            except queue.Empty:
                sys.exit(f"no reload event within 10 s of save {n + 1}")
            time.sleep(0.4)
            while not events.empty():
                events.get()
        times.sort()
        p90 = times[min(len(times) - 1, int(round(0.9 * len(times))) - 1)]
        print("save to reload (ms):", " ".join(f"{t:.0f}" for t in times))
        print(f"median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms over {len(times)} saves")
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
