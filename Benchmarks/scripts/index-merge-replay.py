#!/usr/bin/env python3
"""Replay of tail -> index merge policies on SQLite (WAL), counting WAL frames.

usage: replay.py POLICY N [--snap N1,N2,...] [--db PATH] [--seed S]
       replay.py scan ROWS [--db PATH] [--seed S]
"""
import argparse, json, os, random, sqlite3, sys, time

PAGE = 65536
FRAME = PAGE + 24
REC_PER_PAGE = 250
SETS = ["set_a", "set_b", "set_c", "set_d"]
T0 = 1262304000  # 2010-01-01T00:00:00Z
T1 = 1767225600  # 2026-01-01T00:00:00Z

POLICIES = {
    "A": lambda ix: 16384,
    "B": lambda ix: max(16384, min(ix // 8, 1048576)),
    "C": lambda ix: max(16384, min(ix // 4, 1048576)),
}

SCHEMA = """
CREATE TABLE datestamp_index (metadata_prefix TEXT NOT NULL, datestamp_utc TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (metadata_prefix, datestamp_utc, seq)) WITHOUT ROWID;
CREATE TABLE datestamp_tail (seq INTEGER PRIMARY KEY, metadata_prefix TEXT NOT NULL, datestamp_utc TEXT NOT NULL);
CREATE TABLE record_sets (seq INTEGER NOT NULL, set_spec TEXT NOT NULL, PRIMARY KEY (seq, set_spec)) WITHOUT ROWID;
CREATE TABLE set_index (set_spec TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (set_spec, seq)) WITHOUT ROWID;
CREATE TABLE index_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_through INTEGER NOT NULL);
INSERT INTO index_state VALUES (1, 0);
"""


def open_db(path):
    for suf in ("", "-wal", "-shm"):
        try:
            os.remove(path + suf)
        except FileNotFoundError:
            pass
    con = sqlite3.connect(path, isolation_level=None)
    con.execute(f"PRAGMA page_size={PAGE}")
    assert con.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    con.execute("PRAGMA cache_size=-65536")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.executescript(SCHEMA)
    assert con.execute("PRAGMA page_size").fetchone()[0] == PAGE
    return con


def utc_gen(rng):
    gm = time.gmtime
    while True:
        t = gm(rng.randrange(T0, T1))
        yield "%04d-%02d-%02dT%02d:%02d:%02dZ" % t[:6]


def run(policy, N, snaps, dbpath, seed):
    thr = POLICIES[policy]
    con = open_db(dbpath)
    rng = random.Random(seed)
    ug = utc_gen(rng)
    st = dict(frames_total=0, frames_merge=0, frames_nonmerge=0, frames_setup=0,
              merges=0, max_tail=0, merge_wall=0.0, merge_cpu=0.0,
              merge_commit_wall=0.0, merge_commit_cpu=0.0,
              ckpt_wall=0.0, ckpt_cpu=0.0, busy_ckpts=0)
    merge_log = []

    def ckpt(bucket):
        w, c = time.perf_counter(), time.process_time()
        # TRUNCATE reports (0,0,0) after it resets the log (SQLite 3.40), so read the
        # frame count with a PASSIVE checkpoint first, cross-check with WAL file size,
        # then TRUNCATE.
        walsz = os.path.getsize(dbpath + "-wal") if os.path.exists(dbpath + "-wal") else 0
        busy, log, done = con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        fsz_frames = (walsz - 32) // FRAME if walsz else 0
        if fsz_frames != log:
            st["size_mismatch"] = st.get("size_mismatch", 0) + 1
        b2, l2, d2 = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        busy |= b2
        st["ckpt_wall"] += time.perf_counter() - w
        st["ckpt_cpu"] += time.process_time() - c
        if busy or log != done:
            st["busy_ckpts"] += 1
        st["frames_total"] += log
        st[bucket] += log
        return log

    ckpt("frames_setup")  # schema creation frames, not counted in merge/nonmerge
    st["frames_total"] = 0

    ins_tail = "INSERT INTO datestamp_tail (seq, metadata_prefix, datestamp_utc) VALUES (?, 'edm', ?)"
    ins_rs = "INSERT INTO record_sets (seq, set_spec) VALUES (?, ?)"
    m1 = ("INSERT OR IGNORE INTO datestamp_index (metadata_prefix, datestamp_utc, seq) "
          "SELECT metadata_prefix, datestamp_utc, seq FROM datestamp_tail ORDER BY 1, 2, 3")
    m2 = "DELETE FROM datestamp_tail"
    m3 = ("INSERT OR IGNORE INTO set_index (set_spec, seq) SELECT set_spec, seq FROM record_sets "
          "WHERE seq > :indexed ORDER BY 1, 2")
    m4 = "UPDATE index_state SET indexed_through = :last WHERE id = 1"

    indexed = 0
    n = 0
    commits = 0
    results = []
    snaps = sorted(set(snaps) | {N})
    wall0, cpu0 = time.perf_counter(), time.process_time()
    page = 0
    while n < N:
        lo = n + 1
        hi = min(n + REC_PER_PAGE, N)
        will_merge = (hi - indexed) >= thr(indexed)
        if will_merge:
            ckpt("frames_nonmerge")
        s = SETS[page % 4]
        seqs = range(lo, hi + 1)
        con.execute("BEGIN")
        con.executemany(ins_tail, [(q, next(ug)) for q in seqs])
        con.executemany(ins_rs, [(q, s) for q in seqs])
        n = hi
        if (n - indexed) >= thr(indexed):
            assert will_merge
            tail = con.execute("SELECT count(*) FROM datestamp_tail").fetchone()[0]
            assert tail == n - indexed, (tail, n, indexed)
            st["max_tail"] = max(st["max_tail"], tail)
            w, c = time.perf_counter(), time.process_time()
            con.execute(m1)
            con.execute(m2)
            con.execute(m3, {"indexed": indexed})
            con.execute(m4, {"last": n})
            dw, dc = time.perf_counter() - w, time.process_time() - c
            st["merge_wall"] += dw
            st["merge_cpu"] += dc
            w, c = time.perf_counter(), time.process_time()
            con.execute("COMMIT")
            cw, cc = time.perf_counter() - w, time.process_time() - c
            st["merge_commit_wall"] += cw
            st["merge_commit_cpu"] += cc
            commits += 1
            fr = ckpt("frames_merge")
            st["merges"] += 1
            merge_log.append(dict(at=n, indexed_before=indexed, tail=tail, frames=fr,
                                  stmt_wall=round(dw, 3), commit_wall=round(cw, 3)))
            indexed = n
        else:
            assert not will_merge
            con.execute("COMMIT")
            commits += 1
        if commits % 40 == 0:
            ckpt("frames_nonmerge")
        page += 1
        if n in snaps:
            ckpt("frames_nonmerge")  # "final" checkpoint for this N
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            r = dict(policy=policy, N=n, **st, wall=wall, cpu=cpu,
                     wal_bytes=st["frames_total"] * FRAME,
                     wal_bytes_per_rec=st["frames_total"] * FRAME / n,
                     merge_wal_bytes=st["frames_merge"] * FRAME,
                     nonmerge_wal_bytes=st["frames_nonmerge"] * FRAME,
                     merge_wal_bytes_per_rec=st["frames_merge"] * FRAME / n,
                     nonmerge_wal_bytes_per_rec=st["frames_nonmerge"] * FRAME / n,
                     tail_now=n - indexed, indexed_through=indexed,
                     db_bytes=os.path.getsize(dbpath))
            results.append(r)
            print(json.dumps(r), flush=True)
    con.close()
    return results, merge_log


def scan(rows, dbpath, seed, reps=5):
    con = open_db(dbpath)
    rng = random.Random(seed)
    ug = utc_gen(rng)
    con.execute("BEGIN")
    B = 50000
    for lo in range(1, rows + 1, B):
        con.executemany("INSERT INTO datestamp_tail (seq, metadata_prefix, datestamp_utc) VALUES (?, 'edm', ?)",
                        [(q, next(ug)) for q in range(lo, min(lo + B, rows + 1))])
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    q = ("SELECT seq FROM datestamp_tail WHERE metadata_prefix='edm' AND "
         "datestamp_utc >= '2015-01-01T00:00:00Z' AND datestamp_utc <= '2015-06-30T23:59:59Z'")
    out = []
    for i in range(reps):
        con = sqlite3.connect(dbpath, isolation_level=None)  # fresh connection => cold page cache
        con.execute("PRAGMA cache_size=-65536")
        w, c = time.perf_counter(), time.process_time()
        res = con.execute(q).fetchall()
        out.append(dict(wall=time.perf_counter() - w, cpu=time.process_time() - c, hits=len(res)))
        con.close()
    plan = sqlite3.connect(dbpath).execute("EXPLAIN QUERY PLAN " + q).fetchall()
    r = dict(rows=rows, db_bytes=os.path.getsize(dbpath), plan=[p[-1] for p in plan], runs=out)
    print(json.dumps(r), flush=True)
    return r


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("policy")
    ap.add_argument("N", type=int)
    ap.add_argument("--snap", default="")
    ap.add_argument("--db", default=None)
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    db = a.db or f"/tmp/mergeexp/{a.policy}.db"
    if a.policy == "scan":
        r = scan(a.N, db, a.seed)
        res = dict(scan=r)
    else:
        snaps = [int(x) for x in a.snap.split(",") if x]
        results, mlog = run(a.policy, a.N, snaps, db, a.seed)
        res = dict(results=results, merges=mlog)
    if a.out:
        with open(a.out, "w") as f:
            json.dump(res, f, indent=1)
