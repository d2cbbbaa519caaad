"""make bench-harvest: Thresher and Sickle harvest the same pages from the same local OAI-PMH server.

Usage: harvest_bench.py THRESHER_BINARY [RECORDS] [PAGE_SIZE] [ROUNDS]

Thresher's own `serve-oai` publishes a store of generated EDM records on 127.0.0.1; then
  1. `thresher harvest` lists the whole repository (parse, convert to JSON, store in SQLite) twice: payloads as zstd
     frames (the default) and as text (`--payload-compression none`, the store before compression), in alternating
     order, each into a fresh store whose bytes on disk per record are printed, and
  2. Sickle (PyPI `sickle`) iterates ListRecords over the same endpoint (parse only, into Record objects), and
  3. with FLOOR=path (bench-harvest.sh compiles harvest_floor.c), a floor for this pipeline: libcurl, libxml2's SAX2
     parse and an SQLite insert of each record's bytes, nothing converted or indexed.
For each: wall seconds, records/s, and client CPU seconds per 1,000 records; the server's CPU is shown too; then the
compressed harvest's client CPU and bytes per record against the text one's, per round.
"""
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def proc_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"serve-oai did not start on port {port}")


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def children_system():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime


def self_system():
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime


def self_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    binary = sys.argv[1]
    records = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    page_size = int(sys.argv[3]) if len(sys.argv) > 3 else 250
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    work = tempfile.mkdtemp(prefix="thresher-harvest-bench-")
    try:
        source = os.path.join(work, "source.sqlite")
        subprocess.run([binary, "sample-data", "--store", source, "--records", str(records)], check=True)
        port = free_port()
        server = subprocess.Popen([binary, "serve-oai", "--store", source, "--port", str(port),
                                   "--page-size", str(page_size), "--quiet"])
        try:
            wait_for(port)
            endpoint = f"http://127.0.0.1:{port}/oai"
            from sickle import Sickle
            results = []
            # Rounds alternate the two clients, so that a slow spell of a shared machine hits both.
            for round_number in range(rounds):
                harvests = {}
                # Rounds alternate which store is harvested first, so that neither always meets a warmer cache.
                order = ("zstd", "none") if round_number % 2 == 0 else ("none", "zstd")
                for compression in order:
                    target = os.path.join(work, f"harvest-{round_number}-{compression}.sqlite")
                    server_before, cpu_before, start = proc_cpu(server.pid), children_cpu(), time.time()
                    system_before = children_system()
                    out = subprocess.run([binary, "harvest", "--endpoint", endpoint, "--metadata-prefix", "edm",
                                          "--store", target, "--quiet", "--payload-compression", compression],
                                         check=True, capture_output=True, text=True)
                    wall, cpu = time.time() - start, children_cpu() - cpu_before
                    got = sum(int(line.split("\t")[1]) + int(line.split("\t")[2]) for line in out.stdout.splitlines()[1:])
                    size = 0
                    for suffix in ("", "-wal", "-shm"):
                        if os.path.exists(target + suffix):
                            size += os.path.getsize(target + suffix) if suffix != "-shm" else 0
                            os.remove(target + suffix)
                    name = "Thresher, zstd payloads (default)" if compression == "zstd" else "Thresher, payloads as text (none)"
                    harvests[compression] = (name, got, wall, cpu, proc_cpu(server.pid) - server_before,
                                             children_system() - system_before, size)
                thresher, text = harvests["zstd"], harvests["none"]

                sickle = None
                if os.environ.get("SICKLE") != "0":  # SICKLE=0: the two Thresher harvests (and the floor) only
                    server_before, cpu_before, start = proc_cpu(server.pid), self_cpu(), time.time()
                    system_before = self_system()
                    count = 0
                    for record in Sickle(endpoint, max_retries=3).ListRecords(metadataPrefix="edm", ignore_deleted=False):
                        count += 1
                    wall, cpu = time.time() - start, self_cpu() - cpu_before
                    sickle = ("Sickle (parse only)", count, wall, cpu, proc_cpu(server.pid) - server_before,
                              self_system() - system_before)
                floor = None
                if os.environ.get("FLOOR"):
                    target = os.path.join(work, f"floor-{round_number}.sqlite")
                    server_before, cpu_before, start = proc_cpu(server.pid), children_cpu(), time.time()
                    system_before = children_system()
                    out = subprocess.run([os.environ["FLOOR"], endpoint, "edm", target], check=True,
                                         stdout=subprocess.PIPE, text=True)
                    wall, cpu = time.time() - start, children_cpu() - cpu_before
                    fields = out.stdout.split("\t")
                    if int(fields[0]) != got:
                        raise SystemExit(f"the floor read {fields[0]} records, Thresher {got}: not the same pages")
                    floor = ("Floor (libcurl+libxml2+SQLite, C)", int(fields[0]), wall, cpu,
                             proc_cpu(server.pid) - server_before, children_system() - system_before, float(fields[3]))
                    for suffix in ("", "-wal", "-shm"):
                        if os.path.exists(target + suffix):
                            os.remove(target + suffix)
                results.append((thresher, text, sickle, floor))
        finally:
            server.terminate()
            server.wait()

        print(f"# make bench-harvest: {records} generated EDM records, pages of {page_size}, "
              f"serve-oai on 127.0.0.1, {os.cpu_count()} cores, {rounds} alternating round(s)")
        print(f"{'client':38} {'records':>8} {'wall s':>7} {'records/s':>10} {'client CPU s/1k':>16} "
              f"{'of it system':>13} {'server CPU s':>13}")
        ratios = []
        budgets, floors, floor_sqlite = [], [], []
        for thresher, text, sickle, floor in results:
            for name, count, wall, cpu, server_cpu, system, *_ in [row for row in (thresher, text, sickle, floor) if row]:
                print(f"{name:38} {count:8d} {wall:7.1f} {count / wall:10.0f} {cpu / count * 1000:16.3f} "
                      f"{system / count * 1000:13.3f} {server_cpu:13.1f}")
            if sickle:
                ratios.append((sickle[3] / sickle[1]) / (thresher[3] / thresher[1]))
                budgets.append(sickle[3] / sickle[1] * 1000 / 6)
            if floor:
                floors.append(floor[3] / floor[1] * 1000)
                floor_sqlite.append(floor[6] / floor[1] * 1000)
        if ratios:
            print("Sickle uses " + ", ".join(f"{r:.1f}x" for r in ratios) + " Thresher's client CPU per record"
                  + (f" (median {statistics.median(ratios):.1f}x)" if len(ratios) > 1 else ""))
        print("compressed payloads against text, per round (client CPU per 1,000 records; bytes on disk per record):")
        cpu_ratios = []
        for number, (thresher, text, _, _) in enumerate(results, 1):
            zstd_cpu, text_cpu = thresher[3] / thresher[1] * 1000, text[3] / text[1] * 1000
            cpu_ratios.append(zstd_cpu / text_cpu)
            print(f"  round {number}: text {text_cpu:.4f} s, zstd {zstd_cpu:.4f} s ({(zstd_cpu / text_cpu - 1) * 100:+.1f}%); "
                  f"text {text[6] / text[1]:,.0f} B, zstd {thresher[6] / thresher[1]:,.0f} B "
                  f"(1/{text[6] / max(1, thresher[6]):.1f})")
        total = lambda rows, i: sum(row[i] for row in rows)
        texts, zstds = [r[1] for r in results], [r[0] for r in results]
        summed = (total(zstds, 3) / total(zstds, 1)) / (total(texts, 3) / total(texts, 1))
        print(f"  all rounds: zstd client CPU {(summed - 1) * 100:+.1f}% of text's"
              + (f" (median of rounds {(statistics.median(cpu_ratios) - 1) * 100:+.1f}%)" if len(cpu_ratios) > 1 else ""))
        if floors and budgets:
            print("1/6 of Sickle's CPU per 1,000 records: " + ", ".join(f"{b:.3f}" for b in budgets)
                  + " s; the floor's: " + ", ".join(f"{f:.3f}" for f in floors)
                  + " s (of it in SQLite: " + ", ".join(f"{f:.3f}" for f in floor_sqlite) + "), "
                  + ", ".join(f"{f / b:.0%}" for f, b in zip(floors, budgets)) + " of that budget")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
