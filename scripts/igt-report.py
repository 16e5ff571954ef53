#!/usr/bin/env python3
"""make igt: IGT results on the base and on the series, side by side.

    igt-report.py BASE.results SERIES.results DIFFERENCES BASE.log SERIES.log

A results file has one "NAME STATUS [...]" line per result (scripts/
igt-init.sh's IGT-RESULT lines).  DIFFERENCES lists the expected
differences, one per line: "NAME BASE-STATUS SERIES-STATUS explanation".

Exits non-zero when a result differs without an entry in DIFFERENCES (or
an entry no longer matches; "*" for a status matches any, for a result
that varies from run to run on either kernel), when a run produced no results, or when the
series' kernel log has a kernel report (KASAN, lockdep, BUG, WARNING,
Oops) that the base's does not.
"""
import re
import sys

# A kernel report starts a console line (after the timestamp, if any);
# IGT's own log lines ("... DEBUG: ...") do not count.
REPORT = re.compile(r'^(?:\[[ 0-9.]+\] )?'
                    r'(BUG: [^\n]*|WARNING: [^\n]*? at [\w.]+|'
                    r'INFO: possible [^\n]*|Oops[^\n]*|'
                    r'kernel BUG at [^\n]*|ODEBUG: [^\n]*)')
BAD = {'FAIL', 'CRASH', 'TIMEOUT', 'INCOMPLETE', 'NOTFOUND'}


def results(path):
    res = {}
    try:
        with open(path, errors='replace') as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    res[parts[0]] = parts[1]
    except FileNotFoundError:
        pass
    return res


def reports(path):
    found = []
    try:
        with open(path, errors='replace') as f:
            for line in f:
                m = REPORT.search(line)
                if m:
                    r = re.sub(r'\+0x[0-9a-f]+/0x[0-9a-f]+', '', m.group(1))
                    r = re.sub(r'\[[ 0-9.]+\]', '', r).strip()
                    if r not in found:
                        found.append(r)
    except FileNotFoundError:
        pass
    return found


def main():
    base, series = results(sys.argv[1]), results(sys.argv[2])
    expected = {}
    with open(sys.argv[3]) as f:
        for line in f:
            line = line.split('#', 1)[0].strip() if line.startswith('#') \
                else line.strip()
            if not line:
                continue
            name, b, s, why = (line.split(None, 3) + [''])[:4]
            expected[name] = (b, s, why)

    names = sorted(set(base) | set(series))
    width = max([len(n) for n in names] + [10])
    problems = []
    print(f'{"IGT result":<{width}}  {"base":<10} {"series":<10}')
    same = diff = 0
    for n in names:
        b, s = base.get(n, '-'), series.get(n, '-')
        note = ''
        if b == s:
            same += 1
            if s in BAD:
                note = 'fails on both (not the series)'
            if n in expected:
                note = 'expected: ' + expected[n][2]
        else:
            diff += 1
            e = expected.get(n)
            if e and e[0] in (b, '*') and e[1] in (s, '*'):
                note = 'expected: ' + e[2]
            else:
                note = 'UNEXPLAINED DIFFERENCE'
                problems.append(f'{n}: base {b}, series {s}')
        print(f'{n:<{width}}  {b:<10} {s:<10} {note}')
    for n, (b, s, why) in sorted(expected.items()):
        got = (base.get(n, '-'), series.get(n, '-'))
        if n not in names or b not in (got[0], '*') or s not in (got[1], '*'):
            problems.append(f'{n}: listed in igt/differences as {b} -> {s},'
                            f' but it is {base.get(n, "-")} -> '
                            f'{series.get(n, "-")}')
    if not base or not series:
        problems.append('a run produced no results')

    rb, rs = reports(sys.argv[4]), reports(sys.argv[5])
    for r in rb:
        print(f'  base kernel report: {r}')
    for r in rs:
        print(f'  series kernel report: {r}')
        if r not in rb:
            problems.append(f'kernel report on the series only: {r}')

    print(f'igt: {len(names)} results, {same} the same, {diff} different')
    for p in problems:
        print(f'!!! {p}')
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
