#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a KUnit console log from scripts/boot.sh.

Usage: report.py KUNIT_PY LOG EXPECTED_SUITES_FILE [--verbose]
                 [--extra NAME:PASSED:FAILED ...]

--extra adds the result of a test run outside the VM (the userspace
scatterlist test) to the table and the totals.

Prints each suite's result and ends with "N passed, N failed, N skipped".
Exits non-zero on a failed or crashed test, an expected suite that did not
run, no test at all, a boot that did not finish (crash, hang), or a kernel
report (KASAN, lockdep, BUG, WARNING, Oops, debugobjects, an object
kmemleak found unreferenced after the tests, or kmemleak turning itself off)
in the log.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

PREFIX = r'^(?:\[\s*\d+\.\d+\]\s?)?'
RESULT = re.compile(PREFIX + r'(not ok|ok) (\d+)( .*)$')
REPORTS = re.compile(PREFIX + r'('
                     r'BUG: |WARNING: |INFO: possible|INFO: trying to|INFO: task |'
                     r'Oops|Kernel panic|kernel BUG at|ODEBUG: |'
                     r'UBSAN: |Unable to handle kernel|general protection fault|'
                     r'workbench: kmemleak: scan failed|'
                     r'kmemleak: Kernel memory leak detector disabled)')


def renumber(lines):
    """Each debugfs run of a suite restarts the suite number at 1: number
    the top-level results 1..N again so that kunit.py parse reads them."""
    out, n = [], 0
    for line in lines:
        m = RESULT.match(line)
        if m:
            n += 1
            line = f'{m.group(1)} {n}{m.group(3)}'
        out.append(line)
    return out


KMEMLEAK = 'workbench: kmemleak: '
FRAME = re.compile(r'^\s+([\w.]+)\+0x')


def check_leaks(lines, expected_file, problems):
    """kmemleak's report, copied to the log by /init after the tests: each
    unreferenced object is a problem, unless a function of its allocation
    backtrace is listed in kunit/expected-leaks (upstream test code that
    leaks).  Returns (objects, objects allowed)."""
    allow_file = os.path.join(os.path.dirname(expected_file),
                              'expected-leaks')
    allowed = set()
    if os.path.exists(allow_file):
        with open(allow_file) as f:
            allowed = {l.split('#')[0].strip() for l in f} - {''}
    objs = []
    for line in lines:
        if KMEMLEAK not in line:
            continue
        text = line.split(KMEMLEAK, 1)[1].rstrip()
        if text.startswith('unreferenced object'):
            objs.append([text, []])
        elif objs:
            m = FRAME.match(text)
            if m:
                objs[-1][1].append(m.group(1))
    known = 0
    for hdr, frames in objs:
        if allowed.intersection(frames):
            known += 1
            continue
        problems.append(f'kmemleak: {hdr}, allocated at '
                        f'{" < ".join(frames[:8])}')
    return len(objs), known


def main():
    kunit_py, log, expected_file = sys.argv[1:4]
    verbose = '--verbose' in sys.argv[4:]
    extras = [a.split(':') for i, a in enumerate(sys.argv[4:], 4)
              if sys.argv[i - 1] == '--extra']
    with open(log, errors='replace') as f:
        lines = f.read().splitlines()
    with open(expected_file) as f:
        expected = [l.split('#')[0].strip() for l in f]
    expected = [e for e in expected if e]
    problems = []

    if not any('workbench: done' in l for l in lines):
        if any('workbench: TIMEOUT' in l for l in lines):
            problems.append('the VM hung: QEMU was stopped by the timeout')
        else:
            problems.append('the VM did not finish its run (crash or panic)')
    allowed = []
    allow_file = os.path.join(os.path.dirname(expected_file),
                              'expected-warnings')
    if os.path.exists(allow_file):
        with open(allow_file) as f:
            allowed = [l.split('#')[0].strip() for l in f]
        allowed = [a for a in allowed if a]
    n_allowed = 0
    for i, line in enumerate(lines):
        if not REPORTS.match(line):
            continue
        m = re.search(r'WARNING: .* at ([\w.]+)\+', line)
        if m and m.group(1) in allowed:
            n_allowed += 1
            continue
        problems.append(f'kernel report in the log, line {i + 1}: '
                        f'{line.strip()}')
    if n_allowed:
        print(f'  ({n_allowed} WARNINGs that suites trigger on purpose, '
              f'listed in kunit/expected-warnings)')
    n_leaks, n_known = check_leaks(lines, expected_file, problems)
    if n_known:
        print(f'  ({n_known} unreferenced objects that upstream test code '
              f'leaks, listed in kunit/expected-leaks)')
    if any('workbench: no swap' in l for l in lines):
        problems.append('the VM has no swap')

    with tempfile.TemporaryDirectory() as tmp:
        ktap = os.path.join(tmp, 'ktap.log')
        js = os.path.join(tmp, 'result.json')
        with open(ktap, 'w') as f:
            f.write('\n'.join(renumber(lines)) + '\n')
        p = subprocess.run([sys.executable, kunit_py, 'parse', f'--json={js}',
                            ktap], capture_output=True, text=True)
        if verbose:
            print(p.stdout, end='')
        try:
            with open(js) as f:
                result = json.load(f)
        except (OSError, ValueError):
            result = {'sub_groups': [], 'test_cases': []}
            problems.append('kunit.py parse produced no result')

    passed = failed = skipped = 0
    seen = set()
    for suite in result.get('sub_groups', []):
        c = suite['misc']
        seen.add(suite['name'])
        bad = c['failed'] + c['crashed']
        passed += c['passed']
        failed += bad
        skipped += c['skipped']
        status = 'FAILED' if bad or c['errors'] else 'ok'
        print(f"  {suite['name']:<40} {c['passed']:4d} passed "
              f"{bad:4d} failed {c['skipped']:4d} skipped   {status}")
        if bad:
            problems.append(f"suite {suite['name']}: {bad} failed")
            for t in iter_cases(suite):
                if t[1] not in ('PASS', 'SKIP'):
                    print(f'      {t[1]}: {t[0]}')
    for name, p_, f_ in extras:
        p_, f_ = int(p_), int(f_)
        passed += p_
        failed += f_
        print(f"  {name:<40} {p_:4d} passed {f_:4d} failed {0:4d} skipped   "
              f"{'FAILED' if f_ else 'ok'}")
        if f_:
            problems.append(f'suite {name}: {f_} failed')
        if p_ + f_ == 0:
            problems.append(f'{name}: no test ran')
    for e in expected:
        if e not in seen:
            problems.append(f'expected suite {e} did not run')
    if passed + failed + skipped == 0:
        problems.append('no test ran')
    # A problem outside the tests (a kernel report, a missing suite, a
    # crash) counts as one failure each, so that the closing line of a
    # broken run never reads "0 failed".
    for p in problems:
        print(f'!!! {p}')
        if not p.startswith('suite '):
            failed += 1
    print(f'{passed} passed, {failed} failed, {skipped} skipped')
    return 1 if problems else 0


def iter_cases(group, prefix=''):
    for t in group.get('test_cases', []):
        yield (prefix + t['name'], t['status'])
    for g in group.get('sub_groups', []):
        yield from iter_cases(g, prefix + g['name'] + '.')


if __name__ == '__main__':
    sys.exit(main())
