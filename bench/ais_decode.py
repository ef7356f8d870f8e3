#!/usr/bin/env python3
"""The Python AIS decoders on one NMEA file, for bench/ais_decode.sh.

    ais_decode.py FILE MIN_SECONDS

Each decoder reads the whole file from memory, again and again until MIN_SECONDS have passed,
and prints one line of key=value pairs in the form the Rust bench prints (wall-clock rates, and
rates per second of this process's CPU time, which hold on a shared machine):

* pyais (IterMessages over the lines, then .decode() of each message: pyais's typed objects);
* aiscat with format="dictionary" (a Python dict per message);
* aiscat with format="json" (AIS-catcher's JSON bytes per message).
"""

import sys
import time

import aiscat
import pyais
from pyais import IterMessages


def count_sentences(data):
    n = 0
    for line in data.split(b"\n"):
        s = line.rsplit(b"\\", 1)[-1]
        if s.startswith(b"!") and s[3:6] in (b"VDM", b"VDO"):
            n += 1
    return n


def run_pyais(data):
    lines = [l for l in data.split(b"\n") if l]
    ok = err = 0
    for msg in IterMessages(lines):
        try:
            msg.decode()
            ok += 1
        except Exception:  # pyais raises on invalid types
            err += 1
    return ok, err


def run_aiscat(data, fmt):
    dec = aiscat.Decoder(format=fmt)
    dec.feed(data)
    n = 0
    while dec.next() is not None:
        n += 1
    return n, 0


def measure(name, fn, data, sentences, min_secs, path):
    fn(data)  # warm up, and learn the counts
    passes = 0
    cpu_start = time.process_time()
    start = time.perf_counter()
    while True:
        ok, err = fn(data)
        passes += 1
        secs = time.perf_counter() - start
        if secs >= min_secs:
            break
    cpu = time.process_time() - cpu_start
    print(
        f"decoder={name} file={path.rsplit('/', 1)[-1]} passes={passes} seconds={secs:.3f} "
        f"sentences_per_pass={sentences} messages_per_pass={ok} rejected_per_pass={err} "
        f"sentences_per_s={sentences * passes / secs:.0f} messages_per_s={ok * passes / secs:.0f} "
        f"cpu_seconds={cpu:.2f} sentences_per_cpu_s={sentences * passes / cpu:.0f}",
        flush=True,
    )


def main():
    path, min_secs = sys.argv[1], float(sys.argv[2])
    data = open(path, "rb").read()
    sentences = count_sentences(data)
    measure(f"pyais-{pyais.__version__}", run_pyais, data, sentences, min_secs, path)
    measure(f"aiscat-{aiscat.__version__}-dict", lambda d: run_aiscat(d, "dictionary"), data, sentences, min_secs, path)
    measure(f"aiscat-{aiscat.__version__}-json", lambda d: run_aiscat(d, "json"), data, sentences, min_secs, path)


if __name__ == "__main__":
    main()
