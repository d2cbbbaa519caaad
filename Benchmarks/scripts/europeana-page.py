"""A ListRecords page of N copies of a real Europeana EDM record (identifiers varied), for HarvestBench's PAGE=.

Usage: europeana-page.py OUTPUT [COPIES]   (the record: Tests/Fixtures/edm/oai-pmh-xml/2048081__O_532.xml)
Then:  PAGE=OUTPUT ONLY=onepass Benchmarks/.build/release/HarvestBench 5000
"""
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
source = os.path.join(here, "..", "..", "Tests", "Fixtures", "edm", "oai-pmh-xml", "2048081__O_532.xml")
text = open(source, encoding="utf-8").read()
record = re.search(r"<record>.*</record>", text, re.S).group(0)
head = text[:text.index("<GetRecord>")].replace('verb="GetRecord"', 'verb="ListRecords"')
copies = int(sys.argv[2]) if len(sys.argv) > 2 else 250
parts = [head, "<ListRecords>"]
parts += [record.replace("_O_532", "_O_%d" % n) for n in range(copies)]
parts.append('<resumptionToken cursor="0" completeListSize="%d">next</resumptionToken></ListRecords></OAI-PMH>' % (copies * 4))
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("".join(parts))
