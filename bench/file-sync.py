#!/usr/bin/env python3
"""What it costs to make an export's files durable, side by side (issue 14: the register export syncs its files before the
delivery log commits them). Linux only (syncfs, sync_file_range).

Usage: bench/file-sync.py [FILES=62863] [SIZE=1900] [RUNS=3] [DIR=/tmp/vern-bench/file-sync]

Each run creates FILES files of SIZE bytes in a new folder under DIR, with two writer threads as Vern's export has on two cores
(open O_CREAT|O_EXCL, one pwrite, close), once per way of making them durable, the ways alternated within a run so that they see
the same load:
  none         no sync (the anchor: what the export did before)
  syncfs       one syncfs(2) on the folder's file system after the last file, then fsync of the folder
  syncfs-loop  syncfs in a loop (every 0.25 s after the previous one ends) on a third thread while the files are written, then
               syncfs and fsync of the folder as above
  sfr+syncfs   sync_file_range(SYNC_FILE_RANGE_WRITE) on each file before it is closed (starts its write-back at once, does not
               wait), then syncfs and fsync of the folder as above
  fdatasync    fdatasync(2) on each file before it is closed, in the writer, then fsync of the folder
It prints each way's wall time (median of the runs) and its ratio to `none`. syncfs waits for every dirty page of the whole file
system, not only the export's: its figure depends on what else writes to the same disk, so run this on a machine doing little
else, and read the load average printed before and after. The folders are removed only after the last run, and the script then
waits 60 s (ext4 without a journal passes over recently freed inodes when it allocates new ones: a delete just before a run would
slow the next run's creates).
"""
import ctypes
import os
import statistics
import shutil
import sys
import threading
import time

files = int(sys.argv[1]) if len(sys.argv) > 1 else 62863
size = int(sys.argv[2]) if len(sys.argv) > 2 else 1900
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
base = sys.argv[4] if len(sys.argv) > 4 else os.path.join(os.environ.get("VERN_BENCH_DIR", "/tmp/vern-bench"), "file-sync")
libc = ctypes.CDLL("libc.so.6", use_errno=True)
SYNC_FILE_RANGE_WRITE = 2
content = (b"<Barnevern>" + b"x" * size)[:size]


def syncfs(fd):
    if libc.syncfs(fd) != 0:
        raise OSError(ctypes.get_errno(), "syncfs")


def sfr(fd):
    if libc.sync_file_range(fd, ctypes.c_longlong(0), ctypes.c_longlong(0), SYNC_FILE_RANGE_WRITE) != 0:
        raise OSError(ctypes.get_errno(), "sync_file_range")


def write(folder, per_file):
    os.mkdir(folder)

    def worker(k):
        for i in range(k, files, 2):
            fd = os.open(os.path.join(folder, f"{i:08d}.xml"), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
            os.pwrite(fd, content, 0)
            if per_file:
                per_file(fd)
            os.close(fd)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def background_syncfs(folder):
    """syncfs in a loop on a third thread while the writers run, so that the last one after them has little left to write."""
    done = threading.Event()
    fd = os.open(os.path.dirname(folder), os.O_RDONLY | os.O_DIRECTORY)

    def loop():
        while not done.is_set():
            syncfs(fd)
            done.wait(0.25)

    t = threading.Thread(target=loop)
    t.start()
    write(folder, None)
    done.set()
    t.join()
    os.close(fd)
    fsync_dir(folder, True)


def fsync_dir(folder, whole_fs):
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if whole_fs:
            syncfs(fd)
        os.fsync(fd)
    finally:
        os.close(fd)
    parent = os.open(os.path.dirname(folder), os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(parent)
    finally:
        os.close(parent)


ways = {
    "none": lambda folder: write(folder, None),
    "syncfs": lambda folder: (write(folder, None), fsync_dir(folder, True)),
    "syncfs-loop": background_syncfs,
    "sfr+syncfs": lambda folder: (write(folder, sfr), fsync_dir(folder, True)),
    "fdatasync": lambda folder: (write(folder, os.fdatasync), fsync_dir(folder, False)),
}


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


os.makedirs(base, exist_ok=True)
print(f"data: {files} files of {size} bytes per way and run, in {base}; {os.cpu_count()} cores, load average {load()}, "
      f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
os.sync()  # start from a clean page cache: nothing dirty of earlier work
times = {w: [] for w in ways}
made = []
for r in range(1, runs + 1):
    for w, run in ways.items():
        folder = os.path.join(base, f"run{r}-{w.replace('+', '-')}-{os.getpid()}")
        made.append(folder)
        t = time.perf_counter()
        run(folder)
        times[w].append(time.perf_counter() - t)
        os.sync()  # the next way starts with nothing dirty left by this one
    print(f"run {r}: " + ", ".join(f"{w} {times[w][-1]:.2f} s" for w in ways) + f" (load average {load()})")
anchor = statistics.median(times["none"])
for w in ways:
    m = statistics.median(times[w])
    print(f"median {w}: {m:.2f} s, ratio to none {m / anchor:.2f}, +{m - anchor:.2f} s")
print(f"load average after: {load()}")
for folder in made:
    shutil.rmtree(folder)
time.sleep(60)
