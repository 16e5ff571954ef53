#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make run: what the series' suites showed, for a newcomer.

Usage: summary.py LOG

Reads the console log of a run and prints the benchmark lines the suites
print (kunit_info lines of the form "bench <table> <row>: <key> <value>
<unit>, ...") as one table per benchmark, with the suite results above.
"""
import re
import sys
from collections import OrderedDict

BENCH = re.compile(r'#\s*[\w.]*:?\s*bench (\S+) (.*?): (.*)$')
RESULT = re.compile(r'^(?:\[\s*\d+\.\d+\]\s?)?(ok|not ok) \d+ (\S+)')

TITLES = {
    'sg_from_xarray': 'sg table for 2 MiB of pages (512 indices): '
                      'sg_alloc_table_from_xarray() against copying the '
                      'pages to an array + sg_alloc_table_from_pages()',
    'bookkeeping': 'Bookkeeping of a 1 GiB object (bytes), sparse against '
                   'the dense page-array path on the same pages',
    'fault': 'Populate and DMA-map one 2 MiB chunk, sparse (GFP_NOWAIT) '
             'against the dense path',
    'heap_fault': 'Panfrost heap: one GPU fault through the whole handler '
                  '(populate, DMA-map and map a 2 MiB chunk), sparse heap '
                  'against the dense path of mainline',
    'heap_bookkeeping': 'Panfrost heap: bookkeeping of a 1 GiB heap (bytes), '
                        'sparse against the dense path on the same pages',
    'lima_growth': 'Lima heap: growth from the initial size to 64 MiB by '
                   'doubling through the GP recovery, sparse against the '
                   'dense path of mainline, and bookkeeping (bytes) at each '
                   'size',
    'ttm_backup': 'TTM pool backup and restore of a 256 MiB tt (32 MiB on a '
                  'KASAN kernel), copying and zero-copy paths on the same '
                  'pages, against memcpy() of the same bytes, medians',
}


def main():
    tables = OrderedDict()
    suites = []
    with open(sys.argv[1], errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = BENCH.search(line)
            if m:
                tables.setdefault(m.group(1), []).append(
                    (m.group(2), m.group(3)))
                continue
            m = RESULT.match(line)
            if m:
                suites.append((m.group(2), m.group(1)))
    print()
    print('What the suites showed')
    print('======================')
    for name, status in suites:
        print(f'  {name:<40} {"passed" if status == "ok" else "FAILED"}')
    for name, rows in tables.items():
        print()
        print(TITLES.get(name, name))
        print('-' * min(78, len(TITLES.get(name, name))))
        width = max(len(r[0]) for r in rows)
        for row, values in rows:
            print(f'  {row:<{width}}  {values}')
    if not tables:
        print('\n(no benchmark output found in the log)')


if __name__ == '__main__':
    main()
