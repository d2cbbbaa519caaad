"""Sickle's parse of one ListRecords page, offline: what `Sickle.ListRecords` does with each page it fetches
(three lxml parses of the page: error check, resumption token, records; then a Record per record).

Usage: Benchmarks/.venv-sickle/bin/python Benchmarks/peers/sickle_parse_page.py PAGE.xml [ROUNDS]
Prints CPU µs per record (the page's records, ROUNDS times).
"""
import resource
import sys

from lxml import etree
from sickle.models import Record
from sickle.response import XMLParser

OAI = "{http://www.openarchives.org/OAI/2.0/}"


def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    data = open(sys.argv[1], "rb").read()
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    start, count = cpu(), 0
    for _ in range(rounds):
        etree.XML(data, parser=XMLParser).find(".//" + OAI + "error")
        etree.XML(data, parser=XMLParser).find(".//" + OAI + "resumptionToken")
        for item in etree.XML(data, parser=XMLParser).iterfind(".//" + OAI + "record"):
            Record(item)
            count += 1
    print(f"Sickle 0.7.0, offline parse of {sys.argv[1]}: {(cpu() - start) / count * 1e6:.1f} µs CPU per record "
          f"({len(data) * rounds / count / 1000:.1f} KB per record)")


if __name__ == "__main__":
    main()
